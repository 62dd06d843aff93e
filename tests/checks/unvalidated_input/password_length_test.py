from __future__ import annotations

import pytest

from vcx_hook.checks.unvalidated_input import ID

from tests import helpers

findings = helpers.bind(helpers.findings, ID, 'src/auth.js')
ASKED = ('sets a minimum length but nothing a maximum: any length a client sends is hashed on every sign-up and '
         'login (bcrypt ignores all after 72 bytes); reject long passwords (OWASP: 64 characters or more)')


@pytest.mark.parametrize(
    ('src', 'expected'),
    (
        pytest.param("function check(password) {\n  if (password && password.length < 6) throw new Error('short');\n}\n",
                     [f'src/auth.js:2 `password.length < 6` {ASKED}'], id='a minimum'),
        pytest.param("function check(body) {\n  if (8 > body.newPassword.length) return false;\n  return true;\n}\n",
                     [f'src/auth.js:2 `8 > body.newPassword.length` {ASKED}'], id='read the other way'),
        pytest.param("function check(p) {\n  if (p.password.length < 8 || p.password.length > 128) throw new Error('x');\n}\n",
                     [], id='a maximum too'),
        pytest.param("function check(password) {\n  if (password.length < 8) throw new Error('x');\n"
                     "  if (password.length >= MAX_PASSWORD) throw new Error('y');\n}\n", [], id='a maximum after'),
        pytest.param("function check(password) {\n  const weak = password.length < 8;\n  return weak;\n}\n", [],
                     id='not a rejection'),
        pytest.param("function check(username) {\n  if (username.length < 3) throw new Error('x');\n}\n", [],
                     id='not a password'),
    ),
)
def test_password_length(src, expected):
    assert findings(src) == expected
