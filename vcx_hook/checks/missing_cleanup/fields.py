"""A class's timer fields, as the teardown rules read them: the calls of some names inside a method,
and the ``this.x`` a call's result is kept in or a clear is given."""
from __future__ import annotations

from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node


def calls(scope: Scope, within: Node, callees: frozenset[bytes]) -> list[Node]:
    """The calls of one of ``callees`` (by their callee's own name) inside ``within``."""
    out = []
    for node in scope.file.named(callees, ((within.start_byte, within.end_byte),)):
        call = s.parent_of(node)
        if call is not None and call.type == 'call_expression' and call.child_by_field_name('function') == node:
            out.append(call)
    return out


def assigned_field(call: Node) -> str | None:
    """``x`` of ``this.x = setInterval(...)``."""
    parent = s.parent_of(call)
    if parent is None or parent.type != 'assignment_expression' or parent.child_by_field_name('right') != call:
        return None
    return this_field(parent.child_by_field_name('left'))


def this_field(node: Node | None) -> str | None:
    """``x`` of ``this.x`` (in parentheses or a cast too)."""
    if node is None:
        return None
    node = s.unwrap(node)
    obj = node.child_by_field_name('object') if node.type == 'member_expression' else None
    if obj is None or obj.type != 'this':
        return None
    return s.text(node.child_by_field_name('property'))
