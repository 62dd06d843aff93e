"""A monorepo's app declares its own packages: the nearest package.json above a file decides which
framework version its code is judged by (Express 5 forwards async rejections), in the hook and --all."""
from __future__ import annotations

import json

import pytest

from vcx_hook.config import default_config
from vcx_hook.config import packages_near
from vcx_hook.main import main

from tests.helpers import git

HANDLER = """const express = require('express');
const app = express();
app.get('/users', async (req, res) => {
  res.json(await db.user.findMany({ take: 10 }));
});
"""


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv('GIT_INDEX_FILE', raising=False)
    git(tmp_path, 'init', '-q')
    (tmp_path / 'package.json').write_text(json.dumps({'name': 'root', 'devDependencies': {'turbo': '^2'}}))
    (tmp_path / '.vcx.toml').write_text('enable = ["error-handling"]\n')
    for app, express in (('apps/v5', '^5.1.0'), ('apps/v4', '^4.21.0')):
        (tmp_path / app / 'src').mkdir(parents=True)
        (tmp_path / app / 'package.json').write_text(json.dumps({'dependencies': {'express': express}}))
        (tmp_path / app / 'src/server.js').write_text(HANDLER)
    git(tmp_path, 'add', '-A')
    return tmp_path


def _asked(capsys) -> list[str]:
    out = capsys.readouterr().out
    return sorted(f['path'] for f in json.loads(out)['findings'])


@pytest.mark.parametrize('args', [['audit', '--format', 'json'], ['audit', '--all', '--format', 'json']], ids=['hook', 'all'])
def test_the_nearest_package_json_decides_the_express_version(repo, capsys, args):
    main(args)
    assert _asked(capsys) == ['apps/v4/src/server.js']


def test_packages_near_prefers_the_nearest_manifest_over_the_root():
    cfg = default_config()._replace(
        packages={'express': '^4.0.0', 'zod': '^3'},
        folder_packages={'apps/api': {'express': '^5.0.0'}, 'apps/api/tools': {'commander': '^12'}},
    )
    assert packages_near(cfg, 'apps/api/src/routes/users.ts') == {'express': '^5.0.0', 'zod': '^3'}
    assert packages_near(cfg, 'apps/api/tools/x.ts') == {'express': '^4.0.0', 'zod': '^3', 'commander': '^12'}
    assert packages_near(cfg, 'apps/web/page.tsx') == {'express': '^4.0.0', 'zod': '^3'}
    assert packages_near(cfg, 'server.js') == {'express': '^4.0.0', 'zod': '^3'}
