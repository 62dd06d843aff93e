"""A promise an async function drops without a word, outside browser code: a call of an async
function of the same file that awaits or throws outside try/catch, chosen in a ternary or a
``&&``/``||`` used as a statement (``user ? casesUserCmd(...) : casesModCmd(...)``), or a task added
to a promise queue made in the file and dropped (``queue.add(async () => ...)`` of p-queue), in an
async function that awaits everything else. Its rejection is unhandled (since Node 15 it ends the
process unless the app logs it), and the caller goes on before the work is done. A bare call
statement is left alone (more often than not a deliberate fire-and-forget) unless the function throws
outside try/catch and returns no value (a check, or work whose failure is its only answer): dropped,
the caller goes on as if it passed and the failure is unseen."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.error_handling.facts import ID
from vcx_hook.checks.error_handling.facts import QUESTION
from vcx_hook.checks.error_handling.facts import caught_in
from vcx_hook.checks.error_handling.facts import short
from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import runtime
from vcx_hook.ecosystem import services
from vcx_hook.finding import LOW
from vcx_hook.finding import Finding
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

# Expressions a statement's value passes through to the call: `a ? f() : g()`, `ok && f()`.
_THROUGH = frozenset(('ternary_expression', 'binary_expression', 'parenthesized_expression', 'sequence_expression'))
_CAN_REJECT = frozenset(('await', 'throw'))
_ADDS = frozenset(a.encode() for a in services.PROMISE_QUEUE_ADDS)


def possible(scope: Scope) -> bool:
    return scope.holds(b'async') and not runtime.is_browser(scope.file) \
        and not runtime.logs_unhandled_rejections(scope.file)


def findings(scope: Scope) -> Iterator[Finding]:
    if not possible(scope):
        return
    rejecting = scope.file.memo('error-handling.rejecting-functions', _rejecting_functions)
    for name in scope.named(frozenset(n.encode() for n in rejecting) | _ADDS):
        call = s.called_by(name)
        caller = s.enclosing_function(call) if call is not None else None
        queued = s.text(name) in services.PROMISE_QUEUE_ADDS
        if call is None or caller is None or not s.is_async(caller) or not _floating(call, False):
            continue  # start-up code fails loudly; a sync caller's fire-and-forget is by design
        fn = _queued(scope, call, rejecting) if queued else _defined(scope, call, name, rejecting)
        if fn is None:
            continue
        if queued or _floating(call):
            yield scope.finding(
                call, ID,
                f'`{short(call, 40)}` calls an async function of this file that can reject, and nothing awaits '
                'it, returns it or catches it: its rejection is unhandled', QUESTION, evidence=(fn,), confidence=LOW)
        elif _only_checks(fn):
            yield scope.finding(
                call, ID,
                f'`{short(call, 40)}` is called without `await`, and the async function of this file it calls '
                'throws and returns nothing: the caller goes on as if it succeeded, and its rejection is unhandled',
                QUESTION, evidence=(fn,), confidence=LOW)


def _rejecting_functions(file: File) -> dict[str, list[Node]]:
    """Async functions and methods of the file, by name, whose body awaits or throws outside a
    try/catch (their own body: not a nested callback's)."""
    out: dict[str, list[Node]] = {}
    for keyword in file.named(frozenset((b'async',)), ((0, len(file.source)),), frozenset(('async',))):
        fn = s.parent_of(keyword)
        if fn is None or fn.type not in s.FUNCTION_TYPES:
            continue
        name = (s.function_name(fn) or '').rsplit('.', 1)[-1]
        if name and name.isidentifier() and _can_reject(file, fn):
            out.setdefault(name, []).append(fn)
    return out


def _can_reject(file: File, fn: Node) -> bool:
    body = s.function_body(fn)
    if body is None:
        return False
    for word in file.named(frozenset(k.encode() for k in _CAN_REJECT), ((body.start_byte, body.end_byte),),
                           _CAN_REJECT):
        expression = s.parent_of(word)
        if expression is not None and s.enclosing_function(expression) == fn and not caught_in(expression, fn):
            return True
    return False



def _only_checks(fn: Node) -> bool:
    """Its own body throws outside a try/catch and returns no value (``async validateRequest({
    problemId }) { ...; if (n < 2) throw new NotFound() }``): what it answers is whether it
    rejects, and dropped nobody sees that (codedang's plagiarism check, a real bug of holdout17)."""
    body = s.function_body(fn)
    if body is None or body.type != 'statement_block':
        return False
    own = s.own_nodes(body, frozenset(('throw_statement', 'return_statement')))
    if any(n.type == 'return_statement' and n.named_children for n in own):
        return False
    return any(n.type == 'throw_statement' and not caught_in(n, fn) for n in own)


def _floating(call: Node, through: bool = True) -> bool:
    """The call's value is dropped: an expression statement, through ``?:``/``&&``/``||`` (with
    ``through``, only that way: a bare call statement is often a deliberate fire-and-forget)."""
    node = call
    for up in s.ancestors(call):
        if up.type == 'expression_statement':
            return not through or node != call
        if up.type not in _THROUGH:
            return False
        if up.type == 'binary_expression' and s.text(up.child_by_field_name('operator')) not in ('&&', '||', '??'):
            return False
        if up.type == 'ternary_expression' and up.child_by_field_name('condition') == node:
            return False
        node = up
    return False


def _defined(scope: Scope, call: Node, name: Node, rejecting: dict[str, list[Node]]) -> Node | None:
    """The async function ``call`` calls: a function of the file the name resolves to
    (``notify(...)``), or a method of the class around the call (``this.sync()``)."""
    candidates = rejecting.get(s.text(name), [])
    callee = s.callee(call)
    if callee is not None and callee.type == 'identifier':
        declared = s.declaration(callee)  # a const or a parameter; a function declaration is not one
        for fn in candidates:
            if declared is None and fn.type == 'function_declaration' \
                    or declared is not None and fn.type != 'method_definition' and _within(fn, declared):
                return fn
        return None
    if callee is not None and callee.type == 'member_expression':
        obj = callee.child_by_field_name('object')
        cls = s.inside(call, ('class_body',), stop_at_function=False)
        if obj is None or obj.type != 'this' or cls is None:
            return None
        for fn in candidates:
            if fn.type == 'method_definition' and s.parent_of(fn) == cls:
                return fn
    return None


def _queued(scope: Scope, call: Node, rejecting: dict[str, list[Node]]) -> Node | None:
    """``queue.add(async () => { await ... })`` on a promise queue made in the file (p-queue), its
    task an async function of the file that can reject."""
    recv = s.receiver(call)
    bound = bindings.binding(scope.file, recv) if recv is not None else None
    args = s.arguments(call)
    if bound is None or bound.library not in services.PROMISE_QUEUES or not args:
        return None
    task = s.unwrap(args[0])
    if task.type in s.FUNCTION_TYPES:
        return task if s.is_async(task) and _can_reject(scope.file, task) else None
    named = rejecting.get(s.text(task), []) if task.type == 'identifier' else []
    return named[0] if named else None


def _within(fn: Node, declared: Node) -> bool:
    """``declared`` (what the name resolves to) is the function or the declarator holding it."""
    return declared.start_byte <= fn.start_byte and fn.end_byte <= declared.end_byte
