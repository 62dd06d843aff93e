from __future__ import annotations

import pytest

from vcx_hook.checks.n_plus_one import ID
from vcx_hook.config import default_config
from vcx_hook.engine import audit
from vcx_hook.engine.target import Target

CONFIG = default_config()._replace(enabled=frozenset((ID,)))


def findings(src: str) -> list[str]:
    result = audit.audit(Target('x.ts', src.encode(), None), CONFIG)
    return [f'{f.path}:{f.line} {f.confidence} {f.message}' for f in result.findings if f.check_id == ID]


@pytest.mark.parametrize(('src', 'expected'), [
    pytest.param(
        'async function f(name) {\n'
        '  for (let tries = 0; tries < 5; tries++) {\n'
        '    const d = String(Math.random()).slice(2, 6);\n'
        '    const exists = await User.findOne({ where: { discriminator: d, username: name } });\n'
        '    if (!exists) return d;\n'
        '  }\n'
        '}\n',
        ['x.ts:4 low `User.findOne()` runs once per attempt of the for loop on line 2 until a candidate is free'],
        id='counted for loop'),
    pytest.param(
        'async function f() {\n'
        '  let left = 3;\n'
        '  let code = make();\n'
        '  while (left > 0) {\n'
        '    const taken = await db.code.findUnique({ where: { code } });\n'
        '    if (!taken) break;\n'
        '    code = make();\n'
        '    left--;\n'
        '  }\n'
        '  return code;\n'
        '}\n',
        ['x.ts:5 low `db.code.findUnique()` runs once per attempt of the while loop on line 4 until a candidate is free'],
        id='while loop, break'),
    pytest.param(
        'async function f(id) {\n'
        '  while (id) {\n'
        '    const parent = await db.folder.findUnique({ where: { id } });\n'
        '    if (!parent) break;\n'
        '    id = parent.parentId;\n'
        '  }\n'
        '}\n',
        [], id='a walk up the parents'),
    pytest.param(
        'async function f(name) {\n'
        '  for (let tries = 0; tries < 5; tries++) {\n'
        '    const exists = await User.findOne({ where: { username: name } });\n'
        '    if (exists) await wait(100);\n'
        '  }\n'
        '}\n',
        [], id='the loop does not end on a free candidate'),
])
def test_free_candidates(src, expected):
    assert findings(src) == expected
