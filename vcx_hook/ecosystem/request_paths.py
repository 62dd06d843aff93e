"""The request's own path, as the server read it: Express's ``req.path``, ``req.url`` and
``req.originalUrl``, Koa's ``ctx.path`` and ``ctx.url``.  In a middleware that every request passes
through (``app.use(fn)``, mounted at ``/`` or on ``*``), the path is whatever the client asked for,
``//evil.example/`` included: a redirect that starts with it (a trailing slash stripped, a case
folded) sends the browser to another host, since ``//host`` is a protocol-relative URL.  A route
with a path of its own (``app.get('/settings', ...)``) only sees paths that start with it."""
from __future__ import annotations

from vcx_hook.lang import scope as s
from vcx_hook.lang.flow import Origin
from vcx_hook.lang.syntax import Node

# The fields of a request (Express) or context (Koa) that hold the path the client asked for.
PATH_FIELDS = frozenset(('path', 'url', 'originalUrl'))
PATH_WORDS = frozenset(f.encode() for f in PATH_FIELDS)
# A mount path that every request matches.
_EVERY_PATH = frozenset(('/', '*', '/*', '(.*)', '/(.*)'))


def own_path(o: Origin, requests: frozenset[str], contexts: frozenset[str]) -> bool:
    """``o`` is the whole path of the request of a middleware every request passes through
    (``request.path`` of ``app.use((request, response, next) => ...)``)."""
    b = o.binding
    if b is None or b.kind != 'parameter' or b.path or b.name not in requests | contexts:
        return False
    full = o.path[1:] if b.name in contexts and o.path[:1] == ('request',) else o.path
    return len(full) == 1 and full[0] in PATH_FIELDS and sees_every_path(b.owner)


def sees_every_path(fn: Node) -> bool:
    """``fn`` is a middleware given to ``.use(...)`` with no mount path, or mounted on ``/`` or ``*``
    (``app.use(fn)``, ``app.use('/', fn)``, ``router.all('*', fn)``)."""
    call = s.calling(fn)
    if call is None or s.receiver(call) is None or s.callee_name(call) not in ('use', 'all'):
        return False
    before = [a for a in s.arguments(call) if a.start_byte < fn.start_byte]
    paths = [s.string_value(a) for a in before if a.type in ('string', 'template_string')]
    if len(paths) != sum(1 for a in before if a.type in ('string', 'template_string', 'regex')):
        return False  # a regular expression's mount path: what it matches is not read here
    if s.callee_name(call) == 'all' and not paths:
        return False
    return all(p in _EVERY_PATH for p in paths)
