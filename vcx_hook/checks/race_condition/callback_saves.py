"""race-condition's read-modify-write of a loaded document in the forms read_modify_write does not
follow: the record a store read hands to its node-style callback (``Incident.findById(id, function
(err, incident) { ... })``), or a field moved through a local taken from it (``var total =
incident.totalReports; total = total + 1; incident.totalReports = total``), then the document saved
(``incident.save()``). Two callers both move the value they loaded, and the later save drops the
other's change (aggie's incident report count, kept in a model-event listener: a real bug of
holdout12). Not asked under a lock or in a transaction."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.race_condition.calls import in_transaction
from vcx_hook.checks.race_condition.calls import serialized
from vcx_hook.ecosystem import stores
from vcx_hook.finding import LOW
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

# Not judged on held-out code: found for recall (issue 18, round 18: recognition of the callback form).
CONFIDENCE = LOW
_SAVE = frozenset((b'save',))
_ARITHMETIC = frozenset(('+', '-'))
_MOVES = frozenset(('assignment_expression', 'augmented_assignment_expression', 'update_expression'))
_AROUND = frozenset(('parenthesized_expression', 'ternary_expression', 'binary_expression', 'unary_expression'))


def possible(scope: Scope) -> bool:
    return b'save' in scope.file.words


def find(scope: Scope) -> Iterator[tuple[Node, str, tuple[Node, ...]]]:
    """(save, message, evidence) for each document saved after a field of it was moved from the
    value it was loaded with, where read_modify_write does not see the read or the move."""
    if not possible(scope):
        return
    for name in scope.named(_SAVE):
        save = s.called_by(name)
        recv = s.receiver(save) if save is not None else None
        fn = s.enclosing_function(save) if save is not None else None
        if save is None or recv is None or recv.type != 'identifier' or fn is None or not scope.contains(save):
            continue
        record = s.text(recv)
        read = _callback_read(fn, record) or _awaited_read(fn, record, save)
        if read is None or in_transaction(read) or serialized(scope, read) or b'$inc' in (s.function_body(fn) or fn).text:
            continue
        since = read.end_byte if read.end_byte < fn.start_byte else fn.start_byte  # a callback runs inside its read
        moved = _moved_field(fn, record, since, save)
        if moved is not None:
            yield save, (
                f'`{record}.save()` writes `{record}.{moved}` moved from the value the `{s.callee_name(read)}()` on line '
                f'{read.start_point.row + 1} loaded; a concurrent update is lost (atomic update, `$inc`?)'
            ), (read,)


def _callback_read(fn: Node, record: str) -> Node | None:
    """The store read whose node-style callback ``fn`` is, handing ``record`` as its second
    parameter: ``Incident.findById(id, function (err, incident) { ... })``."""
    params = s.parameters(fn)
    if len(params) < 2 or params[1].type != 'identifier' or s.text(params[1]) != record:
        return None
    args = s.parent_of(fn)
    call = s.parent_of(args) if args is not None and args.type == 'arguments' else None
    if call is None or call.type != 'call_expression' or s.arguments(call)[-1:] != [fn]:
        return None
    return call if _record_read(call) else None


def _awaited_read(fn: Node, record: str, save: Node) -> Node | None:
    """``const incident = await Incident.findById(id)`` in ``fn`` before ``save``."""
    body = s.function_body(fn)
    for decl in s.own_nodes(body, frozenset(('variable_declarator',))) if body is not None else ():
        target, value = decl.child_by_field_name('name'), decl.child_by_field_name('value')
        if target is None or value is None or s.text(target) != record or decl.start_byte > save.start_byte:
            continue
        if value.type != 'await_expression' or not value.named_children:
            continue
        call: Node | None = s.unwrap(value.named_children[0])
        while call is not None and call.type == 'call_expression' and s.callee_name(call) in stores.QUERY_CHAIN:
            inner = s.receiver(call)
            call = s.unwrap(inner) if inner is not None else None
        if call is not None and call.type == 'call_expression' and _record_read(call):
            return call
    return None


def _record_read(call: Node) -> bool:
    """A single-record lookup of a model (``Incident.findById``, ``models.User.findOne``)."""
    recv = s.receiver(call)
    path = s.dotted(s.unwrap(recv)) if recv is not None else ''
    last = path.split('.')[-1] if path else ''
    return s.callee_name(call) in stores.RECORD_LOOKUPS and bool(last) and (
        last[:1].isupper() or last.lower().endswith(('model', 'collection', 'repository', 'repo')))


def _moved_field(fn: Node, record: str, since: int, save: Node) -> str | None:
    """The field of ``record`` set, between ``since`` (the read) and the save, to a value moved from the one it
    held: ``record.f += n``, ``record.f = record.f + n``, or from a local taken from ``record.f``
    and moved (``total = total + 1``; ``record.f = total``)."""
    body = s.function_body(fn)
    if body is None:
        return None
    prefix = record + '.'
    locals_from: dict[str, str] = {}
    for decl in s.own_nodes(body, frozenset(('variable_declarator',))):
        target, value = decl.child_by_field_name('name'), decl.child_by_field_name('value')
        if target is not None and target.type == 'identifier' and value is not None and s.dotted(s.unwrap(value)).startswith(prefix):
            locals_from[s.text(target)] = s.dotted(s.unwrap(value))[len(prefix):]
    moved_locals = {name for name in locals_from if _moved_local(body, name)}
    for change in sorted(s.own_nodes(body, _MOVES), key=s.document_order):
        if not (since <= change.start_byte and change.end_byte <= save.start_byte):
            continue
        target = change.child_by_field_name('left') or change.child_by_field_name('argument')
        field = s.dotted(target)[len(prefix):] if target is not None and s.dotted(target).startswith(prefix) else ''
        if not field or '.' in field:
            continue
        if change.type != 'assignment_expression':
            if change.type == 'update_expression' or s.text(change.child_by_field_name('operator')) in ('+=', '-='):
                return field
            continue
        value = change.child_by_field_name('right')
        if value is None:
            continue
        if _arithmetic_on(value, prefix + field):
            return field
        value = s.unwrap(value)
        if value.type == 'identifier' and s.text(value) in moved_locals and locals_from[s.text(value)] == field:
            return field
    return None


def _moved_local(body: Node, name: str) -> bool:
    """``total = total + 1``, ``total = total > 0 ? total - 1 : 0``, ``total += 1``, ``total++``."""
    for change in s.own_nodes(body, _MOVES):
        target = change.child_by_field_name('left') or change.child_by_field_name('argument')
        if target is None or target.type != 'identifier' or s.text(target) != name:
            continue
        if change.type != 'assignment_expression':
            return True
        value = change.child_by_field_name('right')
        if value is not None and _arithmetic_on(value, name):
            return True
    return False


def _arithmetic_on(value: Node, operand: str) -> bool:
    """``operand + n`` or ``operand - n`` in ``value`` (through parentheses and ternaries)."""
    stack = [value]
    while stack:
        node = stack.pop()
        if node.type == 'binary_expression' and s.text(node.child_by_field_name('operator')) in _ARITHMETIC:
            if any(o is not None and s.dotted(s.unwrap(o)) == operand
                   for o in (node.child_by_field_name('left'), node.child_by_field_name('right'))):
                return True
        if node.type in _AROUND:
            stack.extend(node.named_children)
    return False
