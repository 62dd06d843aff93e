"""How n-plus-one names what it found: a call's label and a short piece of source."""
from __future__ import annotations

from vcx_hook.lang import scope as s
from vcx_hook.lang.syntax import Node


def short(node: Node, limit: int = 40) -> str:
    text = s.normalized(node, limit + 8)
    return text if len(text) <= limit else text[:limit - 3] + '...'


def call_label(call: Node) -> str:
    path = s.callee_path(call)
    if '[]' in path:  # prisma[model].findUnique()
        path = s.normalized(s.callee(call), 60)
    label = f'{path}()'
    if '()' in path:  # knex('users').where(...).first(): name the table, skip the middle
        root = s.chain_calls(call)[-1]
        label = f'{short(root, 30)}...{s.callee_name(call)}()'
    return label if len(label) <= 48 else '...' + label[-45:]

