"""lang/promised: a promisified alias of a library function is called as that function."""
from __future__ import annotations

import pytest

from vcx_hook.lang import promised
from vcx_hook.lang import scope

from tests.lang.scope_test import _walk
from tests.lang.scope_test import file_of


def _call(src: str, name: str):
    f = file_of(src)
    return f, next(n for n in _walk(f.tree.root) if n.type == 'call_expression' and scope.text(scope.callee(n)) == name)


@pytest.mark.parametrize(('src', 'path'), [
    pytest.param("import bcrypt from 'bcrypt';\nimport thenify from 'thenify';\nconst cmp = thenify(bcrypt.compare);\n"
                 "async function f(p, h) { return cmp(p, h); }\n", 'bcrypt.compare', id='thenify'),
    pytest.param("const util = require('util');\nconst cp = require('child_process');\nconst run = util.promisify(cp.exec);\n"
                 "async function f(c) { return run(c); }\n", 'cp.exec', id='util.promisify'),
    pytest.param("import { promisify } from 'node:util';\nimport { exec } from 'child_process';\nconst run = promisify(exec);\n"
                 "async function f(c) { return run(c); }\n", 'exec', id='promisify of a bare import'),
    pytest.param("const pify = require('pify');\nconst fs = require('fs');\nconst read = pify(fs.readFile);\n"
                 "async function f(p) { return read(p); }\n", 'fs.readFile', id='pify'),
    pytest.param("const Promise = require('bluebird');\nconst fs = require('fs');\nconst read = Promise.promisify(fs.readFile);\n"
                 "async function f(p) { return read(p); }\n", 'fs.readFile', id='bluebird'),
])
def test_an_alias_is_called_as_what_it_wraps(src, path):
    alias = src.split('const ')[-1].split(' =')[0]
    f, call = _call(src, alias)
    assert scope.callee_path(call) == path
    assert scope.callee_name(call) == path.rsplit('.', 1)[-1]
    assert set(promised.aliases(f).values()) == {path}


@pytest.mark.parametrize('src', [
    pytest.param("import { promisify } from './utils';\nimport bcrypt from 'bcrypt';\nconst cmp = promisify(bcrypt.compare);\n"
                 "async function f(p, h) { return cmp(p, h); }\n", id="the project's own promisify"),
    pytest.param("import bcrypt from 'bcrypt';\nconst cmp = wrap(bcrypt.compare);\nasync function f(p, h) { return cmp(p, h); }\n",
                 id='another wrapper'),
])
def test_another_wrapper_says_nothing(src):
    f, call = _call(src, 'cmp')
    assert scope.callee_path(call) == 'cmp'
    assert promised.aliases(f) == {}
