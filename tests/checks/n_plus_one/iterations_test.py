"""n-plus-one and the parts of one record: `invite.projectAccess` is a handful, `group.members`,
`result.rows` and the parts of every element of an outer loop are not."""
from __future__ import annotations

import pytest

from vcx_hook.checks.n_plus_one import ID

from tests import helpers

findings = helpers.bind(helpers.findings, ID, 'x.ts')


def _loop(iterable: str, head: str = 'async function f(invite, group, result, args, rows) {\n') -> str:
    return (head + f'  for (const x of {iterable}) {{\n'
            '    await prisma.item.findUnique({ where: { id: x.id } });\n  }\n}\n')


@pytest.mark.parametrize(('iterable', 'expected'), [
    pytest.param('invite.projectAccess', [], id='a part of one record'),
    pytest.param('Object.entries(tier.prices)', [], id='object entries of one record'),
    pytest.param('args.rules', ['x.ts:3 `prisma.item.findUnique()` runs once per `x` of the for-of loop over '
                                '`args.rules` on line 2'], id='a plural holder'),
    pytest.param('group.members', ['x.ts:3 `prisma.item.findUnique()` runs once per `x` of the for-of loop over '
                                   '`group.members` on line 2'], id='people'),
    pytest.param('result.rows', ['x.ts:3 `prisma.item.findUnique()` runs once per `x` of the for-of loop over '
                                 '`result.rows` on line 2'], id='the rows of a read'),
    pytest.param('page.items', ['x.ts:3 `prisma.item.findUnique()` runs once per `x` of the for-of loop over '
                                '`page.items` on line 2'], id='a page of a read'),
    pytest.param('this.steps', ['x.ts:3 `prisma.item.findUnique()` runs once per `x` of the for-of loop over '
                                '`this.steps` on line 2'], id='this'),
])
def test_the_parts_of_one_record(iterable, expected):
    assert findings(_loop(iterable)) == expected


def test_the_parts_of_every_element_of_an_outer_loop_are_many():
    src = ('async function f(groups) {\n'
           '  for (const group of groups) {\n'
           '    for (const icon of group.icons) {\n'
           '      await prisma.icon.create({ data: { checksum: icon.checksum } });\n'
           '    }\n'
           '  }\n'
           '  await Promise.all(groups.map(async (g) => {\n'
           '    for (const icon of g.icons) await prisma.icon.delete({ where: { id: icon.id } });\n'
           '  }));\n'
           '}\n')
    assert findings(src) == [
        'x.ts:4 `prisma.icon.create()` runs once per `icon` of the for-of loop over `group.icons` on line 3',
        'x.ts:8 `prisma.icon.delete()` runs once per `icon` of the for-of loop over `g.icons` on line 8',
    ]


@pytest.mark.parametrize(('request_line', 'expected'), [
    pytest.param('    await axios.get(`/payments/${p.id}`);\n',
                 ['x.ts:4 `get()` requests `/payments/${p.id}` once per `p` of the for-of loop over `payments` '
                  'on line 2: one round trip per element (an endpoint taking the list?)'],
                 id='an HTTP call for the element: asked itself (remote_reads), not the query'),
    pytest.param('    await this.mailService.send(p.email);\n', [], id='a mail for the element'),
    pytest.param('    await axios.get(`/heartbeat`);\n',
                 ['x.ts:3 `prisma.deposit.findUnique()` runs once per `p` of the for-of loop over `payments` on line 2'],
                 id='not for the element'),
    pytest.param('    for (const r of p.regions) await axios.post(`/tasks/${p.id}/${r}`);\n',
                 ['x.ts:3 `prisma.deposit.findUnique()` runs once per `p` of the for-of loop over `payments` on line 2'],
                 id='in an inner loop'),
    pytest.param('    axios.get(`/payments/${p.id}`);\n',
                 ['x.ts:3 `prisma.deposit.findUnique()` runs once per `p` of the for-of loop over `payments` on line 2'],
                 id='not awaited'),
])
def test_a_request_per_element_to_another_service(request_line, expected):
    src = ('async function f(payments) {\n  for (const p of payments) {\n'
           '    await prisma.deposit.findUnique({ where: { paymentId: p.id } });\n'
           + request_line + '  }\n}\n')
    assert findings(src) == expected


@pytest.mark.parametrize(('fill', 'expected'), [
    pytest.param('  for (const r of rows) if (r.active) ids.push(r);\n',
                 ['x.ts:4 `prisma.item.findUnique()` runs once per `x` of the for-of loop over `ids` on line 3'],
                 id='pushed in a loop: as long as the rows'),
    pytest.param('  rows.forEach((r) => ids.push(r));\n',
                 ['x.ts:4 `prisma.item.findUnique()` runs once per `x` of the for-of loop over `ids` on line 3'],
                 id='pushed in a callback'),
    pytest.param("  ids.push('a');\n  ids.push('b');\n", [], id='two pushes: a short fixed list'),
])
def test_a_const_list_filled_later(fill, expected):
    src = _loop('ids', 'async function f(rows) {\n  const ids = [];\n' + fill)
    lines = src.count('\n')
    assert findings(src) == [e.replace('x.ts:4', f'x.ts:{lines - 2}').replace('line 3', f'line {lines - 3}')
                             for e in expected]
