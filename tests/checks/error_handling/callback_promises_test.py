from __future__ import annotations

import pytest

from vcx_hook.checks.error_handling import ID
from vcx_hook.config import default_config
from vcx_hook.engine import audit
from vcx_hook.engine.target import Target

from tests import helpers

PATH = 'server/irc.js'
MESSAGE = ('`new Promise` settles only when `{}()` calls back, with no timeout and no error path: if the reply '
           'never comes, the caller waits forever')


def findings(src: str, path: str = PATH) -> list[tuple[int, str, str]]:
    result = audit.audit(Target(path, src.encode(), None), default_config())
    return [(f.line, f.confidence, f.message) for f in result.findings if f.check_id == ID]


def test_reply_callback_alone_settles_the_promise():
    src = (
        'function names(channel) {\n'
        '  return new Promise((resolve) => {\n'
        '    this.client.names(channel, (ch, list) => resolve(list));\n'
        '  });\n'
        '}\n'
    )
    assert findings(src) == [(3, 'low', MESSAGE.format('this.client.names'))]


@pytest.mark.parametrize(
    'executor',
    (
        pytest.param('(resolve, reject) => { client.names(c, (ch, l) => resolve(l)); client.once("error", reject); }',
                     id='rejects'),
        pytest.param('(resolve) => { const t = setTimeout(resolve, 5000); client.names(c, (ch, l) => resolve(l)); }',
                     id='timer'),
        pytest.param('(resolve, reject) => { client.names(c, (err, l) => (err ? reject(err) : resolve(l))); }',
                     id='error-first'),
        pytest.param('(resolve) => { client.on("names", (ch, l) => resolve(l)); }', id='event'),
        pytest.param('(resolve) => { i18n.changeLanguage(lang, () => resolve()); }', id='not a client'),
        pytest.param('(resolve) => { client.names(c, (ch, l) => resolve(l)); resolve([]); }',
                     id='resolved directly too'),
        pytest.param('(resolve) => client.end(resolve)', id='resolve handed over'),
    ),
)
def test_not_asked(executor):
    assert findings(f'function f(c) {{\n  return new Promise({executor});\n}}\n') == []


def test_bluebird_timeout_chained():
    src = 'function f(c) {\n  return new Promise((resolve) => client.names(c, (ch, l) => resolve(l))).timeout(5000);\n}\n'
    assert findings(src) == []


def test_browser_code_is_not_asked():
    src = 'export function f(c) {\n  return new Promise((resolve) => socket.emit("names", c, (l) => resolve(l)));\n}\n'
    assert helpers.findings(ID, src, 'src/components/Names.tsx') == []
    assert findings(src, 'server/names.js') == [(2, 'low', MESSAGE.format('socket.emit'))]
