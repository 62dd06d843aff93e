"""Route objects (hapi's ``{ method, path, handler }``) wherever they stand."""
from __future__ import annotations

import pytest

from vcx_hook.ecosystem.routes import OBJECT
from vcx_hook.ecosystem.routes import objects
from vcx_hook.lang import scope as scope_mod
from vcx_hook.lang import syntax


def _labels(src: str) -> list[tuple[str, int, str]]:
    data = src.encode()
    file = scope_mod.File('r.js', syntax.parse(data, 'javascript'))
    return [(r.label, r.node.start_point.row + 1, r.kind) for r in objects.in_ranges(file, ((0, len(data)),))]


@pytest.mark.parametrize(('src', 'expected'), [
    pytest.param("module.exports = [{ method: 'POST', path: '/a', handler: async (request) => ({}) }];\n",
                 [('POST /a', 1, OBJECT)], id='in an exported array'),
    pytest.param("const r = {\n  method: ['PUT', 'POST'],\n  path: '/b',\n  config: {\n    handler(request) {},\n  },\n};\n",
                 [('PUT /b', 5, OBJECT)], id='handler in config, verbs in an array'),
    pytest.param("const r = { method: '*', path: '/c', options: { handler: function (request) {} } };\n",
                 [('/c', 1, OBJECT)], id='every verb'),
    pytest.param("server.route({ method: 'POST', path: '/d', handler: async () => ({}) });\n", [],
                 id='a route call: the routers module reads it'),
    pytest.param("const r = { method: 'POST', path: 'relative', handler: () => {} };\n", [], id='not a path'),
    pytest.param("const r = { method: 'sum', path: '/e', handler: () => {} };\n", [], id='not a verb'),
    pytest.param("const r = { method: 'POST', path: '/f', handler: 'proxy' };\n", [], id='no handler function'),
])
def test_route_objects(src, expected):
    assert _labels(src) == expected
