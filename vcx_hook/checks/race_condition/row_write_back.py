"""race-condition's row written back whole: a record read from a store, one of its fields moved in
JavaScript (``stats[name] = val`` after ``let val = parseInt(stats[name]); val += 1``, or
``stats.posts += 1``), and the whole record handed to a write (``knex('user_stats').where(...)
.update(stats)``, ``repo.save(stats)``).  Two requests read the same row and the second write
puts back the count the first one had already moved."""
from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Mapping

from vcx_hook.checks.race_condition.calls import in_transaction
from vcx_hook.checks.race_condition.candidates import awaits
from vcx_hook.checks.race_condition.calls import is_kind
from vcx_hook.checks.race_condition.calls import Read
from vcx_hook.checks.race_condition.nodes import short
from vcx_hook.ecosystem import stores
from vcx_hook.finding import LOW
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

# Not judged on held-out code: found for recall (issue 18: read-modify-write through every store).
CONFIDENCE = LOW
_ARITHMETIC = frozenset((b'+', b'-', b'*', b'/'))
_BUILDER_FILTERS = frozenset(('where', 'andWhere', 'whereIn', 'select'))
_MOVES = frozenset(('augmented_assignment_expression', 'update_expression'))


def find(scope: Scope, read: Read, names: Mapping[str, frozenset[str]]) -> Iterator[tuple[Node, str]]:
    """(write, message) for each awaited write handed a record of ``read`` after a field of it moved."""
    fn = s.enclosing_function(read.call)
    body = s.function_body(fn) if fn is not None else None
    if body is None or not read.bindings or in_transaction(read.call):
        return
    nodes = [n for n in _walk(body) if n.start_byte > read.call.end_byte]
    records = {b.name.encode() for b in read.bindings} | _first_rows(nodes, {b.name.encode() for b in read.bindings})
    for record in records:
        moved = next((n for n in nodes if _moves_field(n, record, nodes)), None)
        if moved is None:
            continue
        for write in nodes:
            if write.type == 'call_expression' and write.start_byte > moved.end_byte and s.is_awaited(write) \
                    and _hands(write, record) and is_kind(write, names, 'write'):
                yield write, (
                    f'`{short(s.callee_path(write))}()` writes back the whole `{record.decode()}` read on line '
                    f'{read.call.start_point.row + 1}, after '
                    f'`{s.normalized(moved, 40)}` moved a field of it; a concurrent update is lost (atomic update?)'
                )
                break


def builder_reads(scope: Scope) -> Iterator[Node]:
    """``await knex('user_stats').where('user_id', id)``: a query builder's chain awaited as it is
    reads its rows (the chain ends in no write, and in no read named like one: the other rules
    take those)."""
    for a in awaits(scope):
        call = next((c for c in a.named_children if c.type == 'call_expression'), None)
        chain = s.chain_calls(call) if call is not None else []
        args = s.arguments(chain[-1]) if chain else []
        if len(chain) > 1 and s.callee_name(chain[-1]) in stores.BUILDER_ROOTS and args and args[0].type == 'string' \
                and s.callee_name(chain[0]) in _BUILDER_FILTERS:
            yield chain[0]


def _walk(node: Node) -> list[Node]:
    out = []
    stack = [node]
    while stack:
        n = stack.pop()
        out.append(n)
        if n.type not in s.FUNCTION_TYPES or n is node:
            stack.extend(reversed(n.named_children))
    return sorted(out, key=lambda n: n.start_byte)


def _first_rows(nodes: list[Node], rows: set[bytes]) -> set[bytes]:
    """``const stats = res[0]``: the first row of a read's rows is the record."""
    out = set()
    for n in nodes:
        value = n.child_by_field_name('value') if n.type == 'variable_declarator' else None
        name = n.child_by_field_name('name') if value is not None else None
        if value is not None and name is not None and name.type == 'identifier' and value.type == 'subscript_expression':
            obj, index = value.child_by_field_name('object'), value.child_by_field_name('index')
            if obj is not None and obj.text in rows and index is not None and index.text == b'0':
                out.add(name.text)
    return out


def _field_of(node: Node | None, record: bytes) -> bool:
    """``record.f`` or ``record[k]``."""
    if node is None or node.type not in ('member_expression', 'subscript_expression'):
        return False
    obj = node.child_by_field_name('object')
    return obj is not None and obj.type == 'identifier' and obj.text == record


def _moves_field(node: Node, record: bytes, nodes: list[Node]) -> bool:
    """``record.f += n``, ``record.f++``, ``record.f = record.f + n``, or ``record[k] = val`` of a
    local read from ``record`` and moved in place (``let val = parseInt(record[k]); val += 1``)."""
    if node.type in _MOVES:
        target = node.child_by_field_name('left') or node.child_by_field_name('argument')
        return _field_of(target, record)
    if node.type != 'assignment_expression' or not _field_of(node.child_by_field_name('left'), record):
        return False
    value = s.unwrap(node.child_by_field_name('right'))
    if value.type == 'binary_expression':
        return _arithmetic_on(value, record)
    return value.type == 'identifier' and _local_moved(value.text, record, nodes, node)


def _arithmetic_on(value: Node, record: bytes) -> bool:
    op = value.child_by_field_name('operator')
    return op is not None and op.text in _ARITHMETIC and any(
        _field_of(n, record) for n in _walk(value))


def _local_moved(local: bytes, record: bytes, nodes: list[Node], before: Node) -> bool:
    """``local`` was declared from a field of ``record`` and moved in place before ``before``."""
    declared = moved = False
    for n in nodes:
        if n.start_byte >= before.start_byte:
            break
        if n.type == 'variable_declarator' and (n.child_by_field_name('name') or n).text == local:
            value = n.child_by_field_name('value')
            declared = value is not None and any(_field_of(m, record) for m in _walk(value))
        elif n.type in _MOVES and declared:
            target = n.child_by_field_name('left') or n.child_by_field_name('argument')
            moved = moved or (target is not None and target.type == 'identifier' and target.text == local)
    return declared and moved


def _hands(write: Node, record: bytes) -> bool:
    """The write takes the record itself (``update(stats)``, ``save({ ...stats })``)."""
    for arg in s.arguments(write):
        arg = s.unwrap(arg)
        if arg.type == 'identifier' and arg.text == record:
            return True
        if arg.type == 'object' and any(c.type == 'spread_element' and c.named_children
                                        and c.named_children[0].text == record for c in arg.named_children):
            return True
    return False
