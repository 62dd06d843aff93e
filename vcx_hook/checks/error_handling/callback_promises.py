"""A promise that settles only when another party calls back, with no timeout and no error path,
in server code: ``new Promise((resolve) => { client.names(channel, (ch, names) => resolve(names)) })``.
The executor hands ``resolve`` to a reply callback of a client's method (not an error-first
callback, which the library calls on failure too, nor an event listener) and never rejects or arms
a timer, so when the server never answers the caller waits forever, and so does whatever awaits it
(a reconnect loop, a shutdown)."""
from __future__ import annotations

import re
from collections.abc import Iterator

from vcx_hook.checks.error_handling.facts import ID
from vcx_hook.checks.error_handling.facts import QUESTION
from vcx_hook.ecosystem import runtime
from vcx_hook.finding import LOW
from vcx_hook.finding import Finding
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

WORDS = frozenset((b'Promise',))
_FUNCTIONS = frozenset(('arrow_function', 'function_expression'))
# Error-first callbacks are called on failure too; these first parameters name an error.
_ERROR_PARAMS = frozenset(('err', 'error', 'e', 'er', 'ex', 'exc', 'exception'))
# Methods whose callback is not a reply: events, array and promise helpers, timers.
_NOT_REPLIES = frozenset((
    'on', 'once', 'addListener', 'addEventListener', 'prependListener', 'prependOnceListener', 'subscribe',
    'then', 'catch', 'finally', 'forEach', 'map', 'filter', 'reduce', 'some', 'every', 'find',
    'nextTick', 'setImmediate', 'setTimeout', 'setInterval', 'push', 'add', 'set', 'use',
))
# The object called names a connection to another party: `this.client`, `self.unsafeClient`, `conn`.
_CLIENT_WORDS = frozenset(('client', 'conn', 'connection', 'socket', 'peer', 'remote', 'bot', 'irc'))
_TIMEOUT = lazyre.compile(rb'[Tt]imeout|[Tt]imer|\bsignal\b|\babort', re.I)


def possible(scope: Scope) -> bool:
    return b'Promise' in scope.file.word_text and b'new Promise' in scope.text and not runtime.is_browser(scope.file)


def findings(scope: Scope) -> Iterator[Finding]:
    if not possible(scope):
        return
    for new in s.constructions(scope, WORDS):
        reply = _reply_call(scope, new)
        if reply is not None:
            yield scope.finding(
                reply, ID,
                f'`new Promise` settles only when `{s.callee_path(reply) or s.callee_name(reply)}()` calls back, '
                'with no timeout and no error path: if the reply never comes, the caller waits forever',
                QUESTION, evidence=(new,), confidence=LOW,
            )


def _reply_call(scope: Scope, new: Node) -> Node | None:
    """The client call whose reply callback alone resolves the promise ``new`` makes."""
    args = s.arguments(new)
    if len(args) != 1 or _chained_timeout(new):
        return None
    executor = s.unwrap(args[0])
    if executor.type not in _FUNCTIONS:
        return None
    params = s.parameter_names(executor)
    if not params or not params[0]:
        return None
    source = scope.file.source
    if _TIMEOUT.search(source, executor.start_byte, executor.end_byte):
        return None
    if len(params) > 1 and params[1] and _uses(scope, executor, params[1]):
        return None  # it rejects somewhere
    calls = set()
    found = None
    for use in _uses(scope, executor, params[0]):
        call = _replying_call(use, executor)
        if call is None:
            return None  # resolved directly, or from something that is not a client's reply
        calls.add(call.start_byte)
        found = call
    return found if len(calls) == 1 else None


def _uses(scope: Scope, fn: Node, name: str) -> list[Node]:
    word = re.compile(rb'(?<![\w$.])' + re.escape(name.encode()) + rb'(?![\w$])')
    body = fn.child_by_field_name('body')
    if body is None:
        return []
    out = []
    for m in word.finditer(scope.file.source, body.start_byte, body.end_byte):
        node = s.descendant(scope.file.tree.root, m.start(), m.end())
        if node is not None and node.type == 'identifier' and node.start_byte == m.start():
            out.append(node)
    return out


def _replying_call(use: Node, executor: Node) -> Node | None:
    """``recv.method(..., (reply) => { ... resolve ... })``: the method call whose inline callback
    (not error-first) holds ``use``, directly inside the executor."""
    callback = next((a for a in s.ancestors(use) if a.type in _FUNCTIONS), None)
    if callback is None or callback == executor:
        return None
    if s.enclosing_function(callback) != executor:
        return None
    params = s.parameter_names(callback)
    if params and params[0] in _ERROR_PARAMS:
        return None
    args = s.parent_of(callback)
    call = s.parent_of(args) if args is not None and args.type == 'arguments' else None
    if call is None or call.type != 'call_expression' or s.receiver(call) is None:
        return None
    if s.callee_name(call) in _NOT_REPLIES or not _names_client(s.receiver(call)):
        return None
    return call


def _names_client(receiver: Node | None) -> bool:
    """The object's own name (its last property) says it is a connection to another party."""
    if receiver is None:
        return False
    receiver = s.unwrap(receiver)
    if receiver.type == 'member_expression':
        receiver = receiver.child_by_field_name('property')
    elif receiver.type != 'identifier':
        return False
    return not _CLIENT_WORDS.isdisjoint(s.name_words(s.text(receiver)))


def _chained_timeout(new: Node) -> bool:
    """``new Promise(...).timeout(5000)`` (Bluebird), or raced or wrapped by a call named for a timeout."""
    node = new
    for a in s.ancestors(new):
        if a.type in ('parenthesized_expression', 'arguments', 'await_expression'):
            node = a
            continue
        if a.type == 'member_expression' and a.child_by_field_name('object') == node:
            return 'timeout' in s.text(a.child_by_field_name('property')).lower()
        if a.type == 'call_expression':
            name = s.callee_path(a).lower()
            return 'timeout' in name or name.endswith('race')
        return False
    return False
