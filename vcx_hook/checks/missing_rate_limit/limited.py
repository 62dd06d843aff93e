"""Whether a route needs no question: it is called by machines or staff, or a limiter covers it
(on the route, its router or an earlier ``use()``, a registered plugin or guard, one the project
registers for every route of its app in another file); or whether one
may cover it out of sight (a limiter package the project depends on, applied where a router or
controller file is mounted)."""
from __future__ import annotations

from collections.abc import Mapping

from vcx_hook.checks.missing_rate_limit import shared_secrets
from vcx_hook.ecosystem import app_limiters
from vcx_hook.ecosystem import callers
from vcx_hook.ecosystem import limiters
from vcx_hook.ecosystem import routes
from vcx_hook.ecosystem.app_limiters import AppLimiter
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang import lazyre

Names = Mapping[str, frozenset[str]]
_WORD_SPLIT = lazyre.compile(r'[/.:]+')
_FILE_WORD_SPLIT = lazyre.compile(r'[^a-z0-9]+')
# Server actions and NextAuth's `authorize()` are not mounted behind anything: their limit is in them.
_NOT_MOUNTED = ('action', 'credentials')
_NAMED = ('action', 'trpc', 'credentials')


def skipped(file: File, route: routes.Route, names: Names) -> bool:
    """A machine-called or staff route: a ``skip_words`` word in its path, its file's directories
    or its file's name (``stripe/webhook.ts``, ``cron.controller.ts``), or an earlier ``use()`` of
    its router that admits staff only (``app.use(isAdmin)``: ``ecosystem.callers``) or only callers
    holding a shared secret (``shared_secrets.gated_by_use``)."""
    skip = names['skip_words']
    *folders, name = file.path.lower().split('/')
    return not skip.isdisjoint(path_words(route.path)) or not skip.isdisjoint(folders) \
        or not skip.isdisjoint(_FILE_WORD_SPLIT.split(name)) or callers.staff_by_use(file, route) \
        or shared_secrets.gated_by_use(file, route)


def limited(file: File, route: routes.Route, names: Names, app_wide: tuple[AppLimiter, ...] = ()) -> bool:
    """A limiter this file shows covers the route, or one the project registers for every route of
    its app (``app_wide``: a NestJS ``APP_GUARD``, an entry file's ``app.use(limiter)``), unless the
    route skips it (``@SkipThrottle()`` on the controller or the handler)."""
    facts = file_limiters(file, names)
    # A controller's actions are mounted by routes files: an app-wide limiter covers them as it covers those.
    kind = routes.ROUTER if route.kind == routes.CONTROLLER else route.kind
    if (facts.everywhere or app_limiters.covers(file, kind, app_wide, route.path)) and not skips_throttle(route):
        return True
    if any(limiters.is_limiter(m, names['limiters'], facts.locals) for m in route.middleware):
        return True
    if route.kind in _NAMED:
        return False  # a `.use(limiter)` of another procedure or action does not cover this one
    start = route.node.start_byte
    for pos, recv, args in facts.uses:
        if pos < start or (route.receiver and route.receiver in args):
            return True
    return False


def limited_elsewhere(file: File, route: routes.Route, names: Names, packages: Mapping[str, str]) -> bool:
    """The project depends on a limiter package and the route is mounted elsewhere (a router or
    controller file, a Next.js handler, a tRPC procedure): the limit may be applied there, out of
    this file's sight (``app.use``, a global ``ThrottlerGuard``, Next.js middleware, a base procedure).
    Server actions and ``authorize()`` are mounted nowhere: their limit is in them."""
    return not sets_up_app(file, route) and route.kind not in _NOT_MOUNTED and not skips_throttle(route) \
        and any(p in packages for p in names['limiter_packages'])


def skips_throttle(route: routes.Route) -> bool:
    """A NestJS route that ``@SkipThrottle()`` (not ``@SkipThrottle(false)``) takes out of the throttler."""
    if route.kind != routes.NEST:
        return False
    for deco in route.middleware:
        call = deco.named_children[0] if deco.type == 'decorator' and deco.named_children else None
        if call is not None and call.type == 'call_expression' and s.callee_name(call) in limiters.SKIPS:
            args = s.arguments(call)
            if not args or s.text(args[0]) != 'false':
                return True
    return False


def file_limiters(file: File, names: Names) -> limiters.Limiters:
    return limiters.of_file(file, names['limiters'], names['limiter_packages'])


def sets_up_app(file: File, route: routes.Route) -> bool:
    """This file creates the app (``express()``, ``new Koa()``, ``Fastify()``, ``new Hono()``)."""
    return route.kind == routes.ROUTER and routes.creates_app(file)


def path_words(path: str) -> list[str]:
    return [w for w in _WORD_SPLIT.split(path.lower()) if w]


# A route path's words that say it takes guesses (a sign-in, a one-time code), not a sign-up or a reset:
# an attempt counter bounds guesses, not mail.
_GUESS_WORDS = frozenset(('login', 'log-in', 'signin', 'sign-in', 'otp', 'verify-otp', '2fa', 'mfa', 'totp'))


def counted_elsewhere(file: File, route: routes.Route, counters: frozenset[str]) -> bool:
    """A sign-in or code-check route of a routes file whose handler is out of sight (imported: a
    controller module's), in an app that counts sign-in attempts (``counters``, the folders of its
    files that do: ``app_limiters.counts_sign_in_attempts``, a ``login_attempts`` table,
    ``recordLoginAttempt()``): the handler may lock the account after too many tries, a limiter of
    the project's own."""
    return route.kind == routes.ROUTER and not route.handlers and not _GUESS_WORDS.isdisjoint(path_words(route.path)) \
        and app_limiters.counted_near(file.path, counters)
