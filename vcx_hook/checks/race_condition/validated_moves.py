"""race-condition's state move checked by a helper: a record read by one store call (``const order
= await Order.findOne({ _id })``), handed to a check in an ``if`` (``if (!(await
validateTakeBuyOrder(ctx, user, order))) return;``: the helper tests its status), then moved to a
new state on the loaded instance (``order.status = 'WAITING_PAYMENT'``) and saved whole
(``await order.save()``).  Two requests that both loaded it before either saved both pass the
check, and both take it: the second overwrites the first's claim.  A conditional update
(``findOneAndUpdate({ _id, status: 'PENDING' }, ...)``) checks and moves in one step."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.race_condition.calls import in_transaction
from vcx_hook.checks.race_condition.calls import Read
from vcx_hook.checks.race_condition.nodes import acts_after
from vcx_hook.checks.race_condition.nodes import callee
from vcx_hook.checks.race_condition.nodes import if_testing
from vcx_hook.checks.race_condition.nodes import is_left
from vcx_hook.checks.race_condition.nodes import same
from vcx_hook.checks.race_condition.nodes import short
from vcx_hook.finding import LOW
from vcx_hook.lang import flow
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

# Not yet judged on held-out code: found for recall, not listed (--show low).
CONFIDENCE = LOW
# Helpers whose name says they check what they are handed (`validateTakeBuyOrder`, `canCancel`).
_CHECKER = lazyre.compile(r'^(?:validate|check|can|verify|ensure|assert|is)[A-Z]\w*$')


def find(scope: Scope, read: Read, writes: list[Node]) -> Iterator[tuple[Node, str]]:
    """(save, message) for each record checked by a helper, moved to a new state and saved."""
    if not read.bindings or in_transaction(read.call):
        return
    fl = flow.of(scope.file, read.call)
    fn = s.enclosing_function(read.call)
    for b in read.bindings:
        refs = fl.references(b)
        for ref in refs:
            check = _checker_call(ref)
            stmt = if_testing(check) if check is not None else None
            if check is None or stmt is None:
                continue
            for write in writes:
                if s.callee_name(write) != 'save' or s.receiver_name(write) != b.name \
                        or not acts_after(stmt, write) or not same(s.enclosing_function(write), fn):
                    continue
                field = _state_move(refs, stmt, write)
                if field is None:
                    continue
                yield write, (
                    f'`{short(callee(check))}()` on line {check.start_point.row + 1} checks the `{short(callee(read.call))}()` '
                    f'record, then `{short(callee(write))}()` moves its `{field}`; two requests can both pass the check')
                return


def _checker_call(ref: Node) -> Node | None:
    """The checking helper ``ref`` is handed to (``validateTakeBuyOrder(ctx, user, order)``)."""
    args = s.parent_of(ref)
    call = s.parent_of(args) if args is not None and args.type == 'arguments' else None
    if call is None or call.type != 'call_expression' or not _CHECKER.match(s.callee_name(call)):
        return None
    return call


def _state_move(refs: list[Node], stmt: Node, write: Node) -> str | None:
    """The field set to a string between the check and the save (``order.status = 'PAID'``)."""
    for ref in refs:
        if not stmt.end_byte <= ref.start_byte < write.start_byte:
            continue
        member = s.parent_of(ref)
        parent = s.parent_of(member) if member is not None and member.type == 'member_expression' else None
        if parent is None or parent.type != 'assignment_expression' or not is_left(parent, member):
            continue
        value = parent.child_by_field_name('right')
        if value is not None and value.type == 'string':
            return s.text(member.child_by_field_name('property'))
    return None
