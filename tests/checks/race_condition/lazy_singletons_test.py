from __future__ import annotations

import pytest

from vcx_hook.checks.race_condition import ID

from tests import helpers

findings = helpers.bind(helpers.findings, ID, 'x.js')


@pytest.mark.parametrize(('src', 'expected'), [
    pytest.param(
        'let agent;\nasync function get() {\n  if (!agent) {\n    const { Agent } = await import("undici");\n'
        '    agent = new Agent();\n  }\n  return agent;\n}\n',
        ['x.js:5 `agent` is tested unset on line 3 and set here after `await import("undici")`: two calls that '
         'overlap both make one, and the first is lost (keep the pending promise instead)'],
        id='set after an await in the if'),
    pytest.param(
        'let pool = null;\nasync function get() {\n  if (pool === null && on) { await ready(); pool = new Pool(); }\n  return pool;\n}\n',
        ['x.js:3 `pool` is tested unset on line 3 and set here after `await ready()`: two calls that '
         'overlap both make one, and the first is lost (keep the pending promise instead)'],
        id='compared with null, in a conjunction'),
    pytest.param(
        'let pool = null;\nasync function get() {\n  if (pool === null) pool = await open();\n  return pool;\n}\n',
        [], id='the value the await gives'),
    pytest.param(
        'let pool = null;\nasync function get() {\n  if (!pool) pool = open();\n  await pool;\n  return pool;\n}\n',
        [], id='the pending promise kept'),
    pytest.param(
        'let stripe;\nasync function get() {\n  if (!stripe) stripe = await new Stripe(key);\n  return stripe;\n}\n',
        [], id='a construction awaited'),
    pytest.param(
        'async function get() {\n  let agent;\n  if (!agent) { await ready(); agent = new Agent(); }\n  return agent;\n}\n',
        [], id='a local'),
    pytest.param(
        'let cachedClient;\nasync function get() {\n  if (!cachedClient) { await ready(); cachedClient = new Client(); }\n  return cachedClient;\n}\n',
        [], id='named as a cache'),
])
def test_lazy_singletons(src, expected):
    assert findings(src) == expected
