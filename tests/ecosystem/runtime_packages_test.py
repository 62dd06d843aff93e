"""A file's runtime from its package: the nearest package.json (or deno.json) above it, read as the
audited code sees it (the index in hook mode), decides browser, server, both or command line."""
from __future__ import annotations

import json

import pytest

from vcx_hook.ecosystem.runtime import hint_for
from vcx_hook.ecosystem.runtime import is_device
from vcx_hook.ecosystem.runtime import manifest_runtime
from vcx_hook.lang.scope import File
from vcx_hook.lang.source import words_of
from vcx_hook.main import main

from tests.helpers import git


def _manifest(**doc) -> bytes:
    return json.dumps(doc).encode()


@pytest.mark.parametrize(('doc', 'runtime'), [
    (dict(dependencies={'vue': '^3', '@supabase/supabase-js': '^2'}, devDependencies={'vite': '^5'}), 'browser'),
    (dict(dependencies={'react-native': '0.74'}), 'browser'),
    (dict(peerDependencies={'react': '*'}), 'browser'),
    (dict(dependencies={'express': '^4', 'pg': '^8'}), 'server'),
    (dict(dependencies={'ioredis': '^5'}), 'server'),
    (dict(dependencies={'react': '^18'}, devDependencies={'express': '^4'}), 'browser'),
    (dict(dependencies={'koa': '^2', 'react': '^18'}), 'both'),
    (dict(dependencies={'next': '14', 'react': '^18', '@prisma/client': '^5'}), 'both'),
    (dict(devDependencies={'@tanstack/react-start': '1'}), 'both'),
    (dict(bin={'haraka': './bin/haraka'}, dependencies={'nopt': '^7', 'haraka-config': '1'}), ''),
    (dict(bin='cli.js', dependencies={'ink': '^4', 'react': '^18'}), 'browser'),
    (dict(bin='server.js', dependencies={'fastify': '^4'}), 'server'),
    (dict(dependencies={'lodash': '^4'}), ''),
    # Node's own HTTP client: a monorepo package of server jobs (homarr's request handlers, cases.csv).
    (dict(dependencies={'undici': '^7', 'zod': '^4'}), 'server'),
    (dict(name='x'), ''),
    # On the user's own device: an Electron app (often a devDependency; its Express serves that one
    # user), and a package of data kept in a device-local database.
    (dict(dependencies={'better-sqlite3': '^11', 'react': '^19'}, devDependencies={'electron': '38'}), 'device'),
    (dict(dependencies={'express': '^4', 'electron-store': '8'}, devDependencies={'electron': '38'}), 'device'),
    (dict(dependencies={'drizzle-orm': '0.45', 'expo-sqlite': '55', 'wa-sqlite': '1'}), 'device'),
    # ... not a web server that also packages itself with Electron, its data on a database server
    # (tomomaster, holdout8), nor one of a database server's drivers alone (a desktop client of one).
    (dict(dependencies={'express': '^4', 'mongoose': '5', 'vue': '2'}, devDependencies={'electron': '2'}), 'both'),
    (dict(dependencies={'express': '^4', 'pg': '8'}, devDependencies={'electron': '38'}), 'server'),
    (dict(dependencies={'mongodb': '6', 'react': '^19'}, devDependencies={'electron': '38'}), 'device'),
    (dict(dependencies={'express': '^4', 'sql.js': '1'}), 'server'),
])
def test_a_package_runs_where_its_dependencies_say(doc, runtime):
    assert manifest_runtime('package.json', _manifest(**doc)) == runtime


def test_a_manifest_that_does_not_parse_says_nothing_and_deno_is_a_server():
    assert manifest_runtime('package.json', b'{"dependencies": ') == ''
    assert manifest_runtime('package.json', b'[1, 2]') == ''
    assert manifest_runtime('deno.json', b'{"imports": {}}') == 'server'


def test_the_nearest_manifest_decides():
    runtimes = {'': 'browser', 'supabase/functions': 'server', 'packages/ui': ''}
    assert hint_for('src/services/track.ts', runtimes) == 'browser'
    assert hint_for('supabase/functions/_backend/a.ts', runtimes) == 'server'
    assert hint_for('packages/ui/src/date.ts', runtimes) == ''  # nearest says nothing: not the root's
    assert hint_for('x.ts', {}) == ''


NIGHTLY = 'export function nightly() {\n  const d = new Date();\n  d.setHours(0, 0, 0, 0);\n  return d;\n}\n'


@pytest.fixture
def monorepo(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv('GIT_INDEX_FILE', raising=False)
    git(tmp_path, 'init', '-q')
    for folder, doc in (('apps/web', {'dependencies': {'vue': '^3'}}), ('apps/api', {'dependencies': {'express': '^4'}})):
        (tmp_path / folder / 'src').mkdir(parents=True)
        (tmp_path / folder / 'package.json').write_text(json.dumps(doc))
        (tmp_path / folder / 'src/nightly.ts').write_text(NIGHTLY)
    (tmp_path / '.vcx.toml').write_text('enable = ["timezone"]\nblock = "low"\n')
    return tmp_path


def _asked(capsys):
    return [line.split(':')[0] for line in capsys.readouterr().out.splitlines() if ': timezone' in line]


def test_a_browser_package_is_not_asked_server_questions_and_a_bin_says_nothing(monorepo, capsys):
    """A terminal UI drawn with ink runs on the user's machine; a server's launcher command
    (``bin``) does not make the server a command-line tool."""
    for folder, doc in (('cli', {'bin': 'src/x.ts', 'dependencies': {'ink': '^4', 'react': '^18'}}),
                        ('smtp', {'bin': {'smtp': './bin/smtp'}, 'dependencies': {'nopt': '^7'}})):
        (monorepo / folder / 'src').mkdir(parents=True)
        (monorepo / folder / 'package.json').write_text(json.dumps(doc))
        (monorepo / folder / 'src/nightly.ts').write_text(NIGHTLY)
    git(monorepo, 'add', '.')
    assert main(['audit']) == 1
    assert _asked(capsys) == ['apps/api/src/nightly.ts', 'smtp/src/nightly.ts']
    assert main(['audit', '--all']) == 1
    assert _asked(capsys) == ['apps/api/src/nightly.ts', 'smtp/src/nightly.ts']


def test_the_hook_reads_the_staged_manifest(monorepo, capsys):
    """A package.json changed on disk but not staged is not what will be committed."""
    git(monorepo, 'add', '.')
    (monorepo / 'apps/web/package.json').write_text(json.dumps({'dependencies': {'express': '^4'}}))
    assert main(['audit']) == 1
    assert _asked(capsys) == ['apps/api/src/nightly.ts']
    git(monorepo, 'add', 'apps/web/package.json')
    assert main(['audit']) == 1
    assert _asked(capsys) == ['apps/api/src/nightly.ts', 'apps/web/src/nightly.ts']


def test_a_next_static_export_has_no_server(monorepo, capsys):
    """``output: 'export'`` renders the app-router pages once, at build time, and ships them to the
    browser: a "Last updated" date is the build machine's, no server runs it (unsend's marketing site)."""
    page = 'export default function Page() {\n  const today = new Date();\n  today.setHours(0, 0, 0, 0);\n  return <p>{today.getTime()}</p>;\n}\n'
    for folder, config in (('apps/site', "const config = {\n  output: 'export',\n};\nexport default config;\n"),
                           ('apps/app', "module.exports = { output: 'standalone' };\n")):
        (monorepo / folder / 'src/app').mkdir(parents=True)
        (monorepo / folder / 'package.json').write_text(json.dumps({'dependencies': {'next': '15', 'react': '19'}}))
        (monorepo / folder / 'next.config.mjs').write_text(config)
        (monorepo / folder / 'src/app/page.tsx').write_text(page)
    git(monorepo, 'add', '.')
    assert main(['audit', '--all', 'apps/site', 'apps/app']) == 1
    assert _asked(capsys) == ['apps/app/src/app/page.tsx']


def test_a_nuxt_app_without_server_rendering_runs_in_the_browser_but_its_server_folder(monorepo, capsys):
    """``ssr: false`` renders nothing on the server: a Pinia store's "today" is the user's (litlyx's
    dashboard); Nitro's ``server/`` still runs on the server, and a Nuxt app that renders on the
    server is asked everywhere."""
    for folder, config in (('apps/spa', "export default defineNuxtConfig({\n  ssr: false,\n});\n"),
                           ('apps/ssr', "export default defineNuxtConfig({\n  devtools: { enabled: true },\n});\n")):
        for sub in ('stores', 'server/api'):
            (monorepo / folder / sub).mkdir(parents=True)
            (monorepo / folder / sub / 'nightly.ts').write_text(NIGHTLY)
        (monorepo / folder / 'package.json').write_text(json.dumps({'dependencies': {'nuxt': '^3', 'vue': '^3'}}))
        (monorepo / folder / 'nuxt.config.ts').write_text(config)
    git(monorepo, 'add', '.')
    assert main(['audit', '--all', 'apps/spa', 'apps/ssr']) == 1
    assert _asked(capsys) == ['apps/spa/server/api/nightly.ts', 'apps/ssr/server/api/nightly.ts', 'apps/ssr/stores/nightly.ts']


@pytest.mark.parametrize(('source', 'ui'), [
    ("'use server';\nimport { redirect } from 'next/navigation';\nexport async function go() { redirect('/'); }\n", False),
    ("import Link from 'next/link';\nexport const a = Link;\n", True),
])
def test_next_navigation_is_used_by_server_actions_too(source, ui):
    """`redirect` and `notFound` come from next/navigation in server actions and route handlers:
    only a UI import (next/link, a 'use client' directive, a .tsx component) makes a file UI code."""
    from vcx_hook.lang import syntax
    from vcx_hook.lang.source import File
    from vcx_hook.lang.source import is_ui_file

    assert is_ui_file(File('app/actions/create.ts', syntax.parse(source.encode(), 'typescript'))) is ui


@pytest.mark.parametrize(('hint', 'source', 'device'), [
    ('device', b'export const x = 1\n', True),
    ('', b'import { drizzle } from "drizzle-orm/expo-sqlite"\n', True),
    ('browser', b"import { open } from '@op-engineering/op-sqlite'\n", True),
    ('', b"import { View } from 'react-native'\n", True),
    ('', b"import Svg from 'react-native-svg'\n", False),
    ('', b'import { drizzle } from "drizzle-orm/node-postgres"\n', False),
    ('both', b'import Database from "better-sqlite3"\n', False),  # a server's SQLite file
])
def test_device_code_is_its_package_or_a_device_local_import(hint, source, device):
    file = File.unparsed('src/db.ts', source, '')
    file.runtime_hint = hint
    assert is_device(file) is device


def test_every_device_import_holds_a_word_searched_first():
    from vcx_hook.ecosystem import packages
    for name in (*packages.DEVICE_PACKAGES - {packages.ELECTRON}, *packages.DEVICE_STORES):
        assert any(w.decode() in name for w in packages.DEVICE_WORDS), name
        assert not words_of(name.encode()).isdisjoint(packages.DEVICE_NAME_WORDS), name
