"""A project that limits inside handlers: a file imports a limiter package (a helper the sign-in
handler calls) and no file mounts one, so a sign-up route that calls none is asked at medium
confidence; a limiter mounted anywhere (``app.use``, a middleware file) may cover it: low."""
from __future__ import annotations

import json

import pytest

from vcx_hook.engine import project
from vcx_hook.main import main

from tests.helpers import ROOT
from tests.helpers import project as make_project

FIXTURE = ROOT / 'fixtures' / 'missing-rate-limit' / 'per_handler'


def _files(**extra: str) -> dict[str, str]:
    files = {p.name: p.read_text() for p in FIXTURE.iterdir()}
    files.update(extra)
    return files


def _signup_confidence(capsys, *args: str) -> list[str]:
    assert main(['audit', '--format', 'json', '--show', 'low', *args]) in (0, 1)
    doc = json.loads(capsys.readouterr().out)
    return [f['confidence'] for f in doc['findings'] if f['check'] == 'missing-rate-limit' and f['path'] == 'signup.js']


@pytest.mark.parametrize('args', [(), ('--all',)], ids=['staged', 'all'])
def test_a_route_of_a_project_that_limits_in_handlers_is_medium(tmp_path, monkeypatch, capsys, args):
    make_project(tmp_path, monkeypatch, _files())
    assert _signup_confidence(capsys, *args) == ['medium']


@pytest.mark.parametrize('mount', [
    pytest.param({'app.js': "const app = require('express')();\nconst loginLimiter = require('./loginLimiter');\n"
                            "app.use('/auth', loginLimiter);\napp.listen(3000);\n"}, id='app.use'),
    pytest.param({'middleware.js': "import { Ratelimit } from '@upstash/ratelimit';\n"
                                   "export async function middleware(req) { await ratelimit.limit(req.ip); }\n"}, id='middleware file'),
])
def test_a_limiter_mounted_anywhere_may_cover_it_low(tmp_path, monkeypatch, capsys, mount):
    make_project(tmp_path, monkeypatch, _files(**mount))
    assert _signup_confidence(capsys) == ['low']


def test_a_declared_limiter_nothing_imports_says_nothing_low(tmp_path, monkeypatch, capsys):
    files = _files()
    files['login.js'] = files['login.js'].replace("const loginLimiter = require('./loginLimiter');\n", '') \
        .replace('    await loginLimiter(req.ip);\n', '')
    del files['loginLimiter.js']
    make_project(tmp_path, monkeypatch, files)
    assert _signup_confidence(capsys) == ['low']


@pytest.mark.parametrize(('path', 'src', 'imports', 'mounts'), [
    ('limit.js', "const { RateLimiterRedis } = require('rate-limiter-flexible');\nconst l = new RateLimiterRedis({});\n", True, False),
    ('routes.js', "const rateLimit = require('express-rate-limit');\nrouter.use(rateLimit({ max: 5 }));\n", True, True),
    ('routes.js', "const { authLimiter } = require('./limits');\nrouter.use(authLimiter);\n", False, True),
    ('src/middleware.ts', "export async function middleware(req) { await ratelimit.limit(ip); }\n", False, True),
    ('routes.js', "router.use(cors());\n", False, False),
    # A mount table whose rows `use` spreads (catalogue-apprentissage's server.js, round 31).
    ('server.js', "const rateLimit = require('express-rate-limit');\nconst authLimiter = rateLimit({});\n"
                  "const routes = [['/auth', authLimiter, auth]];\nroutes.forEach(([path, ...rest]) => app.use(path, ...rest));\n",
     True, True),
    ('server.js', "const routes = [['/auth', auth]];\nroutes.forEach(([path, ...rest]) => app.use(path, ...rest));\n", False, False),
])
def test_how_a_file_uses_limiters(path, src, imports, mounts):
    from vcx_hook.config import default_config

    names = default_config().names['missing-rate-limit']
    use = project.used(path, src.encode(), names['limiters'], names['limiter_packages'])
    assert (use.imports, use.mounts) == (imports, mounts)
