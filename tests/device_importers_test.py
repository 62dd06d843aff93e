"""A file that imports a module of the project holding a device database (a Dexie database its
sync handlers write, found through the package's tsconfig ``baseUrl``) runs on the user's device:
n-plus-one does not ask it, in the hook and --all; the same loop on a server module is asked."""
from __future__ import annotations

import json

import pytest

from vcx_hook.main import main

from tests.helpers import project

DATABASE = """import Dexie from 'dexie';

export let localDatabase;

export function openLocalDatabase(hash) {
  localDatabase = new Dexie(`App_${hash}`);
}
"""
SYNC = """import { localDatabase } from 'store/database';

export async function saveLabels(records) {
  for (const record of records) {
    await localDatabase.labels.delete(record.id);
  }
}
"""


@pytest.fixture
def repo(tmp_path, monkeypatch):
    return project(tmp_path, monkeypatch, {
        '.vcx.toml': 'enable = ["n-plus-one"]\nfold = false\n',
        'web/package.json': json.dumps({'dependencies': {'dexie': '^4.0.0', 'next': '14.1.0'}}),
        'web/tsconfig.json': '{\n  // where bare specifiers start\n  "compilerOptions": { "baseUrl": "src", },\n}\n',
        'web/src/store/database.js': DATABASE,
        'web/src/store/labels.js': SYNC,
        'web/src/store/server-labels.js': SYNC.replace('store/database', 'lib/db'),
        'web/src/lib/db.js': "import { PrismaClient } from '@prisma/client';\nexport const localDatabase = new PrismaClient();\n",
    })


@pytest.mark.parametrize('args', [['audit', '--format', 'json', '--show', 'low'], ['audit', '--all', '--format', 'json', '--show', 'low']],
                         ids=['hook', 'all'])
def test_a_file_using_a_device_database_module_is_device_code(repo, capsys, args):
    main(args)
    found = json.loads(capsys.readouterr().out)['findings']
    assert [(f['path'], f['line']) for f in found] == [('web/src/store/server-labels.js', 5)]
