"""Request entry points called by name rather than by URL, as ``routes.Route``s whose path is their
name: Next.js server actions (the exported functions of a ``'use server'`` file), next-safe-action
actions (``actionClient.schema(s).action(fn)``), tRPC mutations (``name: procedure.input(s)
.mutation(fn)``) and the ``authorize()`` of a NextAuth credentials provider.

``raised(scope)`` is every entry point whose handler a touched scope holds or that it declares;
``possible(file)`` is the cheap test before it.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from vcx_hook.ecosystem.routes import Route
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node
from vcx_hook.lang import lazyre
from vcx_hook.lang.uses import same

# next-safe-action clients are made in the project (`actionClient`, `authActionClient`).
_ACTION_CLIENT = lazyre.compile(r'(?i)action\w*client$')
# tRPC procedure builders are made in the project (`publicProcedure`, `authedProcedure`).
_PROCEDURE = lazyre.compile(r'(?:^p|P)rocedure$')
_CREDENTIALS_PACKAGES = ('next-auth/providers/credentials', '@auth/core/providers/credentials')
_KEYS = (b'use server', b'.action', b'.mutation', b'providers/credentials')
# A word each of `_KEYS` starts (`File.word_text`, about a fifth of the source): searched first.
_WORD_KEYS = (b' server', b' action', b' mutation', b' credentials')


def possible(file: File) -> bool:
    return file.fact(_possible)


def _possible(file: File) -> bool:
    words = file.word_text
    return any(w in words and k in file.source for w, k in zip(_WORD_KEYS, _KEYS))


def raised(scope: Scope) -> list[Route]:
    """Entry points whose handler or declaration intersects the scope."""
    if not possible(scope.file):
        return []
    return [r for r in entries(scope.file) if any(
        a < n.end_byte and n.start_byte < b for n in (r.node, *r.handlers) for a, b in scope.ranges)]


def entries(file: File) -> list[Route]:
    """Every entry point of the file (computed once per file)."""
    return file.fact(_entries)


def _entries(file: File) -> list[Route]:
    root = file.tree.root
    found = [*_server_actions(root), *_safe_actions(file), *_mutations(file), *_credentials(file)]
    unique: dict[int, Route] = {}
    for route in found:
        unique.setdefault(route.handlers[0].start_byte, route)
    return sorted(unique.values(), key=lambda r: r.node.start_byte)


def _server_actions(root: Node) -> list[Route]:
    """The exported functions of a file that opens with ``'use server'``."""
    first = root.named_children[0] if root.named_children else None
    if first is None or first.type != 'expression_statement' or not first.named_children \
            or s.string_value(first.named_children[0]) != 'use server':
        return []
    out = []
    for stmt in root.named_children:
        decl = stmt.child_by_field_name('declaration') if stmt.type == 'export_statement' else None
        if decl is None:
            continue
        if decl.type == 'function_declaration':
            out.append(Route(stmt, '', s.text(decl.child_by_field_name('name')), (decl,), (), '', 'action'))
        elif decl.type in ('lexical_declaration', 'variable_declaration'):
            for d in decl.named_children:
                value = d.child_by_field_name('value') if d.type == 'variable_declarator' else None
                if value is not None and s.unwrap(value).type in s.FUNCTION_TYPES:
                    out.append(Route(stmt, '', s.text(d.child_by_field_name('name')), (s.unwrap(value),), (),
                                     '', 'action'))
    return out


class _Built(NamedTuple):
    """A builder chain's final call (``x.schema(s).use(mw).action(fn)``): the call, its handler,
    the middleware handed to the calls before it, and the head the chain starts from (``x``)."""
    call: Node
    fn: Node
    middleware: tuple[Node, ...]
    head: Node


def _built(file: File, method: str) -> Iterator[_Built]:
    """Every ``<chain>.method(fn)`` of the file whose first argument is a function."""
    for name in file.named(frozenset((method.encode(),)), ((0, len(file.source)),)):
        call = s.called_by(name)
        if call is None or name.type != 'property_identifier' or s.callee_name(call) != method:
            continue
        args = s.arguments(call)
        fn = s.unwrap(args[0]) if args else None
        chain = s.chain_calls(call)
        root = s.callee(chain[-1]) if chain else None
        head = s.unwrap(root.child_by_field_name('object')) if root is not None and root.type == 'member_expression' else None
        if fn is not None and fn.type in s.FUNCTION_TYPES and head is not None:
            yield _Built(call, fn, tuple(a for c in chain[1:] for a in s.arguments(c)), head)


def _safe_actions(file: File) -> list[Route]:
    """``export const x = actionClient.schema(s).use(mw).action(async ({ parsedInput }) => ...)``."""
    out = []
    for b in _built(file, 'action'):
        if _ACTION_CLIENT.search(s.text(b.head)):
            holder = _declaration_of(b.call)
            out.append(Route(holder or b.call, '', _bound_name(holder) or 'action', (b.fn,), b.middleware, '', 'action'))
    return out


def _mutations(file: File) -> list[Route]:
    """``changePassword: authedProcedure.input(schema).use(mw).mutation(async ({ input }) => ...)``."""
    out = []
    for b in _built(file, 'mutation'):
        pair = s.parent_of(s.outer_expression(b.call))
        if pair is not None and pair.type == 'pair' and _PROCEDURE.search(s.text(b.head).rsplit('.', 1)[-1]):
            key = s.text(pair.child_by_field_name('key')).strip('\'"')
            out.append(Route(pair, '', key, (b.fn,), b.middleware, '', 'trpc'))
    return out


def resolves_query(fn: Node) -> bool:
    """``fn`` answers a tRPC query: ``publicProcedure.input(s).query(async ({ ctx }) => ...)``, its
    value what the caller receives (a read, not an entry point that acts: those are ``_mutations``)."""
    call = s.calling(fn)
    if call is None or s.callee_name(call) != 'query':
        return False
    args = s.arguments(call)
    chain = s.chain_calls(call)
    root = s.callee(chain[-1]) if chain else None
    head = s.unwrap(root.child_by_field_name('object')) if root is not None and root.type == 'member_expression' else None
    return bool(args) and same(s.unwrap(args[0]), fn) and head is not None \
        and _PROCEDURE.search(s.text(head).rsplit('.', 1)[-1]) is not None


def _credentials(file: File) -> list[Route]:
    """``CredentialsProvider({ async authorize(credentials) { ... } })``, the provider imported
    from NextAuth (or Auth.js) under any local name."""
    if b'providers/credentials' not in file.source:
        return []
    local = set()
    for stmt in file.tree.root.named_children:
        if stmt.type == 'import_statement' and s.string_value(stmt.child_by_field_name('source')) in _CREDENTIALS_PACKAGES:
            clause = next((c for c in stmt.named_children if c.type == 'import_clause'), None)
            ident = next((c for c in clause.named_children if c.type == 'identifier'), None) if clause else None
            if ident is not None:
                local.add(s.text(ident).encode())
    out = []
    for name in file.named(frozenset(local), ((0, len(file.source)),)):
        call = s.called_by(name)
        args = s.arguments(call) if call is not None and s.callee_name(call) == s.text(name) else []
        if not args or s.unwrap(args[0]).type != 'object':
            continue
        for member in s.unwrap(args[0]).named_children:
            fn = _authorize(member)
            if fn is not None:
                out.append(Route(member, '', 'authorize', (fn,), (), '', 'credentials'))
    return out


def _authorize(member: Node) -> Node | None:
    if member.type == 'method_definition' and s.text(member.child_by_field_name('name')) == 'authorize':
        return member
    if member.type == 'pair' and s.text(member.child_by_field_name('key')) == 'authorize':
        value = s.unwrap(member.child_by_field_name('value'))
        return value if value.type in s.FUNCTION_TYPES else None
    return None


def _declaration_of(call: Node) -> Node | None:
    """The ``const x = ...`` (or its ``export``) that an expression is the value of."""
    decl = s.parent_of(s.outer_expression(call))
    if decl is None or decl.type != 'variable_declarator':
        return None
    stmt = s.parent_of(decl)
    holder = s.parent_of(stmt) if stmt is not None else None
    return holder if holder is not None and holder.type == 'export_statement' else stmt


def _bound_name(holder: Node | None) -> str:
    if holder is None:
        return ''
    decl = holder.child_by_field_name('declaration') if holder.type == 'export_statement' else holder
    for d in decl.named_children if decl is not None else ():
        if d.type == 'variable_declarator':
            return s.text(d.child_by_field_name('name'))
    return ''
