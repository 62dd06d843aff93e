"""Output for CI: GitHub Actions workflow commands (`--format github`) and SARIF for code scanning."""
from __future__ import annotations

import json
import os
import re
import urllib.parse

import pytest

from vcx_hook import report
from vcx_hook.finding import Finding
from vcx_hook.finding import Problem
from vcx_hook.main import main

from tests.helpers import git

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
    (tmp_path / '.vcx.toml').write_text('enable = ["timezone"]\nblock = "low"\nfold = false\n')
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
    (tree / '.vcx.toml').write_text('enable = ["timezone"]\nblock = "low"\nshow = "low"\nfold = false\n[checks.timezone]\nseverity = "warn"\n')
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


def _with_evidence():
    f = Finding('src/a.js', 12, 5, 'n-plus-one', 'load', 'msg', 'q?', 12, 'x', evidence=(10,))
    return report.Summary('staged', 1, 1, [f], [], [], [], [], [])


def test_evidence_in_json_sarif_and_the_checklist():
    summary = _with_evidence()
    assert json.loads(report.as_json(summary))['findings'][0]['evidence'] == [10, 12]
    result = json.loads(report.as_sarif(summary, '1'))['runs'][0]['results'][0]
    assert result['relatedLocations'] == [{
        'id': 1,
        'physicalLocation': {'artifactLocation': {'uri': 'src/a.js'}, 'region': {'startLine': 10}},
        'message': {'text': 'the question is also about this line'},
    }]
    assert 'src/a.js:12:5: n-plus-one: msg (also line 10)' in report.text(summary).splitlines()


def test_a_finding_without_evidence_is_about_its_own_line():
    f = Finding('src/a.js', 7, 2, 'timezone', 'f', 'msg', 'q?', 8, 'x')
    assert f.about == (7,)
    summary = report.Summary('all', 1, 1, [f], [], [], [], [], [])
    assert json.loads(report.as_json(summary))['findings'][0]['evidence'] == [7]
    assert 'relatedLocations' not in json.loads(report.as_sarif(summary, '1'))['runs'][0]['results'][0]


SYNC = '''export async function sync(url, other) {
  const r = await fetch(url, { signal: AbortSignal.timeout(5000) });
  const data = await r.json();
  const s = await fetch(other);
  if (!s.ok) throw new Error('bad');
  const t = await fetch(other);
  if (!t.ok) throw new Error('bad');
  return [data, await s.json(), await t.json()];
}
'''


def test_only_identical_messages_fold(tmp_path, monkeypatch, capsys):
    """Issue 19: the second thing one check asks in a function (no timeout after no `ok` check)
    was folded into "(also line 4)" and shown only in JSON."""
    monkeypatch.chdir(tmp_path)
    git(tmp_path, 'init', '-q')
    (tmp_path / '.vcx.toml').write_text('enable = ["error-handling"]\nblock = "medium"\nshow = "low"\nfold = false\n')
    (tmp_path / 'server').mkdir()
    (tmp_path / 'server' / 'api.js').write_text(SYNC)
    git(tmp_path, 'add', '.')
    assert main(['audit']) == 1
    assert capsys.readouterr().out.splitlines()[:7] == [
        'vcx: 1 question to answer, 1 of low confidence (not blocking) in 1 function of 1 file (this commit: 1 file audited)',
        '',
        'server/api.js · sync',
        'server/api.js:2:19: error-handling (low): `fetch(url, { signal: AbortSignal.timeout(...` has no `r.ok` check before `r.json()` (also line 3)',
        '    ? What happens when this call fails, hangs, or gets an error status?',
        'server/api.js:4:19: error-handling (medium): `fetch(other)` has no timeout (also line 6)',
        '    ? What happens when this call fails, hangs, or gets an error status?',
    ]


def test_syntax_errors_are_one_note_with_their_count(tree, capsys):
    (tree / '.vcx.toml').write_text('enable = ["timezone"]\nblock = "low"\n')
    for name in ('a', 'b', 'c', 'd'):
        (tree / 'src' / f'{name}.js').write_text('function f( {\n  new Date().setHours(1);\n')
    assert main(['audit', '--all', 'src']) == 1
    notes = [line for line in capsys.readouterr().out.splitlines() if line.startswith('note:')]
    assert notes == [
        'note: src/jobs.js:4: vcx-ignore has no reason after `--`; it suppresses nothing',
        'note: syntax errors in 4 files (audited what parses): src/a.js:1, src/b.js:1, src/c.js:1 and 1 more',
    ]


def test_one_syntax_error_keeps_its_own_note(tree, capsys):
    (tree / 'src' / 'jobs.js').write_text('function f( {\n  new Date().setHours(1);\n')
    assert main(['audit', '--all', 'src']) == 0
    assert capsys.readouterr().out.splitlines() == ['note: src/jobs.js:1: syntax error; audited what parses']


NIGHTLY = b'export function f() {\n  const d = new Date();\n  d.setDate(1);\n  return d;\n}\n'
LATIN1 = b'caf\xe9 #1 100%.js'  # not UTF-8


@pytest.fixture
def odd_names(tmp_path, monkeypatch):
    """A repository with a staged file whose name is not UTF-8 and one with a space and a non-ASCII letter."""
    monkeypatch.chdir(tmp_path)
    git(tmp_path, 'init', '-q')
    (tmp_path / '.vcx.toml').write_text('enable = ["timezone"]\nblock = "low"\n')
    with open(os.path.join(os.fsencode(tmp_path), LATIN1), 'wb') as f:
        f.write(NIGHTLY + b'd.setDate(2); // vcx-ignore timezone -- the job host runs in UTC\n')
    (tmp_path / 'über a.js').write_bytes(NIGHTLY)
    git(tmp_path, 'add', '.')
    return tmp_path


def test_sarif_uris_are_uri_references(odd_names, capsys):
    """Issue 19: the uri was the path as is (spaces, `#`, `%`, a lone surrogate)."""
    assert main(['audit', '--format', 'sarif']) == 1
    out = capsys.readouterr().out
    assert not re.search(r'\\ud[89a-f]', out, re.IGNORECASE)
    uris = [r['locations'][0]['physicalLocation']['artifactLocation']['uri'] for r in json.loads(out)['runs'][0]['results']]
    assert uris == ['caf%E9%20%231%20100%25.js', '%C3%BCber%20a.js', 'caf%E9%20%231%20100%25.js']
    assert urllib.parse.unquote_to_bytes(uris[0]) == LATIN1


def test_json_paths_that_are_not_utf8_are_escaped_reversibly(odd_names, capsys):
    """Issue 19: a name that is not UTF-8 came out as a lone surrogate (`caf\\udce9 ...`)."""
    assert main(['audit', '--format', 'json']) == 1
    out = capsys.readouterr().out
    assert not re.search(r'\\ud[89a-f]', out, re.IGNORECASE)
    doc = json.loads(out)
    odd = {'path': 'caf\ufffd #1 100%.js', 'path_bytes': 'caf%E9%20%231%20100%25.js'}
    assert [{k: v for k, v in f.items() if k.startswith('path')} for f in doc['findings']] == [odd, {'path': 'über a.js'}]
    assert [(a['path'], a['path_bytes'], a['line']) for a in doc['answered']] == [(odd['path'], odd['path_bytes'], 6)]
    assert urllib.parse.unquote_to_bytes(doc['findings'][0]['path_bytes']) == LATIN1
    assert main(['answers', '--format', 'json']) == 0
    assert [(a['path'], a['path_bytes']) for a in json.loads(capsys.readouterr().out)['answers']] == [(odd['path'], odd['path_bytes'])]
