from __future__ import annotations

import pytest

from vcx_hook.checks.error_handling import ID
from vcx_hook.config import default_config
from vcx_hook.engine import audit
from vcx_hook.engine.target import Target


def findings(src: str) -> list[tuple[int, str]]:
    result = audit.audit(Target('src/lib/run.js', src.encode(), None), default_config())
    return [(f.line, f.confidence) for f in result.findings if f.check_id == ID and 'stdin' in f.message]


def run(extra: str = '', write: str = 'child.stdin.write(data);') -> str:
    return ("const { spawn } = require('child_process');\nfunction run(cmd, data) {\n"
            f"  const child = spawn(cmd);\n  {extra}\n  {write}\n  return child;\n}}\n")


def test_written_with_no_error_listener():
    assert findings(run()) == [(3, 'low')]


@pytest.mark.parametrize(
    'extra, write',
    (
        pytest.param("child.stdin.on('error', (e) => log(e));", 'child.stdin.write(data);', id='listener'),
        pytest.param('', "pipeline(source, child.stdin, done);", id='pipeline'),
        pytest.param('', 'child.stdout.on("data", log);', id='stdin not written'),
    ),
)
def test_not_asked(extra, write):
    assert findings(run(extra, write)) == []


def test_not_child_process():
    src = run().replace("require('child_process')", "require('./spawner')")
    assert findings(src) == []
