from __future__ import annotations

import pytest

from vcx_hook.checks.error_handling import ID
from vcx_hook.config import default_config
from vcx_hook.engine import audit
from vcx_hook.engine.target import Target

CONFIG = default_config()._replace(enabled=frozenset((ID,)), show='low')


def lines(made: str, called: str = 'this.api.get(url)') -> list[tuple[int, str]]:
    src = (f"import axios from 'axios';\nimport https from 'https';\nexport class Api {{\n  constructor() {{\n"
           f"    {made};\n  }}\n  async get(url) {{\n    return (await {called}).data;\n  }}\n}}\n")
    result = audit.audit(Target('src/api.ts', src.encode(), None), CONFIG)
    return [(f.line, f.confidence) for f in result.findings if f.check_id == ID and 'makes the client' in f.message]


def test_no_timeout():
    assert lines("this.api = axios.create({ baseURL: 'https://x.example' })") == [(5, 'low')]


@pytest.mark.parametrize(
    ('made', 'called'),
    (
        pytest.param("this.api = axios.create({ timeout: 5000 })", 'this.api.get(url)', id='timeout'),
        pytest.param('this.api = axios.create(options)', 'this.api.get(url)', id='options built elsewhere'),
        pytest.param('this.api = axios.create()', 'this.api.get(url, { timeout: 5000 })', id='on the call'),
        pytest.param('this.api = axios.create()', 'this.api.get(url, requestConfig)', id='call options built elsewhere'),
        pytest.param('this.api = ky.create()', 'this.api.get(url)', id='ky times out by itself'),
        pytest.param('const api = axios.create()', 'api.get(url)', id='a name: the call rule asks'),
    ),
)
def test_not_asked(made, called):
    assert lines(made, called) == []
