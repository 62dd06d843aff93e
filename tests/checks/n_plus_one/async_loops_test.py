from __future__ import annotations

import pytest

from vcx_hook.checks.n_plus_one import ID
from vcx_hook.config import default_config
from vcx_hook.engine import audit
from vcx_hook.engine.target import Target


def findings(src: str, path: str = 'src/server/presences.ts') -> list[int]:
    result = audit.audit(Target(path, src.encode(), None), default_config())
    return [f.line for f in result.findings if f.check_id == ID]


LOOP = "export async function f(members: Member[], stream) {{\n  {decl}\n  for await (const m of {it}) {{\n    await Session.findOne({{ where: {{ userId: m.id }} }});\n  }}\n}}\n"


@pytest.mark.parametrize(
    'decl,it',
    (
        pytest.param('const chunk: Member[] = load();', 'chunk', id='typed as an array'),
        pytest.param('const chunk = members.splice(0, 10);', 'chunk', id='an array method'),
        pytest.param('', 'members', id='a parameter typed as an array'),
        pytest.param('', 'Object.values(byId)', id='Object.values'),
    ),
)
def test_for_await_over_an_array_is_a_loop(decl, it):
    assert findings(LOOP.format(decl=decl, it=it)) == [4]


@pytest.mark.parametrize(
    'decl,it',
    (
        pytest.param('', 'stream', id='a stream'),
        pytest.param('const cursor = Session.find().cursor();', 'cursor', id='a cursor'),
        pytest.param('', 'byId.values()', id="a Map's values"),
    ),
)
def test_for_await_over_a_stream_is_batched(decl, it):
    assert findings(LOOP.format(decl=decl, it=it)) == []
