"""App-wide limiters in hook mode: a staged route below the file that registers the throttler is
covered; the folders above the route are read only when a staged file registers a route."""
from __future__ import annotations

import json
import shutil

import pytest

from vcx_hook.ecosystem.app_limiters import ROUTE_HINT
from vcx_hook.ecosystem.app_limiters import counted_near
from vcx_hook.ecosystem.app_limiters import counts_sign_in_attempts
from vcx_hook.ecosystem.app_limiters import folders_above
from vcx_hook.ecosystem.app_limiters import may_limit_paths
from vcx_hook.ecosystem.app_limiters import middleware_app
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


def test_a_staged_controller_of_an_app_whose_feature_module_provides_the_limiter_is_not_asked(repo, capsys):
    # src/geo/geo.module.ts is beside the controller's folder, not above it: git finds it under the
    # folder of src/main.ts, which starts the application.
    assert _staged_rate_limit_questions(repo, capsys, 'nest_feature_guard') == []


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


def _staged_sign_in_confidences(repo, capsys, with_counter: bool) -> dict[int, str]:
    """The attempt-counter app committed without its routes file (and its counter emptied unless
    ``with_counter``), then the routes file staged: the hook reads every source file for the counter."""
    shutil.copytree(FIXTURES / 'attempt_counter', repo / 'app')
    routes = repo / 'app' / 'routes' / 'auth.ts'
    text = routes.read_text()
    routes.unlink()
    if not with_counter:
        (repo / 'app' / 'services' / 'attempts.ts').write_text('export const tries = 0;\n')
    git(repo, 'add', 'app')
    git(repo, 'commit', '-q', '-m', 'app')
    routes.write_text(text)
    git(repo, 'add', 'app')
    assert main(['audit', '--format', 'json', '--show', 'low']) in (0, 1)
    doc = json.loads(capsys.readouterr().out)
    return {line: f['confidence'] for f in doc['findings']  # a question folded over places: each place
            if f['check'] == 'missing-rate-limit' and f['path'] == 'app/routes/auth.ts'
            for line in (f['line'], *f['folded'])}


def test_a_staged_sign_in_route_of_an_app_counting_attempts_is_low(repo, capsys):
    found = _staged_sign_in_confidences(repo, capsys, with_counter=True)
    assert found[11] == 'low' and found[13] == 'low'  # /account/login, /account/verify-otp
    assert found[15] == 'medium'  # the sign-up: no attempt counter bounds its mail


def test_a_staged_sign_in_route_of_an_app_counting_nothing_is_listed(repo, capsys):
    found = _staged_sign_in_confidences(repo, capsys, with_counter=False)
    assert found[11] == 'medium' and found[13] == 'medium'


@pytest.mark.parametrize(('src', 'counts'), [
    (b'await CommonUser.verifyLoginAttempt(email)', True),
    (b'INSERT INTO login_attempts (mail) VALUES ($1)', True),
    (b'user.failedLoginAttempts += 1', True),
    (b'otpAttempts: number;', True),
    (b'lastLoginAttempt: Date;', False),  # a timestamp, no count
    (b'const maxAttempts = 3; // retries of a webhook', False),
])
def test_counts_sign_in_attempts(src, counts):
    assert counts_sign_in_attempts(src) is counts


def test_an_attempt_counter_belongs_to_the_app_of_the_routes_beside_it():
    assert counted_near('backend/src/routes/auth.ts', frozenset(('backend/src/services/common',)))
    assert counted_near('src/auth.routes.ts', frozenset(('src',)))
    assert not counted_near('backend/src/routes/auth.ts', frozenset(('admin/src/services',)))  # another app
    assert not counted_near('api/auth.js', frozenset(('api/legacy/app',)))  # below the routes: another app


def test_a_staged_sign_in_route_reads_only_its_own_apps_files_for_a_counter(repo, capsys, monkeypatch):
    # Another app's counter (other/) is neither read nor counted; the route's own app's is.
    from vcx_hook.engine import project

    (repo / 'other' / 'services').mkdir(parents=True)
    (repo / 'other' / 'services' / 'attempts.ts').write_text('export const otpAttempts = new Map<string, number>();\n')
    read: list[str] = []
    real = project.project_file
    monkeypatch.setattr(project, 'project_file', lambda *a: (read.append(a[-1]), real(*a))[1])
    found = _staged_sign_in_confidences(repo, capsys, with_counter=True)
    assert found[11] == 'low'
    assert 'app/services/attempts.ts' in read and 'other/services/attempts.ts' not in read


def _staged_next_route_questions(repo, capsys, route: str) -> list[int]:
    """The Next.js app with its middleware committed, then one route staged: the hook reads the
    middleware's folder beside the route's app folder (``app_limiters.middleware_app``)."""
    shutil.copytree(FIXTURES / 'next_middleware_prefixes', repo / 'web')
    path = repo / 'web' / route
    text = path.read_text().replace('// vcx-expect: missing-rate-limit\n', '')
    path.unlink()
    git(repo, 'add', 'web')
    git(repo, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'base')
    path.write_text(text)
    git(repo, 'add', 'web')
    assert main(['audit', '--format', 'json']) in (0, 1)
    doc = json.loads(capsys.readouterr().out)
    return [f['line'] for f in doc['findings'] if f['check'] == 'missing-rate-limit' and f['path'] == f'web/{route}']


def test_a_staged_next_route_under_a_prefix_its_middleware_limits_is_not_asked(repo, capsys):
    assert _staged_next_route_questions(repo, capsys, 'app/api/prompt/improve/route.ts') == []


def test_a_staged_next_route_under_no_limited_prefix_is_asked(repo, capsys):
    assert _staged_next_route_questions(repo, capsys, 'app/api/user/profile/route.ts') == [6]


@pytest.mark.parametrize(('path', 'app'), [
    ('src/middleware.ts', 'src'),
    ('src/client/src/middleware/check-auth.ts', 'src/client/src'),
    ('middleware/limits.ts', ''),
    ('lib/util.ts', 'lib'),
])
def test_the_app_of_next_middleware_code(path, app):
    assert middleware_app(path) == app


@pytest.mark.parametrize(('path', 'src', 'may'), [
    ('middleware/x.ts', b"import { NextRequest } from 'next/server';\nconst RATE_LIMITED = ['/api'];", True),
    ('middleware.ts', b"import { NextRequest } from 'next/server';\nconst PUBLIC = ['/api'];", False),  # no limiter named
    ('lib/limits.ts', b"import { NextRequest } from 'next/server';\nconst RATE_LIMITED = ['/api'];", False),  # not middleware
    ('middleware/limit.js', b"const rateLimit = require('express-rate-limit');", False),  # Express middleware
])
def test_may_limit_paths(path, src, may):
    assert may_limit_paths(path, src) is may
