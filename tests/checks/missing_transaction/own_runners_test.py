from __future__ import annotations

import pytest

from vcx_hook.checks.missing_transaction import ID

from tests import helpers

findings = helpers.bind(helpers.findings, ID, 'db.js')

RUNNER = 'class Db {\n  async run(text, values) {\n    return this.pool.query(text, values);\n  }\n'


@pytest.mark.parametrize(('src', 'expected'), [
    pytest.param(
        RUNNER + '  async drop(id) {\n    await this.run("DELETE FROM a", [id]);\n'
        '    await this.run("DELETE FROM b", [id]);\n  }\n}\n',
        ["db.js:7 `this.run('DELETE FROM a...')` (line 6) and `this.run('DELETE FROM b...')` "
         '(line 7) write with no transaction around them'],
        id='a method handing its text to query'),
    pytest.param(
        'function run(text) {\n  return pool.query(text);\n}\n'
        'async function drop(id) {\n  await run("DELETE FROM a");\n  await run("DELETE FROM b");\n}\n',
        ["db.js:6 `run('DELETE FROM a...')` (line 5) and `run('DELETE FROM b...')` (line 6) "
         'write with no transaction around them'],
        id='a function'),
    pytest.param(
        'class Db {\n  async run(name, text) {\n    return this.pool.query(text);\n  }\n'
        '  async drop(id) {\n    await this.run("a", "DELETE FROM a");\n    await this.run("b", "DELETE FROM b");\n  }\n}\n',
        [], id='the text is not its first parameter'),
])
def test_own_runners(src, expected):
    assert findings(src) == expected
