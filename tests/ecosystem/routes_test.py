from __future__ import annotations

import pathlib

from vcx_hook.ecosystem import routes
from vcx_hook.engine.target import Change

from tests.helpers import ROOT

# Routes are found by name (`_registrations`): the same nodes as the query they replaced.
ROUTES_QUERY = (pathlib.Path(__file__).parent / 'routes.scm').read_text()
TRICKY = '''\
app.post('/login', limiter, async (req, res) => {});
app.get(`/x/${id}`, h);
app.get('/only-a-path');
app.get(path, h);
app.get(/* c */ '/x', h);
app.get('/x', /* c */ h);
router.route('/users').get(list).post(create);
fastify.route({ method: 'POST', url: '/x', handler });
fastify.route(opts);
get('/x', h);
obj['post']('/x', h);
// app.post('/x', h) in a comment, "app.get('/x', h)" in a string
class C {
  @Post('login') login() {}
  @Get() list() {}
  @Decorators.Get('x') other() {}
}
'''


def _routes_sources():
    root = ROOT / 'fixtures'
    yield 'tricky.ts', TRICKY.encode()
    for path in sorted(root.rglob('*')):
        if path.suffix in ('.js', '.jsx', '.ts', '.tsx', '.mjs', '.cjs'):
            yield str(path.relative_to(root)), path.read_bytes()


def test_routes_found_by_name_are_the_querys():
    from vcx_hook.lang import scope as scope_mod
    from vcx_hook.lang import syntax

    compared = 0
    for path, data in _routes_sources():
        grammar = syntax.grammar_for(path)
        if grammar is None:
            continue
        file = scope_mod.File(path, syntax.parse(data, grammar))
        # The whole file, and each function and top-level statement as the hook's scopes: node-aligned
        # ranges, as every scope's are (a name is inside any range its call starts in).
        rows = data.count(b'\n') + 1
        spans = [(0, len(data))] + [r for sc in scope_mod.touched_scopes(file, Change(((0, rows),))) for r in sc.ranges]
        for start, end in spans:
            found = syntax.captures(grammar, ROUTES_QUERY, file.tree.root, (start, end))
            got = routes._registrations(file, ((start, end),))
            for kind, nodes in zip(('route', 'chain', 'nest'), got):
                expected = sorted((n.start_byte, n.end_byte) for n in found.get(f'missing-rate-limit.{kind}', [])
                                  if start <= n.start_byte < end)
                assert sorted((n.start_byte, n.end_byte) for n in nodes) == expected, (path, kind)
                compared += len(expected)
    assert compared > 100


def test_tricky_routes():
    from vcx_hook.lang import scope as scope_mod
    from vcx_hook.lang import syntax

    src = TRICKY.encode()
    file = scope_mod.File('t.ts', syntax.parse(src, 'typescript'))
    calls, chains, nest = routes._registrations(file, ((0, len(src)),))
    texts = [[src[n.start_byte:n.end_byte].decode().split('(')[0] for n in nodes] for nodes in (calls, chains, nest)]
    assert texts == [
        ['app.post', 'app.get', 'app.get'],  # a template path; a comment before the handler
        ['router.route', 'fastify.route'],
        ['@Post', '@Get'],
    ]
