"""HTTP routes: ``Route(method, path, handlers, middleware, ...)`` for Express, Koa, Hono and
Fastify (verb calls, ``route()`` chains and objects), hapi route objects (``{ method, path,
handler }`` wherever they stand), NestJS controller methods and Next.js API routes (``pages/api``
default exports, ``app/**/route.ts`` verb exports), Nitro (Nuxt, h3) file routes, and route modules
(``export const options = { url, method }`` beside ``export const run``), and the actions of
controller modules a routes file out of sight mounts (``UserController.postUsers(req, res)``).

``raised(scope)`` is every route a touched scope registers or handles; ``possible(file)`` is the
cheap test before it.  One module per way a route is registered: ``routers`` (verb calls, chains
and ``route({...})`` calls), ``objects`` (route objects in arrays and exports), ``nest`` (decorators), ``nextjs`` and ``nitro`` (files), ``modules`` (route modules), ``controllers`` (controller actions); ``route`` holds what they
share.  A framework is added here (a module, its line in ``FILE_ROUTES`` when its routes are files,
and its ``REQUEST_READERS``) and in fixtures, nowhere else.
"""
from __future__ import annotations

from collections.abc import Callable

from vcx_hook.ecosystem.routes import controllers
from vcx_hook.ecosystem.routes import modules
from vcx_hook.ecosystem.routes import nest
from vcx_hook.ecosystem.routes import nextjs
from vcx_hook.ecosystem.routes import nitro
from vcx_hook.ecosystem.routes import objects
from vcx_hook.ecosystem.routes import routers
from vcx_hook.ecosystem.routes.route import CONTROLLER
from vcx_hook.ecosystem.routes.route import FILE
from vcx_hook.ecosystem.routes.route import NEST
from vcx_hook.ecosystem.routes.route import OBJECT
from vcx_hook.ecosystem.routes.route import ROUTER
from vcx_hook.ecosystem.routes.route import Route
from vcx_hook.ecosystem.routes.routers import creates_app
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

__all__ = ('CONTROLLER', 'FILE', 'NEST', 'OBJECT', 'ROUTER', 'Route', 'arguments_before', 'creates_app', 'handler_options', 'of_file', 'per_request_label', 'possible', 'raised',
           'serves_requests')

# Frameworks whose routes are files, found by their paths: each module's `possible` and `routes`.
FILE_ROUTES: tuple[tuple[Callable[[File], bool], Callable[[File], list[Route]]], ...] = (
    (nextjs.possible, nextjs.routes),
    (nitro.possible, nitro.routes),
    (modules.possible, modules.routes),
    (controllers.possible, controllers.routes),
)
# Functions a framework gives to read the request (`readBody(event)`), and whether what they return
# may be an object: asked by ``requests`` with the frameworks' other request data.
REQUEST_READERS: dict[str, bool] = {**nitro.REQUEST_READERS}
request_reader = nitro.request_reader
_VERB_WORDS = frozenset(m.encode() for m in (*s.ROUTE_METHODS, 'del'))
_NEST_WORDS = frozenset(v.encode() for v in nest.VERBS)
# After `.get`: type arguments, `(`, comments, then the literal path (`routers.verb_route` reads only literals).
_WORD_BYTES = s.WORD_BYTES
_LITERAL_FIRST = lazyre.compile(
    rb'\s*(?:<[\s\S]{0,400}?>\s*)?(?:\?\.\s*)?\((?:\s|//[^\n]*\n|/\*[\s\S]*?\*/)*[\'"`]')


def possible(file: File) -> bool:
    """A route somewhere in the file (computed once per file): a Next.js API route by its path, a
    ``route`` chain or object, a NestJS verb decorator, or a verb call on a receiver whose first
    argument is a string or template literal."""
    return file.fact(_possible)


def _possible(file: File) -> bool:
    if any(by_path(file) for by_path, _ in FILE_ROUTES) or objects.possible(file):
        return True
    words = file.words
    if b'route' in words or (b'@' in file.source and not words.isdisjoint(_NEST_WORDS)):
        return True
    source = file.source
    for verb in _VERB_WORDS & words:
        dotted = b'.' + verb
        pos = source.find(dotted)
        while pos != -1:
            end = pos + len(dotted)
            if (end >= len(source) or source[end] not in _WORD_BYTES) and _LITERAL_FIRST.match(source, end):
                return True
            pos = source.find(dotted, end)
    return False


def raised(scope: Scope) -> list[Route]:
    """Routes registered inside the scope, plus, for a touched function, the route it handles."""
    found: dict[tuple[int, int], Route] = {}
    calls, chains, decorators = _registrations(scope.file, scope.ranges)
    for call in calls:
        route = routers.verb_route(call, scope.file)
        if route is not None:
            found.setdefault((route.node.start_byte, route.node.end_byte), route)
    for call in chains:
        for route in routers.chain_routes(call, scope.file):
            found.setdefault((route.node.start_byte, route.node.end_byte), route)
    for deco in decorators:
        route = nest.route(deco)
        if route is not None:
            found.setdefault((route.node.start_byte, route.node.end_byte), route)
    for route in objects.in_ranges(scope.file, scope.ranges):
        found.setdefault((route.node.start_byte, route.node.end_byte), route)
    for route in (r for _, of_file in FILE_ROUTES for r in of_file(scope.file)):
        if route.kind == CONTROLLER and route.handlers[0].start_byte in _named_routes(scope.file):
            continue  # a handler the file registers itself: asked as that route
        if any(a < h.end_byte and h.start_byte < b for h in route.handlers for a, b in scope.ranges):
            found.setdefault((route.node.start_byte, route.node.end_byte), route)
    if scope.kind == 'function' and scope.node is not None:
        for route in _routes_around(scope.file, scope.node):
            found.setdefault((route.node.start_byte, route.node.end_byte), route)
    return list(found.values())


_VERB_NAMES = frozenset((b'get', b'post', b'put', b'patch', b'delete', b'del', b'all'))
_NEST_NAMES = _NEST_WORDS
_REGISTRATION_NAMES = _VERB_NAMES | _NEST_NAMES | {b'route'}
_PATHS = frozenset(('string', 'template_string'))


def _registrations(file: File, ranges: tuple[tuple[int, int], ...]) -> tuple[list[Node], list[Node], list[Node]]:
    """What may register a route, starting inside ``ranges``, in document order, found by name
    (``File.named``): verb calls with a literal path first and more after (``app.post('/x', h)``),
    ``route`` calls given a path or an object (``router.route('/x')``, ``fastify.route({...})``),
    and NestJS verb decorators (``@Post('login')``).  Arguments are counted as a query counts
    them, comments included."""
    calls: list[Node] = []
    chains: list[Node] = []
    decorators: list[Node] = []
    for name in file.named(_REGISTRATION_NAMES, ranges):
        word = name.text
        call = s.called_by(name)
        if call is None:
            continue
        if word in _NEST_NAMES:
            if name.type == 'identifier' and s.parent_of(call) is not None and s.parent_of(call).type == 'decorator' \
                    and _inside(s.parent_of(call), ranges):
                decorators.append(s.parent_of(call))
            continue
        args = call.child_by_field_name('arguments')
        given = args.named_children if args is not None and args.type == 'arguments' else []
        if name.type != 'property_identifier' or not given or not _inside(call, ranges):
            continue
        if word == b'route':
            if given[0].type in _PATHS or given[0].type == 'object':
                chains.append(call)
        elif given[0].type in _PATHS and len(given) > 1:
            calls.append(call)
    return (sorted(calls, key=s.document_order), sorted(chains, key=s.document_order),
            sorted(decorators, key=s.document_order))


def _inside(node: Node, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(a <= node.start_byte < b for a, b in ranges)


def _routes_around(file: File, fn: Node) -> list[Route]:
    """The route whose handler contains ``fn`` (an edit inside a handler raises its route)."""
    out = []
    declared = objects.around(fn, file)
    if declared is not None:
        return [declared]
    node: Node | None = fn
    while node is not None:
        if node.type == 'call_expression':
            route = routers.verb_route(node, file) or routers.fastify_route(node, file) or next(iter(routers.chain_routes_from(node, file)), None)
            if route is not None:
                out.append(route)
                return out
        elif node.type == 'method_definition':
            deco = nest.decorator(node)
            route = nest.route(deco) if deco is not None else None
            if route is not None:
                out.append(route)
            return out
        node = s.parent_of(node)
    name = s.function_name(fn)
    if name and file.source.count(name.encode()) > 1:
        out.extend(_named_routes(file).get(fn.start_byte, ()))
    return out


def of_file(file: File) -> list[Route]:
    """Every route the file registers by a verb call or a ``route()`` chain, in document order
    (computed once)."""
    return file.fact(_routes_of_file)


def _routes_of_file(file: File) -> list[Route]:
    calls, chains, _ = _registrations(file, ((0, len(file.source)),))
    found = [r for r in (routers.verb_route(c, file) for c in calls) if r is not None]
    for call in chains:
        found.extend(routers.chain_routes(call, file))
    return sorted(found, key=lambda r: r.node.start_byte)


def _named_routes(file: File) -> dict[int, list[Route]]:
    """Routes of the whole file by the start byte of each handler function (computed once)."""
    return file.fact(_index_named_routes)


def _index_named_routes(file: File) -> dict[int, list[Route]]:
    out: dict[int, list[Route]] = {}
    for route in of_file(file):
        for h in route.handlers:
            out.setdefault(h.start_byte, []).append(route)
    return out


# --- what a handler is registered with: family-neutral predicates, kept together ---------------

def handler_options(fn: Node) -> Node | None:
    """The object a handler is a property value of: a route's options (``fastify.route({ schema,
    handler })``, ``app.post('/x', { schema }, ...)`` objects, ``{ preHandler, handler }``)."""
    parent = s.parent_of(fn)
    if parent is not None and parent.type == 'pair':
        return s.parent_of(parent)
    return None


def arguments_before(fn: Node) -> list[Node]:
    """The arguments before ``fn`` in the call that receives it: a route's path, options and
    middleware (``app.post('/x', auth, validate(s), fn)``)."""
    parent = s.parent_of(fn)
    if parent is None or parent.type != 'arguments':
        return []
    out = []
    for arg in parent.named_children:
        if arg.start_byte >= fn.start_byte:
            break
        out.append(arg)
    return out


# -- Does this function run per request? (asked by race-condition and missing-cleanup) ----------
# Parameter names of a handler that takes the request or the framework's context.
REQUEST_PARAMS = frozenset(('req', 'request', 'ctx', 'context'))
# Globals whose `on('message', ...)` and `on('connect', ...)` are no per-connection handler.
_NOT_SERVERS = frozenset(('process', 'window', 'document'))


def serves_requests(fn: Node) -> bool:
    """``fn`` runs per request: a route's handler, a function named after an HTTP verb (a Next.js
    route export), or one taking the request or context (``req``, ``ctx``)."""
    if s.route_of(fn) is not None or s.function_name(fn) in nextjs.VERBS:
        return True
    return any(n in REQUEST_PARAMS for n in s.parameter_names(fn))


def connection_label(hook: Node, connection_events: frozenset[str]) -> str | None:
    """``"`io.on('connection')` handler"`` when ``hook`` registers a per-connection listener
    (``server.on('connection', ...)``, not ``process.on('message', ...)``), else None."""
    args = s.arguments(hook)
    if s.callee_name(hook) in ('on', 'addListener') and args and s.string_value(args[0]) in connection_events \
            and s.receiver_name(hook) not in _NOT_SERVERS:
        return f"`{s.normalized(s.callee(hook) or hook, 30)}('{s.string_value(args[0])}')` handler"
    return None


def per_request_label(fn: Node, connection_events: frozenset[str]) -> str | None:
    """How to name ``fn`` when it runs per request or connection (``'POST /x handler'``,
    ``"`io.on('connection')` handler"``, ``'request handler'`` for ``http.createServer``), or
    ``None``: a route's handler, a callback of a ``connection_events`` listener or of
    ``createServer``, or a function taking ``(req, res)``."""
    route = s.route_of(fn)
    if route is not None:
        return f'{route[0]} {route[1]} handler'
    hook = s.calling(fn)
    if hook is not None:
        hook_name = s.callee_name(hook)
        label = connection_label(hook, connection_events)
        if label is not None:
            return label
        if hook_name == 'createServer':
            return 'request handler'
    params = s.parameter_names(fn)
    if len(params) >= 2 and params[0] in ('req', 'request') and params[1] in ('res', 'response', 'reply'):
        return f'`{s.function_name(fn) or "handler"}`'
    return None
