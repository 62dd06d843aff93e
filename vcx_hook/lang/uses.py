"""Where one expression's value goes: the call it is an argument or the receiver of, the
assignment or declaration it initializes, the return it leaves by (``use_of``), climbing through
member access, templates, concatenation, literals and ternary branches.
"""
from __future__ import annotations

from typing import NamedTuple

from vcx_hook.lang.syntax import Node
from vcx_hook.lang.tree import parent_of


class Use(NamedTuple):
    """Where a reference's value goes.  ``role``: 'argument' (``target`` is the call or ``new``;
    ``position`` the argument index; a tagged template counts as argument 0), 'receiver'
    (``name.method()``: ``target`` is the call), 'assigned' (right side of an assignment:
    ``target`` is the assignment), 'declared' (initializer: ``target`` is the declarator),
    'returned' (``target`` is the return statement or the arrow function)."""
    ref: Node
    role: str
    target: Node
    position: int


_CARRIERS = frozenset((
    'template_substitution', 'template_string', 'binary_expression', 'parenthesized_expression',
    'await_expression', 'as_expression', 'non_null_expression', 'satisfies_expression', 'array',
    'spread_element', 'object', 'ternary_expression', 'subscript_expression',
))


def use_of(ref: Node) -> Use | None:
    """Where the value read by ``ref`` goes (climbing through member access, templates,
    concatenation, literals and ternary branches); None when it stops in a condition or statement."""
    node = ref
    while parent_of(node) is not None:
        parent = parent_of(node)
        t = parent.type
        if t == 'arguments':
            call = parent_of(parent)
            args = [c for c in parent.named_children if c.type != 'comment']
            return Use(ref, 'argument', call, _index_of(args, node))
        if t == 'member_expression':
            if not same(parent.child_by_field_name('object'), node):
                return None
            grand = parent_of(parent)
            if grand is not None and grand.type == 'call_expression' and same(grand.child_by_field_name('function'), parent):
                return Use(ref, 'receiver', grand, -1)
        elif t in ('call_expression',) and parent.child_by_field_name('arguments') is not None \
                and same(parent.child_by_field_name('arguments'), node):
            return Use(ref, 'argument', parent, 0)  # tagged template
        elif t == 'new_expression' and same(parent.child_by_field_name('arguments'), node):
            return Use(ref, 'argument', parent, 0)
        elif t == 'pair':
            if not same(parent.child_by_field_name('value'), node):
                return None
        elif t == 'ternary_expression':
            if same(parent.child_by_field_name('condition'), node):
                return None
        elif t == 'subscript_expression':
            if not same(parent.child_by_field_name('object'), node):
                return None
        elif t == 'assignment_expression':
            if not same(parent.child_by_field_name('right'), node):
                return None
            return Use(ref, 'assigned', parent, -1)
        elif t == 'variable_declarator':
            if not same(parent.child_by_field_name('value'), node):
                return None
            return Use(ref, 'declared', parent, -1)
        elif t == 'return_statement':
            return Use(ref, 'returned', parent, -1)
        elif t == 'arrow_function':
            if same(parent.child_by_field_name('body'), node):
                return Use(ref, 'returned', parent, -1)
            return None
        elif t not in _CARRIERS:
            return None
        node = parent
    return None


def same(a: Node | None, b: Node | None) -> bool:
    """The same node of the same tree (by its span and type)."""
    return a is not None and b is not None and (a.start_byte, a.end_byte, a.type) == (b.start_byte, b.end_byte, b.type)


def _index_of(args: list[Node], node: Node) -> int:
    for i, a in enumerate(args):
        if same(a, node):
            return i
    return 0


def is_non_reference(node: Node) -> bool:
    """Identifiers that name things rather than read a variable (labels, import/export specifiers...)."""
    parent = parent_of(node)
    if parent is None:
        return False
    pt = parent.type
    if pt in ('import_specifier', 'import_clause', 'namespace_import', 'export_specifier',
              'labeled_statement', 'break_statement', 'continue_statement', 'class_declaration',
              'class', 'jsx_opening_element', 'jsx_closing_element', 'jsx_self_closing_element',
              'catch_clause', 'nested_identifier'):
        return True
    return pt == 'jsx_attribute'
