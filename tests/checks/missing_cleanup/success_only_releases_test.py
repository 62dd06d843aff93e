from __future__ import annotations

import pytest

from vcx_hook.checks.missing_cleanup import ID
from vcx_hook.config import default_config
from vcx_hook.engine import audit
from vcx_hook.engine.target import Target

CONFIG = default_config()._replace(enabled=frozenset((ID,)), show='low')


def found(body: str) -> list[str]:
    src = f'export async function run(pool, job) {{\n{body}\n}}\n'
    result = audit.audit(Target('src/run.js', src.encode(), None), CONFIG)
    return [f'{f.line} {f.confidence} {f.message}' for f in result.findings if f.check_id == ID]


def test_interval_cleared_after_an_unguarded_await():
    assert found('  const t = setInterval(() => log("busy"), 5000);\n  await job.run();\n  clearInterval(t);') == [
        '2 low `clearInterval(t)` on line 4 runs only when `await job.run()` (line 3) and the steps between '
        'resolve: when one rejects, the interval keeps running (a `finally`?)',
    ]


@pytest.mark.parametrize(
    'body',
    (
        pytest.param('  const t = setInterval(tick, 5000);\n  try {\n    await job.run();\n  } finally {\n    clearInterval(t);\n  }',
                     id='released in finally'),
        pytest.param('  const c = await pool.connect();\n  c.release();\n  await job.run();', id='released before the await'),
        pytest.param('  const c = await db.connect();\n  await c.query("SELECT 1");\n  c.release();', id='not a pool'),
        pytest.param('  const t = setInterval(tick, 5000);\n  job.on("error", () => clearInterval(t));\n'
                     '  await job.run();\n  clearInterval(t);', id='also released by a callback'),
    ),
)
def test_not_asked(body):
    assert found(body) == []
