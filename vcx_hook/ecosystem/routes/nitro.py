"""Nitro routes (Nuxt's server, h3), found by the file's path: ``server/api/users/[id].post.ts``
exports ``defineEventHandler(async (event) => ...)``; the suffix is the method (none: every method).
The handler reads the request through h3's functions of the event (``await readBody(event)``)."""
from __future__ import annotations


from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import packages
from vcx_hook.ecosystem.routes.route import FILE
from vcx_hook.ecosystem.routes.route import Route
from vcx_hook.ecosystem.routes.route import handlers_of
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node
from vcx_hook.lang import lazyre

_PATH = lazyre.compile(r'(?:^|/)server/(api|routes)/(.*?)(?:\.(get|post|put|patch|delete))?\.[jt]s$')
HANDLERS = frozenset(('defineEventHandler', 'eventHandler'))  # h3's, whose rejections it catches
_HANDLER_WORDS = frozenset(n.encode() for n in HANDLERS)
# h3's readers of the event's request, and whether what they return may be an object (a JSON body).
REQUEST_READERS = {
    'readBody': True, 'getQuery': True, 'getRouterParams': False, 'getRouterParam': False,
    'readRawBody': False, 'readFormData': False,
}

# Where h3's readers are imported from: h3, Nitro, Nuxt (which also import them unasked: no import).
_H3_MODULES = frozenset((packages.H3, packages.NITRO, packages.NUXT, '#imports'))
# Packages whose server modules re-export h3's readers under their own name: SolidStart's
# (`import { getQuery } from '@solidjs/start/http'`: hackerspub's sign-in, round 36) and vinxi's
# (`vinxi/http`), which SolidStart builds on.
_H3_REEXPORTS = frozenset((packages.SOLID_START, packages.VINXI))


def request_reader(file: File, call: Node) -> bool | None:
    """Whether ``call`` of one of h3's readers (``readBody(event)``) may return an object; None when
    it is not one: another name, or one the file declares itself or imports from elsewhere (formio's
    own ``getQuery(req, search, userId)`` builds a filter from the server's ids)."""
    objects = REQUEST_READERS.get(s.callee_name(call))
    callee = call.child_by_field_name('function')
    if objects is None or callee is None or callee.type != 'identifier':
        return None
    bound = bindings.binding(file, callee)
    if bound is not None:
        return objects if bound.library.split('/')[0] in _H3_MODULES or bound.library in _H3_REEXPORTS else None
    if s.declaration(callee) is not None or any(
            (fn := s.parent_of(n)) is not None and fn.type in s.FUNCTION_TYPES and fn.child_by_field_name('name') == n
            for n in file.named(frozenset((callee.text,)), ((0, len(file.source)),))):
        return None
    return objects


def possible(file: File) -> bool:
    """The file's path is a Nitro route's, and it names an event handler."""
    path = file.path.replace('\\', '/')
    return 'server/' in path and _PATH.search(path) is not None and not file.words.isdisjoint(_HANDLER_WORDS)


def routes(file: File) -> list[Route]:
    return file.fact(_find_routes)


def _find_routes(file: File) -> list[Route]:
    """The default export ``defineEventHandler(fn)``, at the URL its path makes (``server/api/x``
    serves ``/api/x``, ``server/routes/x`` serves ``/x``; ``index`` and a method suffix drop out)."""
    found = _PATH.search(file.path.replace('\\', '/'))
    if found is None:
        return []
    base, rest, verb = found.groups()
    parts = [p for p in rest.split('/') if p and p != 'index']
    url = '/' + '/'.join((['api'] if base == 'api' else []) + parts)
    out = []
    for stmt in file.tree.root.named_children:
        value = stmt.child_by_field_name('value') or stmt.child_by_field_name('declaration')
        if stmt.type != 'export_statement' or value is None or not any(c.type == 'default' for c in stmt.children):
            continue
        call = s.unwrap(value)
        if call.type == 'call_expression' and s.callee_name(call) in HANDLERS:
            out.append(Route(stmt, (verb or '').upper(), url, tuple(handlers_of(call, file)), (), '', FILE))
    return out
