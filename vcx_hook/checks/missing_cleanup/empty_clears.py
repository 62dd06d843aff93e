"""A clear given nothing to clear (low): ``clearTimeout()`` or ``clearInterval()`` called with no
argument, typically in a teardown (``componentWillUnmount() { clearTimeout() }``) beside a timer
whose id was never kept (``setTimeout(() => this.setState(...), 5000)``). It cancels nothing: the
timer still fires after the teardown, on an unmounted component or a closed object. Keep the id
(``this.timer = setTimeout(...)``) and pass it."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_CLEARS = frozenset((b'clearTimeout', b'clearInterval'))


def possible(scope: Scope) -> bool:
    return not scope.file.words.isdisjoint(_CLEARS)


def find(scope: Scope) -> Iterator[tuple[Node, str, tuple[Node, ...]]]:
    if not possible(scope):
        return
    for name in scope.named(_CLEARS):
        call = s.called_by(name)
        if call is None or s.arguments(call):
            continue
        fn = s.callee(call)
        if fn is not None and fn.type == 'member_expression' and s.text(fn.child_by_field_name('object')) not in (
                'window', 'globalThis', 'self', 'global'):
            continue  # a method of the project's own (`this.clearTimeout()`) may know its timer
        yield call, (f'`{s.text(name)}()` is given no timer id, so it clears nothing: the timer it was meant to '
                     'stop still fires; keep the id its `set` call returns and pass it'), ()
