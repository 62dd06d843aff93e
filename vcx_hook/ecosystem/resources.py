"""What must be released, and how: listeners, timers, subscriptions, observers, file watchers and
connections, the framework hooks and lifecycle methods that register and undo them (React, Vue,
Svelte, Angular, web components, NestJS), the globals that outlive every caller, and the calls
that undo a registration.  Asked by missing-cleanup; its configuration extends the lists that
``NAMES`` exposes.
"""
from __future__ import annotations

import re

from vcx_hook.ecosystem import packages
from vcx_hook.ecosystem import stores
from vcx_hook.lang.scope import File
from vcx_hook.lang import lazyre

# -- Where registrations run again and again ----------------------------------------------------
# Hooks whose callback may return its own cleanup (React, Preact, Svelte/Solid onMount).
EFFECT_HOOKS = frozenset(('useEffect', 'useLayoutEffect', 'useInsertionEffect', 'onMount'))
# Teardown hooks a component calls beside its mount hook (Solid `onCleanup`, Svelte `onDestroy`):
# what they undo counts for every effect of that component.
TEARDOWN_HOOKS = frozenset(('onCleanup', 'onDestroy'))
# Functions of a library that make a new object each call, whose listeners live as long as it does
# (d3's behaviours and simulations: `d3.zoom().on('zoom', f)` registers on the zoom the call makes,
# not on the `d3` namespace), by package.
_D3_MAKERS = frozenset(('zoom', 'drag', 'brush', 'brushX', 'brushY', 'dispatch', 'forceSimulation', 'transition'))
FRESH_OBJECT_MAKERS = {
    'd3': _D3_MAKERS, 'd3-zoom': frozenset(('zoom',)), 'd3-drag': frozenset(('drag',)),
    'd3-brush': frozenset(('brush', 'brushX', 'brushY')), 'd3-dispatch': frozenset(('dispatch',)),
    'd3-force': frozenset(('forceSimulation',)), 'd3-transition': frozenset(('transition',)),
}
# Composition-API mount hooks: undone in a sibling teardown hook of the same setup function.
MOUNT_HOOKS = frozenset(('onMounted', 'onBeforeMount', 'onActivated'))
# Lifecycle methods that run on every mount, mapped to their teardown by `TEARDOWN_OF`.
MOUNT_METHODS = frozenset((
    'componentDidMount', 'mounted', 'created', 'beforeMount', 'ngOnInit', 'ngAfterViewInit',
    'connectedCallback', 'firstUpdated', 'onModuleInit', 'onApplicationBootstrap',
))
# Methods where a class starts its work; a teardown method should undo what they register.
START_METHODS = frozenset(('constructor', 'start', 'init', 'initialize', 'connect', 'attach', 'enable', 'listen'))
TEARDOWN_METHODS = frozenset((
    'componentWillUnmount', 'beforeUnmount', 'unmounted', 'beforeDestroy', 'destroyed',
    'ngOnDestroy', 'disconnectedCallback', 'onModuleDestroy', 'beforeApplicationShutdown',
    'onApplicationShutdown', 'stop', 'close', 'destroy', 'dispose', 'disconnect', 'shutdown',
    'teardown', 'cleanup', 'unmount', 'detach', 'disable', 'terminate', 'unsubscribe',
))
# Words of a teardown method's name in frameworks the list above does not know (a plugin's
# `onUnload`, a service's `stopPolling`): missing_cleanup.partial_teardown reads them.
TEARDOWN_WORDS = frozenset(('unload', 'unmount', 'destroy', 'dispose', 'stop', 'shutdown', 'teardown', 'cleanup'))
# The teardown a message names for each mount method.
TEARDOWN_OF = {
    'componentDidMount': 'componentWillUnmount', 'mounted': 'beforeUnmount', 'created': 'beforeUnmount',
    'beforeMount': 'beforeUnmount', 'ngOnInit': 'ngOnDestroy', 'ngAfterViewInit': 'ngOnDestroy',
    'connectedCallback': 'disconnectedCallback', 'firstUpdated': 'disconnectedCallback',
    'onModuleInit': 'onModuleDestroy', 'onApplicationBootstrap': 'onApplicationShutdown',
}
# A NestJS provider's start hooks, and the shutdown hooks any of which may undo what they start.
_NEST_SHUTDOWN = ('onModuleDestroy', 'beforeApplicationShutdown', 'onApplicationShutdown')
NEST_LIFECYCLE = {'onModuleInit': _NEST_SHUTDOWN, 'onApplicationBootstrap': _NEST_SHUTDOWN}
# A-Frame: the object given to `AFRAME.registerComponent(name, {...})` (the `AFRAME` global's or
# the `aframe` package's) defines a component made for each entity that has it and removed with
# it; its `init` and `play` register, its `remove` and `pause` undo. A system (`registerSystem`) is
# made once per scene. The scene (`this.el.sceneEl`) outlives every entity's components.
AFRAME_GLOBAL = 'AFRAME'
AFRAME_PACKAGE = 'aframe'
AFRAME_REGISTRATIONS = frozenset(('registerComponent',))
AFRAME_SCENE = 'sceneEl'
AFRAME_TEARDOWN_OF = {'init': 'remove', 'play': 'pause'}
# Base classes of a class component whose `componentWillUnmount` is its teardown (React, Preact).
COMPONENT_BASES = frozenset(('Component', 'PureComponent'))
COMPONENT_TEARDOWN = 'componentWillUnmount'
# Hooks that make an instance for the calling component and destroy it (and its listeners) on
# unmount, by package: `const [ref, api] = useEmblaCarousel()`; `api.on('select', f)` dies with it.
OWNED_INSTANCE_HOOKS = {
    'embla-carousel-react': frozenset(('useEmblaCarousel', 'default')),
    'keen-slider': frozenset(('useKeenSlider',)),
    '@tiptap/react': frozenset(('useEditor',)),
}
# A function calling `RED.nodes.createNode(this, config)` is a Node-RED node: it runs on every
# deploy, and its `this.on('close', ...)` handler is its teardown.
NODE_RED_CREATE = 'createNode'
NODE_RED_CLOSE = 'close'
# Events a page fires once: a listener for them cannot pile up.
ONCE_EVENTS = frozenset(('load', 'DOMContentLoaded'))
# Events of the page's own life (leaving it, installing it as an app): what listens for them is
# registered by the components that live as long as the page.
PAGE_LIFE_EVENTS = frozenset(('beforeunload', 'unload', 'pagehide', 'appinstalled', 'beforeinstallprompt'))
# The Node process's own life and its parent's channel: a signal asking it to stop, its exit, a message
# or a disconnect from the process that forked it (`process.on('SIGTERM', () => this.shutdown())`).
PROCESS_LIFE_EVENTS = frozenset(('SIGINT', 'SIGTERM', 'SIGQUIT', 'SIGHUP', 'SIGBREAK', 'exit', 'beforeExit',
                                 'message', 'disconnect'))
# Global objects that outlive every caller.
LONG_LIVED = frozenset(('process', 'window', 'document', 'globalThis', 'self', 'visualViewport', 'screen'))
# `io.on('connection', (socket) => ...)`: callbacks that run per connection or request.
CONNECTION_EVENTS = frozenset(('connection', 'connect', 'request', 'upgrade', 'message'))

# -- Observables (RxJS, Angular) ------------------------------------------------------------------
# Operators that complete a subscription on their own.
COMPLETING_OPERATORS = frozenset((
    'take', 'first', 'takeUntil', 'takeWhile', 'takeUntilDestroyed', 'single', 'last',
    'firstValueFrom', 'lastValueFrom',
))
# ActivatedRoute observables: the router completes them when the component is destroyed.
ROUTER_OBSERVABLES = frozenset(('paramMap', 'params', 'queryParams', 'queryParamMap', 'data', 'fragment', 'url'))
# Calls returning observables that never complete; any other `service.get().subscribe()` is
# taken for a request that completes (Angular HttpClient).
ENDLESS_SOURCES = frozenset((
    'fromEvent', 'interval', 'timer', 'webSocket', 'select', 'asObservable', 'watchQuery',
    'valueChanges', 'fromEventPattern',
))

# -- Registrations --------------------------------------------------------------------------------
# EventEmitter's registrations that keep the listener, and those that drop it after one event
# (``handlers`` asks both: an async listener's rejection is unhandled either way).
EMITTER_LISTEN = frozenset(('on', 'addListener', 'prependListener'))
EMITTER_ONCE = frozenset(('once', 'prependOnceListener'))
LISTEN = EMITTER_LISTEN | {'addEventListener'}
# Subscriptions (RxJS, stores, Firebase).
SUBSCRIBE = frozenset(('subscribe', 'onSnapshot', 'onAuthStateChanged', 'onIdTokenChanged', 'onValue'))
TIMERS = frozenset(('setInterval',))
# A router history's listeners and navigation guards (`history.listen(fn)`, `history.block(fn)`),
# undone by calling what they return; a receiver named `history` (`this.props.history`,
# `useHistory()`'s) in a file importing React Router or the `history` package.
HISTORY = frozenset(('listen', 'block'))
HISTORY_PACKAGES = frozenset(('react-router', 'react-router-dom', 'history'))
# `observe` counts on a Mutation/Resize/IntersectionObserver, by the name of its class or holder.
OBSERVER = lazyre.compile(r'observer$', re.I)
# `fs.watch`, `chokidar.watch`; a bare `watch()` only in a file importing them (not Vue's watch).
WATCH = frozenset(('watch', 'watchFile'))
WATCH_RECEIVERS = stores.FS_NAMES | {'chokidar'}
# `new WebSocket(url)`: connections opened by construction.
CONNECTIONS = frozenset(('WebSocket', 'EventSource', 'ReconnectingWebSocket'))
# `io(url)`: a socket.io-client connection.
SOCKET_IO = 'io'
# The callee names of every registration (tests/checks/missing_cleanup_test.py holds them to a query).
REGISTER_NAMES = frozenset((
    *LISTEN, *SUBSCRIBE, 'observe', *WATCH, *TIMERS, SOCKET_IO, *CONNECTIONS, *HISTORY,
))

# -- Undoing them ---------------------------------------------------------------------------------
# Calls whose names undo something.
UNDO = frozenset((
    'removeEventListener', 'off', 'removeListener', 'removeAllListeners', 'clearInterval', 'unsubscribe',
    'disconnect', 'unobserve', 'close', 'destroy', 'terminate', 'abort', 'dispose', 'unwatch', 'unwatchFile',
    'cancel', 'stop', 'remove', 'unlisten', 'unbind', 'complete',
))
# `client.unsubscribe(topic)`: undoes a subscription made on the same client.
UNSUBSCRIBE = frozenset(('unsubscribe', 'unsubscribeAll'))
# The calls that remove one listener, matched by the function given (identity).
LISTENER_REMOVE = frozenset(('removeEventListener', 'removeListener', 'off'))
LISTENER_UNDO = frozenset(('removeEventListener', 'off', 'removeListener', 'removeAllListeners', 'unbind'))
# Methods that close a kept handle (`sub.unsubscribe()`, `watcher.close()`).
CLOSE = frozenset((
    'close', 'disconnect', 'destroy', 'terminate', 'abort', 'remove', 'unsubscribe', 'unobserve', 'dispose',
    'stop', 'cancel', 'unwatch', 'complete', 'removeAllListeners', 'clearInterval', 'unwatchFile',
))

# -- Clients with connections of their own -------------------------------------------------------
# A client a package makes that opens connections (a broker's producer, a gRPC channel, a Redis or
# database connection): made inside a function, each call opens one more unless it is closed on
# every path (missing_cleanup/per_call_clients). The library, and how a client is made there: the
# classes constructed (`new Redis(url)`), or the methods/functions called (`kafka.producer()`,
# `createClient()`); a Google Cloud package's is any class named `...Client`.
CONNECTED_CLIENTS: dict[str, frozenset[str]] = {
    'kafkajs': frozenset(('producer', 'admin')),
    packages.REDIS: frozenset(('createClient', 'createCluster', 'Redis', 'Cluster', 'IORedis')),  # ioredis too
    packages.MONGODB: frozenset(('MongoClient',)),
    packages.PG: frozenset(('Client', 'Pool')),
    packages.BULLMQ: frozenset(('Queue', 'QueueEvents', 'FlowProducer')),
    packages.BULL: frozenset(('Queue',)),
    'amqplib': frozenset(('connect',)),
    'amqplib/callback_api': frozenset(('connect',)),
    'mqtt': frozenset(('connect', 'connectAsync')),
}

# Connection pools that run each query on whichever connection is free (a `BEGIN` sent to one opens
# no transaction): the libraries, the classes they construct and the calls that make one
# (`new Pool()` of `pg`, `mysql.createPool()`; missing-transaction's pooled_begin).
POOL_LIBRARIES = frozenset((packages.PG, packages.MYSQL))
POOL_CLASSES = frozenset(('Pool',))
POOL_MAKERS = frozenset(('createPool',))
# Scopes whose every package makes gRPC clients that hold a channel until `close()`.
CONNECTED_CLIENT_SCOPES = ('@google-cloud/', '@google-analytics/')
# Clients and servers a class keeps in a field that hold connections or plugins' resources until
# closed (missing_cleanup/open_fields): the connected clients' packages, and GraphQL Yoga's server.
HELD_OPEN = frozenset((*CONNECTED_CLIENTS, packages.GRAPHQL_YOGA))
# What closes such a client.
CLIENT_CLOSE = frozenset(('close', 'disconnect', 'quit', 'end', 'destroy', 'shutdown', 'terminate'))
# Uses that make a client a long-running one (a consumer's loop, a subscriber): made to stay open.
CLIENT_STAYS = frozenset(('run', 'subscribe', 'psubscribe', 'on', 'once', 'listen', 'consume', 'process'))


def connected_client(library: str, made: str) -> bool:
    """``made`` (a class constructed, a function or method called) of ``library`` makes a client with
    connections of its own."""
    if library.startswith(CONNECTED_CLIENT_SCOPES):
        return made.endswith('Client')
    return made in CONNECTED_CLIENTS.get(library, ())


_FS_IMPORT = lazyre.compile(
    rb'''(?:from\s+|require\(\s*)['"](?:node:)?(?:''' + f'{packages.FS}|{packages.FS_PROMISES}|'.encode()
    + rb'''chokidar)['"]''')

_VUE_IMPORTED = f"'{packages.VUE}'".encode()


def watches_files(file: File) -> bool:
    """A bare ``watch()`` in the file is Node's or chokidar's (imported), not Vue's (once per file)."""
    return file.fact(_fs_not_vue)


def socket_io_client(file: File) -> bool:
    """The file imports socket.io-client, so ``io(url)`` opens a connection (once per file)."""
    return file.fact(_socket_io_client)


def _fs_not_vue(file: File) -> bool:
    return _FS_IMPORT.search(file.source) is not None and _VUE_IMPORTED not in file.source


def _socket_io_client(file: File) -> bool:
    return b'socket.io-client' in file.source
