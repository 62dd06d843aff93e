"""Output for CI: GitHub Actions workflow commands (`--format github`) and SARIF for code scanning."""
from __future__ import annotations

import json

import pytest

from vcx_hook import report
from vcx_hook.finding import Finding
from vcx_hook.finding import Problem
from vcx_hook.main import main

JOBS = '''function nightly() {
  const d = new Date();
  d.setHours(0, 0, 0, 0);
  d.setDate(1); // vcx-ignore timezone
  return d;
}
'''
MSG = "is calendar maths in the server's zone (UTC in production, yours on a laptop)"
QUESTION = 'Which time zone is this in on the server, and is that the one you mean?'


@pytest.fixture
def tree(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv('GIT_CEILING_DIRECTORIES', str(tmp_path.parent))
    (tmp_path / '.vcx.toml').write_text('enable = ["timezone"]\n')
    (tmp_path / 'src').mkdir()
    (tmp_path / 'src' / 'jobs.js').write_text(JOBS)
    return tmp_path


def test_github_errors_and_notices(tree, capsys):
    assert main(['audit', '--all', 'src', '--format', 'github']) == 1
    assert capsys.readouterr().out.splitlines() == [
        f'::error file=src/jobs.js,line=3,endLine=3,col=3,title=vcx timezone::`d.setHours(0, 0, 0, 0)` {MSG}: `setUTCHours` or an explicit zone%0A{QUESTION}',
        f'::error file=src/jobs.js,line=4,endLine=4,col=3,title=vcx timezone::`d.setDate(1)` {MSG}: `setUTCDate` or an explicit zone%0A{QUESTION}',
        '::notice file=src/jobs.js,line=4::vcx-ignore has no reason after `--`; it suppresses nothing',
    ]


def test_github_warnings_do_not_fail_the_job(tree, capsys):
    (tree / '.vcx.toml').write_text('enable = ["timezone"]\n[checks.timezone]\nseverity = "warn"\n')
    assert main(['audit', '--all', 'src', '--format', 'github']) == 0
    assert [line.split('::')[1] for line in capsys.readouterr().out.splitlines()] == [
        'warning file=src/jobs.js,line=3,endLine=3,col=3,title=vcx timezone',
        'warning file=src/jobs.js,line=4,endLine=4,col=3,title=vcx timezone',
        'notice file=src/jobs.js,line=4',
    ]


def test_github_prints_nothing_when_clean(tree, capsys):
    (tree / 'src' / 'jobs.js').write_text('export const x = 1;\n')
    assert main(['audit', '--all', 'src', '--format', 'github']) == 0
    assert capsys.readouterr().out == ''


def test_github_escapes_properties_and_messages():
    f = Finding('src/a,b:c.js', 7, 2, 'timezone', 'f', '100% of\nrows', 'why?', 8, 'x')
    summary = report.Summary('all', 1, 1, [f], [], [], [Problem('src/a,b:c.js', 0, 'skipped: 50%')], [], [])
    assert report.as_github(summary).splitlines() == [
        '::error file=src/a%2Cb%3Ac.js,line=7,endLine=8,col=2,title=vcx timezone::100%25 of%0Arows%0Awhy?',
        '::notice file=src/a%2Cb%3Ac.js::skipped: 50%25',
    ]


def test_sarif_for_code_scanning(tree, capsys):
    (tree / 'src' / 'jobs.js').write_text(JOBS.replace('// vcx-ignore timezone', '// vcx-ignore timezone -- first of the month in UTC is fine'))
    assert main(['audit', '--all', 'src', '--format', 'sarif']) == 1
    run = json.loads(capsys.readouterr().out)['runs'][0]
    assert [(r['ruleId'], r['level'], r['locations'][0]['physicalLocation']['region']['startLine'], r.get('suppressions'))
            for r in run['results']] == [
        ('timezone', 'error', 3, None),
        ('timezone', 'error', 4, [{'kind': 'inSource', 'justification': 'first of the month in UTC is fine'}]),
    ]
    assert all(len(r['partialFingerprints']['vcxFingerprint/v1']) == 32 for r in run['results'])
