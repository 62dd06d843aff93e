"""Draw the stratified sample of a held-out run that a reviewer then judges (bench/judged/README.md, step 2).

    python -m vcx_hook audit --all --format json > /tmp/run.json      # at the repository's root
    python bench/judged/sample.py /tmp/run.json --repository owner/name --commit SHA > worksheet.csv

Per family: every finding where the family has ``--per-family`` or fewer, else ``--per-family`` drawn
at random (``--seed``, 17 by default, so the same run gives the same sample); with ``--low-per-family
N`` (how the latest held-out rounds draw, on a run of ``audit --all --show low``), every listed finding and
N low ones a family drawn so. The worksheet has the judged-CSV columns (repository, commit, path, line, check, verdict, reason, pattern, confidence) with
verdict, reason and pattern empty, and a tenth column, ``message``, the question as the tool asked it:
a filled-in worksheet is a judged file, message kept (`score.py` scores the first nine columns,
`shapes.py` groups the verdicts by the question's wording).
"""
from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from collections.abc import Sequence
from typing import NamedTuple

COLUMNS = ('repository', 'commit', 'path', 'line', 'check', 'verdict', 'reason', 'pattern', 'confidence', 'message')


class Finding(NamedTuple):
    path: str
    line: int
    check: str
    confidence: str
    message: str


def read_run(path: str) -> list[Finding]:
    """The findings of ``vcx audit --format json`` saved at ``path``."""
    with open(path, encoding='utf-8') as fh:
        data = json.load(fh)
    return [Finding(f['path'], int(f['line']), f['check'], f.get('confidence', 'high'), f['message'])
            for f in data['findings']]


def draw(findings: Sequence[Finding], per_family: int, seed: int) -> list[Finding]:
    """Up to ``per_family`` findings of each family, at random with ``seed``, in (check, path, line) order."""
    rng = random.Random(seed)
    chosen: list[Finding] = []
    for check in sorted({f.check for f in findings}):
        pool = sorted(f for f in findings if f.check == check)
        chosen += pool if len(pool) <= per_family else rng.sample(pool, per_family)
    return sorted(chosen, key=lambda f: (f.check, f.path, f.line))


def tiered(findings: Sequence[Finding], low_per_family: int, seed: int) -> list[Finding]:
    """Every listed finding (high and medium confidence: what a new user sees), then up to
    ``low_per_family`` low ones of each family drawn as ``draw`` does: the held-out rounds' sample."""
    listed = sorted((f for f in findings if f.confidence != 'low'), key=lambda f: (f.check, f.path, f.line))
    return listed + draw([f for f in findings if f.confidence == 'low'], low_per_family, seed)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('run', help='the JSON of `vcx audit --all --format json`')
    parser.add_argument('--repository', required=True, help='owner/name')
    parser.add_argument('--commit', required=True, help='the commit the run audited')
    parser.add_argument('--per-family', type=int, default=3, help='findings drawn per family (default 3)')
    parser.add_argument('--seed', type=int, default=17, help='random seed (default 17)')
    parser.add_argument('--low-per-family', type=int, metavar='N',
                        help='every listed finding (high, medium) and N low ones a family (the latest rounds: N = 2)')
    args = parser.parse_args(argv)
    out = csv.writer(sys.stdout, lineterminator='\n')
    out.writerow(COLUMNS)
    for f in tiered(read_run(args.run), args.low_per_family, args.seed) if args.low_per_family is not None \
            else draw(read_run(args.run), args.per_family, args.seed):
        out.writerow((args.repository, args.commit, f.path, f.line, f.check, '', '', '', f.confidence, f.message))
    return 0


if __name__ == '__main__':
    sys.exit(main())
