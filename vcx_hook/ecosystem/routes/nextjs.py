"""Next.js API routes, found by the file's path: the default export of ``pages/api/*`` and the verb
exports (``export async function POST``) of ``app/**/route.ts``."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.ecosystem.routes.route import FILE
from vcx_hook.ecosystem.routes.route import Route
from vcx_hook.ecosystem.routes.route import handlers_of
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node
from vcx_hook.lang import lazyre

_NEXT_PAGES = lazyre.compile(r'(?:^|/)pages/(api/.*?)(?:/index)?\.[jt]sx?$')
_NEXT_APP = lazyre.compile(r'(?:^|/)app/((?:.*/)?)route\.[jt]sx?$')
VERBS = frozenset(('GET', 'POST', 'PUT', 'PATCH', 'DELETE'))


def possible(file: File) -> bool:
    """The file's path is an API route's (each pattern's literal looked for first: every file asks)."""
    path = file.path.replace('\\', '/')
    return bool('pages/api/' in path and _NEXT_PAGES.search(path) or 'route.' in path and _NEXT_APP.search(path))


def routes(file: File) -> list[Route]:
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
                out.append(Route(stmt, '', url, tuple(handlers_of(target, file)), (), '', FILE))
        elif app is not None and decl is not None:
            for verb, fn in _exported_verbs(decl):
                if s.unwrap(fn).type != 'call_expression':
                    out.append(Route(stmt, verb, url, tuple(handlers_of(fn, file)), (), '', FILE))
    return out


def _exported_verbs(decl: Node) -> Iterator[tuple[str, Node]]:
    if decl.type == 'function_declaration':
        name = s.text(decl.child_by_field_name('name'))
        if name in VERBS:
            yield name, decl
    elif decl.type in ('lexical_declaration', 'variable_declaration'):
        for d in decl.named_children:
            name = s.text(d.child_by_field_name('name')) if d.type == 'variable_declarator' else ''
            value = d.child_by_field_name('value') if d.type == 'variable_declarator' else None
            if name in VERBS and value is not None:
                yield name, value
