"""(low) A removal that cannot match a listener added with ``.bind()``, asked on the removal:
``document.removeEventListener('keydown', this.onKey.bind(this))`` (bind makes a new function on
every call) or ``bus.off('drag-start', this.onDragStart)`` where every add of that event on that
target passed ``this.onDragStart.bind(this)``. ``removeEventListener``/``off``/``removeListener``
compare by identity, so the removal removes nothing and each add leaves one more listener. Not
when an add sits in a mount or start method, where the add is asked (``futile_removal``); this asks
the function the fix edits
(kobotoolbox/kpi's dropdown and nextcloud/mail's droppable mailbox, holdout25: both removal
methods, the adds in a sibling method)."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.ecosystem import resources
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_REMOVES = frozenset(n.encode() for n in resources.LISTENER_REMOVE)
_ADDS = frozenset(n.encode() for n in resources.LISTEN)


def possible(scope: Scope) -> bool:
    words = scope.file.words
    return b'bind' in words and not words.isdisjoint(_REMOVES) and not words.isdisjoint(_ADDS)


def find(scope: Scope) -> Iterator[tuple[Node, str, tuple[Node, ...]]]:
    """(removal, message, evidence: the adds) for each removal no add's listener can be."""
    if not possible(scope):
        return
    adds: list[Node] | None = None
    for name in scope.named(_REMOVES):
        removal = s.called_by(name)
        args = s.arguments(removal) if removal is not None and s.callee(removal) == s.parent_of(name) else []
        if removal is None or len(args) < 2:
            continue
        if adds is None:
            whole = ((0, len(scope.file.source)),)
            adds = [c for c in (s.called_by(n) for n in scope.file.named(_ADDS, whole)) if c is not None]
        paired = [a for a in adds if _same_event_and_target(a, removal)]
        if any(_asked_on_the_add(a) for a in paired):
            continue
        listener = s.unwrap(args[1])
        if _bound(listener) is not None:
            same = [a for a in paired if s.normalized(s.arguments(a)[1], 200) == s.normalized(args[1], 200)]
            if same:
                yield removal, (f'`{s.normalized(args[1], 40)}` makes a new function on every call: this '
                                f'`{s.text(name)}` matches none of the listeners added with it, which stay'), tuple(same)
            continue
        if listener.type not in ('member_expression', 'identifier') or not paired:
            continue
        bound = [a for a in paired if (f := _bound(s.unwrap(s.arguments(a)[1]))) is not None and s.text(f) == s.text(listener)]
        if bound and len(bound) == len(paired):
            yield removal, (f'`{s.text(name)}` is given `{s.normalized(listener, 40)}`, but the listener added was '
                            f'`{s.normalized(s.arguments(bound[0])[1], 40)}`, another function: it is never removed'), tuple(bound)


def _bound(listener: Node) -> Node | None:
    """The function ``f.bind(...)`` binds, or None."""
    if listener.type != 'call_expression' or s.callee_name(listener) != 'bind':
        return None
    return s.receiver(listener)


def _asked_on_the_add(add: Node) -> bool:
    """The add sits in a mount or start method (``componentDidMount``, ``connectedCallback``,
    ``constructor``...), where the futile removal is asked on the add, an edit of the teardown too."""
    fn = s.enclosing_function(add)
    name = fn.child_by_field_name('name') if fn is not None and fn.type == 'method_definition' else None
    return name is not None and s.text(name) in resources.MOUNT_METHODS | resources.START_METHODS


def _same_event_and_target(add: Node, removal: Node) -> bool:
    added, removed = s.arguments(add), s.arguments(removal)
    return len(added) >= 2 and s.callee_name(add) in resources.LISTEN and s.text(added[0]) == s.text(removed[0]) \
        and s.text(s.receiver(add)) == s.text(s.receiver(removal))
