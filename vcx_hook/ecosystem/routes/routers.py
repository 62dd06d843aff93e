"""Routes registered on an app or router object: Express, Koa, Hono, Fastify and Elysia verb calls
(``app.post('/x', h)``), ``route()`` chains (``router.route('/x').get(a)``) and Fastify route
objects (``fastify.route({ url, handler })``)."""
from __future__ import annotations


from vcx_hook.ecosystem import http
from vcx_hook.ecosystem import packages
from vcx_hook.ecosystem.routes.route import Route
from vcx_hook.ecosystem.routes.route import handlers_of
from vcx_hook.ecosystem.routes.route import wrappers_of
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node
from vcx_hook.lang import lazyre

# Fastify's plugins take the instance as `fastify`; Express, Polka and Restify make an app by calling
# the package's default export (`express()`, `restify.createServer()`).
_SERVER = lazyre.compile(
    rf'^(?:app|router|server|{packages.FASTIFY}|instance|routes?|r|api[A-Z]\w*|\w*(?:Router|Routes|App|Api))$')
_CHAINED = frozenset(('Hono', 'OpenAPIHono', 'Elysia'))  # apps built as one chain: `new Hono().use(a).post(...)`
_CREATES_APP = lazyre.compile(
    rf'=\s*(?:new\s+)?(?:{packages.EXPRESS}|Koa|Fastify|{packages.FASTIFY}|{packages.POLKA}'
    rf'|{packages.RESTIFY}\.createServer)\s*\('.encode())
# Hono makes its routers as it makes its app (`new Hono()`): a file makes the app when it also serves
# it (`serve(app)`, `Bun.serve`, `app.listen`) or hands it to the runtime as its default export
# (`export default app`, `export default { fetch: app.fetch }`); `export const assetsRouter = new
# Hono()...` is a router another file mounts.
_CREATES_HONO = lazyre.compile(rb'=\s*new\s+(?:Hono|OpenAPIHono)\b')
_SERVES = lazyre.compile(rb'\bserve\s*\(|\.listen\s*\(|\bexport\s+default\b')


def creates_app(file: File) -> bool:
    """The file makes the app or server (``express()``, ``new Koa()``, ``Fastify()``), not a router
    mounted elsewhere."""
    return file.fact(_creates_app)


def _creates_app(file: File) -> bool:
    source = file.source
    if _CREATES_APP.search(source):
        return True
    return _CREATES_HONO.search(source) is not None and _SERVES.search(source) is not None


def verb_route(call: Node, file: File) -> Route | None:
    """``app.post('/x', mw, handler)``: a route when the handler is a function, or a named
    handler registered on something named like an app or router."""
    method = s.callee_name(call)
    if method not in s.ROUTE_METHODS and method != 'del':
        return None
    args = s.arguments(call)
    obj = s.receiver(call)
    if len(args) < 2 or obj is None:
        return None
    path = s.string_like_text(args[0])
    if path is None:
        return None
    obj = s.unwrap(obj)
    chained = _chained_app(obj) if obj.type == 'call_expression' else (
        () if obj.type == 'new_expression' and s.text(obj.child_by_field_name('constructor')) in _CHAINED else None)
    if chained is None and obj.type not in ('identifier', 'member_expression'):  # request(app).post(), this.post()
        return None
    recv = 'app' if chained is not None else s.text(obj.child_by_field_name('property') or obj)
    if http.not_router(recv) or http.not_router(s.receiver_name(call) or ''):
        return None
    rest = args[1:]
    handlers = handlers_of(rest[-1], file)
    if not handlers and not any(s.unwrap(a).type in s.FUNCTION_TYPES for a in rest):
        last = s.unwrap(rest[-1])
        if not _SERVER.match(recv) or last.type not in ('identifier', 'member_expression', 'call_expression'):
            return None
        if s.is_awaited(call) or _handed_in(last, call):
            return None
    verb = 'DELETE' if method == 'del' else method.upper()
    at = call if chained is None else call.child_by_field_name('function').child_by_field_name('property')
    return Route(at, verb, path, tuple(handlers), (chained or ()) + tuple(rest[:-1]) + wrappers_of(rest[-1]), recv)


def _handed_in(last: Node, call: Node) -> bool:
    """The named last argument is a parameter of the function around the call: data handed on to a
    request (``(body, options) => apiInstance.post('/api/auth/login', body, options)`` of a browser's
    API module), not a handler; so is an awaited call (``await nextApi.post('auth/login', formData)``):
    a registration is never awaited."""
    fn = s.enclosing_function(call)
    return last.type == 'identifier' and fn is not None and s.text(last) in s.parameter_names(fn)


def _chained_app(obj: Node) -> tuple[Node, ...] | None:
    """The ``.use()`` arguments before a registration chained on ``new Hono()``, or ``None``."""
    calls = s.chain_calls(obj)
    fn = s.callee(calls[-1]) if calls else None
    head = s.unwrap(fn.child_by_field_name('object')) if fn is not None and fn.type == 'member_expression' else None
    if head is None or head.type != 'new_expression' or s.text(head.child_by_field_name('constructor')) not in _CHAINED:
        return None
    return tuple(a for c in reversed(calls) if s.callee_name(c) == 'use' for a in s.arguments(c))


def chain_routes(route_call: Node, file: File) -> list[Route]:
    """``router.route('/x').get(a).post(b)`` (one route per verb) or ``fastify.route({...})``."""
    args = s.arguments(route_call)
    if args and args[0].type == 'object':
        route = fastify_route(route_call, file)
        return [route] if route is not None else []
    path = s.string_like_text(args[0]) if args else None
    if path is None:
        return []
    out = []
    node = route_call
    while True:
        parent = s.parent_of(node)
        if parent is None or parent.type != 'member_expression':
            break
        call = s.parent_of(parent)
        if call is None or call.type != 'call_expression':
            break
        method = s.callee_name(call)
        if method in s.ROUTE_METHODS:
            rest = s.arguments(call)
            if rest:
                out.append(Route(call, method.upper(), path, tuple(handlers_of(rest[-1], file)),
                                  tuple(rest[:-1]) + wrappers_of(rest[-1]), s.receiver_name(route_call)))
        node = call
    return out


def chain_routes_from(call: Node, file: File) -> list[Route]:
    """The route of ``.post(b)`` in a ``router.route('/x')...`` chain."""
    node = s.receiver(call)
    while node is not None and node.type == 'call_expression':
        if s.callee_name(node) == 'route':
            return [r for r in chain_routes(node, file) if r.node == call]
        node = s.receiver(node)
    return []


def fastify_route(call: Node, file: File) -> Route | None:
    if s.callee_name(call) != 'route':
        return None
    args = s.arguments(call)
    if not args or args[0].type != 'object':
        return None
    keys = s.object_keys(args[0])
    path = s.string_like_text(keys.get('url') or keys.get('path'))
    handler = keys.get('handler')
    if path is None or handler is None:
        return None
    method = s.string_value(keys.get('method')) or ''
    mw = tuple(v for k, v in keys.items() if k not in ('handler', 'url', 'path', 'method'))
    return Route(call, method.upper(), path, tuple(handlers_of(handler, file)), mw, s.receiver_name(call) or '')
