"""Confidence tiers: medium-confidence questions are listed but block only with `block = "medium"`."""
from __future__ import annotations

import json

import pytest

from vcx_hook import report
from vcx_hook.commands.audit import blocks
from vcx_hook.config import default_config
from vcx_hook.config import WARN
from vcx_hook.finding import Finding
from vcx_hook.main import main

from tests.helpers import git

HIGH = Finding('src/a.js', 3, 5, 'n-plus-one', 'load', '`db.find()` runs once per `id`', 'Batch it?', 3, 'x')
MEDIUM = HIGH._replace(line=7, end_line=7, check_id='timezone', message='`d.setHours(0)` is local', question='Zone?', confidence='medium')


@pytest.mark.parametrize(('finding', 'block', 'severity', 'expected'), [
    pytest.param(HIGH, 'high', 'block', True, id='high blocks'),
    pytest.param(MEDIUM, 'high', 'block', False, id='medium listed only'),
    pytest.param(MEDIUM, 'medium', 'block', True, id='block = medium'),
    pytest.param(HIGH, 'medium', WARN, False, id='a warn severity never blocks'),
])
def test_blocks(finding, block, severity, expected):
    config = default_config()
    config = config._replace(block=block, severity={**config.severity, finding.check_id: severity})
    assert blocks(finding, config) is expected


def test_checklist_marks_medium_questions_and_they_do_not_count_as_blocking():
    summary = report.Summary('staged', 1, 1, [HIGH], [MEDIUM], [], [], [], [])
    assert report.text(summary).splitlines()[:8] == [
        'vcx: 1 question to answer, 1 of medium confidence (not blocking) in 1 function of 1 file (this commit: 1 file audited)',
        '',
        'src/a.js · load',
        'src/a.js:3:5: n-plus-one: `db.find()` runs once per `id`',
        '    ? Batch it?',
        'src/a.js:7:5: timezone (medium): `d.setHours(0)` is local',
        '    ? Zone?',
        '',
    ]


def test_a_blocking_medium_question_is_still_marked():
    summary = report.Summary('staged', 1, 1, [MEDIUM], [], [], [], [], [])
    assert 'src/a.js:7:5: timezone (medium): `d.setHours(0)` is local' in report.text(summary).splitlines()


def test_json_and_sarif_carry_the_confidence():
    summary = report.Summary('all', 1, 1, [HIGH], [MEDIUM], [], [], [], [])
    findings = json.loads(report.as_json(summary))['findings']
    assert [(f['check'], f['confidence'], f['severity']) for f in findings] == [
        ('n-plus-one', 'high', 'block'), ('timezone', 'medium', 'warn'),
    ]
    results = json.loads(report.as_sarif(summary, '1'))['runs'][0]['results']
    assert [(r['ruleId'], r['level'], r['rank'], r['properties']) for r in results] == [
        ('n-plus-one', 'error', 90.0, {'precision': 'high'}),
        ('timezone', 'warning', 50.0, {'precision': 'medium'}),
    ]



def test_block_is_read_checked_and_shown(repo, capsys):
    (repo / '.vcx.toml').write_text('block = "medium"\n')
    git(repo, 'add', '.vcx.toml')
    assert main(['config']) == 0
    assert 'block = "medium"  # .vcx.toml (staged)' in capsys.readouterr().out.splitlines()
    (repo / '.vcx.toml').write_text('block = "lowest"\n')
    git(repo, 'add', '.vcx.toml')
    assert main(['config']) == 2
    assert capsys.readouterr().err == """vcx: .vcx.toml (staged): block: must be "high", "medium" or "low", not 'lowest'\n"""
