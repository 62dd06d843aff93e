from __future__ import annotations

import pytest

from vcx_hook.checks.missing_cleanup import ID
from vcx_hook.config import default_config
from vcx_hook.engine import audit
from vcx_hook.engine.target import Target


def findings(src: str, path: str = 'src/lib/download.js') -> list[tuple[int, str]]:
    result = audit.audit(Target(path, src.encode(), None), default_config())
    return [(f.line, f.confidence) for f in result.findings if f.check_id == ID]


def executor(timer: str) -> str:
    return ("function get(url, ms) {\n  return new Promise((resolve, reject) => {\n"
            "    const req = http.get(url, (res) => resolve(res));\n"
            f"    {timer}\n  }});\n}}\n")


def test_dropped_deadline():
    assert findings(executor("setTimeout(() => req.destroy(new Error('timeout')), ms);")) == [(4, 'low')]


@pytest.mark.parametrize(
    'timer',
    (
        pytest.param("const t = setTimeout(() => reject(new Error('timeout')), ms);\n    req.on('close', () => clearTimeout(t));",
                     id='cleared'),
        pytest.param("setTimeout(() => reject(new Error('timeout')), 5000);", id='brief literal'),
        pytest.param("setTimeout(() => log('slow'), ms);", id='does not fail the operation'),
        pytest.param("timers.push(setTimeout(() => reject(new Error('timeout')), ms));", id='handed on'),
    ),
)
def test_not_asked(timer):
    assert findings(executor(timer)) == []


def test_browser_code_is_not_asked():
    src = executor("setTimeout(() => req.destroy(new Error('timeout')), ms);")
    assert findings(src, 'src/components/Download.jsx') == []
