"""The promises a scope makes with ``new Promise((resolve, reject) => ...)``, read by the rules about
what an executor registers (``racing_waiters``, ``settling_listeners``)."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_EXECUTORS = frozenset(('arrow_function', 'function_expression'))


def promise_executors(scope: Scope) -> Iterator[tuple[Node, Node, frozenset[str]]]:
    """(the ``new Promise`` expression, its executor function, the names the executor settles with)
    for each promise the scope constructs with an executor written in place."""
    for name in scope.named(frozenset((b'Promise',))):
        new = s.parent_of(name)
        if new is None or new.type != 'new_expression' or new.child_by_field_name('constructor') != name:
            continue
        executor = next((s.unwrap(a) for a in s.arguments(new)), None)
        if executor is not None and executor.type in _EXECUTORS:
            yield new, executor, frozenset(n for n in s.parameter_names(executor) if n)
