"""race-condition's module state set by a factory: a function that assigns a module-level ``let``
or ``var`` from its own parameter (``allowed = _.clone(allowedCards)``) and returns an object of
functions that read it (``return { checkCard: checkCard }``, ``checkCard`` reading ``allowed``).
Each call makes a new object, but every object reads the one variable the latest call set: a
request served with an object made earlier checks against another request's values (pay-frontend's
card model, each request's allowed card types; a real bug of holdout9).  The values belong in the
factory's closure or are passed to each call.  Not asked where the assignment runs only while the
variable is unset (``if (!tokenizer) tokenizer = await load(model)``): a value cached once."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.race_condition.nodes import is_left
from vcx_hook.checks.race_condition.shared_options import declares_let
from vcx_hook.checks.race_condition.shared_options import module_lets
from vcx_hook.finding import LOW
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

# Not judged on held-out code: found for recall (issue 18: shared mutable state).
CONFIDENCE = LOW


def possible(scope: Scope) -> bool:
    return b'return' in scope.text and scope.file.fact(declares_let)


def find(scope: Scope) -> Iterator[tuple[Node, str, tuple[Node, ...]]]:
    """(read, message, (assignment,)) for each module variable a factory sets from its parameter
    and a function it returns reads; asked at the read, or at the assignment where the scope holds
    only that."""
    if not possible(scope):
        return
    file = scope.file
    lets = file.memo('race-condition.module-lets', module_lets)
    if not lets:
        return
    for ident in file.named(frozenset(n.encode() for n in lets), ((0, len(file.source)),)):
        assignment = s.parent_of(ident)
        if assignment is None or assignment.type != 'assignment_expression' or not is_left(assignment, ident):
            continue
        factory = s.enclosing_function(assignment)
        if factory is None or not _from_parameter(assignment, factory) or _module_binding(ident) is None \
                or _lazy(assignment, factory, s.text(ident)):
            continue
        read = _read_by_returned(file, factory, s.text(ident), _module_binding(ident))
        if read is None:
            continue
        node = read if scope.contains(read) else assignment if scope.contains(assignment) else None
        if node is not None:
            name = s.function_name(factory) or 'the factory'
            yield node, (
                f'`{s.text(ident)}` is module state that `{name}` (line {assignment.start_point.row + 1}) sets on '
                f'every call, and the functions it returns read it (line {read.start_point.row + 1}): an object made '
                'by an earlier call sees the latest call\'s value (keep it in the closure?)'
            ), (assignment,)


def _lazy(assignment: Node, factory: Node, name: str) -> bool:
    """Set only where it was not yet (``if (!tokenizer) tokenizer = await load(model)``): a value made
    once and cached, not set on every call."""
    for a in s.ancestors(assignment):
        if a == factory:
            return False
        condition = a.child_by_field_name('condition') if a.type in ('if_statement', 'ternary_expression') else None
        if condition is not None and any(s.text(i) == name for i in s.identifiers(condition)):
            return True
    return False


def _module_binding(ident: Node) -> Node | None:
    """The top-level declarator ``ident`` is bound to (not a local or a parameter of the same name)."""
    decl = s.declaration(ident)
    return decl if decl is not None and s.enclosing_function(decl) is None else None


def _from_parameter(assignment: Node, factory: Node) -> bool:
    params = set(s.parameter_names(factory)) - {''}
    right = assignment.child_by_field_name('right')
    return bool(params) and right is not None and any(s.text(i) in params for i in s.identifiers(right))


def _read_by_returned(file: File, factory: Node, name: str, binding: Node) -> Node | None:
    """A read of ``name`` (bound to ``binding``) in a function the factory returns in an object literal."""
    for ret in s.own_nodes(factory, frozenset(('return_statement',))):
        obj = next((c for c in ret.named_children if c.type == 'object'), None)
        for value in _values(obj):
            fn = _function_of(value)
            if fn is None or fn == factory:
                continue
            for ident in s.identifiers(s.function_body(fn)):
                if s.text(ident) == name and not is_left(s.parent_of(ident), ident) \
                        and s.declaration(ident) == binding:
                    return ident
    return None


def _values(obj: Node | None) -> list[Node]:
    out = []
    for part in obj.named_children if obj is not None else []:
        if part.type == 'pair' and part.child_by_field_name('value') is not None:
            out.append(part.child_by_field_name('value'))
        elif part.type == 'shorthand_property_identifier':
            out.append(part)
    return out


def _function_of(value: Node) -> Node | None:
    """The function a returned value is: inline, or a name declared as one (``var checkCard = function``)."""
    if value.type in s.FUNCTION_TYPES:
        return value
    if value.type not in ('identifier', 'shorthand_property_identifier'):
        return None
    decl = s.declaration(value) if value.type == 'identifier' else None
    if decl is not None and decl.type == 'variable_declarator':
        init = decl.child_by_field_name('value')
        return init if init is not None and init.type in s.FUNCTION_TYPES else None
    root = value
    while s.parent_of(root) is not None:
        root = s.parent_of(root)
    name = s.text(value)
    for stmt in root.named_children:
        if stmt.type == 'function_declaration' and s.text(stmt.child_by_field_name('name')) == name:
            return stmt
        for d in stmt.named_children if stmt.type in ('lexical_declaration', 'variable_declaration') else []:
            init = d.child_by_field_name('value') if d.type == 'variable_declarator' else None
            if s.text(d.child_by_field_name('name')) == name and init is not None and init.type in s.FUNCTION_TYPES:
                return init
    return None


