"""Per-element work that is not a query: an HTTP request, a mail, a queued job or an upload made
for the element in the same loop body.  The loop already costs one round trip to another service
per element, and batching its query would not change that (bench/judged,
n1:per-item-work-is-inherent: one NOWPayments call per payment, one upload per attachment)."""
from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterator

from vcx_hook.checks.n_plus_one.iterations import Iteration
from vcx_hook.lang import scope as s
from vcx_hook.lang.syntax import Node

# Whether a call goes to another service (an HTTP client, mail, a queue, storage), by the family's
# names; and whether it takes the element.
Elsewhere = Callable[[Node], bool]
Takes = Callable[[Node], bool]


def external_work(it: Iteration, query: Node, elsewhere: Elsewhere, takes: Takes) -> bool:
    """Whether the body of ``it`` awaits, for the element and outside any nested loop or function,
    a call to another service besides ``query``."""
    for call in _awaited_calls(it.body):
        if call != query and not _contains(call, query) and elsewhere(call) and takes(call):
            return True
    return False


def _contains(outer: Node, inner: Node) -> bool:
    return outer.start_byte <= inner.start_byte and inner.end_byte <= outer.end_byte


def _awaited_calls(body: Node) -> Iterator[Node]:
    start = s.function_body(body) if body.type in s.FUNCTION_TYPES else body  # a callback, or a loop body
    stack = [start] if start is not None else []
    while stack:
        node = stack.pop()
        if node.type in s.LOOP_TYPES or node.type in s.FUNCTION_TYPES:
            continue  # work per element of another iteration, or done later
        if node.type == 'await_expression' and node.named_children:
            inner = s.unwrap(node.named_children[0])
            if inner.type == 'call_expression':
                yield inner
        stack.extend(reversed(node.named_children))
