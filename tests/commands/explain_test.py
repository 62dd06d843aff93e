"""`vcx explain`: every family in one line each, and one family in full, from the check module."""
from __future__ import annotations

import pathlib

import pytest

from vcx_hook.checks import BY_ID
from vcx_hook.checks import CHECKS
from vcx_hook.checks import timezone
from vcx_hook.commands import explain
from vcx_hook.main import main

from tests.helpers import ROOT

KNOWN = ', '.join(BY_ID)

def test_title_is_the_first_line_after_the_id():
    assert explain.title('demo: a thing the check looks for.\n\nWhy it matters.\n') == 'a thing the check looks for'
    assert explain.title(None) == ''


def test_listing_has_one_line_per_family(capsys):
    assert main(['explain']) == 0
    out = capsys.readouterr().out.splitlines()
    width = max(len(c.ID) for c in CHECKS)
    assert out[:len(CHECKS)] == [f'{c.ID:<{width}}  {explain.summary(c)}' for c in CHECKS]
    assert f'{"timezone":<{width}}  {timezone.SUMMARY}' in out
    assert out[-1] == 'vcx explain <check-id>: the question, why it matters, a bad and a good example, how to answer it.'


def test_one_family_in_full(capsys):
    assert main(['explain', 'timezone']) == 0
    out = capsys.readouterr().out
    body = timezone.__doc__.split('\n', 1)[1].strip('\n')
    assert out == (
        f'# `timezone`: {timezone.SUMMARY}\n\n**{timezone.QUESTION}**\n\n{body}\n\n'
        '## Answering it\n'
        '\n'
        'Fix the code, or say why it is fine on that line or the line above it:\n'
        '\n'
        '```js\n'
        '// vcx-ignore timezone -- <why this is fine>\n'
        '```\n'
        '\n'
        '## Configuration\n'
        '\n'
        'In `.vcx.toml`, or `[tool.vcx]` in `pyproject.toml`:\n'
        '\n'
        '```toml\n'
        'disable = ["timezone"]  # turn it off\n'
        '\n'
        '[checks.timezone]\n'
        'severity = "warn"  # show it without blocking the commit\n'
        'date_names = ["..."]  # added to the built-in names\n'
        '```\n'
    )


@pytest.mark.parametrize('check', CHECKS, ids=lambda c: c.ID)
def test_every_family_explains_with_bad_and_good_examples(check):
    text = explain.explain(check.ID)
    assert text.startswith(f'# `{check.ID}`: ')
    assert f'\n**{check.QUESTION}**\n' in text
    assert '\nBad:\n\n```js\n' in text and '\nGood:\n\n```js\n' in text
    assert f'\n// vcx-ignore {check.ID} -- <why this is fine>\n' in text


@pytest.mark.parametrize('check', CHECKS, ids=lambda c: c.ID)
def test_docs_checks_is_what_explain_prints(check):
    """docs/checks/<id>.md is generated: python -m vcx_hook.commands.explain --write-docs."""
    assert (ROOT / 'docs' / 'checks' / f'{check.ID}.md').read_text(encoding='utf-8') == explain.doc_file(check.ID)


def test_docs_checks_holds_only_the_checks():
    assert sorted(p.name for p in (ROOT / 'docs' / 'checks').iterdir()) == sorted(f'{c.ID}.md' for c in CHECKS)


def test_write_docs(tmp_path):
    written = explain.write_docs(str(tmp_path / 'checks'))
    assert [pathlib.Path(p).name for p in written] == [f'{c.ID}.md' for c in CHECKS]
    assert (tmp_path / 'checks' / 'timezone.md').read_text(encoding='utf-8') == explain.doc_file('timezone')


@pytest.mark.parametrize(
    ('argv', 'error'),
    (
        pytest.param(['explain', 'timezon'], f"explain: unknown check 'timezon'; did you mean 'timezone'? known: {KNOWN}", id='typo'),
        pytest.param(['explain', 'xyz'], f"explain: unknown check 'xyz'; known: {KNOWN}", id='unknown'),
    ),
)
def test_unknown_check_exits_2(capsys, argv, error):
    assert main(argv) == 2
    assert capsys.readouterr().err == f'vcx: {error}\n'
