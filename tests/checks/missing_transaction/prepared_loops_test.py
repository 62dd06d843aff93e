from __future__ import annotations

import pytest

from vcx_hook.checks.missing_transaction import ID

from tests import helpers

findings = helpers.bind(helpers.findings, ID, 'db.js')


def fn(body: str) -> str:
    return f'function save(db, rows) {{\n  const stmt = db.prepare("INSERT INTO t (a) VALUES (?)");\n{body}\n}}\n'


@pytest.mark.parametrize(('src', 'expected'), [
    pytest.param(
        fn('  for (const row of rows) {\n    stmt.run(row.a);\n  }'),
        ['db.js:4 `stmt.run()` runs the write prepared on line 2 once per element (line 3) with no transaction: '
         'a failure midway leaves part of the rows written'],
        id='a for-of loop'),
    pytest.param(
        fn('  rows.forEach((row) => stmt.run(row.a));'),
        ['db.js:3 `stmt.run()` runs the write prepared on line 2 once per element (line 3) with no transaction: '
         'a failure midway leaves part of the rows written'],
        id='a forEach callback'),
    pytest.param(
        fn('  stmt.run(rows[0].a);'),
        [], id='run once'),
    pytest.param(
        fn('  const insertAll = db.transaction((items) => {\n    for (const row of items) stmt.run(row.a);\n  });\n'
           '  insertAll(rows);'),
        [], id='in a transaction'),
])
def test_prepared_loops(src, expected):
    assert findings(src) == expected
