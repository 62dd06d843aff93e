"""``vcx explain``: what each check asks and why, from the check module itself (docstring, QUESTION).

A check module's docstring is ``<id>: <what it looks for>.``, a paragraph or two on why it matters
in production, then ``Bad::`` and ``Good::`` blocks of indented JavaScript.
"""
from __future__ import annotations

import difflib
import inspect
import sys
import textwrap
from typing import NamedTuple

from vcx_hook.checks import BY_ID
from vcx_hook.checks import CHECKS
from vcx_hook.checks import Check
from vcx_hook.constants import EXIT_CLEAN
from vcx_hook.errors import VcxError

WIDTH = 100


class Doc(NamedTuple):
    title: str
    why: list[str]  # paragraphs
    bad: list[str]  # code lines, dedented
    good: list[str]


def parse_doc(doc: str | None) -> Doc:
    lines = inspect.cleandoc(doc or '').splitlines()
    title = lines[0].split(':', 1)[-1].strip().rstrip('.') if lines else ''
    prose: list[str] = []
    blocks: dict[str, list[str]] = {'Bad::': [], 'Good::': []}
    current: list[str] | None = None
    for line in lines[1:]:
        if line.strip() in blocks:
            current = blocks[line.strip()]
        elif current is not None and (line.startswith((' ', '\t')) or not line.strip()):
            current.append(line)
        else:
            current = None
            prose.append(line)
    paragraphs = [' '.join(p.split()).replace('``', '`') for p in '\n'.join(prose).split('\n\n') if p.strip()]
    return Doc(title, paragraphs, _dedent(blocks['Bad::']), _dedent(blocks['Good::']))


def _dedent(lines: list[str]) -> list[str]:
    while lines and not lines[0].strip():
        lines = lines[1:]
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    indent = min((len(ln) - len(ln.lstrip()) for ln in lines if ln.strip()), default=0)
    return [ln[indent:] for ln in lines]


def summary(check: Check) -> str:
    return check.SUMMARY or parse_doc(check.__doc__).title or check.QUESTION


def listing() -> str:
    width = max(len(c.ID) for c in CHECKS)
    out = [f'{c.ID:<{width}}  {summary(c)}' for c in CHECKS]
    out.append('')
    out.append('vcx explain <check-id>: the question, why it matters, a bad and a good example, how to answer it.')
    return '\n'.join(out) + '\n'


def explain(check_id: str) -> str:
    check = BY_ID.get(check_id)
    if check is None:
        close = difflib.get_close_matches(check_id, BY_ID, n=1)
        hint = f"did you mean '{close[0]}'? " if close else ''
        raise VcxError(f"explain: unknown check '{check_id}'; {hint}known: {', '.join(BY_ID)}")
    doc = parse_doc(check.__doc__)
    out = [f'{check.ID}: {summary(check)}', '', f'    ? {check.QUESTION}']
    if doc.why:
        out += ['', 'Why it matters:']
        out += [textwrap.fill(p, WIDTH, initial_indent='  ', subsequent_indent='  ') for p in doc.why]
    for label, code in (('Bad', doc.bad), ('Good', doc.good)):
        if code:
            out += ['', f'{label}:'] + [f'    {ln}'.rstrip() for ln in code]
    out += [
        '',
        'Answer it: fix the code, or say why it is fine on that line or the line above it:',
        f'    // vcx-ignore {check.ID} -- <why this is fine>',
        '',
        'Configuration (.vcx.toml, or [tool.vcx] in pyproject.toml):',
        f'    disable = ["{check.ID}"]  # turn it off',
        f'    [checks.{check.ID}]',
        '    severity = "warn"  # show it without blocking the commit',
    ]
    names = sorted(check.NAMES)
    out += [f'    {name} = ["..."]' + ('  # added to the built-in names' if n == 0 else '') for n, name in enumerate(names)]
    return '\n'.join(out) + '\n'


def run(check_id: str | None) -> int:
    """``vcx explain [ID]``: one check's explanation, or the list of checks."""
    sys.stdout.write(explain(check_id) if check_id else listing())
    return EXIT_CLEAN
