"""race-condition's scheduled claims: a function a timer or a cron library runs
(``ecosystem.schedulers``: ``new CronJob(spec, onTick)``, ``cron.schedule(spec, fn)``,
``setInterval(fn, ms)``, a poll that re-arms itself with ``setTimeout``) reads the items to work
on (``const pending = await service.getPendingSubmissions()``) and hands each to awaited work
(``for (const job of pending) await markRegistered(job)``, ``asyncMap(pending, fn)``) with
nothing that claims them: no lock, no ``FOR UPDATE SKIP LOCKED``, no leader.  Every replica of
the service runs the schedule, so two of them read the same items and do the work twice
(desci-labs' DOI queue mailed each owner once per replica, holdout13; DEFRA's inbound poll
published a payment file twice, holdout11).

Low confidence: a service run as one process answers it, and the code does not say how many run."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.ecosystem import schedulers
from vcx_hook.ecosystem import stores
from vcx_hook.finding import LOW
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

CONFIDENCE = LOW
# A claim or a single runner, besides the locks of `stores.SERIALIZES`: `SKIP LOCKED`, a lock
# service (`lockService.aquireLock`), a leader or a primary process (`cluster.isPrimary`).
_CLAIMED = lazyre.compile(rb'(?i)skip\s+locked|lock|leader|isPrimary|isMaster|NODE_APP_INSTANCE|singleton')
_ITERATORS = frozenset(('map', 'forEach', 'flatMap'))


def find(scope: Scope) -> Iterator[tuple[Node, str, tuple[Node, ...]]]:
    """(read, message, evidence) for each list a scheduled function reads and works through unclaimed."""
    for fn, scheduling in schedulers.scheduled(scope.file).values():
        if not scope.contains(fn) and scope.node != fn:
            continue
        if stores.SERIALIZES.search(fn.text) or _CLAIMED.search(fn.text):
            continue
        for read, loop, work in _worked_lists(fn):
            yield read, (
                f'`{s.function_name(fn) or "this function"}` runs on a schedule (`{s.callee_path(scheduling) or s.text(scheduling.child_by_field_name("constructor"))}` '
                f'on line {scheduling.start_point.row + 1}), in every running instance of the service; it reads '
                f'`{s.normalized(read, 60)}` and hands each item to `{s.callee_path(work)}()` with nothing that claims it '
                f'first (a lock, `FOR UPDATE SKIP LOCKED`, an update conditioned on the old state): two instances ticking together do the same items twice'
            ), (loop, work)


def _worked_lists(fn: Node) -> Iterator[tuple[Node, Node, Node]]:
    """(awaited read, loop, awaited work on an item) in ``fn``'s own code."""
    for decl in s.own_nodes(fn, frozenset(('variable_declarator',))):
        name, value = decl.child_by_field_name('name'), decl.child_by_field_name('value')
        if name is None or value is None or name.type != 'identifier':
            continue
        read = s.unwrap(value)
        if value.type != 'await_expression' or read.type != 'call_expression':
            continue  # `const rows = await service.listPending()`
        for loop, item, body in _loops_over(fn, name.text):
            work = _work_on(body, item)
            if work is not None:
                yield read, loop, work
                break


def _loops_over(fn: Node, name: bytes) -> Iterator[tuple[Node, bytes, Node]]:
    """(loop, item name, body) for each loop over ``name``: ``for (const x of name)``,
    ``name.map(async (x) => ...)``, a helper given ``name`` and a function (``asyncMap(name, fn)``)."""
    for node in s.own_nodes(fn, frozenset(('for_in_statement', 'call_expression'))):
        if node.type == 'for_in_statement':
            right, left, body = (node.child_by_field_name(k) for k in ('right', 'left', 'body'))
            if right is not None and s.unwrap(right).text == name and left is not None and body is not None:
                item = left if left.type == 'identifier' else next(iter(s.identifiers(left)), None)
                if item is not None:
                    yield node, item.text, body
            continue
        args = s.arguments(node)
        callee = node.child_by_field_name('function')
        over = (callee is not None and callee.type == 'member_expression' and s.callee_name(node) in _ITERATORS
                and s.unwrap(callee.child_by_field_name('object') or callee).text == name)
        over = over or any(s.unwrap(a).text == name for a in args)
        callback = next((s.unwrap(a) for a in args if s.unwrap(a).type in s.FUNCTION_TYPES), None)
        if over and callback is not None and s.parameter_names(callback):
            body = callback.child_by_field_name('body')
            if body is not None:
                yield node, s.parameter_names(callback)[0].encode(), body


def _work_on(body: Node, item: bytes) -> Node | None:
    """The first awaited call in ``body`` given the item (``markDone(job)``), else the first given a
    field of it (``send(job.id)``)."""
    stack, fields = [body], None
    while stack:
        node = stack.pop()
        if node.type == 'await_expression':
            call = next((c for c in node.named_children if c.type == 'call_expression'), None)
            args = s.arguments(call) if call is not None else []
            if any(s.unwrap(a).text == item for a in args):
                return call
            if fields is None and any(i.text == item for a in args for i in s.identifiers(a)):
                fields = call
        stack.extend(reversed(node.named_children))
    return fields
