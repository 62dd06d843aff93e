from __future__ import annotations

import pytest

from vcx_hook.checks.race_condition import ID

from tests import helpers

findings = helpers.bind(helpers.findings, ID, 'x.ts')


def fn(body: str) -> str:
    return f'export async function confirm(workspaceId: string, prefix: string) {{\n{body}\n}}\n'


@pytest.mark.parametrize(('body', 'expected'), [
    pytest.param(
        '  const total = await prisma.invoice.count({ where: { workspaceId } });\n'
        "  const padded = String(total + 1).padStart(4, '0');\n"
        '  const number = `${prefix}-${padded}`;\n'
        '  await prisma.invoice.create({ data: { workspaceId, number } });',
        ['x.ts:5 `prisma.invoice.create()` stores `total + 1`, computed from the `count()` on line 2; '
         'two requests read the same count and store the same number'],
        id='through String, padStart, a template and two locals'),
    pytest.param(
        '  const n = await db.ticket.countDocuments({ workspaceId });\n'
        '  await db.ticket.insertOne({ workspaceId, position: n + 1 });',
        ['x.ts:3 `db.ticket.insertOne()` stores `n + 1`, computed from the `countDocuments()` on line 2; '
         'two requests read the same count and store the same number'],
        id='inline in the document'),
    pytest.param(
        '  const number = (await prisma.ticket.count({ where: { workspaceId } })) + 1;\n'
        '  const channel = await makeChannel(`ticket-${number}`);\n'
        '  await prisma.ticket.create({ data: { workspaceId, number, channelId: channel.id } });',
        ['x.ts:4 `prisma.ticket.create()` stores `(await prisma.ticket.count({ where:…`, computed from the '
         '`count()` on line 2; two requests read the same count and store the same number'],
        id='one added to the awaited count itself'),
    pytest.param(
        '  const total = await prisma.invoice.count({ where: { workspaceId } });\n'
        '  return { next: total + 1 };',
        [], id='only returned'),
    pytest.param(
        '  const total = await prisma.invoice.count({ where: { workspaceId } });\n'
        '  await prisma.invoice.create({ data: { workspaceId, number: total * 2 } });',
        [], id='not the next number'),
    pytest.param(
        '  return prisma.$transaction(async (tx) => {\n'
        '    const total = await tx.invoice.count({ where: { workspaceId } });\n'
        '    return await tx.invoice.create({ data: { workspaceId, number: total + 1 } });\n'
        '  });',
        [], id='in a transaction'),
    pytest.param(
        '  const total = await prisma.invoice.count({ where: { workspaceId } });\n'
        '  try {\n'
        '    await prisma.invoice.create({ data: { workspaceId, number: total + 1 } });\n'
        "  } catch (e) { if (e.code === 'P2002') return retry(); throw e; }",
        [], id='unique number enforced'),
])
def test_numbers_from_counts(body, expected):
    assert findings(fn(body)) == expected
