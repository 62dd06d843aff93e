"""race-condition's table caps: a count of the whole store compared with a cap before a create
(``if ((await prisma.webhook.count()) >= 1000) throw``), and one tested for emptiness before a create
in a function that serves no request (``if (await User.count() !== 0) return``: a store seeded on
first boot), which check-then-act asks at low confidence."""
from __future__ import annotations

from vcx_hook.ecosystem import routes
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
    if not _whole_store(count):
        return False
    cond = stmt.child_by_field_name('condition')
    test = s.unwrap(cond) if cond is not None else None
    if test is None or test.type != 'binary_expression' or s.text(test.child_by_field_name('operator')) not in _COMPARISONS:
        return False
    sides = (test.child_by_field_name('left'), test.child_by_field_name('right'))
    return any(side is not None and _cap_value(s.unwrap(side)) for side in sides)


def seeded_when_empty(count: Node, stmt: Node) -> bool:
    """A count of the whole store tested in the ``if`` only for emptiness (``=== 0``, ``!== 0``,
    ``> 0``, ``!n``, ``n === 0 || n === 1``) in a function that serves no request (no route, no
    request or context parameter: ``routes.serves_requests``): the store seeded when it is empty,
    start-up work a process runs once (FlowFuse's default team type and first administrator, round
    27, and Hydro's schedules, round 21: listed 4 times, all judged not worth asking,
    race:startup-default-init, race:single-instance-startup). In a handler the emptiness test
    stays asked: two first sign-ins both become the administrator (keystone's initFirstItem
    resolver, a real bug; zipline's first login, borderline)."""
    if not _whole_store(count):
        return False
    cond = stmt.child_by_field_name('condition')
    test = s.unwrap(cond) if cond is not None else None
    if test is None or not _emptiness(test, count):
        return False
    fn = s.enclosing_function(count)
    return fn is not None and not routes.serves_requests(fn)


# How an emptiness test compares a count: with 0 (`n === 0`, `n > 0`) or, beside it, 1 (`n === 1`).
_EMPTY_SIDES = frozenset((0, 1))


def _emptiness(test: Node, count: Node) -> bool:
    """``test`` asks only whether the count is 0 (or 1): its comparisons each hold the count, or
    the name it is kept in, beside 0 or 1, joined by ``||``/``&&``, or the count alone or negated."""
    test = s.unwrap(test)
    if test.type == 'unary_expression' and s.text(test.child_by_field_name('operator')) == '!':
        return _is_count(test.child_by_field_name('argument'), count)
    if test.type != 'binary_expression':
        return _is_count(test, count)
    op = s.text(test.child_by_field_name('operator'))
    left, right = test.child_by_field_name('left'), test.child_by_field_name('right')
    if left is None or right is None:
        return False
    if op in ('||', '&&'):
        return _emptiness(left, count) and _emptiness(right, count)
    if op not in _COMPARISONS:
        return False
    return any(_is_count(a, count) and _small(b) for a, b in ((left, right), (right, left)))


def _is_count(node: Node | None, count: Node) -> bool:
    """``node`` is the count (``await X.count()``) or a name holding it (``const n = await X.count()``)."""
    if node is None:
        return False
    node = s.unwrap(node)
    if node.type == 'await_expression' and node.named_children:
        node = s.unwrap(node.named_children[0])
    if node.start_byte == count.start_byte and node.end_byte == count.end_byte:
        return True
    if node.type != 'identifier':
        return False
    held = s.kept_under(count)
    return held is not None and held.type == 'identifier' and s.text(held) == s.text(node)


def _small(node: Node) -> bool:
    node = s.unwrap(node)
    return node.type == 'number' and s.number_value(node) in _EMPTY_SIDES


def _whole_store(count: Node) -> bool:
    args = s.arguments(count)
    return not (len(args) > 1 or (args and not _no_filter(args[0])))


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
