"""race-condition's shared request options: a module-level ``let`` (``let options = null;`` at the
top of a controller) that functions assign per call (``options = common.getOptions(req)``), given
this call's values field by field (``options.url = base + '/v1/node/' +
peer.pub_key``) and then handed to an asynchronous call (``return request(options).then(...)``,
``await fetch(url, options)``).  Every call of every request shares the one object: a concurrent
call sets its own ``url`` or body between this one's writes and the request that reads them, and
this request goes to the other's address.  A copy per call (``{ ...options, url }``) or a local
``const`` keeps them apart."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.race_condition.nodes import is_left
from vcx_hook.checks.race_condition.nodes import same
from vcx_hook.finding import LOW
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

# Not yet judged on held-out code: found for recall, not listed (--show low).
CONFIDENCE = LOW
LET = lazyre.compile(rb'(?:export\s+)?(?:let|var)\s')
# The same after a line's end: the engine scans for the newline, where `(?m)^` is tried at every byte.
_LINE_LET = lazyre.compile(rb'\n(?:export\s+)?(?:let|var)\s')


def possible(scope: Scope) -> bool:
    return (b'.then(' in scope.text or b'await' in scope.text) and scope.file.fact(declares_let)


def declares_let(file: File) -> bool:
    """A line of the file starts a ``let``/``var`` declaration (asked by every scope: once a file)."""
    return LET.match(file.source) is not None or _LINE_LET.search(file.source) is not None


def module_lets(file: File) -> frozenset[str]:
    """Names a top-level ``let``/``var`` declares (not a ``const``: one binding, fixed) that a
    function of the file assigns a whole new value (``options = common.getOptions(req)``): state
    made per call, not a configuration set once."""
    out = set()
    for stmt in file.tree.root.named_children:
        decl = stmt.child_by_field_name('declaration') if stmt.type == 'export_statement' else stmt
        if decl is None or decl.type not in ('lexical_declaration', 'variable_declaration') \
                or s.text(decl).startswith('const'):
            continue
        for d in decl.named_children:
            name = d.child_by_field_name('name') if d.type == 'variable_declarator' else None
            if name is not None and name.type == 'identifier':
                out.add(s.text(name))
    return frozenset(n for n in out if _reassigned_in_function(file, n))


def _reassigned_in_function(file: File, name: str) -> bool:
    for ident in file.named(frozenset((name.encode(),)), ((0, len(file.source)),)):
        parent = s.parent_of(ident)
        if parent is not None and parent.type == 'assignment_expression' and is_left(parent, ident) \
                and s.enclosing_function(parent) is not None:
            return True
    return False


def find(scope: Scope) -> Iterator[tuple[Node, str, tuple[Node, ...]]]:
    """(async call, message, (field write,)) for each module-level object given a call's values
    and then handed to an asynchronous call in the same function."""
    if not possible(scope):
        return
    lets = scope.file.memo('race-condition.module-lets', module_lets)
    if not lets:
        return
    for ident in scope.named(frozenset(n.encode() for n in lets)):
        write = _field_write(ident)
        fn = s.enclosing_function(ident) if write is not None else None
        if write is None or fn is None or _declared_in(fn, s.text(ident)):
            continue
        call = _handed_on(scope.file, fn, s.text(ident), write)
        if call is not None:
            field = s.text(s.parent_of(ident).child_by_field_name('property'))
            yield call, (
                f'`{s.text(ident)}` is one module-level object for every call: line {write.start_point.row + 1} sets its '
                f'`{field}` for this one, then `{s.callee_path(call) or s.callee_name(call)}()` reads it later; a '
                'concurrent call sets its own in between (a copy per call?)'), (write,)


def _field_write(ident: Node) -> Node | None:
    """``ident.field = value``: the assignment."""
    member = s.parent_of(ident)
    if member is None or member.type != 'member_expression' or not same(member.child_by_field_name('object'), ident):
        return None
    parent = s.parent_of(member)
    if parent is None or parent.type != 'assignment_expression' or not is_left(parent, member):
        return None
    value = parent.child_by_field_name('right')
    return parent if value is not None and value.type not in ('string', 'number', 'true', 'false', 'null') else None


def _declared_in(fn: Node, name: str) -> bool:
    """A parameter or local of that name shadows the module's."""
    params = fn.child_by_field_name('parameters') or fn.child_by_field_name('parameter')
    if params is not None and lazyre.compile(rf'\b{name}\b').search(s.text(params)):
        return True
    return lazyre.compile(rf'\b(?:let|const|var)\s+{name}\b'.encode()).search(fn.text) is not None


def _handed_on(file: File, fn: Node, name: str, write: Node) -> Node | None:
    """The call after ``write`` in ``fn`` (not in a nested function) given ``name`` whose result
    is awaited, chained with ``.then`` or returned."""
    for node in file.named(frozenset((name.encode(),)), ((write.end_byte, fn.end_byte),)):
        if node.type != 'identifier':
            continue
        args = s.parent_of(node)
        call = s.parent_of(args) if args is not None and args.type == 'arguments' else None
        if call is None or call.type != 'call_expression' or not same(s.enclosing_function(call), fn):
            continue
        up = s.parent_of(call)
        if up is None:
            continue
        if up.type in ('await_expression', 'return_statement') or (
                up.type == 'member_expression' and s.text(up.child_by_field_name('property')) == 'then'):
            return call
    return None
