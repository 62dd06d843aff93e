"""A removal that passes a listener built by a call: ``window.removeEventListener('resize',
watchFunction(assertIsTrusted(this.onResize)), true)`` after ``addEventListener`` was given the same
expression. Each call of the wrapper makes a new function, so the removal matches nothing
(``removeEventListener`` compares by identity) and the listener added stays, one more per add."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.ecosystem import resources
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_REMOVES = frozenset(n.encode() for n in resources.LISTENER_REMOVE)
_ADDS = frozenset(n.encode() for n in resources.LISTEN)
# Calls that hand back the function they are given, or one kept for it.
_SAME_FUNCTION = frozenset(('bind', 'useCallback', 'useEvent', 'useEffectEvent', 'get', 'getHandler', 'handler'))


def possible(scope: Scope) -> bool:
    return not scope.file.words.isdisjoint(_REMOVES) and not scope.file.words.isdisjoint(_ADDS)


def find(scope: Scope) -> Iterator[tuple[Node, str, tuple[Node, ...]]]:
    """(removal, message, evidence: the adds) for each removal given a wrapper's new function."""
    if not possible(scope):
        return
    adds = None
    for name in scope.named(_REMOVES):
        removal = s.called_by(name)
        args = s.arguments(removal) if removal is not None and s.callee(removal) == s.parent_of(name) else []
        if len(args) < 2 or not _built(args[1]):
            continue
        if adds is None:
            whole = ((0, len(scope.file.source)),)
            adds = [c for c in (s.called_by(n) for n in scope.file.named(_ADDS, whole)) if c is not None]
        same = [a for a in adds if _same_listener(a, removal)]
        if same:
            yield removal, (f'`{s.normalized(args[1], 40)}` makes a new function on every call: this '
                            f'`{s.text(name)}` matches none of the listeners added with it, which stay'), tuple(same)


def _built(listener: Node) -> bool:
    """A call wrapping something (``wrap(this.onResize)``); not one taking nothing, which names an
    event or returns options (``dom.whichTransitionEvent()`` of a helper taking the target first)."""
    listener = s.unwrap(listener)
    return listener.type == 'call_expression' and s.callee_name(listener) not in _SAME_FUNCTION \
        and bool(s.arguments(listener))


def _same_listener(add: Node, removal: Node) -> bool:
    """The add registers the same event, on the same target, with the same expression."""
    added, removed = s.arguments(add), s.arguments(removal)
    if len(added) < 2 or s.callee_name(add) not in resources.LISTEN:
        return False
    return s.text(added[0]) == s.text(removed[0]) and s.normalized(added[1], 200) == s.normalized(removed[1], 200) \
        and s.text(s.receiver(add)) == s.text(s.receiver(removal))
