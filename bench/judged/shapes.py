"""Precision per question template of the judged findings: the evidence for a shape's confidence.

    python bench/judged/shapes.py                                  # every judged file
    python bench/judged/shapes.py bench/judged/{VRMS,kresus}.csv   # these files, like score.py
    python bench/judged/shapes.py --held-out --check timezone      # the files of every held-out round

A template is the question as asked (the judged files' ``message`` column) with what varies from one
finding to the next abstracted: a folded question's "(and N more in this file: ...)" is dropped, code
spans become X, numbers N, quoted strings S. Per check and template it prints how many findings were
judged and their precision (borderline half), then the listed ones (confidence not ``low`` when the
sample was drawn): their verdicts and precision. ``--held-out`` reads the files of the command under
"Every application judged while it was still held out" in docs/confidence.md; rows that recorded no
question are counted apart.
"""
from __future__ import annotations

import argparse
import glob
import os
import re
import sys
from collections.abc import Sequence

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from score import HERE, Judged, precision, read_judged  # noqa: E402  (bench/judged/score.py)

CONFIDENCE_DOC = os.path.join(os.path.dirname(os.path.dirname(HERE)), 'docs', 'confidence.md')
HELD_OUT_LEAD = 'Every application judged while it was still held out'

_FOLD_NOTE = re.compile(r'\s*\(and \d+ more in this file\b[^)]*\)\s*$')
# A backtick closes a code span only before a space or the end, punctuation allowed in between: the
# others open or close a template literal inside the code (`new Date(`${day}T12:00`)`, often cut short).
_CODE_END = re.compile(r'[,.;:)\]?!\'"]*(?:\s|$)')
_NUMBER = re.compile(r'\d+')
_QUOTED = re.compile(r'"[^"]*"|(?<!\w)\'[^\']*\'(?!\w)')  # not the apostrophe of "the server's zone"


def template(message: str) -> str:
    """``message`` with its fold note dropped, code spans as X, numbers as N and quoted strings as S."""
    text = _without_code(_FOLD_NOTE.sub('', message))
    return _QUOTED.sub('S', _NUMBER.sub('N', text)).strip()


def _without_code(text: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(text):
        if text[i] != '`':
            out.append(text[i])
            i += 1
            continue
        end = i + 1
        while end < len(text) and not (text[end] == '`' and _CODE_END.match(text, end + 1)):
            end += 1
        out.append('X')
        i = end + 1
    return ''.join(out)


def group(rows: Sequence[Judged]) -> dict[tuple[str, str], list[Judged]]:
    """The rows that recorded their question, by (check, template), in the order first seen."""
    groups: dict[tuple[str, str], list[Judged]] = {}
    for row in rows:
        if row.message:
            groups.setdefault((row.check, template(row.message)), []).append(row)
    return groups


def _pct(p: float | None) -> str:
    return '-' if p is None else f'{100 * p:.0f}%'


def _line(check: str, rows: Sequence[Judged], name: str) -> str:
    listed = [r for r in rows if r.confidence != 'low']
    n = {v: sum(r.verdict == v for r in listed) for v in ('worth', 'borderline', 'not')}
    return (f'{check:<20} {len(rows):>6} {_pct(precision(rows)):>9} {len(listed):>6} {n["worth"]:>5} '
            f'{n["borderline"]:>6} {n["not"]:>5} {_pct(precision(listed)):>9}  {name}')


def table(rows: Sequence[Judged], smallest: int = 1) -> list[str]:
    """One line per (check, template) judged at least ``smallest`` times, largest first within a check,
    a total over the lines shown, and how many rows recorded no question."""
    shown = sorted(((key, group_rows) for key, group_rows in group(rows).items() if len(group_rows) >= smallest),
                   key=lambda kv: (kv[0][0], -len(kv[1]), kv[0][1]))
    out = [f'{"check":<20} {"judged":>6} {"precision":>9} {"listed":>6} {"worth":>5} {"border":>6} {"not":>5} '
           f'{"precision":>9}  template']
    out += [_line(check, group_rows, name) for (check, name), group_rows in shown]
    out.append(_line('shown', [r for _, group_rows in shown for r in group_rows], f'{len(shown)} templates'))
    unrecorded = sum(not r.message for r in rows)
    if unrecorded:
        out.append(f'{unrecorded} judged rows recorded no question (no message column): not grouped')
    return out


def held_out_files(doc: str = CONFIDENCE_DOC) -> list[str]:
    """The judged files of the all-held-out command in docs/confidence.md, braces expanded."""
    with open(doc, encoding='utf-8') as fh:
        text = fh.read()
    start = text.find(HELD_OUT_LEAD)
    if start < 0:
        raise SystemExit(f'{doc}: no "{HELD_OUT_LEAD}" paragraph')
    begin = text.index('```sh', start)
    block = text[begin:text.index('```', begin + 5)]
    names = [name for braced, single in re.findall(r'bench/judged/(?:\{([^}]*)\}|([\w.-]+?))\.csv', block)
             for name in (braced.split(',') if braced else [single])]
    return [os.path.join(HERE, f'{name}.csv') for name in names]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('files', nargs='*', help='judged CSV files (default: bench/judged/*.csv)')
    parser.add_argument('--held-out', action='store_true',
                        help="the files of docs/confidence.md's command over every held-out round")
    parser.add_argument('--check', help='only this check (family id)')
    parser.add_argument('--match', metavar='REGEX', help='only templates this regular expression finds')
    parser.add_argument('--min', type=int, default=1, dest='smallest', metavar='N', help='smallest group shown (default 1)')
    args = parser.parse_args(argv)
    if args.held_out and args.files:
        parser.error('--held-out names its own files')
    paths = held_out_files() if args.held_out else args.files or sorted(glob.glob(os.path.join(HERE, '*.csv')))
    rows = [r for r in read_judged(paths) if args.check in (None, r.check)
            and (args.match is None or re.search(args.match, template(r.message)))]
    if not rows:
        print('no judged findings', file=sys.stderr)
        return 2
    print('\n'.join(table(rows, args.smallest)))
    return 0


if __name__ == '__main__':
    raise SystemExit(main())
