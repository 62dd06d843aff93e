"""A deadline that outlives what it guards, outside browser code: a ``setTimeout`` armed in a
``new Promise`` executor to fail the operation (``reject(...)``, ``req.abort()``, an ``ETIMEDOUT``
error) while the executor resolves elsewhere (or the promise races another in ``Promise.race``),
and never cleared: the id is dropped, or kept and never passed to ``clearTimeout``. Every call that
settles in time leaves a live timer, and the request, buffers and callbacks its closure holds,
until the deadline passes; with a long deadline and many calls they pile up."""
from __future__ import annotations

import re
from collections.abc import Iterator
from collections.abc import Mapping

from vcx_hook.ecosystem import runtime
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_WORDS = frozenset((b'setTimeout',))
_BRIEF_MS = 60_000
_FUNCTIONS = frozenset(('arrow_function', 'function_expression'))
# What a deadline does when it fires: fails the promise or the operation.
_FAILS = lazyre.compile(rb'\b(?:abort|destroy|kill|cancel)\s*\(|Error\b|TIMEDOUT|[Tt]imed?\s*out')


def possible(scope: Scope) -> bool:
    return scope.holds(b'setTimeout') and b'Promise' in scope.file.word_text and not runtime.is_browser(scope.file)


def find(scope: Scope, names: Mapping[str, frozenset[str]]) -> Iterator[tuple[Node, str, tuple[Node, ...]]]:
    """(setTimeout call, message, evidence) for each deadline never cleared."""
    if not possible(scope):
        return
    for name in scope.named(_WORDS):
        call = s.called_by(name)
        if call is None or s.callee(call) != name or not s.arguments(call) or _brief(call) or _cleared(scope, call):
            continue
        executor = s.enclosing_function(call)
        new = _promise_of(executor) if executor is not None else None
        if executor is None or new is None:
            continue
        params = s.parameter_names(executor)
        callback = s.unwrap(s.arguments(call)[0])
        if len(params) < 2 or not _fails(scope, callback, params[1]):
            continue
        settles = _raced(new) or bool(params[0]) and _used_outside(scope, executor, params[0], callback)
        if settles:
            yield call, ('this deadline is never cleared when the promise settles first: every call that '
                         'finishes in time leaves a live timer (and what its callback holds) until it fires'), (new,)


def _cleared(scope: Scope, call: Node) -> bool:
    """The id is kept (``t = setTimeout(...)``, ``const t = ...``, ``this.t = ...``) and passed to
    ``clearTimeout`` somewhere in the file, or handed on (returned, stored in a collection)."""
    parent = s.parent_of(s.outer_expression(call))
    if parent is None or parent.type == 'expression_statement' or parent.type == 'arrow_function':
        return False  # dropped, or returned to the Promise constructor, which ignores it
    if parent.type == 'variable_declarator':
        handle = parent.child_by_field_name('name')
    elif parent.type == 'assignment_expression':
        handle = parent.child_by_field_name('left')
    else:
        return True
    if handle is None:
        return True
    word = re.compile(rb'(?<![\w$])' + re.escape(s.text(handle).encode()) + rb'(?![\w$])')
    for m in word.finditer(scope.file.source):
        node = s.descendant(scope.root, m.start(), m.end())
        declarator = s.parent_of(node) if node is not None else None
        if node is None or node.type not in ('identifier', 'member_expression', 'shorthand_property_identifier') \
                or m.start() == handle.start_byte or declarator is not None and declarator.type == 'variable_declarator' \
                and declarator.child_by_field_name('value') is None:
            continue
        return True  # cleared, or handed on to what clears it
    return False


def _brief(call: Node) -> bool:
    """A deadline of a literal under a minute: the timer outlives its promise only briefly."""
    args = s.arguments(call)
    delay = s.text(args[1]).replace('_', '') if len(args) > 1 else ''
    return delay.isdigit() and int(delay) < _BRIEF_MS


def _promise_of(executor: Node) -> Node | None:
    """The ``new Promise(executor)`` the function is the executor of."""
    if executor.type not in _FUNCTIONS:
        return None
    args = s.parent_of(executor)
    new = s.parent_of(args) if args is not None and args.type == 'arguments' else None
    if new is None or new.type != 'new_expression' or s.text(s.callee(new)) != 'Promise':
        return None
    return new


def _fails(scope: Scope, callback: Node, reject: str) -> bool:
    """``setTimeout(reject, ms)``, or a callback that rejects or fails the operation."""
    if callback.type == 'identifier':
        return s.text(callback) == reject
    if callback.type not in _FUNCTIONS:
        return False
    source = scope.file.source
    mention = re.compile(rb'(?<![\w$.])' + re.escape(reject.encode()) + rb'(?![\w$])')
    return mention.search(source, callback.start_byte, callback.end_byte) is not None \
        or _FAILS.search(source, callback.start_byte, callback.end_byte) is not None


def _used_outside(scope: Scope, executor: Node, resolve: str, callback: Node) -> bool:
    """``resolve`` is called (or handed on) in the executor outside the deadline's callback."""
    body = executor.child_by_field_name('body')
    if body is None:
        return False
    mention = re.compile(rb'(?<![\w$.])' + re.escape(resolve.encode()) + rb'(?![\w$])')
    source = scope.file.source
    return any(not callback.start_byte <= m.start() < callback.end_byte
               for m in mention.finditer(source, body.start_byte, body.end_byte))


def _raced(new: Node) -> bool:
    """``Promise.race([work, new Promise(...)])``."""
    array = s.parent_of(s.outer_expression(new))
    args = s.parent_of(array) if array is not None and array.type == 'array' else None
    call = s.parent_of(args) if args is not None and args.type == 'arguments' else None
    return call is not None and s.callee_path(call) == 'Promise.race'
