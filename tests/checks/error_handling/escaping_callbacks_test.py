from __future__ import annotations

import pytest

from vcx_hook.checks.error_handling import ID
from vcx_hook.config import default_config
from vcx_hook.engine import audit
from vcx_hook.engine.target import Target

SHOW_LOW = default_config()._replace(enabled=frozenset((ID,)))


def findings(body: str, path: str = 'server/src/telemetry.ts') -> list[tuple[int, str]]:
    src = f'export async function f(data) {{\n  try {{\n    {body}\n  }} catch (e) {{\n    log(e);\n  }}\n}}\n'
    result = audit.audit(Target(path, src.encode(), None), SHOW_LOW)
    return [(f.line, f.confidence) for f in result.findings if f.check_id == ID and 'async callback' in f.message]


def test_await_in_a_callback_of_a_statement_call():
    assert findings('getos(async (e, os) => {\n      await save(os);\n    });') == [(4, 'low')]


@pytest.mark.parametrize(
    'body',
    (
        pytest.param('await each(async (x) => { await save(x); });', id='the call is awaited'),
        pytest.param('getos(async (e, os) => { try { await save(os); } catch (err) { log(err); } });',
                     id='caught in the callback'),
        pytest.param('load().then(async (x) => { await save(x); });', id='a then chain'),
        pytest.param('getos(async (e, os) => { const f = async () => { await save(os); }; });',
                     id='awaited in a nested function'),
        pytest.param('const p = getos(async (e, os) => { await save(os); });', id='not a statement'),
    ),
)
def test_not_asked(body):
    assert findings(body) == []


def test_not_in_browser_code():
    assert findings('getos(async (e, os) => {\n      await save(os);\n    });', path='src/components/x.tsx') == []


def test_awaited_generic_call():
    assert findings('await tracer.trace<Promise<void>>("job", async () => {\n      await exec();\n    });') == []


def test_kept_for_later():
    assert findings('updateFns.push(async (tx) => {\n      await tx.patch(data);\n    });') == []


@pytest.mark.parametrize(
    'body',
    (
        pytest.param("process.on('SIGTERM', async () => {\n      await worker.stop();\n    });", id='shutdown hook'),
        pytest.param("signal.addEventListener('abort', async () => {\n      await closed;\n    });", id='DOM listener'),
        pytest.param('setTimeout(async () => {\n      await redis.del(key).catch(() => {});\n    }, 10);',
                     id='await of a caught chain'),
    ),
)
def test_asked_elsewhere_or_caught(body):
    assert findings(body) == []
