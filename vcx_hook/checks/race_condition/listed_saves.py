"""race-condition's read-modify-write of each row of a list read (low): documents read together
(``const schedules = await ScheduledOrder.find({ active: true })``), each moved in place in a loop
over them and saved (``for (const schedule of schedules) { schedule.republish_count -= 1; await
schedule.save(); }``): a second run of the job, or a request, that read the same rows writes the
same count back and one decrement is lost (lnp2pBot's scheduled orders published the same cycle
twice, a real bug of holdout5). Asked like a single record's read-modify-write
(``read_modify_write``), for the rows a ``for ... of`` walks. Low: a job run by one process at a
time answers it; not yet judged."""
from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Mapping

from vcx_hook.checks.race_condition import read_modify_write
from vcx_hook.checks.race_condition.calls import Read
from vcx_hook.checks.race_condition.nodes import same
from vcx_hook.finding import LOW
from vcx_hook.lang import flow
from vcx_hook.lang import scope as s
from vcx_hook.lang.flow import Binding
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

CONFIDENCE = LOW


def find(scope: Scope, read: Read, names: Mapping[str, frozenset[str]]) -> Iterator[tuple[Node, str]]:
    if not read.bindings:
        return
    fl = flow.of(scope.file, read.call)
    rows: list[Binding] = []
    for b in read.bindings:
        for ref in fl.references(b):
            loop = s.parent_of(ref)
            if loop is None or loop.type != 'for_in_statement' or not same(loop.child_by_field_name('right'), ref):
                continue
            left = loop.child_by_field_name('left')
            for ident in s.identifiers(left) if left is not None else ():
                rows += [x for x in fl.bindings_of(ident) if x.kind == 'loop']
    if not rows:
        return
    for write, message, _ in read_modify_write.find(scope, Read(read.call, read.store, rows), names):
        yield write, message.replace('; a concurrent', ' (each row of it); a concurrent', 1)
