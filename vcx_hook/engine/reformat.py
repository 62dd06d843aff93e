"""The part of a change that changes code: its hunks less those that only reformat (a lint or
formatter commit rewraps lines, swaps quotes, adds semicolons and trailing commas, and leaves what
the code does alone) and those that only delete ``console`` calls (a clean-up commit removes a
debugging ``console.log("zipname : ", zipname)`` beside the line a question is about, and has not
written that line), or only delete comments; and, in a hunk that changes code, the lines it only
re-indents.  ``ask = "changed"`` treats those lines as unchanged (docs/changed.md).
"""
from __future__ import annotations

import difflib
import re

from vcx_hook.engine.target import Base
from vcx_hook.engine.target import Change
from vcx_hook.engine.target import source_text
from vcx_hook.lang import syntax
from vcx_hook.lang.syntax import Node
from vcx_hook.lang.tokens import code_tokens

Hunk = tuple[int, int] | int  # rows [start, end) of one side, or the point where the other side's rows were


def code_change(change: Change, base: Base, root: Node, source: bytes) -> Change:
    """``change`` (rows of ``source``, whose tree is ``root``) without the hunks whose lines say
    the same code as the lines they replaced in ``base`` (``lang.tokens.code_tokens``).  Each hunk
    is one range or one point on each side, in the same order (``change_from_hunks``)."""
    new_hunks = _in_order(change)
    old_hunks = _in_order(base.change)
    grammar = syntax.grammar_for(base.path)
    if grammar is None:
        return change
    try:
        old_source = source_text(base.data)
    except UnicodeDecodeError:
        return change
    if len(new_hunks) != len(old_hunks):  # hunks cut apart (moved code left out): lines, not hunks
        return _respaced_left_out(change, source, old_source)
    old_root = syntax.parse(old_source, grammar).root
    new_starts, old_starts = _line_starts(source), _line_starts(old_source)
    rows: list[tuple[int, int]] = []
    deletions: list[int] = []
    for new, old in zip(new_hunks, old_hunks):
        old_span = _span(old, old_starts, len(old_source))
        if code_tokens(root, *_span(new, new_starts, len(source))) == code_tokens(old_root, *old_span):
            continue
        if not isinstance(new, tuple) and (_only_comments(old_root, *old_span)
                                           or _only_console_calls(old_root, *old_span)):
            continue
        if isinstance(new, tuple) and isinstance(old, tuple):
            written, deleted = _rewritten(new, old, source, old_source)
            rows.extend(written)
            deletions.extend(deleted)
        elif isinstance(new, tuple):
            rows.append(new)
        else:
            deletions.append(new)
    return Change(tuple(rows), tuple(deletions))


def _rewritten(new: tuple[int, int], old: tuple[int, int], source: bytes, old_source: bytes) -> tuple[list[tuple[int, int]], list[int]]:
    """The rows of hunk ``new`` that change code, and the points where it deleted code, once the lines
    it only re-indents or re-spaces are left out: a commit that re-indents a whole file (spaces to
    tabs) and changes a read in one function is one hunk, and wrote only that read (ever-traduora
    698ce1f, round 22's replay: a pair of writes it had not touched was asked). Lines are matched
    in order with their white space left out."""
    new_lines = [_WHITE.sub(b'', line) for line in source.split(b'\n')[new[0]:new[1]]]
    old_lines = [_WHITE.sub(b'', line) for line in old_source.split(b'\n')[old[0]:old[1]]]
    if len(new_lines) * len(old_lines) > _MAX_PAIRS:
        return [new], []
    rows: list[tuple[int, int]] = []
    deletions: list[int] = []
    for tag, _i1, _i2, j1, j2 in difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes():
        if tag == 'equal':
            continue
        if j1 < j2:
            rows.append((new[0] + j1, new[0] + j2))
        else:
            deletions.append(new[0] + j1)
    return rows, deletions


def _respaced_left_out(change: Change, source: bytes, old_source: bytes) -> Change:
    """``change`` less the rows that only re-space a line of the old file (``_rewritten`` over the
    whole files: used when the hunks of the two sides do not pair up)."""
    whole = (0, source.count(b'\n') + 1), (0, old_source.count(b'\n') + 1)
    written, _ = _rewritten(*whole, source, old_source)
    if written == [whole[0]]:  # too long to match line by line
        return change
    rows = [(max(start, a), min(end, b)) for start, end in change.rows for a, b in written if a < end and start < b]
    return Change(tuple(rows), change.deletions)


_WHITE = re.compile(rb'\s+')
_MAX_PAIRS = 4_000_000  # a hunk of 2,000 lines a side: beyond it, the hunk is written in full


def _only_comments(root: Node, start: int, end: int) -> bool:
    """The rows ``[start, end)`` hold comments and blank space only, and one comment at least
    (a clean-up commit deletes ``// ensure we have a related user`` inside a function it leaves
    alone otherwise)."""
    found = False
    node = root.descendant_for_byte_range(start, max(start, end - 1))
    while node is not None and not (node.start_byte <= start and end <= node.end_byte):
        node = node.parent
    if node is None:
        return False
    stack = [node]
    while stack:
        n = stack.pop()
        if n.end_byte <= start or n.start_byte >= end:
            continue
        if n.type == 'comment':
            if not (start <= n.start_byte and n.end_byte <= end):
                return False
            found = True
        elif not n.children:
            return False  # a token of code in the deleted rows
        else:
            stack.extend(n.children)
    return found


def _only_console_calls(root: Node, start: int, end: int) -> bool:
    """Every statement in ``[start, end)`` is a call of a ``console`` method
    (``console.log(...)``, ``console.debug(...)``), and there is one at least."""
    node = root.descendant_for_byte_range(start, max(start, end - 1))
    while node is not None and not (node.start_byte <= start and end <= node.end_byte and node.type in _BLOCKS):
        node = node.parent
    statements = [c for c in node.named_children if c.start_byte < end and start < c.end_byte and c.type != 'comment'] \
        if node is not None else []
    return bool(statements) and all(_console_call(c) and start <= c.start_byte and c.end_byte <= end for c in statements)


_BLOCKS = frozenset(('program', 'statement_block', 'class_body', 'switch_case', 'switch_default'))


def _console_call(statement: Node) -> bool:
    call = statement.named_children[0] if statement.type == 'expression_statement' and statement.named_children else None
    callee = call.child_by_field_name('function') if call is not None and call.type == 'call_expression' else None
    obj = callee.child_by_field_name('object') if callee is not None and callee.type == 'member_expression' else None
    return obj is not None and obj.type == 'identifier' and obj.text == b'console'


def _in_order(change: Change) -> list[Hunk]:
    return sorted([*change.rows, *change.deletions], key=lambda h: h[0] if isinstance(h, tuple) else h)


def _span(hunk: Hunk, starts: list[int], size: int) -> tuple[int, int]:
    """The byte range of a hunk's rows (empty at a point)."""
    def at(row: int) -> int:
        return starts[row] if row < len(starts) else size
    return (at(hunk[0]), at(hunk[1])) if isinstance(hunk, tuple) else (at(hunk), at(hunk))


def _line_starts(source: bytes) -> list[int]:
    starts = [0]
    pos = source.find(b'\n')
    while pos != -1:
        starts.append(pos + 1)
        pos = source.find(b'\n', pos + 1)
    return starts
