from __future__ import annotations

import pytest

from vcx_hook.checks.error_handling import ID
from vcx_hook.config import default_config
from vcx_hook.engine import audit
from vcx_hook.engine.target import Target


def findings(src: str, path: str = 'src/services/deploy.js') -> list[tuple[int, str]]:
    result = audit.audit(Target(path, src.encode(), None), default_config())
    return [(f.line, f.confidence) for f in result.findings if f.check_id == ID and 'one branch' in f.message]


def test_returned_on_one_branch():
    src = "async function f(app, wait) {\n  const p = deploy(app);\n  if (wait) return p;\n}\n"
    assert findings(src) == [(2, 'low')]


@pytest.mark.parametrize(
    'body',
    (
        pytest.param("const p = deploy(app).catch(log);\n  if (wait) return p;", id='caught where made'),
        pytest.param("const p = deploy(app);\n  if (wait) return p;\n  p.catch(log);", id='caught after'),
        pytest.param("const p = deploy(app);\n  if (p) return p;", id='read in the condition'),
        pytest.param("const u = make(app);\n  if (wait) { save(u); return u; }", id='used as a value'),
        pytest.param("const p = deploy(app);\n  if (wait) { await p; } else { await p; }", id='both branches'),
    ),
)
def test_not_asked(body):
    assert findings(f"async function f(app, wait) {{\n  {body}\n}}\n") == []


def test_browser_code_is_not_asked():
    src = "async function f(app, wait) {\n  const p = deploy(app);\n  if (wait) return p;\n}\n"
    assert findings(src, 'src/components/Deploy.jsx') == []
