"""Route modules: a file that exports its route's options, a literal HTTP ``method`` and a
literal ``url``/``path`` (``export const options = { url: '/auth/login', method: 'post' }``), beside
the one function that handles it (``export const run = async (req, res) => ...``, also ``handler``
or the default export), for a loader that walks the routes folder and registers each module
(Fastify route modules, a project's own route loader).  The options' other keys are the route's
middleware (``middlewares: ['auth']``, Fastify's ``options: { rateLimit }``)."""
from __future__ import annotations

from vcx_hook.ecosystem.routes.route import OBJECT
from vcx_hook.ecosystem.routes.route import Route
from vcx_hook.ecosystem.routes.route import handlers_of
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node

# What the exported options and handler are called.
_OPTIONS = frozenset(('options', 'route', 'config'))
_HANDLERS = ('run', 'handler')
_PATH_KEYS = ('url', 'path')
_OWN_KEYS = frozenset(('method', 'url', 'path'))


def possible(file: File) -> bool:
    words = file.words
    return b'export' in words and b'method' in words and (b'url' in words or b'path' in words) \
        and (b'run' in words or b'handler' in words or b'default' in words)


def routes(file: File) -> list[Route]:
    return file.fact(_find_routes)


def _find_routes(file: File) -> list[Route]:
    """The module's route: its exported options with a verb and a path, and its one handler."""
    exported: dict[str, tuple[Node, Node]] = {}  # name -> (export statement, value)
    for stmt in file.tree.root.named_children:
        if stmt.type != 'export_statement':
            continue
        decl = stmt.child_by_field_name('declaration')
        value = stmt.child_by_field_name('value')
        target = decl if decl is not None else value
        if any(c.type == 'default' for c in stmt.children) and target is not None:
            exported['default'] = (stmt, target)
        elif decl is not None and decl.type == 'function_declaration':
            exported[s.text(decl.child_by_field_name('name'))] = (stmt, decl)
        elif decl is not None and decl.type in ('lexical_declaration', 'variable_declaration'):
            for d in decl.named_children:
                v = d.child_by_field_name('value') if d.type == 'variable_declarator' else None
                if v is not None:
                    exported[s.text(d.child_by_field_name('name'))] = (stmt, v)
    options = [s.unwrap(v) for name, (_, v) in exported.items() if name in _OPTIONS]
    obj = next((o for o in options if o.type == 'object'), None)
    if obj is None:
        return []
    keys = s.object_keys(obj)
    method = s.string_value(keys.get('method'))
    path = next((s.string_like_text(keys[k]) for k in _PATH_KEYS if k in keys), None)
    if method is None or method.lower() not in s.ROUTE_METHODS or path is None or not path.startswith('/'):
        return []
    for name in (*_HANDLERS, 'default'):
        if name in exported:
            stmt, value = exported[name]
            handlers = handlers_of(value, file)
            if handlers:
                middleware = tuple(v for k, v in keys.items() if k not in _OWN_KEYS)
                return [Route(stmt, method.upper(), path, tuple(handlers), middleware, '', OBJECT)]
    return []
