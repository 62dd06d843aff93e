"""Calls and assignments that take a duration, a count or a port: ``AbortSignal.timeout(5000)``,
``.retry(3)``, ``redis.setex(key, 3600, v)``, ``app.listen(3000)``, an abort timer
(``setTimeout(() => controller.abort(), 5000)``) and ``server.keepAliveTimeout = 65000``."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.hardcoded_config import values
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node


def calls(scope: Scope) -> Iterator[values.Item]:
    for call in scope.captures('hardcoded-config.call'):
        method = s.callee_name(call)
        args = s.arguments(call)
        if method == 'abort':
            yield from _abort_timer(call)
            continue
        if method == 'listen':
            yield from _listen(call, args)
            continue
        index = 1 if method in ('setex', 'psetex', 'expire', 'pexpire') else 0
        if len(args) <= index:
            continue
        number = values.number(args[index])
        if method == 'timeout' and s.receiver_name(call) == 'AbortSignal':
            pass
        elif s.receiver_name(call) in ('jest', 'vi'):
            continue
        if number is not None and number > 1:
            path = s.callee_path(call)
            label = (f'the {s.text(args[index])} s TTL of `{path}()`' if index else
                     f'`{path}({s.text(args[0])})`' if len(path) <= 40 else f'`{values.short(call)}`')
            yield values.Item(call, label, call, 'time')


def _listen(call: Node, args: list[Node]) -> Iterator[values.Item]:
    if not args:
        return
    port = s.unwrap(args[0])
    value = port
    if port.type == 'identifier':
        init = s.initializer(port)
        value = s.unwrap(init) if init is not None else port
    if value.type == 'number' and values.number(value) not in (None, 0.0):
        yield values.Item(call, f'`{values.short(call, 32)}`' + (f' (`{s.text(port)} = {s.text(value)}`)' if value is not port else ''),
                   call, 'port')


def _abort_timer(abort: Node) -> Iterator[values.Item]:
    """``setTimeout(() => controller.abort(), 5000)``: a request timeout in disguise."""
    fn = s.enclosing_function(abort)
    args = s.parent_of(fn) if fn is not None else None
    call = s.parent_of(args) if args is not None and args.type == 'arguments' else None
    if call is None or s.callee_name(call) != 'setTimeout' or s.receiver(call) is not None:
        return
    params = s.arguments(call)
    number = values.number(params[1]) if len(params) > 1 and params[0] == fn else None
    if number is not None and number > 1:
        yield values.Item(call, f'the {s.text(params[1])} ms abort timer', call, 'time')


def assignments(scope: Scope) -> Iterator[values.Item]:
    for assign in scope.captures('hardcoded-config.assign'):
        right = assign.child_by_field_name('right')
        number = values.number(right) if right is not None else None
        if number is not None and number > 1:
            yield values.Item(assign, f'`{values.short(assign)}`', assign, 'time')
