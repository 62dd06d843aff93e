from __future__ import annotations

import pytest

from vcx_hook.checks.race_condition import ID

from tests import helpers

findings = helpers.bind(helpers.findings, ID, 'x.js')


def fn(body: str) -> str:
    return f'async function add(id, tag) {{\n  const post = await getPost(id);\n{body}\n}}\n'


@pytest.mark.parametrize(('src', 'expected'), [
    pytest.param(
        fn('  post.tags.push(tag);\n  await db.query("UPDATE posts SET tags = $1 WHERE id = $2", [post.tags, id]);'),
        ['x.js:4 `db.query()` writes back `post.tags` whole after the `push` on line 3 to the list read on line 2; '
         'a concurrent append is lost (an atomic append?)'],
        id='sql update of the grown list'),
    pytest.param(
        fn('  post.tags.push(tag);\n  await db.query("UPDATE posts SET views = $1 WHERE id = $2", [post.views, id]);'),
        [], id='another field written'),
    pytest.param(
        fn('  post.tags.push(tag);\n  return post.tags;'),
        [], id='not written'),
    pytest.param(
        fn('  await lock.acquire(id);\n  post.tags.push(tag);\n'
           '  await db.query("UPDATE posts SET tags = $1 WHERE id = $2", [post.tags, id]);'),
        [], id='under a lock'),
])
def test_pushed_fields(src, expected):
    assert findings(src) == expected
