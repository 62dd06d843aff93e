"""Routes only machines call: their handler, or middleware every later route of their router runs,
checks a provider's signature or compares a shared secret from the environment. The caller is a
scheduler, a webhook sender or another service of the deployment, and it is that service's limit
that counts (openstad's image server, whose `app.use()` compares an `image-token` header with
`IMAGE_VERIFICATION_TOKEN` before its upload routes: only the API server's proxy, which has a
limiter, sends it; round 23, judged not worth asking)."""
from __future__ import annotations

from vcx_hook.ecosystem import callers
from vcx_hook.ecosystem import routes
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node

# A shared secret compared: `auth !== `Bearer ${process.env.CRON_SECRET}``.
_SECRET = lazyre.compile(rb'\b[A-Z0-9_]*(?:SECRET|TOKEN|API_KEY)[A-Z0-9_]*\b')
_MACHINE_CALL = lazyre.compile(r'(?i)signature|timingSafeEqual|safeCompare|constructEvent|verifyWebhook')


def machine_call(call: Node) -> bool:
    """A signature check (``constructEvent``, ``receiver.verify({ signature })``, ``timingSafeEqual``):
    a provider or a service holding the secret calls."""
    name = s.callee_name(call)
    if name == 'verify':
        args = s.arguments(call)
        return bool(args) and any('signature' in k.lower() for k in s.object_keys(args[0]))
    return bool(_MACHINE_CALL.search(name))


def compares_secret(file: File, fn: Node) -> bool:
    """A shared secret compared in ``fn``: the caller is a scheduler or another service."""
    for m in _SECRET.finditer(file.source, fn.start_byte, fn.end_byte):
        node = s.descendant(file.tree.root, m.start(), m.end())
        parent = s.parent_of(node) if node is not None else None
        while parent is not None and parent.type in (
                'member_expression', 'template_substitution', 'template_string', 'parenthesized_expression'):
            parent = s.parent_of(parent)
        if parent is not None and parent.type == 'binary_expression' and s.text(
                parent.child_by_field_name('operator')) in ('===', '!==', '==', '!='):
            return True
    return False


def gated_by_use(file: File, route: routes.Route) -> bool:
    """An inline middleware handed to an earlier path-less ``use()`` of the route's router checks a
    signature or compares a shared secret (``app.use((req, res, next) => { ... timingSafeEqual(...)
    ... })``): every later route of the router answers only callers holding it."""
    return any(a.type in s.FUNCTION_TYPES and (any(machine_call(c) for c in s.calls_in(a)) or compares_secret(file, a))
               for a in callers.used_before(file, route))
