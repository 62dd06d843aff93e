"""race-condition's concurrent writes: a delete and a write of the same store and key started
together in ``Promise.all`` (``[db.token.deleteMany({ where: { email } }), db.token.create({ data:
{ email, code } })]``).  Their order is not defined: the delete can remove what the write made."""
from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Mapping

from vcx_hook.checks.race_condition.calls import base
from vcx_hook.checks.race_condition.calls import is_kind
from vcx_hook.checks.race_condition.calls import is_store
from vcx_hook.checks.race_condition.calls import store
from vcx_hook.checks.race_condition.candidates import awaits
from vcx_hook.checks.race_condition.nodes import short
from vcx_hook.ecosystem import stores
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_TOGETHER = frozenset(('Promise.all', 'Promise.allSettled'))


def find(scope: Scope, names: Mapping[str, frozenset[str]]) -> Iterator[tuple[Node, str, tuple[Node, ...]]]:
    """(write, message, evidence) for each write started with a delete of the same store and key."""
    for a in awaits(scope):
        together = s.unwrap(a.named_children[0]) if a.named_children else None
        if together is None or together.type != 'call_expression' or s.callee_path(together) not in _TOGETHER:
            continue
        args = s.arguments(together)
        if not args or args[0].type != 'array':
            continue
        calls = [c for e in args[0].named_children if (c := s.unwrap(e)).type == 'call_expression']
        for delete in calls:
            path = store(base(delete))
            if s.callee_name(base(delete)) not in stores.DELETES or not path or not is_store(path, names):
                continue
            keys = _names_in(delete)
            for write in calls:
                if write == delete or store(base(write)) != path or not keys & _names_in(write):
                    continue
                if is_kind(write, names, 'create') or is_kind(write, names, 'write'):
                    yield write, (
                        f'`{short(s.callee_path(write))}()` runs together with the `{s.callee_name(delete)}()` on line '
                        f'{delete.start_point.row + 1} in `{s.callee_path(together)}`; the delete can remove what it writes'
                    ), (delete,)


def _names_in(call: Node) -> set[str]:
    """The names the call's arguments read (``email`` in ``{ where: { identifier: email } }``)."""
    out: set[str] = set()
    stack = list(s.arguments(call))
    while stack:
        node = stack.pop()
        if node.type in ('identifier', 'shorthand_property_identifier'):
            out.add(s.text(node))
        elif node.type == 'member_expression':
            out.add(s.text(node))
        else:
            stack.extend(node.named_children)
    return out
