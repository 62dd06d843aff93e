"""Moved is not new: code cut from one place and pasted unchanged elsewhere is not audited again.

A function (or the top-level statement or class member holding it) that the change adds lines to,
and whose normalized text is that of one the same change deletes lines from (in another file, or
elsewhere in the same file), is moved: its rows are taken out of the target's change.  Lines, not
functions, are what diffs align, so "adds lines to" and "deletes lines from" rather than "adds"
and "deletes": a moved function's closing brace is often matched with another one.  An edit
anywhere in it, or on a line it shares with other code, makes the text differ: it is audited.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple

from vcx_hook.engine.target import Change
from vcx_hook.engine.target import Target
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope
from vcx_hook.lang import syntax
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node

FUNCTION_QUERY = (
    '[(function_declaration) (function_expression) (arrow_function) (method_definition)'
    ' (generator_function) (generator_function_declaration)] @fn'
)
_WS = lazyre.compile(rb'\s+')
_PUNCT_SPACE = lazyre.compile(rb' ?([^\w$ ]) ?')
_CLEAN_TAIL = lazyre.compile(rb'[\s;,]*')
_MIN_LINE = 8  # shorter lines (`}`, `});`, `} else {`) are everywhere


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
    if not old_sides:
        return Moved(list(targets), 0)
    # Cheap test before parsing anything: moved code deletes and adds some identical lines.
    added = {t.path: _line_keys(t.data, _added_rows(t).ranges) for t in targets}
    gone = {(side.path, side.data): _line_keys(side.data, side.rows) for side in old_sides}
    common = set().union(*added.values()) & set().union(*gone.values())
    if not common:
        return Moved(list(targets), 0)
    deleted = _Deleted()
    for side in old_sides:
        if gone[(side.path, side.data)] & common:
            deleted.add(side)
    out = []
    count = 0
    for t in targets:
        if added[t.path] & common:
            t, n = _unmove(t, deleted)
            count += n
        out.append(t)
    return Moved(out, count)


def key(text: bytes) -> bytes:
    """Code text with formatting differences (indentation, line breaks, spacing) removed."""
    return _PUNCT_SPACE.sub(rb'\1', _WS.sub(b' ', text).strip())


def _line_keys(data: bytes, ranges: Sequence[tuple[int, int]]) -> set[bytes]:
    lines = data.split(b'\n')
    keys = {key(lines[row]) for start, end in ranges for row in range(start, min(end, len(lines)))}
    return {k for k in keys if len(k) >= _MIN_LINE}


def _added_rows(target: Target) -> _Rows:
    if target.change is not None:
        return _Rows(target.change.rows)
    data = target.data
    return _Rows([(0, data.count(b'\n') + (0 if data.endswith(b'\n') else 1))])


class _Deleted:
    """Keys of the functions the change deletes lines from, their enclosing units, and their comments."""

    def __init__(self) -> None:
        self.units: Counter[bytes] = Counter()
        self.comments: Counter[bytes] = Counter()

    def add(self, side: OldSide) -> None:
        grammar = syntax.grammar_for(side.path)
        if grammar is None:
            return
        tree = syntax.parse(side.data, grammar)
        rows = _Rows(side.rows)
        seen: set[tuple[int, int, str]] = set()
        for fn in _functions(tree):
            if not rows.intersects(fn):
                continue
            for node in _chain(fn):
                ident = (node.start_byte, node.end_byte, node.type)
                if ident in seen:
                    continue
                seen.add(ident)
                self.units[key(node.text)] += 1
                for c in _leading_comments(node):
                    if rows.intersects(c) and (c.start_byte, c.end_byte, c.type) not in seen:
                        seen.add((c.start_byte, c.end_byte, c.type))
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

    def intersects(self, node: Node) -> bool:
        first, last = node.start_point.row, node.end_point.row
        return any(start <= last and first < end for start, end in self.ranges)

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


def _chain(fn: Node) -> list[Node]:
    """``fn`` and its ancestors below the program, outermost first."""
    chain = [fn]
    node = fn.parent
    while node is not None and node.type != 'program':
        chain.append(node)
        node = node.parent
    return chain[::-1]


def _leading_comments(node: Node) -> list[Node]:
    """Comments directly above ``node`` (no blank line between), e.g. its JSDoc or a vcx-ignore."""
    out = []
    below = node
    prev = node.prev_named_sibling
    while prev is not None and prev.type == 'comment' and prev.end_point.row == below.start_point.row - 1:
        out.append(prev)
        below = prev
        prev = prev.prev_named_sibling
    return out


def _unmove(target: Target, deleted: _Deleted) -> tuple[Target, int]:
    grammar = syntax.grammar_for(target.path)
    if grammar is None:
        return target, 0
    lines = target.data.split(b'\n')
    added = _added_rows(target)
    tree = syntax.parse(target.data, grammar)
    functions = _functions(tree)
    units = deleted.units  # shared by all targets: one deletion accounts for one paste
    comments = deleted.comments
    removed: dict[int, list[tuple[int, int]]] = {}  # unit start byte -> its rows and its comments' rows
    moved: list[Node] = []
    tried: set[tuple[int, int]] = set()  # a unit that did not match once never will
    for fn in functions:
        if any(m.start_byte <= fn.start_byte < m.end_byte for m in moved) or not added.intersects(fn):
            continue
        for node in _chain(fn):
            ident = (node.start_byte, node.end_byte)
            if ident in tried:
                continue
            tried.add(ident)
            k = key(node.text)
            if units[k] > 0 and _clean(node, lines):
                units[k] -= 1
                moved.append(node)
                unit_rows = removed[node.start_byte] = [(node.start_point.row, node.end_point.row + 1)]
                for c in _leading_comments(node):
                    ck = key(c.text)
                    if comments[ck] <= 0 or not _clean(c, lines) or not added.intersects(c):
                        break
                    comments[ck] -= 1
                    unit_rows.append((c.start_point.row, c.end_point.row + 1))
                break
    if not moved:
        return target, 0
    change = _without(target.change, added, removed)
    # Code moved into something the change audits anyway (a new wrapper function, a renamed
    # class) is audited with it: it is not "moved, not audited".
    file = File(target.path, tree)
    spans = [span for sc in scope.touched_scopes(file, change) for span in sc.ranges]
    audited = [m for m in moved if any(a < m.end_byte and m.start_byte < b for a, b in spans)]
    if audited:
        moved = [m for m in moved if m not in audited]
        for m in audited:
            del removed[m.start_byte]
            units[key(m.text)] += 1  # a comment taken along stays consumed: it is only a comment
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
