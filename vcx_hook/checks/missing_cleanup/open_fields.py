"""A teardown that leaves open a server or client its class holds (low): ``stop()`` (``close``,
``destroy``, ``dispose``, ``shutdown``...) of a class with a field bound to a connected client or
server (a database pool or driver, Redis, a broker's client, a GraphQL Yoga server: by the field's
type or what is assigned to it) never names that field, while the class owns it: it makes it
itself (``this.yoga = createYoga({...})`` in ``start()``), or it was handed in beside another
field the teardown does shut (``constructor(private stompClient: Client, private database: Sql)``
and ``stop() { this.stompClient.deactivate() }``). After ``stop()`` its connections stay open: the
process does not exit, the pool keeps its sockets, a restarted instance opens more. Not a field
another method hands on (``return this.pool``): shared, closed by its other holder.

Found on real bugs: cord-api's GraphQL driver whose ``stop()`` is a no-op (holdout24), bichard's
message forwarder whose ``stop()`` leaves its postgres connection open (holdout19)."""
from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Mapping

from vcx_hook.checks.missing_cleanup.partial_teardown import teardown
from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import resources
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_CLASSES = frozenset(('class_declaration', 'class', 'abstract_class_declaration'))
_HANDED = frozenset((bindings.INJECTION,))


def possible(scope: Scope) -> bool:
    """A class, in a file importing one of ``resources.HELD_OPEN``'s packages."""
    return scope.holds(b'class') and any(b.library in resources.HELD_OPEN for b in bindings.imports(scope.file).values())


def find(scope: Scope, names: Mapping[str, frozenset[str]]) -> Iterator[tuple[Node, str, tuple[Node, ...]]]:
    if not possible(scope):
        return
    for name in scope.file.named(frozenset((b'class',)), ((0, len(scope.file.source)),), frozenset(('class',))):
        cls = s.parent_of(name)
        if cls is None or cls.type not in _CLASSES:
            continue
        body = cls.child_by_field_name('body')
        if body is None:
            continue
        held = {f: b for f, b in bindings.fields(scope.file, cls).items() if b.library in resources.HELD_OPEN}
        if not held:
            continue
        for method in (m for m in body.named_children if m.type == 'method_definition'):
            mname = s.text(method.child_by_field_name('name'))
            if mname == 'constructor' or not teardown(mname, names) or not scope.contains(method):
                continue
            named = _fields_named(method)
            for field, bound in held.items():
                if field in named or _handed_on(body, field):
                    continue
                made = _made_here(body, field)
                if made is None and not (bound.how in _HANDED and _shuts_handed(method, named, scope, cls)):
                    continue
                yield (method.child_by_field_name('name') or method,
                       f'`{mname}()` never closes `this.{field}` ({bound.library}), which the class '
                       f'{"makes" if made is not None else "is handed and owns"}: its connections stay open '
                       'after it', (made,) if made is not None else ())


def _fields_named(within: Node) -> set[str]:
    """The ``x`` of every ``this.x`` inside ``within``."""
    out = set()
    stack = [within]
    while stack:
        n = stack.pop()
        if n.type == 'member_expression' and s.unwrap(n.child_by_field_name('object')).type == 'this':
            out.add(s.text(n.child_by_field_name('property')))
        stack.extend(n.named_children)
    return out


def _made_here(body: Node, field: str) -> Node | None:
    """``this.x = createYoga(...)`` / ``new Pool(...)`` somewhere in the class (or a field's
    initializer, ``x = new Pool()``): the call."""
    stack = [body]
    while stack:
        n = stack.pop()
        if n.type in ('public_field_definition', 'field_definition'):
            key = n.child_by_field_name('name') or n.child_by_field_name('property')
            value = n.child_by_field_name('value')
            if key is not None and s.text(key) == field and value is not None \
                    and s.unwrap(value).type in ('call_expression', 'new_expression'):
                return s.unwrap(value)
        if n.type == 'assignment_expression':
            left, right = n.child_by_field_name('left'), n.child_by_field_name('right')
            right = s.unwrap(right) if right is not None else None
            if right is not None and right.type == 'await_expression' and right.named_children:
                right = s.unwrap(right.named_children[0])
            if left is not None and left.type == 'member_expression' and s.text(left) == f'this.{field}' \
                    and right is not None and right.type in ('call_expression', 'new_expression'):
                return right
        stack.extend(n.named_children)
    return None


def _handed_on(body: Node, field: str) -> bool:
    """``return this.pool``, ``get pool() { return this.pool }``: others hold it too (a call handed it
    only uses it)."""
    stack = [body]
    while stack:
        n = stack.pop()
        if n.type == 'member_expression' and s.text(n) == f'this.{field}':
            parent = s.parent_of(n)
            if parent is not None and parent.type == 'return_statement':
                return True
        stack.extend(n.named_children)
    return False


def _shuts_handed(method: Node, named: set[str], scope: Scope, cls: Node) -> bool:
    """The teardown calls a method of another field the constructor was handed (``this.stompClient.
    deactivate()``): the class owns what it is handed."""
    fields = bindings.fields(scope.file, cls)
    return any(f in named and b.how in _HANDED for f, b in fields.items())
