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
