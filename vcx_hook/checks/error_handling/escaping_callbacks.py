"""An async callback the surrounding try cannot guard, outside browser code: inside ``try { ... }
catch``, a call used as a statement hands on an async function that awaits outside a try of its own
(``getos(async (e, os) => { await axios.post('/on-start', data) })``). The call returns before the
callback's awaits settle, so the catch the author wrote for them never sees their rejection: it is
unhandled (since Node 15 the end of the process, unless the app logs it). Not ``.then`` chains
(then_chains asks them), a task given to a promise queue (floating_calls), an EventEmitter listener
and DOM listeners (listeners; ``process.on('SIGTERM', ...)`` shutdown hooks), a ``setInterval``
callback (timers), a function kept for later (``updateFns.push(async () => ...)``), nor an await
of a chain given a ``.catch()``."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.error_handling.facts import ID
from vcx_hook.checks.error_handling.facts import QUESTION
from vcx_hook.checks.error_handling.facts import caught_in
from vcx_hook.checks.error_handling.facts import short
from vcx_hook.checks.error_handling.rejections import catches
from vcx_hook.ecosystem import handlers
from vcx_hook.ecosystem import runtime
from vcx_hook.ecosystem import services
from vcx_hook.finding import LOW
from vcx_hook.finding import Finding
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_CHAINS = frozenset(('then', 'catch', 'finally'))
_TIMERS = frozenset(('setInterval',))
# Calls that keep the function for later (`updateFns.push(async () => ...)`): whoever calls it awaits it.
_KEEPS = frozenset(('push', 'unshift', 'set', 'add', 'append', 'concat', 'splice', 'register'))


def possible(scope: Scope) -> bool:
    return scope.holds(b'try') and scope.holds(b'async') and scope.holds(b'await') \
        and not runtime.is_browser(scope.file) and not runtime.logs_unhandled_rejections(scope.file)


def findings(scope: Scope) -> Iterator[Finding]:
    if not possible(scope):
        return
    for keyword in scope.file.named(frozenset((b'async',)), scope.ranges, frozenset(('async',))):
        callback = s.parent_of(keyword)
        if callback is None or callback.type not in ('arrow_function', 'function_expression', 'function'):
            continue
        call = _statement_call(callback)
        fn = s.enclosing_function(call) if call is not None else None
        if call is None or fn is None or not caught_in(call, fn):
            continue
        escaping = _unguarded_await(scope, callback)
        if escaping is None:
            continue
        yield scope.finding(
            escaping, ID,
            f'`{short(escaping, 40)}` runs in an async callback of `{short(s.callee(call) or call, 30)}()`: the '
            'try/catch around that call does not catch its rejection, which goes unhandled',
            QUESTION, evidence=(call,), confidence=LOW)


def _statement_call(callback: Node) -> Node | None:
    """The call ``callback`` is an argument of, when that call is a statement of its own (its
    promise, if any, dropped) and not a promise chain's or a promise queue's."""
    args = s.parent_of(callback)
    call = s.parent_of(args) if args is not None and args.type == 'arguments' else None
    statement = s.parent_of(call) if call is not None and call.type == 'call_expression' else None
    if call is None or statement is None or statement.type != 'expression_statement':
        return None
    callee = s.callee(call)
    if callee is None or callee.type == 'await_expression':
        return None  # `await trace<T>(name, async () => ...)`: TypeScript's generic call parsed around the await
    name = s.callee_name(call)
    if name in _CHAINS or name in services.PROMISE_QUEUE_ADDS or name in _TIMERS or name in _KEEPS \
            or name in handlers.EMITTER_REGISTRATIONS or name == 'addEventListener':
        return None  # asked by their own rules (then_chains, floating_calls, timers, listeners), or kept
    return call


def _unguarded_await(scope: Scope, callback: Node) -> Node | None:
    """The callback's first own ``await`` that no try/catch of its own holds."""
    body = s.function_body(callback)
    if body is None:
        return None
    for word in scope.file.named(frozenset((b'await',)), ((body.start_byte, body.end_byte),), frozenset(('await',))):
        expression = s.parent_of(word)
        if expression is None or s.enclosing_function(expression) != callback or caught_in(expression, callback):
            continue
        inner = s.unwrap(expression)
        if inner.type == 'call_expression' and catches(s.chain_top(inner)):
            continue  # `await redis.del(key).catch(() => {})`
        return expression
    return None
