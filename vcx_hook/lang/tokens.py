"""What a stretch of code says, without how it is written: the syntax tree over a byte range as a
sequence of node types and leaf tokens, leaving out what a formatter changes (whitespace and line
breaks, semicolons, trailing commas, a string's quotes, parentheses that only group, the spacing
of JSX text; comments are kept: editing one is a change to its line).  Two versions of some lines with the same sequence differ only in formatting.
"""
from __future__ import annotations

from vcx_hook.lang.syntax import Node

_CLOSING = frozenset((')', ']', '}', '>'))
_COMMENTS = frozenset(('comment', 'html_comment'))
# Wrappers a formatter adds or removes; the grouping they express is in the tree's shape.
_GROUPING = frozenset(('parenthesized_expression',))
_QUOTES = {'\\\'': "'", '\\"': '"'}
# A changed stretch in an unparsable file is always a change.
UNPARSABLE = ('ERROR', '')


def code_tokens(root: Node, start: int, end: int) -> list[tuple[str, str]]:
    """``(type, text)`` for the nodes of ``root``'s tree overlapping bytes ``[start, end)`` in
    document order: each named node as ``(type, '')`` and its end as ``('/', type)``, each leaf
    as ``(type, text)``, each string as ``('string', value)``.  An empty range gives the nodes
    strictly around that position.  A syntax error in the range gives ``[UNPARSABLE]``."""
    out: list[tuple[str, str]] = []
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, closing = stack.pop()
        if closing:
            out.append(('/', node.type))
            continue
        kind = node.type
        if kind == 'ERROR' or node.is_missing:
            return [UNPARSABLE]
        if kind == ';':
            continue
        if kind == 'string':
            out.append(('string', _string_value(node)))
            continue
        children = node.children
        if not children:
            text = node.text.decode('utf-8', 'replace')
            if kind == 'jsx_text':
                text = ' '.join(text.split())
                if not text:
                    continue  # the line breaks between elements
            out.append((kind, text))
            continue
        if kind not in _GROUPING:
            out.append((kind, ''))
            stack.append((node, True))
        kept = [
            c for i, c in enumerate(children)
            if c.end_byte > start and c.start_byte < end
            if not (kind in _GROUPING and c.type in ('(', ')')) and not _trailing_comma(children, i)
        ]
        stack.extend((c, False) for c in reversed(kept))
    return out


def _trailing_comma(children: list[Node], i: int) -> bool:
    """Whether ``children[i]`` is a comma with only comments between it and a closing bracket."""
    if children[i].type != ',':
        return False
    for after in children[i + 1:]:
        if after.type not in _COMMENTS:
            return after.type in _CLOSING
    return False


def _string_value(node: Node) -> str:
    """A string literal's characters as written between its quotes, quote escapes undone."""
    return ''.join(_QUOTES.get(t, t) for t in (c.text.decode('utf-8', 'replace') for c in node.named_children))
