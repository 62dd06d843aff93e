"""n-plus-one's per-entity load hook: a query awaited in TypeORM's ``afterLoad`` (an entity
subscriber's, or an entity's ``@AfterLoad()`` method), which TypeORM calls once for every entity a
query returns (``const user = await getUser(manager, note.userId)`` in a ``NoteSubscriber``: a page
of cases with their notes runs one users query per note; bichard7's note author, a real bug of
holdout12). The loop is the query's rows, out of sight; a relation joined in the query loads them
in one."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.n_plus_one.data_calls import data_call
from vcx_hook.checks.n_plus_one.iterations import Names
from vcx_hook.ecosystem import entities
from vcx_hook.finding import LOW
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

# Not judged on held-out code: found for recall (issue 18, round 18).
CONFIDENCE = LOW
_HOOK_WORDS = frozenset((entities.LOAD_HOOK.encode(), entities.LOAD_HOOK_DECORATOR.encode()))
_WAITS = frozenset(('await_expression',))


def possible(scope: Scope) -> bool:
    return not scope.file.words.isdisjoint(_HOOK_WORDS) and scope.holds(b'await')


def find(scope: Scope, names: Names) -> Iterator[tuple[Node, str, Node]]:
    """(query, message, hook) for each query awaited in a per-entity load hook."""
    if not possible(scope):
        return
    seen: set[int] = set()
    for name in scope.named(_HOOK_WORDS):
        method = _method_of(name)
        if method is None or method.start_byte in seen or not entities.load_hook(method, scope.file):
            continue
        seen.add(method.start_byte)
        body = s.function_body(method)
        for wait in s.own_nodes(body, _WAITS) if body is not None else ():
            call = s.unwrap(wait)
            if call.type != 'call_expression' or not scope.contains(call):
                continue
            data = data_call(s.chain_calls(call), names, scope.file)
            if data is not None and data.kind in ('read', 'helper', 'getter'):
                yield call, (
                    f'`{data.label}` runs once per entity TypeORM loads: `{s.text(method.child_by_field_name("name"))}` '
                    'is called for every row a query returns (a relation joined in the query?)'
                ), method
                break


def _method_of(name: Node) -> Node | None:
    """The method ``afterLoad`` names, or the one ``@AfterLoad()`` decorates."""
    parent = s.parent_of(name)
    if parent is not None and parent.type == 'method_definition':
        return parent
    decorator = next((a for a in s.ancestors(name) if a.type == 'decorator'), None)
    holder = s.parent_of(decorator) if decorator is not None else None
    if holder is None:
        return None
    siblings = holder.named_children
    after = siblings[siblings.index(decorator) + 1:]
    return next((n for n in after if n.type == 'method_definition'), None)
