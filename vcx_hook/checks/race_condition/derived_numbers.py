"""race-condition's number derived from a count: ``count + 1`` (an invoice number, a position, a
sequence) computed from a ``count()`` and stored by a create.  Two requests read the same count
and store the same number."""
from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Mapping

from vcx_hook.checks.race_condition.calls import in_transaction
from vcx_hook.checks.race_condition.calls import settled_in
from vcx_hook.checks.race_condition.calls import is_kind
from vcx_hook.checks.race_condition.calls import Read
from vcx_hook.checks.race_condition.nodes import head
from vcx_hook.checks.race_condition.nodes import short
from vcx_hook.checks.race_condition.unique_columns import question
from vcx_hook.ecosystem import schemas
from vcx_hook.lang import flow
from vcx_hook.lang import scope as s
from vcx_hook.lang.flow import Flow
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

# Calls that carry a number into the text or number stored (`String(n + 1).padStart(4, '0')`).
_CARRIERS = frozenset(('String', 'Number', 'BigInt', 'padStart', 'padEnd', 'toString', 'toFixed'))


def find(scope: Scope, read: Read, names: Mapping[str, frozenset[str]],
         uniques: schemas.Uniques = {}) -> Iterator[tuple[Node, str, str]]:  # noqa: B006  (read only)
    """(create, message, confidence) for each create storing ``count + n`` of the count ``read``:
    the family's confidence (''), LOW where the number goes to a column of a unique key
    (``unique_columns``: the second create fails)."""
    if not s.callee_name(read.call).startswith('count') or in_transaction(read.call):
        return
    if settled_in(flow.root_of(read.call, scope.file.tree.root)):
        return  # a unique number: the database refuses the second one
    fl = flow.of(scope.file, read.call)
    line = read.call.start_point.row + 1
    # `(await prisma.ticket.count(...)) + 1` binds nothing: the count is added where it is read.
    refs = [ref for b in read.bindings for ref in fl.references(b)] or [s.outer_expression(read.call)]
    for ref in refs:
        step = _next_number(ref)
        if step is None:
            continue
        for create in _stored_by(fl, step, names, depth=0):
            if create.start_byte > read.call.end_byte:
                said = (f'`{short(s.callee_path(create))}()` stores `{head(s.normalized(step, 80))}`, computed from the '
                        f'`{s.callee_name(read.call)}()` on line {line}')
                yield create, *question(create, step, uniques, said, 'two requests read the same count and store the '
                                        'same number', 'requests that read the same count')


def _next_number(ref: Node) -> Node | None:
    """``count + 1`` (also ``(count ?? 0) + 1``): the count and a number literal added to it."""
    node = ref
    parent = s.parent_of(node)
    while parent is not None and (parent.type == 'parenthesized_expression' or (
            parent.type == 'binary_expression' and s.text(parent.child_by_field_name('operator')) in ('??', '||'))):
        node = parent
        parent = s.parent_of(node)
    if parent is None or parent.type != 'binary_expression' or s.text(parent.child_by_field_name('operator')) != '+':
        return None
    other = parent.child_by_field_name('right' if parent.child_by_field_name('left') == node else 'left')
    return parent if other is not None and other.type == 'number' else None


def _stored_by(fl: Flow, value: Node, names: Mapping[str, frozenset[str]], depth: int) -> list[Node]:
    """The creates whose arguments hold ``value``: directly, through ``String()``/``padStart()``,
    templates and objects, or through up to three locals."""
    use = flow.use_of(value)
    while use is not None and use.role in ('argument', 'receiver') and s.callee_name(use.target) in _CARRIERS:
        use = flow.use_of(use.target)
    if use is None:
        return []
    if use.role == 'argument' and use.target.type == 'call_expression':
        return [use.target] if is_kind(use.target, names, 'create') else []
    if use.role != 'declared' or depth >= 3:
        return []
    local = use.target.child_by_field_name('name')
    if local is None or local.type != 'identifier':
        return []
    return [c for b in fl.bindings_of(local) for ref in fl.references(b) for c in _stored_by(fl, ref, names, depth + 1)]
