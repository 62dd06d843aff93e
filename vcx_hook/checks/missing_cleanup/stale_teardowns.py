"""A teardown that clears another class's timers: ``close()`` calls ``clearTimeout(this.resyncTimer)``
for fields nothing in the file ever sets (copied from a sibling class's teardown), while the class
does keep a timer of its own (``this.emitTimer = setTimeout(...)``) that the teardown leaves armed:
it fires on the closed instance. Not a class that extends one of the project's own classes (the
fields may be the parent's), nor a timer cleared through a local or a computed key."""
from __future__ import annotations

import re
from collections.abc import Iterator
from collections.abc import Mapping

from vcx_hook.checks.missing_cleanup.partial_teardown import teardown
from vcx_hook.ecosystem import bindings
from vcx_hook.checks.missing_cleanup import fields
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_SETS = frozenset((b'setTimeout', b'setInterval'))
_CLEARS = frozenset((b'clearTimeout', b'clearInterval'))
_CLASSES = frozenset(('class_declaration', 'class', 'abstract_class_declaration'))


def possible(scope: Scope) -> bool:
    words = scope.file.words
    return not words.isdisjoint(_SETS) and not words.isdisjoint(_CLEARS)


def find(scope: Scope, names: Mapping[str, frozenset[str]]) -> Iterator[tuple[Node, str, tuple[Node, ...]]]:
    if not possible(scope):
        return
    whole = ((0, len(scope.file.source)),)
    done: set[int] = set()
    for name in scope.file.named(_CLEARS, whole):
        body = next((a for a in s.ancestors(name) if a.type == 'class_body'), None)
        cls = s.parent_of(body) if body is not None else None
        if body is None or cls is None or body.start_byte in done or cls.type not in _CLASSES:
            continue
        done.add(body.start_byte)
        if _extends_own_class(scope, cls):
            continue
        found = _stale(scope, body, names)
        if found is not None and scope.contains(found[0]):
            yield found


def _stale(scope: Scope, body: Node, names: Mapping[str, frozenset[str]]) -> tuple[Node, str, tuple[Node, ...]] | None:
    source = scope.file.source
    armed: dict[str, Node] = {}
    for call in fields.calls(scope, body, _SETS):
        field = fields.assigned_field(call)
        if field is not None:
            armed.setdefault(field, call)
    for method in (m for m in body.named_children if m.type == 'method_definition'):
        name = s.text(method.child_by_field_name('name'))
        if not teardown(name, names):
            continue
        cleared = []
        for call in fields.calls(scope, method, _CLEARS):
            args = s.arguments(call)
            field = fields.this_field(args[0]) if len(args) == 1 else None
            if field is None:
                return None  # a local or a computed key: the class keeps its own books
            cleared.append(field)
        never_set = [f for f in cleared if f not in armed and not _assigned_anywhere(source, f)]
        left = {f: c for f, c in armed.items() if f not in cleared}
        if never_set and left:
            field, call = min(left.items(), key=lambda kv: kv[1].start_byte)
            shown = ', '.join(f'`this.{f}`' for f in never_set[:3]) + (' and more' if len(never_set) > 3 else '')
            return (method.child_by_field_name('name'),
                    f'`{name}` clears {shown}, which nothing in this file sets, but not `this.{field}` '
                    f'(line {call.start_point.row + 1}): that timer still fires on the torn-down instance',
                    (call,))
    return None


def _extends_own_class(scope: Scope, cls: Node) -> bool:
    """The class extends a class of the project (imported from a local module or declared in the file)."""
    heritage = next((c for c in cls.named_children if c.type == 'class_heritage'), None)
    if heritage is None:
        return False
    parent = next((n for n in _identifiers(heritage)), None)
    if parent is None:
        return True
    found = bindings.binding(scope.file, parent)
    return found is None or found.kind in (bindings.LOCAL, bindings.VALUE)


def _identifiers(node: Node) -> Iterator[Node]:
    stack = [node]
    while stack:
        n = stack.pop(0)
        if n.type == 'identifier':
            yield n
            return
        stack.extend(n.named_children)


def _assigned_anywhere(source: bytes, field: str) -> bool:
    """``.field =`` (not ``==``) or ``field:`` anywhere in the file: set by other code (loosely)."""
    return re.search(rb'(?:\.|\b)' + re.escape(field.encode()) + rb'\s*(?:=(?!=)|:)', source) is not None
