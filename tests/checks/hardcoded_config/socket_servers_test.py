from __future__ import annotations

import pytest

from vcx_hook.checks.hardcoded_config import ID

from tests import helpers

findings = helpers.bind(helpers.findings, ID, 'src/App.tsx')


@pytest.mark.parametrize(('src', 'expected'), [
    pytest.param(
        "import { io } from 'socket.io-client';\nexport function open() {\n  return io('https://kaniback.onrender.com');\n}\n",
        ['src/App.tsx:3 `https://kaniback.onrender.com` is hardcoded in `io()`: each environment needs its own address'],
        id='socket.io-client given a web address'),
    pytest.param(
        "import io from 'socket.io-client';\nexport function open() {\n  return io('wss://rt.app.com', { path: '/ws' });\n}\n",
        ['src/App.tsx:3 `wss://rt.app.com` is hardcoded in `io()`: each environment needs its own address'],
        id='the default export'),
    pytest.param(
        "import { io } from 'socket.io-client';\nexport function open() {\n  return io(import.meta.env.VITE_BASE_URL);\n}\n",
        [], id='from the environment'),
    pytest.param(
        "import { io } from './io';\nexport function open() {\n  return io('https://kaniback.onrender.com');\n}\n",
        [], id='another io'),
])
def test_socket_servers(src, expected):
    assert findings(src) == expected
