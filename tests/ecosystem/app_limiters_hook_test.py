"""App-wide limiters in hook mode: a staged route below the file that registers the throttler is
covered; the folders above the route are read only when a staged file registers a route."""
from __future__ import annotations

import json
import shutil

import pytest

from vcx_hook.ecosystem.app_limiters import ROUTE_HINT
from vcx_hook.ecosystem.app_limiters import folders_above
from vcx_hook.main import main

from tests.helpers import ROOT
from tests.helpers import git

FIXTURES = ROOT / 'fixtures' / 'missing-rate-limit'



def _staged_rate_limit_questions(repo, capsys, app: str) -> list[int]:
    shutil.copytree(FIXTURES / app, repo / 'src')
    controller = repo / 'src' / 'auth' / 'auth.controller.ts'
    controller.write_text(controller.read_text().replace('// vcx-expect: missing-rate-limit\n', ''))
    git(repo, 'add', 'src')
    assert main(['audit', '--format', 'json', '--show', 'low']) in (0, 1)
    doc = json.loads(capsys.readouterr().out)
    return [f['line'] for f in doc['findings']
            if f['check'] == 'missing-rate-limit' and f['path'] == 'src/auth/auth.controller.ts']


def test_a_staged_controller_below_the_registered_throttler_is_not_asked(repo, capsys):
    assert _staged_rate_limit_questions(repo, capsys, 'nest_throttled') == []


def test_a_staged_controller_without_an_app_wide_throttler_is_asked(repo, capsys):
    assert _staged_rate_limit_questions(repo, capsys, 'nest_unthrottled') != []


@pytest.mark.parametrize(('src', 'hint'), [
    (b"@Post('login')", True),
    (b"router.get('/users', list)", True),
    (b'app.post(`/api/${v}`, h)', True),
    (b'const v = cache.get(key);', False),
    (b"hooks.get('compile')", False),
])
def test_route_hint(src, hint):
    assert (ROUTE_HINT.search(src) is not None) is hint


def test_folders_above_a_route_and_its_own():
    # Its own folder too: a server beside it may mount it (`app.use('/account', accountApp.handlers)`).
    assert folders_above(['src/auth/a.ts', 'lib/x/y/z.js', 'root.js']) == frozenset(
        ('', 'src', 'src/auth', 'lib', 'lib/x', 'lib/x/y'))


def _staged_sub_app_questions(repo, capsys, staged: str) -> list[int]:
    """The server beside ``staged`` is committed; only the sub-app is staged (the hook reads the
    server from the index, as it reads the folders above)."""
    shutil.copytree(FIXTURES / 'express_subapps', repo / 'src')
    git(repo, 'add', 'src')
    git(repo, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'base')
    path = repo / 'src' / staged
    path.write_text(path.read_text().replace('// vcx-expect: missing-rate-limit\n', '') + '\n// touched\n')
    text = path.read_text()
    path.write_text(text.replace("app.post('/login'", "app.post('/login' /* staged */"))
    git(repo, 'add', 'src')
    assert main(['audit', '--format', 'json', '--show', 'low']) in (0, 1)
    doc = json.loads(capsys.readouterr().out)
    return [f['line'] for f in doc['findings'] if f['check'] == 'missing-rate-limit' and f['path'] == f'src/{staged}']


def test_a_staged_sub_app_the_server_beside_it_mounts_after_its_limiter_is_not_asked(repo, capsys):
    assert _staged_sub_app_questions(repo, capsys, 'app-account.js') == []


def test_a_staged_sub_app_the_server_does_not_mount_is_asked(repo, capsys):
    assert _staged_sub_app_questions(repo, capsys, 'app-support.js') != []
