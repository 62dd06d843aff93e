"""Rate limiters: the packages and names that limit requests, and what a file sets up with them.

``of_file(file, names, packages)`` is every limiter a file binds and applies to its app or router
(imports, ``app.use(limiter)``, ``fastify.register(rateLimit)``, a NestJS throttler import);
``is_limiter(node, ...)`` says whether a route argument, wrapper or decorator is one.  A limiter
package is recognized whatever its import is called locally, and any name that says rate limit,
limiter, throttle, brute force or slow down is one.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import NamedTuple

from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node
from vcx_hook.lang import lazyre

# Middleware and calls that limit requests (names with ratelimit/limiter/throttle/brute/slowdown
# in them are recognized without being listed).
NAMES = frozenset((
    'rateLimit', 'rateLimiter', 'limiter', 'ratelimit', 'slowDown', 'throttle', 'Throttle',
    'ThrottlerGuard', 'bruteforce', 'brute',
))
# Packages whose imports are limiters whatever they are called locally.
PACKAGES = frozenset((
    'express-rate-limit', 'rate-limiter-flexible', 'express-brute', 'express-slow-down',
    '@fastify/rate-limit', 'fastify-rate-limit', 'koa-ratelimit', 'koa2-ratelimit',
    'hono-rate-limiter', '@hono-rate-limiter/redis', '@nestjs/throttler', '@upstash/ratelimit',
    'express-limiter', '@arcjet/next', '@arcjet/node', 'nestjs-rate-limiter',
))
# A NestJS throttler import in a controller: a guard that covers every route of the file.
_COVERS_FILE = '@nestjs/throttler'
# Names that say limit but lift one: `@SkipThrottle()` opens a route an app-wide guard covers.
SKIPS = frozenset(('SkipThrottle',))

LIMITER = lazyre.compile(r'rate.?limit|(?<!de)limiter|throttl|brute|slow.?down', re.I)
# In File.lower.  Each branch starts with a letter (`(?<!de)limiter` tried every byte: 7x the time).
LIMITER_LOWER = lazyre.compile(rb'rate.?limit|limiter(?<!delimiter)|throttl|brute|slow.?down')
LIMITER_KEYS = (b'limit', b'throttl', b'brute', b'slow')  # one is in every match: searched first
_USE = lazyre.compile(rb'\.\s*(?:use|register)\s*\(')


class Limiters(NamedTuple):
    locals: frozenset[str]  # names imported from limiter packages or built by a limiter call
    uses: tuple[tuple[int, str, frozenset[str]], ...]  # (start byte, receiver, argument names) of use(limiter)
    everywhere: bool  # a registered plugin or guard that covers every route of the file
    app_wide: bool = False  # a `use(limiter)` with no path, a `register(limiter)` not `global: false`


def of_file(file: File, names: frozenset[str], packages: frozenset[str]) -> Limiters:
    """The limiters ``file`` sets up (computed once per file), with the configured ``names`` and
    ``packages`` (``NAMES`` and ``PACKAGES`` extended by the configuration)."""
    return file.memo('limiters', lambda f: _find(f, names, packages))


def is_limiter(node: Node, names: frozenset[str], local: frozenset[str], depth: int = 0) -> bool:
    """A route argument, wrapper or decorator that limits requests: a limiter's name or a call of
    one, an array or object holding one, Fastify's ``config: { rateLimit }``."""
    node = s.unwrap(node)
    t = node.type
    if t in ('identifier', 'member_expression'):
        text = s.dotted(node) or s.text(node)
        return limiter_name(text, names, local)
    if t in ('call_expression', 'new_expression'):
        if limiter_name(s.callee_path(node), names, local):
            return True
        return depth < 2 and any(is_limiter(a, names, local, depth + 1) for a in s.arguments(node))
    if t == 'decorator':
        return any(is_limiter(c, names, local, depth) for c in node.named_children)
    if t in ('array', 'arguments'):
        return depth < 3 and any(is_limiter(c, names, local, depth + 1) for c in node.named_children)
    if t == 'object':
        keys = s.object_keys(node)
        if 'rateLimit' in keys or any(LIMITER.search(k) for k in keys):
            return True  # Fastify's `config: { rateLimit }`, hapi's `plugins: { 'hapi-rate-limit': {...} }`
        return depth < 3 and any(is_limiter(v, names, local, depth + 1) for v in keys.values())
    return False


def limiter_name(path: str, names: frozenset[str], local: frozenset[str]) -> bool:
    """A dotted callee path (``ratelimit.limit``, ``loginLimiter``) that names a limiter."""
    if not path:
        return False
    parts = path.replace('()', '').split('.')
    if parts[-1] in SKIPS:
        return False
    if parts[0] in local or any(p in names for p in parts):
        return True
    return bool(LIMITER.search(path))


def _find(file: File, names: frozenset[str], packages: frozenset[str]) -> Limiters:
    """Limiters the whole file sets up: imports, ``app.use(limiter)``, ``fastify.register(rateLimit)``."""
    source = file.source
    low = file.lower  # `LIMITER` ignores case, ASCII only for bytes: the same on lower-case text
    if not (any(k in low for k in LIMITER_KEYS) and LIMITER_LOWER.search(low)) \
            and not any(n in source for n in encoded(names)) \
            and not any(p in source for p in encoded(packages)):
        return Limiters(frozenset(), (), False)
    local, everywhere = _imports(file.tree.root, names, packages)
    uses = []
    app_wide = False
    root = file.tree.root
    for m in _USE.finditer(source):
        prop = s.descendant(root, m.end() - 2, m.end() - 2)
        call = s.parent_of(s.parent_of(prop)) if prop is not None and s.parent_of(prop) is not None else None
        while call is not None and call.type != 'call_expression':
            call = s.parent_of(call) if call.type in ('member_expression', 'property_identifier') else None
        if call is None:
            continue
        args = s.arguments(call)
        direct = any(is_limiter(a, names, local) or names_package(a, packages) for a in args)
        # A mount table's rows each name their path: a limiter in one is not the whole app's.
        if not direct and not any(is_limiter(a, names, local) for a in table_rows(args)):
            continue
        if s.callee_name(call) == 'register':
            everywhere = True
        app_wide = app_wide or (direct and _whole_app(call, args))
        arg_names = frozenset(s.text(a) for a in args if a.type == 'identifier')
        uses.append((call.start_byte, s.receiver_name(call) or s.text(s.receiver(call)), arg_names))
    return Limiters(local, tuple(uses), everywhere, app_wide)


def table_rows(args: list[Node]) -> Iterator[Node]:
    """The rows of a mount table a ``use`` spreads: ``app.use(path, ...rest)`` where ``rest`` is
    destructured from each element of an array the call's callback iterates (``[["/auth",
    authLimiter, authRoutes()], ...].map(([path, ...rest]) => app.use(path, ...rest))``, or ``const
    [path, ...rest] = route`` of ``routes.map((route) => ...)``): the limiter in a row is mounted by
    the binding it reaches, whatever the table is called."""
    for arg in args:
        if arg.type != 'spread_element' or not arg.named_children:
            continue
        ident = s.unwrap(arg.named_children[0])
        if ident.type != 'identifier':
            continue
        row = _destructured_row(ident)
        if row is not None:
            yield from _elements(row, 0)


def _destructured_row(ident: Node) -> Node | None:
    """The callback parameter whose array pattern binds ``ident`` (directly or through ``const
    [a, ...rest] = param``), as the node of the collection the callback iterates."""
    name = ident.text
    decl = s.declaration(ident)
    if decl is not None and decl.type == 'variable_declarator':
        pattern, value = decl.child_by_field_name('name'), decl.child_by_field_name('value')
        if pattern is None or pattern.type != 'array_pattern' or value is None or value.type != 'identifier':
            return None
        ident, name = value, value.text
    fn = s.enclosing_function(ident)
    while fn is not None:
        for p in s.parameters(fn):
            target = p.child_by_field_name('pattern') or p
            if target.type == 'identifier' and target.text == name or \
                    target.type == 'array_pattern' and any(i.text == name for i in s.identifiers(target)):
                return _iterated(fn)
        fn = s.enclosing_function(fn)
    return None


_ITERATE = frozenset(('map', 'forEach', 'flatMap'))


def _iterated(fn: Node) -> Node | None:
    """The collection ``fn`` is the callback of (``routes`` of ``routes.map(fn)``)."""
    args = s.parent_of(fn)
    call = s.parent_of(args) if args is not None and args.type == 'arguments' else None
    if call is None or call.type != 'call_expression' or s.callee_name(call) not in _ITERATE:
        return None
    return s.receiver(call)


def _elements(node: Node, depth: int) -> Iterator[Node]:
    """The elements of an array literal, through spreads and names bound to arrays."""
    node = s.unwrap(node)
    if depth > 3:
        return
    if node.type == 'identifier':
        value = s.initializer(node)
        if value is not None:
            yield from _elements(value, depth + 1)
    elif node.type == 'array':
        for c in node.named_children:
            if c.type == 'spread_element' and c.named_children:
                yield from _elements(c.named_children[0], depth + 1)
            elif c.type != 'comment':
                yield c


def _whole_app(call: Node, args: list[Node]) -> bool:
    """``app.use(limiter)`` with no path first, or a path every request matches (``app.use('*',
    limiter)``); ``fastify.register(rateLimit, opts)`` unless
    ``opts`` says ``global: false`` (@fastify/rate-limit's default is global)."""
    if s.callee_name(call) == 'register':
        opts = s.object_keys(s.unwrap(args[1])) if len(args) > 1 else {}
        return 'global' not in opts or s.text(opts['global']) != 'false'
    if not args:
        return False
    first = s.unwrap(args[0])
    if first.type == 'string':
        return s.string_value(first) in _EVERY_PATH  # Hono's `app.use('*', limiter)`, `app.use('/', limiter)`
    return first.type not in ('template_string', 'array', 'regex')


# A mount path that every request matches.
_EVERY_PATH = frozenset(('*', '/*', '/', '/**'))


@functools.lru_cache(maxsize=16)
def encoded(words: frozenset[str]) -> tuple[bytes, ...]:
    """``words`` as bytes, to look for in a file's source before parsing it (cached per word set)."""
    return tuple(w.encode() for w in sorted(words))


def _imports(root: Node, names: frozenset[str], packages: frozenset[str]) -> tuple[frozenset[str], bool]:
    """Local names bound to limiter packages (or to calls of them); NestJS throttler covers all."""
    local: set[str] = set()
    everywhere = False
    for stmt in root.named_children:
        if stmt.type == 'import_statement':
            source = s.string_value(stmt.child_by_field_name('source'))
            if source in packages:
                everywhere = everywhere or source == _COVERS_FILE
                for ident in _import_names(stmt):
                    local.add(ident)
        elif stmt.type in ('lexical_declaration', 'variable_declaration'):
            for d in stmt.named_children:
                value = d.child_by_field_name('value') if d.type == 'variable_declarator' else None
                if value is None:
                    continue
                value = s.unwrap(value)
                pattern = d.child_by_field_name('name')
                if names_package(value, packages) or (
                        value.type in ('call_expression', 'new_expression')
                        and limiter_name(s.callee_path(value), names, frozenset(local))):
                    local.update(_pattern_idents(pattern))
    return frozenset(local), everywhere


def _import_names(stmt: Node) -> Iterator[str]:
    stack = [c for c in stmt.named_children if c.type == 'import_clause']
    while stack:
        node = stack.pop()
        if node.type == 'identifier':
            yield s.text(node)
        elif node.type == 'import_specifier':
            alias = node.child_by_field_name('alias') or node.child_by_field_name('name')
            yield s.text(alias)
        else:
            stack.extend(node.named_children)


def _pattern_idents(pattern: Node | None) -> Iterator[str]:
    if pattern is None:
        return
    if pattern.type in ('identifier', 'shorthand_property_identifier_pattern'):
        yield s.text(pattern)
        return
    for c in pattern.named_children:
        if c.type == 'pair_pattern':
            c = c.child_by_field_name('value') or c
        yield from _pattern_idents(c)


def names_package(node: Node, packages: frozenset[str]) -> bool:
    """``require('express-rate-limit')``, ``import('@fastify/rate-limit')``."""
    node = s.unwrap(node)
    if node.type != 'call_expression':
        return False
    fn = s.callee(node)
    if fn is None or s.text(fn) not in ('require', 'import'):
        return False
    args = s.arguments(node)
    return bool(args) and s.string_value(args[0]) in packages
