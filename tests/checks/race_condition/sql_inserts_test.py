"""race-condition asks, at low confidence, about a single-row SELECT of a table tested in an `if`
and then an INSERT INTO the same table run by a SQL runner."""
from __future__ import annotations

import pytest

from vcx_hook.checks.race_condition import ID

from tests import helpers

findings = helpers.bind(helpers.findings, ID, 'x.ts')


def fn(body: str) -> str:
    return f'export async function f(email: string) {{\n{body}\n}}\n'


@pytest.mark.parametrize(('body', 'expected'), [
    pytest.param(
        "  const m = await db.oneOrNone('SELECT id FROM members WHERE email = $1', [email])\n"
        "  if (!m) await db.none('INSERT INTO members (email) VALUES ($1)', [email])",
        ['x.ts:3 `db.oneOrNone()` on line 2 checks whether it exists, then `db.none()` acts; '
         'two requests can both pass the check'],
        id='select then insert into the same table'),
    pytest.param(
        "  const m = await db.oneOrNone<{ id: string }>('SELECT id FROM members WHERE email = $1', [email])\n"
        "  if (!m) await db.none('INSERT INTO members (email) VALUES ($1)', [email])",
        ['x.ts:3 `db.oneOrNone()` on line 2 checks whether it exists, then `db.none()` acts; '
         'two requests can both pass the check'],
        id='a read with type arguments'),
    pytest.param(
        "  const m = await db.oneOrNone('SELECT id FROM members WHERE email = $1', [email])\n"
        "  if (!m) await db.none('INSERT INTO audit_log (email) VALUES ($1)', [email])",
        [], id='insert into another table'),
    pytest.param(
        "  const m = await db.oneOrNone('SELECT id FROM members WHERE email = $1', [email])\n"
        "  if (!m) await db.none('INSERT INTO members (email) VALUES ($1) ON CONFLICT DO NOTHING', [email])",
        [], id='on conflict'),
])
def test_sql_check_then_insert(body, expected):
    assert findings(fn(body)) == expected
