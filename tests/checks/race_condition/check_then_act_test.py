from __future__ import annotations

import pytest

from vcx_hook.checks.race_condition import ID

from tests import helpers

findings = helpers.bind(helpers.findings, ID, 'x.ts')


def fn(body: str) -> str:
    return f'export async function save(sessionId: string, entry: Entry) {{\n{body}\n}}\n'


@pytest.mark.parametrize(('body', 'expected'), [
    pytest.param(
        '  const rows = await db.data.findMany({ where: { sessionId } });\n'
        '  const row = rows.find((r) => r.key === entry.key);\n'
        '  if (row) await db.data.update({ where: { id: row.id }, data: entry });\n'
        '  else await db.data.create({ data: entry });',
        ['x.ts:5 `db.data.findMany()` on line 2 checks whether a record exists (`rows.find()` on line 3), '
         'then `db.data.create()` acts; two requests can both pass the check'],
        id='searched in memory, through a local'),
    pytest.param(
        '  const rows = await db.data.findMany({ where: { sessionId } });\n'
        '  if (rows.some((r) => r.key === entry.key)) return;\n'
        '  await db.data.create({ data: entry });',
        ['x.ts:4 `db.data.findMany()` on line 2 checks whether a record exists (`rows.some()` on line 3), '
         'then `db.data.create()` acts; two requests can both pass the check'],
        id='searched in the condition'),
    pytest.param(
        '  const rows = await db.data.findMany({ where: { sessionId } });\n'
        '  const row = rows.find((r) => r.key === entry.key);\n'
        '  if (row) await db.data.update({ where: { id: row.id }, data: entry });\n'
        '  else await db.log.create({ data: entry });',
        [], id='another store created'),
    pytest.param(
        '  const rows = await db.data.findMany({ where: { sessionId } });\n'
        '  const row = rows.find((r) => r.key === entry.key);\n'
        '  if (!row) await db.data.upsert({ where: { key: entry.key }, create: entry, update: entry });',
        [], id='upsert'),
    pytest.param(
        '  const count = await ctx.db[list].count();\n'
        "  if (count !== 0) throw new Error('initialised');\n"
        '  const item = await ctx.db[list].createOne({ data: entry });\n'
        '  return item;',
        ['x.ts:4 `ctx.db[list].count()` on line 2 checks the count, then `ctx.db[list].createOne()` acts; '
         'two requests can both pass the check'],
        id='a list of the context by key'),
    pytest.param(
        '  const hit = await redis.get(`s:${sessionId}`);\n'
        '  if (hit) return JSON.parse(hit);\n'
        '  const value = await compute(entry);\n'
        '  await redis.set(`s:${sessionId}`, JSON.stringify(value));\n'
        '  return value;',
        [], id='cache-aside: the hit is used, the same key filled'),
    pytest.param(
        '  const seen = await redis.get(`s:${sessionId}`);\n'
        '  if (seen) return;\n'
        "  await redis.set(`s:${sessionId}`, '1');\n"
        '  await sendEmail(entry);',
        ['x.ts:4 `redis.get()` on line 2 checks whether it exists, then `redis.set()` acts; two requests can both pass the check'
         ' and both run `sendEmail()`'],
        id='dedupe marker: the value is never used'),
    pytest.param(
        '  const hit = await redis.get(`a:${sessionId}`);\n'
        '  if (hit) return hit;\n'
        "  await redis.set(`b:${sessionId}`, '1');",
        ['x.ts:4 `redis.get()` on line 2 checks whether it exists, then `redis.set()` acts; two requests can both pass the check'],
        id='another key set'),
])
def test_check_then_act(body, expected):
    assert findings(fn(body)) == expected


def tiers(body: str) -> list[str]:
    from vcx_hook.config import default_config
    from vcx_hook.engine import audit
    from vcx_hook.engine.target import Target

    result = audit.audit(Target('x.ts', fn(body).encode(), None), default_config())
    # The family is low as a whole since round 28; what a second pass repeats is named in the message.
    return [f'{f.line} {"twice" if " and both run " in f.message else "once"}' for f in result.findings if f.check_id == ID]


@pytest.mark.parametrize(('body', 'expected'), [
    pytest.param(
        '  const known = await store.get(sessionId);\n'
        '  if (!known) {\n'
        '    const customer = await stripe.customers.create({ email: entry.email });\n'
        '    await store.put(sessionId, { customerId: customer.id });\n'
        '  }',
        ['5 twice'], id='a payment client between the check and the act: listed'),
    pytest.param(
        '  const sent = await redis.exists(`sent:${sessionId}`);\n'
        '  if (sent) return;\n'
        '  await sendBatchEmail([entry]);\n'
        "  await redis.set(`sent:${sessionId}`, '1');",
        ['5 twice'], id='a send before the marker: listed'),
    pytest.param(
        '  const invite = await prisma.invite.findFirst({ where: { email: entry.email } });\n'
        '  if (invite) throw new Error("invited");\n'
        '  await prisma.invite.create({ data: { email: entry.email } });\n'
        '  await this.mailer.sendInvite(entry.email);',
        ['4 twice'], id='a mail sent after the act: listed'),
    pytest.param(
        '  const user = await prisma.user.findFirst({ where: { email: entry.email } });\n'
        '  if (user) throw new Error("taken");\n'
        '  await prisma.user.create({ data: { email: entry.email } });',
        ['4 once'], id='a record alone: low'),
    pytest.param(
        '  const row = await migrationCollection.findOne({ name: sessionId });\n'
        '  if (row) return;\n'
        '  await collection.createIndex({ email: 1 });\n'
        '  await migrationCollection.insertOne({ name: sessionId });',
        ['5 once'], id='a store call named create is no effect outside: low'),
    pytest.param(
        '  const queued = await store.get(sessionId);\n'
        '  if (queued) return;\n'
        '  await store.put(sessionId, 1);\n'
        '  await queueCache.markQueued(sessionId);',
        ['4 once'], id='a cache marked: low'),
])
def test_an_existence_check_names_what_a_second_pass_repeats(body, expected):
    assert tiers(body) == expected


@pytest.mark.parametrize(('body', 'expected'), [
    pytest.param(
        '  const active = await this.imports.findOne({ where: { sessionId } });\n'
        '  if (active) throw new Error("running");\n'
        '  return this.imports.save(this.imports.create({ sessionId }));',
        ['x.ts:4 `this.imports.findOne()` on line 2 checks whether it exists, then `this.imports.save()` acts; '
         'two requests can both pass the check'],
        id='a create returned for the caller to await'),
    pytest.param(
        '  return this.imports.save(this.imports.create({ sessionId }));',
        [], id='returned with no check before it'),
])
def test_a_returned_create_acts(body, expected):
    assert findings(fn(body)) == expected


@pytest.mark.parametrize(('write', 'expected'), [
    pytest.param(
        '    await Token.query(trx).findById(existing.id).patch({ revokedAt: now });\n',
        ['x.ts:7 `Token.query().findOne()` on line 2 checks `existing.revokedAt`, then '
         '`Token.query().findById().patch()` acts; two requests can both pass the check'],
        id='checked outside the transaction, set inside it'),
    pytest.param(
        "    await Token.query(trx).findById(existing.id).whereNull('revokedAt').patch({ revokedAt: now });\n",
        [], id='the patch repeats the check'),
])
def test_a_state_claimed_in_a_transaction_callback(write, expected):
    src = ('export async function f(hash: string, now: string) {\n'
           '  const existing = await Token.query().findOne({ hash });\n'
           '  if (existing.revokedAt) return null;\n'
           '  return transaction(async (trx) => {\n'
           '    const pair = await insertTokenPair(trx, { id: existing.id });\n'
           '    void pair;\n'
           + write +
           '  });\n'
           '}\n')
    assert helpers.findings(ID, src, 'x.ts') == expected


HELPER = 'async function getInvite(email: string) {\n  return db.invite.findFirst({ where: { email } });\n}\n'


@pytest.mark.parametrize(('src', 'expected'), [
    pytest.param(
        HELPER + fn('  const invite = await getInvite(entry.email);\n  if (invite) return invite;\n'
                    '  return db.invite.create({ data: { email: entry.email } });'),
        ['x.ts:7 `getInvite()` on line 5 checks whether it exists, then `db.invite.create()` acts; '
         'two requests can both pass the check'],
        id="a module helper's one store"),
    pytest.param(
        HELPER + fn('  const invite = await getInvite(entry.email);\n  if (invite) return invite;\n'
                    '  return db.member.create({ data: { email: entry.email } });'),
        [], id='a create on another store'),
    pytest.param(
        'async function getInvite(email: string) {\n  const found = await db.invite.findFirst({ where: { email } });\n'
        '  return found ?? db.invite.create({ data: { email } });\n}\n'
        + fn('  const invite = await getInvite(entry.email);\n  if (invite) return invite;\n'
             '  return db.invite.create({ data: { email: entry.email } });'),
        [], id='a helper that writes too'),
    pytest.param(
        fn('  const getInvite = (email: string) => entry.lookup(email);\n'
           '  const invite = await getInvite(entry.email);\n  if (invite) return invite;\n'
           '  return db.invite.create({ data: { email: entry.email } });'),
        [], id='a local function, not the module helper'),
])
def test_a_module_helper_read_by_name(src, expected):
    assert findings(src) == expected
