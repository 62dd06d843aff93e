from __future__ import annotations

import datetime

import pytest

from vcx_hook import suppress
from vcx_hook.config import default_config
from vcx_hook.engine import audit
from vcx_hook.engine.target import Change
from vcx_hook.engine.target import Target
from vcx_hook.main import main

from tests.helpers import git

CFG = default_config()._replace(enabled=frozenset({'timezone'}))
TODAY = datetime.date(2026, 11, 23)


def run(src: str, path: str = 'a.js', change: Change | None = None):
    return audit.audit(Target(path, src.encode(), change), CFG, TODAY)


def lines(result):
    return [f'{f.line} {f.check_id}' for f in result.findings]


def problems(result):
    return [f'{p.line}: {p.message}' for p in result.problems]


BAD = 'd.setHours(0, 0, 0, 0)'


@pytest.mark.parametrize(
    ('src', 'open_lines'),
    (
        pytest.param(f'const d = new Date();\n{BAD}; // vcx-ignore timezone -- UTC server, cron only\n', [], id='trailing'),
        pytest.param(f'const d = new Date();\n// vcx-ignore timezone -- UTC server, cron only\n{BAD};\n', [], id='line above'),
        pytest.param(f'const d = new Date();\n/* vcx-ignore timezone -- block comment */\n{BAD};\n', [], id='block comment'),
        pytest.param(f'const d = new Date();\n// vcx-ignore timezone, n-plus-one -- several ids\n{BAD};\n', [], id='id list'),
        pytest.param(
            'function f() {\n  const d = new Date();\n  d.setDate(1);\n}\n'
            '// vcx-ignore timezone -- the whole function\nfunction g() {\n  const d = new Date();\n  d.setDate(1);\n  d.setHours(1);\n}\n',
            ['3 timezone'], id='whole next declaration',
        ),
        pytest.param(f'const d = new Date();\n// vcx-ignore timezone -- above\n// unrelated comment\n{BAD};\n', ['4 timezone'], id='comment in between breaks it'),
        pytest.param(f'const d = new Date();\n// vcx-ignore timezone -- above\n\n{BAD};\n', ['4 timezone'], id='blank line breaks it'),
        pytest.param(f'const d = new Date();\nconst s = "// vcx-ignore timezone -- in a string";\n{BAD};\n', ['3 timezone'], id='string is not a comment'),
        pytest.param(f'const d = new Date();\n{BAD}; // vcx-ignore timezone\n', ['2 timezone'], id='no reason suppresses nothing'),
        pytest.param(f'const d = new Date();\n{BAD}; // vcx-ignore timezone --   \n', ['2 timezone'], id='empty reason'),
        pytest.param(f'const d = new Date();\n{BAD}; // vcx-ignore n-plus-one -- other check\n', ['2 timezone'], id='other check id'),
        pytest.param(f'// vcx-ignore-file timezone -- cron scripts run in UTC\nconst d = new Date();\n{BAD};\n', [], id='file directive'),
        pytest.param(f'const d = new Date();\n// vcx-ignore-file timezone -- too late\n{BAD};\n', ['3 timezone'], id='file directive after code'),
        pytest.param(f'const d = new Date();\n{BAD}; // vcx-ignore timezone -- temporary (until 2027-01-01)\n', [], id='not yet expired'),
        pytest.param(f'const d = new Date();\n{BAD}; // vcx-ignore timezone -- temporary (until 2026-01-01)\n', ['2 timezone'], id='expired'),
    ),
)
def test_suppression(src, open_lines):
    assert lines(run(src)) == open_lines


def test_suppressed_findings_keep_their_reason():
    r = run(f'const d = new Date();\n{BAD}; // vcx-ignore timezone -- UTC server\n')
    assert [(s.finding.line, s.reason, s.directive_line) for s in r.suppressed] == [(2, 'UTC server', 2)]


def test_jsx_comment_directive():
    src = (
        "import React from 'react';\nconst d = new Date();\nexport const A = () => (\n  <div>\n"
        '    {/* vcx-ignore timezone -- jsx */}\n    <b>{x}</b>\n  </div>\n);\n'
    )
    r = run(src, 'a.jsx')
    assert [d.kind for d in r.directives] == ['next']
    assert (r.directives[0].first_row, r.directives[0].last_row) == (5, 5)


@pytest.mark.parametrize(
    ('src', 'expected'),
    (
        pytest.param(f'const d = new Date();\n{BAD}; // vcx-ignore time-zone -- typo\n', ['2: vcx-ignore names unknown check `time-zone`'], id='unknown id'),
        pytest.param(f'const d = new Date();\n{BAD}; // vcx-ignore timezone\n', ['2: vcx-ignore has no reason after `--`; it suppresses nothing'], id='no reason'),
        pytest.param('const x = 1; // vcx-ignore timezone -- nothing here\n', ['1: vcx-ignore timezone answers no open question here; remove it'], id='unused'),
        pytest.param('const x = 1; // vcx-ignore -- no ids\n', ['1: vcx-ignore names no check id (use `vcx-ignore <check-id> -- <reason>`)'], id='no ids'),
        pytest.param(f'const d = new Date();\n{BAD}; // vcx-ignore timezone -- old (until 2026-01-01)\n', ['2: vcx-ignore expired on 2026-01-01; its question is open again'], id='expired'),
        pytest.param('const x = 1; // vcx-ignore n-plus-one -- check disabled here\n', [], id='disabled check is not unused'),
    ),
)
def test_directive_problems(src, expected):
    assert problems(run(src)) == expected


def test_unused_directive_outside_audited_scopes_is_quiet():
    src = 'function f() {\n  return 1; // vcx-ignore timezone -- stale but untouched\n}\nfunction g() {\n  return 2;\n}\n'
    r = run(src, change=Change(((4, 5),)))
    assert problems(r) == []


def test_crlf_and_bom_keep_line_numbers():
    src = '\ufeff// header\r\nconst d = new Date();\r\n\r\nd.setHours(0, 0, 0, 0);\r\n'
    assert lines(run(src)) == ['4 timezone']


ANSWERS = '''export function nightly() {
  const d = new Date();
  d.setDate(3); // vcx-ignore timezone -- runs in UTC (until 2025-13-45)
  d.setDate(4); // vcx-ignore timezone -- runs in UTC (until 01/02/2020)
  d.setDate(5); // vcx-ignore timezone -- runs in UTC (until the migration lands)
  d.setDate(6); // vcx-ignore timezone
  d.setDate(7); // vcx-ignore timezone -- old (until 2020-01-01)
  d.setDate(8); // vcx-ignore timezon -- typo
  d.setDate(9); // vcx-ignore timezone, nope -- fine in UTC
  return d;
}
'''
ZONE = "is calendar maths in the server's zone (UTC in production, yours on a laptop): `setUTCDate` or an explicit zone"


@pytest.fixture
def staged_answers(tmp_path, monkeypatch, capsys):
    """``ANSWERS`` staged in a new repository; the checklist's lines."""
    monkeypatch.chdir(tmp_path)
    git(tmp_path, 'init', '-q')
    (tmp_path / '.vcx.toml').write_text('enable = ["timezone"]\nblock = "low"\nfold = false\n')
    (tmp_path / 'jobs.js').write_text(ANSWERS)
    git(tmp_path, 'add', '.')
    assert main(['audit']) == 1
    return capsys.readouterr().out.splitlines()


def test_a_malformed_expiry_is_a_note_and_suppresses_nothing(staged_answers):
    """Issue 19: `(until 2025-13-45)` and `(until 01/02/2020)` were permanent answers."""
    assert staged_answers[3:5] == [
        f'jobs.js:3:3: timezone (low): `d.setDate(3)` {ZONE} (also line 2)',
        f'jobs.js:4:3: timezone (low): `d.setDate(4)` {ZONE} (also line 2)',
    ]
    assert staged_answers[10:12] == [
        'note: jobs.js:3: vcx-ignore expiry `(until 2025-13-45)` is not a date: write `(until YYYY-MM-DD)`; it suppresses nothing',
        'note: jobs.js:4: vcx-ignore expiry `(until 01/02/2020)` is not a date: write `(until YYYY-MM-DD)`; it suppresses nothing',
    ]


def test_answered_in_this_change_lists_only_answers(staged_answers):
    """Issue 19: reasonless, unknown-id, expired (and malformed) directives were listed as answers."""
    assert staged_answers[17:21] == [
        'answered in this commit (2):',
        '  jobs.js:5: timezone -- runs in UTC (until the migration lands)',
        '  jobs.js:9: timezone -- fine in UTC',
        '',
    ]


@pytest.mark.parametrize(
    ('reason', 'expected'),
    (
        pytest.param('x (until 2027-03-01)', ('x', datetime.date(2027, 3, 1), ''), id='date'),
        pytest.param('x (Until 2027-03-01 )', ('x', datetime.date(2027, 3, 1), ''), id='case and spaces'),
        pytest.param('x (until 2025-02-30)', ('x', None, '2025-02-30'), id='no such day'),
        pytest.param('x (until March 2027)', ('x', None, 'March 2027'), id='a year'),
        pytest.param('x (until 1.2.27)', ('x', None, '1.2.27'), id='dotted'),
        pytest.param('x (until v2 ships)', ('x (until v2 ships)', None, ''), id='prose'),
        pytest.param('x (until 2027-03-01) later', ('x (until 2027-03-01) later', None, ''), id='not at the end'),
    ),
)
def test_expiry_parsing(reason, expected):
    (ids, text, until, bad) = suppress._split(f' timezone -- {reason}')
    assert (ids, text, until, bad) == (('timezone',),) + expected
