"""`vcx explain`: every family in one line each, and one family in full, from the check module."""
from __future__ import annotations

import pytest

from vcx_hook.checks import BY_ID
from vcx_hook.checks import CHECKS
from vcx_hook.checks import timezone
from vcx_hook.commands import explain
from vcx_hook.main import main

KNOWN = ', '.join(BY_ID)

DOC = '''demo: a thing the check looks for.

Why it matters, first paragraph, with ``code``
wrapped over two lines.

Second paragraph.

Bad::

    const a = 1;
      nested();

Good::

    const b = 2;
'''


def test_parse_doc():
    assert explain.parse_doc(DOC) == explain.Doc(
        title='a thing the check looks for',
        why=['Why it matters, first paragraph, with `code` wrapped over two lines.', 'Second paragraph.'],
        bad=['const a = 1;', '  nested();'],
        good=['const b = 2;'],
    )
    assert explain.parse_doc(None) == explain.Doc('', [], [], [])


def test_listing_has_one_line_per_family(capsys):
    assert main(['explain']) == 0
    out = capsys.readouterr().out.splitlines()
    width = max(len(c.ID) for c in CHECKS)
    assert out[:len(CHECKS)] == [f'{c.ID:<{width}}  {explain.summary(c)}' for c in CHECKS]
    assert f'{"timezone":<{width}}  {timezone.SUMMARY}' in out
    assert out[-1] == 'vcx explain <check-id>: the question, why it matters, a bad and a good example, how to answer it.'


def test_one_family_in_full(capsys):
    assert main(['explain', 'timezone']) == 0
    out = capsys.readouterr().out.splitlines()
    doc = explain.parse_doc(timezone.__doc__)
    assert out[:5] == [f'timezone: {timezone.SUMMARY}', '', f'    ? {timezone.QUESTION}', '', 'Why it matters:']
    bad = out.index('Bad:')
    assert out[bad + 1:bad + 1 + len(doc.bad)] == [f'    {ln}'.rstrip() for ln in doc.bad]
    good = out.index('Good:')
    assert out[good + 1:good + 1 + len(doc.good)] == [f'    {ln}'.rstrip() for ln in doc.good]
    assert out[-8:] == [
        'Answer it: fix the code, or say why it is fine on that line or the line above it:',
        '    // vcx-ignore timezone -- <why this is fine>',
        '',
        'Configuration (.vcx.toml, or [tool.vcx] in pyproject.toml):',
        '    disable = ["timezone"]  # turn it off',
        '    [checks.timezone]',
        '    severity = "warn"  # show it without blocking the commit',
        '    date_names = ["..."]  # added to the built-in names',
    ]
    assert all(len(line) <= explain.WIDTH for line in out[:bad])


@pytest.mark.parametrize('check_id', sorted(BY_ID))
def test_every_family_explains(check_id):
    text = explain.explain(check_id)
    assert text.startswith(f'{check_id}: ')
    assert f'    ? {BY_ID[check_id].QUESTION}\n' in text
    assert f'    // vcx-ignore {check_id} -- <why this is fine>\n' in text


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
