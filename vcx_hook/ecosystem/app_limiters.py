"""Limiters an app registers for every route, in a file other than the routes': NestJS's
``{ provide: APP_GUARD, useClass: ThrottlerGuard }`` in a module (or a project guard named for
throttling, ``CustomThrottlerGuard extends ThrottlerGuard``), ``app.useGlobalGuards(new
ThrottlerGuard(...))``, and, in the file that creates an Express, Koa, Hono or Fastify app,
``app.use(limiter)`` with no path or ``fastify.register(rateLimit)`` (global unless ``global: false``).

The engine reads the project's files once (``engine.project.with_app_limiters``), and only when a
route question may be asked; ``covers`` then says whether one covers a route file: the routes of
the kind it limits, in a folder below the one of the file that registers it (``src/auth/`` of
``src/app.module.ts``, ``routes/`` of ``server.js``; a file beside it may be another app's), and
the project modules the app mounts with ``use`` (``app.use('/account', accountApp.handlers)``),
wherever they are, and those a mount table's row mounts behind its own limiter (``[['/auth',
authLimiter, authRoutes()]].map(([path, ...rest]) => app.use(path, ...rest))``: that router only).

A NestJS ``APP_GUARD`` is global to the application whose module graph holds the module that
provides it, whichever feature module that is (credebl's ``GeoLocationModule`` in
``src/geo-location/`` limits every controller of its gateway): ``in_nest_apps`` moves it to the
folder of the file that bootstraps that application (``NestFactory.create(AppModule)`` in
``src/main.ts``), the nearest above the module, and it covers the controllers beside that file too."""
from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from typing import NamedTuple

from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import importers
from vcx_hook.ecosystem import limiters
from vcx_hook.ecosystem.routes import creates_app
from vcx_hook.ecosystem.routes import FILE
from vcx_hook.ecosystem.routes import NEST
from vcx_hook.ecosystem.routes import ROUTER
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node


class AppLimiter(NamedTuple):
    folder: str  # the folder of the file that registers it ('' for the root)
    kind: str  # the routes it covers: routes.NEST or routes.ROUTER
    # The project's modules the app mounts (`app.use('/account', accountApp.handlers)` of `import * as
    # accountApp from './app-account.js'`), as repository paths without their suffix: covered
    # wherever they are, though each creates its own app.
    mounts: frozenset[str] = frozenset()
    # It covers only ``mounts``, not the route files below its folder: a limiter in a mount table's
    # row (`["/auth", authLimiter, authRoutes(components)]`) limits the router of that row alone.
    only_mounts: bool = False
    # The URL path prefixes it limits, and only those: a Next.js middleware's list of limited API
    # paths (`const RATE_LIMITED_API_PREFIXES = ['/api/prompt', ...]`, checked by `startsWith`).
    prefixes: frozenset[str] = frozenset()


_NEST_HINTS = (b'APP_GUARD', b'useGlobalGuards')
APP_GUARD = b'APP_GUARD'
# The file that starts a NestJS application (`NestFactory.create(AppModule)`, a microservice's too).
_NEST_BOOTSTRAP = lazyre.compile(rb'\bNestFactory\s*\.\s*create')
_NEST = lazyre.compile(rb'\bAPP_GUARD\b|\.\s*useGlobalGuards\s*\(')
_USE = lazyre.compile(rb'\.\s*(?:use|register)\s*\(')
# A route file's bytes: what makes one worth reading the project for.
# A staged file that registers a route (a Nest handler, `router.get('/users', ...)`: a path starting
# with `/`, not `map.get(key)`), the only time the hook reads the folders above it for app-wide limiters.
ROUTE_HINT = lazyre.compile(rb'@(?:Post|Put|Patch|Delete|Get|All)\s*\(|\.\s*(?:post|put|patch|delete|get|all|route)\s*\(\s*[\'"`]/'
                            # A Next.js handler (`export async function POST(request)`): its middleware may limit it.
                            rb'|\bexport\s+(?:async\s+)?function\s+(?:POST|PUT|PATCH|DELETE|GET)\b')
# Words that may name a sign-in link or code a service mails out of its routes' sight
# (missing_rate_limit/login_links.py; its project's limiters are read too), in lower case: read in a
# source's bytes lowered, or in `File.lower_word_text` (each word once: a fifth of the bytes).
SIGN_IN_MAIL_WORDS = lazyre.compile(rb'magic_?link|(?:log_?in|sign_?in)_?(?:link|code|token|otp)|\botp|otp\b|passwordless')
# What every match holds: the engine tries the alternatives at every byte (10 ms over five 880-line
# files), `in` skips to the few places they may start.
_SIGN_IN_MAIL_PARTS = (b'magic', b'login', b'log_in', b'signin', b'sign_in', b'otp', b'passwordless')


def may_mail_sign_in(lower: bytes) -> bool:
    """``lower`` (bytes in lower case) may name a sign-in link or code a service mails."""
    return any(p in lower for p in _SIGN_IN_MAIL_PARTS) and SIGN_IN_MAIL_WORDS.search(lower) is not None


def candidate(source: bytes) -> bool:
    """``source`` may register one (a cheap look at the bytes before parsing)."""
    if any(h in source for h in _NEST_HINTS):
        return True
    if _USE.search(source) is None:
        return False
    lower = source.lower()  # a case-blind pattern tries every byte several times slower
    return any(k in lower for k in limiters.LIMITER_KEYS) and limiters.LIMITER_LOWER.search(lower) is not None


def of_file(file: File, names: frozenset[str], packages: frozenset[str]) -> tuple[AppLimiter, ...]:
    """The limiters ``file`` registers for every route of its app."""
    prefixes = limited_prefixes(file) if may_limit_paths(file.path, file.source) else frozenset()
    found = [AppLimiter(middleware_app(file.path), FILE, prefixes=prefixes)] if prefixes else []
    facts = limiters.of_file(file, names, packages)
    if not facts.locals and not facts.uses and not limiters.LIMITER_LOWER.search(file.lower):
        return tuple(found)
    folder = posixpath.dirname(file.path)
    if any(h in file.source for h in _NEST_HINTS) and _nest_global(file, names, facts.locals):
        found.append(AppLimiter(folder, NEST))
    if facts.app_wide and creates_app(file):
        found.append(AppLimiter(folder, ROUTER, _mounted(file)))
    if facts.uses:
        rows = _table_mounted(file, names, facts.locals)
        if rows:
            found.append(AppLimiter(folder, ROUTER, rows, only_mounts=True))
    return tuple(found)


class Use(NamedTuple):
    """How a file uses rate limiters beyond its own routes."""
    imports: bool  # it imports a limiter package (a helper's `new RateLimiterRedis()`, a middleware's `rateLimit()`)
    mounts: bool  # it applies one past a single route: `use`/`register` it, a NestJS global guard, a middleware file


# A Next.js (or other edge) middleware file: it runs before every matching route, out of their sight.
_MIDDLEWARE_STEM = 'middleware'


def imports_package(source: bytes, packages: frozenset[str]) -> bool:
    """``source`` imports or requires a limiter package (read from its import statements, unparsed)."""
    return any(spec in packages for _, spec in importers.imports(source))


def may_mount(path: str, source: bytes) -> bool:
    """``source`` may apply a limiter past a single route (a cheap look at the bytes before parsing):
    what ``candidate`` looks for, or a middleware file naming a limiter."""
    return candidate(source) or (posixpath.basename(path).split('.')[0] == _MIDDLEWARE_STEM
                                 and limiters.LIMITER_LOWER.search(source.lower()) is not None)


def mounts(file: File, names: frozenset[str], packages: frozenset[str]) -> bool:
    """``file`` applies a limiter where a route file cannot see it: ``.use(limiter)`` or
    ``.register(rateLimit)`` (an app, a router, a tRPC base procedure), a NestJS
    ``APP_GUARD``/``useGlobalGuards`` throttler, or it is a middleware file (``middleware.ts``) that
    names one."""
    facts = limiters.of_file(file, names, packages)
    if facts.uses or (any(h in file.source for h in _NEST_HINTS) and _nest_global(file, names, facts.locals)):
        return True
    stem = posixpath.basename(file.path).split('.')[0]
    return stem == _MIDDLEWARE_STEM and (bool(facts.locals) or limiters.LIMITER_LOWER.search(file.lower) is not None)


_REQUIRED = lazyre.compile(rb"""\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*require\(\s*['"](\.[^'"\n]+)['"]\s*\)""")
_SUFFIX = lazyre.compile(r'\.[cm]?[jt]sx?$')


def _local_modules(file: File) -> dict[str, str]:
    """The names ``file`` imports or requires from a relative path, to that path."""
    local = {name: b.library for name, b in bindings.imports(file).items() if b.library.startswith('.')}
    local.update((m.group(1).decode(), m.group(2).decode()) for m in _REQUIRED.finditer(file.source))
    return local


def _use_calls(file: File) -> Iterable[Node]:
    for m in _USE.finditer(file.source):
        node = s.descendant(file.tree.root, m.start() + 1, m.start() + 2)
        call = s.inside(node, ('call_expression',)) if node is not None else None
        if call is not None:
            yield call


def _module_path(file: File, spec: str) -> tuple[str, str]:
    path = _SUFFIX.sub('', posixpath.normpath(posixpath.join(posixpath.dirname(file.path), spec)))
    return path, posixpath.join(path, 'index')


def _table_mounted(file: File, names: frozenset[str], local_limiters: frozenset[str]) -> frozenset[str]:
    """The project modules a mount table mounts behind a limiter of their own row: the router
    ``authRoutes`` (required from ``./routes/auth``) of ``["/auth", authLimiter, authRoutes(components)]``
    in an array whose rows a ``use`` spreads (``limiters.table_rows``), by binding, not by name."""
    local = _local_modules(file)
    if not local:
        return frozenset()
    found: set[str] = set()
    for call in _use_calls(file):
        for row in map(s.unwrap, limiters.table_rows(s.arguments(call))):
            if row.type != 'array' or not limiters.is_limiter(row, names, local_limiters):
                continue
            for part in map(s.unwrap, row.named_children):
                if part.type == 'call_expression':
                    part = s.unwrap(s.callee(part) or part)
                spec = local.get(s.text(part)) if part.type == 'identifier' else None
                if spec is not None:
                    found.update(_module_path(file, spec))
    return frozenset(found)


def _mounted(file: File) -> frozenset[str]:
    """The project modules whose names the app hands to ``use``: ``app.use('/sync', syncApp.handlers)``
    with ``syncApp`` imported or required from a relative path."""
    local = _local_modules(file)
    if not local:
        return frozenset()
    found: set[str] = set()
    for call in _use_calls(file):
        for arg in map(s.unwrap, s.arguments(call)):
            root = s.path_segments(arg)[:1]
            spec = local.get(root[0]) if root else None
            if arg.type == 'call_expression' and s.callee_name(arg) == 'require' and s.arguments(arg):
                spec = s.string_value(s.arguments(arg)[0])  # `app.use('/x', require('./routes/x'))`
            if spec is None or not spec.startswith('.'):
                continue
            found.update(_module_path(file, spec))
    return frozenset(found)


def bootstraps_nest(source: bytes) -> bool:
    """``source`` starts a NestJS application (``NestFactory.create(AppModule)``)."""
    return b'NestFactory' in source and _NEST_BOOTSTRAP.search(source) is not None


def in_nest_apps(found: Iterable[AppLimiter], apps: Iterable[str]) -> tuple[AppLimiter, ...]:
    """``found`` with each NestJS global guard moved to the folder of the application it belongs
    to: the nearest of ``apps`` (the folders of the files that bootstrap one) at or above the
    folder of the module that provides it. A guard under no such folder stays where it is."""
    apps = sorted(apps, key=len, reverse=True)
    moved = []
    for a in found:
        app = next((f for f in apps if a.kind == NEST and (not f or a.folder == f or a.folder.startswith(f + '/'))), None)
        moved.append(a._replace(folder=app) if app is not None else a)
    return tuple(moved)


def covers(file: File, kind: str, registered: tuple[AppLimiter, ...], path: str = '') -> bool:
    """A limiter registered app-wide covers the routes of ``kind`` in ``file``, below the folder of
    the file that registers it (a NestJS guard also beside it: the application's controllers); not
    a file that creates its own app, which no other app mounts. One that limits URL path prefixes
    (``AppLimiter.prefixes``) covers the route at ``path`` when it starts with one."""
    if not registered:
        return False
    folder = posixpath.dirname(file.path)
    if any(a.prefixes and a.kind == kind and path.startswith(tuple(a.prefixes))
           and (not a.folder or folder.startswith(a.folder + '/')) for a in registered):
        return True
    registered = tuple(a for a in registered if not a.prefixes)
    module = _SUFFIX.sub('', file.path)
    if any(a.kind == kind and module in a.mounts for a in registered):
        return True
    if kind == ROUTER and creates_app(file):
        return False
    folder = posixpath.dirname(file.path)
    return any(a.kind == kind and not a.only_mounts and (folder != a.folder or kind == NEST) and (not a.folder or folder == a.folder or folder.startswith(a.folder + '/'))
               for a in registered)


# A Next.js middleware's code: `middleware.ts` (`proxy.ts` since Next.js 16, which renamed it) or a
# module of a `middleware/` folder beside it, reading `NextRequest` of `next/server`.
_NEXT_SERVER = b'next/server'
_PROXY_STEM = 'proxy'


def may_limit_paths(path: str, source: bytes) -> bool:
    """``source`` at ``path`` may be Next.js middleware code that limits a list of URL paths (a cheap
    look at the bytes before parsing)."""
    parts = path.split('/')
    return (parts[-1].split('.')[0] in (_MIDDLEWARE_STEM, _PROXY_STEM) or _MIDDLEWARE_STEM in parts[:-1]) \
        and _NEXT_SERVER in source and limiters.LIMITER_LOWER.search(source.lower()) is not None


def middleware_app(path: str) -> str:
    """The folder of the Next.js app whose middleware code is at ``path``: the folder of
    ``middleware.ts`` (or ``proxy.ts``), or the one holding its ``middleware/`` folder."""
    parts = path.split('/')[:-1]
    if _MIDDLEWARE_STEM in parts:
        parts = parts[:len(parts) - 1 - parts[::-1].index(_MIDDLEWARE_STEM)]
    return '/'.join(parts)


_DECLARATORS = frozenset(('variable_declarator',))


def limited_prefixes(file: File) -> frozenset[str]:
    """The URL paths a Next.js middleware file lists under a name that says it rate-limits them
    (``const RATE_LIMITED_API_PREFIXES = ['/api/prompt', '/api/vault']``, its request checked with
    ``pathname.startsWith(prefix)``): its limiter covers those routes, and only those (openlit's
    ``middleware/check-auth.ts``, round 32: two routes under the list asked, judged not worth
    asking; ``/api/auth`` and ``/api/user``, not in it, still asked). From ``next/server``'s import
    only."""
    if not any(spec == _NEXT_SERVER.decode() for _, spec in importers.imports(file.source)):
        return frozenset()
    found: set[str] = set()
    for decl in s.own_nodes(file.tree.root, _DECLARATORS):
        name = decl.child_by_field_name('name')
        value = decl.child_by_field_name('value')
        if name is None or name.type != 'identifier' or value is None \
                or limiters.LIMITER_LOWER.search(name.text.lower()) is None:
            continue
        value = s.unwrap(value)
        if value.type != 'array':
            continue
        paths = [s.string_value(e) for e in value.named_children]
        found.update(p for p in paths if p and p.startswith('/'))
    return frozenset(found)


def folders_above(route_paths: Iterable[str]) -> frozenset[str]:
    """The folders whose files may register a limiter that covers a route file of ``route_paths``
    (as ``covers`` decides: the route's folder is below theirs): each route folder's ancestors."""
    found: set[str] = set()
    for path in route_paths:
        parts = posixpath.dirname(path).split('/') if posixpath.dirname(path) else []
        found.update('/'.join(parts[:i]) for i in range(len(parts) + 1))  # its own: an app mounting it
    return frozenset(found)


def _nest_global(file: File, names: frozenset[str], local: frozenset[str]) -> bool:
    root = file.tree.root
    for m in _NEST.finditer(file.source):
        node = s.descendant(root, m.end() - 1, m.end() - 1)
        if m.group().startswith(b'.'):
            call = s.inside(node, ('call_expression',)) if node is not None else None
            if call is not None and any(limiters.is_limiter(a, names, local) for a in s.arguments(call)):
                return True
        elif node is not None and _guard_provider(node, names, local):
            return True
    return False


def _guard_provider(node: Node, names: frozenset[str], local: frozenset[str]) -> bool:
    """``{ provide: APP_GUARD, useClass: ThrottlerGuard }`` around ``node``."""
    obj = s.inside(node, ('object',))
    if obj is None:
        return False
    keys = s.object_keys(obj)
    provide = keys.get('provide')
    if provide is None or s.text(provide) != 'APP_GUARD':
        return False
    return any(k in keys and limiters.is_limiter(keys[k], names, local) for k in ('useClass', 'useExisting', 'useValue'))


# A sign-in attempt counter the project keeps: a table or field of failed tries (`login_attempts`,
# `otpAttempts`, `failedLoginAttempts`) or a function recording or checking them
# (`recordLoginAttempt(email, ip)`, `verifyLoginAttempt(email)`): the project locks an account after
# too many tries, a limiter of its own that a sign-in route's handler, out of the routes file's sight,
# calls (vao's logins and code checks, round 20, judged not worth asking twice:
# ``handled:per-account-attempt-lockout``).
_ATTEMPTS = lazyre.compile(
    rb'(?:login|log_in|signin|sign_in|otp|mfa|2fa|totp|failed)_?attempts\b'
    rb'|\b(?:record|count|increment|verify|check|register|reset)_?(?:failed_?)?(?:login|signin|sign_in|otp)_?attempts?\b', re.I)
_ATTEMPT_HINT = b'ttempt'


def counts_sign_in_attempts(source: bytes) -> bool:
    """``source`` keeps or checks a count of sign-in or one-time-code attempts."""
    return _ATTEMPT_HINT in source and _ATTEMPTS.search(source) is not None


def counted_near(path: str, counters: frozenset[str]) -> bool:
    """A folder of ``counters`` (where files count sign-in attempts) belongs to the app of the routes
    file at ``path``: under the folder above the routes file's (``src/services/`` for
    ``src/routes/auth.ts``), and not in a folder below the routes file's own (another app's)."""
    folder = posixpath.dirname(path)
    app = posixpath.dirname(folder)
    return any((not app or c == app or c.startswith(app + '/')) and not c.startswith(folder + '/') for c in counters)
