from __future__ import annotations

import pytest

from vcx_hook.checks.hardcoded_config import ID

from tests import helpers

findings = helpers.bind(helpers.findings, ID, 'src/db.ts')
ENV = "host: process.env.DB_HOST, password: String(process.env.DB_PASSWORD)"


@pytest.mark.parametrize(
    ('src', 'expected'),
    (
        pytest.param(
            f"const db = new Client({{ {ENV}, database: 'app', user: 'app' }});\n",
            ["src/db.ts:1 `database: 'app'`, `user: 'app'` are hardcoded in `Client()` beside values read from "
             'configuration: a deployment whose values differ cannot set them'],
            id='left behind'),
        pytest.param(
            "const db = knex({ connection: { host: config.get('db.host'), port: config.get('db.port'), database: 'app' } });\n",
            ["src/db.ts:1 `database: 'app'` is hardcoded in `knex()` beside values read from configuration: a "
             'deployment whose value differs cannot set it'],
            id='a config service'),
        pytest.param(
            "function store() {\n  const host = config.get('redis.host');\n"
            "  return createClient({ socket: { host, port: 6380 }, password: config.get('redis.key') });\n}\n", [],
            id='a shorthand is not followed'),
        pytest.param(
            "function store() {\n  const redisHost = config.get('redis.host');\n"
            "  return createClient({ socket: { host: redisHost, port: 6380 }, password: config.get('redis.key') });\n}\n",
            ["src/db.ts:3 `port: 6380` is hardcoded in `createClient()` beside values read from configuration: a "
             'deployment whose value differs cannot set it'],
            id='through a const and nested options'),
        pytest.param(f"const db = new Client({{ {ENV}, database: process.env.DB_NAME }});\n", [], id='all configured'),
        pytest.param("const db = new Client({ host: process.env.DB_HOST, database: 'app' });\n", [],
                     id='one configured value'),
        pytest.param(f"const db = new Client({{ {ENV}, ssl: false, max: 10 }});\n", [], id='not a place or an identity'),
        pytest.param(f"const db = new Client({{ {ENV}, database: process.env.DB_NAME || 'app' }});\n", [],
                     id='a fallback'),
    ),
)
def test_half_configured(src, expected):
    assert findings(src) == expected


def test_asked_in_a_configuration_file_too():
    src = f"export default {{ {ENV}, database: 'app' }};\n"
    assert helpers.findings(ID, src, 'src/config/database.ts') == [
        "src/config/database.ts:1 `database: 'app'` is hardcoded beside values read from configuration: a deployment "
        'whose value differs cannot set it']
    assert helpers.findings(ID, src, 'examples/config.ts') == []
