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


def imported_names(statement: Node) -> list[str]:
    """The local names an ``import`` statement binds: default, namespace and named (their aliases)."""
    out: list[str] = []
    for clause in statement.named_children:
        if clause.type == 'import_require_clause':  # TypeScript's `import mongo = require('mongodb')`
            out.extend(nodes.text(c) for c in clause.named_children[:1] if c.type == 'identifier')
        if clause.type != 'import_clause':
            continue
        for part in clause.named_children:
            if part.type == 'identifier':
                out.append(nodes.text(part))
            elif part.type == 'namespace_import':
                out.extend(nodes.text(c) for c in part.named_children if c.type == 'identifier')
            elif part.type == 'named_imports':
                for spec in part.named_children:
                    local = spec.child_by_field_name('alias') or spec.child_by_field_name('name')
                    if local is not None:
                        out.append(nodes.text(local))
    return out


def import_source(statement: Node) -> str | None:
    """The module an ``import`` statement reads: ``'pkg'`` of ``import x from 'pkg'`` and of
    TypeScript's ``import x = require('pkg')``."""
    source = statement.child_by_field_name('source')
    if source is None:
        clause = next((c for c in statement.named_children if c.type == 'import_require_clause'), None)
        source = clause.child_by_field_name('source') if clause is not None else None
    return nodes.string_value(source) if source is not None else None


def imported_from(root: Node, name: str) -> str | None:
    """The module a top-level ``import`` of ``root`` takes ``name`` from (``'util'`` of
    ``import { promisify } from 'util'``), or None."""
    for statement in root.named_children:
        if statement.type != 'import_statement':
            continue
        source = statement.child_by_field_name('source')
        if source is not None and name in imported_names(statement):
            return nodes.string_value(source)
    return None


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
