"""A counter written from a count of the table the other write changes: ``PoolLike.create(like)``
then ``Pool.update({ likes }, ...)`` where ``likes`` comes from ``PoolLike.count({ pool_id })``.
The counter is recomputed from the rows on every write, so a failure between the two leaves it
stale only until the next one, which heals it: a denormalised count, not a half-made record."""
from __future__ import annotations

from vcx_hook.checks.missing_transaction.feeds import walk
from vcx_hook.checks.missing_transaction.writes import Write
from vcx_hook.ecosystem import stores
from vcx_hook.lang import scope as s
from vcx_hook.lang.syntax import Node

_NAMES = frozenset(('identifier', 'shorthand_property_identifier'))
_HOPS = 3  # a count, a name holding it, a name computed from that (`likes = currentLikes + 1`)


def recounted(first: Write, second: Write) -> bool:
    """The second write's values are read from a count of the first write's table (``first.target``),
    in the call or through the names the function declares before it."""
    table = first.target
    return bool(table) and not second.named_only and any(
        _counts(arg, table, _HOPS) for arg in s.arguments(second.node))


def _counts(node: Node, table: str, hops: int) -> bool:
    for n in walk(node):
        if n.type == 'call_expression' and s.callee_name(n) in stores.COUNTS:
            recv = s.receiver(n)
            if recv is not None and s.text(recv) == table:
                return True
        if hops and n.type in _NAMES:
            decl = s.declaration(n)
            value = decl.child_by_field_name('value') if decl is not None and decl.type == 'variable_declarator' else None
            if value is not None and value.end_byte <= n.start_byte and _counts(value, table, hops - 1):
                return True
    return False
