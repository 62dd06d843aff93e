from __future__ import annotations

import pytest

from vcx_hook.ecosystem import logs


@pytest.mark.parametrize(('path', 'expected'), (
    pytest.param('src/backend/Logger.ts', True, id='logger file'),
    pytest.param('packages/apostrophe/lib/logger/render.js', True, id='logger folder'),
    pytest.param('server/utils/logging.js', True, id='logging'),
    pytest.param('src/log.ts', True, id='log file'),
    pytest.param('src/routes/logs.ts', False, id='a route of logs'),
    pytest.param('src/blog/post.ts', False, id='a word that ends in log'),
))
def test_is_logger_module(path, expected):
    assert logs.is_logger_module(path) is expected
