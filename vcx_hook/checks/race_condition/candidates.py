"""Candidates of race-condition, found from the ``await`` keywords (not by a query walk of every
tree): the awaits, the awaited store calls, and the writes of state in the functions that await."""
from __future__ import annotations

from vcx_hook.ecosystem import stores
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_AWAIT = frozenset((b'await',))
_AWAIT_TYPES = frozenset(('await',))
_RETURN = frozenset((b'return',))
_RETURN_TYPES = frozenset(('return',))
# The callee names of awaited store calls (tests/checks/race_condition_test.py holds them to the query they replaced).
_STORE_CALL = stores.AWAITED_STORE_CALL
# Writes of state (`x = `, `x += `, `x++`, `obj.k = `), looked for only in the functions that await.
WRITES_QUERY = '''
(assignment_expression left: [(identifier) (member_expression) (subscript_expression)]) @write
(augmented_assignment_expression left: [(identifier) (member_expression) (subscript_expression)]) @write
(update_expression argument: [(identifier) (member_expression) (subscript_expression)]) @write
'''


def awaits(scope: Scope) -> list[Node]:
    """The ``await`` expressions that start in the scope, in document order (from the keyword)."""
    return scope.file.memo(f'race-condition:awaits:{scope.ranges}', lambda f: [
        s.parent_of(k) for k in f.named(_AWAIT, scope.ranges, _AWAIT_TYPES)
        if s.parent_of(k) is not None and s.parent_of(k).type == 'await_expression'
    ])


def store_calls(scope: Scope) -> list[Node]:
    """Awaited calls named like a store read or write: ``await prisma.user.findUnique()``."""
    out = []
    for a in awaits(scope):
        call = next((c for c in a.named_children if c.type == 'call_expression'), None)
        fn = s.unwrap(call.child_by_field_name('function')) if call is not None else None
        if fn is not None and fn.type == 'member_expression':
            fn = fn.child_by_field_name('property')
            fn = fn if fn is not None and fn.type == 'property_identifier' else None
        elif fn is not None and fn.type != 'identifier':
            fn = None
        if fn is not None and _STORE_CALL.match(s.text(fn)):
            out.append(call)
    return out


def returned_calls(scope: Scope) -> list[Node]:
    """Calls returned from an async function without an ``await`` (``return this.repo.save(row)``):
    the caller awaits them, so they run after whatever the function awaited before."""
    return scope.file.memo(f'race-condition:returned:{scope.ranges}', lambda f: [
        value for r in f.named(_RETURN, scope.ranges, _RETURN_TYPES)
        if (stmt := s.parent_of(r)) is not None and stmt.type == 'return_statement'
        and (value := next((c for c in stmt.named_children if c.type == 'call_expression'), None)) is not None
        and (fn := s.enclosing_function(stmt)) is not None and s.is_async(fn)
    ])


def writes(scope: Scope, awaited: list[Node]) -> list[Node]:
    """The writes in the functions holding ``awaited`` (only there can an await come between a
    read and a write of the same state), in the scope, in document order."""
    spans: list[tuple[int, int]] = []
    for fn in sorted({(f.start_byte, f.end_byte) for a in awaited if (f := s.enclosing_function(a)) is not None}):
        if spans and fn[0] < spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], fn[1]))
        else:
            spans.append(fn)
    found = scope.file.captures(WRITES_QUERY, spans).get('write', [])
    return [w for w in found if scope.contains(w)]
