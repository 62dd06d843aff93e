"""unbounded-query asks an ORM read of every record only where the code shows the table's size
matters: the rows filtered or deduplicated in memory, or a table that grows with use."""
from __future__ import annotations

import pytest

from vcx_hook.checks.unbounded_query import ID
from vcx_hook.config import default_config
from vcx_hook.engine import audit

from tests import helpers

findings = helpers.bind(helpers.findings, ID, 'x.ts')


@pytest.mark.parametrize(('src', 'expected'), [
    pytest.param('async function f() {\n  return prisma.brand.findMany();\n}\n', [], id='a table that does not grow'),
    pytest.param('async function f() {\n  return db.query.ssoProvider.findMany({ columns: { id: true } });\n}\n', [],
                 id='drizzle, configuration'),
    pytest.param('async function f({ models }) {\n  return models.CallConfigs.find({});\n}\n', [], id='mongoose'),
    pytest.param('async function f() {\n  return prisma.auditLog.findMany();\n}\n',
                 ['x.ts:2 `prisma.auditLog.findMany()` has no `where` or `take`, so it loads every `auditLog` record '
                  'into memory'], id='a log grows'),
    pytest.param('async function f() {\n  return this.manager.find(ErrorEventEntity);\n}\n',
                 ['x.ts:2 `this.manager.find(ErrorEventEntity)` has no `where` or `take`, so it loads every '
                  '`ErrorEventEntity` record into memory'], id='entity suffix'),
    pytest.param('async function f(orgId) {\n'
                 '  let result = await db.query.github.findMany({ with: { gitProvider: true } });\n'
                 '  result = result.filter((p) => p.gitProvider.organizationId === orgId);\n'
                 '  return result;\n'
                 '}\n',
                 ['x.ts:2 `db.query.github.findMany()` has no `where` or `take`, so it loads every `github` record '
                  'into memory'], id='filtered in memory'),
    pytest.param('async function f(id) {\n'
                 '  const plans = await prisma.product.findMany();\n'
                 '  const names = plans.map((p) => p.name);\n'
                 '  return plans?.find((p) => p.id === id);\n'
                 '}\n',
                 ['x.ts:2 `prisma.product.findMany()` has no `where` or `take`, so it loads every `product` record '
                  'into memory'], id='searched in memory later'),
    pytest.param('async function f() {\n  return (await prisma.brand.findMany()).some((b) => b.default);\n}\n',
                 ['x.ts:2 `prisma.brand.findMany()` has no `where` or `take`, so it loads every `brand` record '
                  'into memory'], id='chained'),
    pytest.param('async function f() {\n'
                 "  const rows = await this.prisma.widget.findMany({ distinct: ['platform'], select: { platform: true } });\n"
                 '  return rows.map((r) => r.platform);\n'
                 '}\n',
                 ['x.ts:2 `this.prisma.widget.findMany()` has no `where` or `take`, so it loads every `widget` '
                  'record into memory'], id='prisma distinct dedupes in the client'),
    pytest.param('async function f() {\n'
                 '  const brands = await prisma.brand.findMany();\n'
                 '  return brands.map((b) => b.name).filter(Boolean);\n'
                 '}\n', [], id='a filter of something else'),
])
def test_a_whole_table_read_is_asked_with_evidence(src, expected):
    assert findings(src) == expected


def test_growing_tables_extend_through_config():
    cfg = default_config()
    names = {k: dict(v) for k, v in cfg.names.items()}
    names[ID]['growing_tables'] = names[ID]['growing_tables'] | {'widget'}
    src = 'async function f() {\n  return prisma.widget.findMany();\n}\n'
    default = audit.audit(audit.Target('x.js', src.encode(), None), cfg).findings
    extended = audit.audit(audit.Target('x.js', src.encode(), None), cfg._replace(names=names)).findings
    assert [f.line for f in default if f.check_id == ID] == []
    assert [f.line for f in extended if f.check_id == ID] == [2]
