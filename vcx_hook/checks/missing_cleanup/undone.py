"""Whether something in missing-cleanup's region undoes a registration: it is returned or handed
over, the listener removed, or its kept handle (``const id = setInterval(...)``, ``this.sub``)
cleared, closed, stored or returned."""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import NamedTuple

from vcx_hook.checks.missing_cleanup import listeners
from vcx_hook.checks.missing_cleanup import messages
from vcx_hook.checks.missing_cleanup import returned_disposers
from vcx_hook.checks.missing_cleanup.contexts import Context
from vcx_hook.ecosystem import react_state
from vcx_hook.ecosystem import resources
from vcx_hook.lang import flow
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node
from vcx_hook.lang import lazyre

# Run only over the regions where a registration must be undone (an effect, a class body, a
# handler), to find the calls that undo it.
REGION_QUERY = '(call_expression) @call\n'
_TEARDOWN_HOOK_WORDS = frozenset(n.encode() for n in resources.TEARDOWN_HOOKS)
_KEEPS = lazyre.compile(r'^(?:clear|cancel|remove|stop|unsub|dispose|close|destroy|abort|off$|push$|add$|set|register|track|clean|teardown)', re.I)


class Leak(NamedTuple):
    message: str
    futile: bool = False  # a removal is there but cannot work (a new function passed)


def leak(scope: Scope, call: Node, kind: str, ctx: Context, names: Mapping[str, frozenset[str]]) -> Leak | None:
    """What to say when nothing in the context's region undoes ``call``; ``None`` when something does."""
    if _returned(call, kind, ctx, scope.file.path) or _handed_over(call) or returned_disposers.into_cleanup(scope.file, call, kind, ctx):
        return None
    regions = [ctx.region, *_teardown_hooks(scope.file, ctx), *_named_cleanups(scope.file, ctx)]
    undos = [u for region in regions for u in _undos_in(scope.file, region)]
    # A class component's method undoing what it registers before registering again (`unobserve`
    # the old node, `observe` the new one) leaves the last registration to the unmount; an undo in
    # a callback of the method (a pointer-up handler) still counts.
    skip = ctx.fn if ctx.kind == 'component' else None
    if skip is not None:
        undos = [u for u in undos if not _directly_in(u, skip)]
    short = messages.short(call)
    if kind == 'listener':
        if listeners.removed(call, undos) or listeners.closed(call, [
                c for region in regions for c in _calls_in(scope.file, region) if s.callee_name(c) in resources.CLIENT_CLOSE]):
            return None
        futile = listeners.futile_removal(call, undos)
        if futile is not None:
            undo, why = futile
            return Leak(f'`{short}` is never removed: the `{s.callee_name(undo)}` on line {undo.start_point.row + 1} '
                        f'passes a new function ({why})', futile=True)
    handle = _handle(call)
    if handle is not None and any(_handle_undone(scope.file, handle, call, region, skip) for region in regions):
        return None
    if kind == 'subscription' and handle is None and _unsubscribed(call, undos):
        return None
    if kind in ('listener', 'subscription') and (_target_disposed(call, ctx) or _field_disposed(scope.file, call, regions)):
        return None
    return Leak(messages.message(scope, short, kind, ctx, names, call))


# Calls that end an object's life (not `set`, `add` or `register`, which keep it going).
_DISPOSES = lazyre.compile(r'^(?:remove|unsub|dispose|close|destroy|disconnect|teardown|terminate|release|stop|abort|clean)', re.I)


def _target_disposed(call: Node, ctx: Context) -> bool:
    """The listener is on an object the effect makes (``const channel = supabase.channel(name)``)
    and the cleanup the effect returns disposes of it (``supabase.removeChannel(channel)``,
    ``channel.unsubscribe()``): its listeners go with it."""
    if ctx.kind != 'effect':
        return False
    recv = s.receiver(call)
    while recv is not None and recv.type == 'call_expression' and s.callee_name(recv) == s.callee_name(call):
        recv = s.receiver(recv)  # `channel.on(a, f).on(b, g)`: both on `channel`
    recv = s.unwrap(recv) if recv is not None else None
    decl = s.declaration(recv) if recv is not None and recv.type == 'identifier' else None
    if decl is None or not _directly_in(decl, ctx.fn):
        return False
    body = ctx.fn.child_by_field_name('body')
    if body is None or body.type != 'statement_block':
        return False
    cleanups = [s.unwrap(r.named_children[0]) for r in s.own_nodes(body, _RETURNS) if r.named_children]
    for cleanup in (c for c in cleanups if c.type in s.FUNCTION_TYPES):
        for callee in _called_names(cleanup):
            disposal = callee.parent
            if disposal is None or not _DISPOSES.match(s.callee_name(disposal)):
                continue
            used = [s.receiver(disposal), *s.arguments(disposal)]
            if any(u is not None and u.type == 'identifier' and s.declaration(u) == decl for u in map(_bare, used)):
                return True
    return False


# An object's end (not `close`/`disconnect`: a pooled or shared client closes its connection, and
# what was subscribed on it may stay).
_ENDS = frozenset(('remove', 'destroy', 'dispose'))
_ENDING = lazyre.compile(r'^(?:destroy|dispose)', re.I)


def _field_disposed(file: File, call: Node, regions: list[Node]) -> bool:
    """The listener is on a field of the class (``this.map.on('moveend', ...)``) that its region
    disposes of: ``this.map.remove()``, or hands to a disposing call, ``destroyMap(this.map)``
    (nr-fom's Leaflet map, destroyed in ``ngOnDestroy``, judged not worth asking:
    handled:owned-map-removed-on-destroy): its listeners go with it."""
    recv = _bare(s.receiver(call))
    if recv is None or recv.type != 'member_expression' or not s.text(recv).startswith('this.'):
        return False
    target = s.text(recv)
    for undo in (c for region in regions for c in _calls_in(file, region)):
        name = s.callee_name(undo)
        if name in _ENDS and s.text(_bare(s.receiver(undo))) == target:
            return True
        if _ENDING.match(name) and not s.receiver(undo) and any(s.text(_bare(a)) == target for a in s.arguments(undo)):
            return True
    return False


def _bare(node: Node | None) -> Node | None:
    return s.unwrap(node) if node is not None else None


def _teardown_hooks(file: File, ctx: Context) -> list[Node]:
    """The callbacks of ``onCleanup(() => ...)``/``onDestroy(...)`` called beside the effect's hook
    in the same component (Solid, Svelte): they undo what the effect registered. A callback passed
    by name (``onCleanup(disconnectObserver)``, hackerspub's LazyMount, judged not worth asking:
    handled:oncleanup-disconnects) is the component's function of that name (one hop)."""
    if ctx.kind != 'effect' or file.words.isdisjoint(_TEARDOWN_HOOK_WORDS):
        return []
    hook = s.calling(ctx.fn)
    setup = s.enclosing_function(hook) if hook is not None else None
    if setup is None:
        return []
    args = [s.unwrap(fn) for call in _calls_in(file, setup) if s.callee_name(call) in resources.TEARDOWN_HOOKS
            and _directly_in(call, setup) for fn in s.arguments(call)[:1]]
    return [fn for fn in (_local_function(file, a) if a.type == 'identifier' else a for a in args)
            if fn is not None and fn.type in s.FUNCTION_TYPES]


def _local_function(file: File, name: Node) -> Node | None:
    """The function ``name`` is bound to: a ``const f = () => ...`` (or React ``useCallback``) or a
    ``function f() {}`` declared around it."""
    decl = s.declaration(name)
    fn = decl.child_by_field_name('value') if decl is not None and decl.type == 'variable_declarator' else None
    fn = s.unwrap(fn) if fn is not None else _function_declared(name)
    return (react_state.memoized_function(file, fn) or fn) if fn is not None else None


def _named_cleanups(file: File, ctx: Context) -> list[Node]:
    """Functions of the component an effect returns as its cleanup by name (``return
    handleClearInterval``) or calls from the cleanup it returns (``return () => stopPolling()``),
    declared or memoized with React's ``useCallback``: what they undo, the effect undoes (one hop)."""
    if ctx.kind != 'effect':
        return []
    body = ctx.fn.child_by_field_name('body')
    returned = [body] if body is not None and body.type != 'statement_block' else [
        r.named_children[0] for r in s.own_nodes(body, _RETURNS) if r.named_children] if body is not None else []
    names: list[Node] = []
    for value in (s.unwrap(v) for v in returned):
        if value.type == 'identifier':
            names.append(value)
        elif value.type in s.FUNCTION_TYPES:
            names += [f for f in _called_names(value) if f.type == 'identifier']
    out = []
    for name in names:
        fn = _local_function(file, name)
        if fn is not None and fn.type in s.FUNCTION_TYPES and not _directly_in(fn, ctx.fn):
            out.append(fn)
    return out


_RETURNS = frozenset(('return_statement',))


def _called_names(fn: Node) -> list[Node]:
    """The callees called directly in ``fn`` (``stopPolling`` of ``() => stopPolling()``)."""
    out, stack = [], [fn.child_by_field_name('body')]
    while stack:
        node = stack.pop()
        if node is None:
            continue
        if node.type == 'call_expression':
            out.append(node.child_by_field_name('function'))
        if node.type not in s.FUNCTION_TYPES:
            stack.extend(node.named_children)
    return [n for n in out if n is not None]


def _function_declared(name: Node) -> Node | None:
    """The ``function name() {}`` declared in a function or block around ``name``."""
    wanted = s.text(name)
    for block in s.ancestors(name):
        if block.type not in ('statement_block', 'program'):
            continue
        for stmt in block.named_children:
            if stmt.type == 'function_declaration' and s.text(stmt.child_by_field_name('name')) == wanted:
                return stmt
    return None


def _directly_in(node: Node, fn: Node) -> bool:
    """``node`` runs in ``fn`` itself, not in a function nested in it."""
    inner = s.enclosing_function(node)
    return inner is not None and (inner.start_byte, inner.end_byte) == (fn.start_byte, fn.end_byte)


def _unsubscribed(call: Node, undos: list[Node]) -> bool:
    """``client.subscribe(topic, fn)`` undone by ``client.unsubscribe(topic)`` on the same receiver."""
    target = s.text(s.receiver(call))
    return bool(target) and any(
        s.callee_name(u) in resources.UNSUBSCRIBE and s.text(s.receiver(u)) == target for u in undos)


# React's effect hooks: TypeScript lets their callback return only a cleanup function or nothing
# (`void | Destructor`), so a returned timer, watcher or connection is its undo; a listener or an
# observer returned may be `addEventListener`'s or `observe`'s nothing.
_REACT_EFFECTS = frozenset(('useEffect', 'useLayoutEffect', 'useInsertionEffect'))
_VOID_KINDS = frozenset(('listener', 'observer'))
_TYPESCRIPT = ('.ts', '.tsx', '.mts', '.cts')


def _returned(call: Node, kind: str, ctx: Context, path: str = '') -> bool:
    """``return store.subscribe(fn)`` / ``useEffect(() => onSnapshot(q, cb))``: the caller gets the
    undo.  An effect must return a function: only a subscription hands one back, and, in TypeScript,
    whatever a React effect returns (`return fs.watchFile(path, reload)` of a project's own file
    system: a `StatWatcher` or a timer id would not compile; onlook's `useFile`, round 29, judged not)."""
    if ctx.kind == 'effect' and kind != 'subscription' \
            and not (ctx.label in _REACT_EFFECTS and kind not in _VOID_KINDS and path.endswith(_TYPESCRIPT)):
        return False
    outer = s.outer_expression(call)
    parent = s.parent_of(outer)
    if parent is None:
        return False
    owner = s.enclosing_function(parent) if parent.type == 'return_statement' else parent
    if owner is None or owner.type not in s.FUNCTION_TYPES:
        return False
    return owner == ctx.fn or (kind == 'subscription' and _handed_back(owner))


# Calls that drop what their callback returns (an array's elements, a promise's value).
_DROPS_RESULT = frozenset(('map', 'flatMap', 'forEach', 'filter', 'reduce', 'some', 'every', 'find', 'then', 'catch', 'finally'))


def _handed_back(fn: Node) -> bool:
    """``fn`` is a callback handed to a call that keeps what it returns: Svelte's ``derived(stores,
    (values, set) => store.subscribe(...))`` or ``readable(x, start)``, ``new Observable((sub) =>
    ...)``; the caller calls the unsubscribe it gets back when it is done."""
    holder = s.parent_of(fn)
    call = s.parent_of(holder) if holder is not None and holder.type == 'arguments' else None
    return call is not None and call.type in ('call_expression', 'new_expression') \
        and (call.type == 'new_expression' or s.callee_name(call) not in _DROPS_RESULT)


def _handed_over(call: Node) -> bool:
    """``subs.add(x.subscribe(...))``, ``timers.push(setInterval(...))``: kept for a later undo."""
    use = flow.use_of(call)
    return use is not None and use.role == 'argument' and bool(_KEEPS.search(s.callee_name(use.target)))


def _handle(call: Node) -> Node | None:
    """Where the registration's result is kept: ``const id = setInterval(...)``, ``this.sub = ...``
    (through a ternary: ``this.timer = ms > 0 ? setInterval(...) : null``), or the disposer
    destructured from it (``const { unsubscribe } = bus.subscribe(...)``)."""
    use = flow.use_of(call)
    if use is not None and use.role == 'declared':
        name = use.target.child_by_field_name('name')
        if name is not None and name.type == 'object_pattern':
            return _destructured_disposer(name)
        return name if name is not None and name.type == 'identifier' else None
    if use is not None and use.role == 'assigned':
        return use.target.child_by_field_name('left')
    if call.type == 'call_expression' and s.callee_name(call) == 'observe':
        return s.receiver(call)
    return None


def _destructured_disposer(pattern: Node) -> Node | None:
    """``unsubscribe`` of ``{ unsubscribe }``, ``stop`` of ``{ dispose: stop }``."""
    for prop in pattern.named_children:
        if prop.type == 'shorthand_property_identifier_pattern' and _DISPOSES.match(s.text(prop)):
            return prop
        key, value = prop.child_by_field_name('key'), prop.child_by_field_name('value')
        if prop.type == 'pair_pattern' and key is not None and value is not None \
                and value.type == 'identifier' and _DISPOSES.match(s.text(key)):
            return value
    return None


def _handle_undone(file: File, handle: Node, call: Node, region: Node, skip: Node | None) -> bool:
    """Whether the kept handle is used to undo (outside ``skip``): called, closed, passed to a
    clear/cleanup call, stored elsewhere, or returned."""
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
        if skip is not None and node is not None and _directly_in(node, skip):
            continue
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
        return s.callee_name(use.target) in resources.CLOSE or _each_disposed(use.target)
    if use.role == 'argument':  # clearInterval(id), subs.push(sub); not console.log(id)
        return bool(_KEEPS.search(s.callee_name(use.target)))
    return use.role in ('returned', 'assigned')


def _each_disposed(call: Node) -> bool:
    """``[sub, ...timers].forEach((h) => h.unsubscribe())``: a callback over the handles disposes of each."""
    if s.callee_name(call) not in ('forEach', 'map'):
        return False
    undone = [s.callee_name(s.parent_of(c)) for fn in s.arguments(call)[:1] if fn.type in s.FUNCTION_TYPES
              for c in _called_names(fn) if s.parent_of(c) is not None]
    return any(_DISPOSES.match(name) or name in resources.UNDO for name in undone)


def _undos_in(file: File, region: Node) -> list[Node]:
    """Calls in ``region`` whose names undo something (computed once per region)."""
    start, end = region.start_byte, region.end_byte

    def undos(f: File) -> list[Node]:
        calls = f.captures(REGION_QUERY, ((start, end),)).get('call', [])
        return [c for c in calls if s.callee_name(c) in resources.UNDO]

    return file.memo(f'missing-cleanup:undos:{start}:{end}', undos)


def _calls_in(file: File, region: Node) -> list[Node]:
    """Every call in ``region`` (computed once per region)."""
    start, end = region.start_byte, region.end_byte
    return file.memo(f'missing-cleanup:calls:{start}:{end}',
                     lambda f: f.captures(REGION_QUERY, ((start, end),)).get('call', []))
