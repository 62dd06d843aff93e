from __future__ import annotations

import pytest

from vcx_hook.checks.race_condition import ID

from tests import helpers

findings = helpers.bind(helpers.findings, ID, 'x.ts')


def cls(body: str, heritage: str = '') -> str:
    return f'export class Clients{heritage} {{\n{body}\n}}\n'


@pytest.mark.parametrize(('src', 'expected'), [
    pytest.param(
        cls('  async start(team) {\n    if (this.clients.has(team)) return;\n'
            '    const rtm = await connect(team);\n    this.clients.set(team, rtm);\n  }'),
        ['x.ts:5 `this.clients` is tested on line 3 and set here only after `await connect(team)` on line 4: '
         'concurrent calls all pass the test before one sets it (set it, or the promise, before waiting?)'],
        id='map tested, set after an await'),
    pytest.param(
        cls('  async connect() {\n    if (!this.conn) this.conn = await open(this.uri);\n    return this.conn;\n  }'),
        ['x.ts:3 `this.conn` is tested on line 3 and set here only after `await open(this.uri)` on line 3: '
         'concurrent calls all pass the test before one sets it (set it, or the promise, before waiting?)'],
        id='lazy connection'),
    pytest.param(
        cls('  static #model = null;\n  async load() {\n    if (Clients.#model) return;\n'
            '    await import("m").then((m) => { Clients.#model = m; });\n  }'),
        ['x.ts:5 `Clients.#model` is tested on line 4 and set here only after `import("m").then((m) => { Clients.#…` on line 5: '
         'concurrent calls all pass the test before one sets it (set it, or the promise, before waiting?)'],
        id='static private member set in a then callback'),
    pytest.param(
        cls('  async next(id) {\n    if (this.n[id] === undefined) {\n      const max = await top(id);\n'
            '      this.n[id] = max;\n    }\n    this.n[id] += 1;\n  }'),
        ['x.ts:5 `this.n` is tested on line 3 and set here only after `await top(id)` on line 4: '
         'concurrent calls all pass the test before one sets it (set it, or the promise, before waiting?)'],
        id='counter filled in the branch'),
    pytest.param(
        cls('  async start(team) {\n    if (this.clients.has(team)) return this.clients.get(team);\n'
            '    const p = connect(team);\n    this.clients.set(team, p);\n    await p;\n    this.clients.set(team, p);\n  }'),
        [], id='the promise stored before the wait'),
    pytest.param(
        cls('  async stop() {\n    if (this.sub) {\n      await this.sub.unsubscribe();\n      this.sub = null;\n    }\n  }'),
        [], id='cleared after a teardown'),
    pytest.param(
        cls('  async publish() {\n    if (this.publishedAt) return;\n    await this.reload();\n'
            '    this.publishedAt = new Date();\n  }', ' extends ParanoidModel'),
        [], id='a record loaded by one request'),
    pytest.param(
        cls('  async refresh() {\n    if (this.timer) clearTimeout(this.timer);\n    const job = await next();\n'
            '    this.timer = setTimeout(() => run(job), 10);\n  }'),
        [], id='the write does not act on the test'),
    pytest.param(
        cls('  async fill(k) {\n    if (!this.cache[k]) this.cache[k] = await compute(k);\n  }'),
        [], id='a cache filled twice holds the same value'),
    pytest.param(
        cls('  async start(team) {\n    if (this.clients.has(team)) return;\n'
            '    await this.mutex.runExclusive(async () => { this.clients.set(team, await connect(team)); });\n  }'),
        [], id='under a lock'),
])
def test_instance_state(src, expected):
    assert findings(src) == expected
