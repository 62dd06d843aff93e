from __future__ import annotations

import pytest

from tests.ecosystem.bindings_test import asked
from tests.ecosystem.bindings_test import file_of
from vcx_hook.ecosystem import values

SRC = '''\
import { v4 as uuid } from 'uuid';
import { deploy } from './deploy';
const makeId = () => 'x';
async function f(crypto2) {
  crypto.randomUUID();
  crypto.subtle.digest('SHA-256', data);
  Math.max(1, 2);
  uuid();
  parseInt(s, 10);
  fs.readFileSync(p);
  deploy(app);
  makeId();
  crypto2.randomUUID();
  fetch(url);
}
'''


@pytest.mark.parametrize(('expression', 'expected'), (
    pytest.param('crypto.randomUUID()', True, id='global-crypto'),
    pytest.param("crypto.subtle.digest('SHA-256', data)", False, id='web-crypto-resolves-a-promise'),
    pytest.param('Math.max(1, 2)', True, id='builtin-namespace'),
    pytest.param('uuid()', True, id='value-package'),
    pytest.param('parseInt(s, 10)', True, id='global-function'),
    pytest.param('fs.readFileSync(p)', True, id='sync-call'),
    pytest.param('deploy(app)', False, id='local-module'),
    pytest.param('makeId()', False, id='declared-here'),
    pytest.param('crypto2.randomUUID()', False, id='parameter'),
    pytest.param('fetch(url)', False, id='global-that-resolves'),
))
def test_plain(expression: str, expected: bool) -> None:
    file = file_of(SRC)
    assert values.plain(asked(file, expression), file) is expected
