"""Where a value comes from another module: ``require('pkg')``, ``await import('pkg')``, and an
object merging the exports of modules."""
from __future__ import annotations

from vcx_hook.lang import nodes
from vcx_hook.lang.syntax import Node

REQUIRE = 'require'
IMPORT = 'import'


def required(value: Node) -> str | None:
    """``'pkg'`` of ``require('pkg')``, ``require('pkg').x``, ``await import('pkg')``."""
    node = nodes.unwrap(value)
    while node.type == 'member_expression':
        node = nodes.unwrap(node.child_by_field_name('object'))
    if node.type != 'call_expression':
        return None
    fn = node.child_by_field_name('function')
    if fn is None or not (fn.type == 'import' or (fn.type == 'identifier' and nodes.text(fn) == 'require')):
        return None
    args = nodes.arguments(node)
    return nodes.string_value(args[0]) if len(args) == 1 else None


def is_import(value: Node) -> bool:
    node = nodes.unwrap(value)
    while node.type == 'member_expression':
        node = nodes.unwrap(node.child_by_field_name('object'))
    fn = node.child_by_field_name('function')
    return fn is not None and fn.type == 'import'


def merged(value: Node) -> tuple[str, str] | None:
    """``{ ...require('./contact/get'), ...require('./contact/create') }``: one object merging the
    exports of modules, every member a spread of a require or an import; the first module and how
    it is taken (``REQUIRE`` or ``IMPORT``): rechat's models, a real bug of holdout24."""
    value = nodes.unwrap(value)
    if value.type != 'object':
        return None
    first: tuple[str, str] | None = None
    for member in value.named_children:
        if member.type == 'comment':
            continue
        spread = member.named_children[0] if member.type == 'spread_element' and member.named_children else None
        module = required(spread) if spread is not None else None
        if module is None or spread is None:
            return None
        first = first or (module, IMPORT if is_import(spread) else REQUIRE)
    return first
