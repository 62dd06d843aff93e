from __future__ import annotations

import pathlib

import pytest

from vcx_hook import audit
from vcx_hook.checks import unbounded_query
from vcx_hook.checks.unbounded_query import ID
from vcx_hook.config import default_config


def findings(src: str, path: str = 'x.js') -> list[str]:
    result = audit.audit(audit.Target(path, src.encode(), None), default_config())
    return [f'{f.path}:{f.line} {f.message}' for f in result.findings if f.check_id == ID]


def test_seed_example_is_reported():
    src = (
        'async function exportData() {\n'
        "  const records = await db.query('SELECT * FROM events');\n"
        '  return records.map(formatRecord);\n'
        '}\n'
    )
    assert findings(src) == [
        "x.js:2 `db.query()` runs 'SELECT * FROM events' with no WHERE or LIMIT: it loads every row of "
        '`events` into memory',
    ]


@pytest.mark.parametrize(
    ('src', 'expected'),
    (
        pytest.param(
            "const SQL = 'SELECT * FROM orders';\nasync function f() {\n  return pool.query(SQL);\n}\n",
            ['x.js:3'], id='const holding the sql',
        ),
        pytest.param(
            "async function f(w) {\n  let q = 'SELECT * FROM orders';\n  if (w) q += ' WHERE ' + w;\n"
            '  return pool.query(q);\n}\n',
            [], id='let may be appended to',
        ),
        pytest.param(
            "async function f() {\n  return pool.query('SELECT * ' +\n    'FROM orders');\n}\n",
            ['x.js:2'], id='concatenation',
        ),
        pytest.param(
            "async function f(where) {\n  return pool.query('SELECT * FROM orders ' + where);\n}\n",
            [], id='concatenated clause',
        ),
        pytest.param(
            "function f() {\n  return log('SELECT * FROM orders');\n}\n",
            [], id='not passed to a runner',
        ),
        pytest.param(
            "async function f() {\n  for await (const row of sql`SELECT * FROM orders`.cursor(100)) use(row);\n}\n",
            [], id='cursor',
        ),
        pytest.param(
            'async function f() {\n  return prisma.user.findMany({ where: {} });\n}\n',
            ['x.js:2'], id='empty where is no where',
        ),
        pytest.param(
            'async function f(where) {\n  return prisma.user.findMany({ where });\n}\n',
            [], id='shorthand where',
        ),
        pytest.param(
            'async function f(repo) {\n  return repo.findMany();\n}\n',
            [], id='findMany on one name is not prisma',
        ),
        pytest.param(
            'function f() {\n  const q = User.find({});\n  return q.limit(10);\n}\n',
            [], id='query kept for later is not run here',
        ),
        pytest.param(
            'async function f() {\n  return User.find({ relations: ["posts"] });\n}\n',
            ['x.js:2'], id='typeorm options only',
        ),
        pytest.param(
            'async function f() {\n  return User.find({ role: "admin" });\n}\n',
            [], id='mongo filter',
        ),
        pytest.param(
            'async function f(em) {\n  return em.find(Article, { where: { published: true } });\n}\n',
            [], id='entity manager with where',
        ),
        pytest.param(
            'async function f() {\n  return knex.select("*").from("users").where("a", 1);\n}\n',
            [], id='knex where after from',
        ),
        pytest.param(
            'async function f() {\n  return supabase.from("users").select("*");\n}\n',
            [], id='supabase is not a knex root',
        ),
        pytest.param(
            'async function f() {\n  return d3.select("body");\n}\n',
            [], id='d3 select',
        ),
        pytest.param(
            'function f(data) {\n  return data.Record.Section.find((s) => s.heading === "Safety");\n}\n',
            [], id='array find on a PascalCase property',
        ),
        pytest.param(
            'function f(res) {\n  User.find({}, (err, users) => res.json(users));\n}\n',
            ['x.js:2'], id='node callback runs the query',
        ),
        pytest.param(
            'function f(res) {\n  User.find(function (err, users) { res.json(users); });\n}\n',
            ['x.js:2'], id='node callback alone',
        ),
    ),
)
def test_shapes(src, expected):
    assert [f.split(' ')[0] for f in findings(src)] == expected


def test_small_tables_extend_through_config():
    cfg = default_config()
    names = {k: dict(v) for k, v in cfg.names.items()}
    names[ID]['small_tables'] = names[ID]['small_tables'] | {'widget'}
    src = 'async function f() {\n  return prisma.widget.findMany();\n}\n'
    default = audit.audit(audit.Target('x.js', src.encode(), None), cfg).findings
    extended = audit.audit(audit.Target('x.js', src.encode(), None), cfg._replace(names=names)).findings
    assert [f.line for f in default if f.check_id == ID] == [2]
    assert [f.line for f in extended if f.check_id == ID] == []


def test_migrations_and_seeds_are_not_asked():
    src = "async function f() {\n  return db.query('SELECT * FROM users');\n}\n"
    assert findings(src, 'db/migrations/004_backfill.js') == []
    assert findings(src, 'prisma/seed.ts') == []


def test_messages_are_short():
    fixtures = pathlib.Path(__file__).parent.parent / 'fixtures' / 'unbounded-query'
    messages = [m for p in sorted(fixtures.rglob('*.[jt]s*')) for m in findings(p.read_text(), p.name)]
    assert messages and max(len(m.split(' ', 1)[1]) for m in messages) < 160
