from __future__ import annotations

import pytest

from vcx_hook.checks.error_handling import ID
from vcx_hook.config import default_config
from vcx_hook.engine import audit
from vcx_hook.engine.target import Target

SHOW_LOW = default_config()._replace(enabled=frozenset((ID,)))


def findings(src: str) -> list[tuple[int, str]]:
    result = audit.audit(Target('src/utils/servers.js', src.encode(), None), SHOW_LOW)
    return [(f.line, f.confidence) for f in result.findings if f.check_id == ID and 'given objects' in f.message]


@pytest.mark.parametrize(
    'body',
    (
        pytest.param('return Promise.all(rows.map((r) => ({ url: r.url, config: r.res.json() })));', id='arrow object'),
        pytest.param('return Promise.all(rows.map(function (r) { return { config: r.res.json() }; }));',
                     id='returned object'),
        pytest.param('const all = [];\n  for (const r of rows) all.push({ r, sent: r.send() });\n'
                     '  return Promise.all(all);', id='pushed objects'),
        pytest.param('return Promise.allSettled([{ a: load(1) }, { a: load(2) }]);', id='array literal'),
    ),
)
def test_objects_holding_calls(body):
    src = f'export async function f(rows) {{\n  {body}\n}}\n'
    line = src[:src.index('Promise.')].count('\n') + 1
    assert findings(src) == [(line, 'medium')]


@pytest.mark.parametrize(
    'body',
    (
        pytest.param('return Promise.all(rows.map(async (r) => ({ config: await r.res.json() })));',
                     id='async callback'),
        pytest.param('return Promise.all(rows.map((r) => ({ id: r.id, name: r.name })));', id='plain values'),
        pytest.param('return Promise.all(rows.map((r) => (r.ok ? { r } : load(r))));', id='not only objects'),
        pytest.param('const all = [];\n  for (const r of rows) all.push(r.send());\n  return Promise.all(all);',
                     id='pushed promises'),
        pytest.param('const all = [];\n  all.push({ s: r.send() });\n  all.push(load());\n  return Promise.all(all);',
                     id='a promise pushed too'),
    ),
)
def test_not_asked(body):
    assert findings(f'export async function f(rows) {{\n  {body}\n}}\n') == []
