"""missing-cleanup's late DOM writes: an effect that awaits (``await exportToSvg(...)``, a
``.then`` callback) and then writes markup into a ref's node (``ref.current.innerHTML = ...``),
with no cleanup returned.  What it built stays after unmount, and a result that lands after a
newer run or the unmount writes into a stale node."""
from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Mapping

from vcx_hook.checks.missing_cleanup import messages
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_MARKUP = frozenset((b'innerHTML',))


def possible(scope: Scope) -> bool:
    return not scope.file.words.isdisjoint(_MARKUP)


def find(scope: Scope, names: Mapping[str, frozenset[str]]) -> Iterator[tuple[Node, str, tuple[Node, ...]]]:
    """(assignment, message, evidence) for each late markup write into a ref in an effect that
    returns no cleanup."""
    if not possible(scope):
        return
    for prop in scope.named(_MARKUP):
        member = s.parent_of(prop)
        write = s.parent_of(member) if member is not None else None
        if member is None or member.type != 'member_expression' or write is None \
                or write.type != 'assignment_expression' or write.child_by_field_name('left') != member:
            continue
        node = member.child_by_field_name('object')
        if node is None or node.type != 'member_expression' or s.text(node.child_by_field_name('property')) != 'current':
            continue  # not a ref's node (`ref.current`)
        late = _awaited_before(write)
        effect = _effect_around(write, names)
        if late is None or effect is None or messages.has_cleanup(scope.file, effect):
            continue
        hook = s.callee_name(s.calling(effect))
        yield write, (
            f'`{messages.short(write)}` writes into the node after `{messages.short(late)}` on line '
            f'{late.start_point.row + 1} in a `{hook}` that returns no cleanup: after unmount or a newer run '
            f'it writes into a stale node'
        ), (late,)


def _awaited_before(write: Node) -> Node | None:
    """The ``await`` before ``write`` in its function, or the ``.then(...)`` call whose callback holds it."""
    fn = s.enclosing_function(write)
    if fn is None:
        return None
    call = s.calling(fn)
    if call is not None and s.callee_name(call) == 'then':
        return call
    body = fn.child_by_field_name('body')
    stack = list(body.named_children) if body is not None else []
    found = None
    while stack:
        node = stack.pop()
        if node.start_byte >= write.start_byte or node.type in s.FUNCTION_TYPES:
            continue
        if node.type == 'await_expression' and (found is None or node.start_byte > found.start_byte):
            found = node
        stack.extend(node.named_children)
    return found


def _effect_around(write: Node, names: Mapping[str, frozenset[str]]) -> Node | None:
    for fn in s.ancestors(write):
        if fn.type not in s.FUNCTION_TYPES:
            continue
        hook = s.calling(fn)
        if hook is not None and s.callee_name(hook) in names['effect_hooks']:
            return fn
        if fn.type == 'method_definition':
            return None
    return None
