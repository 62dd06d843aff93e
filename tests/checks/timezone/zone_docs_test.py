"""A self-hosted project that tells its users to set the server's zone (``TZ=Europe/Brussels`` in
its README's ``docker run`` or its compose file) runs in its user's zone: the
server-zone questions are low confidence there."""
from __future__ import annotations

import json

import pytest

from vcx_hook.ecosystem.runtime import pins_zone
from vcx_hook.ecosystem.runtime import sets_zone
from vcx_hook.main import main

from tests.helpers import git

# A listed shape (a date-time string built at run time, no offset): a calendar position is low anyway.
NIGHTLY = 'const db = require("./db");\nexport function nightly(day) {\n  const d = new Date(`${day}T09:00:00`);\n  return d;\n}\n'


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv('GIT_INDEX_FILE', raising=False)
    git(tmp_path, 'init', '-q')
    (tmp_path / 'server').mkdir()
    (tmp_path / 'server/jobs.js').write_text(NIGHTLY)
    (tmp_path / 'server/cron.js').write_text("import { nightly } from './jobs';\nsetInterval(nightly, 86400000);\n")
    (tmp_path / '.vcx.toml').write_text('enable = ["timezone"]\n')
    return tmp_path


def _confidences(capsys) -> list[str]:
    doc = json.loads(capsys.readouterr().out)
    return [f['confidence'] for f in doc['findings']]


@pytest.mark.parametrize(('name', 'doc'), [
    ('README.md', 'docker run -d \\\n  -e TZ=Europe/Brussels \\\n  ghcr.io/acme/app\n'),
    ('docker-compose.yml', 'services:\n  app:\n    environment:\n      - TZ=America/New_York\n'),
    ('compose.yaml', 'services:\n  app:\n    environment:\n      TZ: "Asia/Tokyo"\n'),
    ('Dockerfile', 'FROM node:22-slim AS base\nENV TZ=Europe/London\nRUN ln -snf "/usr/share/zoneinfo/$TZ" /etc/localtime\n'),
])
def test_a_zone_the_docs_set_makes_server_zone_questions_low(repo, capsys, name, doc):
    git(repo, 'add', '.')
    assert main(['audit', '--all', '--format', 'json', '--show', 'low']) in (0, 1)
    assert _confidences(capsys) == ['medium']
    (repo / name).write_text(doc)
    git(repo, 'add', '.')
    assert main(['audit', '--all', '--format', 'json', '--show', 'low']) in (0, 1)
    assert _confidences(capsys) == ['low']
    assert main(['audit', '--format', 'json', '--show', 'low']) in (0, 1)
    assert _confidences(capsys) == ['low']


def test_sets_zone():
    assert sets_zone(b'TZ: "Asia/Tokyo"')
    assert not sets_zone(b'Set the TZ environment variable if you like.')
    assert not sets_zone(b'const TZ = process.env.TZ;')
    assert not sets_zone(b'ENV TZ=Etc/UTC')
    assert sets_zone(b'ENV TZ Europe/London')
    assert not sets_zone(b'ENV TZ UTC')


def test_pins_zone():
    assert pins_zone(b'process.env.TZ = "Europe/Paris";')
    assert pins_zone(b"process.env['TZ'] = 'America/New_York'")
    assert not pins_zone(b'if (process.env.TZ !== "Europe/Paris") {')
    assert not pins_zone(b'if (process.env.TZ == "Europe/Paris") {')
    assert not pins_zone(b'process.env.TZ = "UTC";')
    assert not pins_zone(b'process.env.TZ = "Etc/UTC";')


MAIN = ('if (process.env.TZ !== "Europe/Paris") {\n  console.warn("set TZ");\n  process.env.TZ = "Europe/Paris";\n}\n'
        'require("./server/cron");\n')


@pytest.mark.parametrize(('path', 'low'), [('src/main.ts', True), ('test/setup.ts', False)])
def test_a_zone_production_code_sets_makes_server_zone_questions_low(repo, capsys, path, low):
    """trackdechets' entry file pins `TZ` to Europe/Paris: local days are Paris days on purpose. A
    test setup that sets a zone says nothing about production."""
    (repo / path).parent.mkdir(parents=True, exist_ok=True)
    (repo / path).write_text(MAIN)
    git(repo, 'add', '.')
    assert main(['audit', '--all', '--format', 'json', '--show', 'low']) in (0, 1)
    assert _confidences(capsys) == ['low' if low else 'medium']
    assert main(['audit', '--format', 'json', '--show', 'low']) in (0, 1)
    assert _confidences(capsys) == ['low' if low else 'medium']


@pytest.mark.parametrize(('dockerfile', 'low'), [('server/Dockerfile', True), ('web/Dockerfile', False)])
def test_a_zone_the_package_dockerfile_sets_makes_its_questions_low(repo, capsys, dockerfile, low):
    """domifa's `packages/backend/Dockerfile` sets `ENV TZ Europe/Paris`: that package's server runs in
    Paris's zone (round 15, 0 worth asking of 2 listed). Another package's Dockerfile says nothing of it."""
    (repo / 'server/package.json').write_text('{"name": "server", "dependencies": {"express": "4"}}\n')
    (repo / 'web').mkdir()
    (repo / 'web/package.json').write_text('{"name": "web"}\n')
    (repo / dockerfile).write_text('FROM node:22-slim\nENV TZ Europe/Paris\n')
    git(repo, 'add', '.')
    assert main(['audit', '--all', '--format', 'json', '--show', 'low']) in (0, 1)
    assert _confidences(capsys) == ['low' if low else 'medium']
    assert main(['audit', '--format', 'json', '--show', 'low']) in (0, 1)
    assert _confidences(capsys) == ['low' if low else 'medium']



def test_a_zone_set_makes_date_library_maths_low(repo, capsys):
    """domifa's `setHours(new Date(), 19)` (date-fns) in a package whose Dockerfile sets Europe/Paris:
    the hour is the zone the project chose (round 15, `tz:display-only-field-server-tz-paris`, borderline)."""
    (repo / 'server/jobs.js').write_text(
        'import { endOfDay } from "date-fns";\nconst db = require("./db");\n'
        'export function nightly(timeZone) {\n  return db.find({ at: { $lt: endOfDay(new Date()) }, timeZone });\n}\n')
    git(repo, 'add', '.')
    assert main(['audit', '--all', '--format', 'json', '--show', 'low']) in (0, 1)
    assert _confidences(capsys) == ['medium']
    (repo / 'server/package.json').write_text('{"name": "server"}\n')
    (repo / 'server/Dockerfile').write_text('FROM node:22-slim\nENV TZ Europe/Paris\n')
    git(repo, 'add', '.')
    assert main(['audit', '--all', '--format', 'json', '--show', 'low']) in (0, 1)
    assert _confidences(capsys) == ['low']
