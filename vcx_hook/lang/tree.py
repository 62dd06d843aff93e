"""Walking the tree being audited: parents, ancestors, the nearest enclosing node of a kind,
node text, and what is remembered about the tree until ``track`` starts another (rows are
0-based).  The lowest layer of the vocabulary ``nodes`` gathers for the ``scope`` facade.
"""
from __future__ import annotations

import time
from collections.abc import Iterable
from collections.abc import Iterator
from typing import Any
from typing import TypeVar

from vcx_hook.lang import lazyre
from vcx_hook.lang.syntax import Node

K = TypeVar('K')
V = TypeVar('V')
_WS = lazyre.compile(rb'\s+')

FUNCTION_TYPES = frozenset((
    'function_declaration', 'function_expression', 'function', 'arrow_function',
    'method_definition', 'generator_function_declaration', 'generator_function',
))
LOOP_TYPES = frozenset((
    'for_statement', 'for_in_statement', 'while_statement', 'do_statement',
))


# Facts about the nodes of the tree being audited, looked up by node (a node is equal only to
# the same node of the same tree, and keeps that tree alive while it is a key here).  Emptied
# by ``track`` when a file's tree is parsed: only one file's facts are ever kept.
_tree_memo: dict[Node, object] = {}


class _Parents:
    """Each node's parent in the tree being audited, as ``node.parent`` gives it.

    tree-sitter keeps no parent links: ``node.parent`` walks down from the root, so it costs the
    node's depth, and walking up from a node the depth squared (minutes for a file of a thousand
    nested loops, issue 19).  Parents asked for are remembered; once asking has cost about what
    indexing every node of the tree costs, every node is indexed, and the rest costs nothing.
    What indexing costs is measured: a process that runs everything slower (valgrind, 50x) indexes
    as often as a fast one, where a fixed microsecond a node indexed 1,376 of webpack's trees there,
    not one.
    """

    _UNKNOWN = object()
    _TIMED = 16  # one lookup in this many is timed (for all of them): the clock costs as much as a lookup

    def __init__(self) -> None:
        self.known: dict[Node, Node | None] = {}
        self.top: Node | None = None
        self.budget = 0.0  # seconds of lookups before the whole tree is indexed
        self.indexed = False
        self.misses = 0
        self.per_node = 1e-6  # seconds an index costs a node: a guess until one is timed, then the least timed
        self.timed = False

    def reset(self, top: Node) -> None:
        self.known = {}
        self.top = top
        self.budget = top.descendant_count * self.per_node
        self.indexed = False
        self.misses = 0

    def of(self, node: Node) -> Node | None:
        found = self.known.get(node, self._UNKNOWN)
        if found is not self._UNKNOWN:
            return found
        if self.indexed:
            return node.parent  # a node of another tree
        self.misses += 1
        if self.misses % self._TIMED:
            found = self.known[node] = node.parent
            return found
        start = time.perf_counter()
        found = self.known[node] = node.parent
        self.budget -= (time.perf_counter() - start) * self._TIMED
        if self.budget < 0 and self.top is not None:
            self._index()
        return found

    def _index(self) -> None:
        start = time.perf_counter()
        known = self.known
        stack: list[Node] = [self.top]
        while stack:
            node = stack.pop()
            children = node.children
            for child in children:
                known[child] = node
            stack.extend(children)
        known[self.top] = None
        self.indexed = True
        spent = (time.perf_counter() - start) / max(len(known), 1)
        self.per_node = min(self.per_node, spent) if self.timed else spent
        self.timed = True


_parents = _Parents()
_UNKNOWN = _Parents._UNKNOWN


def top_level(root: Node) -> Iterator[Node]:
    """The statements at the top of a module, an ``export`` one as what it declares (``export class
    A {}`` gives the class); an ``export { a }`` with nothing declared is left out."""
    for top in root.named_children:
        node = top.child_by_field_name('declaration') if top.type == 'export_statement' else top
        if node is not None:
            yield node


def parent_of(node: Node) -> Node:
    """``node.parent`` (``None`` at the root), remembered for the file being audited (see
    ``_Parents``)."""
    found = _parents.known.get(node, _UNKNOWN)  # a remembered parent without a call: most lookups
    return found if found is not _UNKNOWN else _parents.of(node)


def descendant(root: Node, start: int, end: int) -> Node | None:
    """``root.descendant_for_byte_range(start, end)``.  tree-sitter searches from ``root``, so
    each search costs the depth; in the tree being audited, it starts from the node the last
    search found instead, up only as far as a node that holds the range."""
    if end <= start or _parents.top is None or root != _parents.top:
        return root.descendant_for_byte_range(start, end)
    node = _last_found[0] or root
    known = _parents.known
    while not (node.start_byte <= start and end <= node.end_byte):
        above = known.get(node, _UNKNOWN)
        node = above if above is not _UNKNOWN else _parents.of(node)
        if node is None:
            return root.descendant_for_byte_range(start, end)
    found = node.descendant_for_byte_range(start, end)
    _last_found[0] = found
    return found


_last_found: list[Node | None] = [None]


def per_tree(memo: dict[K, V]) -> dict[K, V]:
    """``memo``, emptied by ``track`` whenever another tree is audited (facts about the nodes of
    one tree, kept by the modules above this one)."""
    _per_tree.append(memo)
    return memo


_per_tree: list[dict[Any, Any]] = []


def track(top: Node) -> None:
    """From now on the tree of ``top`` is the one being audited: what was remembered of the
    previous one is dropped."""
    _tree_memo.clear()
    _nearest_memo.clear()
    for memo in _per_tree:
        memo.clear()
    _last_found[0] = None
    _parents.reset(top)


def text(node: Node | None) -> str:
    if node is None:
        return ''
    return node.text.decode('utf-8', 'replace')


def normalized(node: Node, limit: int = 200) -> str:
    return _WS.sub(b' ', node.text[:limit * 2]).decode('utf-8', 'replace')[:limit]


def ancestors(node: Node) -> Iterator[Node]:
    parents = _parents
    while True:
        above = parents.known.get(node, _UNKNOWN)
        node = above if above is not _UNKNOWN else parents.of(node)
        if node is None:
            return
        yield node


def enclosing_function(node: Node, include_self: bool = False) -> Node | None:
    if include_self and node.type in FUNCTION_TYPES:
        return node
    return _nearest(node, FUNCTION_TYPES, False)


def inside(node: Node, kinds: Iterable[str] | frozenset[str], stop_at_function: bool = True) -> Node | None:
    """The nearest ancestor of one of ``kinds``; with ``stop_at_function`` not past a function."""
    kinds = kinds if isinstance(kinds, frozenset) else frozenset(kinds)
    return _nearest(node, kinds, stop_at_function)


# The answers of ``_nearest`` by question, then by node, for the tree being audited.
_nearest_memo: dict[tuple[frozenset[str], bool], dict[Node, Node | None]] = {}


def _nearest(node: Node, kinds: frozenset[str], stop_at_function: bool) -> Node | None:
    """``inside``, remembered for every node on the way up: each of a thousand nested loops
    asked for its function would otherwise walk up all the others."""
    memo = _nearest_memo.get((kinds, stop_at_function))
    if memo is None:
        memo = _nearest_memo[(kinds, stop_at_function)] = {}
    known = _parents.known
    path = []
    current = node
    while True:
        found = memo.get(current, _parents)
        if found is not _parents:
            break
        path.append(current)
        above = known.get(current, _UNKNOWN)
        if above is _UNKNOWN:
            above = _parents.of(current)
        if above is None or above.type in kinds:
            found = above
            break
        if stop_at_function and above.type in FUNCTION_TYPES:
            found = None
            break
        current = above
    for n in path:
        memo[n] = found
    return found


_IDENTIFIER = frozenset(('identifier',))


def identifiers(node: Node | None, kinds: frozenset[str] = _IDENTIFIER, into_functions: bool = True) -> Iterator[Node]:
    """The nodes of ``kinds`` (plain identifiers unless told) in ``node``'s subtree, ``node`` included,
    in document order; not those inside a function (``node`` itself included) unless ``into_functions``."""
    stack = [node] if node is not None else []
    while stack:
        n = stack.pop()
        if n.type in kinds:
            yield n
        elif into_functions or n.type not in FUNCTION_TYPES:
            stack.extend(reversed(n.named_children))


def calls_in(node: Node) -> list[Node]:
    """Every call in ``node``'s subtree, ``node`` included, calls nested in calls and callbacks' too,
    in document order."""
    out, stack = [], [node]
    while stack:
        n = stack.pop()
        if n.type == 'call_expression':
            out.append(n)
        stack.extend(reversed(n.named_children))
    return out


def document_order(node: Node) -> tuple[int, int]:
    """A sort key: by start, an outer node (a chain's outer call) before the inner ones, as a
    query returns them."""
    return node.start_byte, -node.end_byte
