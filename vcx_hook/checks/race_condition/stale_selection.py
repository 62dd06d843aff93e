"""race-condition's stale selection: rows read by a state (``findMany({ where: { status: 'pending'
} })``), then updated by their ids to a new state without repeating it (``updateMany({ where: {
id: { in: rows.map((r) => r.id) } }, data: { status: 'hold' } })``).  A row that changed state in
between is written anyway. A field set to the very value the read selected it by
(``findFirst({ where: { file_name: dto.file_name } })``, then ``update({ where: { id: found.id },
data: { file_name: dto.file_name } })``) moves nothing: a concurrent writer's change is overwritten
with the same value (round 26's Panora attachment, race:same-value-written-twice)."""
from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Mapping

from vcx_hook.checks.race_condition.calls import base
from vcx_hook.checks.race_condition.calls import in_transaction
from vcx_hook.checks.race_condition.calls import Read
from vcx_hook.checks.race_condition.calls import store
from vcx_hook.checks.race_condition.nodes import same
from vcx_hook.checks.race_condition.nodes import short
from vcx_hook.ecosystem import stores
from vcx_hook.lang import flow
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node


def find(scope: Scope, read: Read, writes: list[Node], names: Mapping[str, frozenset[str]]) -> Iterator[tuple[Node, str]]:
    """(update, message) for each update of the rows ``read`` selected, by their ids, that sets a
    field the read filtered on without filtering on it again."""
    selected = _states(read.call)
    if not selected or not read.bindings or not read.store or in_transaction(read.call):
        return
    fl = flow.of(scope.file, read.call)
    refs = [ref for b in read.bindings for ref in fl.references(b)]
    fn = s.enclosing_function(read.call)
    for write in writes:
        if write.start_byte < read.call.end_byte or s.callee_name(write) not in stores.SET_UPDATES:
            continue
        if store(base(write)) != read.store or not same(s.enclosing_function(write), fn):
            continue
        where = set(s.object_keys(_where_node(write)))
        condition = _where_node(write)
        if condition is None or not any(condition.start_byte <= r.start_byte < condition.end_byte for r in refs):
            continue  # not selected by the rows read
        set_to = _set_fields(write)
        moved = sorted(f for f in (selected.keys() & set_to.keys()) - where
                       if s.normalized(selected[f], 200) != s.normalized(set_to[f], 200))
        if moved:
            yield write, (
                f'`{short(s.callee_path(write))}()` sets `{moved[0]}` on the rows the `{s.callee_name(read.call)}()` on line '
                f'{read.call.start_point.row + 1} selected by `{moved[0]}`, without checking it again; a row changed in between is written anyway'
            )


def _where_node(call: Node) -> Node | None:
    """The filter of a read or update: ``where`` of Prisma and TypeORM, the first argument of Mongo."""
    args = s.arguments(call)
    if not args or args[0].type != 'object':
        return None
    return s.object_keys(args[0]).get('where', args[0])


def _states(read: Node) -> dict[str, Node]:
    """The fields a read selects by a named state (``status: 'pending'``, ``status: Status.pending``)
    in its ``where`` (Prisma, TypeORM) or filter (Mongo), with the value.  A flag or an empty field
    (``disabledAt: null``, ``archived: false``) set again by a second writer is set all the same: not asked."""
    fixed = ('string', 'number', 'member_expression')
    return {k: v for k, v in s.object_keys(_where_node(read)).items() if v.type in fixed}


def _set_fields(write: Node) -> dict[str, Node]:
    """The fields an update sets, with their values (``data`` of Prisma, the second argument or its
    ``$set`` of Mongo)."""
    args = s.arguments(write)
    if args and args[0].type == 'object' and 'data' in s.object_keys(args[0]):
        data = s.object_keys(args[0])['data']
    elif len(args) >= 2 and args[1].type == 'object':
        data = s.object_keys(args[1]).get('$set', args[1])
    else:
        return {}
    return dict(s.object_keys(data)) if data.type == 'object' else {}
