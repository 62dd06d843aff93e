"""An async callback handed to a subscription (``apiClient.subscribe(event, async (payload) => {
await getNodeInfo(true) })``, ``giteaDB.subscribeToRepoDeletions(async (row) => ...)``) that awaits
outside try/catch, in server code, at low confidence: the subscription calls it once per message and
drops the promise it returns, so a rejection is unhandled and, since Node 15, ends the process, as an
EventEmitter listener's does (``listeners``, whose exceptions it shares: network calls are asked on
their own, error tuples and self-catching callees are not asked). Asked once, at the callback. A new
shape: lisk-service's connector events and kitspace's deletion sync, real bugs of holdout22 and
holdout20."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.error_handling.facts import ID
from vcx_hook.checks.error_handling.facts import QUESTION
from vcx_hook.checks.error_handling.facts import Facts
from vcx_hook.checks.error_handling.facts import Names
from vcx_hook.checks.error_handling.facts import short
from vcx_hook.checks.error_handling.listeners import unguarded_callbacks
from vcx_hook.ecosystem import runtime
from vcx_hook.finding import LOW
from vcx_hook.finding import Finding
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

# `subscribe(...)`, `subscribeToRepoDeletions(...)`: a callback run per message.
_SUBSCRIBE = lazyre.compile(r'^subscribe(?:To[A-Z]\w*)?$')


def possible(scope: Scope) -> bool:
    return scope.holds(b'subscribe') and scope.holds(b'async') and scope.holds(b'await') \
        and not runtime.is_browser(scope.file)


def findings(scope: Scope, names: Names, facts: Facts) -> Iterator[Finding]:
    if not possible(scope):
        return
    for fn, subscription, aw in unguarded_callbacks(scope, _subscription, names, facts):
        yield scope.finding(
            fn, ID,
            f'`{short(s.callee(subscription) or subscription, 40)}()` drops the promise of its async callback: '
            f'a rejection of `{short(s.unwrap(aw), 32)}` is unhandled',
            QUESTION, evidence=(subscription, aw), confidence=LOW)


def _subscription(fn: Node) -> Node | None:
    """The ``subscribe...(..., fn)`` call an async function literal is the last argument of."""
    if not s.is_async(fn) or fn.type not in ('arrow_function', 'function_expression', 'function'):
        return None
    args = s.parent_of(fn)
    call = s.parent_of(args) if args is not None and args.type == 'arguments' else None
    if call is None or call.type != 'call_expression' or not _SUBSCRIBE.match(s.callee_name(call)):
        return None
    return call if s.arguments(call)[-1] == fn else None
