"""Minified or generated code in a file people write: which top-level statements to leave out.

A line over ``max-line-length`` is minified when its code is: what is left of it outside string,
template and regular-expression literals, comments and JSX text is still over the limit.  A
component holding a base64 data URI has one long string, not minified code, and is audited whole.
"""
from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import NamedTuple

from vcx_hook.lang import syntax

_LITERALS = '[(string) (template_string) (regex) (comment)] @literal'
_JSX_LITERALS = '[(string) (template_string) (regex) (comment) (jsx_text)] @literal'


class Left(NamedTuple):
    """Adjacent top-level statements left out: their bytes, 0-based rows, and the longest line
    among them in bytes."""

    start_byte: int
    end_byte: int
    first_row: int
    last_row: int
    longest: int


def longest_line(data: bytes, limit: int) -> int:
    """The longest line's length in bytes when some line is over ``limit``, else 0 (cheap)."""
    if len(data) <= limit:
        return 0
    longest = max(map(len, data.split(b'\n')))
    return longest if longest > limit else 0


def bundle(data: bytes, limit: int) -> bool:
    """Whether every line is either over ``limit`` and dense with code (a ``;``, ``{`` or ``(``
    per 100 bytes at least) or blank or a comment: a bundle, left out whole without a parse."""
    for line in data.split(b'\n'):
        if len(line) > limit:
            if (line.count(b';') + line.count(b'{') + line.count(b'(')) * 100 < len(line):
                return False
        else:
            text = line.strip()
            if text and not text.startswith((b'//', b'/*', b'*')):
                return False
    return True


def left_out(tree: syntax.Tree, limit: int) -> list[Left]:
    """The top-level statements holding a minified line (``tree`` of the whole file), merged
    where adjacent, in order."""
    long_lines = []
    start = 0
    for line in tree.source.split(b'\n'):
        if len(line) > limit:
            long_lines.append((start, start + len(line)))
        start += len(line) + 1
    if not long_lines:
        return []
    statements = tree.root.named_children
    starts = [n.start_byte for n in statements]
    found: dict[int, int] = {}  # index of a statement -> its longest minified line
    for (lo, hi), literal in zip(long_lines, _literal_bytes(tree, long_lines)):
        if hi - lo - literal <= limit:
            continue
        i = max(bisect.bisect_right(starts, lo) - 1, 0)
        while i < len(statements) and statements[i].start_byte < hi:
            if statements[i].end_byte > lo and statements[i].type != 'comment':
                found[i] = max(found.get(i, 0), hi - lo)
            i += 1
    out: list[Left] = []
    for i in sorted(found):
        node = statements[i]
        if out and statements[i - 1].end_byte == out[-1].end_byte:
            prev = out[-1]
            out[-1] = Left(prev.start_byte, node.end_byte, prev.first_row, node.end_point.row, max(prev.longest, found[i]))
        else:
            out.append(Left(node.start_byte, node.end_byte, node.start_point.row, node.end_point.row, found[i]))
    return out


def _literal_bytes(tree: syntax.Tree, lines: Sequence[tuple[int, int]]) -> list[int]:
    """For each ``(start, end)`` byte range (in order, apart), how many of its bytes are in
    literals or comments: one query over the span they cover."""
    query = _LITERALS if tree.grammar == 'typescript' else _JSX_LITERALS
    found = syntax.captures(tree.grammar, query, tree.root, (lines[0][0], lines[-1][1])).get('literal', [])
    out = []
    k = 0
    reached = 0  # a literal inside one counted already (a string in a template) adds nothing
    for lo, hi in lines:
        literal = 0
        while k < len(found) and found[k].start_byte < hi:
            node = found[k]
            a, b = max(node.start_byte, lo, reached), min(node.end_byte, hi)
            if b > a:
                literal += b - a
                reached = b
            if node.end_byte > hi:
                break  # it goes on over the next line
            k += 1
        out.append(literal)
    return out


def only_code(tree: syntax.Tree, left: Sequence[Left]) -> bool:
    """Whether ``left`` holds every top-level statement but comments (nothing else to audit)."""
    return all(
        any(x.start_byte <= n.start_byte and n.end_byte <= x.end_byte for x in left)
        for n in tree.root.named_children if n.type not in ('comment', 'hash_bang_line')
    )


_SPACES = bytes(0x0A if b == 0x0A else 0x20 for b in range(256))


def blank(data: bytes, left: Sequence[Left]) -> bytes:
    """``data`` with the statements of ``left`` as spaces, line breaks kept: the same length and
    rows, and what is around them parses as before."""
    out = bytearray(data)
    for x in left:
        out[x.start_byte:x.end_byte] = data[x.start_byte:x.end_byte].translate(_SPACES)
    return bytes(out)
