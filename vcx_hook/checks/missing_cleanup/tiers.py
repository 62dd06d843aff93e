"""How sure missing-cleanup is about an effect that adds and never removes: listed when the effect
itself starts a timer or registers on something that outlives every component (``window``, an
imported or module-level emitter or store); low confidence when the target is the component's own
(a hook's value, a ref, a prop, a local), when the registration waits in a callback of the effect
(a loader's ready callback, a devtools helper), when it listens for the page's own life, or when
the effect runs once (`[]`) in the app's root component (Next.js `pages/_app.tsx` or root
`app/layout.tsx`, `app/root.tsx`), mounted once for the app's life (judged not worth asking 4 times
of 4 listed, jitsu's and cosmo's `_app.tsx`). So is a lifecycle method of Angular's root component
(`src/app/app.component.ts`, or a component whose selector is `app-root`: what the app bootstraps;
judged not worth asking 3 times of 3 listed, domifa's three portals). A mount method's listener
(`componentDidMount`, `mounted`, `connectedCallback`) was listed worth asking 39% of 9 times held out;
on what the component owns it is no longer asked (ecosystem/owned.py), and of mailtrain's, bruno's,
apostrophe's and nodecg's five rows two are listed today (1 borderline, 1 not) beside dashy's and
joplin's worth asking ones on `document`, `Dimensions` and `ipcRenderer`: the template stays listed.

Judged on held-out code, effect registrations were worth asking 6 times of 28 (bench/judged:
"runs in a `useEffect` that returns no cleanup" 20% of 20, "whose cleanup does not undo it" 12% of 8):
the worth ones were window listeners added per session or per mount, a zustand store's and a
module emitter's subscriptions, a polling timer; the rest were listeners on a router, a Stripe
element, a carousel or a map overlay the component owns, registrations in callbacks that run once,
and ``beforeunload``/``appinstalled`` listeners of components mounted once per page.

Over every held-out round (``python bench/judged/shapes.py --held-out --check missing-cleanup``) the
listener templates were listed worth asking 17% of 18 ("returns no cleanup") and 25% of 14 ("whose
cleanup does not undo it"). Of those judged rows, the ones these rules still list (a target that
outlives every component, not the app root mounted once) were worth asking 60% of 5 and 70% of 5;
the low ones 7% of 15 and 18% of 11; 12 are no longer asked: the listed sub-shape holds. A
subscription in an effect whose cleanup undoes other things is low: 0 of 8 judged worth asking (5
listed; unsubscribers the cleanup runs through a helper or an array, since recognised, and a feed
subscribed through an API call): the author wrote a cleanup, and what it leaves out was not once a
leak. With no cleanup at all, subscriptions stay listed: 79% of 7."""
from __future__ import annotations

from vcx_hook.checks.missing_cleanup.contexts import Context
from vcx_hook.checks.missing_cleanup.library_owned import library_owned
from vcx_hook.checks.missing_cleanup.exempt import has_teardown
from vcx_hook.checks.missing_cleanup.exempt import made_per_call
from vcx_hook.checks.missing_cleanup.messages import has_cleanup
from vcx_hook.ecosystem import app_shell
from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import dom
from vcx_hook.ecosystem import paths
from vcx_hook.ecosystem import resources
from vcx_hook.finding import LOW
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node

# The functions an effect runs itself: declared in it and called (``function handleWSS() {...}``).
_OWN_FUNCTIONS = frozenset(('function_declaration', 'generator_function_declaration'))


def confidence(file: File, call: Node, kind: str, ctx: Context, long_lived: frozenset[str],
               teardown: frozenset[str] = frozenset(), shell: frozenset[str] = frozenset()) -> str:
    """LOW for an effect's registration whose evidence is weak, for a lifecycle method of a
    component mounted once (the app's root, or one of ``shell``, the selectors of the components the
    app shell mounts once), for a timer or a subscription of a class nothing can dispose of, and for
    anything a NestJS provider's start hook with no shutdown hook registers; '' (the family's) otherwise."""
    if ctx.kind == 'class':
        if kind == 'listener' and _process_life(call):
            return LOW
        if kind == 'subscription' and made_per_call(file, ctx.region):
            return ''  # a factory of the file makes one per call
        return LOW if kind in ('timer', 'subscription') and _app_lifetime(ctx.region, teardown) else ''
    if ctx.kind == 'lifecycle' and _provider_bootstrap(ctx):
        return LOW
    if ctx.kind == 'lifecycle' and mounted_once(file, ctx.region, shell):
        return LOW
    target = dom.listened_target(file, call) if kind == 'listener' else None
    if target is not None and library_owned(file, target, ctx):
        return LOW
    if ctx.kind == 'aframe':
        return LOW  # a new shape (issue 18's hubs case), judged on one application only
    if ctx.kind != 'effect':
        return ''
    if _deferred(call, ctx.fn) or (paths.app_root(file.path) and _runs_once(ctx.fn)):
        return LOW
    if kind not in ('listener', 'subscription'):
        return ''
    if kind == 'subscription' and has_cleanup(file, ctx.fn):
        return LOW
    args = s.arguments(call)
    if kind == 'listener' and args and s.string_value(args[0]) in resources.PAGE_LIFE_EVENTS:
        return LOW
    return '' if _outlives_components(file, call, long_lived) else LOW


def _process_life(call: Node) -> bool:
    """A class's listener on the Node process's own life (``process.on('SIGTERM', ...)``, ``'exit'``, a
    parent's ``'message'``), ``process`` the global: the class that registers it is what the process
    runs, made once for it (citrineos' server shutting down on a signal, blockchain-explorer's forked
    sync handler logging its parent's messages: judged not worth asking twice of twice,
    ``cleanup:app-lifetime-singleton``)."""
    recv = s.receiver(call)
    args = s.arguments(call)
    if recv is None or recv.type != 'identifier' or s.text(recv) != 'process' or s.declaration(recv) is not None or not args:
        return False
    events = _event_names(args[0])
    return bool(events) and events <= resources.PROCESS_LIFE_EVENTS


def _event_names(arg: Node) -> frozenset[str]:
    """The event names ``arg`` spells: a string, or the loop variable of a ``for...of`` over an array of
    strings (``for (const event of ['SIGINT', 'SIGTERM']) process.on(event, ...)``); empty otherwise."""
    arg = s.unwrap(arg)
    value = s.string_value(arg)
    if value is not None:
        return frozenset((value,))
    loop = next((up for up in s.ancestors(arg) if up.type == 'for_in_statement'), None) if arg.type == 'identifier' else None
    if loop is None or s.text(loop.child_by_field_name('operator')) != 'of':
        return frozenset()
    left, right = loop.child_by_field_name('left'), loop.child_by_field_name('right')
    if left is None or right is None or s.unwrap(right).type != 'array' or s.text(left) != s.text(arg):
        return frozenset()
    right = s.unwrap(right)
    names = [s.string_value(item) for item in right.named_children]
    return frozenset(n for n in names if n is not None) if all(n is not None for n in names) else frozenset()


def _runs_once(effect: Node) -> bool:
    """The effect's dependency array is empty (``useEffect(() => {...}, [])``): it runs once per mount."""
    args = s.parent_of(effect)
    deps = args.named_children[1] if args is not None and args.type == 'arguments' and len(args.named_children) > 1 else None
    return deps is not None and deps.type == 'array' and not deps.named_children


def _deferred(call: Node, effect: Node) -> bool:
    """``call`` runs in a callback the effect hands to something else (``loader.ready(() => ...)``,
    ``window.logSignal = (t) => ...``), not in the effect or a function it declares for itself."""
    for fn in s.ancestors(call):
        if fn == effect or (fn.start_byte, fn.end_byte) == (effect.start_byte, effect.end_byte):
            return False
        if fn.type not in s.FUNCTION_TYPES or fn.type in _OWN_FUNCTIONS:
            continue
        holder = s.parent_of(fn)
        if holder is None or holder.type != 'variable_declarator':
            return True
    return False


def _outlives_components(file: File, call: Node, long_lived: frozenset[str]) -> bool:
    """The registration's target is a global (``window``, ``document``...), an import or a name
    declared at the module's top level: it outlives every component that registers on it. Not an
    object a library call makes on the spot (``d3.zoom().on('zoom', f)``, resources.FRESH_OBJECT_MAKERS:
    hackerspub's ForceGraph zoom and drag on the svg it renders, judged not worth asking,
    cleanup:listeners-on-owned-element)."""
    target = s.receiver(call)
    if target is None:
        return True  # a library's own registration (`onSnapshot(query, fn)`, valtio's `subscribe(state, fn)`)
    while target is not None and target.type == 'call_expression' and s.callee_name(target) == s.callee_name(call):
        target = s.receiver(target)  # `bus.on(a, f).on(b, g)`: both on `bus`
    while target is not None:
        target = s.unwrap(target)
        if target.type == 'member_expression':
            target = target.child_by_field_name('object')
        elif target.type == 'call_expression':  # `window.googletag.pubads()`: what it is called on
            if s.callee_name(target) in resources.FRESH_OBJECT_MAKERS.get(bindings.library(file, target), ()):
                return False  # `d3.zoom().on(...)`: on the object the call makes here
            target = s.receiver(target)
        else:
            break
    if target is None or target.type != 'identifier':
        return False
    name = s.text(target)
    if name in long_lived or name in bindings.imports(file):
        return True
    decl = s.declaration(target)  # a parameter destructured (`{ hot }`) is not found: not at the top
    return decl is not None and s.enclosing_function(decl) is None


def _app_lifetime(body: Node, teardown: frozenset[str]) -> bool:
    """A class with no stop/close/dispose method: nothing can end an instance, so it is made to live
    as long as the page, the app or the process (a client, a service, a registry of triggers), and its
    timers and subscriptions do too.  Judged on held-out code 0 of 10 worth asking, 2 borderline
    (``cleanup:page-lifetime-singleton``: silverbullet's client and service worker, OpenPanel's
    React Native SDK; ``cleanup:app-lifetime-singleton``: companion's trigger and surface classes,
    boxyhq jackson's daily timers, borderline); its subscriptions 0 of 5 (harmony's status-change
    links made once per page, round 22; notesnook's user manager, workadventure's two module
    singletons, api-subventions' auth controller of the root layout), unless a function of its own
    file constructs it (a factory: one per call). Its listeners are not asked (``exempt``)."""
    return not has_teardown(body, teardown)


def mounted_once(file: File, body: Node, shell: frozenset[str]) -> bool:
    """The class of ``body`` is a component mounted once for the app's life: the root component
    (by its file or its ``app-root`` selector), or a component of the app shell, whose element only
    the root's template holds (``shell``, ecosystem/app_shell.py: NRPTI's toggle button and
    breadcrumb, round 19, judged not worth asking and borderline)."""
    return paths.app_root(file.path) or bootstrapped_root(body) or (bool(shell) and not shell.isdisjoint(_selectors(body)))


# The element Angular CLI's `index.html` holds and `bootstrapApplication`/`bootstrapModule` fills.
_SELECTOR = lazyre.compile(r'''\bselector\s*:\s*['"`]([^'"`]+)['"`]''')


def bootstrapped_root(body: Node) -> bool:
    """An Angular component whose selector is ``app-root``: the root component the app bootstraps,
    mounted once for the app's life (domifa's three portals' ``AppComponent``s, judged not worth
    asking 3 times of 3, ``cleanup:root-component-mounted-once``)."""
    return app_shell.ROOT_SELECTOR in _selectors(body)


def _selectors(body: Node) -> frozenset[str]:
    """The selectors a class's decorators declare (``@Component({ selector: 'app-root, x' })``)."""
    cls = s.parent_of(body)
    if cls is None or cls.type not in ('class_declaration', 'class'):
        return frozenset()
    holder = s.parent_of(cls)
    decorated = holder if holder is not None and holder.type == 'export_statement' else cls
    return frozenset(part.strip() for d in decorated.named_children if d.type == 'decorator'
                     for m in _SELECTOR.finditer(s.text(d)) for part in m.group(1).split(','))


def _provider_bootstrap(ctx: Context) -> bool:
    """A NestJS provider's ``onModuleInit``/``onApplicationBootstrap`` whose class has no
    ``onModuleDestroy``/``onApplicationShutdown``: a provider is made once for the application and
    Nest runs the hook once, so the timer, listener, watcher or subscription it starts lives as long
    as the process. Judged on held-out code 0 of 4 worth asking, 1 borderline: ohmyform's daily
    metrics timer (round 7), reduced.to's Kafka consumer subscription (borderline: only the shutdown
    is missing), tegon's Discord client listeners and gamevault's chokidar watcher (round 24)."""
    name = s.text(ctx.fn.child_by_field_name('name')) if ctx.fn.type == 'method_definition' else ''
    undo = resources.NEST_LIFECYCLE.get(name)
    if undo is None:
        return False
    body = s.parent_of(ctx.fn)
    return body is not None and not any(
        m.type == 'method_definition' and s.text(m.child_by_field_name('name')) in undo for m in body.named_children)
