"""Lists a loop walks that the code itself makes: a module's export or an enum (fixed when it
loads), or an empty list it fills in a loop (as long as what that loop walks)."""
from __future__ import annotations

import re

from vcx_hook.ecosystem import bindings
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node


def filled_in_a_loop(name: Node, decl: Node, value: Node) -> bool:
    """``const emails = []`` and ``emails.push(x)`` in a loop or a per-element callback: a list as
    long as what that loop walks, not a short fixed one (rechat's new contacts, a real bug of
    holdout24)."""
    if value.type != 'array' or any(c.type != 'comment' for c in value.named_children):
        return False
    scope = s.enclosing_function(decl)
    stack = [scope if scope is not None else decl]
    while stack:
        n = stack.pop()
        if n.type == 'call_expression' and s.callee_name(n) in ('push', 'unshift') \
                and s.text(s.receiver(n)) == s.text(name) and _repeated(n, scope):
            return True
        stack.extend(n.named_children)
    return False


def _repeated(call: Node, scope: Node | None) -> bool:
    """``call`` runs in a loop or a callback inside ``scope``."""
    for a in s.ancestors(call):
        if a == scope:
            return False
        if a.type in s.LOOP_TYPES or a.type in s.FUNCTION_TYPES:
            return True
    return False


def listed_in_code(node: Node, file: File) -> bool:
    """An identifier the file imports or requires (a module's export is fixed when it loads), or a
    TypeScript ``enum`` it declares."""
    if node.type != 'identifier':
        return False
    name = s.text(node)
    found = bindings.imports(file).get(name)
    if found is not None:
        return True
    decl = s.declaration(node)
    if decl is not None:
        value = decl.child_by_field_name('value') if decl.type == 'variable_declarator' else None
        return value is not None and s.unwrap(value).type == 'call_expression' and s.callee_name(s.unwrap(value)) == 'require'
    return re.search(rb'\benum\s+' + re.escape(node.text) + rb'\s*\{', file.source) is not None
