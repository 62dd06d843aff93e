"""Who may call an entry point, as far as its registration shows: whether a route or procedure is
behind sign-in (the middleware on the route, a NestJS controller's guards, the builder of a tRPC
procedure or of a next-safe-action action), or its handler's own question (``asks_caller``: ``await
requireAuthenticated()``).  A signed-in caller who loops is bounded by an account
that can be banned; an anonymous one is not."""
from __future__ import annotations

import re

from vcx_hook.ecosystem.routes import NEST
from vcx_hook.ecosystem.routes import ROUTER
from vcx_hook.ecosystem.routes import Route
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node
from vcx_hook.lang import lazyre

# Middleware, guards and builders named for a signed-in caller (`requireAuth`, `isAuthenticated`,
# `protectedProcedure`, `authActionClient`, `passport.authenticate('jwt')`, `withSession`).
# A secret or API key is an account's: its holder's servers call with it (`isValidSecretKey`).
# A permission or role check is one too: only an account holds a permission (pwndoc's
# `acl.hasPermission('validtoken')`, `checkRole('editor')`; round 27's `POST /api/users/totp`, a
# signed-in user setting up a second factor, judged not worth asking).
_SIGNED_IN = lazyre.compile(
    r'(?i)auth|session|signed|logged|login_?required|protect|guard|jwt|passport|require_?user|member|owner|admin|tenant'
    r'|secret_?key|api_?key|permission|role')
# ... and, mounted with `use()` for every later route of a router, only a name that demands a signed-in
# caller (`auth.use(loginRequired)`, `router.use(requireAuth)`, `app.use(ensureLoggedIn)`): not a
# session or passport middleware that only loads one (`app.use(session(...))`, `passport.session()`).
_REQUIRES_SIGN_IN = lazyre.compile(
    r'(?i)^(?:require|ensure|is|must|check)_?(?:auth|logged|signed|login|user)|(?:auth|login|logged_?in|signed_?in)_?required$'
    r'|^authenticated$')
# ... or demands staff (`app.use(isAdmin)`, `router.use(requireSuperAdmin)`, `adminOnly`).
_REQUIRES_STAFF = lazyre.compile(r'(?i)^(?:is|require|ensure|must|check)_?(?:super_?)?(?:admin|staff|superuser)|admin_?(?:only|required)$')
# A NestJS method opened to everyone past the global guard: `@Public()`, `@Roles('public')`, `@SkipAuth()`.
_OPENED = lazyre.compile(r'(?i)\bpublic\b|anonymous|skip_?auth|no_?auth|allow_?any')
# tRPC builders that let anyone in (`t.procedure`, `publicProcedure`).
_OPEN_PROCEDURES = frozenset(('procedure', 'publicProcedure', 'baseProcedure'))


def signed_in(route: Route) -> bool:
    """Only signed-in callers reach the entry point: a NestJS controller method (its guards, usually
    global, are not in the file) unless a decorator opens it, a tRPC mutation of any builder but a
    public one, an action of a client named for auth, or a route whose middleware is named for auth."""
    if route.kind == NEST:
        return not any(_OPENED.search(s.text(m)) for m in route.middleware)
    head = builder(route)
    if route.kind == 'trpc':
        return head.rsplit('.', 1)[-1] not in _OPEN_PROCEDURES
    if head:
        return _SIGNED_IN.search(head) is not None
    return any(_SIGNED_IN.search(s.text(m)) for m in route.middleware if m.type not in s.FUNCTION_TYPES) or any(
        _hook_refuses(s.unwrap(m)) for m in route.middleware)


# Fastify's route hooks (`app.patch('/x', { preValidation, schema }, handler)`, `preHandler:
# [verify]`): a hook the file defines that verifies the caller's token (`await request.jwtVerify()`)
# or answers 401 keeps the anonymous out, whatever it is named (Palmr's share-password routes,
# round 34, judged not worth a limiter: the signed-in owner sets a password, nothing is guessed).
_HOOK_KEYS = frozenset(('onRequest', 'preParsing', 'preValidation', 'preHandler'))
_VERIFIES_TOKEN = lazyre.compile(rb'\.jwtVerify\s*\(')


def _hook_refuses(options: Node) -> bool:
    if options.type != 'object':
        return False
    for prop in options.named_children:
        key = prop if prop.type == 'shorthand_property_identifier' else prop.child_by_field_name('key')
        value = prop if prop.type == 'shorthand_property_identifier' else prop.child_by_field_name('value')
        if key is None or value is None or s.text(key) not in _HOOK_KEYS:
            continue
        for hook in (value.named_children if value.type == 'array' else [value]):
            fn = hook if hook.type in s.FUNCTION_TYPES else s.initializer(hook) if hook.type in (
                'identifier', 'shorthand_property_identifier') else None
            if fn is not None and fn.type in s.FUNCTION_TYPES and (
                    _VERIFIES_TOKEN.search(fn.text) or _REFUSES_ANONYMOUS.search(fn.text)):
                return True
    return False


def signed_in_by_use(file: File, route: Route) -> bool:
    """An earlier ``use()`` on the route's own router, with no path, of middleware that demands a
    signed-in caller (hollo's ``auth.use(loginRequired)`` before ``auth.post('/2fa', ...)``): every
    route the router registers after it runs behind sign-in. Staff-only middleware demands one too."""
    return any(_REQUIRES_SIGN_IN.search(name) or _REQUIRES_STAFF.search(name) for name in _used_before(file, route))


def staff_by_use(file: File, route: Route) -> bool:
    """An earlier path-less ``use()`` on the route's own router of middleware that admits staff only
    (beabee's legacy tools app, ``app.use(isAdmin)`` before its mailing routes): an admin route, as
    one whose path says so."""
    return any(_REQUIRES_STAFF.search(name) for name in _used_before(file, route))


def _used_before(file: File, route: Route) -> list[str]:
    """The names (last segment: ``loginRequired`` of ``auth.loginRequired``) of the middleware handed
    to ``<router>.use(...)`` with no path, before the route is registered on that router."""
    return [s.text(a).rsplit('.', 1)[-1] for a in used_before(file, route) if a.type in ('identifier', 'member_expression')]


def used_before(file: File, route: Route) -> list[Node]:
    """The middleware (unwrapped: names and inline functions) handed to ``<router>.use(...)`` with no
    path, before the route is registered on that router: every later route of the router runs it."""
    if route.kind != ROUTER or not route.receiver:
        return []
    used = re.compile(rb'(?<![\w$.])' + re.escape(route.receiver.encode()) + rb'\s*\.\s*use\s*\(')
    out = []
    for m in used.finditer(file.source, 0, route.node.start_byte):
        paren = s.descendant(file.tree.root, m.end() - 1, m.end())
        call = s.parent_of(paren) if paren is not None else None
        call = s.parent_of(call) if call is not None and call.type == 'arguments' else None
        if call is None or call.type != 'call_expression':
            continue
        args = [s.unwrap(a) for a in s.arguments(call)]
        if any(a.type in ('string', 'template_string', 'array') for a in args):
            continue  # `router.use('/admin', requireAuth)`: a path's routes only
        out += args
    return out


# Calls a handler makes to learn who is calling, refusing the anonymous (`await requireAuthenticated()`,
# `getServerSession(authOptions)`, NextAuth's `auth()`, `requireSession()`, `getCurrentUser()`).
_ASKS_CALLER = lazyre.compile(
    r'(?i)^(?:get|require|assert|ensure|check|verify|validate)?_?(?:server_?|current_?)?'
    r'(?:auth(?:enticated|enticate|ori[sz]ed|_?user|_?session)?|session|user_?session|current_?user|signed_?in_?user)$')
# ... and, called with nothing, the current user's (`await getUser()`); `getUser(id)` reads any user.
_CURRENT_USER = frozenset(('getUser', 'requireUser'))


def asks_caller(calls: list[Node]) -> bool:
    """A handler that reads its caller's session or account among ``calls`` (its calls, in order):
    only a signed-in caller gets past it, as far as a plain server action or a route handler shows."""
    return any(_ASKS_CALLER.match(name) is not None or (name in _CURRENT_USER and not s.arguments(c))
               for c in calls if c.type == 'call_expression' for name in (s.callee_name(c),))


# A handler's own refusal of anonymous callers: a 401 answer (`new Response('Unauthorized', { status:
# 401 })`, `res.status(401)`, `HttpStatus.UNAUTHORIZED`), a call that enforces who asks
# (`enforceIsAdmin(user)`, `requireRole(session, 'staff')`, `assertAuthenticated()`), or a redirect to
# the sign-in page (`redirect('/login')` of next/navigation, which throws and ends the handler;
# `res.redirect('/auth/signin')`): round 32's langtrace `POST /api/data`, judged not worth a limiter.
_REFUSES_ANONYMOUS = lazyre.compile(
    rb'(?<![\w.])401\b|\bUNAUTHORI[SZ]ED\b|[\'"`]Unauthori[sz]ed\b|\b(?:enforce|require|ensure|assert)_?(?:Is|Has)?_?'
    rb'(?:Admin|Auth|Role|Permission|Signed|Logged|User|Session|Member|Staff)\w*\s*\('
    rb'|\bredirect\s*\(\s*(?:30[1278]\s*,\s*)?[\'"`](?:/[\w-]+)*/(?:log-?in|sign-?in|sign_in)\b')


def refuses_anonymous(fn: Node) -> bool:
    """The handler ``fn`` itself turns away callers who are not signed in (``_REFUSES_ANONYMOUS``):
    a route handler of a framework whose routes have no middleware (Next.js) reads the session and
    answers 401, or enforces a role."""
    return _REFUSES_ANONYMOUS.search(fn.text) is not None


def session_checked(calls: list[Node], fn: Node) -> bool:
    """The handler ``fn`` reads its caller's session among ``calls`` and answers anyone without one
    (``asks_caller`` and ``refuses_anonymous``: ``if (!await auth.api.getSession(...)) return
    res.status(401)``): a Next.js API route's own sign-in, where routes have no middleware."""
    return asks_caller(calls) and refuses_anonymous(fn)


def builder(route: Route) -> str:
    """The object a procedure's or action's chain starts from (``protectedProcedure`` of
    ``protectedProcedure.input(s).mutation(fn)``), or '' for a route or a plain server action."""
    fn = route.handlers[0] if route.handlers else None
    args = s.parent_of(fn) if fn is not None else None
    call = s.parent_of(args) if args is not None and args.type == 'arguments' else None
    if call is None or call.type != 'call_expression':
        return ''
    chain = s.chain_calls(call)
    root = s.callee(chain[-1]) if chain else None
    head: Node | None = root.child_by_field_name('object') if root is not None and root.type == 'member_expression' else None
    return s.text(s.unwrap(head)) if head is not None and route.kind in ('trpc', 'action') else ''
