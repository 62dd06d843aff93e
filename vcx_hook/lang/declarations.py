"""Where a name is declared: the ``variable_declarator``, parameter or ``for ... of`` that binds
an identifier in the scopes around it, the value it was declared with and its TypeScript type.
"""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.lang.functions import parameters
from vcx_hook.lang.syntax import Node
from vcx_hook.lang.tree import _tree_memo
from vcx_hook.lang.tree import ancestors
from vcx_hook.lang.tree import FUNCTION_TYPES
from vcx_hook.lang.tree import per_tree
from vcx_hook.lang.tree import text

def declaration(ident: Node) -> Node | None:
    """The nearest ``variable_declarator`` or parameter binding ``ident``'s name, if visible."""
    name = ident.text
    memo = _declarations.get(name)
    if memo is None:
        memo = _declarations[name] = {}
    path = []
    found = None
    for a in ancestors(ident):
        known = memo.get(a, _declarations)
        if known is not _declarations:
            found = known
            break
        path.append(a)
        found = _bound_in(a, name)
        if found is not None:
            break
    for a in path:
        memo[a] = found
    return found


# By name, then by node: the binding ``declaration`` finds from that node up (a name no code
# declares, such as ``fetch``, was looked for all the way up from every one of its uses).
_declarations: dict[bytes, dict[Node, Node | None]] = per_tree({})


def _bound_in(a: Node, name: bytes) -> Node | None:
    """The parameter of function ``a``, or the declaration in block ``a``, binding ``name``."""
    if a.type in FUNCTION_TYPES:
        for p in parameters(a):
            target = p.child_by_field_name('pattern') or p
            if target.type == 'assignment_pattern':
                target = target.child_by_field_name('left') or target
            if target.type == 'identifier' and target.text == name:
                return p
    elif a.type in _BLOCK_TYPES:
        if a.named_child_count > _INDEXED_BLOCK:
            return _block_bindings(a).get(name)
        for child in a.named_children:
            found = _binding(a, child, name)
            if found is not None:
                return found
    return None


_BLOCK_TYPES = frozenset(('statement_block', 'program', 'switch_case', 'for_statement', 'for_in_statement'))
# A block with more statements than this keeps an index of the names it binds: looking each
# name up statement by statement cost the statements squared in a file of many functions.
_INDEXED_BLOCK = 16


def _binding(block: Node, child: Node, name: bytes) -> Node | None:
    """The node in ``block``'s statement ``child`` that binds ``name``, if any."""
    if child.type == 'export_statement':
        child = child.child_by_field_name('declaration') or child
    if child.type in ('lexical_declaration', 'variable_declaration'):
        for d in child.named_children:
            if d.type == 'variable_declarator' and _binds(d.child_by_field_name('name'), name):
                return d
    elif block.type == 'for_in_statement' and child.text == name and _is_left(block, child):
        return block
    return None


def _is_left(loop: Node, child: Node) -> bool:
    """Whether ``child`` is the name a ``for ... of``/``for ... in`` binds (``x`` of ``for (const x
    of xs)``), not the name it iterates (``xs``)."""
    left = loop.child_by_field_name('left')
    return child.type == 'identifier' and left is not None and left.id == child.id


def _block_bindings(block: Node) -> dict[bytes, Node]:
    """Each name ``block``'s statements bind, to its first binding (as ``_binding`` finds it)."""
    found = _tree_memo.get(block)
    if found is not None:
        return found  # type: ignore[return-value]
    out: dict[bytes, Node] = {}
    for child in block.named_children:
        if child.type == 'export_statement':
            child = child.child_by_field_name('declaration') or child
        if child.type in ('lexical_declaration', 'variable_declaration'):
            for d in child.named_children:
                if d.type == 'variable_declarator':
                    for bound in _bound_names(d.child_by_field_name('name')):
                        out.setdefault(bound, d)
        elif block.type == 'for_in_statement' and _is_left(block, child):
            out.setdefault(child.text, block)
    _tree_memo[block] = out
    return out


def _bound_names(pattern: Node | None) -> Iterator[bytes]:
    """Every name ``_binds`` matches in ``pattern``."""
    if pattern is None:
        return
    stack = [pattern]
    while stack:
        node = stack.pop()
        if node.type in ('identifier', 'shorthand_property_identifier_pattern'):
            yield node.text
        else:
            stack.extend(node.named_children)


def _binds(pattern: Node | None, name: bytes) -> bool:
    if pattern is None:
        return False
    if pattern.type in ('identifier', 'shorthand_property_identifier_pattern'):
        return pattern.text == name
    return any(_binds(c, name) for c in pattern.named_children)


def initializer(ident: Node) -> Node | None:
    """The value an identifier was declared with (``const x = <value>``), if any."""
    decl = declaration(ident)
    if decl is not None and decl.type == 'variable_declarator':
        name = decl.child_by_field_name('name')
        if name is not None and name.type == 'identifier':
            return decl.child_by_field_name('value')
    return None


def type_annotation(ident: Node) -> str:
    """The declared TypeScript type of an identifier (``Date`` for ``d: Date``), or ''."""
    decl = declaration(ident)
    if decl is None:
        return ''
    ann = decl.child_by_field_name('type')
    return text(ann).lstrip(':').strip() if ann is not None else ''


def base_class(cls: Node) -> Node | None:
    """The expression a class extends (``Component`` of ``class A extends Component`` or, in
    TypeScript, ``extends Component<P>``), or None."""
    heritage = next((c for c in cls.named_children if c.type == 'class_heritage'), None)
    base = heritage.named_children[0] if heritage is not None and heritage.named_children else None
    if base is not None and base.type == 'extends_clause':
        base = base.child_by_field_name('value')
    return base
