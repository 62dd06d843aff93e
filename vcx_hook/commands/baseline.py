"""The baseline: questions a team has chosen to leave open in legacy code, in ``.vcx-baseline.json``.

An entry is keyed by check, path, function and a fingerprint of the normalized offending code
(``report.fingerprint``), never by line number, so edits above it do not churn it.  It records how
many identical findings exist (``count``) and hides only that many: a new instance of the same
question in the same function is reported.  One entry per line, sorted, so a merge conflict is two
sets of lines to keep; ``vcx baseline`` also reads a file with conflict markers and keeps both sides.
"""
from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Sequence
from typing import Any
from typing import NamedTuple

from vcx_hook.config import Config
from vcx_hook.config import excluded
from vcx_hook.constants import EXIT_CLEAN
from vcx_hook.engine import git
from vcx_hook.engine import parallel
from vcx_hook.engine import progress
from vcx_hook.engine.collect import collect
from vcx_hook.engine.collect import Collected
from vcx_hook.engine.collect import Request
from vcx_hook.engine.files import read_optional
from vcx_hook.engine.parallel import Pending
from vcx_hook.engine.project import load_config
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
from vcx_hook.engine.target import Target
from vcx_hook.errors import VcxError
from vcx_hook.finding import Finding
from vcx_hook.report import fingerprint

FILENAME = '.vcx-baseline.json'
VERSION = 1
_FIELDS = ('path', 'function', 'check', 'fingerprint', 'count')
_MARKERS = ('<<<<<<<', '|||||||', '=======', '>>>>>>>')

Key = tuple[str, str, str, str]  # path, function, check id, fingerprint


class Entry(NamedTuple):
    path: str
    function: str
    check_id: str
    fingerprint: str
    occurrences: int  # identical findings recorded ('count' in the file)

    @property
    def key(self) -> Key:
        return (self.path, self.function, self.check_id, self.fingerprint)


class Applied(NamedTuple):
    open: list[Finding]  # findings the baseline does not hide
    hidden: int  # findings it hides
    stale: int  # recorded instances that no longer occur in the code judged


def key_of(f: Finding) -> Key:
    return (f.path, f.function, f.check_id, fingerprint(f))


def from_findings(findings: Iterable[Finding]) -> list[Entry]:
    counts = Counter(key_of(f) for f in findings)
    return sorted(Entry(*k, n) for k, n in counts.items())


def prune(entries: Sequence[Entry], findings: Iterable[Finding]) -> list[Entry]:
    """``entries`` lowered to what still occurs; adds nothing."""
    counts = Counter(key_of(f) for f in findings)
    kept = (e._replace(occurrences=min(e.occurrences, counts[e.key])) for e in entries)
    return sorted(e for e in kept if e.occurrences > 0)


def apply(entries: Sequence[Entry], findings: Sequence[Finding], judged: Callable[[str], bool]) -> Applied:
    """Hide up to ``count`` findings per entry (the first ones in source order).

    ``judged(path)`` says whether the whole of ``path`` was audited, so that entries recorded for it
    and not found are stale; in a touched function only audit nothing is known about the rest.
    """
    budget = {e.key: e.occurrences for e in entries}
    open_: list[Finding] = []
    hidden = 0
    for f in sorted(findings, key=Finding.sort_key):
        k = key_of(f)
        if budget.get(k, 0) > 0:
            budget[k] -= 1
            hidden += 1
        else:
            open_.append(f)
    stale = sum(n for (path, *_), n in budget.items() if n > 0 and judged(path))
    return Applied(open_, hidden, stale)


def notes(applied: Applied) -> list[str]:
    out = []
    if applied.hidden:
        out.append(f'{_n(applied.hidden, "question")} recorded in {FILENAME} not shown (--no-baseline shows them)')
    if applied.stale:
        verb = 'no longer occurs' if applied.stale == 1 else 'no longer occur'
        out.append(f'{_n(applied.stale, "baseline entry", "baseline entries")} {verb}: `vcx baseline --prune` drops them')
    return out


def _n(count: int, one: str, many: str = '') -> str:
    return f'{count} {one if count == 1 else (many or one + "s")}'


# --- the file --------------------------------------------------------------------------------

def dumps(entries: Sequence[Entry]) -> str:
    """Sorted, one entry per line: diffs and merge conflicts are whole lines."""
    lines = [
        json.dumps(dict(zip(_FIELDS, (e.path, e.function, e.check_id, e.fingerprint, e.occurrences))), ensure_ascii=False)
        for e in sorted(_merge(entries))
    ]
    body = ',\n'.join(f'  {line}' for line in lines)
    return f'{{"version": {VERSION}, "entries": [\n{body}{chr(10) if lines else ""}]}}\n'


def loads(text: str, origin: str, resolve_conflicts: bool = False) -> list[Entry]:
    """Parse a baseline; errors name the file and what is wrong.

    With ``resolve_conflicts`` (``vcx baseline``), merge conflict markers are read as "keep both sides".
    """
    if any(line.startswith(_MARKERS) for line in text.splitlines()):
        if not resolve_conflicts:
            raise VcxError(
                f'{origin}: merge conflict markers; keep both sides\' lines, or run `vcx baseline --prune` '
                f'(it keeps both sides and drops what no longer occurs)'
            )
        return _merge(_entries_by_line(text, origin))
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        raise VcxError(f'{origin}: not valid JSON: {e}') from None
    if not isinstance(doc, dict) or not isinstance(doc.get('entries'), list):
        raise VcxError(f'{origin}: expected {{"version": {VERSION}, "entries": [...]}}')
    if doc.get('version') != VERSION:
        raise VcxError(f'{origin}: version {doc.get("version")!r} is not supported (expected {VERSION})')
    return _merge(_entry(raw, f'{origin}: entries[{i}]') for i, raw in enumerate(doc['entries']))


def _entry(raw: object, where: str) -> Entry:
    if not isinstance(raw, dict) or set(raw) != set(_FIELDS):
        raise VcxError(f'{where}: expected an object with keys {", ".join(_FIELDS)}')
    values = [raw[k] for k in _FIELDS]
    if not all(isinstance(v, str) for v in values[:4]) or not isinstance(values[4], int) or values[4] < 1:
        raise VcxError(f'{where}: path, function, check and fingerprint are strings; count is a positive integer')
    return Entry(*values)


def _entries_by_line(text: str, origin: str) -> list[Entry]:
    out = []
    in_base = False  # diff3 style: the common ancestor's lines are neither side
    for n, line in enumerate(text.splitlines(), 1):
        if line.startswith('|||||||'):
            in_base = True
        elif line.startswith(('=======', '<<<<<<<', '>>>>>>>')):
            in_base = False
        elif not in_base and line.strip().startswith('{"path"'):
            try:
                raw = json.loads(line.strip().rstrip(','))
            except json.JSONDecodeError as e:
                raise VcxError(f'{origin}:{n}: not a baseline entry: {e}') from None
            out.append(_entry(raw, f'{origin}:{n}'))
    return out


def _merge(entries: Iterable[Entry]) -> list[Entry]:
    """One entry per key; duplicates (both sides of a merge) keep the larger count."""
    best: dict[Key, Entry] = {}
    for e in entries:
        if e.key not in best or e.occurrences > best[e.key].occurrences:
            best[e.key] = e
    return sorted(best.values())


def read(data: bytes | None, origin: str) -> list[Entry]:
    return [] if data is None else loads(data.decode('utf-8', 'replace'), origin)


def write(root: str, entries: Sequence[Entry]) -> str:
    path = os.path.join(root, FILENAME)
    # A file name that is not UTF-8 is held as surrogates: written as JSON's `\udcXX` escapes.
    with open(path, 'w', encoding='utf-8', errors='backslashreplace', newline='\n') as f:
        f.write(dumps(entries))
    return path


def run(prune_only: bool = False, config_file: str | None = None, jobs: int = 0) -> int:
    """``vcx baseline``: record the open questions of every tracked file (``--prune``: only drop
    the entries that no longer occur)."""
    cwd = os.getcwd()
    if git.discover(cwd) is None:
        raise VcxError('baseline: not in a git repository (the baseline covers every tracked JS/TS file)')
    # A file in the index but not on disk (sparse checkout, skip-worktree) is still committed:
    # its questions are read from the index, not dropped as if fixed.
    collected, repo = collect(Request(all_files=True, absent_from_index=True), cwd)
    assert repo is not None
    config = load_config(Request(config_file=config_file), repo, 'all', cwd)
    targets = [t for t in collected.items if isinstance(t, (Target, Pending)) and not excluded(t.path, config)]
    search = start_rejection_search(config, Request(), repo, 'all', targets)  # git reads meanwhile
    config = with_runtimes(config, Request(), repo, 'all', cwd, (t.path for t in targets))
    config = with_uniques(config, Request(), repo, 'all', cwd, targets)
    config = with_importers(config, Request(), repo, 'all', cwd, targets)
    config = with_app_limiters(config, Request(), repo, 'all', cwd, targets)
    config = with_transaction_callers(config, Request(), repo, 'all', cwd, targets)
    config = with_remote_methods(config, Request(), repo, 'all', cwd, targets)
    config = with_helper_effects(config, Request(), repo, 'all', cwd, targets)
    config = with_device_importers(config, Request(), repo, 'all', cwd, targets)
    config = with_element_bases(config, Request(), repo, 'all', cwd, targets)
    config = with_shell_components(config, Request(), repo, 'all', cwd, targets)
    config = with_rejection_logger(config, Request(), repo, 'all', cwd, search)
    config = with_express_wrapper(config, Request(), repo, 'all', cwd, targets)
    results = parallel.audit_targets(targets, config, jobs, progress=progress.Progress(len(targets)))
    findings = [f for r in results for f in r.findings]

    data = read_optional(os.path.join(repo.root, FILENAME))
    existing = [] if data is None else loads(data.decode('utf-8', 'replace'), FILENAME, resolve_conflicts=True)
    judged = judged_paths(collected, config, targets, results, repo_wide=True)
    kept = [e for e in existing if not judged(e.path)]  # files not audited this time (too big...)
    if prune_only:
        entries = prune([e for e in existing if judged(e.path)], findings) + kept
    else:
        entries = from_findings(findings) + kept
    write(repo.root, entries)
    before = sum(e.occurrences for e in existing)
    after = sum(e.occurrences for e in entries)
    files = len({e.path for e in entries})
    if prune_only:
        print(f'vcx: {FILENAME}: dropped {before - after} of {before} recorded questions; {after} left in {files} file{"" if files == 1 else "s"}')
    else:
        print(f'vcx: wrote {FILENAME}: {after} open question{"" if after == 1 else "s"} in {files} file{"" if files == 1 else "s"}; commit it to share it')
    return EXIT_CLEAN


def load_recorded(repo: git.Repo | None, mode: str, to_ref: str, cwd: str) -> list[Entry]:
    """The baseline the audited code is judged by: like the configuration, staged mode reads the index."""
    if repo is None:
        return read(read_optional(os.path.join(cwd, FILENAME)), FILENAME)
    if mode == 'staged':
        return read(git.index_blob(repo, FILENAME), f'{FILENAME} (staged)')
    if mode == 'range':
        return read(git.tree_blob(repo, to_ref, FILENAME), f'{FILENAME} (at {to_ref})')
    return read(read_optional(os.path.join(repo.root, FILENAME)), FILENAME)


def apply_recorded(
        request: Request, repo: git.Repo | None, collected: Collected, config: Config,
        targets: Sequence[Any], results: Sequence[FileResult], findings: list[Finding],
) -> tuple[list[Finding], list[str]]:
    """The findings the baseline does not record, and notes on what it hid or no longer matches."""
    entries = load_recorded(repo, collected.mode, request.to_ref or 'HEAD', os.getcwd())
    if not entries:
        return findings, []
    judged = judged_paths(collected, config, targets, results, repo_wide=not request.paths and repo is not None)
    applied = apply(entries, findings, judged)
    return applied.open, notes(applied)


def judged_paths(
        collected: Collected, config: Config, targets: Sequence[Any], results: Sequence[FileResult], repo_wide: bool,
) -> Callable[[str], bool]:
    """Paths whose every finding is known: audited whole, or (whole-repository runs) gone or excluded."""
    whole = {t.path for t in targets if getattr(t, 'change', None) is None}
    audited = {r.path for r in results if r.audited} & whole
    repo_wide = repo_wide and collected.mode == 'all'
    listed = {getattr(i, 'path', '') for i in collected.items} | collected.absent

    def judged(path: str) -> bool:
        return path in audited or (repo_wide and (path not in listed or excluded(path, config)))

    return judged
