"""Routes where a signed-in account manages its own credentials (a second factor, its password):
their path says sign-in, their callers are already signed in."""
from __future__ import annotations

from collections.abc import Mapping

from vcx_hook.ecosystem import callers
from vcx_hook.ecosystem import routes
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node

Names = Mapping[str, frozenset[str]]
# A credential's words: behind sign-in, the route sets one up, changes it or turns it off for the
# account. `forgot`, `reset-password` and the sign-in words are a signed-out caller's.
_OWN_CREDENTIAL_WORDS = frozenset(('2fa', 'mfa', 'totp', 'password'))


def enrols(file: File, route: routes.Route, words: list[str], names: Names, calls: list[Node]) -> bool:
    """A path whose only sign-in words name a second factor or a password (``POST /2fa``,
    ``/:id/mfa``, ``PATCH /account/me/password``) on a route only signed-in callers reach (its
    middleware or controller guards, or an earlier ``use()`` of its router: ``ecosystem.callers``;
    or, where a route has no middleware, as a Next.js API route, its handler reads the caller's
    session among its ``calls`` and answers 401 without one): a signed-in account enrolling,
    changing or removing its own credential, not a sign-in step with a code to guess. Judged not
    worth asking: hollo's ``/auth/2fa`` and beabee's ``/contact/:id/mfa`` (round 23), ztnet's
    session-gated ``/api/auth/two-factor/totp/*`` (round 28: 1 not, 2 borderline), and the
    password routes behind sign-in, 12% of 4 (schulcloud's, credebl's and api-subventions' not,
    saas-starter-kit's borderline), where the two anonymous ones were worth asking (joplin's and
    paas-admin's reset mail); the second-factor check of a login, hollo's ``/login/otp``, reached
    before sign-in, stays listed. A handler that checks the current password in sight is asked for
    that, not for its path. Low."""
    said = set(words) & names['auth_words']
    return bool(said) and said <= _OWN_CREDENTIAL_WORDS \
        and (callers.signed_in(route) or callers.signed_in_by_use(file, route) or _handler_signs_in(route, calls))


def _handler_signs_in(route: routes.Route, calls: list[Node]) -> bool:
    """The handler itself reads its caller's session and turns away anonymous callers
    (``await auth.api.getSession(...)``, then ``res.status(401)``)."""
    fn = route.handlers[-1] if route.handlers else None
    return fn is not None and callers.session_checked(calls, fn)
