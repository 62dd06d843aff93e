from __future__ import annotations

import pytest

from vcx_hook.checks.error_handling import ID
from vcx_hook.config import default_config
from vcx_hook.engine import audit
from vcx_hook.engine.target import Target

HELPER = "async function notify(user) {\n  await mailer.send(user.email);\n}\n"


def findings(src: str, path: str = 'src/services/users.js') -> list[tuple[int, str]]:
    result = audit.audit(Target(path, (HELPER + src).encode(), None), default_config())
    return [(f.line, f.confidence) for f in result.findings if f.check_id == ID and 'async function of this file' in f.message]


@pytest.mark.parametrize(
    'call',
    (
        pytest.param('user.active && notify(user);', id='and'),
        pytest.param('user.active ? notify(user) : null;', id='ternary'),
    ),
)
def test_floating_in_an_async_function(call):
    src = f"async function signup(user) {{\n  await users.save(user);\n  {call}\n}}\n"
    assert findings(src) == [(6, 'low')]


@pytest.mark.parametrize(
    'src',
    (
        pytest.param("async function signup(user) {\n  await notify(user);\n}\n", id='awaited'),
        pytest.param("async function signup(user) {\n  notify(user);\n}\n", id='a bare statement'),
        pytest.param("async function signup(user) {\n  notify(user).catch(log);\n}\n", id='caught'),
        pytest.param("async function signup(user) {\n  void notify(user);\n}\n", id='void'),
        pytest.param("function signup(user) {\n  user.active && notify(user);\n}\n", id='sync caller'),
        pytest.param("notify(admin);\n", id='start-up code'),
        pytest.param("async function signup(user) {\n  const notify = (u) => u;\n  user && notify(user);\n}\n", id='shadowed'),
        pytest.param("process.on('unhandledRejection', log);\nasync function signup(user) {\n  user && notify(user);\n}\n",
                     id='process handler'),
    ),
)
def test_not_asked(src):
    assert findings(src) == []
