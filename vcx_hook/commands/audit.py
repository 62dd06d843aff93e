"""``vcx audit``: collect what to audit, audit it (in a helper process, a pool or here), take out
what the baseline records, and report."""
from __future__ import annotations

import os
import sys
from typing import NamedTuple

from vcx_hook import fold
from vcx_hook import report
from vcx_hook import suppress
from vcx_hook.commands import baseline
from vcx_hook.config import BLOCK
from vcx_hook.config import Config
from vcx_hook.config import excluded
from vcx_hook.constants import EXIT_CLEAN
from vcx_hook.constants import EXIT_OPEN
from vcx_hook.constants import version
from vcx_hook.ecosystem import importers
from vcx_hook.engine import git
from vcx_hook.engine import parallel
from vcx_hook.engine import progress
from vcx_hook.engine.collect import collect
from vcx_hook.engine.collect import Collected
from vcx_hook.engine.collect import drop_moved
from vcx_hook.engine.collect import Request
from vcx_hook.engine.parallel import Helper
from vcx_hook.engine.parallel import Pending
from vcx_hook.engine.parallel import Pool
from vcx_hook.engine.project import load_config
from vcx_hook.engine.project import unnamed_exports
from vcx_hook.engine.project import with_runtimes
from vcx_hook.engine.project import with_app_limiters
from vcx_hook.engine.project import with_remote_methods
from vcx_hook.engine.imported import with_device_importers
from vcx_hook.engine.imported import with_element_bases
from vcx_hook.engine.imported import with_helper_effects
from vcx_hook.engine.project import with_shell_components
from vcx_hook.engine.transactions import with_transaction_callers
from vcx_hook.engine.project import with_importers
from vcx_hook.engine.express_wrapper import with_express_wrapper
from vcx_hook.engine.project import start_rejection_search
from vcx_hook.engine.project import with_rejection_logger
from vcx_hook.engine.project import with_uniques
from vcx_hook.engine.target import FileResult
from vcx_hook.engine.target import Skipped
from vcx_hook.engine.target import Target
from vcx_hook.finding import LOW
from vcx_hook.finding import Finding
from vcx_hook.finding import at_least
from vcx_hook.finding import Problem


class Output(NamedTuple):
    format: str  # 'text', 'json', 'sarif' or 'github'
    color: str = 'auto'  # 'auto', 'always' or 'never' (text only)


def run(request: Request, output: Output, jobs: int = 0, use_baseline: bool = True, helper: Helper | None = None) -> int:
    cwd = os.getcwd()
    # Compiles the queries on another core while git is read, parses while the configuration
    # is read, audits while moves are looked for; --all uses a pool instead.
    if request.all_files or jobs == 1:
        if helper is not None:
            helper.abandon()
        helper = None
    elif helper is None:
        helper = parallel.start_helper()
    # --all: where there is no fork, spawned workers start now and warm up while files are listed.
    pool = parallel.start_pool(jobs) if request.all_files else None
    try:
        return _audit(request, output, jobs, use_baseline, cwd, helper, pool)
    finally:
        if pool is not None:
            pool.close()


def _audit(
        request: Request, output: Output, jobs: int, use_baseline: bool, cwd: str,
        helper: Helper | None, pool: Pool | None,
) -> int:
    collected, repo = collect(request, cwd)
    if helper is not None:
        helper.prefetch(collected.items)
    config = load_config(request, repo, collected.mode, cwd)
    if request.ask:
        config = config._replace(ask=request.ask)
    if request.show:
        config = config._replace(show=request.show)
    targets = [t for t in collected.items if isinstance(t, (Target, Pending)) and not excluded(t.path, config)]
    search = start_rejection_search(config, request, repo, collected.mode, targets)  # git reads meanwhile
    config = with_runtimes(config, request, repo, collected.mode, cwd, (t.path for t in targets))
    config = with_uniques(config, request, repo, collected.mode, cwd, targets)
    config = with_importers(config, request, repo, collected.mode, cwd, targets)
    config = with_app_limiters(config, request, repo, collected.mode, cwd, targets)
    config = with_transaction_callers(config, request, repo, collected.mode, cwd, targets)
    config = with_remote_methods(config, request, repo, collected.mode, cwd, targets)
    config = with_helper_effects(config, request, repo, collected.mode, cwd, targets)
    config = with_device_importers(config, request, repo, collected.mode, cwd, targets)
    config = with_element_bases(config, request, repo, collected.mode, cwd, targets)
    config = with_shell_components(config, request, repo, collected.mode, cwd, targets)
    config = with_rejection_logger(config, request, repo, collected.mode, cwd, search)
    config = with_express_wrapper(config, request, repo, collected.mode, cwd, targets)
    problems = [Problem(s.path, 0, s.reason) for s in collected.items if isinstance(s, Skipped)]
    if helper is not None:
        helper.prefetch(targets, config)
    notes: list[str] = []
    if collected.mode in ('staged', 'range') and targets:
        assert repo is not None
        targets, moved = drop_moved(request, repo, targets)
        if moved:
            notes.append(f'{moved} function{"" if moved == 1 else "s"} moved, not audited')

    shown = progress.Progress(len(targets), enabled=collected.mode == 'all')
    results = parallel.audit_targets(targets, config, jobs, helper, pool, shown)
    results = _dead_code_low(results, config, request, repo, collected.mode, cwd)
    findings = [f for r in results for f in r.findings]
    older = {f for r in results for f in r.older}
    if use_baseline:
        findings, baseline_notes = baseline.apply_recorded(
            request, repo, collected, config, targets, results, [*findings, *older],
        )
        notes += baseline_notes
    findings, still_older = [f for f in findings if f not in older], [f for f in findings if f in older]
    if config.fold and output.format != 'sarif':  # code scanning keeps an alert per place (docs/folding.md)
        findings, still_older = fold.per_file(findings), fold.per_file(still_older)
    # The baseline records every question; those below `show` are counted, not listed.
    hidden = sum(1 for f in [*findings, *still_older] if not listed(f, config))
    findings, still_older = [f for f in findings if listed(f, config)], [f for f in still_older if listed(f, config)]
    problems += [p for r in results for p in r.problems]
    answered = []
    if collected.mode in ('staged', 'range', 'diff'):
        by_path = {t.path: t for t in targets if isinstance(t, Target)}
        for r in results:
            change = by_path[r.path].change
            for d in suppress.answering(r.directives, r.suppressed):
                if change is None or any(s <= d.line - 1 < e for s, e in change.rows):
                    answered.append(d)
    findings.sort(key=Finding.sort_key)
    summary = report.Summary(
        mode=collected.mode,
        files=sum(1 for r in results if r.audited),
        scopes=sum(r.scopes for r in results),
        findings=[f for f in findings if blocks(f, config)],
        warnings=[f for f in findings if not blocks(f, config)],
        suppressed=sorted((s for r in results for s in r.suppressed), key=lambda s: s.finding.sort_key()),
        problems=sorted(problems, key=lambda p: (p.path, p.line, p.message)),
        answered=sorted(answered, key=lambda d: (d.path, d.line)),
        notes=notes,
        older=sorted(still_older, key=Finding.sort_key),
        run=run_kind(request, collected, repo),
        listing=_listing(request),
        hidden=hidden,
    )
    _write(summary, output)
    return EXIT_OPEN if summary.findings else EXIT_CLEAN


def _dead_code_low(
        results: list[FileResult], config: Config, request: Request, repo: git.Repo | None, mode: str, cwd: str,
) -> list[FileResult]:
    """The results with every question asked in an exported function that nothing in the project
    names at low confidence: nobody calls it (ecosystem/exports.py); with ``--all`` only, and only in
    a module other files import (one nobody imports may be an entry point its framework reaches)."""
    wanted: dict[str, set[str]] = {}
    for r in results:
        for _, name in r.lone_exports:
            wanted.setdefault(r.path, set()).add(name)
    wanted = {path: names for path, names in wanted.items() if importers.imported(path, config.importers)}
    dead = unnamed_exports(request, repo, mode, cwd, {p: frozenset(n) for p, n in wanted.items()}) if wanted else set()
    if not dead:
        return results
    out = []
    for r in results:
        low = {f: f._replace(confidence=LOW) for f, name in r.lone_exports if (r.path, name) in dead}
        out.append(r._replace(findings=[low.get(f, f) for f in r.findings], older=tuple(low.get(f, f) for f in r.older))
                   if low else r)
    return out


def blocks(f: Finding, config: Config) -> bool:
    """Whether an open question blocks: its check's severity is "block" and its confidence is
    at least the configured ``block`` (medium-confidence questions are listed, not blocking, by
    default; low-confidence ones are not listed)."""
    return config.severity.get(f.check_id, BLOCK) == BLOCK and at_least(f.confidence, config.block)


def listed(f: Finding, config: Config) -> bool:
    """Whether an open question is listed: its confidence is at least the configured ``show``
    (low-confidence questions are counted, not listed, by default), or it blocks."""
    return at_least(f.confidence, config.show) or blocks(f, config)


def run_kind(request: Request, collected: Collected, repo: git.Repo | None) -> str:
    """What the run is, as the checklist says it: 'commit', 'push', 'range', 'files' or 'diff'."""
    if collected.mode == 'range':
        return 'push' if request.pushed else 'range'
    if collected.mode == 'staged':
        staged = git.staged_paths(repo) if repo is not None else set()
        audited = {getattr(i, 'path', '') for i in collected.items}
        return 'files' if request.paths and audited and audited.isdisjoint(staged) else 'commit'
    return {'all': 'files'}.get(collected.mode, collected.mode)


def _listing(request: Request) -> str:
    """The command that lists the older questions too."""
    refs = f' --from-ref {request.from_ref} --to-ref {request.to_ref}' if request.from_ref and request.to_ref else ''
    return f'vcx audit --ask touched-functions{refs}'


def _write(summary: report.Summary, output: Output) -> None:
    out = sys.stdout
    if output.format == 'json':
        out.write(report.as_json(summary))
    elif output.format == 'sarif':
        out.write(report.as_sarif(summary, version()))
    elif output.format == 'github':
        out.write(report.as_github(summary))
    else:
        out.write(report.text(summary, report.use_color(out, output.color)))
    out.flush()
