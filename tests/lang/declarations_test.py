"""lang/declarations: a ``for ... of``/``for ... in`` binds its left name, not the name it iterates."""
from __future__ import annotations

import pytest

from vcx_hook.lang import scope

from tests.lang.scope_test import _walk
from tests.lang.scope_test import file_of


@pytest.mark.parametrize(('src', 'expected'), [
    pytest.param('function f() {\n  const xs = load();\n  for (const x of xs) use(x, xs);\n}\n',
                 {'x': 'for_in_statement', 'xs': 'variable_declarator'}, id='for of: the iterated name keeps its const'),
    pytest.param('function f(xs) {\n  for (const k in xs) use(k, xs);\n}\n',
                 {'k': 'for_in_statement', 'xs': 'required_parameter'}, id='for in: the iterated name is the parameter'),
    pytest.param('function f() {\n  let x;\n  const xs = [];\n  for (x of xs) use(x, xs);\n}\n',
                 {'x': 'for_in_statement', 'xs': 'variable_declarator'}, id='for of over an outer name'),
])
def test_the_loop_binds_its_left_name_only(src, expected):
    f = file_of(src)
    call = next(n for n in _walk(f.tree.root) if n.type == 'call_expression' and scope.callee_name(n) == 'use')
    decls = {scope.text(arg): scope.declaration(arg) for arg in scope.arguments(call)}
    assert {name: (d.parent.type if d.type == 'identifier' else d.type) for name, d in decls.items()} == expected


@pytest.mark.parametrize(('src', 'expected'), [
    pytest.param('async function f() {\n  const user = await load(1);\n}\n', 'user', id='through await'),
    pytest.param('async function f() {\n  const user = (await load(1)) as User;\n}\n', 'user', id='through parentheses and as'),
    pytest.param('function* f() {\n  const user = yield load(1);\n}\n', 'user', id='through yield'),
    pytest.param('async function f() {\n  use(await load(1));\n}\n', None, id='an argument: no local'),
    pytest.param('async function f() {\n  const { user } = await load(1);\n}\n', None, id='destructured: no one local'),
])
def test_declared_into_names_the_local_a_value_is_declared_in(src, expected):
    f = file_of(src, 'x.ts')
    call = next(n for n in _walk(f.tree.root) if n.type == 'call_expression' and scope.callee_name(n) == 'load')
    local = scope.declared_into(call)
    assert (scope.text(local) if local is not None else None) == expected
