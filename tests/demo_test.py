"""The README's first command: the bundled demo app asks one question of every family."""
from __future__ import annotations

import json

from vcx_hook.checks import BY_ID
from vcx_hook.main import main

from tests.helpers import ROOT


def test_demo_asks_every_family(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    # No shape is high until held-out judging shows one worth asking 80% of the time (bench/judged,
    # docs/confidence.md): listed at medium, none blocking by default; n-plus-one is low as a whole,
    # and so are race-condition (the like counted up from what was read), hardcoded-config (the CORS
    # list's development origin), timezone's calendar maths (the
    # digest's `setHours(9, 0, 0, 0)`) and two writes with no transaction around them (the transfer's
    # debit and credit).
    assert main(['audit', '--all', 'fixtures/demo', '--format', 'json', '--jobs', '1']) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [f'{f["path"]}:{f["line"]} {f["check"]} {f["confidence"]}' for f in doc['findings']] == [
        'fixtures/demo/src/components/LiveFeed.jsx:8 missing-cleanup medium',
        'fixtures/demo/src/components/LiveFeed.jsx:9 missing-cleanup medium',
        'fixtures/demo/src/jobs/digest.js:4 error-handling medium',
        'fixtures/demo/src/server.js:11 missing-rate-limit medium',
        'fixtures/demo/src/server.js:11 error-handling medium',
        'fixtures/demo/src/server.js:12 unvalidated-input medium',
        'fixtures/demo/src/server.js:26 missing-rate-limit medium',
        'fixtures/demo/src/services/reports.js:8 unbounded-query medium',
    ]
    assert {f['check'] for f in doc['findings']} == set(BY_ID) - {'hardcoded-config', 'missing-transaction', 'n-plus-one', 'race-condition', 'timezone'}
    assert doc['problems'] == []
    assert main(['audit', '--all', 'fixtures/demo', '--format', 'json', '--jobs', '1', '--show', 'low']) == 0
    low = [f'{f["path"]}:{f["line"]} {f["check"]}' for f in json.loads(capsys.readouterr().out)['findings']
           if f['confidence'] == 'low']
    assert [f for f in low if any(c in f for c in ('n-plus-one', 'timezone', 'transaction', 'hardcoded', 'race'))] == [
        'fixtures/demo/src/jobs/digest.js:10 timezone',
        'fixtures/demo/src/jobs/digest.js:11 hardcoded-config',
        'fixtures/demo/src/server.js:9 hardcoded-config',
        'fixtures/demo/src/services/payments.ts:5 missing-transaction',
        'fixtures/demo/src/services/posts.js:5 race-condition',
        'fixtures/demo/src/services/reports.js:15 n-plus-one',
        'fixtures/demo/src/services/users.ts:10 n-plus-one',
    ]


def test_demo_text_output_is_the_same_for_any_jobs(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    outs = []
    for jobs in ('1', '2'):
        main(['audit', '--all', 'fixtures/demo', '--jobs', jobs, '--color', 'never'])
        outs.append(capsys.readouterr().out)
    assert outs[0] == outs[1]
    assert outs[0].startswith('vcx: 0 questions to answer, 7 of medium confidence (not blocking) in 5 functions of 4 files (whole files: 11 files audited)\n')
