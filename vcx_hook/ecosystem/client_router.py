"""Next.js's client router: ``useRouter()`` imported from ``next/router`` (or ``next/navigation``).
Its ``query`` is the page URL's query string, which whoever wrote the link chose (a source, like
``location.search``); its ``push(url)`` and ``replace(url)`` navigate (a sink, like
``location.assign``)."""
from __future__ import annotations

from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import packages
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node

HOOK = 'useRouter'
NAVIGATIONS = frozenset(('push', 'replace'))


def is_hook(file: File, call: Node) -> bool:
    """``useRouter()``, its name imported from Next.js."""
    fn = s.callee(call)
    if fn is None or fn.type != 'identifier' or s.text(fn) != HOOK:
        return False
    bound = bindings.imports(file).get(HOOK)
    return bound is not None and bound.library == packages.NEXT


def query_of(file: File, call: Node, path: tuple[str, ...]) -> bool:
    """``path`` of ``call`` reads ``useRouter().query`` (``router.query.next``)."""
    return path[:1] == ('query',) and is_hook(file, call)


def is_router(file: File, receiver: Node | None) -> bool:
    """``router`` of ``router.push(url)``, declared ``const router = useRouter()``."""
    receiver = s.unwrap(receiver) if receiver is not None else None
    if receiver is None or receiver.type != 'identifier':
        return False
    value = s.initializer(receiver)
    return value is not None and s.unwrap(value).type == 'call_expression' and is_hook(file, s.unwrap(value))
