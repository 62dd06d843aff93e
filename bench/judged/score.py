"""Precision of the judged findings in bench/judged/*.csv, and which of them a later version still reports.

    python bench/judged/score.py                       # precision per family and overall
    python bench/judged/score.py --mirrors /work/.mirror   # re-run this checkout's vcx at each recorded commit

A judged row is (repository, commit, path, line, check, verdict, reason[, pattern[, confidence[, message]]]);
verdicts score worth = 1, borderline = 0.5, not = 0. Where rows record the finding's confidence in the
run (high, medium), the table is repeated for the high-confidence ones, and where a sample drew low-confidence findings too (to check that the low tier is noise) for what is listed by default and for the low ones apart. `runs.csv` records what the tool reported per repository and family when
the sample was drawn; with it the overall figure is also given weighted by those counts, so a family
that asks a lot weighs as much as it is seen. A re-run matches a judged finding to a reported one with
the same repository, path and check and a line at most --tolerance rows away (default 3: an anchor
that moves to the statement or the call of the same expression still matches); each reported finding
matches one judged finding at most, the nearest first.  A question folded over several places of a
file (vcx_hook/fold.py: its JSON ``folded`` lines) counts as one reported finding per place, here and
in the recorded counts, so that judged places and runs.csv stay comparable with unfolded runs.
"""
from __future__ import annotations

import argparse
import csv
import glob
import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence
from typing import NamedTuple

HERE = os.path.dirname(os.path.abspath(__file__))
JUDGED_FIELDS = ('repository', 'commit', 'path', 'line', 'check', 'verdict', 'reason')
PATTERN_FIELD = 'pattern'  # optional eighth column: why a finding is not worth asking, or the worth shape
CONFIDENCE_FIELD = 'confidence'  # optional ninth column: the finding's confidence in the run (high, medium)
MESSAGE_FIELD = 'message'  # optional tenth column: the question as asked (sample.py's worksheets); shapes.py groups by it
RUN_FIELDS = ('repository', 'commit', 'tool_commit', 'files', 'kloc', 'check', 'findings')
SCORES = {'worth': 1.0, 'borderline': 0.5, 'not': 0.0}
JS_SUFFIXES = ('.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx')


class Judged(NamedTuple):
    repository: str
    commit: str
    path: str
    line: int
    check: str
    verdict: str
    reason: str
    pattern: str = ''
    confidence: str = ''
    message: str = ''


class Reported(NamedTuple):
    path: str
    line: int
    check: str
    confidence: str = 'high'
    message: str = ''


class RunCount(NamedTuple):
    repository: str
    commit: str
    tool_commit: str
    files: int
    kloc: float
    check: str
    findings: int


def read_judged(paths: Iterable[str]) -> list[Judged]:
    rows = []
    for path in paths:
        with open(path, newline='', encoding='utf-8') as fh:
            reader = csv.DictReader(fh)
            if tuple(reader.fieldnames or ()) not in (JUDGED_FIELDS, (*JUDGED_FIELDS, PATTERN_FIELD),
                                                      (*JUDGED_FIELDS, PATTERN_FIELD, CONFIDENCE_FIELD),
                                                      (*JUDGED_FIELDS, PATTERN_FIELD, CONFIDENCE_FIELD, MESSAGE_FIELD)):
                continue
            for n, row in enumerate(reader, start=2):
                if row['verdict'] not in SCORES:
                    raise SystemExit(f'{path}:{n}: verdict {row["verdict"]!r} is not one of {", ".join(SCORES)}')
                rows.append(Judged(**{**row, 'line': int(row['line'])}))
    return rows


def read_runs(path: str) -> list[RunCount]:
    if not os.path.exists(path):
        return []
    with open(path, newline='', encoding='utf-8') as fh:
        return [
            RunCount(r['repository'], r['commit'], r['tool_commit'], int(r['files']), float(r['kloc']),
                     r['check'], int(r['findings']))
            for r in csv.DictReader(fh)
        ]


def precision(rows: Sequence[Judged]) -> float | None:
    return sum(SCORES[r.verdict] for r in rows) / len(rows) if rows else None


def weighted_precision(rows: Sequence[Judged], runs: Sequence[RunCount]) -> float | None:
    """Each (repository, check) stratum's sample precision weighted by how many findings it had."""
    total = weight = 0.0
    for run in runs:
        p = precision([r for r in rows if (r.repository, r.check) == (run.repository, run.check)])
        if p is not None:
            total += p * run.findings
            weight += run.findings
    return total / weight if weight else None


def _pct(p: float | None) -> str:
    return '-' if p is None else f'{100 * p:.0f}%'


def family_table(rows: Sequence[Judged], runs: Sequence[RunCount] = ()) -> list[str]:
    out = [f'{"family":<20} {"judged":>6} {"worth":>6} {"border":>6} {"not":>6} {"precision":>9}']
    for check in sorted({r.check for r in rows}):
        fam = [r for r in rows if r.check == check]
        n = {v: sum(r.verdict == v for r in fam) for v in SCORES}
        out.append(f'{check:<20} {len(fam):>6} {n["worth"]:>6} {n["borderline"]:>6} {n["not"]:>6} '
                   f'{_pct(precision(fam)):>9}')
    out.append(f'{"overall":<20} {len(rows):>6} {sum(r.verdict == "worth" for r in rows):>6} '
               f'{sum(r.verdict == "borderline" for r in rows):>6} {sum(r.verdict == "not" for r in rows):>6} '
               f'{_pct(precision(rows)):>9}')
    if runs:
        out.append(f'overall weighted by the recorded count of each (repository, family): '
                   f'{_pct(weighted_precision(rows, runs))}')
    return out


def high_confidence_table(rows: Sequence[Judged]) -> list[str]:
    """The family table of the judged findings the run reported with high confidence (what the hook
    blocks on by default), among the rows that recorded a confidence; nothing when none did."""
    rated = [r for r in rows if r.confidence]
    if not rated:
        return []
    return [f'high confidence only ({sum(r.confidence == "high" for r in rated)} of the {len(rated)} judged '
            f'findings with a recorded confidence):',
            *family_table([r for r in rated if r.confidence == 'high'])]


def tier_tables(rows: Sequence[Judged], runs: Sequence[RunCount] = ()) -> list[str]:
    """Where a sample drew low-confidence findings too (judged to check that the low tier is noise),
    the family table of what is listed by default (high and medium) and of the low rows apart;
    nothing when no row is low."""
    low = [r for r in rows if r.confidence == 'low']
    if not low:
        return []
    listed = [r for r in rows if r.confidence and r.confidence != 'low']
    return ['listed by default (high and medium confidence: what a new user sees):', *family_table(listed, runs), '',
            'low confidence (not listed by default):', *family_table(low)]


def pattern_table(rows: Sequence[Judged], examples: int = 2) -> list[str]:
    """Patterns ranked by how many judged findings they explain, with the families and first examples."""
    by: dict[str, list[Judged]] = {}
    for r in rows:
        by.setdefault(r.pattern or '(untagged)', []).append(r)
    out = [f'{"pattern":<48} {"n":>3} {"not":>4} {"bord":>4} {"worth":>5}  families; examples']
    for pattern, group in sorted(by.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        n = {v: sum(r.verdict == v for r in group) for v in SCORES}
        families = ', '.join(sorted({r.check for r in group}))
        shown = '; '.join(f'{r.repository.split("/")[-1]}:{r.path}:{r.line}' for r in group[:examples])
        out.append(f'{pattern:<48} {len(group):>3} {n["not"]:>4} {n["borderline"]:>4} {n["worth"]:>5}  '
                   f'{families}; {shown}')
    return out


def match(judged: Sequence[Judged], reported: Sequence[Reported], tolerance: int) -> dict[Judged, Reported]:
    """Judged findings of one repository -> the reported finding each is still reported as."""
    pairs = sorted(
        (abs(j.line - r.line), i, k)
        for i, j in enumerate(judged) for k, r in enumerate(reported)
        if (j.path, j.check) == (r.path, r.check) and abs(j.line - r.line) <= tolerance
    )
    matched: dict[Judged, Reported] = {}
    used: set[int] = set()
    for _, i, k in pairs:
        if judged[i] not in matched and k not in used:
            matched[judged[i]] = reported[k]
            used.add(k)
    return matched


def find_mirror(mirrors: str, repository: str) -> str | None:
    owner_name = repository.replace('/', '+')
    for cand in (os.path.join(mirrors, owner_name, 'repo'), os.path.join(mirrors, owner_name),
                 os.path.join(mirrors, repository.split('/')[-1])):
        if os.path.isdir(cand):
            return cand
    return None


def _git(*args: str, stdin: str | None = None) -> str:
    return subprocess.run(('git', *args), input=stdin, capture_output=True, text=True, check=True).stdout


def checkout(mirror: str, commit: str, dest: str) -> None:
    """Work tree of ``commit`` at ``dest``; blobs a snapshot left out (large media) are skipped."""
    _git('clone', '-q', '--shared', '--no-checkout', mirror, dest)
    _git('-C', dest, 'update-ref', '--no-deref', 'HEAD', commit)
    _git('-C', dest, 'read-tree', 'HEAD')
    entries = [line.split('\t', 1) for line in _git('-C', dest, 'ls-files', '-s', '-z').split('\0') if line]
    present = _git('-C', dest, 'cat-file', '--batch-check', stdin=''.join(f'{m.split()[1]}\n' for m, _ in entries))
    ok = [path for (_, path), status in zip(entries, present.splitlines()) if not status.endswith('missing')]
    subprocess.run(('git', '-C', dest, 'checkout-index', '-f', '-z', '--stdin'),
                   input='\0'.join(ok).encode(), capture_output=True, check=True)


def audit_all(work_tree: str, show: str = '') -> dict[str, object]:
    """This environment's vcx, as a new user runs it: whole repository, default configuration
    (``show='low'`` lists the low-confidence questions too)."""
    tier = ('--show', show) if show else ()
    proc = subprocess.run((sys.executable, '-m', 'vcx_hook', 'audit', '--all', '--format', 'json', *tier),
                          cwd=work_tree, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        raise SystemExit(f'vcx failed in {work_tree} (exit {proc.returncode}): {proc.stderr.strip()[-500:]}')
    result: dict[str, object] = json.loads(proc.stdout)
    return result


def run_tool(work_tree: str) -> list[Reported]:
    """Every question of the run, the low-confidence ones (not listed by default) included."""
    findings = audit_all(work_tree, show='low')['findings']
    assert isinstance(findings, list)
    return reported_places(findings)


def reported_places(findings: Sequence[dict[str, object]]) -> list[Reported]:
    """One ``Reported`` per place asked: a folded question's own line and each of its ``folded`` lines,
    with the message as the place is asked (without the fold's "(and N more in this file: ...)")."""
    return [Reported(str(f['path']), line, str(f['check']), str(f.get('confidence', 'high')),
                     _FOLD_NOTE.sub('', str(f.get('message', ''))))
            for f in findings for line in _places(f)]


_FOLD_NOTE = re.compile(r' \(and \d+ more in this file: [^)]*\)$')


def _places(f: dict[str, object]) -> list[int]:
    folded = f.get('folded', [])
    assert isinstance(f['line'], int) and isinstance(folded, list)
    return [f['line'], *folded]


def kloc(work_tree: str) -> float:
    """Thousands of lines in the tracked files with a JavaScript/TypeScript suffix (excluded ones too)."""
    paths = [p for p in _git('-C', work_tree, 'ls-files', '-z').split('\0') if p.endswith(JS_SUFFIXES)]
    lines = 0
    for path in paths:
        try:
            with open(os.path.join(work_tree, path), 'rb') as fh:
                lines += fh.read().count(b'\n')
        except OSError:  # a blob the snapshot left out, a symlink to nowhere
            continue
    return lines / 1000


def record(work_tree: str, repository: str, tool_commit: str) -> list[RunCount]:
    """The runs.csv rows of one repository: findings per family of an --all run at its HEAD."""
    result = audit_all(work_tree)
    findings = result['findings']
    assert isinstance(findings, list) and isinstance(result['files'], int)
    commit = _git('-C', work_tree, 'rev-parse', 'HEAD').strip()
    size = round(kloc(work_tree), 1)
    checks = sorted({f['check'] for f in findings})
    return [RunCount(repository, commit, tool_commit, result['files'], size, check,
                     sum(len(_places(f)) for f in findings if f['check'] == check)) for check in checks]


def rescore(rows: Sequence[Judged], still: dict[Judged, Reported], reported_counts: dict[str, int],
            runs: Sequence[RunCount], tolerance: int) -> list[str]:
    """The report of a re-run: what remains of the judged sample, and the volume now against then."""
    out = [f'matched by repository, path, check and a line within {tolerance} rows']
    out.append(f'{"family":<20} {"judged":>6} {"still":>6} {"precision then":>14} {"of what remains":>15} '
               f'{"worth lost":>10}')
    for check in [*sorted({r.check for r in rows}), None]:
        fam = [r for r in rows if check is None or r.check == check]
        kept = [r for r in fam if r in still]
        lost = sum(r.verdict == 'worth' and r not in still for r in fam)
        out.append(f'{check or "overall":<20} {len(fam):>6} {len(kept):>6} {_pct(precision(fam)):>14} '
                   f'{_pct(precision(kept)):>15} {lost:>10}')
    kloc = {r.repository: r.kloc for r in runs}
    then: dict[str, int] = {}
    for r in runs:
        then[r.repository] = then.get(r.repository, 0) + r.findings
    out.append('')
    out.append(f'{"repository":<28} {"findings then":>13} {"now":>6} {"per kLOC then":>13} {"now":>6}')
    for repo in sorted(reported_counts):
        k = kloc.get(repo)
        before, now = then.get(repo), reported_counts[repo]
        out.append(f'{repo:<28} {before if before is not None else "-":>13} {now:>6} '
                   f'{f"{before / k:.2f}" if k and before is not None else "-":>13} '
                   f'{f"{now / k:.2f}" if k else "-":>6}')
    lost_rows = [r for r in rows if r.verdict == 'worth' and r not in still]
    if lost_rows:
        out.append('')
        out.append('worth-asking findings no longer reported:')
        out += [f'  {r.repository}:{r.path}:{r.line} {r.check}: {r.reason}' for r in lost_rows]
    return out


def remaining_table(still_listed: dict[Judged, Reported]) -> list[str]:
    """The still-listed judged findings that were not worth asking, by family then pattern: the
    precision work a version has left on the judged sample."""
    left = sorted((j for j in still_listed if j.verdict != 'worth'), key=lambda j: (j.check, j.pattern, j.repository, j.path))
    return [f'  {j.check} {j.verdict} [{j.pattern or "-"}] {j.repository}:{j.path}:{j.line}: {j.reason}' for j in left]


def shape_of(message: str) -> str:
    """A question's wording with what varies from finding to finding left out: code in backticks
    (a template literal's inner backticks included), numbers, and everything after the first sentence."""
    words: list[str] = []
    inside = False
    for word in message.split():
        ticks = word.count('`')
        if ticks or inside:
            if not (words and words[-1] == '`…`'):
                words.append('`…`')
            inside = inside != (ticks % 2 == 1) and '...`' not in word  # code cut short with "..." ends there
            if not inside and not word.endswith('`'):  # punctuation after the closing backtick
                words[-1] += word[word.rindex('`') + 1:]
            continue
        words.append(word)
    text = re.sub(r'\d+', 'N', ' '.join(words))
    return re.split(r'(?<=[.?:;])\s', text, maxsplit=1)[0][:90]


def shape_table(still: dict[Judged, Reported]) -> list[str]:
    """Precision of the still-reported judged findings per (family, confidence, shape of the
    question): a shape belongs in the high tier only when it is at least 80% worth asking."""
    groups: dict[tuple[str, str, str], list[Judged]] = {}
    for judged, reported in still.items():
        groups.setdefault((judged.check, reported.confidence, shape_of(reported.message)), []).append(judged)
    out = [f'{"family":<20} {"conf":<6} {"n":>3} {"precision":>9}  shape of the question']
    for (check, conf, shape), group in sorted(groups.items(), key=lambda kv: (kv[0][0], -len(kv[1]), kv[0][2])):
        out.append(f'{check:<20} {conf:<6} {len(group):>3} {_pct(precision(group)):>9}  {shape}')
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('files', nargs='*', help='judged CSV files (default: bench/judged/*.csv)')
    parser.add_argument('--mirrors', metavar='DIR', help='git mirrors (DIR/owner+name/repo): re-run vcx and match')
    parser.add_argument('--tolerance', type=int, default=3, help='rows a re-reported line may move (default 3)')
    parser.add_argument('--runs', default=os.path.join(HERE, 'runs.csv'), help='recorded counts per family')
    parser.add_argument('--patterns', action='store_true', help='rank the pattern column by findings explained')
    parser.add_argument('--record', metavar='WORK_TREE', help='print the runs.csv rows of an --all run there')
    parser.add_argument('--repository', help='owner/name of the --record work tree')
    parser.add_argument('--shapes', action='store_true',
                        help='with --mirrors: precision per shape of the question (the confidence tier evidence)')
    parser.add_argument('--remaining', action='store_true',
                        help='with --mirrors: the judged findings still listed that were not worth asking, by family')
    args = parser.parse_args(argv)
    if args.record:
        if not args.repository:
            parser.error('--record needs --repository owner/name')
        tool = _git('-C', HERE, 'rev-parse', 'HEAD').strip()
        writer = csv.writer(sys.stdout, lineterminator='\n')
        writer.writerows(record(args.record, args.repository, tool))
        return 0
    rows = read_judged(args.files or sorted(glob.glob(os.path.join(HERE, '*.csv'))))
    runs = read_runs(args.runs)
    if not rows:
        print('no judged findings', file=sys.stderr)
        return 2
    if args.patterns:
        print('\n'.join(pattern_table(rows)))
        return 0
    if not args.mirrors:
        print('\n'.join(family_table(rows, runs)))
        for table in (tier_tables(rows, runs), high_confidence_table(rows)):
            if table:
                print('\n' + '\n'.join(table))
        return 0
    still: dict[Judged, Reported] = {}
    still_listed: dict[Judged, Reported] = {}
    still_high: dict[Judged, Reported] = {}
    counts: dict[str, int] = {}
    counts_listed: dict[str, int] = {}
    counts_high: dict[str, int] = {}
    for repo, commit in sorted({(r.repository, r.commit) for r in rows}):
        mirror = find_mirror(args.mirrors, repo)
        if mirror is None:
            print(f'{repo}: no mirror under {args.mirrors}', file=sys.stderr)
            return 2
        with tempfile.TemporaryDirectory(prefix='vcx-judged-') as tmp:
            checkout(mirror, commit, os.path.join(tmp, 'w'))
            reported = run_tool(os.path.join(tmp, 'w'))
        listed = [r for r in reported if r.confidence != 'low']
        high = [r for r in reported if r.confidence == 'high']
        counts[repo], counts_listed[repo], counts_high[repo] = len(reported), len(listed), len(high)
        judged = [r for r in rows if (r.repository, r.commit) == (repo, commit)]
        still.update(match(judged, reported, args.tolerance))
        still_listed.update(match(judged, listed, args.tolerance))
        still_high.update(match(judged, high, args.tolerance))
    print('every question, low confidence included (vcx audit --show low):')
    print('\n'.join(rescore(rows, still, counts, runs, args.tolerance)))
    print('\nlisted by default (high and medium confidence; what a new user sees):')
    print('\n'.join(rescore(rows, still_listed, counts_listed, runs, args.tolerance)))
    print('\nhigh confidence only (what the hook blocks on by default):')
    print('\n'.join(rescore(rows, still_high, counts_high, runs, args.tolerance)))
    if args.shapes:
        print('\nprecision per shape of the question (still-reported judged findings):')
        print('\n'.join(shape_table(still)))
    if args.remaining:
        print('\nstill listed, judged borderline or not worth asking (what precision work is left):')
        print('\n'.join(remaining_table(still_listed)))
    return 0


if __name__ == '__main__':
    raise SystemExit(main())
