"""missing-cleanup: a listener, timer or subscription added by code that runs again and again, never removed.

Code that runs again and again — a React effect (on every mount, twice in development, and on
every dependency change), a component's mount hook, a class constructor, a request handler — must
undo what it registers on something that outlives it. Otherwise each run stacks one more listener,
timer or subscription on `window`, a store or a module-level emitter: memory grows, handlers fire
N times, and timers keep unmounted components and closed connections alive. It never shows in a
demo; it shows after an hour in a long-lived tab or a busy server.

Asked, on the registration, for `addEventListener`, `.on`/`addListener`, `subscribe` (and Firebase
`onSnapshot`/`onAuthStateChanged`), `setInterval`, Mutation/Resize/IntersectionObserver `observe`,
`fs.watch`/chokidar, and opened `WebSocket`/`EventSource`/socket.io-client connections, when they sit in:

- a `useEffect`/`useLayoutEffect` (or Svelte/Solid `onMount`) whose returned cleanup does not undo
  them — also when the commit only edits the cleanup or a callback of the effect;
- `componentDidMount`, Vue `mounted`/`onMounted`, Angular `ngOnInit`/`ngAfterViewInit`,
  `connectedCallback`, NestJS `onModuleInit`, with no paired `componentWillUnmount`, `onUnmounted`,
  `ngOnDestroy`, `disconnectedCallback`, `onModuleDestroy`... undoing them (an edit of the teardown
  raises what it pairs with);
- a class `constructor` or `start()`/`init()`/`connect()`, registering on something outside the
  instance (`process`, `window`, an imported or module-level emitter) or starting a timer, with no
  `stop`/`close`/`destroy`/`dispose` method undoing it;
- a per-request or per-connection handler (a route handler, `io.on('connection', ...)`,
  `http.createServer(...)`) attaching to a long-lived emitter or starting a timer.

A removal that cannot work is reported too: `removeEventListener('resize', this.onResize.bind(this))`
and `removeEventListener('keydown', () => ...)` pass a new function, so they remove nothing.

Not asked:

- registrations undone anywhere in the effect, class or handler: the matching `removeEventListener`/
  `off`/`removeListener`/`removeAllListeners`, `clearInterval(id)` with the kept id,
  `sub.unsubscribe()`, a called or returned unsubscribe (`return store.subscribe(fn)`), an observer's
  `disconnect()`, a closed socket or watcher, a handle kept in a collection (`subs.add(...)`,
  `timers.push(...)`);
- `once`, `{ once: true }`, `{ signal }` (an AbortController), RxJS pipes with `take`, `first`,
  `takeUntil`, `takeUntilDestroyed`...; `service.get().subscribe()` (a request that completes,
  like Angular's HttpClient) unless it comes from `fromEvent`, `interval`, `timer`, `select`...;
  Angular router observables (`this.route.paramMap`), which the router completes;
- listeners on elements or objects created in the same function (`document.createElement`,
  `new Image()`), on the request, response or connection itself, on `this.x` emitters the instance
  owns, or on emitters handed to a constructor;
- one-time registrations at start-up: `process.on('SIGTERM', ...)` at the top level or in a function
  that is not one of the contexts above.

Bad:

```js
useEffect(() => {
  window.addEventListener('resize', onResize);
  const id = setInterval(poll, 5000);
}, []);
```

Good:

```js
useEffect(() => {
  window.addEventListener('resize', onResize);
  const id = setInterval(poll, 5000);
  return () => {
    window.removeEventListener('resize', onResize);
    clearInterval(id);
  };
}, []);
```

Answer it in code when the registration lives as long as the program:

```js
// vcx-ignore missing-cleanup -- one AuthStore for the app's lifetime
window.addEventListener('storage', this.onStorage);
```

Names the configuration can extend (`[checks.missing-cleanup]`):

- `effect_hooks`: hooks whose callback returns its cleanup (`useEffect`, `onMount`...);
- `mount_hooks`: composition-API mount hooks (`onMounted`...);
- `mount_methods`, `start_methods`, `teardown_methods`: lifecycle methods that register and undo;
- `long_lived`: globals that outlive every caller (`window`, `document`, `process`...);
- `connection_events`: events whose callback runs per connection (`connection`, `request`...);
- `completing_operators`: RxJS operators that end a subscription; `endless_sources`: calls whose
  observables never complete; `router_observables`: router observables completed for you.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from collections.abc import Mapping
from typing import NamedTuple

from vcx_hook.config import Config
from vcx_hook.finding import Finding
from vcx_hook.finding import MEDIUM
from vcx_hook.lang import flow
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

ID = 'missing-cleanup'
QUESTION = 'Who removes this listener/timer/subscription, and when?'
# Held-out precision 17% (12 judged findings, bench/judged): its questions are listed, not blocking,
# until a shape is shown to be worth asking 80% of the time (docs/confidence.md).
CONFIDENCE = MEDIUM
SUMMARY = 'a listener, timer or subscription added in an effect, mount hook, constructor or per-request handler, never removed'
# Registrations are found by name (`_registrations`): a query would walk every tree for a few calls.
QUERY = ''
# Run only over the regions where a registration must be undone (an effect, a class body, a
# handler), to find the calls that undo it.
REGION_QUERY = '(call_expression) @call\n'
NAMES = {
    # Hooks whose callback may return its own cleanup (React, Preact, Svelte/Solid onMount).
    'effect_hooks': frozenset(('useEffect', 'useLayoutEffect', 'useInsertionEffect', 'onMount')),
    # Composition-API mount hooks: undone in a sibling teardown hook of the same setup function.
    'mount_hooks': frozenset(('onMounted', 'onBeforeMount', 'onActivated')),
    # Lifecycle methods that run on every mount, mapped by `teardowns` below.
    'mount_methods': frozenset((
        'componentDidMount', 'mounted', 'created', 'beforeMount', 'ngOnInit', 'ngAfterViewInit',
        'connectedCallback', 'firstUpdated', 'onModuleInit', 'onApplicationBootstrap',
    )),
    # Methods where a class starts its work; a teardown method should undo what they register.
    'start_methods': frozenset(('constructor', 'start', 'init', 'initialize', 'connect', 'attach', 'enable', 'listen')),
    'teardown_methods': frozenset((
        'componentWillUnmount', 'beforeUnmount', 'unmounted', 'beforeDestroy', 'destroyed',
        'ngOnDestroy', 'disconnectedCallback', 'onModuleDestroy', 'beforeApplicationShutdown',
        'onApplicationShutdown', 'stop', 'close', 'destroy', 'dispose', 'disconnect', 'shutdown',
        'teardown', 'cleanup', 'unmount', 'detach', 'disable', 'terminate', 'unsubscribe',
    )),
    # Global objects that outlive every caller.
    'long_lived': frozenset(('process', 'window', 'document', 'globalThis', 'self', 'visualViewport', 'screen')),
    # `io.on('connection', (socket) => ...)`: callbacks that run per connection or request.
    'connection_events': frozenset(('connection', 'connect', 'request', 'upgrade', 'message')),
    # RxJS operators that complete a subscription on their own.
    'completing_operators': frozenset((
        'take', 'first', 'takeUntil', 'takeWhile', 'takeUntilDestroyed', 'single', 'last',
        'firstValueFrom', 'lastValueFrom',
    )),
    # Calls returning observables that never complete; any other `service.get().subscribe()` is
    # taken for a request that completes (Angular HttpClient) and is not asked.
    # ActivatedRoute observables: the router completes them when the component is destroyed.
    'router_observables': frozenset(('paramMap', 'params', 'queryParams', 'queryParamMap', 'data', 'fragment', 'url')),
    'endless_sources': frozenset((
        'fromEvent', 'interval', 'timer', 'webSocket', 'select', 'asObservable', 'watchQuery',
        'valueChanges', 'fromEventPattern',
    )),
}

_LISTEN = frozenset(('addEventListener', 'on', 'addListener', 'prependListener'))
_SUBSCRIBE = frozenset(('subscribe', 'onSnapshot', 'onAuthStateChanged', 'onIdTokenChanged', 'onValue'))
_UNDO = frozenset((
    'removeEventListener', 'off', 'removeListener', 'removeAllListeners', 'clearInterval', 'unsubscribe',
    'disconnect', 'unobserve', 'close', 'destroy', 'terminate', 'abort', 'dispose', 'unwatch', 'unwatchFile',
    'cancel', 'stop', 'remove', 'unlisten', 'unbind', 'complete',
))
_LISTENER_UNDO = frozenset(('removeEventListener', 'off', 'removeListener', 'removeAllListeners', 'unbind'))
_CLOSE = frozenset((
    'close', 'disconnect', 'destroy', 'terminate', 'abort', 'remove', 'unsubscribe', 'unobserve', 'dispose',
    'stop', 'cancel', 'unwatch', 'complete', 'removeAllListeners', 'clearInterval', 'unwatchFile',
))
_NOUN = {
    'listener': 'listener', 'timer': 'timer', 'subscription': 'subscription', 'observer': 'observer',
    'watcher': 'file watcher', 'connection': 'connection',
}
_PAIRS = {
    'componentDidMount': 'componentWillUnmount', 'mounted': 'beforeUnmount', 'created': 'beforeUnmount',
    'beforeMount': 'beforeUnmount', 'ngOnInit': 'ngOnDestroy', 'ngAfterViewInit': 'ngOnDestroy',
    'connectedCallback': 'disconnectedCallback', 'firstUpdated': 'disconnectedCallback',
    'onModuleInit': 'onModuleDestroy', 'onApplicationBootstrap': 'onApplicationShutdown',
}
_OBSERVER = re.compile(r'observer$', re.I)
_FS_IMPORT = re.compile(rb'''(?:from\s+|require\(\s*)['"](?:node:)?(?:fs|fs/promises|chokidar)['"]''')
_KEEPS = re.compile(r'^(?:clear|cancel|remove|stop|unsub|dispose|close|destroy|abort|off$|push$|add$|set|register|track|clean|teardown)', re.I)


class _Context(NamedTuple):
    kind: str  # 'effect' | 'lifecycle' | 'class' | 'request' | 'setup'
    fn: Node  # the function that runs repeatedly
    region: Node  # where an undo counts: the effect, the class body or object, the setup function, the handler
    label: str  # 'useEffect', 'componentDidMount', 'Poller.constructor', 'GET /events handler'


def relevant(scope: Scope, config: Config) -> bool:
    """A registration the query takes, by its callee's name, somewhere in the file: in the scope,
    or (for an edited effect cleanup or teardown method) in the region around it.  ``on`` and
    ``io`` are English words too: for them the file must hold a call."""
    words = scope.file.words
    if not words.isdisjoint(_REGISTER_WORDS):
        return True
    if b'on' not in words and b'io' not in words:
        return False
    source = scope.file.source
    return any(m.start() == 0 or source[m.start() - 1] not in s.WORD_BYTES for m in _SHORT_CALL.finditer(source))


# The callee names of the registrations (tests/missing_cleanup_test.py holds them to the query they replaced).
REGISTER_NAMES = frozenset((
    'addEventListener', 'on', 'addListener', 'prependListener', 'subscribe', 'observe', 'watch', 'watchFile',
    'onSnapshot', 'onAuthStateChanged', 'onIdTokenChanged', 'onValue', 'setInterval', 'io',
    'WebSocket', 'EventSource', 'ReconnectingWebSocket',
))
_REGISTER_WORDS = frozenset(n.encode() for n in REGISTER_NAMES - {'on', 'io'})
_CONNECTIONS = frozenset(('WebSocket', 'EventSource', 'ReconnectingWebSocket'))  # `new WebSocket(url)`
_REGISTER_CALLS = frozenset(n.encode() for n in REGISTER_NAMES - _CONNECTIONS)
_REGISTER_BYTES = frozenset(n.encode() for n in REGISTER_NAMES)
# `on(` or `io (` (and the end of `function(`, which the gate refuses: a lookbehind here costs twice as much).
_SHORT_CALL = lazyre.compile(rb'(?:on|io)\s*(?:<[^<>()]*>\s*)?(?:\?\.\s*)?\(')


def run(scope: Scope, config: Config) -> Iterator[Finding]:
    names = config.names[ID]
    seen: set[int] = set()
    for call in [*_registrations(scope.file, scope.ranges), *_paired_registrations(scope, names)]:
        if call.start_byte in seen:
            continue
        seen.add(call.start_byte)
        kind = _kind(call, scope.file)
        if kind is None:
            continue
        ctx = _context(call, names)
        if ctx is None or _exempt(call, kind, ctx, names):
            continue
        message = _leak(scope, call, kind, ctx, names)
        if message is not None:
            yield scope.finding(call, ID, message, QUESTION)


# --- what was registered ---------------------------------------------------------------------

def _kind(call: Node, file: File) -> str | None:
    if call.type == 'new_expression':
        return 'connection'
    name = s.callee_name(call)
    recv = s.receiver(call)
    fn = s.callee(call)
    if recv is None and fn is not None and fn.type == 'identifier' and s.declaration(fn) is not None:
        return None  # `const [interval, setInterval] = useState()`: a local, not the global
    if name in _LISTEN:
        return 'listener' if recv is not None and len(s.arguments(call)) >= 2 else None
    if name in _SUBSCRIBE:
        return 'subscription'
    if name == 'setInterval':
        return 'timer'
    if name == 'observe':
        return 'observer' if recv is not None and _is_observer(recv) else None
    if name in ('watch', 'watchFile'):
        if recv is None:  # `import { watch } from 'node:fs'`, not Vue's watch()
            return 'watcher' if file.fact(_fs_not_vue) else None
        return 'watcher' if s.receiver_name(call) in ('fs', 'chokidar', 'fsp', 'fsPromises') else None
    if name == 'io':
        return 'connection' if file.fact(_socket_io_client) and s.arguments(call) else None
    return None


def _is_observer(recv: Node) -> bool:
    recv = s.unwrap(recv)
    if recv.type == 'new_expression':
        return bool(_OBSERVER.search(s.text(recv.child_by_field_name('constructor'))))
    text = s.dotted(recv)
    if _OBSERVER.search(text.rsplit('.', 1)[-1]):
        return True
    if recv.type == 'identifier':
        value = s.initializer(recv)
        return value is not None and value.type == 'new_expression' and bool(
            _OBSERVER.search(s.text(value.child_by_field_name('constructor'))))
    return False


# --- where it runs ---------------------------------------------------------------------------

def _context(call: Node, names: Mapping[str, frozenset[str]]) -> _Context | None:
    """The repeatedly-running code around ``call``: the nearest effect, mount/start method, or
    per-request handler (other functions in between are callbacks of it)."""
    for fn in s.ancestors(call):
        if fn.type not in s.FUNCTION_TYPES:
            continue
        if fn.type == 'method_definition':
            return _method_context(fn, names)
        hook = s.calling(fn)
        hook_name = s.callee_name(hook) if hook is not None else ''
        if hook_name in names['effect_hooks']:
            return _Context('effect', fn, fn, hook_name)
        if hook_name in names['mount_hooks']:
            setup = s.enclosing_function(hook) if hook is not None else None
            if setup is not None:
                return _Context('setup', fn, setup, hook_name)
            return None
        label = _handler_label(fn, hook, names)
        if label is not None:
            return _Context('request', fn, fn, label)
    return None


def _method_context(method: Node, names: Mapping[str, frozenset[str]]) -> _Context | None:
    name = s.text(method.child_by_field_name('name'))
    holder = s.parent_of(method)
    if holder is None:
        return None
    if name in names['mount_methods']:
        return _Context('lifecycle', method, holder, name)
    if name in names['start_methods'] and holder.type == 'class_body':
        return _Context('class', method, holder, s.function_name(method) or name)
    return None


def _handler_label(fn: Node, hook: Node | None, names: Mapping[str, frozenset[str]]) -> str | None:
    route = s.route_of(fn)
    if route is not None:
        return f'{route[0]} {route[1]} handler'
    if hook is not None:
        hook_name = s.callee_name(hook)
        args = s.arguments(hook)
        if hook_name in ('on', 'addListener') and args and s.string_value(args[0]) in names['connection_events'] \
                and s.receiver_name(hook) not in ('process', 'window', 'document'):
            return f"`{s.normalized(s.callee(hook) or hook, 30)}('{s.string_value(args[0])}')` handler"
        if hook_name == 'createServer':
            return 'request handler'
    params = s.parameter_names(fn)
    if len(params) >= 2 and params[0] in ('req', 'request') and params[1] in ('res', 'response', 'reply'):
        return f'`{s.function_name(fn) or "handler"}`'
    return None


# --- what is exempt --------------------------------------------------------------------------

def _exempt(call: Node, kind: str, ctx: _Context, names: Mapping[str, frozenset[str]]) -> bool:
    """``once``, an abort ``signal``, completing RxJS pipes, and targets that die with the caller."""
    args = s.arguments(call)
    if kind == 'listener' and len(args) >= 3 and args[2].type == 'object':
        keys = s.object_keys(args[2])
        if 'signal' in keys or ('once' in keys and s.text(keys['once']) != 'false'):
            return True
    recv = s.receiver(call)
    if kind == 'subscription' and recv is not None and (_completes(recv, names) or _router_observable(recv, names)):
        return True
    if kind in ('listener', 'subscription') and recv is not None:
        if _created_here(recv, ctx.fn):
            return True
        if ctx.kind in ('class', 'request') and not _long_lived(recv, ctx.fn, names):
            return True
    return False


def _completes(source: Node, names: Mapping[str, frozenset[str]]) -> bool:
    """``obs.pipe(take(1))``, ``this.http.get(url)``, ``api.load().pipe(map(f))``: it ends by itself."""
    source = s.unwrap(source)
    while source.type == 'call_expression' and s.callee_name(source) == 'pipe':
        if any(s.callee_name(op) in names['completing_operators'] for op in s.arguments(source)
               if op.type == 'call_expression'):
            return True
        inner = s.receiver(source)
        if inner is None:
            break
        source = s.unwrap(inner)
    if source.type != 'call_expression':
        return False
    return s.callee_name(source) not in names['endless_sources']


def _router_observable(source: Node, names: Mapping[str, frozenset[str]]) -> bool:
    parts = s.dotted(source).split('.')
    return len(parts) >= 2 and parts[-1] in names['router_observables'] and 'route' in parts[-2].lower()


def _created_here(target: Node, fn: Node) -> bool:
    """A target built in this very function (``document.createElement``, ``new Worker``): it is
    discarded with it, and its listeners with it."""
    target = s.unwrap(target)
    if target.type in ('new_expression',):
        return True
    if target.type != 'identifier':
        return False
    decl = s.declaration(target)
    if decl is None or not _within(decl, fn):
        return False
    value = decl.child_by_field_name('value') if decl.type == 'variable_declarator' else None
    value = s.unwrap(value) if value is not None else None
    return value is not None and (value.type == 'new_expression' or s.callee_name(value) == 'createElement')


def _long_lived(target: Node, fn: Node, names: Mapping[str, frozenset[str]]) -> bool:
    """``process``, ``window``, imports and module-level names; not ``this.x``, parameters or locals."""
    target = s.unwrap(target)
    while target.type == 'member_expression':
        target = s.unwrap(target.child_by_field_name('object'))
    if target.type != 'identifier':
        return False
    if s.text(target) in names['long_lived']:
        return True
    decl = s.declaration(target)
    return decl is None or not _within(decl, fn)


def _within(node: Node, outer: Node) -> bool:
    return outer.start_byte <= node.start_byte and node.end_byte <= outer.end_byte


# --- is it undone ----------------------------------------------------------------------------

def _leak(scope: Scope, call: Node, kind: str, ctx: _Context, names: Mapping[str, frozenset[str]]) -> str | None:
    """The message when nothing in the context's region undoes ``call``; ``None`` when something does."""
    if _returned(call, kind, ctx) or _handed_over(call):
        return None
    undos = _undos_in(scope.file, ctx.region)
    short = _short(call)
    if kind == 'listener':
        if _listener_removed(call, undos):
            return None
        futile = _futile_removal(call, undos)
        if futile is not None:
            undo, why = futile
            return (f'`{short}` is never removed: the `{s.callee_name(undo)}` on line {undo.start_point.row + 1} '
                    f'passes a new function ({why})')
    handle = _handle(call)
    if handle is not None and _handle_undone(scope.file, handle, call, ctx.region):
        return None
    return _message(scope, short, kind, ctx, names)


def _message(scope: Scope, short: str, kind: str, ctx: _Context, names: Mapping[str, frozenset[str]]) -> str:
    noun = _NOUN[kind]
    if ctx.kind == 'effect':
        if not _effect_has_cleanup(scope.file, ctx.fn):
            return f'`{short}` runs in a `{ctx.label}` that returns no cleanup: every run adds another {noun}'
        return f'`{short}` runs in a `{ctx.label}` whose cleanup does not undo it: every run adds another {noun}'
    if ctx.kind == 'setup':
        return f'`{short}` in `{ctx.label}` is never undone (no `onUnmounted`/`onBeforeUnmount` removes the {noun})'
    if ctx.kind == 'lifecycle':
        pair = _PAIRS.get(ctx.label, 'the teardown')
        has = any(s.text(m.child_by_field_name('name')) == pair for m in ctx.region.named_children
                  if m.type == 'method_definition')
        where = f'`{pair}` does not undo it' if has else f'there is no `{pair}`'
        return f'`{short}` in `{ctx.label}` adds a {noun} on every mount; {where}'
    label = ctx.label if len(ctx.label) <= 32 else ctx.label[:29] + '...'
    if ctx.kind == 'class':
        teardown = [s.text(m.child_by_field_name('name')) for m in ctx.region.named_children
                    if m.type == 'method_definition' and s.text(m.child_by_field_name('name')) in names['teardown_methods']]
        where = f'`{teardown[0]}()` does not undo' if teardown else 'no stop/close/dispose method undoes'
        return f'`{short}` in `{label}` adds a {noun} per instance that {where}'
    return f'`{short}` adds a {noun} on every call of the {label} and nothing removes it'


def _returned(call: Node, kind: str, ctx: _Context) -> bool:
    """``return store.subscribe(fn)`` / ``useEffect(() => onSnapshot(q, cb))``: the caller gets the
    undo.  An effect must return a function: only a subscription hands one back."""
    if ctx.kind == 'effect' and kind != 'subscription':
        return False
    outer = s.outer_expression(call)
    parent = s.parent_of(outer)
    if parent is None:
        return False
    if parent.type == 'return_statement':
        return s.enclosing_function(parent) == ctx.fn
    return parent.type == 'arrow_function' and parent == ctx.fn


def _handed_over(call: Node) -> bool:
    """``subs.add(x.subscribe(...))``, ``timers.push(setInterval(...))``: kept for a later undo."""
    use = flow.use_of(call)
    return use is not None and use.role == 'argument' and bool(_KEEPS.search(s.callee_name(use.target)))


def _listener_removed(call: Node, undos: list[Node]) -> bool:
    args = s.arguments(call)
    target = s.text(s.receiver(call))
    for undo in undos:
        name = s.callee_name(undo)
        if name in _CLOSE and name not in ('clearInterval', 'unsubscribe') and s.text(s.receiver(undo)) == target:
            if name != 'removeAllListeners' or not s.arguments(undo):
                return True
        if name not in _LISTENER_UNDO:
            continue
        uargs = s.arguments(undo)
        if uargs and not _same_event(args[0], uargs[0]):
            continue
        if len(uargs) < 2:
            return True
        if _futile(args[1], uargs[1]) is None:
            return True  # another name for the same function, most likely
    return False


def _futile_removal(call: Node, undos: list[Node]) -> tuple[Node, str] | None:
    """A removal of the same event that cannot match: ``fn.bind(this)`` or an inline function
    makes a new function each time."""
    args = s.arguments(call)
    for undo in undos:
        uargs = s.arguments(undo)
        if s.callee_name(undo) in _LISTENER_UNDO and len(uargs) >= 2 and _same_event(args[0], uargs[0]):
            why = _futile(args[1], uargs[1])
            if why is not None:
                return undo, why
    return None


def _same_event(a: Node, b: Node) -> bool:
    va, vb = s.string_value(a), s.string_value(b)
    if va is not None or vb is not None:
        return va == vb or (None in (va, vb) and a.type != b.type)
    return s.text(a) == s.text(b)


def _futile(added: Node, removed: Node) -> str | None:
    if '.bind(' in s.text(added) and '.bind(' in s.text(removed):
        return '`.bind(this)` makes one each call'
    if s.unwrap(added).type in s.FUNCTION_TYPES or s.unwrap(removed).type in s.FUNCTION_TYPES:
        return 'the listener was added inline'
    return None


def _handle(call: Node) -> Node | None:
    """Where the registration's result is kept: ``const id = setInterval(...)``, ``this.sub = ...``."""
    outer = s.outer_expression(call)
    parent = s.parent_of(outer)
    if parent is None:
        return None
    if parent.type == 'variable_declarator' and parent.child_by_field_name('value') == outer:
        name = parent.child_by_field_name('name')
        return name if name is not None and name.type == 'identifier' else None
    if parent.type == 'assignment_expression' and parent.child_by_field_name('right') == outer:
        return parent.child_by_field_name('left')
    if call.type == 'call_expression' and s.callee_name(call) == 'observe':
        return s.receiver(call)
    return None


def _handle_undone(file: File, handle: Node, call: Node, region: Node) -> bool:
    """Whether the kept handle is used to undo: called, closed, passed to a clear/cleanup call,
    stored elsewhere, or returned."""
    text = s.text(handle)
    if not text:
        return False
    if text.startswith('this.') and handle.type == 'member_expression':
        # `this.timer` is cleared as `instance.timer` in a static stop() too.
        pattern = re.compile(rb'\.\s*' + re.escape(text[5:].encode()) + rb'(?![\w$])')
    else:
        pattern = re.compile(rb'(?<![\w.$])' + re.escape(text.encode()) + rb'(?![\w$])')
    for m in pattern.finditer(file.source, region.start_byte, region.end_byte):
        if handle.start_byte <= m.start() < handle.end_byte or call.start_byte <= m.start() < call.end_byte:
            continue
        node = s.descendant(file.tree.root, m.end() - 1, m.end())
        while node is not None and s.parent_of(node) is not None and node.end_byte - node.start_byte < len(text) \
                and s.parent_of(node).type in ('member_expression', 'property_identifier', 'identifier'):
            node = s.parent_of(node)
        if node is not None and _undoes(node):
            return True
    return False


def _undoes(ref: Node) -> bool:
    parent = s.parent_of(ref)
    if parent is not None and parent.type == 'call_expression' and parent.child_by_field_name('function') == ref:
        return True  # unsubscribe()
    use = flow.use_of(ref)
    if use is None:
        return False
    if use.role == 'receiver':
        return s.callee_name(use.target) in _CLOSE
    if use.role == 'argument':  # clearInterval(id), subs.push(sub); not console.log(id)
        return bool(_KEEPS.search(s.callee_name(use.target)))
    return use.role in ('returned', 'assigned')


def _effect_has_cleanup(file: File, fn: Node) -> bool:
    return file.memo(f'{ID}:cleanup:{fn.start_byte}', lambda _f: _returns_value(fn))


def _returns_value(fn: Node) -> bool:
    body = fn.child_by_field_name('body')
    if body is None:
        return False
    if body.type != 'statement_block':
        return True
    stack = list(body.named_children)
    while stack:
        node = stack.pop()
        if node.type == 'return_statement' and node.named_children:
            return True
        if node.type not in s.FUNCTION_TYPES and node.type not in ('class_declaration', 'class'):
            stack.extend(node.named_children)
    return False


# --- scopes ----------------------------------------------------------------------------------

def _paired_registrations(scope: Scope, names: Mapping[str, frozenset[str]]) -> list[Node]:
    """An edit inside an effect's cleanup (or a callback of the effect), or inside a teardown
    method, raises the registrations it pairs with."""
    if scope.kind != 'function' or scope.node is None:
        return []
    for fn in (scope.node, *s.ancestors(scope.node)):
        if fn.type == 'method_definition':
            if s.text(fn.child_by_field_name('name')) in names['teardown_methods'] and s.parent_of(fn) is not None:
                return _registrations_in(scope, s.parent_of(fn))
            return []
        if fn.type in s.FUNCTION_TYPES:
            hook = s.calling(fn)
            if hook is not None and s.callee_name(hook) in names['effect_hooks']:
                return _registrations_in(scope, fn) if fn != scope.node else []
    return []


def _registrations_in(scope: Scope, region: Node) -> list[Node]:
    found = scope.file.memo(f'{ID}:registrations:{region.start_byte}:{region.end_byte}',
                            lambda f: _registrations(f, ((region.start_byte, region.end_byte),)))
    return [n for n in found if not scope.contains(n)]


def _registrations(file: File, ranges: tuple[tuple[int, int], ...]) -> list[Node]:
    """The registrations that start inside ``ranges``, in document order: calls of a
    ``REGISTER_NAMES`` function or method, and ``new WebSocket()``-like connections; found by
    name (``File.named``), not by walking the tree."""
    out = []
    for name in file.named(_REGISTER_BYTES, ranges):
        found = s.called_by(name) if name.text in _REGISTER_CALLS else (
            s.called_by(name, 'new_expression') if name.type == 'identifier' else None)
        if found is not None and any(a <= found.start_byte < b for a, b in ranges):
            out.append(found)
    return sorted(out, key=s.document_order)



def _undos_in(file: File, region: Node) -> list[Node]:
    """Calls in ``region`` whose names undo something (computed once per region)."""
    start, end = region.start_byte, region.end_byte

    def undos(f: File) -> list[Node]:
        calls = f.captures(REGION_QUERY, ((start, end),)).get('call', [])
        return [c for c in calls if s.callee_name(c) in _UNDO]

    return file.memo(f'{ID}:undos:{start}:{end}', undos)


def _short(node: Node) -> str:
    text = s.normalized(node, 60)
    if len(text) > 44:
        text = text[:41] + '...'
    return text


# Whole-file tests asked once per file, not once per candidate call.
def _fs_not_vue(file: File) -> bool:
    return _FS_IMPORT.search(file.source) is not None and b"'vue'" not in file.source


def _socket_io_client(file: File) -> bool:
    return b'socket.io-client' in file.source
