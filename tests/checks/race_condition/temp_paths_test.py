from __future__ import annotations

import pytest

from vcx_hook.checks.race_condition import ID

from tests import helpers

findings = helpers.bind(helpers.findings, ID, 'x.js')
gate_opens = helpers.bind(helpers.gate_opens, ID, 'lib/storage.js')


@pytest.mark.parametrize(('src', 'expected'), [
    pytest.param(
        "const fs = require('fs');\n"
        'function save(path, text) {\n'
        '  const tmp = `${path}.$$$`;\n'
        '  fs.writeFileSync(tmp, text);\n'
        '  fs.renameSync(tmp, path);\n'
        '}\n',
        [], id='written and moved synchronously: no other call runs in between'),
    pytest.param(
        "const fs = require('fs');\n"
        'function save(path, text) {\n'
        '  const tmp = `${path}.$$$`;\n'
        '  fs.writeFile(tmp, text, () => {\n'
        '    fs.renameSync(tmp, path);\n'
        '  });\n'
        '}\n',
        ['x.js:5 `fs.renameSync()` moves a temp file named only after its target (`${path}.$$$`): '
         'two concurrent writes of `path` share it'],
        id='template, a synchronous move in the write callback'),
    pytest.param(
        "import { rename } from 'node:fs/promises';\n"
        "export async function save(p, text) { await write(p + '.tmp', text); await rename(p + '.tmp', p); }\n",
        ["x.js:2 `rename()` moves a temp file named only after its target (`p + '.tmp'`): "
         'two concurrent writes of `p` share it'],
        id='concatenation, bare rename from fs/promises'),
    pytest.param(
        "const fs = require('fs');\n"
        'async function save(path, text) { const tmp = `${path}.${process.pid}`; await fs.promises.rename(tmp, path); }\n',
        [], id='unique per process'),
    pytest.param(
        "const fs = require('fs');\n"
        'const locks = {};\n'
        'function save(path, text) {\n'
        '  locks[path] = (locks[path] || Promise.resolve()).then(() => fs.promises.rename(`${path}.tmp`, path));\n'
        '}\n',
        [], id='writes of one path chained'),
    pytest.param(
        "async function save(path) { await storage.rename(`${path}.tmp`, path); }\n",
        [], id='not a file module'),
])
def test_shared_temp_files(src, expected):
    assert findings(src) == expected


def test_gate_opens_on_a_move_without_an_await():
    assert gate_opens("const fs = require('fs');\nfs.renameSync(`${p}.tmp`, p);\n") == [True]
    assert gate_opens('const total = items.length;\n') == [False]
