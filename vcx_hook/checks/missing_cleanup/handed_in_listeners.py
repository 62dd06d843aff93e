"""A listener a class adds to an object it was handed, that its teardown leaves in place:

    class ThreadView extends React.Component {
      setupThreadListeners(thread) {
        thread.on(ThreadEvent.NewReply, this.updateThreadRelation)
        this.props.room.on(RoomEvent.LocalEchoUpdated, this.updateThreadRelation)
      }
      componentWillUnmount() { ... }   // removes other listeners, not these
    }

The class is made to be torn down (it has a ``componentWillUnmount``, ``dispose``, ``destroy``,
``close``... method), the target came from outside (a prop, a parameter of the method, or a field
its constructor sets from a parameter: ``this._container = container``), so it outlives the
instance, and the handler is named, so it could be removed; but nothing in the class removes that
handler outside the method that adds it (a method that swaps the old listener for a new one still
leaves the last one). The handed-in object keeps every torn-down instance alive and calls it.

Asked at the teardown when it removes other listeners (the missing line goes there), else at the
add; at whichever of the two the change touches. Not a listener whose handle is kept (the add's
value stored, returned or handed on), nor one added with ``{ once }`` or an abort ``signal``, nor
on the instance itself, on what it made, or on something long-lived (the registrations' rule asks
those), nor in a class its own module makes once at load."""
from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Mapping

from vcx_hook.checks.missing_cleanup.exempt import has_teardown
from vcx_hook.checks.missing_cleanup.exempt import module_singleton
from vcx_hook.ecosystem import resources
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_ADDS = frozenset(n.encode() for n in resources.LISTEN)
_REMOVE_NAMES = frozenset(('removeEventListener', 'removeListener', 'off', 'unsubscribe', 'unlisten'))
_HANDLERS = frozenset(('identifier', 'member_expression'))
_CLASSES = frozenset(('class_declaration', 'class', 'abstract_class_declaration'))


def find(scope: Scope, names: Mapping[str, frozenset[str]]) -> Iterator[tuple[Node, str, tuple[Node, ...]]]:
    """(where, message, evidence) for each listener on a handed-in target no teardown removes."""
    teardowns = names['teardown_methods']
    teardown_words = frozenset(n.encode() for n in teardowns)
    if scope.file.words.isdisjoint(_ADDS) or not teardown_words & scope.file.words:
        return
    for name in scope.file.named(_ADDS, ((0, len(scope.file.source)),)):
        add = s.called_by(name)
        if add is None or s.callee(add) != s.parent_of(name):
            continue
        found = _left(scope, add, teardowns)
        if found is not None:
            yield found


def _left(scope: Scope, add: Node, teardowns: frozenset[str]) -> tuple[Node, str, tuple[Node, ...]] | None:
    args = s.arguments(add)
    if len(args) < 2 or s.unwrap(args[1]).type not in _HANDLERS or _once(args):
        return None
    statement = s.parent_of(add)
    if statement is None or statement.type != 'expression_statement':
        return None  # its handle is kept, returned or handed on
    method = s.enclosing_function(add)
    body = s.parent_of(method) if method is not None and method.type == 'method_definition' else None
    if body is None or body.type != 'class_body' or s.parent_of(body).type not in _CLASSES:
        return None
    if _name(method) in teardowns or not has_teardown(body, teardowns) or module_singleton(scope.file, body):
        return None
    target = s.receiver(add)
    if target is None or not _handed_in(target, method, body):
        return None
    handler = s.text(s.unwrap(args[1]))
    if _removed_elsewhere(scope, body, method, handler):
        return None
    teardown = next(m for m in body.named_children
                    if m.type == 'method_definition' and _name(m) in teardowns)
    at_teardown = _removes_any(scope, teardown)
    message = (f'`{s.normalized(add, 60)}` adds `{handler}` to `{s.text(target)}`, which the class was handed '
               f'and which outlives it, and `{_name(teardown)}` does not remove it (nothing in the class does): '
               'each torn-down instance stays subscribed and alive')
    where = teardown.child_by_field_name('name') if at_teardown else add
    if where is None or not scope.contains(where):
        where = add if scope.contains(add) else teardown.child_by_field_name('name')
    if where is None or not scope.contains(where):
        return None
    return where, message, (teardown if where == add else add,)


def _once(args: list[Node]) -> bool:
    keys = s.object_keys(args[2]) if len(args) >= 3 and args[2].type == 'object' else {}
    return 'signal' in keys or ('once' in keys and s.text(keys['once']) != 'false')


def _name(method: Node) -> str:
    return s.text(method.child_by_field_name('name'))


def _handed_in(target: Node, method: Node, body: Node) -> bool:
    """A prop (``this.props.room``), a parameter of ``method`` (``thread``), or a field the
    constructor sets from one of its parameters (``this._container = container``, ``this._room =
    options.room``)."""
    target = s.unwrap(target)
    if target.type == 'identifier':
        return s.text(target) in _parameters(method)
    if target.type != 'member_expression':
        return False
    obj = s.unwrap(target.child_by_field_name('object'))
    if obj.type != 'this':
        return obj.type == 'member_expression' and s.text(obj) == 'this.props'
    field = s.text(target.child_by_field_name('property'))
    if field == 'props':
        return False
    ctor = next((m for m in body.named_children if m.type == 'method_definition' and _name(m) == 'constructor'), None)
    return ctor is not None and _set_from_parameter(ctor, field)


def _parameters(fn: Node) -> set[str]:
    return {n for n in s.parameter_names(fn) if n}


def _set_from_parameter(ctor: Node, field: str) -> bool:
    params = _parameters(ctor)
    stack = list(ctor.named_children)
    while stack:
        node = stack.pop()
        if node.type == 'assignment_expression':
            left, right = node.child_by_field_name('left'), node.child_by_field_name('right')
            if left is not None and right is not None and s.text(left) == f'this.{field}':
                root = s.field_root(right) if s.unwrap(right).type == 'member_expression' else s.unwrap(right)
                if root.type == 'identifier' and s.text(root) in params:
                    return True
        if node.type not in s.FUNCTION_TYPES:
            stack.extend(node.named_children)
    return False


def _removed_elsewhere(scope: Scope, body: Node, method: Node, handler: str) -> bool:
    """A removal of ``handler`` anywhere in the class but ``method``, or the handler named in a
    teardown (handed to a helper that removes it)."""
    removals = frozenset(n.encode() for n in _REMOVE_NAMES)
    for name in scope.file.named(removals, ((body.start_byte, body.end_byte),)):
        call = s.called_by(name)
        if call is None or method.start_byte <= call.start_byte < method.end_byte:
            continue
        if any(s.text(s.unwrap(a)) == handler for a in s.arguments(call)):
            return True
    return False


def _removes_any(scope: Scope, method: Node) -> bool:
    removals = frozenset(n.encode() for n in _REMOVE_NAMES)
    return any(s.called_by(n) is not None for n in scope.file.named(removals, ((method.start_byte, method.end_byte),)))
