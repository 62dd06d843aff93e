"""What every framework's routes share: the ``Route`` record, and the functions a registration
hands the request to (inline, named in the file, or inside a wrapper call)."""
from __future__ import annotations

from typing import NamedTuple

from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node


# What registers a route, which says where its pipeline (and a limiter) can be seen.
ROUTER = 'router'  # a verb call on an app or router (Express, Koa, Fastify, Hono), mounted elsewhere
NEST = 'nest'  # a NestJS controller method: guards and decorators
FILE = 'file'  # a file that is the route (Next.js, Nitro): the handler is the whole pipeline
OBJECT = 'object'  # a route object (hapi's `{ method, path, handler }`), registered elsewhere
CONTROLLER = 'controller'  # a controller module's action, its path named by the action (`UserController.login`)


class Route(NamedTuple):
    node: Node  # where the question goes: the registration, decorator or exported handler
    method: str  # 'POST', or '' when the handler serves every method (Next.js pages)
    path: str
    handlers: tuple[Node, ...]  # function nodes that run per request
    middleware: tuple[Node, ...]  # route arguments, wrappers and decorators around the handler
    receiver: str  # the app/router name ('' for Next.js and NestJS)
    kind: str = ROUTER  # ROUTER | NEST | FILE | OBJECT | CONTROLLER (procedures add theirs)

    @property
    def label(self) -> str:
        if self.kind == CONTROLLER and self.handlers:
            return f'{s.function_name(self.handlers[0])} action'
        path = self.path if len(self.path) <= 36 else self.path[:33] + '...'
        return f'{self.method} {path}' if self.method else path


def handlers_of(node: Node, file: File, depth: int = 0) -> list[Node]:
    """Functions that run per request: inline ones, same-file functions named, or the ones a
    wrapper call receives (``asyncHandler(async (req, res) => ...)``, ``withAuth(handler)``)."""
    node = s.unwrap(node)
    if node.type in s.FUNCTION_TYPES:
        return [node]
    if depth > 3:
        return []
    if node.type == 'identifier':
        fn = top_level_functions(file).get(s.text(node))
        return [fn] if fn is not None else []
    if node.type == 'call_expression':
        out = []
        for a in s.arguments(node):
            out.extend(handlers_of(a, file, depth + 1))
        return out
    return []


def wrappers_of(node: Node) -> tuple[Node, ...]:
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


def top_level_functions(file: File) -> dict[str, Node]:
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
