"""A poll that stops at its first failure, outside browser code: an async function that re-arms
its own timer as its last step (``setTimeout(this.poll.bind(this), ms)``, directly or through a
method or function of the same file that does: ``this.schedulePoll()``), after awaits that no
try/catch holds. One rejected ``await`` (a store that is down for a second, a request that times
out) skips the re-arm, so the polling ends for good, silently, and the rejection itself goes to a
timer that ignores it."""
from __future__ import annotations

import re
from collections.abc import Iterator

from vcx_hook.checks.error_handling.facts import ID
from vcx_hook.checks.error_handling.facts import QUESTION
from vcx_hook.checks.error_handling.facts import caught_in
from vcx_hook.checks.error_handling.facts import short
from vcx_hook.ecosystem import runtime
from vcx_hook.finding import LOW
from vcx_hook.finding import Finding
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_TIMERS = frozenset((b'setTimeout',))
_DEFINITIONS = frozenset(('method_definition', 'function_declaration'))


def possible(scope: Scope) -> bool:
    return b'setTimeout' in scope.file.word_text and scope.holds(b'await') and not runtime.is_browser(scope.file)


def findings(scope: Scope) -> Iterator[Finding]:
    if not possible(scope):
        return
    done: set[int] = set()
    for aw in scope.captures('error-handling.await'):
        fn = s.enclosing_function(aw)
        if fn is None or fn.start_byte in done or not s.is_async(fn):
            continue
        done.add(fn.start_byte)
        rearm = _rearm(scope, fn)
        first = _first_unguarded(scope, fn, rearm) if rearm is not None else None
        if rearm is not None and first is not None:
            yield scope.finding(
                first, ID,
                f'`{short(first, 40)}` is outside try/catch, before `{short(rearm, 40)}` re-arms the timer: '
                'one failure here ends the polling for good', QUESTION, evidence=(rearm,), confidence=LOW)


def _rearm(scope: Scope, fn: Node) -> Node | None:
    """The statement of ``fn``'s body that sets a timer calling ``fn`` again (itself, or through a
    method or function of the file whose own body does)."""
    name = (s.function_name(fn) or '').rsplit('.', 1)[-1]
    body = s.function_body(fn)
    if not name or body is None or body.type != 'statement_block':
        return None
    mention = re.compile(rb'(?<![\w$])' + re.escape(name.encode()) + rb'(?![\w$])')
    for statement in body.named_children:
        call = s.unwrap(statement.named_children[0]) if statement.type == 'expression_statement' and \
            statement.named_children else None
        if call is not None and call.type == 'assignment_expression':
            call = call.child_by_field_name('right')
        if call is None or call.type != 'call_expression':
            continue
        if _timer_of(scope, call, mention):
            return call
        helper = _helper(scope, fn, call)
        if helper is not None and any(_timer_of(scope, c, mention) for c in _calls_in(scope, helper)):
            return call
    return None


def _timer_of(scope: Scope, call: Node, mention: re.Pattern[bytes]) -> bool:
    """``setTimeout(<something naming fn>, ms)``."""
    if s.callee_name(call) != 'setTimeout':
        return False
    args = s.arguments(call)
    return bool(args) and mention.search(scope.file.source, args[0].start_byte, args[0].end_byte) is not None


def _helper(scope: Scope, fn: Node, call: Node) -> Node | None:
    """The method (``this.schedule()``) or top-level function (``schedule()``) ``call`` calls."""
    callee = s.callee(call)
    if callee is None:
        return None
    if callee.type == 'member_expression':
        obj = callee.child_by_field_name('object')
        if obj is None or obj.type != 'this':
            return None
        owner = s.inside(fn, ('class_body',), stop_at_function=False)
    elif callee.type == 'identifier':
        owner = scope.root
    else:
        return None
    name = s.callee_name(call)
    for node in scope.file.named(frozenset((name.encode(),)), ((owner.start_byte, owner.end_byte),)) \
            if owner is not None else ():
        definition = s.parent_of(node)
        if definition is not None and definition.type in _DEFINITIONS and definition.child_by_field_name('name') == node \
                and definition != fn:
            return definition
    return None


def _calls_in(scope: Scope, fn: Node) -> list[Node]:
    found = scope.file.named(_TIMERS, ((fn.start_byte, fn.end_byte),))
    return [c for c in (s.called_by(n) for n in found) if c is not None]


def _first_unguarded(scope: Scope, fn: Node, rearm: Node) -> Node | None:
    """The first ``await`` of ``fn`` itself before ``rearm`` that no ``try`` with a ``catch`` holds."""
    for aw in scope.file.named(frozenset((b'await',)), ((fn.start_byte, rearm.start_byte),), frozenset(('await',))):
        expression = s.parent_of(aw)
        if expression is None or expression.type != 'await_expression' or s.enclosing_function(expression) != fn:
            continue
        if not caught_in(expression, fn):
            return expression
    return None

