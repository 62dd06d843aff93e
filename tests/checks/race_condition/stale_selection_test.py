from __future__ import annotations

import pytest

from vcx_hook.checks.race_condition import ID

from tests import helpers

findings = helpers.bind(helpers.findings, ID, 'x.ts')


def fn(body: str) -> str:
    return f'export async function hold(partnerId: string) {{\n{body}\n}}\n'


@pytest.mark.parametrize(('body', 'expected'), [
    pytest.param(
        '  const pending = await prisma.commission.findMany({ where: { partnerId, status: Status.pending } });\n'
        '  await prisma.commission.updateMany({ where: { id: { in: pending.map((c) => c.id) } }, data: { status: Status.hold } });',
        ['x.ts:3 `prisma.commission.updateMany()` sets `status` on the rows the `findMany()` on line 2 selected by '
         '`status`, without checking it again; a row changed in between is written anyway'],
        id='prisma, enum state'),
    pytest.param(
        "  const jobs = await Job.find({ state: 'queued', partnerId });\n"
        "  await Job.updateMany({ _id: { $in: jobs.map((j) => j._id) } }, { $set: { state: 'running' } });",
        ["x.ts:3 `Job.updateMany()` sets `state` on the rows the `find()` on line 2 selected by `state`, "
         'without checking it again; a row changed in between is written anyway'],
        id='mongo filter and $set'),
    pytest.param(
        "  const pending = await prisma.commission.findMany({ where: { partnerId, status: 'pending' } });\n"
        "  await prisma.commission.updateMany({ where: { id: { in: pending.map((c) => c.id) }, status: 'pending' }, data: { status: 'hold' } });",
        [], id='the state repeated'),
    pytest.param(
        "  const pending = await prisma.commission.findMany({ where: { partnerId, status: 'pending' } });\n"
        "  await prisma.commission.updateMany({ where: { id: { in: pending.map((c) => c.id) } }, data: { note: 'seen' } });",
        [], id='another field set'),
    pytest.param(
        '  const mine = await prisma.commission.findMany({ where: { partnerId } });\n'
        '  await prisma.commission.updateMany({ where: { id: { in: mine.map((c) => c.id) } }, data: { partnerId: other } });',
        [], id='selected by a variable, not a state'),
    pytest.param(
        "  const pending = await prisma.commission.findMany({ where: { partnerId, status: 'pending' } });\n"
        "  await prisma.commission.updateMany({ where: { partnerId }, data: { status: 'hold' } });",
        [], id='not by the ids read'),
    pytest.param(
        '  const links = await prisma.link.findMany({ where: { projectId, disabledAt: null } });\n'
        '  await prisma.link.updateMany({ where: { id: { in: links.map((l) => l.id) } }, data: { disabledAt: new Date() } });',
        [], id='an empty field filled: set again, set all the same'),
])
def test_rows_selected_by_state(body, expected):
    assert findings(fn(body)) == expected
