"""The low confidence tier: questions that are usually not worth asking are counted, not listed,
unless `show = "low"` (or `vcx audit --show low`) asks for them; `block = "low"` lists and blocks them."""
from __future__ import annotations

import json

import pytest

from vcx_hook import report
from vcx_hook.checks import timezone
from vcx_hook.commands.audit import blocks
from vcx_hook.commands.audit import listed
from vcx_hook.config import default_config
from vcx_hook.finding import at_least
from vcx_hook.finding import Finding
from vcx_hook.main import main

from tests.helpers import git

HIGH = Finding('src/a.js', 3, 5, 'n-plus-one', 'load', '`db.find()` runs once per `id`', 'Batch it?', 3, 'x')
MEDIUM = HIGH._replace(line=7, end_line=7, check_id='timezone', message='`d.setHours(0)` is local', question='Zone?', confidence='medium')
LOW = HIGH._replace(line=9, end_line=9, check_id='race-condition', message='`find()` then `create()`', question='Unique?', confidence='low')


def test_at_least_orders_high_medium_low():
    assert [(c, f) for c in ('high', 'medium', 'low') for f in ('high', 'medium', 'low') if at_least(c, f)] == [
        ('high', 'high'), ('high', 'medium'), ('high', 'low'), ('medium', 'medium'), ('medium', 'low'), ('low', 'low'),
    ]


@pytest.mark.parametrize(('show', 'block', 'expected'), [
    pytest.param('medium', 'high', [('n-plus-one', True), ('timezone', False)], id='default: low not listed'),
    pytest.param('low', 'high', [('n-plus-one', True), ('timezone', False), ('race-condition', False)], id='show = low'),
    pytest.param('high', 'high', [('n-plus-one', True)], id='show = high'),
    pytest.param('high', 'medium', [('n-plus-one', True), ('timezone', True)], id='a blocking question is listed'),
    pytest.param('medium', 'low', [('n-plus-one', True), ('timezone', True), ('race-condition', True)], id='block = low'),
])
def test_listed_and_blocking(show, block, expected):
    config = default_config()._replace(show=show, block=block)
    assert [(f.check_id, blocks(f, config)) for f in (HIGH, MEDIUM, LOW) if listed(f, config)] == expected


def test_the_checklist_counts_the_questions_it_does_not_list():
    summary = report.Summary('staged', 1, 1, [HIGH], [], [], [], [], [], hidden=2)
    assert report.text(summary).splitlines()[-4:] == [
        '    // vcx-ignore <check-id> -- <why this is fine>',
        'What a check looks for: vcx explain <check-id>.  Skip the hook once: SKIP=vcx git commit ...',
        '',
        '2 low-confidence questions not listed (usually not worth asking): vcx audit --show low lists them',
    ]
    quiet = report.Summary('all', 1, 1, [], [], [], [], [], [], hidden=1)
    assert report.text(quiet) == (
        '1 low-confidence question not listed (usually not worth asking): vcx audit --show low lists them\n'
    )


def test_listed_low_questions_are_marked_and_counted_apart():
    summary = report.Summary('staged', 1, 1, [HIGH], [MEDIUM, LOW], [], [], [], [])
    lines = report.text(summary).splitlines()
    assert lines[0] == (
        'vcx: 1 question to answer, 1 of medium and 1 of low confidence (not blocking)'
        ' in 1 function of 1 file (this commit: 1 file audited)'
    )
    assert 'src/a.js:9:5: race-condition (low): `find()` then `create()`' in lines


def test_json_and_sarif_carry_the_low_tier():
    summary = report.Summary('all', 1, 1, [], [LOW], [], [], [], [], hidden=4)
    doc = json.loads(report.as_json(summary))
    assert [(f['check'], f['confidence'], f['severity']) for f in doc['findings']] == [('race-condition', 'low', 'warn')]
    assert doc['hidden'] == 4
    results = json.loads(report.as_sarif(summary, '1'))['runs'][0]['results']
    assert [(r['ruleId'], r['rank'], r['properties']) for r in results] == [('race-condition', 20.0, {'precision': 'low'})]


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv('GIT_INDEX_FILE', raising=False)
    git(tmp_path, 'init', '-q')
    (tmp_path / 'server.js').write_text('export function stamp() {\n  return new Date().toLocaleString();\n}\n')
    git(tmp_path, 'add', 'server.js')
    # The family's questions at low confidence, as a family that puts a shape at low reports it.
    monkeypatch.setattr(timezone, 'CONFIDENCE', 'low')
    return tmp_path


QUESTION = (
    "server.js:2:10: timezone (low): `new Date().toLocaleString()` formats in the server's zone;"
    ' pass `{ timeZone }` or format on the client'
)


def test_a_run_counts_low_questions_and_show_low_lists_them(repo, capsys):
    assert main(['audit', '--all', '-j', '1']) == 0
    assert capsys.readouterr().out == (
        '1 low-confidence question not listed (usually not worth asking): vcx audit --show low lists them\n'
    )
    assert main(['audit', '--all', '-j', '1', '--show', 'low']) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == 'vcx: 0 questions to answer, 1 of low confidence (not blocking) in 1 function of 1 file (whole files: 1 file audited)'
    assert QUESTION in out
    assert main(['audit', '--all', '-j', '1', '--format', 'json']) == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc['findings'], doc['hidden']) == ([], 1)


def test_show_and_block_come_from_the_configuration(repo, capsys):
    (repo / '.vcx.toml').write_text('show = "low"\n')
    assert main(['audit', '--all', '-j', '1']) == 0
    assert QUESTION in capsys.readouterr().out.splitlines()
    (repo / '.vcx.toml').write_text('block = "low"\n')
    assert main(['audit', '--all', '-j', '1']) == 1
    assert QUESTION in capsys.readouterr().out.splitlines()
    git(repo, 'add', '.vcx.toml')
    assert main(['config']) == 0
    assert 'show = "medium"  # default' in capsys.readouterr().out.splitlines()
    (repo / '.vcx.toml').write_text('show = "none"\n')
    git(repo, 'add', '.vcx.toml')
    assert main(['config']) == 2
    assert capsys.readouterr().err == """vcx: .vcx.toml (staged): show: must be "high", "medium" or "low", not 'none'\n"""


def test_the_baseline_records_low_questions_too(repo, capsys):
    git(repo, 'commit', '-q', '-m', 'stamp')
    assert main(['baseline', '-j', '1']) == 0
    capsys.readouterr()
    assert main(['audit', '--all', '-j', '1', '--show', 'low']) == 0
    assert capsys.readouterr().out == ''
    assert main(['audit', '--all', '-j', '1', '--show', 'low', '--no-baseline']) == 0
    assert QUESTION in capsys.readouterr().out.splitlines()
