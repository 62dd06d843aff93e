from __future__ import annotations

import pytest

from vcx_hook.ecosystem import requests
from vcx_hook.ecosystem import routes
from vcx_hook.lang import flow
from vcx_hook.lang import scope
from vcx_hook.lang import syntax


def parsed(src: str, path: str) -> scope.File:
    grammar = syntax.grammar_for(path)
    assert grammar is not None
    return scope.File(path, syntax.parse(src.encode(), grammar))


def arrows(file: scope.File) -> list:
    out, stack = [], [file.tree.root]
    while stack:
        node = stack.pop()
        if node.type == 'arrow_function':
            out.append(node)
        stack.extend(reversed(node.named_children))
    return out


def sources(src: str, path: str = 'x.js') -> list[tuple[str, bool, bool]]:
    """(name, may be an object, set by the browser) of the request data given to ``use(...)``."""
    file = parsed(src, path)
    out = []
    for name in file.named(frozenset((b'use',)), ((0, len(file.source)),)):
        call = scope.called_by(name)
        assert call is not None
        fl = flow.of(file, call)
        for origin in fl.origins(scope.arguments(call)[0], lambda _c: []):
            found = requests.source(file, fl, origin, lambda _c: [], requests.DEFAULT_NAMES)
            if found is not None:
                out.append((found.name, found.objects, found.header))
    return out


@pytest.mark.parametrize(('src', 'path', 'expected'), (
    pytest.param("app.post('/x', (req, res) => use(req.body.to));\n", 'x.js', [('req.body.to', True, False)],
                 id='express body'),
    pytest.param("app.get('/x', (req, res) => use(req.headers.host));\n", 'x.js', [('req.headers.host', False, True)],
                 id='headers are set by the browser'),
    pytest.param("router.get('/x', (ctx) => use(ctx.request.body.name));\n", 'x.js',
                 [('ctx.request.body.name', True, False)], id='koa'),
    pytest.param('export async function POST(request) {\n  const { url } = await request.json();\n  use(url);\n}\n',
                 'app/api/x/route.js', [('request.json().url', True, False)], id='next route handler'),
    pytest.param("app.get('/r', (c) => use(c.req.query('name')));\n", 'x.js', [("c.req.query('name')", False, False)],
                 id='hono'),
    pytest.param('export const handler = async (event) => use(event.queryStringParameters.q);\n', 'x.js',
                 [('event.queryStringParameters.q', False, False)], id='lambda'),
    pytest.param("app.post('/x', ({ body }, res) => use(body.code));\n", 'x.js', [('body.code', True, False)],
                 id='destructured in a route'),
    pytest.param("class C {\n  @Get()\n  read(@Query('q') q: string) { use(q); }\n}\n", 'c.ts', [('q', False, False)],
                 id='nest primitive'),
    pytest.param("class C {\n  @Post()\n  make(@Body() dto: CreateDto) { use(dto.name); }\n}\n", 'c.ts', [],
                 id='nest dto is validated'),
    pytest.param('use(location.hash);\n', 'x.js', [('location.hash', False, False)], id='browser location'),
    pytest.param("addEventListener('message', (e) => use(e.data));\n", 'x.js', [('e.data', True, False)],
                 id='message event'),
    pytest.param('function f(user) { use(user.body); }\n', 'x.js', [], id='not a request'),
))
def test_where_request_data_comes_from(src, path, expected):
    assert sources(src, path) == expected


@pytest.mark.parametrize(('route', 'expected'), (
    pytest.param("app.post('/x', validate(schema), async (req, res) => {});", True, id='validation middleware'),
    pytest.param("app.post('/x', [body('to').isEmail()], async (req, res) => {});", True, id='express-validator'),
    pytest.param("app.post('/x', { schema: { body: S } }, async (req, res) => {});", True, id='fastify options'),
    pytest.param("fastify.route({ url: '/x', schema: S, handler: async (req, res) => {} });", True,
                 id='fastify route object'),
    pytest.param("fastify.route({ url: '/x', handler: async (req, res) => {} });", False, id='no schema'),
    pytest.param("app.post('/x', auth, async (req, res) => {});", False, id='other middleware'),
))
def test_validated_by_route(route, expected):
    file = parsed(route + '\n', 'x.js')
    fn = arrows(file)[0]
    assert requests.validated_by_route(fn) is expected


def test_what_a_handler_is_registered_with():
    file = parsed("app.post('/x', auth, limit, (req, res) => {});\nf.route({ url: '/y', handler: (req) => {} });\n",
                  'x.js')
    first, second = arrows(file)
    assert [scope.text(a) for a in routes.arguments_before(first)] == ["'/x'", 'auth', 'limit']
    assert routes.handler_options(first) is None
    options = routes.handler_options(second)
    assert options is not None and sorted(scope.object_keys(options)) == ['handler', 'url']
    assert routes.arguments_before(second) == []
