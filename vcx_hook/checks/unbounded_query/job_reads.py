"""(low) A scheduled job that holds every row a filtered many-read finds: in a cron job (a file under
``crons/``/``cron/``, or a function a scheduler runs: ``cron.schedule(spec, fn)``, ``new CronJob``,
``setInterval``) a library's many-read with a filter and no page size (``YoungModel.find({ cohortId,
status })``, ``findMany({ where })``, ``findAll({ where })``) whose rows the job then walks or hands
on whole (``for (const young of youngs)``, ``process(youngs)``, ``youngs.concat(...)``): the set a
job visits grows with the table, and every full document is held in memory at once where a cursor
or pages of a hundred would do (three real bugs of holdout11, service-national-universel's daily
crons). Not a read with ``.cursor()``/``.stream()``, a page size, or rows only counted."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.unbounded_query import reads
from vcx_hook.checks.unbounded_query import route_lists
from vcx_hook.ecosystem import schedulers
from vcx_hook.lang import flow
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node
from vcx_hook.lang.uses import same

_JOB_PATH = lazyre.compile(r'(?:^|/)(?:crons?|cronjobs?|cron[-_]jobs)/', )
# What a job does with the whole list: walks it, or hands it on.
_WALKS = frozenset(('forEach', 'map', 'concat', 'filter', 'reduce'))


def possible(scope: Scope) -> bool:
    return not scope.file.words.isdisjoint(route_lists.METHODS) and (
        _JOB_PATH.search(scope.path) is not None or bool(schedulers.scheduled(scope.file)))


def find(scope: Scope) -> Iterator[tuple[Node, str]]:
    if not possible(scope):
        return
    by_path = _JOB_PATH.search(scope.path) is not None
    jobs = schedulers.scheduled(scope.file)
    for call in route_lists.filtered_reads(scope, named=True):
        fn = s.enclosing_function(call)
        if fn is None or not (by_path or _scheduled(fn, jobs)):
            continue
        rows = route_lists.rows_of(call)
        if rows is None or not _walked(scope, rows):
            continue
        model = reads.entity(reads.receiver_segments(call)[-1])
        yield call, (f'`{reads.label(call)}()` has a filter but no page size, and the job holds every `{model}` '
                     'record it finds at once: the set grows with the table (a cursor or pages bound it)')


def _scheduled(fn: Node, jobs: dict[int, tuple[Node, Node]]) -> bool:
    f: Node | None = fn
    while f is not None:
        if f.start_byte in jobs and same(jobs[f.start_byte][0], f):
            return True
        f = s.enclosing_function(f)
    return False


def _walked(scope: Scope, rows: Node) -> bool:
    """The rows are looped over or handed on whole (``for (const r of rows)``, ``rows.forEach``,
    ``handle(rows)``), not only counted (``rows.length``)."""
    fl = flow.of(scope.file, rows)
    for b in fl.bindings_of(rows):
        for ref in fl.references(b):
            parent = s.parent_of(ref)
            if parent is None:
                continue
            if parent.type == 'for_in_statement' and same(parent.child_by_field_name('right'), ref):
                return True
            if parent.type == 'member_expression' and s.text(parent.child_by_field_name('property')) in _WALKS:
                return True
            if parent.type == 'arguments':
                call = s.parent_of(parent)
                if call is not None and not s.callee_path(call).split('.')[0] in ('console', 'logger', 'log'):
                    return True
    return False
