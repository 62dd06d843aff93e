from __future__ import annotations

import pytest

from vcx_hook.checks.missing_transaction import ID

from tests import helpers

findings = helpers.bind(helpers.findings, ID, 'db.js')


def fn(body: str) -> str:
    return ('async function save(pool, sql) {\n  const client = await pool.connect();\n  try {\n'
            f'{body}\n  }} catch (e) {{\n    await client.query("ROLLBACK");\n    throw e;\n'
            '  } finally {\n    client.release();\n  }\n}\n')


@pytest.mark.parametrize(('src', 'expected'), [
    pytest.param(
        fn('    await client.query("BEGIN");\n    await client.query("COMMIT");\n    await client.query(sql);'),
        ['db.js:6 `client.query(sql)` runs after the commit on line 5: outside the transaction the begin on '
         'line 4 opened, so a rollback cannot undo it'],
        id='insert after the commit'),
    pytest.param(
        fn('    await client.query("BEGIN");\n    await client.query(sql);\n    await client.query("COMMIT");'),
        [], id='insert before the commit'),
    pytest.param(
        fn('    await client.query("BEGIN");\n    await client.query(sql);\n    await client.query("COMMIT");\n'
           '    await pool.query("SELECT 1");'),
        [], id='another connection after the commit'),
    pytest.param(
        fn('    await client.query("BEGIN");\n    await client.query(sql);\n    await client.query("COMMIT");\n'
           '    const r = await client.query("SELECT c.* FROM columns c WHERE c.id = $1", [id]);'),
        [], id='a read of what was committed'),
    pytest.param(
        fn('    await client.query("BEGIN");\n    await client.query(sql);\n    await client.query("COMMIT");\n'
           '    const q = `SELECT COUNT(*)::INT AS count FROM tasks WHERE parent_id = $1`;\n'
           '    const r = await client.query(q, [id]);\n    await client.query(sql);'),
        ['db.js:9 `client.query(sql)` runs after the commit on line 6: outside the transaction the begin on '
         'line 4 opened, so a rollback cannot undo it'],
        id='a read held in a const, then a write'),
    pytest.param(
        fn('    await client.query("BEGIN");\n    await client.query("COMMIT");\n'
           '    await client.query("WITH d AS (DELETE FROM jobs RETURNING id) SELECT id FROM d");'),
        ['db.js:6 `client.query("WITH d AS (DELETE FROM job` runs after the commit on line 5: outside '
         'the transaction the begin on line 4 opened, so a rollback cannot undo it'],
        id='a write that returns rows'),
])
def test_early_commit(src, expected):
    assert findings(src) == expected
