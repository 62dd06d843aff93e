"""Parsing and queries: the only module that imports tree_sitter.

The tree-sitter Python API changed a lot between 0.21 and 0.26 (``Query``/``QueryCursor``,
``Language`` wrapping).  Everything version-specific stays here; other modules only read the
stable ``Node`` attributes (``type``, ``children``, ``start_point``, ``start_byte``, ``parent``...).
"""
from __future__ import annotations

import functools
import operator
import os.path
from typing import Any
from typing import NamedTuple

import tree_sitter
import tree_sitter_javascript
import tree_sitter_typescript

Node = Any  # tree_sitter.Node; kept opaque so no other module imports tree_sitter

GRAMMAR_BY_SUFFIX = {
    '.js': 'javascript', '.mjs': 'javascript', '.cjs': 'javascript', '.jsx': 'javascript',
    '.ts': 'typescript', '.mts': 'typescript', '.cts': 'typescript',
    '.tsx': 'tsx',
}
GRAMMARS = ('javascript', 'typescript', 'tsx')


class Tree(NamedTuple):
    grammar: str
    root: Node
    source: bytes

    @property
    def has_error(self) -> bool:
        return bool(self.root.has_error)


def grammar_for(path: str) -> str | None:
    """The grammar of ``path`` by its extension, as ``os.path.splitext`` finds it (a name's
    leading dots start no extension: ``.js`` is not JavaScript): asked once or twice per file,
    at a third of ``splitext``'s cost."""
    dot = path.rfind('.')
    grammar = GRAMMAR_BY_SUFFIX.get(path[dot:].lower()) if dot > 0 else None
    if grammar is None:
        return None
    name = max(path.rfind('/'), path.rfind(os.sep)) + 1
    return grammar if path[name:dot].strip('.') else None


@functools.lru_cache(maxsize=None)
def _language(grammar: str) -> tree_sitter.Language:
    if grammar == 'javascript':
        return tree_sitter.Language(tree_sitter_javascript.language())
    if grammar == 'typescript':
        return tree_sitter.Language(tree_sitter_typescript.language_typescript())
    if grammar == 'tsx':
        return tree_sitter.Language(tree_sitter_typescript.language_tsx())
    raise ValueError(grammar)


@functools.lru_cache(maxsize=None)
def _parser(grammar: str) -> tree_sitter.Parser:
    return tree_sitter.Parser(_language(grammar))


def parse(source: bytes, grammar: str) -> Tree:
    tree = _primed.pop((grammar, source), None) if _primed else None
    return tree if tree is not None else Tree(grammar, _parser(grammar).parse(source).root_node, source)


def prime(source: bytes, grammar: str) -> Tree:
    """Parse ``source`` ahead of time; the next ``parse`` of the same bytes returns this tree."""
    tree = _primed.get((grammar, source))
    if tree is None:
        tree = _primed[(grammar, source)] = Tree(grammar, _parser(grammar).parse(source).root_node, source)
    return tree


_primed: dict[tuple[str, bytes], Tree] = {}


@functools.lru_cache(maxsize=None)
def compile_query(grammar: str, text: str) -> tree_sitter.Query:
    """Compile once per process; raises ValueError naming the grammar on a bad query."""
    try:
        return tree_sitter.Query(_language(grammar), text)
    except Exception as e:  # QueryError's module moved between releases
        raise ValueError(f'query does not compile for {grammar}: {e}') from e


def captures(
        grammar: str,
        query_text: str,
        node: Node,
        byte_range: tuple[int, int] | None = None,
) -> dict[str, list[Node]]:
    """Run a (cached) query over ``node``; with ``byte_range`` only nodes intersecting it.

    Each list is in document order (start byte, then pattern order).
    """
    cursor = tree_sitter.QueryCursor(compile_query(grammar, query_text))
    if byte_range is not None:
        cursor.set_byte_range(*byte_range)
    # matches() costs ~25% less than captures() on big files (same nodes; captures() also
    # returns them in an erratic order when many patterns are in progress).
    rows: list[tuple[int, int, int, str, Node]] = []
    for pattern, found in cursor.matches(node):
        for name, nodes in found.items():
            for n in nodes:
                rows.append((n.start_byte, pattern, len(rows), name, n))
    rows.sort(key=_ORDER)
    out: dict[str, list[Node]] = {}
    for row in rows:
        out.setdefault(row[3], []).append(row[4])
    return out


_ORDER = operator.itemgetter(0, 1, 2)
