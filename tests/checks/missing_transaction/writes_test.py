"""What a write is, as missing-transaction's pairs see it: a first write a retry finds done (made
only where a lookup found nothing, or told to skip a conflict) is no half state."""
from __future__ import annotations

import pytest

from vcx_hook.checks.missing_transaction import ID

from tests import helpers

findings = helpers.bind(helpers.findings, ID, 'x.ts')


def fn(body: str) -> str:
    return f'export async function f(teamId: string, userId: string) {{\n{body}\n}}\n'


@pytest.mark.parametrize(('body', 'expected'), [
    pytest.param(
        '  const member = await prisma.member.findFirst({ where: { teamId, userId } });\n'
        '  if (!member) await prisma.member.create({ data: { teamId, userId } });\n'
        '  await prisma.team.update({ where: { id: teamId }, data: { joinedAt: new Date() } });',
        [], id='created where the lookup found nothing'),
    pytest.param(
        '  const member = await prisma.member.findFirst({ where: { teamId, userId } });\n'
        '  if (member) await prisma.member.create({ data: { teamId, userId } });\n'
        '  await prisma.team.update({ where: { id: teamId }, data: { joinedAt: new Date() } });',
        ['x.ts:4 `prisma.member.create()` (line 3) and `prisma.team.update()` (line 4) write with no '
         'transaction around them'],
        id='created where the lookup found one'),
    pytest.param(
        "  await db.insert('history', { teamId }, { onConflictDoNothing: true });\n"
        "  await db.insert('changes', { teamId });",
        [], id='an insert that skips a conflict'),
])
def test_a_first_write_a_retry_finds_done(body, expected):
    assert findings(fn(body)) == expected


def test_a_services_create_makes_a_record():
    body = (
        '  const e = await this.experimentService.create({ name: teamId });\n'
        '  await this.featureFlagService.update(userId, { experimentId: e.id });'
    )
    assert findings(fn(body)) == [
        'x.ts:3 `this.experimentService.create()` (line 2) and `this.featureFlagService.update()` (line 3) '
        'write with no transaction around them',
    ]


@pytest.mark.parametrize(('body', 'expected'), [
    pytest.param(
        '  await this.walletDao.debit(userId, 5);\n  await this.walletDao.addTransaction({ userId, amount: -5 });',
        ['x.ts:3 `this.walletDao.debit()` (line 2) and `this.walletDao.addTransaction()` (line 3) write with no '
         'transaction around them'],
        id='a DAO adds a row'),
    pytest.param(
        '  await this.roleRepository.update(teamId, { name: userId });\n  await this.roleRepository.setPermissions(teamId, []);',
        [], id='known by its first word, no money moved'),
    pytest.param(
        '  await this.walletDao.debit(userId, 5);\n  await this.emitter.addTransaction({ userId, amount: -5 });',
        [], id='another object adds'),
])
def test_a_data_access_objects_create_set_add_remove_pair_where_money_moves(body, expected):
    assert findings(fn(body)) == expected
