from __future__ import annotations

import pytest

from vcx_hook.checks.error_handling import ID
from vcx_hook.config import default_config
from vcx_hook.engine import audit
from vcx_hook.engine.target import Target

CONFIG = default_config()._replace(enabled=frozenset((ID,)), show='low')


def findings(body: str, path: str = 'server/start.js') -> list[int]:
    src = f'function start(server, job) {{\n{body}\n}}\n'
    result = audit.audit(Target(path, src.encode(), None), CONFIG)
    return [f.line for f in result.findings if f.check_id == ID and 'never settles' in f.message]


@pytest.mark.parametrize(
    'body',
    (
        pytest.param('  return new Promise((resolve) => {\n    job.then((r) => resolve(r));\n  });', id='then'),
        pytest.param('  return new Promise((resolve) => {\n    server.listen(80, () => resolve());\n  });', id='listen'),
        pytest.param('  return new Promise(function (done) {\n    job.then(function () { done(); });\n  });',
                     id='a function executor'),
    ),
)
def test_asked(body):
    assert findings(body) == [2]


@pytest.mark.parametrize(
    'body',
    (
        pytest.param('  return new Promise((resolve, reject) => {\n    job.then((r) => resolve(r));\n  });',
                     id='a reject declared'),
        pytest.param('  return new Promise((resolve) => {\n    job.then((r) => resolve(r)).catch(() => resolve(null));\n  });',
                     id='caught'),
        pytest.param('  return new Promise((resolve) => {\n    job.then(resolve, () => resolve(null));\n  });',
                     id='a rejection handler'),
        pytest.param("  return new Promise((resolve) => {\n    server.once('error', () => resolve(null));\n"
                     "    server.listen(80, () => resolve(server));\n  });", id='an error listener'),
        pytest.param('  return new Promise((resolve) => {\n    setTimeout(resolve, 100);\n  });', id='a timer'),
        pytest.param('  return new Promise((resolve) => {\n    job.then((r) => resolve(r));\n    resolve(null);\n  });',
                     id='resolved directly too'),
    ),
)
def test_not_asked(body):
    assert findings(body) == []


def test_not_in_browser_code():
    body = '  return new Promise((resolve) => {\n    job.then((r) => resolve(r));\n  });'
    assert findings(body, 'src/components/Start.jsx') == []
