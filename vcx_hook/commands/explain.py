"""``vcx explain``: what each check asks and why, from the check module itself (docstring, QUESTION).

A check module's docstring is its documentation, in Markdown: ``<id>: <what it looks for>.``, why
it matters in production, what is asked and what is not, and ``Bad:``/``Good:`` examples in
```` ```js ```` blocks.  ``vcx explain <id>`` prints it, and docs/checks/<id>.md holds the same text:
after changing a docstring, ``python -m vcx_hook.commands.explain --write-docs`` (a test holds them equal).
"""
from __future__ import annotations

import difflib
import argparse
import inspect
import os
import sys

from vcx_hook.checks import BY_ID
from vcx_hook.checks import CHECKS
from vcx_hook.checks import Check
from vcx_hook.constants import EXIT_CLEAN
from vcx_hook.errors import VcxError

DOCS = os.path.join('docs', 'checks')
DOCS_NOTICE = (
    '<!-- Generated from the check module\'s docstring by `python -m vcx_hook.commands.explain --write-docs`; '
    'edit the docstring, not this file. -->\n'
)


def title(doc: str | None) -> str:
    """What a check looks for: its docstring's first line, after ``<id>:``."""
    lines = inspect.cleandoc(doc or '').splitlines()
    return lines[0].split(':', 1)[-1].strip().rstrip('.') if lines else ''


def summary(check: Check) -> str:
    return check.SUMMARY or title(check.__doc__) or check.QUESTION


def listing() -> str:
    width = max(len(c.ID) for c in CHECKS)
    out = [f'{c.ID:<{width}}  {summary(c)}' for c in CHECKS]
    out.append('')
    out.append('vcx explain <check-id>: the question, why it matters, a bad and a good example, how to answer it.')
    return '\n'.join(out) + '\n'


def explain(check_id: str) -> str:
    """One check's documentation, in Markdown: what it looks for, its question, the rest of its
    docstring, how to answer it and how to configure it.  docs/checks/<id>.md holds the same text."""
    check = BY_ID.get(check_id)
    if check is None:
        close = difflib.get_close_matches(check_id, BY_ID, n=1)
        hint = f"did you mean '{close[0]}'? " if close else ''
        raise VcxError(f"explain: unknown check '{check_id}'; {hint}known: {', '.join(BY_ID)}")
    body = inspect.cleandoc(check.__doc__ or '').partition('\n')[2].strip('\n')
    out = [f'# `{check.ID}`: {summary(check)}', '', f'**{check.QUESTION}**', '']
    if body:
        out += [body, '']
    out += [
        '## Answering it',
        '',
        'Fix the code, or say why it is fine on that line or the line above it:',
        '',
        '```js',
        f'// vcx-ignore {check.ID} -- <why this is fine>',
        '```',
        '',
        '## Configuration',
        '',
        'In `.vcx.toml`, or `[tool.vcx]` in `pyproject.toml`:',
        '',
        '```toml',
        f'disable = ["{check.ID}"]  # turn it off',
        '',
        f'[checks.{check.ID}]',
        'severity = "warn"  # show it without blocking the commit',
    ]
    names = sorted(check.NAMES)
    out += [f'{name} = ["..."]' + ('  # added to the built-in names' if n == 0 else '') for n, name in enumerate(names)]
    out.append('```')
    return '\n'.join(out) + '\n'


def doc_file(check_id: str) -> str:
    """The text of docs/checks/<id>.md."""
    return DOCS_NOTICE + explain(check_id)


def write_docs(directory: str) -> list[str]:
    """Write docs/checks/<id>.md for every check; the paths written."""
    os.makedirs(directory, exist_ok=True)
    written = []
    for check in CHECKS:
        path = os.path.join(directory, f'{check.ID}.md')
        with open(path, 'w', encoding='utf-8', newline='\n') as f:
            f.write(doc_file(check.ID))
        written.append(path)
    return written


def run(check_id: str | None) -> int:
    """``vcx explain [ID]``: one check's explanation, or the list of checks."""
    sys.stdout.write(explain(check_id) if check_id else listing())
    return EXIT_CLEAN


def _main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description='Regenerate docs/checks/<id>.md from the check modules.')
    parser.add_argument('--write-docs', metavar='DIR', nargs='?', const=DOCS, required=True,
                        help=f'the folder to write (default: {DOCS}, from the repository root)')
    for path in write_docs(parser.parse_args(argv).write_docs):
        print(f'wrote {path}')
    return 0


if __name__ == '__main__':
    raise SystemExit(_main(sys.argv[1:]))
