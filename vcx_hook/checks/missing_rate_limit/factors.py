"""Routes that manage a signed-in account's second factor: their path says sign-in, their callers
are already signed in."""
from __future__ import annotations

from collections.abc import Mapping

from vcx_hook.ecosystem import callers
from vcx_hook.ecosystem import routes
from vcx_hook.lang.scope import File

Names = Mapping[str, frozenset[str]]
# A second factor's words: behind sign-in, the route sets one up or turns it off for the account.
_SECOND_FACTOR_WORDS = frozenset(('2fa', 'mfa', 'totp'))


def enrols(file: File, route: routes.Route, words: list[str], names: Names) -> bool:
    """A path whose only sign-in words name a second factor (``POST /2fa``, ``/:id/mfa``) on a route
    only signed-in callers reach (its middleware or controller guards, or an earlier ``use()`` of its
    router: ``ecosystem.callers``): a signed-in account enrolling or removing its factor, with a
    secret it supplies, not a sign-in step with a code to guess (hollo's ``/auth/2fa`` and beabee's
    ``/contact/:id/mfa``, round 23, judged not worth asking; the second-factor check of a login,
    hollo's ``/login/otp``, reached before sign-in, stays listed). Low."""
    said = set(words) & names['auth_words']
    return bool(said) and said <= _SECOND_FACTOR_WORDS \
        and (callers.signed_in(route) or callers.signed_in_by_use(file, route))
