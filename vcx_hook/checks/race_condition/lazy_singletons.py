"""race-condition's lazy singletons: an async function that tests a module-level ``let`` for being
unset and, after an ``await`` inside that ``if``, sets it to an object it constructs (``if (!agent) {
const { Agent } = await import('undici'); agent = new Agent(...) }``). Two calls that overlap the first
time both find it unset, both construct one and the last write wins: the other object (an HTTP agent
and its sockets, a pool, a client) is left open while its callers hold a second instance (wellcome's
undici agent, a real bug of holdout23, fixed by keeping the pending promise: ``agentPromise ??=
load()``). Not a variable named as a cache (the family's ``cache_names``: ``client``, ``instance``,
``promise``...), a value the await itself gives (``tokenizer = await load(model)``: a value cached once,
``factory_state``'s fixture; ``stripe = await new Stripe(key)``, civitai's, the one other question over
sixteen judged applications before this narrowing), nor one set before the first ``await``. Low
confidence: not yet judged on held-out code."""
from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Mapping

from vcx_hook.checks.race_condition.candidates import awaits
from vcx_hook.checks.race_condition.nodes import same
from vcx_hook.checks.race_condition.shared_state import module_state
from vcx_hook.finding import LOW
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

CONFIDENCE = LOW


def find(scope: Scope, names: Mapping[str, frozenset[str]]) -> Iterator[tuple[Node, str, tuple[Node, ...]]]:
    """(write, message, (test, await)) for each module variable set after an ``await`` inside the
    ``if`` that found it unset."""
    every_await = awaits(scope)
    seen: set[int] = set()
    for awaited in every_await:
        fn = s.enclosing_function(awaited)
        if fn is None or not s.is_async(fn):
            continue
        for stmt in s.ancestors(awaited):
            if same(stmt, fn):
                break
            if stmt.type != 'if_statement' or stmt.start_byte in seen:
                continue
            body = stmt.child_by_field_name('consequence')
            if body is None or not body.start_byte <= awaited.start_byte < body.end_byte:
                continue
            for name in _unset_tested(stmt.child_by_field_name('condition')):
                write = _set_after(body, name, awaited, fn)
                if write is not None and module_state(name, name, names):
                    seen.add(stmt.start_byte)
                    label = s.text(name)
                    yield write, (
                        f'`{label}` is tested unset on line {stmt.start_point.row + 1} and set here after '
                        f'`{s.normalized(awaited, 30)}`: two calls that overlap both make one, and the first is '
                        'lost (keep the pending promise instead)'), (stmt, awaited)
                    break


def _unset_tested(condition: Node | None) -> list[Node]:
    """The names a condition requires unset: ``!agent``, ``agent == null``, ``!x && y``."""
    if condition is None:
        return []
    node = s.unwrap(condition)
    if node.type == 'binary_expression':
        op = s.text(node.child_by_field_name('operator'))
        left, right = node.child_by_field_name('left'), node.child_by_field_name('right')
        if op == '&&':
            return _unset_tested(left) + _unset_tested(right)
        if op in ('==', '===') and left is not None and right is not None and s.unwrap(left).type == 'identifier' \
                and s.text(right) in ('null', 'undefined'):
            return [s.unwrap(left)]
        return []
    if node.type == 'unary_expression' and s.text(node.child_by_field_name('operator')) == '!':
        arg = node.child_by_field_name('argument')
        return [s.unwrap(arg)] if arg is not None and s.unwrap(arg).type == 'identifier' else []
    return []


def _set_after(body: Node, name: Node, awaited: Node, fn: Node) -> Node | None:
    """``name = new X(...)`` in ``body`` after ``awaited``, in the same function."""
    for write in s.identifiers(body, frozenset(('assignment_expression',)), into_functions=False):
        left = write.child_by_field_name('left')
        value = write.child_by_field_name('right')
        if left is not None and left.type == 'identifier' and s.text(left) == s.text(name) and value is not None \
                and s.unwrap(value).type == 'new_expression' and awaited.end_byte <= write.start_byte \
                and same(s.enclosing_function(write), fn):
            return write
    return None
