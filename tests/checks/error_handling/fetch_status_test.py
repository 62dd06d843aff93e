"""A fetch body read with no status check and nothing else missing is low confidence (judged 32% of
22 worth asking); with no timeout as well, or a write whose response is thrown away, it is listed."""
from __future__ import annotations

import pytest

from vcx_hook.checks.error_handling import ID
from vcx_hook.config import default_config
from vcx_hook.engine import audit
from vcx_hook.engine.target import Target

SERVER = "const db = require('./db');\n"  # a server marker: timeouts are asked here


def tiers(src: str, path: str = 'x.js') -> list[tuple[int, str, str]]:
    """(line, confidence, message) of the family's findings in ``src``."""
    result = audit.audit(Target(path, src.encode(), None), default_config())
    return [(f.line, f.confidence, f.message) for f in result.findings if f.check_id == ID]


@pytest.mark.parametrize(('src', 'expected'), (
    pytest.param(
        'export async function getUser(id) {\n'
        '  const response = await fetch(`/api/users/${id}`);\n'
        '  return response.json();\n'
        '}\n',
        [(2, 'low', '`fetch(`/api/users/${id}`)` has no `response.ok` check before `response.json()`')],
        id='body read unchecked, nothing else missing: low',
    ),
    pytest.param(
        SERVER + 'async function getUser(id) {\n'
        '  const response = await fetch(`${API}/users/${id}`);\n'
        '  return response.json();\n'
        '}\n',
        [(3, 'medium', '`fetch(`${API}/users/${id}`)` has no `response.ok` check before `response.json()` and no timeout')],
        id='and no timeout: listed',
    ),
    pytest.param(
        'export async function remove(id) {\n'
        "  await fetch(`/api/items/${id}`, { method: 'DELETE' });\n"
        "  router.push('/items');\n"
        '}\n',
        [(2, 'medium', "`fetch(`/api/items/${id}`, { method: 'DELE...` has an unchecked response (a 4xx/5xx passes as success)")],
        id='a write whose response is thrown away: listed',
    ),
))
def test_confidence_of_an_unchecked_status(src, expected):
    assert tiers(src) == expected


@pytest.mark.parametrize(('src', 'expected'), (
    pytest.param(
        "bus.on('log.url', async (e) => {\n"
        '  const data = await fetch(e).then((r) => r.json());\n'
        "  bus.emit('log', data);\n"
        '});\n',
        [(2, 'low', '`fetch(e)` has no try/catch and no `r.ok` check before `r.json()`')],
        id='browser, a URL handed in (an event payload): low',
    ),
    pytest.param(
        "bus.on('command', async (input) => {\n"
        "  const res = await fetch('/api/command', { method: 'POST', body: input });\n"
        "  bus.emit('output', (await res.json()).content);\n"
        '});\n',
        [(2, 'medium', "`fetch('/api/command', { method: 'POST', b...` has no try/catch and no `res.ok` check before `res.json()`")],
        id='browser, a path the call spells: listed',
    ),
))
def test_browser_fetch_of_a_url_handed_in(src, expected):
    assert tiers(src, 'x.tsx') == expected
