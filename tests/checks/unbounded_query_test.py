from __future__ import annotations

import pytest

from vcx_hook.checks.unbounded_query import ID
from vcx_hook.config import default_config
from vcx_hook.engine import audit

from tests import helpers
from tests.helpers import ROOT

findings = helpers.bind(helpers.findings, ID, 'x.js')
gate_opens = helpers.bind(helpers.gate_opens, ID, 'x.js')


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
    names[ID]['small_tables'] = names[ID]['small_tables'] | {'widgetevent'}
    src = 'async function f() {\n  return prisma.widgetEvent.findMany();\n}\n'
    default = audit.audit(audit.Target('x.js', src.encode(), None), cfg).findings
    extended = audit.audit(audit.Target('x.js', src.encode(), None), cfg._replace(names=names)).findings
    assert [f.line for f in default if f.check_id == ID] == [2]
    assert [f.line for f in extended if f.check_id == ID] == []


def test_migrations_and_seeds_are_not_asked():
    src = "async function f() {\n  return db.query('SELECT * FROM users');\n}\n"
    assert findings(src, 'db/migrations/004_backfill.js') == []
    assert findings(src, 'prisma/seed.ts') == []


def test_messages_are_short():
    fixtures = ROOT / 'fixtures' / 'unbounded-query'
    messages = [m for p in sorted(fixtures.rglob('*.[jt]s*')) for m in findings(p.read_text(), p.name)]
    assert messages and max(len(m.split(' ', 1)[1]) for m in messages) < 160


# --- the gate: relevant() is False only where run() cannot report ---------------------------------

@pytest.mark.parametrize(
    'src',
    (
        pytest.param("import { a } from 'b';\nfunction f(xs, id) {\n  return xs.find((x) => x.id === id);\n}\n",
                     id='array find and an import'),
        pytest.param("function f(list) {\n  return Array.from(list).map(String);\n}\n", id='Array.from'),
        pytest.param("async function f() {\n  return User.find({ role: 'admin' });\n}\n", id='mongo filter'),
        pytest.param("async function f() {\n  return d3.select('body');\n}\n", id='d3 select'),
        pytest.param("function f() {\n  return all(['select a file', \" with care\"]);\n}\n",
                     id='select and with in messages'),
        pytest.param("async function f(id) {\n  return db.query('SELECT * FROM users WHERE id = $1', [id]);\n}\n",
                     id='sql with a where'),
        pytest.param("async function f() {\n  return db.query('SELECT count(*) FROM users');\n}\n", id='aggregate'),
        pytest.param("// db.user.findMany() and knex('users').select()\nconst s = 'User.find()';\n",
                     id='names in comments and strings'),
    ),
)
def test_gate_closes_where_nothing_can_be_reported(src):
    assert gate_opens(src) == [False]
    assert findings(src) == []


@pytest.mark.parametrize(
    'src',
    (
        pytest.param("async function f() {\n  return db.query('SELECT * FROM events');\n}\n", id='sql literal'),
        pytest.param("async function f() {\n  return db.query(\n    `\n    select id from events`);\n}\n",
                     id='sql template in lower case after a newline'),
        pytest.param("async function f() {\n  return sql`SELECT * FROM events`;\n}\n", id='tagged template'),
        pytest.param("async function f() {\n  return prisma.event.findMany();\n}\n", id='findMany'),
        pytest.param("async function f() {\n  return Event\n    // every one\n    .find();\n}\n", id='find'),
        pytest.param("async function f() {\n  return knex('events').select('*');\n}\n", id='knex'),
        pytest.param("async function f() {\n  return db.select().from(events);\n}\n", id='drizzle'),
        pytest.param(
            "async function f() {\n  return ds.getRepository(Event).createQueryBuilder('e').getMany();\n}\n",
            id='typeorm query builder'),
    ),
)
def test_gate_opens_on_what_is_reported(src):
    assert gate_opens(src) == [True]
    assert findings(src) != []


def test_gate_opens_where_the_sql_is_a_const_elsewhere_in_the_file():
    src = (
        "const EVENTS = 'SELECT * FROM events';\n"
        "async function f() {\n  return pool.query(EVENTS);\n}\n"
        "function g(xs) {\n  return xs.find(Boolean);\n}\n"
    )
    assert [f.split(' ')[0] for f in findings(src)] == ['x.js:3']
    assert gate_opens(src) == [True]
    # The hook's scopes: f (the runner, its SQL outside) opens; g does not; nor the statement.
    assert gate_opens(src, rows=True) == [True, False, False]


def test_gate_opens_on_names_added_in_config():
    cfg = default_config()
    names = {k: dict(v) for k, v in cfg.names.items()}
    names[ID]['sql_runners'] = names[ID]['sql_runners'] | {'fetchRows'}
    names[ID]['builder_roots'] = names[ID]['builder_roots'] | {'warehouse'}
    extended = cfg._replace(names=names)
    runner = "async function f() {\n  return conn.fetchRows('SELECT * FROM events');\n}\n"
    root = "async function f() {\n  return warehouse('events').select('*');\n}\n"
    for src in (runner, root):
        assert gate_opens(src) == [False]
        assert findings(src) == []
        assert gate_opens(src, config=extended) == [True]
        assert [f.line for f in audit.audit(audit.Target('x.js', src.encode(), None), extended).findings
                if f.check_id == ID] == [2]


@pytest.mark.parametrize(('src', 'lines'), [
    pytest.param(
        'async function exportData() {\n'
        "  const records = await db.query('SELECT * FROM events');\n"
        '  return records.map(formatRecord);\n'
        '}\n',
        [(2, 3)], id='the-query-and-where-its-rows-are-used'),
    pytest.param(
        'async function report() {\n'
        '  const rows = await pool.query(`\n'
        '    SELECT id, total\n'
        '    FROM orders\n'
        '  `);\n'
        '  const log = [];\n'
        '  for (const row of rows) log.push(row.total);\n'
        '  return log;\n'
        '}\n',
        [(2, 5, 7)], id='the-end-of-the-sql-text-where-a-limit-goes'),
    pytest.param(
        "const ALL_EVENTS = 'SELECT * FROM events';\n"
        'async function exportData() {\n'
        '  return db.query(ALL_EVENTS);\n'
        '}\n',
        [(1, 3)], id='a-const-holding-the-sql'),
    pytest.param(
        'async function list() {\n'
        '  const users = await prisma.user.findMany();\n'
        '  const names = [];\n'
        '  return users.map((u) => u.name);\n'
        '}\n',
        [(2, 4)], id='orm-read-and-its-first-use'),
    pytest.param(
        'async function list() {\n'
        '  return prisma.user.findMany();\n'
        '}\n',
        [(2,)], id='returned-rows-are-used-by-the-caller'),
])
def test_evidence(src, lines):
    assert helpers.about(ID, src) == lines


def _asked(src: str) -> list[str]:
    from vcx_hook.engine.target import Target

    result = audit.audit(Target('x.ts', src.encode(), None), default_config())
    return [f'{f.path}:{f.line} {f.confidence} {f.message}' for f in result.findings if f.check_id == ID]


@pytest.mark.parametrize(('src', 'expected'), [
    pytest.param(
        'function metrics(id) {\n'
        '  return db.query(`select url, count(*) n from event where site = $1 group by url order by n desc`, [id]);\n'
        '}\n',
        ["x.ts:2 medium `db.query()` runs 'select url, count(*) n from event whe...', which ranks every group of "
         '`event` with no LIMIT: a top list returns them all'],
        id='sql-ranking-without-limit'),
    pytest.param(
        'function perDay(id) {\n'
        "  return db.query(`select day, count(*) from event where site = $1 group by day order by day`, [id]);\n"
        '}\n',
        [], id='ascending-order-is-a-series-not-a-ranking'),
    pytest.param(
        'function revenue(id) {\n'
        '  return db.query(`select s.country, sum(r.amount) v from revenue r join session s on s.id = r.session_id '
        'where r.site = $1 group by s.country order by v desc`, [id]);\n'
        '}\n',
        [], id='a-ranking-of-countries-is-short'),
    pytest.param(
        'function metrics(id, tail) {\n'
        '  return db.query(`select url, count(*) n from event where site = $1 group by url order by n desc ${tail}`);\n'
        '}\n',
        [], id='a-tail-built-at-run-time-may-hold-the-limit'),
    pytest.param(
        'async function pending() {\n'
        "  return prisma.payout.groupBy({ by: ['partnerId'], orderBy: { _sum: { amount: 'desc' } } });\n"
        '}\n',
        ['x.ts:2 medium `prisma.payout.groupBy()` ranks every group of `payout` (`orderBy` descending) with no `take`: '
         'a top list returns them all'],
        id='prisma-groupby-ranking'),
    pytest.param(
        'async function pending() {\n'
        "  return prisma.payout.groupBy({ by: ['partnerId'], orderBy: { partnerId: 'asc' } });\n"
        '}\n',
        [], id='groupby-in-key-order'),
    pytest.param(
        'async function page(teamId, page, perPage) {\n'
        '  const [rows] = await Promise.all([prisma.template.findMany({ where: { teamId }, skip: page * perPage })]);\n'
        '  return rows;\n'
        '}\n',
        ['x.ts:2 medium `prisma.template.findMany()` skips to a page (`skip`) but sets no page size (`take`), so it '
         'loads every `template` record after the offset into memory'],
        id='offset-without-page-size-in-promise-all'),
    pytest.param(
        'async function page(teamId, page) {\n'
        '  return Template.findAll({ where: { teamId }, offset: page * 20 });\n'
        '}\n',
        ['x.ts:2 medium `Template.findAll()` skips to a page (`offset`) but sets no page size (`limit`), so it loads '
         'every `Template` record after the offset into memory'],
        id='sequelize-offset-without-limit'),
    pytest.param(
        'async function page(teamId, page) {\n'
        '  return prisma.template.findMany({ where: { teamId }, skip: page * 20, take: 20 });\n'
        '}\n',
        [], id='a-page-with-its-size'),
    pytest.param(
        'async function olderPolls(userId) {\n'
        "  return prisma.simulationPoll.findMany({ skip: 1, where: { userId }, orderBy: { createdAt: 'desc' } });\n"
        '}\n',
        ['x.ts:2 low `prisma.simulationPoll.findMany()` skips to a page (`skip`) but sets no page size (`take`), so it '
         'loads every `simulationPoll` record after the offset into memory'],
        id='a-constant-offset-keeps-all-but-the-latest-low'),
])
def test_bounded_in_place_but_not_in_size(src, expected):
    assert _asked(src) == expected


@pytest.mark.parametrize(('src', 'expected'), [
    pytest.param(
        "async function pending(api) {\n  return api.get(buildUrl('/requests', { per_page: -1 }));\n}\n",
        ['x.ts:2 medium `per_page: -1` asks the API for every record: the response grows with the remote data on '
         'every call'],
        id='a-url-builder'),
    pytest.param(
        "async function pending() {\n  return axios.get('/requests', { params: { limit: -1 } });\n}\n",
        ['x.ts:2 medium `limit: -1` asks the API for every record: the response grows with the remote data on '
         'every call'],
        id='axios-params'),
    pytest.param(
        "async function last() {\n  return prisma.request.findMany({ where: { a: 1 }, take: -1 });\n}\n",
        [], id='prisma-take-minus-one-is-the-last-record'),
    pytest.param(
        "function paginate() {\n  return { offset: 0, limit: -1 };\n}\n",
        [], id='an-object-not-sent-anywhere'),
])
def test_an_api_asked_for_every_record(src, expected):
    assert _asked(src) == expected
