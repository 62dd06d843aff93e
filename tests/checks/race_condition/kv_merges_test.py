from __future__ import annotations

import pytest

from vcx_hook.checks.race_condition import ID

from tests import helpers

findings = helpers.bind(helpers.findings, ID, 'x.js')


def method(body: str) -> str:
    return f'class Db {{\n  async update(id, update) {{\n{body}\n  }}\n}}\n'


@pytest.mark.parametrize(('src', 'expected'), [
    pytest.param(
        method('    const item = await this.get(id) ?? {};\n    const next = this.merged(item, update);\n'
               '    await this.put(id, next);'),
        ['x.js:5 `this.put()` puts back under `id` a value made from the `this.get()` on line 3; a concurrent '
         'update of that key is lost (a lock per key, or an atomic update?)'],
        id='merged by a helper'),
    pytest.param(
        method('    const item = await store.get(id);\n    await store.set(id, { ...item, ...update });'),
        ['x.js:4 `store.set()` puts back under `id` a value made from the `store.get()` on line 3; a concurrent '
         'update of that key is lost (a lock per key, or an atomic update?)'],
        id='spread into a set'),
    pytest.param(
        method('    const item = await store.get(id);\n    await store.set(other, { ...item, ...update });'),
        [], id='another key'),
    pytest.param(
        method('    const item = await store.get(id);\n    await cache.set(id, { ...item, ...update });'),
        [], id='another receiver'),
    pytest.param(
        method('    const item = store.get(id);\n    store.set(id, { ...item, ...update });'),
        [], id='not awaited: a map'),
    pytest.param(
        method('    await lock.acquire(id);\n    const item = await store.get(id);\n'
               '    await store.set(id, { ...item, ...update });'),
        [], id='under a lock'),
    pytest.param(
        method('    await mutex.runExclusive(async () => {\n      const item = await store.get(id);\n'
               '      await store.set(id, { ...item, ...update });\n    });'),
        [], id='in a callback run under a lock'),
])
def test_kv_merges(src, expected):
    assert findings(src) == expected
