"""HTTP routes: ``Route(method, path, handlers, middleware, ...)`` for Express, Koa, Hono and
Fastify (verb calls, ``route()`` chains and objects), NestJS controller methods and Next.js API
routes (``pages/api`` default exports, ``app/**/route.ts`` verb exports).

``raised(scope)`` is every route a touched scope registers or handles; ``possible(file)`` is the
cheap test before it.  A framework is added here (and in fixtures), nowhere else.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from vcx_hook.ecosystem import http
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_SERVER = re.compile(r'^(?:app|router|server|fastify|instance|routes?|r|api[A-Z]\w*|\w*(?:Router|Routes|App|Api))$')
_NEXT_PAGES = re.compile(r'(?:^|/)pages/(api/.*?)(?:/index)?\.[jt]sx?$')
_NEXT_APP = re.compile(r'(?:^|/)app/((?:.*/)?)route\.[jt]sx?$')
_CHAINED = frozenset(('Hono', 'OpenAPIHono', 'Elysia'))  # apps built as one chain: `new Hono().use(a).post(...)`
_NEXT_VERBS = frozenset(('GET', 'POST', 'PUT', 'PATCH', 'DELETE'))
_CREATES_APP = re.compile(rb'=\s*(?:new\s+)?(?:express|Koa|Fastify|fastify|Hono|polka|restify\.createServer)\s*\(')


class Route(NamedTuple):
    node: Node  # where the question goes: the registration, decorator or exported handler
    method: str  # 'POST', or '' when the handler serves every method (Next.js pages)
    path: str
    handlers: tuple[Node, ...]  # function nodes that run per request
    middleware: tuple[Node, ...]  # route arguments, wrappers and decorators around the handler
    receiver: str  # the app/router name ('' for Next.js and NestJS)
    kind: str = 'router'  # 'router' (Express, Koa, Fastify, Hono) | 'nest' | 'next'

    @property
    def label(self) -> str:
        path = self.path if len(self.path) <= 36 else self.path[:33] + '...'
        return f'{self.method} {path}' if self.method else path


_VERB_WORDS = frozenset(m.encode() for m in (*s.ROUTE_METHODS, 'del'))
_NEST_WORDS = frozenset((b'Get', b'Post', b'Put', b'Patch', b'Delete', b'All'))
# After `.get`: type arguments, `(`, comments, then the literal path (`_verb_route` reads only literals).
_WORD_BYTES = s.WORD_BYTES
_LITERAL_FIRST = lazyre.compile(
    rb'\s*(?:<[\s\S]{0,400}?>\s*)?(?:\?\.\s*)?\((?:\s|//[^\n]*\n|/\*[\s\S]*?\*/)*[\'"`]')


def possible(file: File) -> bool:
    """A route somewhere in the file (computed once per file): a Next.js API route by its path, a
    ``route`` chain or object, a NestJS verb decorator, or a verb call on a receiver whose first
    argument is a string or template literal."""
    return file.fact(_possible)


def _possible(file: File) -> bool:
    if _NEXT_PAGES.search(file.path.replace('\\', '/')) or _NEXT_APP.search(file.path.replace('\\', '/')):
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


def creates_app(file: File) -> bool:
    """The file makes the app or server (``express()``, ``new Koa()``, ``Fastify()``), not a router
    mounted elsewhere."""
    return file.fact(_creates_app)


def _creates_app(file: File) -> bool:
    return bool(_CREATES_APP.search(file.source))


def raised(scope: Scope) -> list[Route]:
    """Routes registered inside the scope, plus, for a touched function, the route it handles."""
    found: dict[tuple[int, int], Route] = {}
    calls, chains, decorators = _registrations(scope.file, scope.ranges)
    for call in calls:
        route = _verb_route(call, scope.file)
        if route is not None:
            found.setdefault((route.node.start_byte, route.node.end_byte), route)
    for call in chains:
        for route in _chain_routes(call, scope.file):
            found.setdefault((route.node.start_byte, route.node.end_byte), route)
    for deco in decorators:
        route = _nest_route(deco)
        if route is not None:
            found.setdefault((route.node.start_byte, route.node.end_byte), route)
    for route in _next_routes(scope.file):
        if any(a < h.end_byte and h.start_byte < b for h in route.handlers for a, b in scope.ranges):
            found.setdefault((route.node.start_byte, route.node.end_byte), route)
    if scope.kind == 'function' and scope.node is not None:
        for route in _routes_around(scope.file, scope.node):
            found.setdefault((route.node.start_byte, route.node.end_byte), route)
    return list(found.values())


_VERB_NAMES = frozenset((b'get', b'post', b'put', b'patch', b'delete', b'del', b'all'))
_NEST_NAMES = frozenset((b'Get', b'Post', b'Put', b'Patch', b'Delete', b'All'))
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
    node: Node | None = fn
    while node is not None:
        if node.type == 'call_expression':
            route = _verb_route(node, file) or _fastify_route(node, file) or next(iter(_chain_routes_from(node, file)), None)
            if route is not None:
                out.append(route)
                return out
        elif node.type == 'method_definition':
            deco = _nest_decorator(node)
            route = _nest_route(deco) if deco is not None else None
            if route is not None:
                out.append(route)
            return out
        node = s.parent_of(node)
    name = s.function_name(fn)
    if name and file.source.count(name.encode()) > 1:
        out.extend(_named_routes(file).get(fn.start_byte, ()))
    return out


def _named_routes(file: File) -> dict[int, list[Route]]:
    """Routes of the whole file by the start byte of each handler function (computed once)."""
    return file.fact(_index_named_routes)


def _index_named_routes(file: File) -> dict[int, list[Route]]:
    calls, chains, _ = _registrations(file, ((0, len(file.source)),))
    routes: list[Route] = []
    for call in calls:
        route = _verb_route(call, file)
        if route is not None:
            routes.append(route)
    for call in chains:
        routes.extend(_chain_routes(call, file))
    out: dict[int, list[Route]] = {}
    for route in routes:
        for h in route.handlers:
            out.setdefault(h.start_byte, []).append(route)
    return out


def _verb_route(call: Node, file: File) -> Route | None:
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
    chained = _chained_app(obj) if obj.type == 'call_expression' else None
    if chained is None and obj.type not in ('identifier', 'member_expression'):  # request(app).post(), this.post()
        return None
    recv = 'app' if chained is not None else s.text(obj.child_by_field_name('property') or obj)
    if recv in http.NOT_ROUTERS or s.receiver_name(call) in http.NOT_ROUTERS:
        return None
    rest = args[1:]
    handlers = _handlers(rest[-1], file)
    if not handlers and not any(s.unwrap(a).type in s.FUNCTION_TYPES for a in rest):
        last = s.unwrap(rest[-1])
        if not _SERVER.match(recv) or last.type not in ('identifier', 'member_expression', 'call_expression'):
            return None
    verb = 'DELETE' if method == 'del' else method.upper()
    at = call if chained is None else call.child_by_field_name('function').child_by_field_name('property')
    return Route(at, verb, path, tuple(handlers), (chained or ()) + tuple(rest[:-1]) + _wrappers(rest[-1]), recv)


def _chained_app(obj: Node) -> tuple[Node, ...] | None:
    """The ``.use()`` arguments before a registration chained on ``new Hono()``, or ``None``."""
    calls = s.chain_calls(obj)
    fn = s.callee(calls[-1]) if calls else None
    head = s.unwrap(fn.child_by_field_name('object')) if fn is not None and fn.type == 'member_expression' else None
    if head is None or head.type != 'new_expression' or s.text(head.child_by_field_name('constructor')) not in _CHAINED:
        return None
    return tuple(a for c in reversed(calls) if s.callee_name(c) == 'use' for a in s.arguments(c))


def _chain_routes(route_call: Node, file: File) -> list[Route]:
    """``router.route('/x').get(a).post(b)`` (one route per verb) or ``fastify.route({...})``."""
    args = s.arguments(route_call)
    if args and args[0].type == 'object':
        route = _fastify_route(route_call, file)
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
                out.append(Route(call, method.upper(), path, tuple(_handlers(rest[-1], file)),
                                  tuple(rest[:-1]) + _wrappers(rest[-1]), s.receiver_name(route_call)))
        node = call
    return out


def _chain_routes_from(call: Node, file: File) -> list[Route]:
    """The route of ``.post(b)`` in a ``router.route('/x')...`` chain."""
    node = s.receiver(call)
    while node is not None and node.type == 'call_expression':
        if s.callee_name(node) == 'route':
            return [r for r in _chain_routes(node, file) if r.node == call]
        node = s.receiver(node)
    return []


def _fastify_route(call: Node, file: File) -> Route | None:
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
    return Route(call, method.upper(), path, tuple(_handlers(handler, file)), mw, s.receiver_name(call) or '')


def _nest_decorator(method: Node) -> Node | None:
    node = method.prev_named_sibling
    while node is not None and node.type == 'decorator':
        inner = node.named_children[0] if node.named_children else None
        if inner is not None and inner.type == 'call_expression' and s.callee_name(inner) in (
                'Get', 'Post', 'Put', 'Patch', 'Delete', 'All'):
            return node
        node = node.prev_named_sibling
    return None


def _nest_route(deco: Node) -> Route | None:
    """``@Post('login') async login(...)`` in a ``@Controller('users')`` class."""
    method = deco.next_named_sibling
    while method is not None and method.type == 'decorator':
        method = method.next_named_sibling
    if method is None or method.type != 'method_definition':
        return None
    call = deco.named_children[0]
    args = s.arguments(call)
    sub = s.string_value(args[0]) if args else ''
    decorators = []
    node = method.prev_named_sibling
    while node is not None and node.type == 'decorator':
        decorators.append(node)
        node = node.prev_named_sibling
    cls = s.inside(method, ('class_declaration', 'class', 'abstract_class_declaration'))
    prefix = ''
    if cls is not None:
        holders = [cls, s.parent_of(cls)] if s.parent_of(cls) is not None and s.parent_of(cls).type == 'export_statement' else [cls]
        for c in (c for h in holders for c in h.children):
            if c.type == 'decorator':
                decorators.append(c)
                inner = c.named_children[0] if c.named_children else None
                if inner is not None and inner.type == 'call_expression' and s.callee_name(inner) == 'Controller':
                    cargs = s.arguments(inner)
                    prefix = (s.string_value(cargs[0]) or '') if cargs else ''
    path = '/' + '/'.join(p.strip('/') for p in (prefix, sub or '') if p and p.strip('/'))
    return Route(decorators[0] if decorators else method, s.callee_name(call).upper(), path,
                  (method,), tuple(decorators), '', 'nest')


def _next_routes(file: File) -> list[Route]:
    return file.fact(_find_next_routes)


def _find_next_routes(file: File) -> list[Route]:
    """Next.js API routes: the default export of ``pages/api/*``, the verb exports of ``route.ts``."""
    path = file.path.replace('\\', '/')
    pages = _NEXT_PAGES.search(path)
    app = _NEXT_APP.search(path) if pages is None else None
    if pages is not None:
        url = '/' + pages.group(1)
    elif app is not None:
        parts = [p for p in app.group(1).split('/') if p and not (p.startswith('(') and p.endswith(')'))]
        url = '/' + '/'.join(parts)
    else:
        return []
    out = []
    for stmt in file.tree.root.named_children:
        if stmt.type != 'export_statement':
            continue
        decl = stmt.child_by_field_name('declaration')
        value = stmt.child_by_field_name('value')
        is_default = any(c.type == 'default' for c in stmt.children)
        # A wrapper (`withWorkspace(...)`) is the project's request pipeline, where auth and
        # limits live out of sight: wrapped handlers are not asked.
        if pages is not None and is_default:
            target = decl if decl is not None else value
            if target is not None and s.unwrap(target).type != 'call_expression':
                out.append(Route(stmt, '', url, tuple(_handlers(target, file)), (), '', 'next'))
        elif app is not None and decl is not None:
            for verb, fn in _exported_verbs(decl):
                if s.unwrap(fn).type != 'call_expression':
                    out.append(Route(stmt, verb, url, tuple(_handlers(fn, file)), (), '', 'next'))
    return out


def _exported_verbs(decl: Node) -> Iterator[tuple[str, Node]]:
    if decl.type == 'function_declaration':
        name = s.text(decl.child_by_field_name('name'))
        if name in _NEXT_VERBS:
            yield name, decl
    elif decl.type in ('lexical_declaration', 'variable_declaration'):
        for d in decl.named_children:
            name = s.text(d.child_by_field_name('name')) if d.type == 'variable_declarator' else ''
            value = d.child_by_field_name('value') if d.type == 'variable_declarator' else None
            if name in _NEXT_VERBS and value is not None:
                yield name, value


def _handlers(node: Node, file: File, depth: int = 0) -> list[Node]:
    """Functions that run per request: inline ones, same-file functions named, or the ones a
    wrapper call receives (``asyncHandler(async (req, res) => ...)``, ``withAuth(handler)``)."""
    node = s.unwrap(node)
    if node.type in s.FUNCTION_TYPES:
        return [node]
    if depth > 3:
        return []
    if node.type == 'identifier':
        fn = _top_level_functions(file).get(s.text(node))
        return [fn] if fn is not None else []
    if node.type == 'call_expression':
        out = []
        for a in s.arguments(node):
            out.extend(_handlers(a, file, depth + 1))
        return out
    return []


def _wrappers(node: Node) -> tuple[Node, ...]:
    """The calls wrapped around a handler: ``withRateLimit(withAuth(handler))``."""
    out = []
    node = s.unwrap(node)
    while node.type == 'call_expression':
        out.append(node)
        args = s.arguments(node)
        fns = [a for a in args if s.unwrap(a).type in ('call_expression', *s.FUNCTION_TYPES)]
        if not fns:
            break
        node = s.unwrap(fns[0])
    return tuple(out)


def _top_level_functions(file: File) -> dict[str, Node]:
    return file.fact(_file_functions)


def _file_functions(file: File) -> dict[str, Node]:
    return _collect_functions(file.tree.root)


def _collect_functions(root: Node) -> dict[str, Node]:
    out: dict[str, Node] = {}
    for stmt in root.named_children:
        if stmt.type == 'export_statement':
            stmt = stmt.child_by_field_name('declaration') or stmt
        if stmt.type == 'function_declaration':
            out[s.text(stmt.child_by_field_name('name'))] = stmt
        elif stmt.type in ('lexical_declaration', 'variable_declaration'):
            for d in stmt.named_children:
                value = d.child_by_field_name('value') if d.type == 'variable_declarator' else None
                if value is not None and s.unwrap(value).type in s.FUNCTION_TYPES:
                    out[s.text(d.child_by_field_name('name'))] = s.unwrap(value)
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
    if s.route_of(fn) is not None or s.function_name(fn) in _NEXT_VERBS:
        return True
    return any(n in REQUEST_PARAMS for n in s.parameter_names(fn))


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
        args = s.arguments(hook)
        if hook_name in ('on', 'addListener') and args and s.string_value(args[0]) in connection_events \
                and s.receiver_name(hook) not in _NOT_SERVERS:
            return f"`{s.normalized(s.callee(hook) or hook, 30)}('{s.string_value(args[0])}')` handler"
        if hook_name == 'createServer':
            return 'request handler'
    params = s.parameter_names(fn)
    if len(params) >= 2 and params[0] in ('req', 'request') and params[1] in ('res', 'response', 'reply'):
        return f'`{s.function_name(fn) or "handler"}`'
    return None
