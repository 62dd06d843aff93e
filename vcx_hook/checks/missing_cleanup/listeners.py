"""Whether a listener is removed in missing-cleanup's region, and a removal that cannot work:
``removeEventListener('x', this.f.bind(this))`` or an inline function passes a new function."""
from __future__ import annotations

from vcx_hook.ecosystem import resources
from vcx_hook.lang import scope as s
from vcx_hook.lang.syntax import Node


def removed(call: Node, undos: list[Node]) -> bool:
    args = s.arguments(call)
    target = s.text(s.receiver(call))
    for undo in undos:
        name = s.callee_name(undo)
        if name in resources.CLOSE and name not in ('clearInterval', 'unsubscribe') and s.text(s.receiver(undo)) == target:
            if name != 'removeAllListeners' or not s.arguments(undo):
                return True
        if name not in resources.LISTENER_UNDO:
            continue
        uargs = s.arguments(undo)
        if uargs and not _same_event(args[0], uargs[0]):
            continue
        if len(uargs) < 2:
            return True
        if _futile(args[1], uargs[1]) is None:
            return True  # another name for the same function, most likely
    return False


def closed(call: Node, closes: list[Node]) -> bool:
    """The listener's target is closed by a client's own name for it (``this.pg.end()`` of pg,
    ``quit()`` of a Redis client, ``shutdown()``; ``resources.CLIENT_CLOSE``), as by ``close()`` or
    ``disconnect()`` (``removed``): a closed client emits no more, and its listeners go with it
    (credebl's NestJS provider listening on its pg client that ``onModuleDestroy`` ends, round 27,
    judged not worth asking: cleanup:app-lifetime-singleton)."""
    target = s.receiver(call)
    return target is not None and any(
        (r := s.receiver(c)) is not None and s.text(s.unwrap(r)) == s.text(s.unwrap(target)) for c in closes)


def futile_removal(call: Node, undos: list[Node]) -> tuple[Node, str] | None:
    """A removal of the same event that cannot match: ``fn.bind(this)`` or an inline function
    makes a new function each time."""
    args = s.arguments(call)
    for undo in undos:
        uargs = s.arguments(undo)
        if s.callee_name(undo) in resources.LISTENER_UNDO and len(uargs) >= 2 and _same_event(args[0], uargs[0]):
            why = _futile(args[1], uargs[1])
            if why is not None:
                return undo, why
    return None


def _same_event(a: Node, b: Node) -> bool:
    va, vb = s.string_value(a), s.string_value(b)
    if va is not None or vb is not None:
        return va == vb or (None in (va, vb) and a.type != b.type)
    return s.text(a) == s.text(b)


def _futile(added: Node, removed: Node) -> str | None:
    if '.bind(' in s.text(added) and '.bind(' in s.text(removed):
        return '`.bind(this)` makes one each call'
    if s.unwrap(added).type in s.FUNCTION_TYPES or s.unwrap(removed).type in s.FUNCTION_TYPES:
        return 'the listener was added inline'
    return None
