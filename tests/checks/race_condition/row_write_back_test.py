"""race-condition asks, at low confidence, about a row read, one field of it moved in JavaScript
and the whole row written back."""
from __future__ import annotations

import pytest

from vcx_hook.checks.race_condition import ID

from tests import helpers

findings = helpers.bind(helpers.findings, ID, 'x.js')


def fn(body: str) -> str:
    return f'async function f(userId, name) {{\n{body}\n}}\n'


@pytest.mark.parametrize(('body', 'expected'), [
    pytest.param(
        "  const res = await knex('user_stats').where('user_id', userId)\n"
        '  const stats = res[0]\n'
        '  let val = parseInt(stats[name])\n'
        '  val += 1\n'
        '  stats[name] = val\n'
        "  await knex('user_stats').where('user_id', userId).update(stats)",
        ['x.js:7 `knex().where().update()` writes back the whole `stats` read on line 2, after '
         '`stats[name] = val` moved a field of it; a concurrent update is lost (atomic update?)'],
        id='first row, a local moved in place and set back'),
    pytest.param(
        "  const [row] = await knex('scores').where({ user_id: userId })\n"
        '  row.points = row.points + 5\n'
        "  await knex('scores').where({ user_id: userId }).update({ ...row })",
        ['x.js:4 `knex().where().update()` writes back the whole `row` read on line 2, after '
         '`row.points = row.points + 5` moved a field of it; a concurrent update is lost (atomic update?)'],
        id='a field moved by arithmetic, the row spread into the write'),
    pytest.param(
        "  const [row] = await knex('profiles').where({ user_id: userId })\n"
        '  row.name = name.trim()\n'
        "  await knex('profiles').where({ user_id: userId }).update(row)",
        [], id='no number moved'),
    pytest.param(
        "  const [row] = await knex('scores').where({ user_id: userId })\n"
        '  row.points += 1\n'
        "  await knex('audit').insert({ user_id: userId, points: 1 })",
        [], id='the row is not written back'),
    pytest.param(
        "  const [row] = await knex('scores').where({ user_id: userId }).forUpdate()\n"
        '  row.points += 1\n'
        "  await knex('scores').where({ user_id: userId }).update(row)",
        [], id='under FOR UPDATE'),
])
def test_row_write_back(body, expected):
    assert findings(fn(body)) == expected
