"""Two writes in sequence with no transaction around them: asked at low confidence since round 26
(``half_made.CONFIDENCE``), naming, where a function has several pairs, the first that ``half_made``
prefers (a record made and then another written, money or stock moved) before an earlier one."""
from __future__ import annotations

import pytest

from vcx_hook.checks.missing_transaction import ID
from vcx_hook.config import default_config
from vcx_hook.engine import audit
from vcx_hook.engine.target import Target


def tiers(body: str) -> list[str]:
    src = f'async function f(id, userId, amount) {{\n{body}\n}}\n'
    result = audit.audit(Target('x.ts', src.encode(), None), default_config())
    return [f'{f.line} {f.confidence} {f.message}' for f in result.findings if f.check_id == ID]


@pytest.mark.parametrize(('body', 'expected'), [
    pytest.param(
        '  const p = await prisma.project.create({ data: { name: id } });\n'
        '  await prisma.client.create({ data: { projectId: p.id } });',
        ['3 low `prisma.project.create()` (line 2) and `prisma.client.create()` (line 3) write with no '
         'transaction around them'],
        id='a record made, then its child'),
    pytest.param(
        '  const [o] = await db.insert(orgs).values({ name: id }).returning();\n'
        '  await db.insert(members).values({ orgId: o.id, userId });',
        ['3 low `db.insert()` (line 2) and `db.insert()` (line 3) write with no transaction around them'],
        id='drizzle: two tables by the builder argument'),
    pytest.param(
        "  await pool.query('INSERT INTO attachments (id) VALUES ($1)', [id]);\n"
        '  await updateInvoiceStatus(id);',
        ["3 low `pool.query('INSERT INTO attachments...')` (line 2) and `updateInvoiceStatus()` (line 3) "
         'write with no transaction around them'],
        id='a SQL insert, then a helper'),
    pytest.param(
        '  await prisma.account.update({ where: { id }, data: { balance: { decrement: amount } } });\n'
        '  await prisma.account.update({ where: { id: userId }, data: { balance: { increment: amount } } });',
        ['3 low `prisma.account.update()` (line 2) and `prisma.account.update()` (line 3) write with no '
         'transaction around them'],
        id='money moved'),
    pytest.param(
        "  await prisma.membership.update({ where: { id }, data: { role: 'owner' } });\n"
        "  await prisma.membership.update({ where: { id: userId }, data: { role: 'admin' } });",
        ['3 low `prisma.membership.update()` (line 2) and `prisma.membership.update()` (line 3) write with no '
         'transaction around them'],
        id='two records of one table: ownership passed on'),
    pytest.param(
        "  await prisma.payout.update({ where: { id }, data: { status: 'completed' } });\n"
        "  await prisma.sale.updateMany({ where: { payoutId: id }, data: { paid: true } });",
        ['3 low `prisma.payout.update()` (line 2) and `prisma.sale.updateMany()` (line 3) write with no '
         'transaction around them'],
        id='a payout'),
    pytest.param(
        '  await prisma.apiKey.deleteMany({ where: { projectId: id } });\n'
        '  await prisma.project.update({ where: { id }, data: { deletedAt: new Date() } });',
        ['3 low `prisma.apiKey.deleteMany()` (line 2) and `prisma.project.update()` (line 3) write with no '
         'transaction around them'],
        id='children deleted first'),
    pytest.param(
        '  await prisma.salt.create({ data: { salt: id } });\n'
        '  await prisma.salt.create({ data: { salt: userId } });',
        ['3 low `prisma.salt.create()` (line 2) and `prisma.salt.create()` (line 3) write with no transaction '
         'around them'],
        id='one table twice'),
    pytest.param(
        '  const c = await prisma.credit.create({ data: { userId } });\n'
        '  try { await run(); } catch (e) { await prisma.usage.deleteMany({ where: { creditId: c.id } }); }',
        ['3 low `prisma.credit.create()` (line 2) and `prisma.usage.deleteMany()` (line 3) write with no '
         'transaction around them'],
        id='the second undoes it in a catch'),
    pytest.param(
        '  await prisma.order.update({ where: { id }, data: { paymentStatus: "failed" } });\n'
        '  await prisma.cart.update({ where: { id: userId }, data: { active: true } });',
        ['3 low `prisma.order.update()` (line 2) and `prisma.cart.update()` (line 3) write with no '
         'transaction around them'],
        id='a payment status is no amount'),
])
def test_tier(body, expected):
    assert tiers(body) == expected


def test_a_preferred_pair_is_named_before_an_earlier_one():
    body = (
        '  await prisma.draft.deleteMany({ where: { userId } });\n'
        '  const w = await prisma.workspace.create({ data: { name: id } });\n'
        '  await prisma.member.create({ data: { workspaceId: w.id, userId } });'
    )
    assert tiers(body) == [
        '4 low `prisma.workspace.create()` (line 3) and `prisma.member.create()` (line 4) write with no '
        'transaction around them',
    ]
