from __future__ import annotations

import pathlib

import pytest

from vcx_hook.checks.race_condition import ID
from vcx_hook.config import default_config
from vcx_hook.engine import audit

from tests import helpers
from tests.helpers import ROOT

CONFIG = default_config()._replace(enabled=frozenset(('race-condition',)))


findings = helpers.bind(helpers.findings, ID, 'x.ts')
gate_opens = helpers.bind(helpers.gate_opens, ID, 'api/orders.js')


def fn(body: str) -> str:
    return f'export async function handle(id: string, amount: number) {{\n{body}\n}}\n'


@pytest.mark.parametrize(
    ('body', 'expected'),
    (
        pytest.param(
            '  const post = await db.post.findUnique({ where: { id } });\n'
            '  await db.post.update({ where: { id }, data: { views: post.views + 1 } });',
            'x.ts:3 `db.post.update()` writes `post.views + 1`, computed from the `findUnique()` on line 2; '
            'a concurrent update is lost (atomic update?)',
            id='read-modify-write'),
        pytest.param(
            '  const { balance } = await db.account.findUniqueOrThrow({ where: { id } });\n'
            '  const next = balance - amount;\n'
            '  await db.account.update({ where: { id }, data: { balance: next } });',
            'x.ts:4 `db.account.update()` writes `balance - amount`, computed from the `findUniqueOrThrow()` on '
            'line 2; a concurrent update is lost (atomic update?)',
            id='destructured, through a local'),
        pytest.param(
            '  const user = await User.findById(id);\n  user.credits -= amount;\n  await user.save();',
            'x.ts:4 `user.save()` writes `user.credits -= amount`, computed from the `findById()` on line 2; '
            'a concurrent update is lost (atomic update?)',
            id='document mutated then saved'),
        pytest.param(
            '  const raw = JSON.parse(await fs.readFile(FILE, "utf8"));\n'
            '  await fs.writeFile(FILE, JSON.stringify([...raw, id]));',
            'x.ts:3 `fs.writeFile()` writes `[...raw, id]`, computed from the `readFile()` on line 2; '
            'a concurrent update is lost (atomic update?)',
            id='json file appended'),
        pytest.param(
            '  const taken = await prisma.user.findFirst({ where: { email: id } });\n'
            '  if (taken) throw new Error("taken");\n  await prisma.user.create({ data: { email: id } });',
            'x.ts:4 `prisma.user.findFirst()` on line 2 checks whether it exists, then `prisma.user.create()` acts; '
            'two requests can both pass the check',
            id='check then create'),
        pytest.param(
            '  const n = await prisma.apiKey.count({ where: { userId: id } });\n'
            '  if (n >= 5) throw new Error("limit");\n  await prisma.apiKey.create({ data: { userId: id } });',
            'x.ts:4 `prisma.apiKey.count()` on line 2 checks the count, then `prisma.apiKey.create()` acts; '
            'two requests can both pass the check',
            id='count then create'),
    ),
)
def test_reported(body, expected):
    assert findings(fn(body)) == [expected]


@pytest.mark.parametrize(
    'body',
    (
        pytest.param('  await db.post.update({ where: { id }, data: { views: { increment: 1 } } });', id='atomic'),
        pytest.param('  await Post.updateOne({ _id: id }, { $inc: { views: 1 } });', id='$inc'),
        pytest.param('  await redis.incr(`views:${id}`);', id='INCR'),
        pytest.param('  const post = await db.post.findUnique({ where: { id } });\n'
                     '  return { next: post.views + 1 };', id='computed but only returned'),
        pytest.param('  const post = await db.post.findUnique({ where: { id } });\n'
                     '  await db.audit.create({ data: { views: post.views + 1 } });', id='a log of the value is no write back'),
        pytest.param('  const post = await db.post.findUnique({ where: { id } });\n'
                     '  await db.post.update({ where: { id }, data: { title: post.title.trim() } });',
                     id='no arithmetic'),
        pytest.param('  const rows = await db.user.findMany({ where: { id } });\n'
                     '  if (rows.length === 0) return;\n  await db.user.create({ data: { id } });', id='list read'),
        pytest.param('  const u = await db.user.findUnique({ where: { id } });\n  if (u) return u;\n'
                     '  await db.user.upsert({ where: { id }, create: { id }, update: {} });', id='upsert'),
        pytest.param('  const u = await db.user.findUnique({ where: { id } });\n  if (u) return u;\n'
                     '  try { await db.user.create({ data: { id } }); } catch (e) { if (e.code === "P2002") return; }',
                     id='unique violation handled'),
        pytest.param('  const u = await db.user.findUnique({ where: { id } });\n  if (u) return u;\n'
                     '  await db.profile.create({ data: { id } });', id='different table'),
        pytest.param('  await db.$transaction(async (tx) => {\n'
                     '    const n = await tx.seat.count({ where: { id } });\n'
                     '    if (n > 10) throw new Error("full");\n    await tx.seat.create({ data: { id } });\n'
                     '  });', id='inside a transaction'),
        pytest.param('  const a = await db.account.findUnique({ where: { id } });\n'
                     '  await db.$executeRaw`SELECT 1 FOR UPDATE`;\n'
                     '  await db.account.update({ where: { id }, data: { balance: a.balance - amount } });',
                     id='FOR UPDATE'),
        pytest.param('  await mutex.runExclusive(async () => {\n'
                     '    const a = await db.account.findUnique({ where: { id } });\n'
                     '    await db.account.update({ where: { id }, data: { balance: a.balance - amount } });\n'
                     '  });', id='mutex'),
        pytest.param('  const p = await db.partner.findUnique({ where: { id } });\n  if (p.verifiedAt) return;\n'
                     '  await db.partner.update({ where: { id }, data: { verifiedAt: new Date() } });',
                     id='idempotent flag with no side effect'),
        pytest.param('  const p = await db.partner.findUnique({ where: { id } });\n  if (!p.payoutsEnabledAt) return;\n'
                     '  await db.partner.update({ where: { id }, data: { payoutsEnabledAt: null } });\n'
                     '  await sendEmail(p.email);', id='clearing a field is no claim'),
        pytest.param('  const p = await db.post.findUnique({ where: { id } });\n  if (p.authorId !== amount) return;\n'
                     '  await db.post.update({ where: { id }, data: { title: "x" } });\n  await sendEmail(p.email);',
                     id='ownership check'),
    ),
)
def test_not_reported(body):
    assert findings(fn(body)) == []


def test_status_claim_with_a_side_effect():
    body = ('  const order = await db.order.findUnique({ where: { id } });\n'
            '  if (order.status !== "pending") throw new Error("done");\n'
            '  await db.order.update({ where: { id }, data: { status: "paid" } });\n'
            '  await chargeCard(order.card, amount);')
    assert findings(fn(body)) == [
        'x.ts:4 `db.order.findUnique()` on line 2 checks `order.status`, then `db.order.update()` acts; '
        'two requests can both pass the check',
    ]


MODULE = '''\
let stock = 10;
let lastId = 0;
const memoCache = new Map();
app.post('/buy', async (req, res) => {
%s
});
'''


@pytest.mark.parametrize(
    ('body', 'expected'),
    (
        pytest.param('  if (stock < 1) return res.sendStatus(409);\n  await charge(req.body);\n  stock -= 1;', [
            'x.js:7 `stock` is read on line 5 and written here after `await charge(req.body)` on line 6; '
            'another request can run in between',
        ], id='check, await, act'),
        pytest.param('  const id = lastId;\n  await save(req.body);\n  lastId = id + 1;', [
            'x.js:7 `lastId` is read on line 5 and written here after `await save(req.body)` on line 6; '
            'another request can run in between',
        ], id='stale copy'),
        pytest.param('  if (stock < 1) return res.sendStatus(409);\n  stock -= 1;\n  await charge(req.body);', [],
                     id='taken before the await'),
        pytest.param('  lastId += 1;\n  await save(req.body);\n  lastId += 1;', [], id='no stale read'),
        pytest.param('  if (!memoCache.has(1)) memoCache.set(1, await load());', [], id='cache'),
    ),
)
def test_module_state(body, expected):
    assert findings(MODULE % body, 'x.js') == expected


def test_ui_files_are_not_asked():
    src = fn('  const post = await db.post.findUnique({ where: { id } });\n'
             '  await db.post.update({ where: { id }, data: { views: post.views + 1 } });')
    assert findings("'use client';\n" + src, 'x.tsx') == []


def test_gate_needs_an_await():
    callbacks = 'function f(db, id, cb) {\n  db.get(id, (err, row) => db.set(id, row.n + 1, cb));\n}\n'
    awaited = 'async function f(db, id) {\n  const row = await db.get(id);\n  await db.set(id, row.n + 1);\n}\n'
    assert gate_opens(callbacks) == [False]
    assert gate_opens(awaited) == [True]
    assert gate_opens("import React from 'react';\n" + awaited, 'ui/Orders.jsx') == [False]


# --- candidates from the `await` keywords: the same as the query they replaced -----------------

CANDIDATES_QUERY = (pathlib.Path(__file__).parent / 'race_condition_candidates.scm').read_text()


def _fixture_files():
    from vcx_hook.lang import scope as scope_mod
    from vcx_hook.lang import syntax

    root = ROOT / 'fixtures'
    for path in sorted(root.rglob('*')):
        grammar = syntax.grammar_for(str(path))
        if grammar is not None and path.is_file():
            yield scope_mod.File(str(path.relative_to(root)), syntax.parse(path.read_bytes(), grammar))


def _queried(scope, kind):
    from vcx_hook.lang import syntax

    return [n for a, b in scope.ranges
            for n in syntax.captures(scope.file.tree.grammar, CANDIDATES_QUERY, scope.root, (a, b)).get(f'{ID}.{kind}', [])
            if a <= n.start_byte < b]


def test_candidates_from_awaits_are_the_querys():
    from vcx_hook.checks.race_condition import candidates as rc
    from vcx_hook.engine.target import Change
    from vcx_hook.lang import scope as scope_mod

    def spans(nodes):
        return [(n.start_byte, n.end_byte) for n in nodes]
    compared = 0
    for file in _fixture_files():
        rows = file.source.count(b'\n') + 1
        for sc in scope_mod.whole_file_scopes(file) + scope_mod.touched_scopes(file, Change(((0, rows),))):
            assert spans(rc.awaits(sc)) == spans(_queried(sc, 'await')), (file.path, sc.name)
            assert spans(rc.store_calls(sc)) == spans(_queried(sc, 'call')), (file.path, sc.name)
            writes = set(spans(rc.writes(sc, rc.awaits(sc))))
            assert writes <= set(spans(_queried(sc, 'write'))), (file.path, sc.name)
            compared += len(writes) + len(rc.awaits(sc))
    assert compared > 100


def test_findings_are_those_of_the_query(monkeypatch):
    """With every write of the scope (as the query gave them), the findings are the same."""
    from vcx_hook.checks.race_condition import shared_state
    from vcx_hook.engine.target import Change

    def audit_all():
        out = []
        for file in _fixture_files():
            rows = file.source.count(b'\n') + 1
            for change in (None, Change(((0, rows),))):
                r = audit.audit(audit.Target(file.path, file.source, change), CONFIG)
                out += [(f.path, f.line, f.message) for f in r.findings]
        return out
    found = audit_all()
    monkeypatch.setattr(shared_state, 'writes', lambda sc, awaited: _queried(sc, 'write'))
    assert audit_all() == found
    assert len(found) > 20


@pytest.mark.parametrize(('src', 'lines'), [
    pytest.param(
        'app.post("/signup", async (req, res) => {\n'
        '  const existing = await db.user.findFirst({ where: { email: req.body.email } });\n'
        '  if (existing) return res.status(409).end();\n'
        '  await db.user.create({ data: { email: req.body.email } });\n'
        '});\n',
        [(2, 4)], id='check-then-act: the read and the write',
    ),
    pytest.param(
        'let hits = 0;\n'
        'app.get("/hit", async (req, res) => {\n'
        '  const n = hits;\n'
        '  await save(req.body);\n'
        '  hits = n + 1;\n'
        '  res.end();\n'
        '});\n',
        [(3, 4, 5)], id='module state: the read, the await and the write',
    ),
])
def test_the_read_and_the_write_are_evidence(src, lines):
    assert helpers.about(ID, src) == lines
