"""A promise handled on one branch only, outside browser code: ``const p = deploy(app)`` and then
``if (!detached) return p`` (or ``if (wait) { await p }``, ``else { p.then(...).catch(...) }``),
with no other use of ``p``. On the other branch nobody awaits it or catches it, so a failure there
is an unhandled rejection (since Node 15 it ends the process) or is lost without a trace. Not a call
that returns a plain value (``const id = crypto.randomUUID()``, then ``if (done) return id``;
``ecosystem/values``: cdp-self-service-ops, round 17, judged not worth asking)."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.error_handling.facts import ID
from vcx_hook.checks.error_handling.facts import QUESTION
from vcx_hook.checks.error_handling.facts import short
from vcx_hook.ecosystem import runtime
from vcx_hook.ecosystem import values
from vcx_hook.finding import LOW
from vcx_hook.finding import Finding
from vcx_hook.lang import flow
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.lazyre import GAP
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_HANDLERS = frozenset((b'then', b'catch', b'finally'))
_KEYWORDS = frozenset(('await', 'return'))
# What may follow a keyword whose value is a bare identifier (`await p`, `return p;`): a name that
# no `.`, `(`, `[` or template continues.  Most `return`s are not looked up in the tree.
_NAME_AFTER = lazyre.compile(
    GAP + rb'[A-Za-z_$\x80-\xff\\][\w$\x80-\xff\\]*(?![\w$\x80-\xff\\])\s*(?![\s.(\[`])')
_KEYWORD_WORDS = frozenset(k.encode() for k in _KEYWORDS)
_BRANCHES = frozenset(('consequence', 'alternative'))


def possible(scope: Scope) -> bool:
    text = scope.text
    return scope.holds(b'if') and (scope.holds(b'await') or scope.holds(b'return') or scope.holds(b'then')
                                   and b'.then' in text or scope.holds(b'catch') and b'.catch' in text) \
        and not runtime.is_browser(scope.file)


def findings(scope: Scope) -> Iterator[Finding]:
    if not possible(scope):
        return
    seen: set[int] = set()
    for handled in _handled_names(scope):
        found = _one_branch(scope, handled)
        if found is None or found[0].start_byte in seen:
            continue
        declarator, branch = found
        seen.add(declarator.start_byte)
        name = s.text(declarator.child_by_field_name('name'))
        condition = branch.child_by_field_name('condition')
        yield scope.finding(
            declarator, ID,
            f'`{name}` (`{short(declarator.child_by_field_name("value"), 36)}`) is awaited or given a `.catch()` '
            f'only on one branch of `if {short(condition, 30) if condition is not None else ""}`: on the other, '
            'nothing handles its rejection', QUESTION, evidence=(branch,), confidence=LOW)


def _handled_names(scope: Scope) -> Iterator[Node]:
    """Identifiers handled as a promise: ``await p``, ``return p``, ``p.then(...)``/``.catch``/``.finally``."""
    for node in scope.named(_HANDLERS):
        member = s.parent_of(node)
        if node.type == 'property_identifier' and member is not None and member.type == 'member_expression':
            obj = member.child_by_field_name('object')
            call = s.parent_of(member)
            if obj is not None and obj.type == 'identifier' and call is not None and call.type == 'call_expression':
                yield obj
    for keyword in scope.file.named(_KEYWORD_WORDS, scope.ranges, _KEYWORDS, _NAME_AFTER):
        statement = s.parent_of(keyword)
        if statement is None:
            continue
        value = next((c for c in statement.named_children if c.type != 'comment'), None)
        if value is not None and value.type == 'identifier':
            yield value


def _one_branch(scope: Scope, handled: Node) -> tuple[Node, Node] | None:
    """(the declarator, the ``if`` statement) when ``handled`` names a ``const``/``let`` bound to an
    unawaited call, handled as a promise, and every reference of it is inside one branch of one
    ``if`` statement that follows the declaration in the same function."""
    if not _as_promise(handled) or not _in_a_branch(handled):
        return None  # cheap tests first: most handled names are in no `if` branch, and flow costs
    fl = flow.of(scope.file, handled)
    bindings = fl.bindings_of(handled)
    if len(bindings) != 1 or bindings[0].kind != 'declaration' or bindings[0].value is None:
        return None
    binding = bindings[0]
    declarator = s.parent_of(binding.node)
    value = binding.value
    if declarator is None or declarator.type != 'variable_declarator' or value is None or value.type != 'call_expression':
        return None
    if any(s.callee_name(c) in ('catch', 'then') for c in s.chain_calls(value)):
        return None  # handled where it is made
    if values.plain(value, scope.file):
        return None  # `crypto.randomUUID()`, `uuid()`: a value returned on one branch, no promise
    if not _as_promise(handled) or _settles_quietly(value):
        return None
    refs = fl.references(binding)
    if not all(_promise_use(r) for r in refs):
        return None  # read as a value too (`user.name`, `save(user)`): not a promise
    branch = _branch_of(handled, binding.statement)
    if branch is None or not all(_within(r, branch[1]) for r in refs):
        return None
    return declarator, branch[0]


def _promise_use(ref: Node) -> bool:
    """``await p``, ``return p``, ``p.then(...)``/``.catch``/``.finally``, ``Promise.all([p])``."""
    parent = s.parent_of(ref)
    if parent is None:
        return False
    if parent.type in ('await_expression', 'return_statement'):
        return True
    if parent.type == 'member_expression':
        return s.text(parent.child_by_field_name('property')) in ('then', 'catch', 'finally')
    array = parent if parent.type == 'array' else None
    args = s.parent_of(array) if array is not None else parent
    call = s.parent_of(args) if args is not None and args.type == 'arguments' else None
    return call is not None and s.callee_path(call).startswith('Promise.')


def _settles_quietly(value: Node) -> bool:
    """An async IIFE whose whole body is a try/catch: it does not reject."""
    fn = s.unwrap(s.callee(value)) if s.callee(value) is not None else None
    body = s.function_body(fn) if fn is not None and fn.type in s.FUNCTION_TYPES else None
    if body is None:
        return False
    statements = [c for c in body.named_children if c.type != 'comment']
    return len(statements) == 1 and statements[0].type == 'try_statement' \
        and statements[0].child_by_field_name('handler') is not None


def _as_promise(handled: Node) -> bool:
    """``await p``, ``p.then``/``.catch``, or ``return p`` from an async function or a ``.then`` callback."""
    parent = s.parent_of(handled)
    if parent is None or parent.type != 'return_statement':
        return True
    fn = s.enclosing_function(parent)
    if fn is None:
        return False
    if s.is_async(fn):
        return True
    args = s.parent_of(fn)
    call = s.parent_of(args) if args is not None and args.type == 'arguments' else None
    return call is not None and s.callee_name(call) == 'then'


def _in_a_branch(node: Node) -> bool:
    """Whether ``node`` is in a branch of an ``if`` statement of its own function (what
    ``_branch_of`` needs, whatever the declaration)."""
    child = node
    for up in s.ancestors(node):
        if up.type in s.FUNCTION_TYPES:
            return False
        if up.type == 'if_statement' and any(
                (part := up.child_by_field_name(field)) is not None and _within(child, part) for field in _BRANCHES):
            return True
        child = up
    return False


def _branch_of(node: Node, statement: Node) -> tuple[Node, Node] | None:
    """The nearest ``if`` statement around ``node`` that does not hold ``statement``, and the branch
    (consequence or ``else`` clause) ``node`` is in; None across a function boundary."""
    child = node
    for up in s.ancestors(node):
        if up.type in s.FUNCTION_TYPES:
            return None
        if up.type == 'if_statement' and not _within(statement, up):
            for field in _BRANCHES:
                part = up.child_by_field_name(field)
                if part is not None and _within(child, part):
                    return up, part
            return None
        child = up
    return None


def _within(node: Node, outer: Node) -> bool:
    return outer.start_byte <= node.start_byte and node.end_byte <= outer.end_byte
