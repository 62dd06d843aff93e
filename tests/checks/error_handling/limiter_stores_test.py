from __future__ import annotations

import pytest

from vcx_hook.checks.error_handling import ID
from vcx_hook.config import default_config
from vcx_hook.engine import audit
from vcx_hook.engine.target import Target

HEAD = ("import Redis from 'ioredis';\nimport rateLimit from '@fastify/rate-limit';\n"
        "import { RateLimiterRedis } from 'rate-limiter-flexible';\n")


def findings(src: str) -> list[tuple[int, str]]:
    result = audit.audit(Target('src/http/limits.ts', (HEAD + src).encode(), None), default_config())
    return [(f.line, f.confidence) for f in result.findings if f.check_id == ID and 'rate limiter' in f.message]


@pytest.mark.parametrize(
    'src',
    (
        pytest.param("app.register(rateLimit, { max: 10, redis: new Redis(url) });\n", id='inline'),
        pytest.param("const r = new Redis(url);\nexport const l = new RateLimiterRedis({ storeClient: r });\n",
                     id='through a const'),
    ),
)
def test_limiter_client_without_command_timeout(src):
    assert findings(src) == [(4, 'low')]


@pytest.mark.parametrize(
    'src',
    (
        pytest.param("app.register(rateLimit, { redis: new Redis(url, { commandTimeout: 500 }) });\n", id='timeout'),
        pytest.param("app.register(rateLimit, { redis: new Redis(url, redisOptions) });\n", id='options elsewhere'),
        pytest.param("export const cache = new Redis(url);\napp.register(rateLimit, { max: 10 });\n",
                     id='not the limiter'),
    ),
)
def test_not_asked(src):
    assert findings(src) == []
