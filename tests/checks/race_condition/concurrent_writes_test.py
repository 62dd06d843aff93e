from __future__ import annotations

import pytest

from vcx_hook.checks.race_condition import ID

from tests import helpers

findings = helpers.bind(helpers.findings, ID, 'x.ts')
about = helpers.bind(helpers.about, ID, 'x.ts')


def fn(body: str) -> str:
    return f'export async function sendOtp(email: string, code: string) {{\n{body}\n}}\n'


@pytest.mark.parametrize(('body', 'expected'), [
    pytest.param(
        '  await Promise.all([\n'
        '    prisma.token.deleteMany({ where: { identifier: email } }),\n'
        '    prisma.token.create({ data: { identifier: email, token: code } }),\n'
        '  ]);',
        ['x.ts:4 `prisma.token.create()` runs together with the `deleteMany()` on line 3 in `Promise.all`; '
         'the delete can remove what it writes'],
        id='delete and create'),
    pytest.param(
        '  await Promise.allSettled([Session.deleteOne({ userId: user.id }), Session.updateOne({ userId: user.id }, { $set: { code } })]);',
        ['x.ts:2 `Session.updateOne()` runs together with the `deleteOne()` on line 2 in `Promise.allSettled`; '
         'the delete can remove what it writes'],
        id='delete and update, same key'),
    pytest.param(
        '  await prisma.token.deleteMany({ where: { identifier: email } });\n'
        '  await prisma.token.create({ data: { identifier: email, token: code } });',
        [], id='one after the other'),
    pytest.param(
        '  await Promise.all([\n'
        '    prisma.token.deleteMany({ where: { expires: { lt: new Date() } } }),\n'
        '    prisma.token.create({ data: { identifier: email, token: code } }),\n'
        '  ]);',
        [], id='different keys'),
    pytest.param(
        '  await Promise.all([\n'
        '    prisma.session.deleteMany({ where: { identifier: email } }),\n'
        '    prisma.token.create({ data: { identifier: email, token: code } }),\n'
        '  ]);',
        [], id='different stores'),
])
def test_writes_started_together(body, expected):
    assert findings(fn(body)) == expected


def test_the_delete_is_evidence():
    src = fn('  await Promise.all([\n'
             '    prisma.token.deleteMany({ where: { identifier: email } }),\n'
             '    prisma.token.create({ data: { identifier: email, token: code } }),\n'
             '  ]);')
    assert about(src) == [(3, 4)]
