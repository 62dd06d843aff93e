"""HTTP clients and their contracts: which names call out over HTTP, which reject on an error
status, which time out by themselves, which make configured instances."""
from __future__ import annotations

from typing import NamedTuple

from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import packages
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node

# Functions with fetch's contract: they resolve on 4xx/5xx and take a `signal`.
FETCH_FUNCTIONS = frozenset(('fetch', 'nodeFetch', 'crossFetch', 'undiciFetch'))


def _packages_of(*libraries: str) -> tuple[str, ...]:
    """The packages ``packages.BY_NAME`` gives these libraries (``node-fetch``: cross-fetch too...)."""
    return tuple(name for name, p in packages.BY_NAME.items() if p.library in libraries)


# The deprecated `request` package, and the packages built on it (request-promise): their
# `defaults({...})` makes a configured instance, as axios's `create` does.
LEGACY = frozenset((packages.REQUEST,))
LEGACY_PACKAGES = frozenset(_packages_of(packages.REQUEST))
LEGACY_INSTANCE = lazyre.compile(rb'\b([\w$]+)\s*\.\s*defaults\s*\(')
# Node's http and https modules: callback APIs whose errors come as 'error' events.
NODE_HTTP = frozenset(name for name in _packages_of(packages.NODE_HTTP) if name.isidentifier())
# The specifiers Node's http modules are imported from (`node:https` too).
NODE_HTTP_MODULES = frozenset(_packages_of(packages.NODE_HTTP))
# ofetch's global (Nuxt auto-imports it).
OFETCH_GLOBAL = '$fetch'
# Client modules, named as their packages: called directly (`axios(config)`) or through methods
# (`got.post(url)`); every HTTP library whose name is an identifier (not node-fetch).
CLIENTS = frozenset(
    p.library for p in packages.BY_NAME.values() if p.kind == packages.HTTP and p.library.isidentifier()
) - LEGACY | NODE_HTTP | {OFETCH_GLOBAL}
# Modules whose methods have fetch's contract (`undici.fetch(url)`, `undici.request(url)`).
FETCH_MODULES = frozenset((packages.UNDICI,))
# Clients that reject on a 4xx/5xx status (the others resolve, and the caller must look).
THROWING = CLIENTS - NODE_HTTP - FETCH_MODULES
# Clients whose request chain takes a Node callback in `.end((err, res) => ...)` instead of making a
# promise: superagent's `then()` calls `end()` itself, so a chain that calls it has no promise to reject.
CALLBACK_END = frozenset((packages.SUPERAGENT,))
# Clients whose request is sent only when something awaits it or calls its `then()`/`end()`: one built
# and returned unsent is configured (its timeout too) where it is sent.
LAZY_REQUESTS = frozenset((packages.SUPERAGENT,))
DEFAULT_TIMEOUT = frozenset((packages.KY,))  # ky times out after 10 s unless told otherwise
# Clients whose `.create()`/`.extend()` makes a configured instance.
INSTANCE_MAKERS = (packages.AXIOS, packages.GOT, packages.KY, packages.OFETCH, packages.SUPERAGENT)
# The packages a locally bound name must come from to be the client of that name.
PACKAGES = {
    'fetch': _packages_of(packages.NODE_FETCH, packages.UNDICI),
    'nodeFetch': (packages.NODE_FETCH,), 'crossFetch': (packages.CROSS_FETCH,), 'undiciFetch': (packages.UNDICI,),
    packages.KY: _packages_of(packages.KY), OFETCH_GLOBAL: _packages_of(packages.OFETCH),
}
# A client's request methods, and those whose second argument is the body (axios).
METHODS = frozenset(('get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request', 'fetch'))
# The names error-handling's query takes as network calls before Python confirms them with the
# `fetch_functions` and `clients` lists: any name with fetch or axios in it, got, ky, superagent, needle.
CALLED_NAMES = (
    rf'(?i)(fetch|{packages.AXIOS}|^{packages.GOT}$|^{packages.KY}$|{packages.SUPERAGENT}|{packages.NEEDLE})')
# unvalidated-input: functions that request the URL they are given (`fetch(url)`, `got(url)`), and
# the verbs of a client whose first argument is the URL (`axios.get(url)`).
SINK_FUNCTIONS = frozenset(('fetch', packages.GOT, packages.KY, packages.OFETCH, OFETCH_GLOBAL, packages.NEEDLE))
SINK_METHODS = frozenset(('get', 'post', 'put', 'patch', 'delete', 'head', 'request'))
DATA_METHODS = frozenset(('post', 'put', 'patch'))

# What each family counts as a client (the families' old lists disagreed; see ``ecosystem.stores``).
# n-plus-one: a receiver that fetches over HTTP, not from a store (it stops looking there).
LOOP_CLIENTS = frozenset(('fetch', 'nodeFetch')) | CLIENTS - NODE_HTTP | LEGACY
# unvalidated-input: receivers whose verb calls are server-side requests (`axios.get(url)`).
SINK_CLIENTS = CLIENTS - {OFETCH_GLOBAL} | LEGACY
# missing-rate-limit: receivers whose `.post(path, ...)` makes a request, not a route: clients,
# jQuery, and the request helpers of tests.
NOT_ROUTERS = CLIENTS - {packages.OFETCH, OFETCH_GLOBAL, packages.UNDICI} | LEGACY | frozenset((
    'httpClient', 'client', 'rest', 'graphql', 'agent', '$', 'jQuery', packages.JQUERY,
    'cy', 'mock', 'nock', 'fetchMock', 'supertest',
))


def not_router(name: str) -> bool:
    """A receiver that makes requests (``NOT_ROUTERS``), or one named for a client whatever its
    prefix (``apiClient.post('/signup', formValues)`` of a browser's redux action, ``authClient``)."""
    return name in NOT_ROUTERS or name.endswith('Client')

# --- the contract of one call, and what a file makes of its clients (asked by error-handling) -------

FETCH = 'fetch'  # resolves on 4xx/5xx and takes a `signal`
THROWS = 'throwing'  # rejects on 4xx/5xx
CALLBACKS = 'node-http'  # Node's callback API: errors come as 'error' events
WHATWG_FETCH = 'fetch'  # the client every fetch function is (undici's methods keep their module's name)
# Modules that are never called themselves (`http(url)` is not a request).
NOT_CALLED = NODE_HTTP | FETCH_MODULES
# The contract a listed client of unknown kind is given (a project's own client object).
LIKE = packages.AXIOS
# What reads a fetch response's body.
BODY_READS = frozenset(('json', 'text', 'arrayBuffer', 'blob', 'formData', 'body'))
INSTANCE = lazyre.compile(rb'\b(' + '|'.join(INSTANCE_MAKERS).encode() + rb')\s*\.\s*(?:'
                          + '|'.join(sorted(bindings.INSTANCE_METHODS)).encode() + rb')\s*\(')
_DEFAULTS_TIMEOUT = lazyre.compile(rb'([\w$]+)\.defaults(?:\.timeout\s*=|\.options\.timeout)')
_IMPORT = lazyre.compile(
    rb'''import\s+(?:type\s+)?(?:(?P<default>[\w$]+)\s*,?\s*)?(?:\{(?P<named>[^}]*)\}\s*)?from\s*['"](?P<module>[^'"]+)['"]'''
    rb'''|(?:const|let|var)\s+(?P<required>[\w$]+)\s*=\s*require\(\s*['"](?P<rmodule>[^'"]+)['"]''')


class Client(NamedTuple):
    kind: str  # FETCH | THROWS | CALLBACKS
    name: str  # the client module, or the instance's client
    instance: str  # the instance name, '' for a module


def called_client(name: str, fetch_functions: frozenset[str], clients: frozenset[str]) -> Client | None:
    """The client a call of ``name`` is (``fetch(url)``, ``axios(config)``)."""
    if name in fetch_functions:
        return Client(FETCH, WHATWG_FETCH, '')
    if name in clients and name not in NOT_CALLED:
        return Client(THROWS, name, '')
    return None


def method_client(module: str, method: str) -> Client | None:
    """The client ``module.method(...)`` is, for a listed client module (``https.get``, ``got.post``)."""
    if module in NODE_HTTP:
        return Client(CALLBACKS, module, '') if method in ('get', 'request') else None
    if module in FETCH_MODULES:
        return Client(FETCH, module, '') if method in ('fetch', 'request') else None
    return Client(THROWS, module if module in THROWING else LIKE, '')


def options_index(client: Client, method: str) -> int:
    """Where a client's call takes its options when its first argument is the URL."""
    return 2 if client.name == packages.AXIOS and method in DATA_METHODS else 1


def instances(file: File) -> dict[str, tuple[str, bool]]:
    """``name -> (client, has a timeout)`` for ``const api = axios.create({...})`` (once per file)."""
    return file.fact(_instances)


def makes_instances(file: File) -> bool:
    """Whether ``INSTANCE`` matches (``axios.create(``): a cheap look before ``instances``."""
    return file.fact(_makes_instances)


def default_timeouts(file: File) -> frozenset[str]:
    """Clients and instances given ``x.defaults.timeout = ...``."""
    return file.fact(_default_timeouts)


def wrapped(file: File) -> frozenset[str]:
    """Client names imported from a local module (a wrapper, not the library)."""
    return file.fact(_wrapped)


def timeout_option_honoured(file: File) -> bool:
    """The file mentions node-fetch, whose v2 honoured a ``timeout`` option (asked once per file)."""
    return file.fact(_node_fetch)


def opaque_response(call: Node) -> bool:
    """``fetch(url, { mode: 'no-cors' })``: the browser answers an opaque response (status 0, ``ok``
    false, an empty body) whatever the server said, so its status cannot be read."""
    args = s.arguments(call)
    if len(args) < 2:
        return False
    options = s.unwrap(args[1])
    if options.type == 'identifier':
        value = s.initializer(options)
        options = s.unwrap(value) if value is not None else options
    if options.type != 'object':
        return False
    return s.string_value(s.object_keys(options).get('mode')) == 'no-cors'


def sets_option(node: Node, keys: tuple[str, ...], unknown: bool = False, spread: bool = True) -> bool:
    """Whether an options argument sets one of ``keys`` (``unknown`` answers for values built elsewhere,
    ``spread`` for an object literal spreading one: ``{ ...defaults, method }``)."""
    node = s.unwrap(node)
    if node.type == 'identifier':
        value = s.initializer(node)
        if value is None:
            return unknown
        node = s.unwrap(value)
    if node.type != 'object':
        return unknown and node.type not in ('string', 'template_string', 'arrow_function', 'function_expression')
    return any(k in s.object_keys(node) for k in keys) or (spread and s.has_spread(node))


_INSTANCE_MAKER_BYTES = tuple(c.encode() for c in INSTANCE_MAKERS)


def _makes_instances(file: File) -> bool:
    src = file.source
    for c in _INSTANCE_MAKER_BYTES:
        pos = src.find(c)
        while pos != -1:
            if INSTANCE.match(src, pos):
                return True
            pos = src.find(c, pos + len(c))
    return False


def _instances(file: File) -> dict[str, tuple[str, bool]]:
    out: dict[str, tuple[str, bool]] = {}
    for m in INSTANCE.finditer(file.source):
        node = s.descendant(file.tree.root, m.start(1), m.end(1))
        call = s.inside(node, ('call_expression',), stop_at_function=False) if node is not None else None
        if call is None:
            continue
        bound = s.parent_of(s.outer_expression(call))
        target = None
        if bound is not None and bound.type == 'variable_declarator':
            target = bound.child_by_field_name('name')
        elif bound is not None and bound.type == 'assignment_expression':
            target = bound.child_by_field_name('left')
        if target is None:
            continue
        name = s.text(target).rsplit('.', 1)[-1]
        args = s.arguments(call)
        out[name] = (m.group(1).decode(), bool(args) and (sets_option(args[0], ('timeout',)) or _hooks_set_timeout(args[0])))
    return out


# A request hook giving every request its timeout (got's `hooks: { beforeRequest: [(options) => {
# options.timeout = { request: 5000 } }] }`): platform-forms-client's Zitadel client, judged not worth asking.
_HOOK_TIMEOUT = lazyre.compile(r'\.timeout\s*=(?!=)')


def _hooks_set_timeout(options: Node) -> bool:
    """The instance's ``hooks`` set each request's ``timeout``."""
    hooks = s.object_keys(s.unwrap(options)).get('hooks')
    return hooks is not None and _HOOK_TIMEOUT.search(s.text(hooks)) is not None


def _default_timeouts(file: File) -> frozenset[str]:
    src = file.source
    if b'.defaults' not in src:
        return frozenset()
    return frozenset(m.group(1).decode() for m in _DEFAULTS_TIMEOUT.finditer(src))


def _wrapped(file: File) -> frozenset[str]:
    out = set()
    for m in _IMPORT.finditer(file.source):
        bound = (m.group('default') or m.group('required') or b'').split() + [
            n.split()[-1] for n in (m.group('named') or b'').replace(b'\n', b' ').split(b',') if n.strip()
        ]
        module = (m.group('module') or m.group('rmodule')).decode()
        for name in bound:
            name_s = name.decode()
            if module not in PACKAGES.get(name_s, (name_s, f'node:{name_s}')):
                out.add(name_s)
    return frozenset(out)


_NODE_FETCH = packages.NODE_FETCH.encode()


def _node_fetch(file: File) -> bool:
    return _NODE_FETCH in file.source


def bound_client(file: File, node: Node) -> bool | None:
    """Whether ``node`` (a called name, or what a method is called on) is bound to an HTTP client:
    False when it starts from a store or the file system, or is itself a name of a package known to
    make no request or a value made here; None where the file does not say (a global such as
    ``fetch``, a local module, an untyped parameter, a property of a value): judge it by its spelling."""
    found = bindings.binding(file, node)
    if found is None or found.kind in (bindings.LOCAL, bindings.MODULE):
        return None
    if found.kind in (bindings.PACKAGE, bindings.VALUE) and bindings.root(node) != s.unwrap(node):
        return None
    return found.kind == bindings.HTTP


# --- network calls of other clients, and what bounds them in time -----------------------------------

class Sdk(NamedTuple):
    """A client library's network call, recognised by the package the file imports and the option
    keys the call always has."""

    module: str  # the package imported (`kafkajs`)
    call: str  # the method called (`producer.send(...)`) or the class constructed (`new Upload(...)`)
    keys: frozenset[str]  # option keys every such call has (`topic`, `messages`)
    bounds: frozenset[str]  # option keys that bound it in time (`timeout`, `abortController`)
    constructed: bool = False
    note: str = ''  # what happens without a bound
    handler_bounds: bool = False  # a client the file makes with a request handler's timeout bounds it
    # The library bounds the call itself (kafkajs: a 30 s request timeout and a retry budget), so a
    # call whose rejection is caught has nothing left to ask.
    bounded: bool = False


SDK_CALLS = (
    Sdk('kafkajs', 'send', frozenset(('topic', 'messages')), frozenset(('timeout',)),
        note='kafkajs waits 30 s for the broker, retrying', bounded=True),
    Sdk('kafkajs', 'sendBatch', frozenset(('topicMessages',)), frozenset(('timeout',)),
        note='kafkajs waits 30 s for the broker, retrying', bounded=True),
    Sdk('@aws-sdk/lib-storage', 'Upload', frozenset(('params',)), frozenset(('abortController',)), constructed=True,
        note='a stalled upload never settles', handler_bounds=True),
)
# An S3 client the file makes with a request handler that times out a stalled socket (`new
# S3Client({ requestHandler: { connectionTimeout: 5000, requestTimeout: 60000 } })`, or a
# `NodeHttpHandler` given one) bounds each part request of an `Upload` given it: judged not worth
# asking once of once on held-out code (common-object-management-service, round 15).
_HANDLER_TIMEOUT = lazyre.compile(
    rb'\b(?:requestHandler\s*:|NodeHttpHandler\b)[^;]{0,400}?\b(?:requestTimeout|socketTimeout)\s*:')


def handler_bounded(file: File, sdk: Sdk) -> bool:
    """The file makes ``sdk``'s client with a request handler that times out each request."""
    return sdk.handler_bounds and _HANDLER_TIMEOUT.search(file.source) is not None


# An S3 client made here (`new S3Client({...})`, `new aws.S3({...})` of `@aws-sdk/client-s3`).
_S3_CLIENT_MADE = lazyre.compile(rb'\bnew\s+(?:[\w$]+\s*\.\s*)?S3(?:Client)?\s*\(')


def client_made_elsewhere(file: File, sdk: Sdk) -> bool:
    """``sdk``'s client comes from another module (a factory's `createS3Client()`, an injected
    `this.client`): the file makes none, so its request timeout is the factory's to set."""
    return sdk.handler_bounds and _S3_CLIENT_MADE.search(file.source) is None

# A function imported from another module and named like a fetch wrapper (`fetchJson`,
# `fetchWithRetry`), called with request options: it takes a `signal` or `timeout` as fetch does
# (`fetchWithTimeout` sets its own).
FETCH_WRAPPER = lazyre.compile(r'^fetch(?!\w*(?:Timeout|Deadline))[A-Z0-9_]')
REQUEST_OPTIONS = frozenset(('method', 'headers', 'body'))
TIME_BOUNDS = frozenset(('signal', 'timeout'))
# A project's own client may name its signal `abort` (firecrawl's `robustFetch({ url, abort })`).
WRAPPER_TIME_BOUNDS = TIME_BOUNDS | {'abort'}


# simple-git runs git with no timeout unless its factory is given one (`simpleGit({ baseDir,
# timeout: { block } })`); these commands talk to a remote.
GIT_MODULE = 'simple-git'
GIT_REMOTE_COMMANDS = frozenset(('fetch', 'pull', 'clone', 'listRemote'))  # not `push`: arrays have one
# Options with which a remote command talks to no remote: `git ls-remote --get-url` prints the
# configured URL and exits (Hydro's loader.ts, round 21, judged not worth asking).
GIT_LOCAL_OPTIONS = {'listRemote': frozenset(('--get-url',))}
_GIT_TIMEOUT = lazyre.compile(rb'\b(?:simpleGit|SimpleGit|simplegit)\s*\(\s*\{[^}]*\btimeout\b')


def git_unbounded(file: File) -> bool:
    """The file uses simple-git and no factory call of it sets a timeout (once per file)."""
    return file.fact(_git_unbounded)


def _git_unbounded(file: File) -> bool:
    src = file.source
    return GIT_MODULE.encode() in src and _GIT_TIMEOUT.search(src) is None and (
        f"'{GIT_MODULE}'".encode() in src or f'"{GIT_MODULE}"'.encode() in src)


def sdk_calls(file: File) -> tuple[Sdk, ...]:
    """The ``SDK_CALLS`` whose package the file imports (once per file)."""
    return file.fact(_sdk_calls)


def option_keys(node: Node, depth: int = 0) -> frozenset[str] | None:
    """The keys an options object literal sets, through spreads of same-file object literals
    (``{ ...opts, basicAuth }``); None when one comes from elsewhere."""
    node = s.unwrap(node)
    if depth > 3:
        return None
    if node.type == 'identifier':
        value = s.initializer(node)
        if value is None:
            return None
        node = s.unwrap(value)
    if node.type != 'object':
        return None
    keys = set(s.object_keys(node))
    for child in node.named_children:
        if child.type == 'spread_element':
            inner = option_keys(child.named_children[0], depth + 1) if child.named_children else None
            if inner is None:
                return None
            keys |= inner
    return frozenset(keys)


# Each SDK's package as bytes, bare and quoted: a file names it in an import or a `require`.
# The last word of its name (``storage`` of ``@aws-sdk/lib-storage``) is a set lookup in ``File.words`` first.
_SDK_MODULES = {m: (m.replace('-', '/').rsplit('/', 1)[-1].encode(), m.encode(), f"'{m}'".encode(), f'"{m}"'.encode())
                for m in {c.module for c in SDK_CALLS}}


# A word of every file ``sdk_calls`` or ``git_unbounded`` finds something in: an SDK package's last
# word, simple-git's first.
OTHER_CLIENT_WORDS = frozenset(word for word, *_ in _SDK_MODULES.values()) | {GIT_MODULE.split('-')[0].encode()}


def _sdk_calls(file: File) -> tuple[Sdk, ...]:
    src, words = file.source, file.words
    named = {m for m, (word, bare, single, double) in _SDK_MODULES.items()
             if word in words and bare in src and (single in src or double in src)}
    return tuple(c for c in SDK_CALLS if c.module in named) if named else ()

# A Node client request's `'socket'` event hands over the socket it was given: with a keep-alive
# agent (Node's default agent since 19, agentkeepalive, undici's pool) the same socket serves
# later requests, so a listener added to it per request stays on it, one more per request.
POOLED_SOCKET_EVENTS = frozenset(('socket',))
_ADD_LISTENER = frozenset(('on', 'once', 'addListener', 'prependListener', 'prependOnceListener'))


def pooled_socket(name: Node) -> bool:
    """``name`` is the parameter of a callback given to a request's ``'socket'`` event
    (``req.on('socket', (socket) => ...)``): a socket that may outlive the request."""
    decl = s.declaration(name)
    fn = s.parent_of(decl) if decl is not None else None
    while fn is not None and fn.type in ('formal_parameters', 'required_parameter', 'optional_parameter'):
        fn = s.parent_of(fn)
    if fn is None or fn.type not in s.FUNCTION_TYPES or not s.parameters(fn) \
            or s.parameter_names(fn)[:1] != [s.text(name)]:
        return False
    args = s.parent_of(fn)
    call = s.parent_of(args) if args is not None and args.type == 'arguments' else None
    given = s.arguments(call) if call is not None else []
    return call is not None and s.callee_name(call) in _ADD_LISTENER and len(given) >= 2 \
        and s.string_value(given[0]) in POOLED_SOCKET_EVENTS and given[1] == fn
