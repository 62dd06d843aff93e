"""A cleanup returned where nothing runs it (low): a function arms a timer or adds a listener and
returns the function that undoes it, the way an effect returns its cleanup, but the function is not
an effect, and whoever calls it drops what it returns:

- an event handler, handed to a JSX ``on...`` attribute (``onClick={this.handleDelete}``, a class
  component's field; a function of the component; an arrow written there): React calls it and
  ignores its result (facia-tool's image delete, whose confirmation timer outlives the component);
- a ``useCallback`` callback taking no arguments (``const joinCall = useCallback(() => {
  manager.on('participants_changed', f); ...; return () => manager.removeListener(...) })``) that
  the file only calls as a statement, hands to JSX ``on...`` attributes or returns from the hook:
  a callback taking none is not a ref callback nor a store's ``subscribe``, and what calls it does
  not keep its result (element-call's participant listeners, one more per join).

The undo is a ``clearTimeout``/``clearInterval``/``removeEventListener``/``removeListener``/``off``/
``unsubscribe`` call in the returned function, paired with its registration in the function's own
body. Each run leaves one more timer or listener, and the component's state with it."""
from __future__ import annotations

import re
from collections.abc import Iterator

from vcx_hook.ecosystem import react_state
from vcx_hook.lang import scope as s
from vcx_hook.lang.expressions import number_value
from vcx_hook.lang.scope import File
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

# An undo, by the registration it pairs with in the returning function's own body.
_UNDOES = {
    b'clearTimeout': frozenset(('setTimeout',)),
    b'clearInterval': frozenset(('setInterval',)),
    b'removeEventListener': frozenset(('addEventListener',)),
    b'removeListener': frozenset(('on', 'addListener')),
    b'off': frozenset(('on', 'addListener')),
    b'unsubscribe': frozenset(('subscribe',)),
}
_CALLS = frozenset(('call_expression',))
_EVENT_ATTRIBUTE = re.compile(r'^on[A-Z]')
_IDENTIFIERS = frozenset(('identifier', 'property_identifier', 'shorthand_property_identifier'))


def possible(scope: Scope) -> bool:
    return not scope.file.words.isdisjoint(_UNDOES) and b'return' in scope.file.words


def find(scope: Scope) -> Iterator[tuple[Node, str, tuple[Node, ...]]]:
    """(the returned cleanup, message, evidence: the registration) for each cleanup nothing runs."""
    if not possible(scope):
        return
    seen: set[int] = set()
    for name in scope.named(frozenset(_UNDOES)):
        call = s.called_by(name)
        if call is None or s.callee_name(call) != s.text(name):
            continue
        cleanup = s.enclosing_function(call)
        fn = _returning(cleanup) if cleanup is not None else None
        if fn is None or cleanup is None or cleanup.start_byte in seen:
            continue
        registration = _registration(fn, cleanup, _UNDOES[name.text])
        if registration is None:
            continue
        dropped = _dropped_by(scope.file, fn)
        if dropped is None:
            continue
        seen.add(cleanup.start_byte)
        yield cleanup, (f'this cleanup is returned from {dropped}, whose caller drops what it returns: '
                        f'`{s.callee_name(registration)}` (line {registration.start_point.row + 1}) is never undone, '
                        'one more per call (keep the undo and run it on unmount, or use an effect)'), (registration,)


def _returning(cleanup: Node) -> Node | None:
    """The function ``cleanup`` is returned from by a ``return`` of its own."""
    parent = s.parent_of(cleanup)
    while parent is not None and parent.type == 'parenthesized_expression':
        parent = s.parent_of(parent)
    if parent is None or parent.type != 'return_statement':
        return None
    return s.enclosing_function(parent)


def _registration(fn: Node, cleanup: Node, kinds: frozenset[str]) -> Node | None:
    """The registration the cleanup undoes, in ``fn``'s own body outside the cleanup."""
    body = s.function_body(fn)
    if body is None:
        return None
    for call in s.own_nodes(body, _CALLS):
        if s.callee_name(call) in kinds and not (cleanup.start_byte <= call.start_byte < cleanup.end_byte) \
                and not _brief(call):
            return call
    return None


def _brief(call: Node) -> bool:
    """``setTimeout(f, 100)``: a timer under a second that fires soon after whatever it outlives."""
    if s.callee_name(call) not in ('setTimeout', 'setInterval'):
        return False
    args = s.arguments(call)
    delay = number_value(args[1]) if len(args) > 1 else 0
    return delay is not None and delay < 1000


def _dropped_by(file: File, fn: Node) -> str | None:
    """How ``fn``'s result is dropped: an event handler of JSX, or a ``useCallback`` callback taking
    no arguments whose every use drops its result; None when something may keep it."""
    parent = s.parent_of(fn)
    while parent is not None and parent.type == 'parenthesized_expression':
        parent = s.parent_of(parent)
    if parent is None:
        return None
    if parent.type == 'jsx_expression':
        return 'an event handler' if _event_attribute(parent) else None
    call = s.calling(fn)
    if call is not None and s.callee_name(call) == 'useCallback' and react_state.from_react(file, call):
        if s.parameters(fn) or s.arguments(call)[0] != fn:
            return None
        declared = s.declared_into(call)
        return f'the `useCallback` `{s.text(declared)}`' if declared is not None and _uses_drop(file, declared, True) else None
    if parent.type in ('public_field_definition', 'field_definition', 'variable_declarator'):
        name = parent.child_by_field_name('name') or parent.child_by_field_name('property')
        if name is not None and name.type in _IDENTIFIERS and _uses_drop(file, name, False):
            return f'the event handler `{s.text(name)}`'
    return None


def _event_attribute(expression: Node) -> bool:
    attribute = s.parent_of(expression)
    if attribute is None or attribute.type != 'jsx_attribute' or not attribute.named_children:
        return False
    return _EVENT_ATTRIBUTE.match(s.text(attribute.named_children[0])) is not None


def _uses_drop(file: File, declared: Node, hook: bool) -> bool:
    """Every other use of the name drops the function's result, and one hands it to JSX as an event
    handler (or, for a hook's callback, any such use: a call statement, a hook's returned object,
    a dependency list)."""
    name = s.text(declared)
    root = declared
    while s.parent_of(root) is not None:
        root = s.parent_of(root)
    uses = [n for n in s.identifiers(root, _IDENTIFIERS) if s.text(n) == name and n.start_byte != declared.start_byte]
    handed = False
    for use in uses:
        node = use
        parent = s.parent_of(node)
        if parent is not None and parent.type == 'member_expression' and parent.child_by_field_name('property') == node:
            if s.text(parent.child_by_field_name('object')) != 'this':
                continue  # another object's member of the same name
            node, parent = parent, s.parent_of(parent)
        if parent is None:
            return False
        if parent.type == 'jsx_attribute' and parent.named_children[0] == node:
            continue  # `onClick={...}`: the attribute's name
        if parent.type == 'jsx_expression' and _event_attribute(parent):
            handed = True
        elif parent.type == 'call_expression' and s.callee(parent) == node and \
                s.parent_of(parent) is not None and s.parent_of(parent).type == 'expression_statement':
            continue
        elif hook and use.type == 'shorthand_property_identifier':
            handed = True
        elif hook and parent.type == 'array' and _dependencies(parent):
            continue
        else:
            return False
    return handed


def _dependencies(array: Node) -> bool:
    """``[manager, joinCall]`` as the last argument of a hook call."""
    call = s.calling(array)
    return call is not None and s.callee_name(call).startswith('use') and s.arguments(call)[-1] == array
