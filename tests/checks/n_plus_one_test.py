from __future__ import annotations

import pathlib

import pytest

from vcx_hook.checks.n_plus_one import ID
from vcx_hook.config import default_config
from vcx_hook.engine import audit

from tests import helpers
from tests.helpers import ROOT

findings = helpers.bind(helpers.findings, ID, 'x.ts')


@pytest.mark.parametrize(
    ('src', 'expected'),
    (
        pytest.param(
            'async function f(posts) {\n'
            '  for (const post of posts) {\n'
            '    post.author = await db.users.findUnique({ where: { id: post.authorId } });\n'
            '  }\n'
            '}\n',
            ['x.ts:3 `db.users.findUnique()` runs once per `post` of the for-of loop over `posts` on line 2'],
            id='seed: for-of with findUnique',
        ),
        pytest.param(
            'async function f(users) {\n'
            '  return Promise.all(users.map(u => getProfile(u.id)));\n'
            '}\n',
            ['x.ts:2 `getProfile()` runs once per `u` of `users.map()` on line 2'],
            id='seed: returned Promise.all of a loader helper',
        ),
        pytest.param(
            'async function f(posts) {\n'
            '  for (const post of posts) {\n'
            '    const authorId = post.authorId;\n'
            '    const author = await prisma.user.findUnique({ where: { id: authorId } });\n'
            '    console.log(author);\n'
            '  }\n'
            '}\n',
            ['x.ts:4 `prisma.user.findUnique()` runs once per `post` of the for-of loop over `posts` on line 2'],
            id='argument derived from the element in the body',
        ),
        pytest.param(
            'async function f(posts) {\n'
            '  for (const post of posts) {\n'
            '    const { authorId, ...rest } = post;\n'
            '    rest.author = await User.findOne({ where: { id: authorId } });\n'
            '  }\n'
            '}\n',
            ['x.ts:4 `User.findOne()` runs once per `post` of the for-of loop over `posts` on line 2'],
            id='argument destructured from the element',
        ),
        pytest.param(
            'async function f(orders) {\n'
            '  for (let i = 0; i < orders.length; i++) {\n'
            '    await Order.findById(orders[i].id);\n'
            '  }\n'
            '}\n',
            ['x.ts:3 `Order.findById()` runs once per `orders[i]` of the for loop on line 2'],
            id='classic for loop, element by index',
        ),
        pytest.param(
            'async function f(items) {\n'
            '  items.forEach(async (item) => {\n'
            '    await redis.del(`cart:${item.id}`);\n'
            '  });\n'
            '}\n',
            ['x.ts:3 `redis.del()` runs once per `item` of `items.forEach()` on line 2'],
            id='forEach with an async callback',
        ),
        pytest.param(
            'async function f(posts) {\n'
            '  const tasks = posts.map((p) => db.comment.findMany({ where: { postId: p.id } }));\n'
            '  return Promise.all(tasks);\n'
            '}\n',
            ['x.ts:2 `db.comment.findMany()` runs once per `p` of `posts.map()` on line 2'],
            id='map result gathered later through a const',
        ),
        pytest.param(
            'async function f(groups) {\n'
            '  for (const group of groups) {\n'
            '    for (const member of group.members) {\n'
            '      await db.user.findUnique({ where: { id: member.userId } });\n'
            '    }\n'
            '  }\n'
            '}\n',
            ['x.ts:4 `db.user.findUnique()` runs once per `member` of the for-of loop over `group.members` on line 3'],
            id='nested loops name the innermost',
        ),
        pytest.param(
            'async function f(ids) {\n'
            '  for (const id of ids) {\n'
            "    await pool.query('SELECT * FROM users WHERE id = $1', [id]);\n"
            '  }\n'
            '}\n',
            ['x.ts:3 `pool.query()` runs once per `id` of the for-of loop over `ids` on line 2'],
            id='node-postgres query',
        ),
        pytest.param(
            'async function f(ids) {\n'
            '  for (const id of ids) {\n'
            "    await pool.query('UPDATE users SET active = false WHERE id = $1', [id]);\n"
            '  }\n'
            '}\n',
            ['x.ts:3 `pool.query()` runs once per `id` of the for-of loop over `ids` on line 2'],
            id='SQL update with the same values for every row',
        ),
        pytest.param(
            'async function f(users) {\n'
            '  for (const user of users) {\n'
            '    await Promise.all([\n'
            '      db.post.count({ where: { authorId: user.id } }),\n'
            '      db.like.count({ where: { userId: user.id } }),\n'
            '    ]);\n'
            '  }\n'
            '}\n',
            [
                'x.ts:4 `db.post.count()` runs once per `user` of the for-of loop over `users` on line 2',
                'x.ts:5 `db.like.count()` runs once per `user` of the for-of loop over `users` on line 2',
            ],
            id='calls gathered in an array inside the loop',
        ),
        pytest.param(
            'async function f(users) {\n'
            '  for (const user of users) {\n'
            "    await prisma.sentEmail.create({ data: { userId: user.id, type: 'trial' } });\n"
            '  }\n'
            '}\n',
            ['x.ts:3 `prisma.sentEmail.create()` runs once per `user` of the for-of loop over `users` on line 2'],
            id='a table named for mail is still a table',
        ),
    ),
)
def test_asked(src, expected):
    assert findings(src) == expected


@pytest.mark.parametrize(
    'src',
    (
        pytest.param(
            'async function f(posts, orgId) {\n'
            '  for (const post of posts) {\n'
            '    await db.org.findUnique({ where: { id: orgId } });\n'
            '  }\n'
            '}\n',
            id='argument not from the element',
        ),
        pytest.param(
            'async function f() {\n'
            "  for (const role of ['admin', 'user']) {\n"
            '    await db.user.count({ where: { role } });\n'
            '  }\n'
            '}\n',
            id='small fixed literal',
        ),
        pytest.param(
            'async function f() {\n'
            '  for (const role of ROLES) {\n'
            '    await db.user.count({ where: { role } });\n'
            '  }\n'
            '}\n',
            id='constant list',
        ),
        pytest.param(
            'async function f(cursor) {\n'
            '  for await (const doc of cursor) {\n'
            '    await db.user.findUnique({ where: { id: doc.userId } });\n'
            '  }\n'
            '}\n',
            id='for await over a cursor',
        ),
        pytest.param(
            'async function f() {\n'
            '  let page = 0;\n'
            '  let rows;\n'
            '  do {\n'
            '    rows = await db.event.findMany({ where: { done: false }, skip: page * 100, take: 100 });\n'
            '    page += 1;\n'
            '  } while (rows.length);\n'
            '}\n',
            id='pagination loop',
        ),
        pytest.param(
            'async function f(id) {\n'
            '  for (let attempt = 0; attempt < 3; attempt++) {\n'
            '    try { return await db.job.findUnique({ where: { id } }); } catch {}\n'
            '  }\n'
            '}\n',
            id='retry loop',
        ),
        pytest.param(
            'async function f(ids) {\n'
            '  for (const batch of chunk(ids, 500)) {\n'
            '    await db.user.deleteMany({ where: { id: { in: batch } } });\n'
            '  }\n'
            '}\n',
            id='chunks handed to a batch call',
        ),
        pytest.param(
            'async function f(batches) {\n'
            '  for (let i = 0; i < batches.length; i++) {\n'
            '    await db.user.deleteMany({ where: { id: { in: batches[i] } } });\n'
            '  }\n'
            '}\n',
            id='chunks by index',
        ),
        pytest.param(
            'async function f(posts) {\n'
            '  return Promise.all(posts.map((p) => userLoader.load(p.authorId)));\n'
            '}\n',
            id='DataLoader',
        ),
        pytest.param(
            'async function f(emails) {\n'
            '  const out = [];\n'
            '  for (const email of emails) {\n'
            '    const invite = await db.invite.create({ data: { email } });\n'
            '    out.push(invite.id);\n'
            '  }\n'
            '  return out;\n'
            '}\n',
            id='created records used afterwards',
        ),
        pytest.param(
            'async function f(ids) {\n'
            '  for (const id of ids) {\n'
            '    if (!id) continue;\n'
            '    return db.account.findFirst({ where: { id } });\n'
            '  }\n'
            '}\n',
            id='returned from the loop: runs once',
        ),
        pytest.param(
            'async function f(users) {\n'
            '  for (const user of users) {\n'
            '    try { await notify(user); } catch (e) {\n'
            '      await db.user.update({ where: { id: user.id }, data: { failed: true } });\n'
            '    }\n'
            '  }\n'
            '}\n',
            id='only when one element fails',
        ),
        pytest.param(
            'async function f(files) {\n'
            '  return Promise.all(files.map((f) => getSignedUrl(f.key)));\n'
            '}\n',
            id='helper that is not a record',
        ),
        pytest.param(
            'async function f(names) {\n'
            '  return Promise.all(names.map((name) => getTemplate(name)));\n'
            '}\n',
            id='helper not given an id',
        ),
        pytest.param(
            'async function f(links) {\n'
            '  for (const link of links) {\n'
            "    await link.getAttribute('href');\n"
            '  }\n'
            '}\n',
            id='getter with a string argument is not an association',
        ),
        pytest.param(
            'async function f(tables) {\n'
            '  for (const table of tables) {\n'
            '    await db.query(`TRUNCATE ${table}`);\n'
            '  }\n'
            '}\n',
            id='per table, not per record',
        ),
        pytest.param(
            'async function f(users) {\n'
            '  users.map((u) => db.profile.findUnique({ where: { userId: u.id } }));\n'
            '}\n',
            id='promises never awaited',
        ),
        pytest.param(
            'async function f(users) {\n'
            '  for (const user of users) {\n'
            "    await this.mailService.create({ to: user.email, template: 'digest' });\n"
            '  }\n'
            '}\n',
            id='a mail service is not a database',
        ),
    ),
)
def test_not_asked(src):
    assert findings(src) == []


def test_seed_paths_are_skipped():
    src = 'async function main(users) {\n  for (const u of users) await prisma.user.create({ data: u });\n}\n'
    assert findings(src, 'prisma/seed.ts') == []
    assert findings(src, 'src/import.ts') == [
        'src/import.ts:2 `prisma.user.create()` runs once per `u` of the for-of loop over `users` on line 2',
    ]


def test_ui_helpers_are_api_calls():
    src = "import React from 'react';\nexport async function f(ids) {\n  return Promise.all(ids.map((id) => fetchItem(id)));\n}\n"
    assert findings(src, 'x.ts') == []
    src = "import React from 'react';\nexport async function f(ids) {\n  return Promise.all(ids.map((id) => db.item.findUnique({ where: { id } })));\n}\n"
    assert findings(src, 'x.ts') == [
        'x.ts:3 `db.item.findUnique()` runs once per `id` of `ids.map()` on line 3',
    ]


def test_redis_client_by_import():
    src = (
        "import { createClient } from 'redis';\n"
        'const client = createClient();\n'
        'export async function f(ids) {\n'
        '  return Promise.all(ids.map((id) => client.get(`user:${id}`)));\n'
        '}\n'
    )
    assert findings(src) == ['x.ts:4 `client.get()` runs once per `id` of `ids.map()` on line 4']
    assert findings(src.replace("'redis'", "'./http'")) == []


def test_names_come_from_config():
    cfg = default_config()
    names = {**cfg.names, ID: {**cfg.names[ID], 'query_methods': cfg.names[ID]['query_methods'] | {'lookup'}}}
    src = 'async function f(ids) {\n  for (const id of ids) await db.users.lookup(id);\n}\n'
    plain = audit.audit(audit.Target('x.ts', src.encode(), None), cfg).findings
    extended = audit.audit(audit.Target('x.ts', src.encode(), None), cfg._replace(names=names)).findings
    assert [f.line for f in plain if f.check_id == ID] == []
    assert [f.line for f in extended if f.check_id == ID] == [2]


def test_gate_words_are_the_iterations_names():
    import re

    from vcx_hook.checks import n_plus_one
    from vcx_hook.checks.n_plus_one import candidates

    methods = set()
    for alternatives in re.findall(r'#match\? @_n-plus-one\.(?:each|pmap|mapref) "\^\(([^)]*)\)\$"', ITERATIONS_QUERY):
        methods.update(alternatives.split('|'))
    loops = {'for', 'while', 'do'}  # for_in_statement, for_statement, while_statement, do_statement
    assert methods | loops == n_plus_one.ITERATION_WORDS
    assert {w.decode() for w in candidates.CALLBACK_NAMES | candidates.LOOP_KEYWORDS} == n_plus_one.ITERATION_WORDS


ITERATIONS_QUERY = (pathlib.Path(__file__).parent / 'n_plus_one_iterations.scm').read_text()
TRICKY = '''\
async function f(ids, xs) {
  for (const id of ids) await db.find(id);
  for await (const row of cursor) await db.find(row.id);
  for (let i = 0; i < n; i++) { await db.find(ids[i]); }
  while (i < n) i++;
  do { await db.find(ids[i]); } while (i < n);
  // for each id, a map(fn) in a comment, and "forEach" in a string
  ids.map(id => db.find(id));
  ids.forEach(async function (id) { await db.find(id); });
  ids.map(getUser);
  ids.map(getUser, ctx);
  ids.map(/* fn */ getUser);
  ids.flatMap(function* (id) { yield id; });
  ids.reduce(async (acc, id) => acc, init);
  pMap(ids, async (id) => db.find(id));
  Promise.map(ids, (id) => db.find(id));
  Bluebird.each(ids, (id) => db.find(id));
  ids.map(id => id).forEach(x => x);
  map(ids, x => x);
  obj.map = (x) => x;
}
'''


def _oracle(file, ranges):
    from vcx_hook.lang import syntax

    bodies, refs = set(), set()
    for start, end in ranges:
        found = syntax.captures(file.tree.grammar, ITERATIONS_QUERY, file.tree.root, (start, end))
        bodies |= {(n.start_byte, n.end_byte) for n in found.get('n-plus-one.body', []) if start <= n.start_byte < end}
        refs |= {(n.start_byte, n.end_byte) for n in found.get('n-plus-one.ref', []) if start <= n.start_byte < end}
        bodies |= {(n.start_byte, n.end_byte) for n in _helper_bodies(file.tree.root) if start <= n.start_byte < end}
    return sorted(bodies), sorted(refs)


def _helper_bodies(root):
    """The callbacks of per-element helpers (``executeAsynchronously(xs, fn)``), by a walk of every call:
    a query cannot split a name into its words."""
    from vcx_hook.checks.n_plus_one.element_helpers import per_element_helper
    from vcx_hook.lang import scope as s

    stack = [root]
    while stack:
        node = stack.pop()
        stack.extend(node.named_children)
        if node.type != 'call_expression':
            continue
        fn = next((a for a in s.arguments(node)[1:] if a.type in ('arrow_function', 'function_expression')), None)
        if fn is not None and per_element_helper(node, fn):
            yield fn


def _found(scope):
    from vcx_hook.checks.n_plus_one import candidates

    bodies, refs = candidates.iterations_in(scope)
    return sorted({(n.start_byte, n.end_byte) for n in bodies}), sorted({(n.start_byte, n.end_byte) for n in refs})


def _fixture_sources():
    root = ROOT / 'fixtures'
    # The query's anchors count a comment as an argument: `_iterations_in` does not.
    plain = TRICKY.replace('  ids.map(/* fn */ getUser);\n', '')
    yield 'tricky.js', plain.encode()
    yield 'tricky.ts', plain.encode()
    for path in sorted(root.rglob('*')):
        if path.suffix in ('.js', '.jsx', '.ts', '.tsx', '.mjs', '.cjs'):
            yield str(path.relative_to(root)), path.read_bytes()


def test_iterations_found_by_name_are_the_querys():
    """Whole files, and each function as the hook's scope (a callback's method is outside it)."""
    from vcx_hook.engine.target import Change
    from vcx_hook.lang import scope as scope_mod
    from vcx_hook.lang import syntax

    compared = 0
    for path, data in _fixture_sources():
        grammar = syntax.grammar_for(path)
        if grammar is None:
            continue
        file = scope_mod.File(path, syntax.parse(data, grammar))
        rows = data.count(b'\n') + 1
        scopes = scope_mod.whole_file_scopes(file) + scope_mod.touched_scopes(file, Change(((0, rows),)))
        for sc in scopes:
            expected = _oracle(file, sc.ranges)
            assert _found(sc) == expected, (path, sc.name)
            compared += len(expected[0]) + len(expected[1])
    assert compared > 150


def test_tricky_iterations():
    from vcx_hook.lang import scope as scope_mod
    from vcx_hook.lang import syntax

    src = TRICKY.encode()
    file = scope_mod.File('t.js', syntax.parse(src, 'javascript'))
    bodies, refs = _found(scope_mod.whole_file_scopes(file)[0])
    assert [src[a:b].decode().split('\n')[0][:24] for a, b in bodies] == [
        'await db.find(id);', 'await db.find(row.id);', '{ await db.find(ids[i]);', 'i++;',
        '{ await db.find(ids[i]);', 'id => db.find(id)', 'async function (id) { aw', 'async (acc, id) => acc',
        'async (id) => db.find(id', '(id) => db.find(id)', '(id) => db.find(id)', 'id => id', 'x => x', 'x => x',
    ]
    assert [src[a:b].decode() for a, b in refs] == ['getUser', 'getUser']  # `/* fn */ getUser` too


def test_gate_closes_without_an_iteration():
    from vcx_hook.checks import n_plus_one
    from vcx_hook.config import default_config
    from vcx_hook.lang import scope as scope_mod
    from vcx_hook.lang import syntax

    def gate(src, path='src/a.js'):
        file = scope_mod.File(path, syntax.parse(src.encode(), 'javascript'))
        return n_plus_one.relevant(scope_mod.whole_file_scopes(file)[0], default_config())

    loop = 'async function f(ids) {\n  for (const id of ids) await db.user.findUnique({ where: { id } });\n}\n'
    assert not gate('async function f(id) {\n  return db.user.findUnique({ where: { id } });\n}\n')
    assert gate(loop)
    assert gate(loop, 'prisma/seed.js')  # seeds are a file role: the engine, not the gate, leaves them out


CALLS_QUERY = (pathlib.Path(__file__).parent / 'n_plus_one_calls.scm').read_text()
# TypeScript only: an arrow's body cast to a type (`id => Job.fromId(q, id) as Promise<Job>`).
CAST_QUERY = '''
(arrow_function body: (as_expression . (call_expression) @n-plus-one.call))
(arrow_function body: (satisfies_expression . (call_expression) @n-plus-one.call))
'''
USES = '''\
async function f(ids) {
  for (const id of ids) {
    await db.find(id);
    const a = [load(id), 1, other(id)];
    out.push(load(id), fetchX(id));
    push(load(id));
    const g = (x) => db.find(x);
    const h = (x) => { return db.find(x); };
    const t: (x: number) => Promise<void> = f;
    const s = "=> [not(code)]";
    y = z[load(id)];
    await (db.find(id));
    return db.find(id).then(x => x);
  }
}
'''


def test_used_calls_found_by_their_tokens_are_the_querys():
    """Whole files and each function as the hook's scope, over the iterations' bodies."""
    from vcx_hook.checks.n_plus_one import candidates
    from vcx_hook.engine.target import Change
    from vcx_hook.lang import scope as scope_mod
    from vcx_hook.lang import syntax

    compared = 0
    for path, data in [('uses.ts', USES.encode()), *_fixture_sources()]:
        grammar = syntax.grammar_for(path)
        if grammar is None:
            continue
        file = scope_mod.File(path, syntax.parse(data, grammar))
        rows = data.count(b'\n') + 1
        query = CALLS_QUERY if grammar == 'javascript' else CALLS_QUERY + CAST_QUERY
        for sc in scope_mod.whole_file_scopes(file) + scope_mod.touched_scopes(file, Change(((0, rows),))):
            bodies, _ = candidates.iterations_in(sc)
            ranges = candidates.outermost(bodies)
            expected = sorted({(n.start_byte, n.end_byte) for a, b in ranges
                               for n in syntax.captures(grammar, query, file.tree.root, (a, b)).get(f'{ID}.call', [])
                               if a <= n.start_byte < b})
            got = sorted({(n.start_byte, n.end_byte) for n in candidates.used_calls(file, ranges)})
            assert got == expected, (path, sc.name)
            compared += len(expected)
    assert compared > 100


def test_used_calls_by_token():
    from vcx_hook.checks.n_plus_one import candidates
    from vcx_hook.lang import scope as scope_mod
    from vcx_hook.lang import syntax

    src = USES.encode()
    file = scope_mod.File('uses.ts', syntax.parse(src, 'typescript'))
    got = [src[n.start_byte:n.end_byte].decode() for n in candidates.used_calls(file, [(0, len(src))])]
    # Not: a bare `push()`, a subscript, a string, a function type, `await (...)`, an arrow returning `x`.
    assert got == [
        'db.find(id)', 'load(id)', 'other(id)', 'load(id)', 'fetchX(id)', 'db.find(x)', 'db.find(x)',
        'db.find(id).then(x => x)',
    ]


LOADERS = """\
import { getRepository } from 'typeorm';
import { db } from './db';

export async function recentlyWatched(history) {
  const mediaRepository = getRepository(Media);
  return Promise.all(unique(history).slice(0, 20).map(async (r) => await mediaRepository.findOne({ where: { key: r.key } })));
}
export async function podium(history) {
  const mediaRepository = getRepository(Media);
  return Promise.all(history.slice(1, 4).map(async (r) => await mediaRepository.findOne({ where: { key: r.key } })));
}
export async function pages(batches) {
  return Promise.all(batches.slice(0, 50).map((batch) => db.user.findMany({ where: { id: { in: batch } } })));
}
export async function setexInChunks(entries) {
  for (let i = 0; i < entries.length; i += CHUNK_SIZE) {
    await Promise.all(entries.slice(i, i + CHUNK_SIZE).map((e) => redis.setex(e.key, e.ttl, e.value)));
  }
}
export class Getters {
  async getJobs(types) {
    const jobIds = await this.getRanges(types);
    return Promise.all(jobIds.map((jobId) => this.Job.fromId(this, jobId) as Promise<Job>));
  }
  parse(rows) {
    return Promise.all(rows.map((row) => Job.fromJSON(this, row) as Promise<Job>));
  }
}
export async function updateIcons(groups) {
  await db.transaction(async (transaction) => {
    for (const group of groups) {
      for (const icon of group.icons) {
        await transaction.insert(icons).values({ checksum: icon.checksum });
      }
    }
    await transaction.delete(stale).where(eq(stale.day, today));
  });
  await queue.process(async (job) => {
    for (const icon of job.icons) await job.update({ icon });
  });
}
"""


def test_slices_static_loaders_and_transaction_callbacks():
    """A slice holds its receiver's elements (a batch when the receiver's are or its bounds say
    so, small when three); ``Job.fromId`` loads a record, ``Job.fromJSON`` does not; a transaction callback's
    parameter is the store whatever its name, another callback's parameter is not."""
    assert findings(LOADERS, 'src/x.ts') == [
        'src/x.ts:6 `mediaRepository.findOne()` runs once per `r` of `unique(history).slice....map()` on line 6',
        'src/x.ts:23 `this.Job.fromId()` runs once per `jobId` of `jobIds.map()` on line 23',
        'src/x.ts:33 `transaction.insert()` runs once per `icon` of the for-of loop over `group.icons` on line 32',
    ]


NODE_READS = (ROOT / 'fixtures' / 'n-plus-one' / 'node_reads_undeclared.ts').read_text()


@pytest.mark.parametrize(
    ('packages', 'expected'),
    (
        pytest.param({}, [], id='no chain client: a provider is anything'),
        pytest.param(
            {'@ethersproject/providers': '^5.7.2'},
            ['x.ts:6 `provider.getTransaction()` asks the chain\'s node once per `id` of `ids.map()` on line 6: '
             'one JSON-RPC round trip per element (a multicall, or one log query over the range?)'],
            id='the package declares ethers: its provider reads the node',
        ),
    ),
)
def test_node_reads_in_a_package_declaring_a_chain_client(packages, expected):
    """The client often comes through the project's own utils: the package's declared libraries say
    what a ``provider`` is when the file imports none."""
    config = default_config()._replace(packages=packages)
    assert [f.split(' (and')[0] for f in findings(NODE_READS, config=config)] == expected
