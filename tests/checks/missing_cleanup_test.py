from __future__ import annotations

import pathlib

import pytest

from vcx_hook.checks.missing_cleanup import ID
from vcx_hook.config import default_config
from vcx_hook.engine.target import Change

from tests import helpers
from tests.helpers import ROOT


findings = helpers.bind(helpers.findings, ID, 'x.jsx')
gate_opens = helpers.bind(helpers.gate_opens, ID, 'src/poller.js')


def effect(body: str, hook: str = 'useEffect') -> str:
    return f'function C() {{\n  {hook}(() => {{\n{body}\n  }}, [a]);\n}}\n'


NO_CLEANUP = 'runs in a `useEffect` that returns no cleanup: every run adds another'
NOT_UNDONE = 'runs in a `useEffect` whose cleanup does not undo it: every run adds another'


@pytest.mark.parametrize(
    ('body', 'expected'),
    (
        pytest.param('    window.addEventListener("resize", onResize);',
                     [f'x.jsx:3 `window.addEventListener("resize", onResize)` {NO_CLEANUP} listener'],
                     id='listener, no cleanup'),
        pytest.param('    window.addEventListener("resize", onResize);\n'
                     '    return () => window.removeEventListener("resize", onResize);',
                     [], id='removed in the cleanup'),
        pytest.param('    window.addEventListener("resize", onResize);\n'
                     '    return () => window.removeEventListener("scroll", onResize);',
                     [f'x.jsx:3 `window.addEventListener("resize", onResize)` {NOT_UNDONE} listener'],
                     id='cleanup removes another event'),
        pytest.param('    const id = setInterval(tick, 1000);\n    return () => clearInterval(id);', [],
                     id='interval cleared'),
        pytest.param('    timer.current = setInterval(tick, 1000);\n    return () => clearInterval(timer.current);', [],
                     id='interval kept in a ref'),
        pytest.param('    const id = setInterval(tick, 1000);\n    console.log(id);',
                     [f'x.jsx:3 `setInterval(tick, 1000)` {NO_CLEANUP} timer'],
                     id='logging the id does not clear it'),
        pytest.param('    return store.subscribe(render);', [], id='unsubscribe returned'),
        pytest.param('    const unsub = store.subscribe(render);\n    return () => { unsub(); };', [],
                     id='unsubscribe called'),
        pytest.param('    const sub = events$.subscribe(render);\n    return () => sub.unsubscribe();', [],
                     id='rxjs unsubscribe'),
        pytest.param('    events$.pipe(take(1)).subscribe(render);', [], id='completes by itself'),
        pytest.param('    el.addEventListener("click", go, { once: true });', [], id='once'),
        pytest.param('    el.addEventListener("click", go, { signal: ctrl.signal });\n    return () => ctrl.abort();', [],
                     id='abort signal'),
        pytest.param('    const ws = new WebSocket(url);\n    ws.addEventListener("message", onMessage);\n'
                     '    return () => ws.close();', [], id='socket closed, its listeners with it'),
        pytest.param('    const ws = new WebSocket(url);\n    ws.onmessage = onMessage;',
                     [f'x.jsx:3 `new WebSocket(url)` {NO_CLEANUP} connection'], id='socket never closed'),
        pytest.param('    const [x, setInterval] = [1, (v) => v];\n    setInterval(5);', [],
                     id='a local named setInterval'),
        pytest.param('    const o = new IntersectionObserver(cb);\n    o.observe(ref.current);',
                     [f'x.jsx:4 `o.observe(ref.current)` {NO_CLEANUP} observer'], id='observer not disconnected'),
        pytest.param('    map.observe(cb);', [], id='observe on something that is not an observer'),
    ),
)
def test_effects(body, expected):
    assert findings(effect(body)) == expected


def test_layout_effect_and_svelte_on_mount_name_their_hook():
    [msg] = findings(effect('    document.addEventListener("keydown", onKey);', 'useLayoutEffect'))
    assert 'runs in a `useLayoutEffect` that returns no cleanup' in msg
    [msg] = findings(effect('    document.addEventListener("keydown", onKey);', 'onMount'), 'x.ts')
    assert 'runs in a `onMount` that returns no cleanup' in msg


def test_removal_that_cannot_work():
    src = effect(
        '    document.addEventListener("keydown", (e) => onKey(e));\n'
        '    return () => document.removeEventListener("keydown", (e) => onKey(e));'
    )
    assert findings(src) == [
        'x.jsx:3 `document.addEventListener("keydown", (e) ...` is never removed: the `removeEventListener` on '
        'line 4 passes a new function (the listener was added inline)',
    ]


CLASS = """\
class Panel extends React.Component {
  componentDidMount() {
    window.addEventListener('resize', this.onResize.bind(this));
  }

  componentWillUnmount() {
    window.removeEventListener('resize', this.onResize.bind(this));
  }

  render() { return null; }
}
"""


@pytest.mark.parametrize(
    'rows',
    (
        pytest.param(None, id='whole file'),
        pytest.param([2], id='edit in componentDidMount'),
        pytest.param([6], id='edit in componentWillUnmount raises what it pairs with'),
    ),
)
def test_bind_this_removal(rows):
    assert findings(CLASS, rows=rows) == [
        "x.jsx:3 `window.addEventListener('resize', this.on...` is never removed: the `removeEventListener` on "
        'line 7 passes a new function (`.bind(this)` makes one each call)',
    ]


def test_edit_in_effect_cleanup_raises_the_effect():
    src = effect('    window.addEventListener("resize", onResize);\n    return () => {\n      track("bye");\n    };')
    assert findings(src, rows=[5]) == [
        f'x.jsx:3 `window.addEventListener("resize", onResize)` {NOT_UNDONE} listener',
    ]


@pytest.mark.parametrize(
    ('src', 'expected'),
    (
        pytest.param(
            'class Poller {\n  constructor(bus) {\n    setInterval(() => this.poll(), 1000);\n  }\n}\n',
            ['x.js:3 `setInterval(() => this.poll(), 1000)` in `Poller.constructor` adds a timer per instance that '
             'no stop/close/dispose method undoes'],
            id='timer in a constructor'),
        pytest.param(
            'class Poller {\n  start() {\n    this.t = setInterval(() => this.poll(), 1000);\n  }\n'
            '  stop() {\n    clearInterval(this.t);\n  }\n}\n',
            [], id='cleared in stop()'),
        pytest.param(
            'class Conn {\n  constructor(socket) {\n    socket.on("data", (d) => this.read(d));\n'
            '    this.client.on("error", (e) => this.fail(e));\n  }\n}\n',
            [], id='emitters handed in or owned by the instance'),
        pytest.param(
            'import { bus } from "./bus";\nclass Cache {\n  constructor() {\n    bus.on("flush", () => this.clear());\n'
            '  }\n  dispose() { this.closed = true; }\n}\n',
            ['x.js:4 `bus.on("flush", () => this.clear())` in `Cache.constructor` adds a listener per instance that '
             '`dispose()` does not undo'],
            id='module-level emitter, teardown that forgets it'),
        pytest.param(
            'class Job {\n  run() {\n    setInterval(() => this.poll(), 1000);\n  }\n}\n',
            [], id='not a start method'),
        pytest.param(
            'class UiStore {\n  constructor() {\n    window.addEventListener("storage", (e) => this.sync(e));\n  }\n}\n',
            [], id='listener of a class nothing disposes of'),
        pytest.param(
            'class UiStore {\n  constructor() {\n    window.addEventListener("storage", (e) => this.sync(e));\n  }\n'
            '  dispose() { this.closed = true; }\n}\n',
            ['x.js:3 `window.addEventListener("storage", (e) =>...` in `UiStore.constructor` adds a listener '
             'per instance that `dispose()` does not undo'],
            id='listener of a class whose dispose forgets it'),
        pytest.param(
            'class UiStore {\n  constructor() {\n    window.addEventListener("storage", (e) => this.sync(e));\n  }\n'
            '  dispose() {\n    // TODO: refresh the page\n  }\n}\n',
            [], id='listener of a class whose dispose is an empty stub'),
    ),
)
def test_classes(src, expected):
    assert findings(src, 'x.js') == expected


@pytest.mark.parametrize(
    ('src', 'expected'),
    (
        pytest.param(
            "app.get('/feed', (req, res) => {\n  emitter.on('post', (p) => res.write(p));\n});\n",
            ["x.js:2 `emitter.on('post', (p) => res.write(p))` adds a listener on every call of the GET /feed "
             'handler and nothing removes it'],
            id='route handler on a module-level emitter'),
        pytest.param(
            "app.get('/feed', (req, res) => {\n  emitter.on('post', send);\n"
            "  res.on('close', () => emitter.removeListener('post', send));\n});\n",
            [], id='removed when the response closes'),
        pytest.param(
            "wss.on('connection', (ws) => {\n  ws.on('message', (m) => ws.send(m));\n});\n",
            [], id='listener on the connection itself'),
        pytest.param(
            "wss.on('connection', (ws) => {\n  const t = setInterval(() => ws.ping(), 30000);\n"
            "  ws.on('close', () => clearInterval(t));\n});\n",
            [], id='heartbeat cleared on close'),
        pytest.param(
            "wss.on('connection', (ws) => {\n  setInterval(() => ws.ping(), 30000);\n});\n",
            ["x.js:2 `setInterval(() => ws.ping(), 30000)` adds a timer on every call of the `wss.on('connection')` "
             'handler and nothing removes it'],
            id='heartbeat never cleared'),
        pytest.param("process.on('SIGTERM', shutdown);\nbus.on('x', f);\n", [], id='start-up registrations'),
        pytest.param("function main() {\n  process.on('SIGTERM', shutdown);\n}\n", [], id='a function run once'),
    ),
)
def test_per_request(src, expected):
    assert findings(src, 'x.js') == expected


def test_angular_streams():
    src = (
        'class C {\n  ngOnInit() {\n'
        '    this.http.get(url).subscribe((x) => (this.x = x));\n'
        '    this.route.params.subscribe((p) => (this.id = p.id));\n'
        '    this.form.valueChanges.subscribe((v) => this.save(v));\n'
        '    this.store.select(selectUser).subscribe((u) => (this.u = u));\n'
        '  }\n}\n'
    )
    assert findings(src, 'c.component.ts') == [
        'c.component.ts:5 `this.form.valueChanges.subscribe((v) => t...` in `ngOnInit` adds a subscription on '
        'every mount; there is no `ngOnDestroy`',
        'c.component.ts:6 `this.store.select(selectUser).subscribe((...` in `ngOnInit` adds a subscription on '
        'every mount; there is no `ngOnDestroy`',
    ]


def test_messages_stay_short():
    src = (
        'class AVeryLongServiceClassNameForTesting {\n  initialize() {\n'
        '    this.heartbeat = setInterval(() => { this.captureEvent("telemetry_selfhoster_heartbeat"); }, 1000);\n'
        '  }\n  beforeApplicationShutdown() {}\n}\n'
        'class P extends React.Component {\n  componentDidMount() {\n'
        '    window.addEventListener("resize", this.handleTheResizeOfTheWindow.bind(this));\n  }\n'
        '  componentWillUnmount() {\n'
        '    window.removeEventListener("resize", this.handleTheResizeOfTheWindow.bind(this));\n  }\n}\n'
    )
    found = findings(src, 'x.tsx')
    assert len(found) == 2
    assert all(len(f.split(' ', 1)[1]) < 160 for f in found), found


@pytest.mark.parametrize('grammar', ('javascript', 'typescript', 'tsx'))
def test_region_query_compiles(grammar):
    from vcx_hook.checks import missing_cleanup
    from vcx_hook.lang import syntax

    syntax.compile_query(grammar, missing_cleanup.REGION_QUERY)


@pytest.mark.parametrize(
    ('body', 'expected'),
    (
        pytest.param('useEffect(() => window.addEventListener("resize", f), []);', 1, id='listener as arrow body'),
        pytest.param('useEffect(() => setInterval(tick, 1000), []);', 1, id='interval id is not a cleanup'),
        pytest.param('useEffect(() => onSnapshot(query, render), []);', 0, id='unsubscribe as arrow body'),
    ),
)
def test_arrow_body_returns_only_unsubscribes(body, expected):
    assert len(findings(f'function C() {{\n  {body}\n}}\n')) == expected


REGISTRATIONS_QUERY = (pathlib.Path(__file__).parent / 'missing_cleanup_registrations.scm').read_text()


def test_gate_names_are_the_querys():
    import re

    from vcx_hook.ecosystem import resources

    found = set()
    for alternatives in re.findall(r'#match\? @_missing-cleanup\.\w+ "\^\(([^)]*)\)\$"', REGISTRATIONS_QUERY):
        found.update(alternatives.split('|'))
    assert found == resources.REGISTER_NAMES


TRICKY = '''\
useEffect(() => {
  window.addEventListener('resize', f);
  socket.on('a', f).on('b', g);
  emitter?.on('x', f);
  const ws = new WebSocket(url);
  const s = new window.WebSocket(url);
  WebSocket(url);
  // addEventListener('x', f) in a comment, "on(" in a string
  obj['on']('x', f);
  const id = setInterval(tick, 1000);
  io(url); io.connect(url); on(x);
  this.#on('x');
}, []);
'''


def _sources():
    root = ROOT / 'fixtures'
    yield 'tricky.js', TRICKY.encode()
    yield 'tricky.tsx', TRICKY.encode()
    for path in sorted(root.rglob('*')):
        if path.suffix in ('.js', '.jsx', '.ts', '.tsx', '.mjs', '.cjs'):
            yield str(path.relative_to(root)), path.read_bytes()


def test_registrations_found_by_name_are_the_querys():
    from vcx_hook.checks.missing_cleanup import registrations
    from vcx_hook.lang import scope as scope_mod
    from vcx_hook.lang import syntax

    compared = 0
    for path, data in _sources():
        grammar = syntax.grammar_for(path)
        if grammar is None:
            continue
        file = scope_mod.File(path, syntax.parse(data, grammar))
        # The whole file, and each function and top-level statement as the hook's scopes: node-aligned
        # ranges, as every scope's are (a name is inside any range its call starts in).
        rows = data.count(b'\n') + 1
        spans = [(0, len(data))] + [r for sc in scope_mod.touched_scopes(file, Change(((0, rows),))) for r in sc.ranges]
        for start, end in spans:
            found = syntax.captures(grammar, REGISTRATIONS_QUERY, file.tree.root, (start, end))
            expected = [(n.start_byte, n.end_byte) for n in found.get('missing-cleanup.register', [])
                        if start <= n.start_byte < end]
            got = [(n.start_byte, n.end_byte) for n in registrations.registrations(file, ((start, end),))]
            assert sorted(got) == sorted(expected), path
            compared += len(expected)
    assert compared > 100


def test_tricky_registrations():
    from vcx_hook.checks.missing_cleanup import registrations
    from vcx_hook.lang import scope as scope_mod
    from vcx_hook.lang import syntax

    src = TRICKY.encode()
    file = scope_mod.File('t.js', syntax.parse(src, 'javascript'))
    got = [src[n.start_byte:n.end_byte].decode() for n in registrations.registrations(file, ((0, len(src)),))]
    assert got == [
        "window.addEventListener('resize', f)", "socket.on('a', f).on('b', g)", "socket.on('a', f)",
        "emitter?.on('x', f)", 'new WebSocket(url)', 'setInterval(tick, 1000)', 'io(url)', 'on(x)',
    ]


@pytest.mark.parametrize(('src', 'opened'), [
    pytest.param('// depends on the order\nfunction add(a, b) {\n  return a + b;\n}\n', False, id='on-in-a-comment'),
    pytest.param('function start() {\n  return 1;\n}\n', False, id='function-is-not-on'),
    pytest.param("emitter.on('data', handle);\n", True, id='member-on'),
    pytest.param("on(window, 'resize', handle);\n", True, id='bare-on'),
    pytest.param("bus?.on<Event>('x', handle);\n", True, id='generic-optional-on'),
    pytest.param('setInterval(tick, 1000);\n', True, id='timer'),
    pytest.param("const s = io('/ns');\n", True, id='socket-io'),
])
def test_gate(src, opened):
    assert gate_opens(src) == [opened]


SKIPPED_DELETE = '''const pending = new Map();
export function ping(id, data) {
  pending.set(id, data);
  setTimeout(() => {
    if (!sessionFor(id)) return;
    pending.delete(id);
  }, 500);
}
'''


def test_a_return_before_the_functions_own_delete_names_both_lines():
    assert helpers.findings(ID, SKIPPED_DELETE, 'src/spike.js') == [
        'src/spike.js:3 `pending` gets an entry for `id` here that the function deletes later (line 6), but the '
        '`return` on line 5 leaves before it: one entry stays for good per call that leaves there; delete it on '
        'that path too (or in a `finally`)',
    ]


def test_a_touched_timer_callback_still_finds_the_add_of_its_function():
    assert len(helpers.findings(ID, SKIPPED_DELETE, 'src/spike.js', rows=[5])) == 1


@pytest.mark.parametrize(
    'src',
    (
        pytest.param(SKIPPED_DELETE.replace('const pending = new Map();\n', ''), id='a map nobody declares here'),
        pytest.param(SKIPPED_DELETE.replace('setTimeout(() => {', "socket.on('message', () => {").replace(
            '}, 500);', '});'), id='a listener that runs again'),
        pytest.param(SKIPPED_DELETE.replace('pending.set(id, data)', "pending.set('last', data)").replace(
            'pending.delete(id)', "pending.delete('last')"), id='a literal key: one entry at most'),
    ),
)
def test_no_skipped_delete_asked(src):
    assert helpers.findings(ID, src, 'src/spike.js') == []
