"""A write route left out of the limiter its neighbours take: other routes of the same router in
this file pass a limiter (``router.post('/addinvoice', postLimiter, ...)``) and this one does not
(``router.post('/payinvoice', ...)``).  Whatever the route does, the file shows the project limits
such routes here, and the one without it is the question (LndHub's payments route, a real bug of
issue 18, was fixed by adding the limiter its neighbours had).

Also a write route of a resource whose other route here takes a limiter: ``app.get('/invoice/:id',
{ config: { rateLimit } }, ...)`` beside ``app.post('/invoice', ...)`` (the same path once its
parameters are left out): the author limited reading the resource and not making it (coinos's
invoices, a real bug of holdout8)."""
from __future__ import annotations

import re
from collections.abc import Mapping

from vcx_hook.ecosystem import limiters
from vcx_hook.ecosystem import routes
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File

Names = Mapping[str, frozenset[str]]
_WRITES = frozenset(('POST', 'PUT', 'PATCH', 'DELETE'))
# Write routes that take the same limiter before one is left out, at least half of the router's here: a
# limiter for one purpose (`authLimiter` on the sign-in steps, `apiKeyLimiter` on key management)
# says nothing about the router's other routes; one on most of them does.
_AT_LEAST = 2
_PARAMETER = re.compile(r'/(?::[^/]+|\{[^/}]*\}|\$\{[^/}]*\}|\*)')


def left_out(file: File, route: routes.Route, names: Names, local: frozenset[str]) -> str | None:
    """The limiter (as written) that at least two other write routes (POST, PUT, PATCH, DELETE) of
    ``route``'s router in this file, and half of them, take and write route ``route`` does not."""
    if route.kind != routes.ROUTER or route.method not in _WRITES or not route.receiver:
        return None
    counts: dict[str, int] = {}
    total = 0
    for other in routes.of_file(file):
        if other.receiver != route.receiver or other.method not in _WRITES:
            continue
        total += 1
        if other.node == route.node:
            continue
        for m in other.middleware:
            if limiters.is_limiter(m, names['limiters'], local):
                shown = s.normalized(m, 30)
                counts[shown] = counts.get(shown, 0) + 1
                break
    common = [(n, shown) for shown, n in counts.items() if n >= _AT_LEAST and 2 * n >= total]
    if not common:
        return None
    n, shown = max(common)
    return f'takes no limiter, unlike {n} other write routes of `{route.receiver}` here (`{shown}`)'


def resource_left_out(file: File, route: routes.Route, names: Names, local: frozenset[str]) -> str | None:
    """The route (as labelled) of ``route``'s resource that takes a limiter in this file while
    write route ``route`` takes none: the same receiver and the same path, parameters left out."""
    if route.kind != routes.ROUTER or route.method not in _WRITES or not route.receiver:
        return None
    resource = _resource(route.path)
    if not resource:
        return None
    for other in routes.of_file(file):
        if other.node == route.node or other.receiver != route.receiver or _resource(other.path) != resource:
            continue
        if any(limiters.is_limiter(m, names['limiters'], local) for m in other.middleware):
            return f'takes no limiter, unlike `{other.label}` of the same resource here'
    return None


def _resource(path: str) -> str:
    """``/invoice`` of ``/invoice/:id``: the path without its parameters and trailing slash."""
    return _PARAMETER.sub('', path).rstrip('/')
