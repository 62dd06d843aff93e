"""A connection left with no ``'error'`` listener while it closes, in server code:
``client.removeAllListeners(); client.once('error', h); client.close();
client.removeListener('error', h)``. ``close()`` (``end()``, ``quit()``, ``logout()``) only starts
the teardown: an error that arrives after it (a socket reset) is emitted with no listener, and
Node rethrows an unheard ``'error'`` event, which ends the process. Asked at the removal of the
sink added after every listener was stripped (``removeAllListeners()``), with a close in the
function and no ``'error'`` listener added again (a removal of one handler alone may leave others;
a strip alone was mostly asked of emitters that do not throw: puppeteer pages, socket.io clients)."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.error_handling.facts import ID
from vcx_hook.checks.error_handling.facts import QUESTION
from vcx_hook.ecosystem import runtime
from vcx_hook.finding import LOW
from vcx_hook.finding import Finding
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_REMOVES = frozenset((b'removeAllListeners', b'removeListener', b'off'))
_ADDS = frozenset((b'on', b'once', b'addListener', b'prependListener', b'prependOnceListener'))
# Graceful closes: the teardown goes on after the call returns (not `destroy()`/`terminate()`).
_CLOSES = frozenset((b'close', b'end', b'quit', b'logout', b'disconnect'))


def possible(scope: Scope) -> bool:
    words = scope.file.words
    return not words.isdisjoint(_REMOVES) and not words.isdisjoint(_CLOSES) and not runtime.is_browser(scope.file)


def findings(scope: Scope) -> Iterator[Finding]:
    if not possible(scope):
        return
    seen: set[tuple[int, str]] = set()
    for name in scope.named(_REMOVES):
        removal = s.called_by(name)
        fn = s.enclosing_function(removal) if removal is not None else None
        target = s.receiver(removal) if removal is not None else None
        if removal is None or fn is None or target is None or not _removes_error(removal):
            continue
        key = (fn.start_byte, s.text(target))
        if key in seen:
            continue
        seen.add(key)
        calls = _calls_on(scope, fn, s.text(target))
        last = _unheard(calls)
        if last is not None:
            yield scope.finding(
                last, ID,
                f'`{s.normalized(last, 40)}` leaves `{s.text(target)}` with no `error` listener while it closes: an '
                'error emitted after this (a socket reset) is rethrown by Node and ends the process',
                QUESTION, confidence=LOW)


def _unheard(calls: list[Node]) -> Node | None:
    """The removal of the ``'error'`` listener added after every listener was stripped
    (``removeAllListeners()``, ``once('error', h)``, ``close()``, ``removeListener('error', h)``),
    with a close in between or before: nothing is left to hear a late error. A strip alone is not
    asked: many emitters (puppeteer's pages, socket.io clients) do not throw an unheard error."""
    stripped = sunk = closing = False
    last = None
    for call in calls:
        name = s.callee_name(call)
        if name == 'removeAllListeners' and _removes_error(call):
            stripped, sunk, last = True, False, None
        elif stripped and name.encode() in _CLOSES:
            closing = True
        elif stripped and _adds_error(call):
            sunk, last = True, None
        elif stripped and sunk and _removes_error(call):
            sunk, last = False, call
    return last if closing else None


def _removes_error(call: Node) -> bool:
    name, args = s.callee_name(call), s.arguments(call)
    if name == 'removeAllListeners':
        return not args or s.string_value(args[0]) == 'error'
    return name in ('removeListener', 'off') and bool(args) and s.string_value(args[0]) == 'error'


def _adds_error(call: Node) -> bool:
    args = s.arguments(call)
    return s.callee_name(call).encode() in _ADDS and bool(args) and s.string_value(args[0]) == 'error'


def _calls_on(scope: Scope, fn: Node, target: str) -> list[Node]:
    """The method calls on ``target`` directly in ``fn``, in order."""
    out = []
    words = _REMOVES | _ADDS | _CLOSES
    for name in scope.file.named(words, ((fn.start_byte, fn.end_byte),)):
        call = s.called_by(name)
        if call is not None and s.enclosing_function(call) == fn and s.text(s.receiver(call)) == target:
            out.append(call)
    return out
