"""A tree a class renders that its teardown never unmounts: the constructor of a widget calls
Preact's or React DOM's ``render(<ToastMessages bus={this.bus} />, container)`` and ``destroy()``
never calls ``render(null, container)`` (``unmountComponentAtNode``, a root's ``unmount()``). The
components stay mounted after the instance is destroyed, with their effects and subscriptions,
one tree more per instance made and destroyed."""
from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Mapping

from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import packages
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_RENDER = frozenset((b'render',))
_RENDERER_BYTES = tuple(p.encode() for p in packages.DOM_RENDERERS)
_UNMOUNTS = frozenset((b'unmountComponentAtNode', b'unmount'))
_CLASSES = frozenset(('class_declaration', 'class', 'abstract_class_declaration'))


def possible(scope: Scope) -> bool:
    return b'render' in scope.file.words and scope.holds(b'render') and any(
        p in scope.file.source for p in _RENDERER_BYTES)


def find(scope: Scope, names: Mapping[str, frozenset[str]]) -> Iterator[tuple[Node, str, tuple[Node, ...]]]:
    """(render call, message, evidence: the teardown) for each tree mounted and never unmounted."""
    if not possible(scope):
        return
    for name in scope.named(_RENDER):
        call = s.called_by(name)
        if call is None or not _mounts(scope, call, name):
            continue
        body = next((a for a in s.ancestors(call) if a.type == 'class_body'), None)
        if body is None or s.parent_of(body).type not in _CLASSES:
            continue
        teardowns = [m for m in body.named_children if m.type == 'method_definition'
                     and s.text(m.child_by_field_name('name')) in names['teardown_methods']]
        if not teardowns or any(t.start_byte <= call.start_byte < t.end_byte for t in teardowns) \
                or _unmounts(scope, body):
            continue
        teardown = s.text(teardowns[0].child_by_field_name('name'))
        yield call, (f'`{s.normalized(call, 50)}` mounts a tree that `{teardown}()` never unmounts '
                     '(`render(null, container)`): its components, effects and subscriptions outlive the instance'), \
            (teardowns[0],)


def _mounts(scope: Scope, call: Node, name: Node) -> bool:
    """``render(<X />, el)`` of preact or react-dom (imported, or ``ReactDOM.render``), given
    something to render, not ``null``."""
    args = s.arguments(call)
    if len(args) < 2 or s.unwrap(args[0]).type in ('null', 'undefined'):
        return False
    callee = s.callee(call)
    if callee is None:
        return False
    if callee == name:
        bound = bindings.imports(scope.file).get('render')
    elif callee.type == 'member_expression' and s.parent_of(name) == callee:
        obj = callee.child_by_field_name('object')
        bound = bindings.binding(scope.file, obj) if obj is not None and obj.type == 'identifier' else None
    else:
        return False
    return bound is not None and bound.library in packages.DOM_RENDERERS


def _unmounts(scope: Scope, body: Node) -> bool:
    """Anything in the class that unmounts: ``render(null, el)``, ``unmountComponentAtNode``, a
    root's ``unmount()``."""
    ranges = ((body.start_byte, body.end_byte),)
    if scope.file.named(_UNMOUNTS, ranges):
        return True
    for name in scope.file.named(_RENDER, ranges):
        call = s.called_by(name)
        args = s.arguments(call) if call is not None else []
        if args and s.unwrap(args[0]).type in ('null', 'undefined'):
            return True
    return False
