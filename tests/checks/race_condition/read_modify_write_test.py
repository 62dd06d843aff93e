from __future__ import annotations

import pytest

from vcx_hook.checks.race_condition import ID

from tests import helpers

findings = helpers.bind(helpers.findings, ID, 'x.ts')


def fn(body: str) -> str:
    return f'export async function f(userId: string, page: string) {{\n{body}\n}}\n'


@pytest.mark.parametrize(('body', 'expected'), [
    pytest.param(
        '  const tags = await prisma.tag.findMany({ where: { nsfw: true } });\n'
        "  await redis.set('tags', JSON.stringify([...tags, page]));",
        [], id='rows of the database cached in redis'),
    pytest.param(
        '  const visits = JSON.parse(await redis.get(userId));\n'
        '  await redis.set(userId, JSON.stringify([...visits, page]));',
        ['x.ts:3 `redis.set()` writes `[...visits, page]`, computed from the `get()` on line 2; '
         'a concurrent update is lost (atomic update?)'],
        id='a list kept in redis'),
    pytest.param(
        '  const user = await prisma.user.findUnique({ where: { id: userId } });\n'
        '  await prisma.user.update({ where: { id: userId }, data: { visits: user.visits + 1 } });',
        ['x.ts:3 `prisma.user.update()` writes `user.visits + 1`, computed from the `findUnique()` on line 2; '
         'a concurrent update is lost (atomic update?)'],
        id='a counter in the database'),
])
def test_read_modify_write(body, expected):
    assert findings(fn(body)) == expected


@pytest.mark.parametrize(('body', 'expected'), [
    pytest.param(
        '  const last = await getLastPosition(db, userId);\n'
        '  await db.slots.updateOne({ _id: page }, { $set: { position: last + 1 } });',
        ['x.ts:3 `db.slots.updateOne()` writes `last + 1`, computed from the `getLastPosition()` on line 2, to '
         '`position`, which the schema keeps unique: of two calls that read the same value the second fails '
         '(retry on the unique violation?)'],
        id='a Mongo $set of a unique field'),
    pytest.param(
        '  const ticket = await this.ticketRepository.findOneBy({ id: page });\n'
        '  const next = ticket.seq + 1;\n'
        '  await this.ticketRepository.update(page, { seq: next });',
        ['x.ts:4 `this.ticketRepository.update()` writes `ticket.seq + 1`, computed from the `findOneBy()` on line 2, '
         'to `seq`, which the schema keeps unique: of two calls that read the same value the second fails '
         '(retry on the unique violation?)'],
        id='through a local, to a TypeORM repository'),
    pytest.param(
        '  const ticket = await this.ticketRepository.findOneBy({ id: page });\n'
        '  await this.ticketRepository.update(page, { hits: ticket.hits + 1 });',
        ['x.ts:3 `this.ticketRepository.update()` writes `ticket.hits + 1`, computed from the `findOneBy()` on line 2; '
         'a concurrent update is lost (atomic update?)'],
        id='a column no unique key holds'),
])
def test_a_number_written_under_a_unique_key_is_low(body, expected):
    from vcx_hook.config import default_config
    config = default_config()._replace(uniques={'slots': (frozenset({'position'}),), 'ticket': (frozenset({'seq'}),)})
    assert findings(fn(body), config=config) == expected
