"""race-condition's table caps: a count of the whole store compared with a cap before a create
(``if ((await prisma.webhook.count()) >= 1000) throw``), which check-then-act asks at low confidence."""
from __future__ import annotations

from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.syntax import Node

# A comparison operator in a count's test, and a constant named in capitals (`MAX_SUBSCRIPTIONS`).
_COMPARISONS = frozenset(('>', '>=', '<', '<=', '===', '==', '!==', '!='))
_CONSTANT = lazyre.compile(r'^[A-Z][A-Z0-9_]*$')


def table_cap(count: Node, stmt: Node) -> bool:
    """A count of the whole store (``count()``, ``count({})``, ``countDocuments({ })``, ``count({
    where: {} })``: no filter) compared in the ``if`` with a cap (``>= 1000``, ``> MAX_ROWS``), not
    tested for emptiness: a guard on the table's size, which concurrent creates pass by one each,
    with nobody gaining anything; a quota counts one owner's records (``count({ where: { userId }
    })``: taxonomy's free-plan posts, worth asking) and stays asked. Round 26's engine wallet
    subscriptions (a cap of 1000 on an admin API, not worth asking, race:harmless-duplicate)."""
    args = s.arguments(count)
    if len(args) > 1 or (args and not _no_filter(args[0])):
        return False
    cond = stmt.child_by_field_name('condition')
    test = s.unwrap(cond) if cond is not None else None
    if test is None or test.type != 'binary_expression' or s.text(test.child_by_field_name('operator')) not in _COMPARISONS:
        return False
    sides = (test.child_by_field_name('left'), test.child_by_field_name('right'))
    return any(side is not None and _cap_value(s.unwrap(side)) for side in sides)


def _no_filter(arg: Node) -> bool:
    arg = s.unwrap(arg)
    if arg.type != 'object' or s.has_spread(arg):
        return False
    keys = s.object_keys(arg)
    where = keys.get('where')
    return not keys or (set(keys) == {'where'} and where is not None and where.type == 'object' and not where.named_children)


def _cap_value(node: Node) -> bool:
    """A number of 2 or more, or a constant named in capitals: a cap, not an emptiness test."""
    if node.type == 'number':
        value = s.number_value(node)
        return value is not None and value >= 2
    return node.type in ('identifier', 'member_expression') and _CONSTANT.match(s.text(node).rpartition('.')[2]) is not None
