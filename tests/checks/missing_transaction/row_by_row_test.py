from __future__ import annotations

import pytest

from vcx_hook.checks.missing_transaction import ID

from tests import helpers

findings = helpers.bind(helpers.findings, ID, 'db.js')


def loop(read: str, write: str) -> str:
    return (f'async function sweep() {{\n  const r = await pool.query({read});\n'
            f'  for (const row of r.rows) {{\n    await pool.query({write}, [row.id]);\n  }}\n}}\n')


@pytest.mark.parametrize(('src', 'expected'), [
    pytest.param(
        loop("'SELECT id FROM jobs WHERE due'", "'UPDATE jobs SET done = true WHERE id = $1'"),
        ["db.js:4 `pool.query('UPDATE jobs SET...')` updates the rows read on line 2 one by one (loop on "
         'line 3) with no transaction: a failure midway leaves some changed'],
        id='the table it selected'),
    pytest.param(
        loop("'SELECT id FROM jobs WHERE due'", "'UPDATE owners SET done = true WHERE id = $1'"),
        [], id='another table'),
    pytest.param(
        loop("'SELECT id FROM jobs WHERE due'", "'INSERT INTO jobs (id) VALUES ($1)'"),
        [], id='an insert per row'),
    pytest.param(
        'async function sweep(ids) {\n  for (const id of ids) {\n'
        '    await prisma.job.update({ where: { id }, data: { done: true } });\n  }\n}\n',
        [], id='a list passed in'),
    pytest.param(
        'async function sweep() {\n  const jobs = await prisma.job.findMany({ where: { due: true } });\n'
        '  await Promise.all(jobs.map((j) => prisma.job.update({ where: { id: j.id }, data: { done: true } })));\n}\n',
        ['db.js:3 `prisma.job.update()` updates the rows read on line 2 one by one (loop on line 3) with no '
         'transaction: a failure midway leaves some changed'],
        id='a Promise.all over the rows'),
    pytest.param(
        'async function sweep() {\n  const jobs = await prisma.job.findMany({ where: { due: true } });\n'
        '  jobs.forEach(async (j) => { await prisma.job.update({ where: { id: j.id }, data: { done: true } }); });\n}\n',
        [], id='a callback per row, not gathered'),
])
def test_row_by_row(src, expected):
    assert findings(src) == expected
