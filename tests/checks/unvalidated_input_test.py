from __future__ import annotations

import pathlib

import pytest

from vcx_hook.checks.unvalidated_input import ID
from vcx_hook.config import default_config
from vcx_hook.engine import audit

from tests import helpers
from tests.helpers import ROOT

CONFIG = default_config()._replace(enabled=frozenset(('unvalidated-input',)))


findings = helpers.bind(helpers.findings, ID, 'x.js')


def handler(body: str, route: str = "app.post('/x', async (req, res) => {") -> str:
    return f'{route}\n{body}\n}});\n'


def test_seed_send_email_names_the_recipient():
    src = handler('  await sendEmail(req.body.to, req.body.subject, req.body.body);\n  res.json({ success: true });',
                  "app.post('/api/send-email', async (req, res) => {")
    assert findings(src) == [
        'x.js:2 `sendEmail()` sends to `req.body.to` straight from the request; anyone can make it mail anyone',
    ]


@pytest.mark.parametrize(
    ('body', 'expected'),
    (
        pytest.param('  const { to } = req.body;\n  await mailer.sendMail({ to, text: "hi" });',
                     'x.js:3 `mailer.sendMail()` sends to `req.body.to` straight from the request; anyone can make it mail anyone',
                     id='destructured recipient in an options object'),
        pytest.param('  const id = req.params.id;\n  await db.query("DELETE FROM t WHERE id = " + id);',
                     'x.js:3 `db.query()` runs SQL built from `req.params.id`; pass it as a parameter instead',
                     id='concatenated SQL through a name'),
        pytest.param('  const q = `SELECT * FROM t WHERE name = \'${req.query.name.trim()}\'`;\n  await pool.query(q);',
                     "x.js:3 `pool.query()` runs SQL built from `req.query.name`; pass it as a parameter instead",
                     id='template through a pass-through call'),
        pytest.param('  res.redirect("//" + req.query.next);',
                     'x.js:2 `res.redirect()` sends the browser to `req.query.next` unchecked (open redirect)',
                     id='protocol-relative prefix'),
        pytest.param('  res.redirect(302, req.query.next);',
                     'x.js:2 `res.redirect()` sends the browser to `req.query.next` unchecked (open redirect)',
                     id='redirect with a status first'),
        pytest.param('  const { data } = await axios.get(req.body.webhook);',
                     'x.js:2 `axios.get()` fetches a URL taken from `req.body.webhook` on the server (SSRF)',
                     id='ssrf through axios'),
    ),
)
def test_reported(body, expected):
    assert findings(handler(body)) == [expected]


@pytest.mark.parametrize(
    'body',
    (
        pytest.param('  await db.query("SELECT * FROM t WHERE id = $1", [req.params.id]);', id='placeholders'),
        pytest.param('  await db.query(`SELECT * FROM t LIMIT ${Number(req.query.limit)}`);', id='numeric coercion'),
        pytest.param('  await db.query(`SELECT * FROM t WHERE id = ${parseInt(req.params.id, 10)}`);', id='parseInt'),
        pytest.param('  const rows = await sql`SELECT * FROM t WHERE id = ${req.params.id}`;', id='tagged template'),
        pytest.param('  const { to } = Schema.parse(req.body);\n  await sendEmail(to, "hi");', id='zod parse'),
        pytest.param('  const { error, value } = schema.validate(req.body);\n  if (error) return res.status(400).end();\n'
                     '  await sendEmail(req.body.to, "hi");', id='joi validate on the whole body'),
        pytest.param('  if (!validator.isEmail(req.body.to)) return res.status(400).end();\n'
                     '  await sendEmail(req.body.to, "hi");', id='format check that returns early'),
        pytest.param('  if (!ALLOWED.has(req.query.next)) return res.redirect("/");\n  res.redirect(req.query.next);',
                     id='allowlist that returns early'),
        pytest.param('  res.redirect(`/users/${req.params.id}`);', id='fixed path prefix'),
        pytest.param('  res.redirect(req.get("Referer") || "/");', id='headers are set by the victim browser'),
        pytest.param('  await fetch(`https://api.example.com/v1/${encodeURIComponent(req.query.q)}`);', id='fixed host'),
        pytest.param('  res.send(`<p>${escapeHtml(req.query.q)}</p>`);', id='escaped HTML'),
        pytest.param('  res.send("Hello " + req.query.name);', id='plain text response'),
        pytest.param('  const user = await User.findOne({ email: { $eq: req.body.email } });', id='pinned operator'),
        pytest.param('  const user = await User.findOne({ _id: req.params.id });', id='route params are strings'),
        pytest.param('  const found = items.find((i) => i.id === req.params.id);', id='array find'),
        pytest.param('  const file = path.join(DIR, path.basename(req.params.name));\n  res.sendFile(file);', id='basename'),
        pytest.param('  await sendEmail(req.user.email, req.body.subject);', id='recipient from the session'),
        pytest.param('  const url = req.body.url;\n  if (url.match(/internal/)) flagged = true;\n  '
                     'await db.logs.create({ data: { url } });', id='not a sink'),
    ),
)
def test_not_reported(body):
    assert findings(handler(body)) == []


def test_a_check_that_does_not_stop_anything_is_no_guard():
    body = '  const url = req.body.url;\n  if (url.match(/internal/)) flagged = true;\n  await fetch(url);'
    assert findings(handler(body)) == [
        'x.js:4 `fetch()` fetches a URL taken from `req.body.url` on the server (SSRF)',
    ]


@pytest.mark.parametrize(
    ('route', 'expected'),
    (
        pytest.param("app.post('/x', validate(schema), async (req, res) => {", [], id='validation middleware'),
        pytest.param("app.post('/x', body('to').isEmail(), async (req, res) => {", [], id='express-validator chain'),
        pytest.param("fastify.post('/x', { schema: { body: S } }, async (req, res) => {", [], id='fastify schema'),
        pytest.param("app.post('/x', auth, async (req, res) => {", [
            'x.js:2 `sendEmail()` sends to `req.body.to` straight from the request; anyone can make it mail anyone',
        ], id='other middleware'),
    ),
)
def test_route_level_validation(route, expected):
    assert findings(handler('  await sendEmail(req.body.to, "hi");', route)) == expected


def test_next_app_router_and_koa_sources():
    src = '''\
export async function POST(request) {
  const { url } = await request.json();
  return fetch(url);
}
router.get('/f/:name', async (ctx) => {
  ctx.body = await fs.readFile(ctx.params.name);
});
'''
    assert findings(src, 'route.js') == [
        'route.js:3 `fetch()` fetches a URL taken from `request.json().url` on the server (SSRF)',
        'route.js:6 `fs.readFile()` uses a file path built from `ctx.params.name`; `../` reaches outside the folder',
    ]


def test_browser_sources():
    src = '''\
function show(el) {
  el.innerHTML = location.hash.slice(1);
  el.innerHTML = DOMPurify.sanitize(location.hash);
  document.getElementById('x').insertAdjacentHTML('beforeend', new URLSearchParams(location.search).get('m'));
}
'''
    assert findings(src, 'ui.js') == [
        'ui.js:2 `el.innerHTML` is set from `location.hash` without sanitizing',
        "ui.js:4 `…ent.getElementById().insertAdjacentHTML()` inserts "
        "`new URLSearchParams(location.search).get('m')` as HTML unsanitized",
    ]


def test_nest_primitive_query_parameter_is_a_source_but_a_dto_is_not():
    src = '''\
class FilesController {
  @Get()
  read(@Query('name') name: string, @Body() dto: CreateDto) {
    fs.readFileSync(name);
    fs.readFileSync(dto.name);
  }
}
'''
    assert findings(src, 'files.controller.ts') == [
        'files.controller.ts:4 `fs.readFileSync()` uses a file path built from `name`; `../` reaches outside the folder',
    ]


def test_hono_lambda_and_spawn_sources():
    src = '''\
const { spawn } = require('child_process');
app.get('/r', async (c) => {
  const name = c.req.query('name');
  return c.html(await fs.promises.readFile(`./pages/${name}`, 'utf8'));
});
export const handler = async (event) => {
  const { cmd } = JSON.parse(event.body);
  spawn(cmd, ['-x'], { shell: true });
  spawn('ls', [event.queryStringParameters.dir]);
  vm.runInNewContext(event.queryStringParameters.expr, {});
};
'''
    assert findings(src, 'h.js') == [
        "h.js:4 `fs.promises.readFile()` uses a file path built from `c.req.query('name')`; `../` reaches outside the folder",
        'h.js:8 `spawn()` runs a shell command built from `event.body.cmd`',
        'h.js:10 `vm.runInNewContext()` runs code built from `event.queryStringParameters.expr`',
    ]


@pytest.mark.parametrize(
    ('src', 'expected'),
    (
        pytest.param("  const u = await User.findOne({ passwordResetToken: req.body.token });", [
            'x.js:2 `User.findOne()` filters on `req.body.token` unchecked; an object like `{ $ne: null }` matches any record',
        ], id='secret field'),
        pytest.param("  const u = await User.findOne({ email: req.body.email });", [], id='ordinary field'),
        pytest.param("  const u = await User.find(req.query);", [
            'x.js:2 `User.find()` takes its filter from `req.query`; `$` operators in it reach the database',
        ], id='the whole query object'),
        pytest.param("  app.use(mongoSanitize());\n  const u = await User.find(req.query);", [], id='sanitized app'),
    ),
)
def test_mongo_filters(src, expected):
    assert findings(handler(src)) == expected


@pytest.mark.parametrize(
    ('packages', 'expected'),
    (
        pytest.param({'knex': '^2', 'pg': '^8'}, [], id='a Knex app: its own model takes no filter'),
        pytest.param({'express': '^4', 'mongoose': '^8'}, [
            'x.js:2 `model.updateOne()` takes its filter from `req.body`; `$` operators in it reach the database',
        ], id='a Mongoose app'),
        pytest.param({}, [
            'x.js:2 `model.updateOne()` takes its filter from `req.body`; `$` operators in it reach the database',
        ], id='no package known'),
    ),
)
def test_a_receiver_of_unknown_binding_is_mongo_only_in_a_package_declaring_it(packages, expected):
    src = "const updateOne = (model) => async (req, res) => {\n  await model.updateOne(req.body, Number(req.params.id));\n};\n"
    assert findings(src, config=CONFIG._replace(packages=packages)) == expected


def test_a_guard_outside_the_touched_callback_still_counts():
    from vcx_hook.engine.target import Change

    guarded = '''\
app.post('/x', async (req, res) => {
  if (!validator.isEmail(req.body.to)) return res.status(400).end();
  queue.push(async () => {
    await sendEmail(req.body.to, 'hi');
  });
});
'''
    unguarded = guarded.replace("  if (!validator.isEmail(req.body.to)) return res.status(400).end();\n", '')

    def touched(src, row):
        r = audit.audit(audit.Target('x.js', src.encode(), Change(((row, row + 1),), ())), CONFIG)
        return [f'{f.path}:{f.line}' for f in r.findings]

    assert touched(guarded, 3) == []
    assert touched(unguarded, 2) == ['x.js:3']


@pytest.mark.parametrize('src', [
    'function add(a, b) {\n  return a + b;\n}\n',
    'const x = $req.body;\n',
    'app.post("/x", ( {\n body }) => body);\n',
    'export default function handler(req, res) {}\n',
    'const f = ({ params }) => params.id;\n',
    'const total = items.reduce((a, b) => a + b, 0);\n',
    'const requestId = makeId(); // not a request\n',
    'const u = new URL(link);\n',
])
def test_gate_words_are_the_request_words_pattern(src):
    from vcx_hook.ecosystem import requests
    from vcx_hook.lang import scope as scope_mod
    from vcx_hook.lang import syntax

    file = scope_mod.File('a.js', syntax.parse(src.encode(), 'javascript'))
    expected = requests.REQUEST_WORDS.search(src.encode()) is not None
    assert requests.request_words(file) is expected


@pytest.mark.parametrize(('src', 'opens'), [
    pytest.param('app.post("/x", (req, res) => res.send(req.body.name));\n', True, id='req.body'),
    pytest.param('export async function POST(request) { const b = await request.json(); }\n', True, id='request.json()'),
    pytest.param('const { body } = req;\n', True, id='handed on whole'),
    pytest.param('export const handler = async (event) => JSON.parse(event.body);\n', True, id='lambda event'),
    pytest.param("addEventListener('message', ({ data }) => run(data));\n", True, id='message listener'),
    pytest.param('app.get("/x", ({ query }, res) => res.send(query.q));\n', True, id='destructured'),
    pytest.param('class C { create(@Body() dto) {} }\n', True, id='nest'),
    pytest.param('const q = location.search;\n', True, id='location'),
    pytest.param('const u = document.URL;\n', True, id='document.URL'),
    pytest.param('const p = new URL(u).searchParams.get("next");\n', True, id='searchParams'),
    # Request words with no source they could make: no sink can have one in reach.
    pytest.param('// resolve the request relative to the context\nexport const x = 1;\n', False, id='comment'),
    pytest.param('function make(context) { return new Compiler(context); }\n', False, id='context handed to a call'),
    pytest.param('const message = `${a} failed`;\nthrow new Error(message);\n', False, id='message text'),
    pytest.param('const x = $req.body;\n', False, id='$req is another name'),
])
def test_gate_needs_the_words_of_a_source_in_the_file(src, opens):
    from vcx_hook.checks import unvalidated_input
    from vcx_hook.config import default_config
    from vcx_hook.lang import scope as scope_mod

    file = scope_mod.File.unparsed('a.js', src.encode(), 'javascript')
    assert unvalidated_input.relevant(scope_mod.whole_file_scopes(file)[0], default_config()) is opens
    assert not file.parsed  # words and text only


def test_a_function_with_a_source_is_in_a_file_with_one():
    """``requests.possible`` is ``requests.in_function`` over the whole file: what holds for a
    function holds for its file, so the gate never closes on a finding (see also tests/gates_test.py)."""
    from vcx_hook.checks.unvalidated_input.checker import request_names
    from vcx_hook.config import default_config
    from vcx_hook.ecosystem import requests
    from vcx_hook.lang import flow
    from vcx_hook.lang import scope as scope_mod
    from vcx_hook.lang import syntax

    names = request_names(default_config().names['unvalidated-input'])
    checked = 0
    for path in sorted((ROOT / 'fixtures').glob('**/*.[jt]s*')):
        grammar = syntax.grammar_for(path.name)
        if grammar is None:
            continue
        file = scope_mod.File(path.name, syntax.parse(path.read_bytes(), grammar))
        roots = {flow.root_of(n) for n in file.named(frozenset((b'req', b'request', b'event', b'data', b'body')), ((0, len(file.source)),))}
        for root in roots:
            if requests.in_function(file, root, names):
                checked += 1
                assert requests.possible(file, names), path
    assert checked > 20


# --- sinks are found by name: the same nodes as the query they replaced ------------------------

SINKS_QUERY = (pathlib.Path(__file__).parent / 'unvalidated_input_sinks.scm').read_text()
KINDS = ('call', 'client', 'new', 'assign', 'html')
TRICKY = '''\
x.find(q).replace(a, b);
db.query<User>(sql);
db?.query(sql);
obj['query'](sql);
// query(sql) in a comment, and "query(sql)" in a string
this.#query(sql);
query(sql);
(query)(sql);
new vm.Script(code);
new Function(code);
new Script(code);
el.innerHTML = html;
location = next;
window.location.href = next;
ctx.body = page;
const el2 = <div dangerouslySetInnerHTML={{ __html: html }} />;
const o = { '__html': html, __html: html };
axios.get(u); got.post(u); request(u); http['get'](u);
await sendEmail(to); await notifyUser(to); await mail.send(m); twilio.messages.create(m);
setTimeout('code', 1); fs.readFileSync(p); cp.exec(cmd); res.sendFile(p);
'''


def _query_sinks(file, names):
    """What the query took, less the calls it took by a pattern that no sink name reaches
    (``notifyUser``: ``_outbound_sink`` refuses it by name)."""
    from vcx_hook.checks.unvalidated_input import candidates
    from vcx_hook.lang import scope as scope_mod
    from vcx_hook.lang import syntax

    found = syntax.captures(file.tree.grammar, SINKS_QUERY, file.tree.root)
    call_names, _ = candidates.call_names(tuple(names[k] for k in candidates.CALL_LISTS))
    out = {}
    for kind in KINDS:
        nodes = found.get(f'unvalidated-input.{kind}', [])
        if kind == 'call':
            nodes = [n for n in nodes if scope_mod.callee_name(n).encode() in call_names]
        out[kind] = sorted({(n.start_byte, n.end_byte) for n in nodes})
    return out


def _named_sinks(file, names):
    from vcx_hook.checks.unvalidated_input import candidates
    from vcx_hook.lang import scope as scope_mod

    found = candidates.candidates(scope_mod.whole_file_scopes(file)[0], names)
    return {kind: sorted({(n.start_byte, n.end_byte) for n in nodes}) for kind, nodes in zip(KINDS, found)}


def _sources():
    root = ROOT / 'fixtures'
    yield 'tricky.tsx', TRICKY.encode()
    yield 'tricky.js', TRICKY.replace('<User>', '').encode()
    for path in sorted(root.rglob('*')):
        if path.suffix in ('.js', '.jsx', '.ts', '.tsx', '.mjs', '.cjs'):
            yield str(path.relative_to(root)), path.read_bytes()


def test_sinks_found_by_name_are_the_querys():
    from vcx_hook.checks import unvalidated_input as uv
    from vcx_hook.lang import scope as scope_mod
    from vcx_hook.lang import syntax

    names = CONFIG.names[uv.ID]
    compared = 0
    for path, data in _sources():
        grammar = syntax.grammar_for(path)
        if grammar is None:
            continue
        file = scope_mod.File(path, syntax.parse(data, grammar))
        expected = _query_sinks(file, names)
        assert _named_sinks(file, names) == expected, path
        compared += sum(map(len, expected.values()))
    assert compared > 200  # the fixtures hold sinks of every kind


def test_tricky_sinks():
    from vcx_hook.checks import unvalidated_input as uv
    from vcx_hook.lang import scope as scope_mod
    from vcx_hook.lang import syntax

    src = TRICKY.encode()
    file = scope_mod.File('t.tsx', syntax.parse(src, 'tsx'))
    found = _named_sinks(file, CONFIG.names[uv.ID])
    texts = {kind: [src[a:b].decode() for a, b in spans] for kind, spans in found.items()}
    assert texts['call'] == [
        'x.find(q)', 'x.find(q).replace(a, b)', 'db.query<User>(sql)', 'db?.query(sql)', 'query(sql)',
        'sendEmail(to)', 'mail.send(m)', 'twilio.messages.create(m)', "setTimeout('code', 1)",
        'fs.readFileSync(p)', 'cp.exec(cmd)', 'res.sendFile(p)',
    ]
    assert texts['client'] == ['axios.get(u)', 'got.post(u)']
    assert texts['new'] == ['new vm.Script(code)', 'new Function(code)', 'new Script(code)']
    assert texts['assign'] == [
        'el.innerHTML = html', 'location = next', 'window.location.href = next', 'ctx.body = page']
    assert texts['html'] == ['__html: html', '__html: html']


def test_sink_names_added_in_config_are_found():
    """The query listed names; names added to the lists in config reach the check now too."""
    names = {k: dict(v) for k, v in CONFIG.names.items()}
    names['unvalidated-input']['outbound_actions'] = names['unvalidated-input']['outbound_actions'] | {'deliverLetter'}
    names['unvalidated-input']['sql_methods'] = names['unvalidated-input']['sql_methods'] | {'runSql'}
    extended = CONFIG._replace(names=names)
    src = handler('  await deliverLetter(req.body.to);\n  await db.runSql("DELETE FROM t WHERE id = " + req.params.id);')

    def found(cfg):
        r = audit.audit(audit.Target('x.js', src.encode(), None), cfg)
        return [f.line for f in r.findings]
    assert found(CONFIG) == []
    assert found(extended) == [2, 3]


@pytest.mark.parametrize('src', [
    "window.addEventListener('message', (e) => { eval(e.data); });\n",
    "window.onmessage = (e) => { eval(e.data); };\n",
])
def test_a_top_level_message_listener_is_a_source(src):
    """The listener is the outermost function: what makes it one (`'message'`) is outside it."""
    assert findings(src) == ['x.js:1 `eval()` runs code built from `e.data`']


@pytest.mark.parametrize('src', [
    handler('  await fetch(url);'),  # `req` is never read
    'function load(request) {\n  return fs.readFileSync(path.join(dir, request));\n}\n',  # a module request
])
def test_a_function_without_a_source_builds_no_flow(src, monkeypatch):
    from vcx_hook.lang import flow

    def built(*_a):
        raise AssertionError('flow built')
    monkeypatch.setattr(flow, 'of', built)
    assert findings(src) == []


def test_the_reach_test_loses_no_finding_on_the_fixtures(monkeypatch):
    """``requests.in_reach`` only saves work: every fixture audits the same without it."""
    from vcx_hook.ecosystem import requests
    from vcx_hook.engine.target import Change

    targets = []
    for path, data in _sources():
        rows = data.count(b'\n') + 1
        targets += [audit.Target(path, data, None), audit.Target(path, data, Change(((0, rows),)))]

    def run():
        return [(f.path, f.line, f.message) for t in targets for f in audit.audit(t, CONFIG).findings]
    with_reach = run()
    monkeypatch.setattr(requests, 'in_reach', lambda *_a: True)
    assert run() == with_reach
    assert len(with_reach) > 40


@pytest.mark.parametrize(('src', 'path'), [
    ("app.post('/x', ({ body }, res) => { eval(body.code); });\n", 'x.js'),
    ("app.post('/x', ({ body: b }, res) => { eval(b.code); });\n", 'x.js'),
    ("app.post('/x', ({ 'body': b }, res) => { eval(b.code); });\n", 'x.js'),
    ("app.post('/x', ({ body = {} }, res) => { eval(body.code); });\n", 'x.js'),
    ("app.post('/x', ({ body } = {}, res) => { eval(body.code); });\n", 'x.js'),
    ("app.post('/x', async ({ body }: Request, res) => { eval(body.code); });\n", 'x.ts'),
    ("app.post('/x', async ({ body }?: Request) => { eval(body.code); });\n", 'x.ts'),
])
def test_a_destructured_request_parameter_is_in_reach(src, path):
    assert [f.line for f in audit.audit(audit.Target(path, src.encode(), None), CONFIG).findings] == [1]


def test_a_field_that_is_not_a_parameter_key_builds_no_flow(monkeypatch):
    """`body` in a nested pattern or a plain object is no parameter's first key: no source."""
    from vcx_hook.lang import flow

    def built(*_a):
        raise AssertionError('flow built')
    monkeypatch.setattr(flow, 'of', built)
    src = "app.get('/x', ({ a: { body } }, res) => {\n  const o = { body: 1 };\n  eval(o.body);\n});\n"
    assert findings(src) == []


@pytest.mark.parametrize('read', [
    'req.body.code', 'req?.body.code', 'req!.body.code', "req['body'].code", "req?.['body'].code",
    '(req as any).body.code', '(req).body.code', 'r.body.code',
])
def test_every_way_of_reading_the_request_is_in_reach(read, monkeypatch):
    """The reach test may only say no where the flow finds no source: each of these reads
    reports with it as without it."""
    from vcx_hook.ecosystem import requests

    src = f"app.post('/x', async (req: Request, res) => {{\n  const r = req;\n  eval({read});\n}});\n"
    with_reach = findings(src, 'x.ts')
    monkeypatch.setattr(requests, 'in_reach', lambda *_a: True)
    assert findings(src, 'x.ts') == with_reach
    if read not in ('(req as any).body.code',):
        assert len(with_reach) == 1, read


@pytest.mark.parametrize('body', [
    'const { body } = req;\n  eval(body.code);',
    'let r;\n  r = req;\n  eval(r.body.code);',
    'const all = { ...req };\n  eval(all.body.code);',
])
def test_a_request_handed_on_whole_is_in_reach(body, monkeypatch):
    from vcx_hook.ecosystem import requests

    src = handler('  ' + body)
    with_reach = findings(src)
    monkeypatch.setattr(requests, 'in_reach', lambda *_a: True)
    assert findings(src) == with_reach


about = helpers.bind(helpers.about, ID, 'x.js')


@pytest.mark.parametrize(('src', 'path', 'expected'), (
    pytest.param(handler("  const { to } = req.body;\n  const addr = to.trim();\n"
                         "  await mailer.sendMail({ to: addr, text: 'hi' });"), 'x.js', [(2, 3, 4)],
                 id='each assignment that carried it'),
    pytest.param(handler("  await sendEmail(req.body.to, 'x');"), 'x.js', [(2,)], id='read in the sink'),
    pytest.param(handler("  await transporter.sendMail({\n    from: 'a@b.c',\n    to: req.body.email,\n  });"),
                 'x.js', [(2, 4)], id='read on a later line of the sink'),
    pytest.param('export async function POST(request) {\n  const { url } = await request.json();\n'
                 '  const target = url;\n  return fetch(target);\n}\n', 'app/api/x/route.js', [(2, 3, 4)],
                 id='a fetch whose URL head was followed'),
    pytest.param("class C {\n  @Get()\n  read(@Query('name') name: string) {\n    const file = name;\n"
                 '    fs.readFileSync(file);\n  }\n}\n', 'c.ts', [(3, 4, 5)], id='a nest parameter is the source'),
    pytest.param("app.post('/x', async (req, res) => {\n  const id = req.params.id;\n  const other = 1;\n"
                 "  await db.query('DELETE FROM t WHERE id = ' + id + other);\n});\n", 'x.js', [(2, 4)],
                 id='values that carry no request data are left out'),
))
def test_evidence_is_where_the_value_was_read_and_carried(src, path, expected):
    assert about(src, path) == expected


SAILS = '''\
module.exports = {
  inputs: {
    name: { type: 'string', required: true },
    kind: { type: 'string', isIn: ['a', 'b'] },
    size: { type: 'number' },
  },
  fn: async function (inputs, exits) {
    fs.createReadStream(path.join(DIR, inputs.name));
    fs.createReadStream(path.join(DIR, inputs.kind));
    fs.createReadStream(path.join(DIR, `${inputs.size}`));
  },
};
'''


@pytest.mark.parametrize(('path', 'expected'), (
    pytest.param('api/controllers/files/read.js', [
        'api/controllers/files/read.js:8 `fs.createReadStream()` uses a file path built from `inputs.name`; '
        '`../` reaches outside the folder',
    ], id='an action: only the free string input'),
    pytest.param('api/helpers/files/read.js', [], id='a helper takes its inputs from code'),
))
def test_sails_action_inputs_are_request_data(path, expected):
    assert findings(SAILS, path) == expected


@pytest.mark.parametrize(('src', 'expected'), (
    pytest.param("function purge(kind) {\n  return db.prepare(`delete from t where kind = '${kind}'`).run();\n}\n"
                 "app.post('/purge', (req, res) => res.json(purge(req.body.kind)));\n", [
        "x.ts:2 `db.prepare()` runs SQL with `kind` interpolated, which line 4 passes from `req.body.kind`; use a "
        "placeholder",
    ], id='sql value a route passes'),
    pytest.param("function purge({ kind }) {\n  return db.prepare(`delete from t where kind = '${kind}'`).run();\n}\n"
                 "app.post('/purge', (req, res) => res.json(purge(req.body)));\n", [
        "x.ts:2 `db.prepare()` runs SQL with `kind` interpolated, which line 4 passes from `req.body.kind`; use a "
        "placeholder",
    ], id='destructured from the body a route passes'),
    pytest.param("const { exec } = require('child_process');\nfunction open(url) {\n  exec(`xdg-open \"${url}\"`);\n}\n"
                 "app.get('/open', (req, res) => { open(req.query.url); res.end(); });\n", [
        'x.ts:3 `exec()` runs a shell command with `url` interpolated, which line 5 passes from `req.query.url`; '
        'quoting by hand does not stop `$(...)`: pass the arguments to `execFile`',
    ], id='shell command a route passes'),
    pytest.param("function purge(kind) {\n  return db.prepare(`delete from t where kind = '${kind}'`).run();\n}\n", [
        "x.ts:2 `db.prepare()` runs SQL with `kind` interpolated, a value its caller passes; use a placeholder",
    ],
                 id='sql value no call in the file passes (low)'),
    pytest.param("function purge(kind) {\n  return db.prepare(`delete from t where kind = '${kind}'`).run();\n}\n"
                 "async function job() {\n  for (const row of await db.rows.findMany()) purge(row.kind);\n}\n", [
        "x.ts:2 `db.prepare()` runs SQL with `kind` interpolated, a value its caller passes; use a placeholder",
    ],
                 id='sql value from the database (low)'),
    pytest.param("function purge(kind) {\n  return db.prepare(`delete from t where kind = '${kind}'`).run();\n}\n"
                 "app.post('/purge', (req, res) => {\n  if (!KINDS.includes(req.body.kind)) return res.end();\n"
                 "  purge(req.body.kind);\n});\n", [
        "x.ts:2 `db.prepare()` runs SQL with `kind` interpolated, a value its caller passes; use a placeholder",
    ], id='checked by the route before the call (low)'),
    pytest.param("const { exec } = require('child_process');\nfunction open(url) {\n  exec(`xdg-open \"${url}\"`);\n}\n"
                 "open(process.argv[2]);\n", [
        'x.ts:3 `exec()` runs a shell command with `url` interpolated, a value its caller passes; quoting by hand '
        'does not stop `$(...)`: pass the arguments to `execFile`',
    ], id='shell command with the command line (low)'),
    pytest.param("import { exec } from '../../utils.js';\nasync function plot(file) {\n  await exec(`plot gerber ${file}`);\n}\n", [
        'x.ts:3 `exec()` runs a shell command with `file` interpolated, a value its caller passes; quoting by hand '
        'does not stop `$(...)`: pass the arguments to `execFile`',
    ], id="the project's own exec, imported (low)"),
    pytest.param("const utils = require('../lib/utils');\nfunction issue(cert) {\n  return utils.exec(`certbot --email '${cert.email}'`);\n}\n", [
        'x.ts:3 `utils.exec()` runs a shell command with `cert.email` interpolated, a value its caller passes; quoting by '
        'hand does not stop `$(...)`: pass the arguments to `execFile`',
    ], id="the project's own exec, a method of its module (low)"),
    pytest.param("import { exec } from 'some-package';\nasync function plot(file) {\n  await exec(`plot gerber ${file}`);\n}\n", [],
                 id="a package's exec: not known to be a shell"),
    pytest.param("import { execute } from '../../utils.js';\nasync function plot(file) {\n  await execute(`plot ${file}`);\n}\n", [],
                 id="the project's function of another name"),
    pytest.param("import ldap from 'ldapjs';\nfunction find(user) {\n  client.search(base, { filter: `(uid=${user})` });\n}\n", [
        'x.ts:3 `client.search()` filters on `user`, a value its caller passes, unescaped; `(`, `)` and `*` in it '
        'change the LDAP filter',
    ], id='ldap filter'),
    pytest.param("import { Client } from 'ldapts';\nasync function login(email, config) {\n  const attr = config.mailAttribute;\n"
                 "  await client.search(config.baseDN, { filter: `(${attr}=${email})` });\n}\n", [
        'x.ts:4 `client.search()` filters on `email`, a value its caller passes, unescaped; `(`, `)` and `*` in it '
        'change the LDAP filter',
    ], id='ldap filter: the parameter, not an options field'),
    pytest.param("function purge(kind: 'a' | 'b', n: number) {\n"
                 "  return db.prepare(`delete from t where kind = '${kind}' limit ${n}`).run();\n}\n", [],
                 id='typed as a number or a union of literals'),
    pytest.param("function rows(table) {\n  return db.prepare(`select * from ${table} where id = ?`).all(1);\n}\n", [],
                 id='a name, not a value'),
    pytest.param("function whois(nick) {\n  irc.raw(`WHOIS ${nick}`);\n}\n", [], id='not sql'),
    pytest.param("items.forEach((item) => db.query(`delete from t where id = '${item.id}'`));\n", [],
                 id='a callback parameter'),
    pytest.param("const { exec } = require('child_process');\nfunction run(cmd) {\n  exec(cmd);\n}\n", [],
                 id='a command runner is its job'),
))
def test_values_a_caller_passes(src, expected):
    assert findings(src, 'x.ts') == expected


def test_a_value_no_request_reaches_is_low():
    """SQL and shell text with a caller's value: listed where a same-file call passes request data,
    low otherwise (judged 0 of 10 worth asking; real injections were fixed in that shape)."""
    purge = "function purge(kind) {\n  return db.prepare(`delete from t where kind = '${kind}'`).run();\n}\n"
    route = "app.post('/purge', (req, res) => res.json(purge(req.body.kind)));\n"
    for src, confidence in ((purge, 'low'), (purge + route, 'medium')):
        result = audit.audit(audit.Target('x.ts', src.encode(), None), default_config())
        assert [f.confidence for f in result.findings if f.check_id == ID] == [confidence]


@pytest.mark.parametrize(('src', 'expected'), (
    pytest.param("function show(s) {\n  $('h1').html(s.customTitle);\n}\n", [
        'x.js:2 `.html()` parses `s.customTitle` as HTML: markup saved in it runs in the page (stored XSS); '
        '`.text()` shows it as text',
    ], id='a saved setting'),
    pytest.param("function row(list, i) {\n  return $('<tr>')\n    .append($('<td>').append(list[i].unit))\n"
                 "    .append($('<td>').append(list[i].kind));\n}\n", [
        'x.js:3 `.append()` parses `list[i].unit` as HTML (and 1 more in this chain): markup saved in it runs in '
        'the page (stored XSS); `.text()` shows it as text',
    ], id='once per chain'),
    pytest.param("function show(s) {\n  $('h1').text(s.customTitle);\n}\n", [], id='text'),
    pytest.param("function show(s) {\n  $('h1').html('<b>' + s.customTitle + '</b>');\n}\n", [],
                 id='markup built around it'),
    pytest.param("function show(s, options) {\n  $('h1').html(s.bodyHtml).append(s.$el).append(options.label)"
                 ".append(s.id);\n}\n", [], id='markup, elements, options and ids'),
    pytest.param("function show(el, s) {\n  el.html(s.customTitle);\n}\n", [], id='not a jquery chain built here'),
))
def test_saved_values_in_jquery_html(src, expected):
    assert findings(src) == expected


@pytest.mark.parametrize(('body', 'expected'), (
    pytest.param("  if (req.headers['x-api-key'] !== process.env.INTERNAL_API_KEY) return res.status(401).end();\n"
                 '  await fetch(req.body.url);', [], id='an endpoint only holders of the secret call'),
    pytest.param("  if (req.headers['x-api-key'] !== process.env.INTERNAL_API_KEY) log('no key');\n"
                 '  await fetch(req.body.url);',
                 ['x.js:3 `fetch()` fetches a URL taken from `req.body.url` on the server (SSRF)'],
                 id='a secret checked without stopping the request'),
    pytest.param('  fs.unlinkSync(req.file.path);\n  fs.unlinkSync(req.files[0].path);', [], id="multer's stored path"),
    pytest.param('  fs.readFileSync(req.file.originalname);', [
        'x.js:2 `fs.readFileSync()` uses a file path built from `req.file.originalname`; `../` reaches outside the folder',
    ], id='the name the client sent'),
    pytest.param('  fs.rmSync(`${dir}/${req.file.originalname}`);\n  fs.rmSync(path.join(dir, req.file.originalname));', [],
                 id="multer's name (one segment) under a folder"),
    pytest.param("  res.redirect(req.session.user ? `/teams/${req.params.id}` : '/login');", [],
                 id='every branch of the redirect starts with a path'),
    pytest.param("  res.redirect(req.session.user ? req.query.next : '/login');", [
        'x.js:2 `res.redirect()` sends the browser to `req.query.next` unchecked (open redirect)',
    ], id='a branch the request decides'),
))
def test_request_values_no_user_chooses(body, expected):
    assert findings(handler(body)) == expected


@pytest.mark.parametrize(('packages', 'expected'), (
    pytest.param({'koa-body': '^6.0.1'}, [], id='koa-body parses with formidable'),
    pytest.param({'formidable': '^3'}, [], id='formidable itself'),
    pytest.param({'multer': '^1'}, [
        'x.js:2 `fs.renameSync()` uses a file path built from `req.files.pack.filepath`; `../` reaches outside the folder',
    ], id='no formidable: a field the project set'),
))
def test_formidable_chooses_the_filepath_where_the_project_parses_with_it(packages, expected):
    """Declared in the package, not imported here: koa-body is registered once in the app's entry."""
    config = CONFIG._replace(packages=packages)
    src = handler("  fs.renameSync(req.files.pack.filepath, '/srv/packs/latest.zip');")
    assert helpers.findings(ID, src, 'x.js', config=config) == expected


@pytest.mark.parametrize(
    ('pattern', 'asked'),
    (
        pytest.param('/[a-z0-9]+/', True, id='one repeated class'),
        pytest.param('/tt\\d+/i', True, id='a prefix and digits'),
        pytest.param('/^tt\\d+$/', False, id='anchored'),
        pytest.param('/^tt\\d+/', False, id='anchored at the start only: not this question'),
        pytest.param('/(?:tt|kt)\\d+/', True, id='alternation inside a group'),
        pytest.param('/tt\\d+|kitsu/', False, id='alternation at the top: a search'),
        pytest.param('/[a-z]/', False, id='a character, not a format'),
        pytest.param('/[a-z]+/g', False, id='global: a search'),
        pytest.param('/[\\^$]+/', True, id='anchors inside a class are characters'),
    ),
)
def test_unanchored_format_of_an_id(pattern, asked):
    src = f'function f(req, res) {{\n  const id = req.params.id;\n  if (!{pattern}.test(id)) return res.end();\n  return load(id);\n}}\n'
    found = [f for f in findings(src) if 'has no `^` and `$`' in f]
    assert (found == [f'x.js:3 `{pattern}` has no `^` and `$`: it matches anywhere in `id`, so a value with anything '
                      'around a well-formed part passes; anchor it if it checks the whole value']) == asked, found


REPORT = ("const db = require('./db');\nfunction route(req, res) {\n  report(req.query).then((r) => res.send(r));\n}\n"
          "function report(options) {\n  const p = COND ? JSON.parse(options.params) : options.params;\n"
          "  const byGroup = p.group ? `AND g.uuid = 0x${p.group}` : '';\n"
          "  return db.exec(`SELECT a FROM t AS g WHERE DATE(g.d) >= DATE(?) ${byGroup}`, [p.from]);\n}\n"
          "module.exports = route;\n")


@pytest.mark.parametrize('cond, asked', (
    pytest.param("typeof options.params === 'string'", True, id='a string type says nothing of the value'),
    pytest.param("options.raw", True, id='any other condition'),
    pytest.param("typeof options.params === 'number'", False, id='a number type does'),
))
def test_a_fragment_with_a_value_slot_is_sql_taking_a_value(cond, asked):
    assert bool(findings(REPORT.replace('COND', cond))) == asked
