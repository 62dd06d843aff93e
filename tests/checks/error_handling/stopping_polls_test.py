from __future__ import annotations

import pytest

from vcx_hook.checks.error_handling import ID
from vcx_hook.config import default_config
from vcx_hook.engine import audit
from vcx_hook.engine.target import Target


def findings(src: str) -> list[tuple[int, str]]:
    result = audit.audit(Target('src/jobs/poll.js', src.encode(), None), default_config())
    return [(f.line, f.confidence) for f in result.findings if f.check_id == ID and 're-arms' in f.message]


@pytest.mark.parametrize(
    'rearm',
    (
        pytest.param('setTimeout(poll, 1000);', id='itself'),
        pytest.param('setTimeout(() => poll(), 1000);', id='through an arrow'),
        pytest.param('schedule();', id='through a helper'),
    ),
)
def test_await_before_the_rearm(rearm):
    src = (f"function schedule() {{\n  setTimeout(poll, 1000);\n}}\nasync function poll() {{\n"
           f"  await store.save(await api.read());\n  {rearm}\n}}\n")
    assert findings(src) == [(5, 'low')]


@pytest.mark.parametrize(
    'body',
    (
        pytest.param("try {\n    await store.save(1);\n  } catch (e) {\n    log(e);\n  }\n  setTimeout(poll, 1000);",
                     id='caught'),
        pytest.param("try {\n    await store.save(1);\n  } finally {\n    setTimeout(poll, 1000);\n  }",
                     id='re-armed in finally'),
        pytest.param("await store.save(1);\n  setTimeout(other, 1000);", id='another function'),
        pytest.param("setTimeout(poll, 1000);\n  await store.save(1);", id='re-armed first'),
    ),
)
def test_not_asked(body):
    assert findings(f"async function poll() {{\n  {body}\n}}\n") == []
