"""Recall on real bugs: does the tool ask the right question of the code a maintainer later fixed?

    python bench/realbugs/score.py --mirrors DIR [--cases FILE] [--case ID ...] [--family F ...]
                                   [--check-fixed] [--high-only] [--tree] [--json] [--verbose]

Each row of ``cases.csv`` names a bug-fix commit of a public repository, its parent, the file and the
function (1-based line span in the parent) that held the bug, and the family of the question that
should have been asked.  For every case the parent's version of the file (and the ``package.json``
of the root and of each folder above the file, which the tool reads for the project's dependencies
and runtimes) is written into a fresh
temporary git repository and audited with the command line, ``python -m vcx_hook audit --all
--format json --jobs 1 --show low PATH``.  The case is *found* when a finding of the case's family lands
within the function's span, and *listed* when such a finding is listed by default (high or medium
confidence; a low-confidence one is only counted unless ``--show low``); ``--high-only`` counts
high-confidence findings alone.  ``--check-fixed`` audits the fix's version as well and says whether the
question is gone there (the span is carried over to the fixed file by a line diff).  ``--tree`` audits
the file in a checkout of the whole commit instead, as a user's repository has it: what the tool reads
of the rest of the project (the helpers a file imports, who imports it, the app's limiters and
rejection handler) is then in sight, which a file written alone hides.

DIR holds the repositories' git directories, fetched with history: ``fetch`` leaves them as
``DIR/<owner>+<name>/repo``; ``git clone --mirror https://github.com/<owner>/<name>
DIR/<owner>+<name>.git`` works as well (see README.md).  Exit status: 0 when every case could be
audited, 2 when a case's repository, commit or file is missing or the tool failed.
"""
from __future__ import annotations

import argparse
import collections
import csv
import difflib
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from collections.abc import Sequence
from typing import NamedTuple

HERE = os.path.dirname(os.path.abspath(__file__))
FAMILIES = (
    'error-handling', 'n-plus-one', 'unvalidated-input', 'missing-cleanup', 'race-condition',
    'missing-rate-limit', 'hardcoded-config', 'unbounded-query', 'missing-transaction', 'timezone',
)
COLUMNS = ('id', 'repo', 'fix', 'parent', 'path', 'function', 'start', 'end', 'family', 'shape', 'fixed_by')


class Case(NamedTuple):
    id: str
    repo: str  # owner/name
    fix: str
    parent: str
    path: str
    function: str
    start: int  # 1-based, inclusive, in the parent's file
    end: int
    family: str
    shape: str
    fixed_by: str


class Hit(NamedTuple):
    check: str
    line: int  # 1-based
    message: str
    confidence: str = 'high'  # reports written before confidence tiers have none


class Outcome(NamedTuple):
    case: Case
    found: bool  # by a question of the case's family at the floor's confidence or above
    hits: tuple[Hit, ...]  # every finding within the span, any family
    fixed_hits: tuple[Hit, ...] | None  # the case's family within the carried-over span (--check-fixed)
    error: str
    listed: bool = False  # found by a question listed by default (high or medium confidence)


class CaseError(Exception):
    pass


def read_cases(path: str) -> list[Case]:
    """Rows of a cases file (CSV with a header row of ``COLUMNS``); a malformed row is an error."""
    with open(path, newline='', encoding='utf-8') as f:
        return parse_cases(f.read().splitlines(), path)


def parse_cases(lines: Iterable[str], where: str = 'cases') -> list[Case]:
    reader = csv.DictReader(lines)
    if tuple(reader.fieldnames or ()) != COLUMNS:
        raise CaseError(f'{where}: the header must be {",".join(COLUMNS)}')
    out = []
    seen = set()
    for row in reader:
        n = reader.line_num
        if None in row or any(row[c] is None for c in COLUMNS):
            raise CaseError(f'{where}:{n}: {len(COLUMNS)} columns expected')
        if row['family'] not in FAMILIES:
            raise CaseError(f'{where}:{n}: unknown family {row["family"]!r}')
        try:
            start, end = int(row['start']), int(row['end'])
        except ValueError:
            raise CaseError(f'{where}:{n}: start and end must be line numbers') from None
        if not 1 <= start <= end:
            raise CaseError(f'{where}:{n}: the span {start}-{end} is empty')
        if row['id'] in seen:
            raise CaseError(f'{where}:{n}: duplicate id {row["id"]!r}')
        seen.add(row['id'])
        out.append(Case(**{**row, 'start': start, 'end': end}))  # type: ignore[arg-type]
    return out


def hits_in(report: dict, path: str, start: int, end: int) -> tuple[Hit, ...]:
    """Findings of an ``audit --format json`` report on ``path`` whose line lies in [start, end]: one
    hit per place, a question folded over several places of the file (its ``folded`` lines) included."""
    return tuple(
        Hit(f['check'], line, f['message'], f.get('confidence', 'high'))
        for f in report.get('findings', [])
        for line in (f['line'], *f.get('folded', ()))
        if f['path'] == path and start <= line <= end
    )


RANK = {'high': 2, 'medium': 1, 'low': 0}


def is_found(case: Case, hits: Sequence[Hit], floor: str = 'low') -> bool:
    """Whether a question of the case's family at ``floor`` confidence or above is in ``hits``."""
    return any(h.check == case.family and RANK[h.confidence] >= RANK[floor] for h in hits)


def carry_span(before: str, after: str, start: int, end: int) -> tuple[int, int]:
    """The 1-based span of ``after`` that corresponds to lines ``start``-``end`` of ``before``: each
    end is mapped through the line diff, a line the diff replaced going to the edge of its block."""
    matcher = difflib.SequenceMatcher(None, before.splitlines(), after.splitlines(), autojunk=False)
    new_start, new_end = start, end
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if i1 <= start - 1 < i2:
            new_start = j1 + (start - 1 - i1) + 1 if tag == 'equal' else j1 + 1
        if i1 <= end - 1 < i2:
            new_end = j1 + (end - 1 - i1) + 1 if tag == 'equal' else j2
    return new_start, max(new_start, new_end)


def git_dir(mirrors: str, repo: str) -> str:
    owner, name = repo.split('/', 1)
    # A snapshot fetched as a work tree's git directory (`owner+name/repo/.git`) as well as a bare one.
    for cand in (f'{owner}+{name}/repo', f'{owner}+{name}/repo/.git', f'{owner}+{name}.git', f'{owner}+{name}', f'{owner}/{name}.git',
                 f'{owner}/{name}', f'{name}.git', name):
        path = os.path.join(mirrors, cand)
        if os.path.isdir(path) and _git(path, 'rev-parse', '--git-dir', check=False)[0] == 0:
            return path
    raise CaseError(f'{repo}: no git directory under {mirrors} (fetch github:{repo}, or git clone --mirror)')


def _git(gitdir: str, *args: str, check: bool = True) -> tuple[int, bytes]:
    proc = subprocess.run(['git', '--git-dir', gitdir, *args], capture_output=True)
    if check and proc.returncode:
        raise CaseError(f'git {" ".join(args)}: {proc.stderr.decode(errors="replace").strip()}')
    return proc.returncode, proc.stdout


def blob(gitdir: str, commit: str, path: str) -> bytes | None:
    code, out = _git(gitdir, 'show', f'{commit}:{path}', check=False)
    return out if code == 0 else None


def manifests(path: str) -> list[str]:
    """The package.json of the root and of every folder above ``path`` (a monorepo's app declares its
    own packages and runtime), outermost first; not ``path`` itself."""
    parts = path.split('/')[:-1]
    found = ['/'.join([*parts[:n], 'package.json']) for n in range(len(parts) + 1)]
    return [m for m in found if m != path]


def audit(gitdir: str, commit: str, path: str, python: str, tree: bool = False) -> tuple[dict, str]:
    """The JSON report of the tool on ``path`` as of ``commit`` (with the package.json files of the
    root and the folders above it; with ``tree``, in a checkout of the whole commit), and the file's text."""
    data = blob(gitdir, commit, path)
    if data is None:
        raise CaseError(f'{path} is not in {commit[:12]}')
    with tempfile.TemporaryDirectory(prefix='vcx-realbugs-') as tmp:
        if tree:
            checkout(gitdir, commit, tmp)
        else:
            _write_alone(gitdir, commit, path, data, tmp)
        proc = subprocess.run(
            [python, '-m', 'vcx_hook', 'audit', '--all', '--format', 'json', '--jobs', '1', '--show', 'low', path],
            cwd=tmp, capture_output=True,
        )
    if proc.returncode not in (0, 1):
        raise CaseError(f'vcx exited {proc.returncode}: {proc.stderr.decode(errors="replace").strip()[-300:]}')
    return json.loads(proc.stdout), data.decode('utf-8', errors='replace')


def _write_alone(gitdir: str, commit: str, path: str, data: bytes, tmp: str) -> None:
    """A fresh repository holding ``path`` and the package.json files above it, as of ``commit``."""
    target = os.path.join(tmp, path)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, 'wb') as f:
        f.write(data)
    for manifest_path in manifests(path):
        manifest = blob(gitdir, commit, manifest_path)
        if manifest is not None:
            with open(os.path.join(tmp, manifest_path), 'wb') as f:
                f.write(manifest)
    subprocess.run(['git', 'init', '-q', tmp], check=True)
    subprocess.run(['git', '-C', tmp, 'add', '-A'], check=True)


def checkout(gitdir: str, commit: str, dest: str) -> None:
    """A work tree of the whole ``commit`` at ``dest`` (HEAD at ``commit``, every file staged), as a
    user's checkout has it, so that what the tool reads of the rest of the project (who imports a
    file, the app's limiters and rejection handler, the helpers a file imports) is there; blobs a
    snapshot left out (large media) are skipped."""
    subprocess.run(['git', 'clone', '-q', '--shared', '--no-checkout', gitdir, dest], check=True, capture_output=True)
    subprocess.run(['git', '-C', dest, 'update-ref', '--no-deref', 'HEAD', commit], check=True)
    subprocess.run(['git', '-C', dest, 'read-tree', 'HEAD'], check=True)
    entries = [e.split(b'\t', 1) for e in subprocess.run(
        ['git', '-C', dest, 'ls-files', '-s', '-z'], check=True, capture_output=True).stdout.split(b'\0') if e]
    present = subprocess.run(['git', '-C', dest, 'cat-file', '--batch-check'], check=True, capture_output=True,
                             input=b''.join(m.split()[1] + b'\n' for m, _ in entries)).stdout.splitlines()
    ok = [p for (_, p), status in zip(entries, present) if not status.endswith(b'missing')]
    subprocess.run(['git', '-C', dest, 'checkout-index', '-f', '-z', '--stdin'], input=b'\0'.join(ok),
                   check=True, capture_output=True)


def score(case: Case, mirrors: str, python: str, check_fixed: bool, high_only: bool = False,
          tree: bool = False) -> Outcome:
    try:
        gitdir = git_dir(mirrors, case.repo)
        report, text = audit(gitdir, case.parent, case.path, python, tree)
        hits = hits_in(report, case.path, case.start, case.end)
        fixed_hits = None
        if check_fixed:
            fixed_report, fixed_text = audit(gitdir, case.fix, case.path, python, tree)
            start, end = carry_span(text, fixed_text, case.start, case.end)
            fixed_hits = tuple(h for h in hits_in(fixed_report, case.path, start, end) if h.check == case.family)
        return Outcome(case, is_found(case, hits, 'high' if high_only else 'low'), hits, fixed_hits, '',
                       is_found(case, hits, 'high' if high_only else 'medium'))
    except CaseError as e:
        return Outcome(case, False, (), None, str(e))


def table(outcomes: Sequence[Outcome]) -> list[str]:
    """Found / missed per family and in total (cases that could not be audited are counted apart);
    ``listed``: found by a question listed by default, not only by a low-confidence one."""
    rows: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0, 0, 0])
    for o in outcomes:
        rows[o.case.family][2 if o.error else 0 if o.found else 1] += 1
        rows[o.case.family][3] += o.listed and not o.error
    lines = [f'{"family":<20} {"found":>5} {"missed":>6} {"error":>5} {"recall":>7} {"listed":>6} {"recall":>7}']
    total = [0, 0, 0, 0]
    for fam in FAMILIES:
        if fam not in rows:
            continue
        found, missed, err, listed = rows[fam]
        total = [total[0] + found, total[1] + missed, total[2] + err, total[3] + listed]
        lines.append(f'{fam:<20} {found:>5} {missed:>6} {err:>5} {_pct(found, found + missed):>7} '
                     f'{listed:>6} {_pct(listed, found + missed):>7}')
    found, missed, err, listed = total
    lines.append(f'{"total":<20} {found:>5} {missed:>6} {err:>5} {_pct(found, found + missed):>7} '
                 f'{listed:>6} {_pct(listed, found + missed):>7}')
    return lines


def _pct(a: int, b: int) -> str:
    return f'{100 * a / b:.0f}%' if b else '-'


def case_line(o: Outcome) -> str:
    c = o.case
    status = 'ERROR' if o.error else 'MISSED' if not o.found else 'found' if o.listed else 'low'
    line = f'{status:<6} {c.id:<24} {c.family:<19} {c.repo}:{c.path}:{c.start}-{c.end} {c.function}'
    if o.error:
        return f'{line}\n       {o.error}'
    others = sorted({h.check for h in o.hits if h.check != c.family})
    if others:
        line += f'  [in span: {", ".join(others)}]'
    if o.found and o.fixed_hits is not None:
        line += '  fixed: ' + ('still asked' if o.fixed_hits else 'gone')
    return line


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--mirrors', required=True, help='directory holding the fetched git directories')
    parser.add_argument('--cases', default=os.path.join(HERE, 'cases.csv'))
    parser.add_argument('--case', action='append', default=[], help='only this case id (repeatable)')
    parser.add_argument('--family', action='append', default=[], choices=FAMILIES, help='only this family')
    parser.add_argument('--check-fixed', action='store_true', help='audit the fix too: is the question gone?')
    parser.add_argument('--high-only', action='store_true',
                        help='count only high-confidence findings (the ones the hook blocks on by default)')
    parser.add_argument('--tree', action='store_true',
                        help="audit the file in a checkout of the whole commit (the rest of the project in sight), not alone")
    parser.add_argument('--python', default=sys.executable, help='the interpreter that runs vcx_hook')
    parser.add_argument('--json', action='store_true', help='one JSON object per case instead of the table')
    parser.add_argument('--verbose', '-v', action='store_true', help='the findings within each span')
    args = parser.parse_args(argv)
    try:
        cases = read_cases(args.cases)
    except (OSError, CaseError) as e:
        print(f'score.py: {e}', file=sys.stderr)
        return 2
    cases = [c for c in cases if (not args.case or c.id in args.case) and (not args.family or c.family in args.family)]
    outcomes = []
    for c in cases:
        o = score(c, args.mirrors, args.python, args.check_fixed, args.high_only, args.tree)
        outcomes.append(o)
        if args.json:
            print(json.dumps({**c._asdict(), 'found': o.found, 'listed': o.listed, 'error': o.error,
                              'hits': [h._asdict() for h in o.hits],
                              'fixed_hits': None if o.fixed_hits is None else [h._asdict() for h in o.fixed_hits]}))
        else:
            print(case_line(o))
            if args.verbose:
                for h in o.hits:
                    print(f'       {c.path}:{h.line} {h.check} ({h.confidence}): {h.message}')
    if not args.json:
        print()
        print('\n'.join(table(outcomes)))
        if args.check_fixed:
            found = [o for o in outcomes if o.found and o.fixed_hits is not None]
            gone = sum(1 for o in found if not o.fixed_hits)
            print(f'question gone in the fix: {gone} of {len(found)} found cases')
    return 2 if any(o.error for o in outcomes) else 0


if __name__ == '__main__':
    raise SystemExit(main())
