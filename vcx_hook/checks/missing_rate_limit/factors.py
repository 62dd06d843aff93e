"""Routes that manage a signed-in account's second factor: their path says sign-in, their callers
are already signed in."""
from __future__ import annotations

from collections.abc import Mapping

from vcx_hook.lang.syntax import Node

from vcx_hook.ecosystem import callers
from vcx_hook.ecosystem import routes
from vcx_hook.lang.scope import File

Names = Mapping[str, frozenset[str]]
# A second factor's words: behind sign-in, the route sets one up or turns it off for the account.
_SECOND_FACTOR_WORDS = frozenset(('2fa', 'mfa', 'totp'))


def enrols(file: File, route: routes.Route, words: list[str], names: Names, calls: list[Node]) -> bool:
    """A path whose only sign-in words name a second factor (``POST /2fa``, ``/:id/mfa``) on a route
    only signed-in callers reach (its middleware or controller guards, or an earlier ``use()`` of its
    router: ``ecosystem.callers``; or, where a route has no middleware, as a Next.js API route, its
    handler reads the caller's session among its ``calls`` and answers 401 without one): a signed-in
    account enrolling or removing its factor, with a secret it supplies, not a sign-in step with a
    code to guess (hollo's ``/auth/2fa`` and beabee's ``/contact/:id/mfa``, round 23, and ztnet's
    session-gated ``/api/auth/two-factor/totp/*``, round 28, judged not worth asking; the
    second-factor check of a login, hollo's ``/login/otp``, reached before sign-in, stays listed). Low."""
    said = set(words) & names['auth_words']
    return bool(said) and said <= _SECOND_FACTOR_WORDS \
        and (callers.signed_in(route) or callers.signed_in_by_use(file, route) or _handler_signs_in(route, calls))


def _handler_signs_in(route: routes.Route, calls: list[Node]) -> bool:
    """The handler itself reads its caller's session and turns away anonymous callers
    (``await auth.api.getSession(...)``, then ``res.status(401)``)."""
    fn = route.handlers[-1] if route.handlers else None
    return fn is not None and callers.asks_caller(calls) and callers.refuses_anonymous(fn)
