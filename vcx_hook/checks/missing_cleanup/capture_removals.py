"""A removal without the capture flag its listener was added with: ``window.addEventListener('scroll',
onScroll, true)`` and ``window.removeEventListener('scroll', onScroll)``. The DOM keeps capture and
bubble listeners apart and ``removeEventListener`` removes only the one whose ``capture`` matches,
so this removes nothing and the listener stays, one more per add. So too a wrapper whose add passes
the caller's options through (``target.addEventListener(type, listener, options)``) and whose
removal passes none: a caller's ``{ capture: true }`` listener is never removed."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_REMOVE = b'removeEventListener'
_ADD = b'addEventListener'
# What an add's third argument says about capture.
_BUBBLE, _CAPTURE, _CALLERS, _UNKNOWN = 'bubble', 'capture', 'callers', 'unknown'


def possible(scope: Scope) -> bool:
    return _REMOVE in scope.file.words and _ADD in scope.file.words and scope.holds(_REMOVE)


def find(scope: Scope) -> Iterator[tuple[Node, str, tuple[Node, ...]]]:
    """(removal, message, evidence: the adds) for each removal whose capture matches no add of its
    listener."""
    if not possible(scope):
        return
    adds: list[Node] | None = None
    for name in scope.named(frozenset((_REMOVE,))):
        removal = s.called_by(name)
        if removal is None or s.callee(removal) != s.parent_of(name):
            continue
        args = s.arguments(removal)
        if len(args) < 2 or len(args) > 3:
            continue
        removed = _flag(args[2]) if len(args) == 3 else _BUBBLE
        if removed not in (_BUBBLE, _CAPTURE):
            continue
        if adds is None:
            whole = ((0, len(scope.file.source)),)
            adds = [c for c in (s.called_by(n) for n in scope.file.named(frozenset((_ADD,)), whole)) if c is not None]
        same = [a for a in adds if _same_listener(a, removal)]
        flags = {_added_flag(a) for a in same}
        if not same or removed in flags or _UNKNOWN in flags:
            continue
        what = f'`removeEventListener({s.normalized(args[0], 30)}, {s.normalized(args[1], 40)})`'
        if _CALLERS in flags and removed == _BUBBLE:
            yield removal, (f'{what} passes no options, but the add hands on its '
                            "caller's: a listener added with `capture: true` is not removed by it and stays"), tuple(same)
        elif removed == _BUBBLE and _CAPTURE in flags:
            yield removal, (f'{what} leaves out the capture flag the listener was added '
                            'with: it removes nothing and the capture listener stays'), tuple(same)
        elif removed == _CAPTURE and flags == {_BUBBLE}:
            yield removal, (f'{what} removes a capture listener, but this one was added '
                            'without capture: it removes nothing and the listener stays'), tuple(same)


def _same_listener(add: Node, removal: Node) -> bool:
    """The add registers the same event, on the same target, with the same listener."""
    added, removed = s.arguments(add), s.arguments(removal)
    if len(added) < 2 or s.receiver(add) is None:
        return False
    return s.text(added[0]) == s.text(removed[0]) and s.text(s.receiver(add)) == s.text(s.receiver(removal)) \
        and s.normalized(s.unwrap(added[1]), 200) == s.normalized(s.unwrap(removed[1]), 200)


def _added_flag(add: Node) -> str:
    args = s.arguments(add)
    if len(args) < 3:
        return _BUBBLE
    options = s.unwrap(args[2])
    if options.type == 'identifier':
        fn = s.enclosing_function(add)
        if fn is not None and s.text(options) in s.parameter_names(fn):
            return _CALLERS
    return _flag(options)


def _flag(options: Node) -> str:
    """``true``/``false``, or an object literal's ``capture``; anything else is unknown."""
    options = s.unwrap(options)
    if options.type in ('true', 'false'):
        return _CAPTURE if options.type == 'true' else _BUBBLE
    if options.type != 'object' or s.has_spread(options):
        return _UNKNOWN
    capture = s.object_keys(options).get('capture')
    if capture is None or capture.type == 'false':
        return _BUBBLE
    return _CAPTURE if capture.type == 'true' else _UNKNOWN
