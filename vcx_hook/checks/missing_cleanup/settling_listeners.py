"""A listener added to settle a promise and never removed (low): a ``new Promise`` executor adds a
listener to something that outlives the call (``window``, ``document``, ``process``, a ``this.``
field, a module-level or imported emitter) whose handler resolves or rejects the promise, and
nothing in the function removes it (``removeEventListener``, ``off``, ``removeListener``), nor is it
added with ``{ once: true }`` or a ``signal``. The promise settles once; the listener stays, one
more per call, each running on every later event and holding what its closure holds (taho's inpage
``send()`` waiting for its answer over ``window`` messages, a real bug of holdout26; lodestar's
``chain.emitter.on(ChainEvent.checkpoint, ...)`` per state request, holdout27: a field of what the
enclosing code holds, the event named by a constant). A method bound
to ``window.addEventListener`` at the module's top (``const windowAddEventListener =
window.addEventListener``) counts as that call.

Not for a target the function makes or is handed (``new WebSocket(url)``, an image, a parameter:
it goes when the call is done with it), nor for events that fire once in a target's life
(``load``, ``close``, ``exit``...)."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.missing_cleanup.executors import promise_executors
from vcx_hook.ecosystem import resources
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_FUNCTIONS = frozenset(('arrow_function', 'function_expression', 'function_declaration'))
_ADDS = frozenset(('addEventListener', 'on', 'addListener'))
_GLOBALS = frozenset(('window', 'document', 'self', 'globalThis', 'process'))
# Events a target fires once in its life: a listener left on them never runs again.
_ONE_SHOT = frozenset((
    'load', 'DOMContentLoaded', 'error', 'close', 'end', 'finish', 'exit', 'open', 'ready', 'connect',
    'abort', 'unload', 'beforeunload', 'loadedmetadata', 'loadeddata', 'canplay', 'canplaythrough',
))


def possible(scope: Scope) -> bool:
    return scope.holds(b'Promise') and (scope.holds(b'addEventListener') or scope.holds(b'on')
                                        or scope.holds(b'addListener'))


def find(scope: Scope) -> Iterator[tuple[Node, str, tuple[Node, ...]]]:
    if not possible(scope):
        return
    for new, executor, settles in promise_executors(scope):
        outer = s.enclosing_function(new)
        if not settles or outer is None or _removes(outer):
            continue
        for call in s.calls_in(executor):
            target = _long_lived_target(call, outer)
            args = s.arguments(call)
            if target is None or len(args) != 2:
                continue
            event = _event(args[0])
            handler = _handler(args[1], executor)
            if event is None or event in _ONE_SHOT or handler is None or not _settles(handler, settles):
                continue
            yield call, (f'`{s.normalized(call, 50)}` is added to settle this promise and never removed: once the '
                         f'promise settles it stays on `{target}`, one more listener per call, each running on every '
                         f'later `{event}` event'), ()


def _removes(fn: Node) -> bool:
    return any(s.callee_name(c) in resources.LISTENER_UNDO for c in s.calls_in(fn))


def _long_lived_target(call: Node, outer: Node) -> str | None:
    """The text of what ``call`` adds a listener to, when it outlives ``outer``; else None."""
    callee = s.callee(call)
    callee = s.unwrap(callee) if callee is not None else None
    if callee is None:
        return None
    if callee.type == 'identifier':
        callee = _aliased_method(callee)
        if callee is None:
            return None
    if callee.type != 'member_expression' or s.text(callee.child_by_field_name('property')) not in _ADDS:
        return None
    target = s.unwrap(callee.child_by_field_name('object'))
    text = s.text(target)
    root = text.split('.', 1)[0].split('[', 1)[0]
    if root in _GLOBALS or root == 'this':
        return text
    field = target.type == 'member_expression'
    if field:
        target = s.field_root(target)  # `chain.emitter`: a field of what the enclosing code holds
    if target.type != 'identifier':
        return None
    decl = s.declaration(target)
    if decl is None and field and _destructured_above(outer, s.text(target)):
        return text  # `getValidatorApi({ chain })`: handed to the code the function is made in
    if decl is None or any(a == outer for a in s.ancestors(decl)) \
            or not field and decl.type in ('required_parameter', 'optional_parameter'):
        return None  # made or handed in here, or not found
    return text


def _destructured_above(outer: Node, name: str) -> bool:
    """A function enclosing ``outer`` takes ``name`` in a destructured parameter (``({ chain }) =>``)."""
    for a in s.ancestors(outer):
        if a.type in _FUNCTIONS or a.type == 'method_definition':
            for p in s.parameters(a):
                pattern = p.child_by_field_name('pattern') or p
                if pattern.type == 'object_pattern' and any(
                        c.type == 'shorthand_property_identifier_pattern' and s.text(c) == name
                        for c in pattern.named_children):
                    return True
    return False


def _event(arg: Node) -> str | None:
    """The event's name: a string, or a constant of an enum or a frozen object (``ChainEvent.checkpoint``)."""
    value = s.string_value(arg)
    if value is not None:
        return value
    arg = s.unwrap(arg)
    if arg.type == 'member_expression' and s.field_root(arg).type == 'identifier' \
            and s.text(arg.child_by_field_name('property'))[:1].isalpha():
        return s.text(arg)
    return None


def _aliased_method(name: Node) -> Node | None:
    """``window.addEventListener`` of ``windowAddEventListener`` bound to it at the module's top."""
    decl = s.declaration(name)
    if decl is None or decl.type != 'variable_declarator' or s.enclosing_function(decl) is not None:
        return None
    value = decl.child_by_field_name('value')
    value = s.unwrap(value) if value is not None else None
    return value if value is not None and value.type == 'member_expression' else None


def _handler(arg: Node, executor: Node) -> Node | None:
    """The function ``arg`` is: written there, or named and declared in the executor."""
    arg = s.unwrap(arg)
    if arg.type in _FUNCTIONS:
        return arg
    if arg.type != 'identifier':
        return None
    body = executor.child_by_field_name('body')
    for stmt in body.named_children if body is not None and body.type == 'statement_block' else ():
        if stmt.type == 'function_declaration' and s.text(stmt.child_by_field_name('name')) == s.text(arg):
            return stmt
    decl = s.declaration(arg)
    if decl is None or decl.type != 'variable_declarator' or not any(a == executor for a in s.ancestors(decl)):
        return None
    value = decl.child_by_field_name('value')
    value = s.unwrap(value) if value is not None else None
    return value if value is not None and value.type in _FUNCTIONS else None


def _settles(fn: Node, settles: frozenset[str]) -> bool:
    return any(s.callee_name(c) in settles and s.receiver(c) is None for c in s.calls_in(fn))
