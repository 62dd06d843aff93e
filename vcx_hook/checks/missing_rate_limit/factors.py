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
    that, not for its path. So is a second factor's enrolment step by its path alone (``_enrolment``). Low."""
    said = set(words) & names['auth_words']
    return bool(said) and said <= _OWN_CREDENTIAL_WORDS and (
        _enrolment(words, said) or callers.signed_in(route) or callers.signed_in_by_use(file, route)
        or _handler_signs_in(route, calls))


# Steps of a second factor's life that an account takes on its own factor (`/2fa/setup`,
# `/totp/enable`, `/2fa/backup-codes`): a factor is enrolled into an account, so its caller has
# signed in, whatever is out of sight (a proxy forwarding the cookie to the API that checks it).
_ENROLMENT_PARTS = frozenset(('setup', 'enable', 'disable', 'backup', 'recovery'))
_FACTOR_WORDS = frozenset(('2fa', 'mfa', 'totp'))


def _enrolment(words: list[str], said: set[str]) -> bool:
    """A second factor's path (no password word) whose other words say it is set up, turned on or off,
    or given backup codes: Palmr's proxies of ``/auth/2fa/setup``, ``verify-setup``, ``backup-codes``
    and ``disable`` (round 34: 3 not worth asking, 1 borderline) and ztnet's ``/two-factor/totp/setup``,
    ``enable`` and ``disable`` (round 28: 1 not, 2 borderline)."""
    return said <= _FACTOR_WORDS and not _ENROLMENT_PARTS.isdisjoint(p for w in words for p in w.split('-'))


def _handler_signs_in(route: routes.Route, calls: list[Node]) -> bool:
    """The handler itself reads its caller's session and turns away anonymous callers
    (``await auth.api.getSession(...)``, then ``res.status(401)``)."""
    fn = route.handlers[-1] if route.handlers else None
    return fn is not None and callers.session_checked(calls, fn)
