"""Moved is not new: code cut from one place and pasted unchanged elsewhere is not audited again.

A function (or the top-level statement or class member holding it) whose every line the change
adds, and whose normalized text the same change deletes somewhere (another file, or elsewhere in
the same file), is moved: its rows are taken out of the target's change.  An edit anywhere in it,
or on the lines it shares with other code, makes the text differ, so it is audited as usual.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple

from vcx_hook import scope
from vcx_hook import syntax
from vcx_hook.scope import File
from vcx_hook.syntax import Node
from vcx_hook.target import Change
from vcx_hook.target import Target

FUNCTION_QUERY = (
    '[(function_declaration) (function_expression) (arrow_function) (method_definition)'
    ' (generator_function) (generator_function_declaration)] @fn'
)
_WS = re.compile(rb'\s+')
_PUNCT_SPACE = re.compile(rb' ?([^\w$ ]) ?')
_CLEAN_TAIL = re.compile(rb'[\s;,]*')


class OldSide(NamedTuple):
    """Pre-change content of a file the change deletes lines from (``git.deleted_code``).

    ``rows`` are the deleted rows: 0-based half-open ranges of ``data``.
    """

    path: str
    data: bytes
    rows: tuple[tuple[int, int], ...]


class Moved(NamedTuple):
    targets: list[Target]
    functions: int  # functions taken out of the audit


def apply(targets: Sequence[Target], old_sides: Sequence[OldSide]) -> Moved:
    """``targets`` with moved code removed from their changes."""
    deleted = _Deleted()
    for side in old_sides:
        deleted.add(side)
    if not deleted.units:
        return Moved(list(targets), 0)
    out = []
    count = 0
    for t in targets:
        unmoved, n = _unmove(t, deleted)
        out.append(unmoved)
        count += n
    return Moved(out, count)


def key(text: bytes) -> bytes:
    """Code text with formatting differences (indentation, line breaks, spacing) removed."""
    return _PUNCT_SPACE.sub(rb'\1', _WS.sub(b' ', text).strip())


class _Deleted:
    """What the change deletes: keys of whole functions and their enclosing units, and of comments."""

    def __init__(self) -> None:
        self.units: Counter[bytes] = Counter()
        self.comments: Counter[bytes] = Counter()
        self.first_rows: set[bytes] = set()

    def add(self, side: OldSide) -> None:
        grammar = syntax.grammar_for(side.path)
        if grammar is None:
            return
        tree = syntax.parse(side.data, grammar)
        rows = _Rows(side.rows)
        lines = side.data.split(b'\n')
        seen: set[tuple[int, int, str]] = set()
        for fn in _functions(tree):
            if not rows.covers(fn):
                continue
            for node in _chain(fn, rows):
                ident = (node.start_byte, node.end_byte, node.type)
                if ident not in seen:
                    seen.add(ident)
                    self.units[key(node.text)] += 1
                    self.first_rows.add(key(lines[node.start_point.row]))
                    for c in _leading_comments(node, rows):
                        ident = (c.start_byte, c.end_byte, c.type)
                        if ident not in seen:
                            seen.add(ident)
                            self.comments[key(c.text)] += 1


class _Rows:
    """A set of 0-based rows given as half-open ranges."""

    def __init__(self, ranges: Sequence[tuple[int, int]]) -> None:
        merged: list[tuple[int, int]] = []
        for start, end in sorted(ranges):
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        self.ranges = merged

    def covers(self, node: Node) -> bool:
        first, last = node.start_point.row, node.end_point.row
        return any(start <= first and last < end for start, end in self.ranges)

    def minus(self, removed: Sequence[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
        out = []
        for start, end in self.ranges:
            pieces = [(start, end)]
            for r_start, r_end in removed:
                pieces = [
                    part for a, b in pieces
                    for part in ((a, min(b, r_start)), (max(a, r_end), b)) if part[0] < part[1]
                ]
            out.extend(pieces)
        return tuple(out)


def _functions(tree: syntax.Tree) -> list[Node]:
    found = syntax.captures(tree.grammar, FUNCTION_QUERY, tree.root).get('fn', [])
    return sorted(found, key=lambda n: (n.start_byte, -n.end_byte))


def _chain(fn: Node, rows: _Rows) -> list[Node]:
    """``fn`` and its ancestors whose rows are all in ``rows``, outermost first."""
    chain = [fn]
    node = fn.parent
    while node is not None and node.type != 'program' and rows.covers(node):
        chain.append(node)
        node = node.parent
    return chain[::-1]


def _leading_comments(node: Node, rows: _Rows) -> list[Node]:
    """Comments directly above ``node`` (no blank line between), e.g. its JSDoc or a vcx-ignore."""
    out = []
    below = node
    prev = node.prev_named_sibling
    while prev is not None and prev.type == 'comment' and prev.end_point.row == below.start_point.row - 1:
        if not rows.covers(prev):
            break
        out.append(prev)
        below = prev
        prev = prev.prev_named_sibling
    return out


def _unmove(target: Target, deleted: _Deleted) -> tuple[Target, int]:
    grammar = syntax.grammar_for(target.path)
    if grammar is None:
        return target, 0
    lines = target.data.split(b'\n')
    added = _Rows(target.change.rows if target.change is not None else [(0, len(lines))])
    # Cheap test before parsing: a moved unit's first line is a first line of deleted code.
    if not any(
            key(lines[row]) in deleted.first_rows
            for start, end in added.ranges for row in range(start, min(end, len(lines)))
    ):
        return target, 0
    tree = syntax.parse(target.data, grammar)
    functions = _functions(tree)
    units = deleted.units.copy()
    comments = deleted.comments.copy()
    removed: dict[int, list[tuple[int, int]]] = {}  # unit start byte -> its rows and its comments' rows
    moved: list[Node] = []
    tried: set[tuple[int, int]] = set()  # a unit that did not match once never will
    for fn in functions:
        if any(m.start_byte <= fn.start_byte < m.end_byte for m in moved):
            continue
        if not added.covers(fn) or key(lines[fn.start_point.row]) not in deleted.first_rows:
            continue
        for node in _chain(fn, added):
            ident = (node.start_byte, node.end_byte)
            if ident in tried:
                continue
            tried.add(ident)
            k = key(node.text)
            if units[k] > 0 and _clean(node, lines):
                units[k] -= 1
                moved.append(node)
                rows = removed[node.start_byte] = [(node.start_point.row, node.end_point.row + 1)]
                for c in _leading_comments(node, added):
                    ck = key(c.text)
                    if comments[ck] <= 0 or not _clean(c, lines):
                        break
                    comments[ck] -= 1
                    rows.append((c.start_point.row, c.end_point.row + 1))
                break
    if not moved:
        return target, 0
    change = _without(target.change, added, removed)
    # Code moved into something the change audits anyway (a new wrapper function, a renamed
    # class) is audited with it: it is not "moved, not audited".
    file = File(target.path, tree, '')
    spans = [span for sc in scope.touched_scopes(file, change) for span in sc.ranges]
    audited = [m for m in moved if any(a < m.end_byte and m.start_byte < b for a, b in spans)]
    if audited:
        moved = [m for m in moved if m not in audited]
        for m in audited:
            del removed[m.start_byte]
        if not moved:
            return target, 0
        change = _without(target.change, added, removed)
    count = sum(_outermost_functions(functions, m) for m in moved)
    return target._replace(change=change), count


def _without(change: Change | None, added: _Rows, removed: dict[int, list[tuple[int, int]]]) -> Change:
    rows = [r for unit_rows in removed.values() for r in unit_rows]
    deletions = change.deletions if change is not None else ()
    return Change(added.minus(rows), tuple(d for d in deletions if not any(a < d < b for a, b in rows)))


def _clean(node: Node, lines: list[bytes]) -> bool:
    """``node`` alone on its lines: nothing but indentation before it, nothing but ``;``/``,`` after."""
    first, col = node.start_point
    last, end_col = node.end_point
    return not lines[first][:col].strip() and _CLEAN_TAIL.fullmatch(lines[last][end_col:]) is not None


def _within(inner: Node, outer: Node) -> bool:
    return outer.start_byte <= inner.start_byte and inner.end_byte <= outer.end_byte


def _outermost_functions(functions: list[Node], unit: Node) -> int:
    """How many functions in ``unit`` are not nested in another one (``functions`` in source order)."""
    count = 0
    end = -1
    for fn in functions:
        if _within(fn, unit) and fn.start_byte >= end:
            count += 1
            end = fn.end_byte
    return count
