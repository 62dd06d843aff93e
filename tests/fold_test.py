"""Folding (vcx_hook/fold.py): one question per file for the places that ask it the same way."""
from __future__ import annotations

import json

import pytest

from vcx_hook import fold
from vcx_hook.checks import error_handling
from vcx_hook.finding import Finding
from vcx_hook.finding import HIGH
from vcx_hook.finding import LOW
from vcx_hook.finding import MEDIUM
from vcx_hook.main import main

from tests.helpers import git

CHECKED = '''export async function {name}(url) {{
  const r = await fetch({arg});
  if (!r.ok) throw new Error('bad');
  return r.json();
}}
'''
API = '\n'.join([
    CHECKED.format(name='timed', arg='url, { signal: AbortSignal.timeout(5000) }'),  # the file's convention
    CHECKED.format(name='a', arg='url'),
    CHECKED.format(name='b', arg='url'),
    'export async function c(url) {\n  const r = await fetch(url);\n  return r.json();\n}\n',
    CHECKED.format(name='d', arg='url').replace('fetch(url);', 'fetch(url); // vcx-ignore error-handling -- the proxy times out'),
    CHECKED.format(name='e', arg='url'),
])
QUESTION = 'What happens when this call fails, hangs, or gets an error status?'
NO_TIMEOUT = '`fetch(url)` has no timeout'
NO_OK = '`fetch(url)` has no `r.ok` check before `r.json()` and no timeout'


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for var in ('GIT_INDEX_FILE', 'PRE_COMMIT_FROM_REF', 'PRE_COMMIT_TO_REF', 'NO_COLOR'):
        monkeypatch.delenv(var, raising=False)
    git(tmp_path, 'init', '-q')
    (tmp_path / '.vcx.toml').write_text('enable = ["error-handling"]\nblock = "medium"\n')
    (tmp_path / 'server').mkdir()
    (tmp_path / 'server' / 'api.js').write_text(API)
    (tmp_path / 'server' / 'routes.js').write_text("import { timed, a, b, c, d, e, f } from './api';\nexport const all = [timed, a, b, c, d, e, f];\n")
    git(tmp_path, 'add', '-A')
    git(tmp_path, 'commit', '-qm', 'api')
    return tmp_path


def run(capsys, *argv):
    code = main(['audit', *argv])
    return code, capsys.readouterr().out


def findings_of(capsys, *argv):
    code, out = run(capsys, '--format', 'json', *argv)
    doc = json.loads(out)
    return code, [(f['line'], f['evidence'], f['folded'], f['message']) for f in doc['findings']], doc['notes']


def test_one_question_per_shape_and_file_anchored_at_the_first_place(repo, capsys):
    assert run(capsys, '--all') == (1, '\n'.join([
        'vcx: 2 questions to answer in 2 functions of 1 file (whole files: 2 files audited)',
        '',
        'server/api.js · a',
        f'server/api.js:8:19: error-handling (medium): {NO_TIMEOUT} (and 2 more in this file: lines 14, 31)',
        f'    ? {QUESTION}',
        '',
        'server/api.js · c',
        f'server/api.js:20:19: error-handling (medium): {NO_OK} (also line 21)',
        f'    ? {QUESTION}',
        '',
        'Answer each question: fix the code, or say why it is fine on that line or the line above it:',
        '    // vcx-ignore <check-id> -- <why this is fine>',
        'What a check looks for: vcx explain <check-id>.',
    ]) + '\n')


def test_json_lists_the_places_in_evidence_and_folded(repo, capsys):
    """An answered place (d, line 25) is not folded in: suppression comes first."""
    assert findings_of(capsys, '--all') == (1, [
        (8, [8, 14, 31], [14, 31], f'{NO_TIMEOUT} (and 2 more in this file: lines 14, 31)'),
        (20, [20, 21], [], NO_OK),
    ], [])


def test_github_annotates_the_folded_question_once(repo, capsys):
    assert run(capsys, '--all', '--format', 'github') == (1, (
        f'::error file=server/api.js,line=8,endLine=8,col=19,title=vcx error-handling::{NO_TIMEOUT} (and 2 more in this file: lines 14, 31)%0A{QUESTION}\n'
        f'::error file=server/api.js,line=20,endLine=20,col=19,title=vcx error-handling::{NO_OK}%0A{QUESTION}\n'
    ))


def test_sarif_keeps_one_result_per_place(repo, capsys):
    """Code scanning tracks an alert per fingerprint and shows it on the pull request's lines."""
    code, out = run(capsys, '--all', '--format', 'sarif')
    results = json.loads(out)['runs'][0]['results']
    assert code == 1
    assert [(r['locations'][0]['physicalLocation']['region']['startLine'], r['message']['text'], 'suppressions' in r)
            for r in results] == [
        (8, f'{NO_TIMEOUT} {QUESTION}', False),
        (14, f'{NO_TIMEOUT} {QUESTION}', False),
        (20, f'{NO_OK} {QUESTION}', False),
        (31, f'{NO_TIMEOUT} {QUESTION}', False),
        (25, f'{NO_TIMEOUT} {QUESTION}', True),
    ]


def test_fold_false_asks_every_place(repo, capsys):
    (repo / '.vcx.toml').write_text('enable = ["error-handling"]\nblock = "medium"\nfold = false\n')
    assert findings_of(capsys, '--all') == (1, [
        (8, [8], [], NO_TIMEOUT),
        (14, [14], [], NO_TIMEOUT),
        (20, [20, 21], [], NO_OK),
        (31, [31], [], NO_TIMEOUT),
    ], [])
    git(repo, 'add', '.vcx.toml')
    assert main(['config']) == 0
    assert capsys.readouterr().out.splitlines()[7] == 'fold = false  # .vcx.toml (staged)'


def test_a_bad_fold_value_is_a_configuration_error(repo, capsys):
    (repo / '.vcx.toml').write_text('fold = "no"\n')
    assert main(['audit', '--all']) == 2
    assert capsys.readouterr().err == "vcx: .vcx.toml: fold: must be true or false, not 'no'\n"


def test_the_baseline_hides_each_recorded_place_and_asks_a_new_one_alone(repo, capsys):
    assert main(['baseline']) == 0
    assert capsys.readouterr().out == 'vcx: wrote .vcx-baseline.json: 4 open questions in 1 file; commit it to share it\n'
    (repo / 'server' / 'api.js').write_text(API + '\n' + CHECKED.format(name='f', arg='url'))
    assert findings_of(capsys, '--all') == (1, [(37, [37], [], NO_TIMEOUT)], [
        '4 questions recorded in .vcx-baseline.json not shown (--no-baseline shows them)',
    ])
    assert findings_of(capsys, '--all', '--no-baseline')[1] == [
        (8, [8, 14, 31, 37], [14, 31, 37], f'{NO_TIMEOUT} (and 3 more in this file: lines 14, 31, 37)'),
        (20, [20, 21], [], NO_OK),
    ]


def test_the_hook_folds_across_the_touched_functions_only(repo, capsys):
    """a and e are touched, b is not: its place is not part of this commit's question."""
    src = API.split('export async function ')
    src[2] = src[2].replace('fetch(url)', "fetch(url + '/a')")
    src[6] = src[6].replace('fetch(url)', "fetch(url + '/e')")
    (repo / 'server' / 'api.js').write_text('export async function '.join(src))
    git(repo, 'add', '-A')
    assert findings_of(capsys) == (1, [
        (8, [8, 31], [31], "`fetch(url + '/a')` has no timeout (and 1 more in this file: line 31)"),
    ], [])


def test_low_questions_not_listed_are_counted_as_folded(repo, capsys, monkeypatch):
    """The count says how many more questions `--show low` lists: folded ones, as listed."""
    monkeypatch.setattr(error_handling, 'CONFIDENCE', LOW)
    assert run(capsys, '--all', '-j', '1') == (0, (
        '2 low-confidence questions not listed (usually not worth asking): vcx audit --show low lists them\n'
    ))
    assert findings_of(capsys, '--all', '-j', '1', '--show', 'low')[1] == [
        (8, [8, 14, 31], [14, 31], f'{NO_TIMEOUT} (and 2 more in this file: lines 14, 31)'),
        (20, [20, 21], [], NO_OK),
    ]


def _finding(line, message='`fetch(x)` has no timeout', confidence=MEDIUM, check_id='error-handling', path='a.js'):
    return Finding(path, line, 3, check_id, f'f{line}', message, 'q?', line, 'x', confidence=confidence)


def test_only_one_confidence_folds_and_each_file_and_check_apart():
    found = [
        _finding(9, '`fetch(y)` has no timeout'), _finding(2), _finding(5, confidence=HIGH), _finding(7, confidence=HIGH),
        _finding(3, check_id='timezone'), _finding(4, path='b.js'),
    ]
    assert [(f.path, f.line, f.check_id, f.confidence, f.folded, f.message) for f in fold.per_file(found)] == [
        ('a.js', 2, 'error-handling', MEDIUM, (9,), '`fetch(x)` has no timeout (and 1 more in this file: line 9)'),
        ('a.js', 3, 'timezone', MEDIUM, (), '`fetch(x)` has no timeout'),
        ('a.js', 5, 'error-handling', HIGH, (7,), '`fetch(x)` has no timeout (and 1 more in this file: line 7)'),
        ('b.js', 4, 'error-handling', MEDIUM, (), '`fetch(x)` has no timeout'),
    ]


def test_the_message_names_six_places_and_counts_the_rest():
    folded = fold.per_file([_finding(n * 10) for n in range(1, 10)])
    assert [(f.line, f.evidence, f.message) for f in folded] == [(
        10, (20, 30, 40, 50, 60, 70, 80, 90),
        '`fetch(x)` has no timeout (and 8 more in this file: lines 20, 30, 40, 50, 60, 70, …)',
    )]


@pytest.mark.parametrize(
    ('message', 'shape'),
    (
        pytest.param('`fetch(url, { method: \'GET\' })` has no timeout', '`…` has no timeout', id='code with spaces'),
        pytest.param('`fetch(`https://api.x.com/v2/blog/${b...` has no timeout', '`…` has no timeout', id='template cut short'),
        pytest.param('`fetch(`${base}/users/${id}`)` has no `res.ok` check before `res.json()`',
                     '`…` has no `…` check before `…`', id='template whole'),
        pytest.param('`db.user.update()` (line 136) and `db.log.create()` (line 152) write with no transaction',
                     '`…` (line N) and `…` (line N) write with no transaction', id='numbers'),
    ),
)
def test_the_shape_leaves_out_code_and_numbers(message, shape):
    assert fold.shape(message) == shape
