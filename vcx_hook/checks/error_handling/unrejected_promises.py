"""A promise whose executor cannot fail, around work that can (low), outside browser code:
``new Promise((resolve) => { axios(url).then((res) => resolve(res)) })`` or ``new Promise((resolve)
=> { server.listen(port, () => resolve(server)) })``. The executor takes no ``reject`` and resolves
only in a ``.then`` callback of a chain with no ``.catch`` (jesec/flood's torrent download), or in
the callback of ``listen`` on a server given no ``'error'`` listener there (lighthouse-ci's
``createServer``: a port in use emits ``'error'``, not the callback). When the work fails the promise
never settles: whatever awaits it waits forever, and the chain's rejection is unhandled besides."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.error_handling.facts import ID
from vcx_hook.checks.error_handling.facts import QUESTION
from vcx_hook.checks.error_handling.facts import short
from vcx_hook.ecosystem import runtime
from vcx_hook.finding import LOW
from vcx_hook.finding import Finding
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

WORDS = frozenset((b'Promise',))
_FUNCTIONS = frozenset(('arrow_function', 'function_expression'))
_HANDLED = frozenset(('catch', 'finally'))
_ERROR_LISTENERS = frozenset(('on', 'once', 'addListener', 'prependListener', 'prependOnceListener'))


def possible(scope: Scope) -> bool:
    return b'new Promise' in scope.text and not runtime.is_browser(scope.file)


def findings(scope: Scope) -> Iterator[Finding]:
    if not possible(scope):
        return
    for new in s.constructions(scope, WORDS):
        found = _failing_work(scope, new)
        if found is not None:
            work, why = found
            yield scope.finding(
                new, ID,
                f'`new Promise` resolves only when `{short(work, 32)}` succeeds and never rejects: {why}, '
                'the promise never settles and whatever awaits it waits forever',
                QUESTION, evidence=(work,), confidence=LOW,
            )


def _failing_work(scope: Scope, new: Node) -> tuple[Node, str] | None:
    """The work whose success alone resolves the promise ``new`` makes, and how its failure is lost."""
    args = s.arguments(new)
    executor = s.unwrap(args[0]) if len(args) == 1 else None
    if executor is None or executor.type not in _FUNCTIONS:
        return None
    params = s.parameter_names(executor)
    if len(params) != 1 or not params[0]:
        return None  # a `reject` is declared: the author has a failure path
    uses = _uses(executor, params[0])
    if not uses:
        return None
    works = {id(w): w for w in (_work_of(u, executor) for u in uses)}
    if len(works) != 1 or None in works.values():
        return None
    work = next(iter(works.values()))
    assert work is not None
    if s.callee_name(work) == 'then':
        return s.chain_top(work), 'if it fails, the `.then` chain has no `.catch`'
    return work, 'if it fails (`EADDRINUSE`), the server emits `\'error\'`, which nothing here listens to'


def _uses(executor: Node, name: str) -> list[Node]:
    body = executor.child_by_field_name('body')
    return [n for n in s.identifiers(body) if s.text(n) == name] if body is not None else []


def _work_of(use: Node, executor: Node) -> Node | None:
    """The call whose success callback holds ``use``: a ``.then`` of a chain nothing catches, or a
    ``listen`` whose server has no ``'error'`` listener in the executor; None for anything else (a
    direct ``resolve``, an event of another kind, an error-first callback)."""
    callback = next((a for a in s.ancestors(use) if a.type in _FUNCTIONS), None)
    while callback is not None and callback != executor:
        call = s.calling(callback)
        if call is not None and s.callee_name(call) == 'then' and len(s.arguments(call)) == 1 \
                and s.enclosing_function(call) == executor and not _caught(call):
            return call
        if call is not None and s.callee_name(call) == 'listen' and s.enclosing_function(call) == executor \
                and not _error_listener(executor, s.receiver(call)):
            return call
        callback = s.enclosing_function(callback)
        if callback is not None and callback.type not in _FUNCTIONS:
            return None
    return None


def _caught(then: Node) -> bool:
    """A ``.catch``/``.finally`` follows the ``.then`` in its chain, or the chain is returned or awaited."""
    node = then
    for up in s.ancestors(then):
        if up.type == 'member_expression' and up.child_by_field_name('object') == node:
            if s.text(up.child_by_field_name('property')) in _HANDLED:
                return True
            node = up
            continue
        if up.type == 'call_expression' and s.callee(up) == node:
            node = up
            continue
        return up.type in ('return_statement', 'await_expression') or up.type in _FUNCTIONS
    return False


def _error_listener(executor: Node, receiver: Node | None) -> bool:
    """``server.on('error', ...)`` (any listener registration for ``'error'``) on the same receiver."""
    if receiver is None:
        return True
    name = s.text(receiver)
    body = executor.child_by_field_name('body')
    for call in s.own_nodes(body, frozenset(('call_expression',))) if body is not None else ():
        args = s.arguments(call)
        if s.callee_name(call) in _ERROR_LISTENERS and args and s.string_value(args[0]) == 'error' \
                and s.text(s.receiver(call)) == name:
            return True
    return False
