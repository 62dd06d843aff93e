"""n-plus-one asks an update or upsert per element with that element's own data at low confidence:
one statement needs a CASE, a createMany/skipDuplicates or a bulk write to replace them."""
from __future__ import annotations

import pytest

from vcx_hook.checks.n_plus_one import ID
from vcx_hook.config import default_config
from vcx_hook.engine import audit
from vcx_hook.engine.target import Target

SHOW_LOW = default_config()._replace(enabled=frozenset((ID,)))


def findings(src: str) -> list[str]:
    result = audit.audit(Target('x.ts', src.encode(), None), SHOW_LOW)
    return [f'{f.path}:{f.line} {f.confidence} {f.message}' for f in result.findings if f.check_id == ID]


@pytest.mark.parametrize(('src', 'expected'), [
    pytest.param(
        'async function f(items) {\n'
        '  for (const item of items) {\n'
        '    await db.menuItem.update({ where: { id: item.id }, data: { position: item.position } });\n'
        '  }\n'
        '}\n',
        ['x.ts:3 low `db.menuItem.update()` runs once per `item` of the for-of loop over `items` on line 2'],
        id='update with different data per element'),
    pytest.param(
        'async function f(items) {\n'
        '  for (const item of items) {\n'
        '    let status;\n'
        "    status = item.ok ? 'done' : 'failed';\n"
        '    await db.job.update({ where: { id: item.id }, data: { status } });\n'
        '  }\n'
        '}\n',
        ['x.ts:5 low `db.job.update()` runs once per `item` of the for-of loop over `items` on line 2'],
        id='update data from a name assigned in the body'),
    pytest.param(
        'async function f(ticketId, roles) {\n'
        '  for (const role of roles) {\n'
        '    await prisma.archivedRole.upsert({ where: { ticketId_roleId: { ticketId, roleId: role.id } },\n'
        '      create: { ticketId, roleId: role.id, name: role.name }, update: { name: role.name } });\n'
        '  }\n'
        '}\n',
        ['x.ts:3 low `prisma.archivedRole.upsert()` runs once per `role` of the for-of loop over `roles` on line 2'],
        id='upsert per element'),
    pytest.param(
        'async function f(ticketId, roles) {\n'
        '  const queries = [];\n'
        '  for (const role of roles) {\n'
        '    queries.push(prisma.archivedRole.upsert({ where: { ticketId_roleId: { ticketId, roleId: role.id } },\n'
        '      create: { ticketId, roleId: role.id, name: role.name }, update: { name: role.name } }));\n'
        '  }\n'
        '  await prisma.$transaction(queries);\n'
        '}\n',
        [], id='collected for one $transaction'),
])
def test_distinct_updates(src, expected):
    assert findings(src) == expected
