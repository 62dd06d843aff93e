"""A project whose production code installs a process-wide ``unhandledRejection`` handler that logs
and keeps the process up (a daemon's entry file, a loader the plugins run under): a promise a timer
or a fire-and-forget call drops elsewhere fails as a log line, so those questions are low there
(Hydro's judge daemon and vjudge plugin, round 21; bcgov's form service, round 20). A handler
that exits anyway, one named for it, or one in a test setup says nothing."""
from __future__ import annotations

import json

import pytest

from vcx_hook.ecosystem.runtime import logs_rejections
from vcx_hook.main import main

from tests.helpers import git

# A timer that drops an async callback's promise, and a request nobody catches: medium alone.
JOBS = ('const { db } = require("./db");\n'
        'const axios = require("axios");\n'
        'function start() {\n'
        '  setInterval(async () => {\n    await db.refreshStatus();\n  }, 60000);\n'
        '}\n'
        'function notify(url, body) {\n'
        '  axios.post(url, body, { timeout: 5000 });\n'
        '}\n'
        'module.exports = { start, notify };\n')


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv('GIT_INDEX_FILE', raising=False)
    git(tmp_path, 'init', '-q')
    (tmp_path / 'worker/src').mkdir(parents=True)
    (tmp_path / 'worker/src/jobs.js').write_text(JOBS)
    (tmp_path / '.vcx.toml').write_text('enable = ["error-handling"]\n')
    return tmp_path


def _confidences(capsys) -> list[str]:
    doc = json.loads(capsys.readouterr().out)
    return sorted(f['confidence'] for f in doc['findings'])


LOGS = "process.on('unhandledRejection', (reason) => {\n  console.error('unhandled', reason);\n});\nrequire('./src/jobs').start();\n"


@pytest.mark.parametrize(('path', 'entry', 'low', 'hook_low'), [
    ('worker/main.js', LOGS, True, True),
    ('worker/loader/index.ts', "process.on('unhandledRejection', logger.error);\n", True, True),
    ('main.js', LOGS, True, True),  # the root is searched for every commit
    # A commit is searched in the top folders of its files (and the root) only: a handler in another
    # top folder is read by --all, not by the hook (a monorepo's process starts beside its code).
    ('packages/loader/index.ts', "process.on('unhandledRejection', logger.error);\n", True, False),
    ('worker/main.js', LOGS.replace("reason);\n", "reason);\n  process.exit(1);\n"), False, False),
    ('worker/main.js', "process.on('unhandledRejection', onFatal);\n", False, False),
    ('test/setup.js', LOGS, False, False),
])
def test_a_project_wide_rejection_logger_makes_dropped_promise_questions_low(repo, capsys, path, entry, low, hook_low):
    git(repo, 'add', '.')
    assert main(['audit', '--all', '--format', 'json', '--show', 'low']) in (0, 1)
    assert _confidences(capsys) == ['medium', 'medium']
    (repo / path).parent.mkdir(parents=True, exist_ok=True)
    (repo / path).write_text(entry)
    git(repo, 'add', '.')
    expected = ['low', 'low'] if low else ['medium', 'medium']
    assert main(['audit', '--all', '--format', 'json', '--show', 'low']) in (0, 1)
    assert _confidences(capsys) == expected
    (repo / 'worker/src/jobs.js').write_text(JOBS + '// touched\n')
    git(repo, 'add', '.')
    assert main(['audit', '--format', 'json', '--show', 'low', '--ask', 'touched-functions']) in (0, 1)
    assert _confidences(capsys) == (['low', 'low'] if hook_low else ['medium', 'medium'])


def test_a_timeout_still_missing_is_asked_where_rejections_are_logged(repo, capsys):
    """The fact lowers a rejection alone: a call that also lacks a timeout is still listed."""
    (repo / 'worker/src/jobs.js').write_text(JOBS.replace(', { timeout: 5000 }', ''))
    (repo / 'worker/main.js').write_text(LOGS)
    git(repo, 'add', '.')
    assert main(['audit', '--all', '--format', 'json', '--show', 'low']) in (0, 1)
    assert _confidences(capsys) == ['low', 'medium']


def test_logs_rejections():
    assert logs_rejections(b"process.on('unhandledRejection', (r, p) => { log.error(r); });")
    assert logs_rejections(b"process.on('unhandledRejection', logger.error);")
    assert logs_rejections(b"process.on(\"unhandledRejection\", err => Sentry.captureException(err))")
    assert not logs_rejections(b"process.on('unhandledRejection', (e) => { console.error(e); process.exit(1); });")
    assert not logs_rejections(b"process.on('unhandledRejection', err => { throw err; });")
    assert not logs_rejections(b"process.on('unhandledRejection', err => { console.error(err); process.exitCode = 1; });")
    assert not logs_rejections(b"process.on('unhandledRejection', shutdown);")
    assert not logs_rejections(b"process.on('unhandledRejection', onFatalError);")
    assert logs_rejections(b"process.on('unhandledRejection', log);")
    assert not logs_rejections(b"// we do not call process.on('uncaughtException') here")


@pytest.mark.parametrize(('source', 'reads'), [
    (b'setInterval(async () => { await db.sync(); }, 1000);', True),  # a timer dropping a promise
    (b'async function notify(u) { axios.post(u, {}); }', True),  # a client call
    (b'export const ping = (u) => fetch(u).then((r) => r.ok);', True),
    (b'async function save(x) { await repo.insert(x); }', False),  # async code with no timer or client
    (b'fetch(url);', False),  # no async code or .then: no promise the file may drop
    (b'async function resolve(request) { return request.split("!"); }', False),  # a variable, no client
])
def test_only_a_staged_timer_or_client_call_makes_the_hook_search_for_a_logger(source, reads):
    # The search is a grep of every source file (~0.1 s of CPU on 13k files): not for every commit.
    from vcx_hook.ecosystem.runtime import may_drop_promise

    assert may_drop_promise(source) is reads


def test_a_comment_naming_a_client_is_no_call_of_it():
    from vcx_hook.ecosystem.runtime import may_drop_promise

    assert not may_drop_promise(b'/** @param {string} request the asset request (for rule matching) */\nasync function f(r) {}')
