from __future__ import annotations

import pytest

from vcx_hook.checks.error_handling import ID
from vcx_hook.config import default_config
from vcx_hook.engine import audit
from vcx_hook.engine.target import Target

MESSAGE = ("`{}` has no timeout (the project's request module given a URL and no `timeout` or `signal`)")


def findings(src: str, path: str = 'src/services/setup.js') -> list[tuple[int, str, str]]:
    result = audit.audit(Target(path, src.encode(), None), default_config())
    return [(f.line, f.confidence, f.message) for f in result.findings if f.check_id == ID]


def test_local_request_module_without_timeout():
    src = ("const request = require('./request');\nasync function seed(host) {\n"
           "  return request.exec({ method: 'get', url: host + '/seed' });\n}\n")
    assert findings(src) == [(3, 'low', MESSAGE.format("request.exec({ method: 'get', url: host +..."))]


@pytest.mark.parametrize(
    'line',
    (
        pytest.param("request.exec({ method: 'get', url: host, timeout: 5000 })", id='timeout'),
        pytest.param("request.exec({ method: 'get', url: host, signal })", id='signal'),
        pytest.param("request.exec({ method: 'get', url: '/api/seed' })", id='relative'),
        pytest.param("request.exec({ url: host })", id='no method'),
        pytest.param("store.save({ method: 'get', url: host })", id='not a request module'),
        pytest.param("request.exec({ ...defaults, method: 'get', url: host })", id='options from elsewhere'),
    ),
)
def test_not_asked(line):
    src = (f"const request = require('./request');\nconst store = require('./store');\nasync function seed(host, signal) {{\n"
           f"  return {line};\n}}\n")
    assert findings(src) == []


def test_a_library_is_the_network_calls_rule():
    src = "const request = require('request');\nfunction seed(host) {\n  return request({ method: 'get', url: host });\n}\n"
    assert [f for f in findings(src) if 'request module' in f[2]] == []
