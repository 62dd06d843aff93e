"""The tree questions race-condition's rules share: the same node, the ``if`` that tests a value,
the act that follows it, two branches of which one runs, the root of a member path, and short
texts for messages."""
from __future__ import annotations


from vcx_hook.lang import scope as s
from vcx_hook.lang.syntax import Node
from vcx_hook.lang import lazyre

_EXITS = lazyre.compile(r'\b(return|throw)\b')


def same(a: Node | None, b: Node | None) -> bool:
    return a is not None and b is not None and (a.start_byte, a.end_byte, a.type) == (b.start_byte, b.end_byte, b.type)


def is_left(mutation: Node, node: Node) -> bool:
    left = mutation.child_by_field_name('left') or mutation.child_by_field_name('argument')
    return left is not None and same(left, node)


def root_identifier(node: Node | None) -> Node | None:
    while node is not None and node.type in ('member_expression', 'subscript_expression'):
        node = node.child_by_field_name('object')
    return node if node is not None and node.type == 'identifier' else None


def if_testing(node: Node) -> Node | None:
    """The ``if`` whose condition reads ``node``."""
    child = node
    for parent in s.ancestors(node):
        if parent.type == 'if_statement':
            return parent if same(parent.child_by_field_name('condition'), child) else None
        if parent.type in s.FUNCTION_TYPES or parent.type.endswith(('statement', 'declaration', 'declarator')):
            return None
        child = parent
    return None


def acts_after(stmt: Node, write: Node) -> bool:
    """``write`` acts on the check of ``stmt``: inside the ``if``, or after it when its branch
    returns or throws."""
    cond = stmt.child_by_field_name('condition')
    if cond is None or write.start_byte < cond.end_byte:
        return False
    if write.start_byte < stmt.end_byte:
        return True
    consequence = stmt.child_by_field_name('consequence')
    return consequence is not None and bool(_EXITS.search(s.text(consequence)[:400]))


def exclusive(a: Node, b: Node) -> bool:
    """``a`` and ``b`` in the two branches of one ``if`` (an ``else if`` chain's too) or ternary, or
    the first in a block that returns or throws before the second (``if (found) { await update();
    return dto } await create()``): one pass runs at most one of them."""
    first, second = (a, b) if a.start_byte <= b.start_byte else (b, a)
    if _left_before(first, second):
        return True
    child = a
    for parent in s.ancestors(a):
        if parent.start_byte <= b.start_byte and b.end_byte <= parent.end_byte:
            if parent.type not in ('if_statement', 'ternary_expression'):
                return False
            yes, no = parent.child_by_field_name('consequence'), parent.child_by_field_name('alternative')
            return yes is not None and no is not None and any(
                same(child, x) and y.start_byte <= b.start_byte < y.end_byte for x, y in ((yes, no), (no, yes)))
        child = parent
    return False


def _left_before(a: Node, b: Node) -> bool:
    """``a`` is in a block, not holding ``b``, whose statements after ``a``'s return or throw."""
    child = a
    for parent in s.ancestors(a):
        if (parent.start_byte <= b.start_byte and b.end_byte <= parent.end_byte) or parent.type in s.FUNCTION_TYPES:
            return False
        if parent.type == 'statement_block' and any(
                n.start_byte >= child.end_byte and n.type in ('return_statement', 'throw_statement')
                for n in parent.named_children):
            return True
        child = parent
    return False


def callee(call: Node) -> str:
    """``prisma.user.create`` for a message; ``ctx.db[list].count`` as written, not ``ctx.db[].count``."""
    path = s.callee_path(call)
    if '[]' not in path:
        return path
    fn = s.callee(call)
    return s.normalized(fn, 80) if fn is not None else path


def head(text: str) -> str:
    return text if len(text) <= 36 else text[:35] + '…'


def short(text: str) -> str:
    return text if len(text) <= 36 else '…' + text[-35:]
