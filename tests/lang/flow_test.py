from __future__ import annotations

import pytest

from vcx_hook.lang import flow
from vcx_hook.lang import scope
from vcx_hook.lang import syntax

from tests.helpers import ROOT


def file_of(src: str, path: str = 'a.ts') -> scope.File:
    grammar = syntax.grammar_for(path)
    assert grammar is not None
    return scope.File(path, syntax.parse(src.encode(), grammar))


def nodes(node, kind):
    if node.type == kind:
        yield node
    for c in node.children:
        yield from nodes(c, kind)


def call_named(f: scope.File, name: str):
    return next(c for c in nodes(f.tree.root, 'call_expression') if scope.callee_name(c) == name)


def arg_origins(src: str, callee: str, path: str = 'a.ts') -> list[list[str]]:
    f = file_of(src, path)
    call = call_named(f, callee)
    fl = flow.of(f, call)
    return [[o.name for o in fl.origins(a)] for a in scope.arguments(call)]


HANDLER = '''\
app.post('/mail', async (req, res) => {
  %s
});
'''


@pytest.mark.parametrize(
    ('body', 'expected'),
    (
        pytest.param('await sink(req.body.to);', [['req.body.to']], id='member path'),
        pytest.param('const { to } = req.body;\nawait sink(to);', [['req.body.to']], id='destructuring'),
        pytest.param('const { a: { b: renamed = 1 } } = req.query;\nsink(renamed);', [['req.query.a.b']],
                     id='nested rename with default'),
        pytest.param('const [first, ...rest] = req.body.list;\nsink(first, rest);',
                     [['req.body.list.0'], ['req.body.list[]']], id='array pattern'),
        pytest.param('const body = req.body;\nconst msg = `Hi ${body.name}`;\nsink(msg);',
                     [['req.body.name']], id='template literal through a name'),
        pytest.param('const q = "SELECT * FROM t WHERE id = " + req.params.id;\nsink(q);',
                     [['"SELECT * FROM t WHERE id = "', 'req.params.id']], id='concatenation'),
        pytest.param('sink({ to: req.body.to, subject: "x" });', [['req.body.to', '"x"']], id='object values'),
        pytest.param('const o = { to: req.body.to, n: 1 };\nsink(o.to);', [['req.body.to']],
                     id='object property read back'),
        pytest.param('const o = { ...req.body };\nsink(o.to);', [['req.body.to']], id='spread then property'),
        pytest.param('for (const item of req.body.items) sink(item.id);', [['req.body.items[].id']],
                     id='for-of element'),
        pytest.param('const x = req.query.x ?? "d";\nsink(x);', [['req.query.x', '"d"']], id='nullish default'),
        pytest.param('let u;\nu = cond ? req.query.a : other;\nsink(u);', [['req.query.a', 'other']],
                     id='assignment and ternary'),
        pytest.param('const data = schema.parse(req.body);\nsink(data.to);', [['schema.parse(req.body).to']],
                     id='calls are leaves'),
        pytest.param('const { email } = await request.json();\nsink(email);', [['request.json().email']],
                     id='awaited call with destructuring'),
    ),
)
def test_origins(body, expected):
    assert arg_origins(HANDLER % body, 'sink') == expected


def test_follow_call_continues_into_chosen_parts():
    f = file_of(HANDLER % 'const to = req.body.to.trim().toLowerCase();\nsink(String(to));')
    call = call_named(f, 'sink')
    fl = flow.of(f, call)

    def through(c):
        if scope.callee_name(c) in ('trim', 'toLowerCase'):
            return [scope.receiver(c)]
        if scope.callee_name(c) == 'String':
            return scope.arguments(c)
        return []

    assert [o.name for o in fl.origins(scope.arguments(call)[0], through)] == ['req.body.to']
    assert [o.name for o in fl.origins(scope.arguments(call)[0])] == ['String(to)']


def test_names_resolve_to_the_nearest_function_binding_them():
    src = '''\
function outer(req) {
  const user = req.body.user;
  app.get('/a', (req2) => { const user = req2.query.u; sink(user); });
  other(user);
}
'''
    assert arg_origins(src, 'sink') == [['req2.query.u']]
    assert arg_origins(src, 'other') == [['req.body.user']]


def test_unresolved_names_are_leaves():
    assert arg_origins('let counter = 0;\nfunction f() { sink(counter + 1, location.hash); }', 'sink') == [
        ['counter', '1'], ['location.hash'],
    ]


def test_parameter_binding_is_reported():
    f = file_of('export async function POST(request: Request) { const b = await request.json(); sink(b); }')
    call = call_named(f, 'sink')
    fl = flow.of(f, call)
    (origin,) = fl.origins(scope.arguments(call)[0])
    assert origin.name == 'request.json()'
    (recv,) = fl.origins(scope.receiver(scope.unwrap(origin.node)))
    assert recv.binding is not None and recv.binding.kind == 'parameter' and recv.name == 'request'


def uses(src: str, name: str) -> list[tuple[str, str, int]]:
    f = file_of(src)
    fl = flow.of(f, f.tree.root.named_children[0])
    return [
        (u.role, scope.normalized(u.target, 40), u.position)
        for b in fl.bindings(name) for u in fl.uses(b)
    ]


@pytest.mark.parametrize(
    ('body', 'name', 'expected'),
    (
        pytest.param('const { to } = req.body;\nawait sendEmail(to, `x ${to}`, { to });', 'to', [
            ('argument', 'sendEmail(to, `x ${to}`, { to })', 0),
            ('argument', 'sendEmail(to, `x ${to}`, { to })', 1),
            ('argument', 'sendEmail(to, `x ${to}`, { to })', 2),
        ], id='direct, template, shorthand property'),
        pytest.param('const sub = store.subscribe(f);\nreturn () => sub.unsubscribe();', 'sub', [
            ('receiver', 'sub.unsubscribe()', -1),
        ], id='method receiver'),
        pytest.param('const id = setInterval(f, 10);\nreturn () => clearInterval(id);', 'id', [
            ('argument', 'clearInterval(id)', 0),
        ], id='argument of a cleanup'),
        pytest.param('const unsub = onSnapshot(q, f);\nreturn unsub;', 'unsub', [
            ('returned', 'return unsub;', -1),
        ], id='returned'),
        pytest.param('const post = await db.post.findUnique(q);\nif (post.views > 1) x = 1;\n'
                     'await db.post.update({ data: { views: post.views + 1 } });', 'post', [
            ('argument', 'db.post.update({ data: { views: post.vie', 0),
        ], id='condition is not a use; arithmetic inside an object is'),
        pytest.param('const id = req.params.id;\nconst rows = await sql`SELECT * FROM t WHERE id = ${id}`;',
                     'id', [('argument', 'sql`SELECT * FROM t WHERE id = ${id}`', 0)], id='tagged template'),
        pytest.param('const h = () => 1;\nel.onclick = h;', 'h', [('assigned', 'el.onclick = h', -1)],
                     id='assigned'),
    ),
)
def test_uses(body, name, expected):
    assert uses(HANDLER % body, name) == expected


def test_bindings_kinds_and_statements():
    src = HANDLER % 'let n = 0;\nn += req.body.k;\nfor (const [k, v] of Object.entries(req.query)) n = v;'
    f = file_of(src)
    fl = flow.of(f, f.tree.root.named_children[0])
    assert [(b.kind, b.path, b.row) for b in fl.bindings('n')] == [
        ('declaration', (), 1), ('update', (), 2), ('assignment', (), 3),
    ]
    assert [(b.kind, b.path) for b in fl.bindings('v')] == [('loop', ('[]', '1'))]


def test_flow_is_cached_per_outermost_function():
    f = file_of('function a() { const x = 1; return () => x; }\nfunction b() {}')
    a, b = f.tree.root.named_children
    inner = next(nodes(a, 'arrow_function'))
    assert flow.of(f, inner) is flow.of(f, a)
    assert flow.of(f, b) is not flow.of(f, a)
    assert flow.root_of(f.tree.root) == f.tree.root


def test_destructured_parameter_keeps_its_place():
    f = file_of("router.post('/x', async ({ body: { to } }, res) => { sink(to.addr); });")
    call = call_named(f, 'sink')
    (origin,) = flow.of(f, call).origins(scope.arguments(call)[0])
    assert (origin.name, origin.path, origin.binding.path, origin.binding.kind) == (
        'to.addr', ('addr',), ('body', 'to'), 'parameter',
    )


def test_origins_of_a_property_of_an_options_object():
    src = HANDLER % "const opts = { from: 'me@x.io', to: req.body.email };\nawait sendMail(opts);"
    f = file_of(src)
    call = call_named(f, 'sendMail')
    fl = flow.of(f, call)
    assert [o.name for o in fl.origins(scope.arguments(call)[0], path=('to',))] == ['req.body.email']
    assert [o.name for o in fl.origins(scope.arguments(call)[0], path=('from',))] == ["'me@x.io'"]


def test_free_references_are_the_names_nothing_local_binds():
    src = 'let hits = 0;\napp.get("/", async (req, res) => { const hits2 = hits; hits = hits2 + 1; '\
          'const f = (hits) => hits; });'
    f = file_of(src)
    handler = next(nodes(f.tree.root, 'arrow_function'))
    fl = flow.of(f, handler)
    assert [scope.text(r.parent) for r in fl.free_references('hits')] == ['hits2 = hits']
    assert [(b.kind, scope.text(b.statement)) for b in fl.free_writes('hits')] == [('assignment', 'hits = hits2 + 1')]


def test_root_of_walking_down_from_the_top_is_root_of_walking_up():
    import pathlib

    compared = 0
    for path in sorted((ROOT / 'fixtures').glob('*/*.[jt]s')):
        grammar = syntax.grammar_for(path.name)
        top = syntax.parse(path.read_bytes(), grammar).root
        stack = [top]
        while stack:
            node = stack.pop()
            stack.extend(node.children)
            up, down = flow.root_of(node), flow.root_of(node, top)
            assert (up.type, up.start_byte, up.end_byte) == (down.type, down.start_byte, down.end_byte)
            compared += 1
    assert compared > 10_000
