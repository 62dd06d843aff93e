"""Routes declared as configuration objects, wherever they stand: hapi's ``{ method: 'POST', path:
'/x', handler }`` (also with the handler in ``config``/``options``), in an array a module
returns or exports and the server registers elsewhere (``server.route(routes)``).  An object
with a literal HTTP verb, a literal path and a handler function is a route whatever holds it;
``x.route({...})`` itself is Fastify's and hapi's call, read by ``routers``."""
from __future__ import annotations

from vcx_hook.ecosystem.routes.route import OBJECT
from vcx_hook.ecosystem.routes.route import Route
from vcx_hook.ecosystem.routes.route import handlers_of
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node

WORDS = (b'handler', b'method', b'path')
_HANDLER = frozenset((b'handler',))
_HOLDERS = ('config', 'options')
_OWN_KEYS = frozenset(('method', 'path', 'handler'))


def possible(file: File) -> bool:
    return all(w in file.words for w in WORDS)


def in_ranges(file: File, ranges: tuple[tuple[int, int], ...]) -> list[Route]:
    """Route objects whose handler key starts inside ``ranges``."""
    if not possible(file):
        return []
    out = []
    for key in file.named(_HANDLER, ranges):
        route = _of_key(key, file)
        if route is not None:
            out.append(route)
    return out


def around(node: Node, file: File) -> Route | None:
    """The route object whose handler holds ``node`` (an edit inside a handler raises its route)."""
    if not possible(file):
        return None
    for up in s.ancestors(node):
        key = up.child_by_field_name('key' if up.type == 'pair' else 'name')
        if up.type in ('pair', 'method_definition') and key is not None and s.text(key) == 'handler':
            route = _of_key(key, file)
            if route is not None:
                return route
    return None


def _of_key(key: Node, file: File) -> Route | None:
    pair = s.parent_of(key)
    if pair is None or pair.type not in ('pair', 'method_definition') or pair.child_by_field_name(
            'key' if pair.type == 'pair' else 'name') != key:
        return None
    obj = s.parent_of(pair)
    if obj is None or obj.type != 'object':
        return None
    keys = s.object_keys(obj)
    route_obj = obj
    if 'method' not in keys:  # { method, path, config: { handler } }
        holder = s.parent_of(obj)
        holder_key = holder.child_by_field_name('key') if holder is not None and holder.type == 'pair' else None
        route_obj = s.parent_of(holder) if holder_key is not None and s.text(holder_key) in _HOLDERS else None
        if route_obj is None or route_obj.type != 'object':
            return None
        keys = s.object_keys(route_obj)
    call = s.calling(route_obj)
    if call is not None and s.callee_name(call) == 'route':
        return None  # `server.route({...})`: `routers.fastify_route`
    method = _method(keys.get('method'))
    path = s.string_like_text(keys.get('path'))
    handlers = handlers_of(pair.child_by_field_name('value') or pair, file)  # `handler(request) {}`
    if method is None or path is None or not path.startswith('/') or not handlers:
        return None
    middleware = tuple(v for k, v in keys.items() if k not in _OWN_KEYS)
    if route_obj is not obj:
        middleware += tuple(v for k, v in s.object_keys(obj).items() if k != 'handler')
    return Route(pair, method, path, tuple(handlers), middleware, '', OBJECT)


def _method(node: Node | None) -> str | None:
    """``'POST'``, or the first verb of ``['PUT', 'POST']``; ``'*'`` serves every verb (``''``)."""
    if node is not None and node.type == 'array':
        verbs = [s.string_value(c) for c in node.named_children]
        node = node.named_children[0] if verbs and all(v for v in verbs) else None
    value = s.string_value(node)
    if value is None:
        return None
    if value == '*':
        return ''
    return value.upper() if value.lower() in s.ROUTE_METHODS else None
