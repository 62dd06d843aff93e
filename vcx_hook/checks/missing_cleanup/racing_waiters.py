"""Waiters that race and clean up only after themselves (low): a promise's executor registers two
or more handlers and keeps what undoes each (``const offSigned = safeMsgSubscribe(SIGNATURE_PREPARED,
...)``, ``const offFlow = txSubscribe(CHANGE_FLOW, ...)``), and each handler settles the promise and
undoes only its own registration. Whichever fires first, the other stays registered: one more per
call, each holding the settled promise's closure (safe-wallet's signature requests, a real bug of
holdout22). A shared ``unsubscribe()`` that undoes both answers it."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.missing_cleanup.executors import promise_executors
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_FUNCTIONS = frozenset(('arrow_function', 'function_expression'))


def possible(scope: Scope) -> bool:
    return scope.holds(b'Promise') and scope.holds(b'resolve')


def find(scope: Scope) -> Iterator[tuple[Node, str, tuple[Node, ...]]]:
    if not possible(scope):
        return
    for new, executor, settles in promise_executors(scope):
        waiters = _waiters(executor)
        if len(waiters) < 2 or not settles:
            continue
        for handle, handler, registration in waiters:
            others = [(h, fn, r) for h, fn, r in waiters if h != handle]
            if not _undoes(handler, handle) or _undone_elsewhere(executor, handle, handler):
                continue
            winner = next(((h, fn, r) for h, fn, r in others if _settles(fn, settles) and not _undoes(fn, handle)), None)
            if winner is None:
                continue
            yield registration, (f'`{handle}()` is called only in its own handler: when the `{s.callee_name(winner[2])}` '
                                 f'handler on line {winner[2].start_point.row + 1} settles the promise first, this '
                                 'registration stays (one more per call)'), (winner[2],)


def _waiters(executor: Node) -> list[tuple[str, Node, Node]]:
    """(handle, handler, registration) of each ``const off = register(..., (e) => ...)`` written
    directly in the executor's body."""
    body = executor.child_by_field_name('body')
    out: list[tuple[str, Node, Node]] = []
    for stmt in body.named_children if body is not None and body.type == 'statement_block' else ():
        if stmt.type != 'lexical_declaration':
            continue
        for decl in stmt.named_children:
            target, value = decl.child_by_field_name('name'), decl.child_by_field_name('value')
            if target is None or value is None or target.type != 'identifier':
                continue
            value = s.unwrap(value)
            args = s.arguments(value) if value.type == 'call_expression' else []
            handler = s.unwrap(args[-1]) if args else None
            if handler is not None and handler.type in _FUNCTIONS:
                out.append((s.text(target), handler, value))
    return out


def _undoes(fn: Node, handle: str) -> bool:
    """``fn`` calls ``handle()`` or ``handle.unsubscribe()``."""
    for call in s.calls_in(fn):
        callee = s.callee(call)
        text = s.text(callee) if callee is not None else ''
        if text == handle or text in (f'{handle}.unsubscribe', f'{handle}.remove', f'{handle}.off'):
            return True
    return False


def _undone_elsewhere(executor: Node, handle: str, own: Node) -> bool:
    """The handle is undone outside its own handler too (a shared ``cleanup()``, a timeout)."""
    for call in s.calls_in(executor):
        callee = s.callee(call)
        text = s.text(callee) if callee is not None else ''
        if text.split('.')[0] == handle and not (own.start_byte <= call.start_byte < own.end_byte):
            return True
    return False


def _settles(fn: Node, settles: frozenset[str]) -> bool:
    return any(s.callee_name(c) in settles and s.receiver(c) is None for c in s.calls_in(fn))
