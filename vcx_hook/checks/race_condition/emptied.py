"""race-condition's delete-when-empty: a Redis set, hash, list or sorted set counted
(``hlen``, ``scard``, ``llen``, ``zcard``), found empty, and then deleted in another round trip
(``if (remaining === 0) await redis.del(roomKey)``): a member another request adds between the
count and the delete is deleted with it."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.race_condition.candidates import awaits
from vcx_hook.checks.race_condition.nodes import if_testing
from vcx_hook.checks.race_condition.nodes import same
from vcx_hook.checks.race_condition.nodes import short
from vcx_hook.ecosystem import stores
from vcx_hook.finding import LOW
from vcx_hook.lang import flow
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

# Not yet judged on held-out code: found for recall, not listed (--show low).
CONFIDENCE = LOW
_COUNTS = frozenset(('hlen', 'scard', 'llen', 'zcard', 'xlen'))
_DELETES = frozenset(('del', 'unlink'))
# A script, a MULTI/WATCH or a lock decides between the count and the delete.
_ATOMIC = lazyre.compile(rb'\.(?:eval|evalsha|multi|watch|defineCommand)\(|[Ll]ua')
_EMPTY = frozenset(('=== 0', '== 0', '<= 0', '< 1'))
_NOT_EMPTY = frozenset(('> 0', '!== 0', '!= 0', '>= 1'))


def find(scope: Scope) -> Iterator[tuple[Node, str, tuple[Node, ...]]]:
    """(delete, message, evidence) for each delete of a key its function found empty."""
    calls = [c for a in awaits(scope) if (c := _call(a)) is not None]
    for count in calls:
        if s.callee_name(count) not in _COUNTS or not s.arguments(count):
            continue
        key = s.text(s.arguments(count)[0])
        client = s.dotted(s.receiver(count)) if s.receiver(count) is not None else ''
        for stmt in _tests(scope, count):
            for delete in calls:
                if delete.start_byte <= stmt.start_byte or s.callee_name(delete) not in _DELETES \
                        or not _empties(stmt, count, delete) or not s.arguments(delete):
                    continue
                if s.text(s.arguments(delete)[0]) != key or s.dotted(s.receiver(delete) or delete) != client:
                    continue
                if _settled(scope, count):
                    return
                yield delete, (
                    f'`{short(s.callee_path(delete))}()` deletes `{short(key)}` when the `{s.callee_name(count)}()` on '
                    f'line {count.start_point.row + 1} saw it empty: what another request adds in between goes with it'
                ), (count, stmt)


def _call(wait: Node) -> Node | None:
    value = s.unwrap(wait.named_children[0]) if wait.named_children else None
    return value if value is not None and value.type == 'call_expression' and s.receiver(value) is not None else None


def _tests(scope: Scope, count: Node) -> list[Node]:
    """The ``if`` statements testing the count: inline, or through the local it is declared in."""
    inline = if_testing(count)
    if inline is not None:
        return [inline]
    decl = s.parent_of(s.outer_expression(count))
    name = decl.child_by_field_name('name') if decl is not None and decl.type == 'variable_declarator' else None
    if name is None or name.type != 'identifier':
        return []
    fl = flow.of(scope.file, count)
    return [stmt for b in fl.bindings_of(name) if same(b.statement, decl)
            for ref in fl.references(b) if (stmt := if_testing(ref)) is not None]


def _empties(stmt: Node, count: Node, delete: Node) -> bool:
    """``delete`` runs where the count was zero: in ``if (n === 0) {...}`` or ``if (!n) {...}``, or
    after ``if (n > 0) return``."""
    cond = stmt.child_by_field_name('condition')
    test = s.unwrap(cond) if cond is not None else None
    if test is None:
        return False
    consequence = stmt.child_by_field_name('consequence')
    inside = consequence is not None and consequence.start_byte <= delete.start_byte < consequence.end_byte
    comparison = _comparison(test)
    if inside:
        return comparison in _EMPTY or (test.type == 'unary_expression' and s.text(test).startswith('!'))
    exits = consequence is not None and any(c.type in ('return_statement', 'throw_statement')
                                            for c in (consequence, *consequence.named_children))
    return delete.start_byte >= stmt.end_byte and exits and (
        comparison in _NOT_EMPTY or test.type in ('identifier', 'await_expression'))


def _comparison(test: Node) -> str:
    if test.type != 'binary_expression':
        return ''
    op, right = test.child_by_field_name('operator'), test.child_by_field_name('right')
    return f'{s.text(op)} {s.text(right)}' if op is not None and right is not None else ''


def _settled(scope: Scope, count: Node) -> bool:
    root = flow.root_of(count, scope.file.tree.root)
    return bool(_ATOMIC.search(root.text) or stores.SERIALIZES.search(root.text))
