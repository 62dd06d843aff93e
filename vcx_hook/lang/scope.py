"""Touched functions, and the facade checks ask: ``File``, ``Scope`` and the node vocabulary of
``nodes`` (re-exported here, so a check imports one module).

Checks never walk raw trees on their own: they take candidate nodes from ``Scope.captures`` (their
family's query, run once per scope and only if asked for) or, when the candidates are known by
name, from ``Scope.named`` (the source's words, looked up in the tree: no walk at all), and ask
this facade about them.  Rows are 0-based
here; ``Finding`` lines are 1-based.
"""
from __future__ import annotations

import bisect
import operator
import re
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Iterator
from collections.abc import Mapping
from typing import NamedTuple
from typing import TypeVar

from vcx_hook.engine.target import Change
from vcx_hook.finding import Finding
from vcx_hook.finding import HIGH
from vcx_hook.lang import lazyre
from vcx_hook.lang import nodes
from vcx_hook.lang import syntax
# The vocabulary, re-exported: checks ask `scope` (bandit's context facade is the model).
from vcx_hook.lang.nodes import after_dot
from vcx_hook.lang.nodes import ancestors
from vcx_hook.lang.nodes import arguments
from vcx_hook.lang.nodes import called_by
from vcx_hook.lang.nodes import callee
from vcx_hook.lang.nodes import callee_name
from vcx_hook.lang.nodes import callee_path
from vcx_hook.lang.nodes import calling
from vcx_hook.lang.nodes import chain_calls
from vcx_hook.lang.nodes import chain_top
from vcx_hook.lang.nodes import declaration
from vcx_hook.lang.nodes import descendant
from vcx_hook.lang.nodes import display_name
from vcx_hook.lang.nodes import document_order
from vcx_hook.lang.nodes import dotted
from vcx_hook.lang.nodes import enclosing_function
from vcx_hook.lang.nodes import function_body
from vcx_hook.lang.nodes import function_name
from vcx_hook.lang.nodes import FUNCTION_TYPES
from vcx_hook.lang.nodes import has_spread
from vcx_hook.lang.nodes import initializer
from vcx_hook.lang.nodes import inside
from vcx_hook.lang.nodes import is_async
from vcx_hook.lang.nodes import is_awaited
from vcx_hook.lang.nodes import LOOP_TYPES
from vcx_hook.lang.nodes import name_words
from vcx_hook.lang.nodes import normalized
from vcx_hook.lang.nodes import object_keys
from vcx_hook.lang.nodes import outer_expression
from vcx_hook.lang.nodes import parameter_names
from vcx_hook.lang.nodes import parameters
from vcx_hook.lang.nodes import parent_of
from vcx_hook.lang.nodes import path_segments
from vcx_hook.lang.nodes import receiver
from vcx_hook.lang.nodes import receiver_name
from vcx_hook.lang.nodes import ROUTE_METHODS
from vcx_hook.lang.nodes import route_of
from vcx_hook.lang.nodes import string_like_text
from vcx_hook.lang.nodes import string_value
from vcx_hook.lang.nodes import text
from vcx_hook.lang.nodes import type_annotation
from vcx_hook.lang.nodes import unwrap
from vcx_hook.lang.syntax import Node

# UI code by its imports, a `'use client'` directive, or DOM globals (`window.x`, not `typeof window.x`).
_UI_MODULES = (b'react', b'vue', b'svelte', b'solid-js', b'@angular/core', b'next/')
_UI_IMPORT = lazyre.compile(
    rb'''(?:from\s+|require\(\s*|import\s+)['"](?:react|react-dom|react-native|preact|vue|svelte|'''
    rb'''solid-js|@angular/core|next/(?:link|image|router|navigation|dynamic))['"/]'''
)
_USE_CLIENT = lazyre.compile(rb'''^\s*['"]use client['"]''', re.MULTILINE)
_UI_GLOBALS = {
    g: lazyre.compile(rb'\b(?<!typeof )' + g + rb'\.[a-zA-Z]')
    for g in (b'window', b'document', b'navigator', b'localStorage', b'sessionStorage')
}
# Every UI marker holds one of these words (`react-dom`: `react`; `'use client'`: `client`).
_UI_WORDS = frozenset((
    b'react', b'preact', b'vue', b'svelte', b'solid', b'angular', b'next', b'client',
    b'window', b'document', b'navigator', b'localStorage', b'sessionStorage',
))
_DOLLAR_GLOBALS = (b'$window', b'$document', b'$navigator', b'$localStorage', b'$sessionStorage')
T = TypeVar('T')
_START_BYTE = operator.attrgetter('start_byte')
# The bytes of an ASCII identifier: a name found in the source is a word only between others.
WORD_BYTES = frozenset(b'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$')
# What ``File.named`` takes: names, not keys in quotes or text in strings and comments.
_NAME_TYPES = frozenset((
    'identifier', 'property_identifier', 'shorthand_property_identifier', 'type_identifier',
    'shorthand_property_identifier_pattern',
))
# Bytes that cannot be in an ASCII identifier become spaces: `File.words` splits on them.
_WORD_TABLE = bytes(
    c if c < 128 and (chr(c).isalnum() or chr(c) in '_$') else 0x20 for c in range(256)
)


def word_spans(
        source: bytes, words: Iterable[bytes], ranges: Iterable[tuple[int, int]],
) -> Iterator[tuple[bytes, int, int]]:
    """``(word, start, end)`` for each occurrence of each of ``words`` as a whole word (not part of
    a longer identifier) that starts inside ``ranges``: what gates scan the source for, once they
    know from ``File.words`` which of their names the file holds."""
    size = len(source)
    find = source.find
    ranges = tuple(ranges)
    for word in sorted(words):
        length = len(word)
        for start, end in ranges:
            pos = find(word, start, end)
            while pos != -1:
                last = pos + length
                if (pos == 0 or source[pos - 1] not in WORD_BYTES) and (last >= size or source[last] not in WORD_BYTES):
                    yield word, pos, last
                pos = find(word, last, end)


def words_of(text: bytes) -> frozenset[bytes]:
    """Every identifier-like word of ``text``: ``File.words`` of a part."""
    return frozenset(text.translate(_WORD_TABLE).split())


class File:
    """One parsed file: the tree, its lines, and each family's candidate query (run lazily)."""

    def __init__(self, path: str, tree: syntax.Tree, queries: Mapping[str, str] | None = None) -> None:
        self.path = path
        self._tree: syntax.Tree | None = tree
        nodes.track(tree.root)
        self._grammar = tree.grammar
        self.source = tree.source
        self.queries: Mapping[str, str] = queries or {}
        self._line_starts: list[int] | None = None
        self._memo: dict[object, object] = {}

    @classmethod
    def unparsed(cls, path: str, source: bytes, grammar: str, queries: Mapping[str, str] | None = None) -> File:
        """A file parsed only when something asks for its tree: most files' gates read only the
        source, and a file whose every gate stays closed is never parsed."""
        file = cls.__new__(cls)
        file.path = path
        file._tree = None
        file._grammar = grammar
        file.source = source
        file.queries = queries or {}
        file._line_starts = None
        file._memo = {}
        return file

    @property
    def tree(self) -> syntax.Tree:
        tree = self._tree
        if tree is None:
            tree = self._tree = syntax.parse(self.source, self._grammar)
            nodes.track(tree.root)
        return tree

    @property
    def parsed(self) -> bool:
        return self._tree is not None

    @property
    def lower(self) -> bytes:
        """The source in lower case (ASCII letters only, so offsets are the source's): gates
        share it."""
        found = self._memo.get('lower')
        if found is None:
            found = self._memo['lower'] = self.source.lower()
        return found  # type: ignore[return-value]

    @property
    def words(self) -> frozenset[bytes]:
        """Every identifier-like word of the source (in code, strings and comments alike): a
        gate's cheap first test, ~15 µs for a small file, shared by every family."""
        found = self._memo.get('words')
        if found is None:
            found = self._memo['words'] = words_of(self.source)
        return found  # type: ignore[return-value]

    @property
    def word_text(self) -> bytes:
        """``File.words`` as one text, each word between spaces: a gate's regex reads the words
        once each, where the source repeats them."""
        found = self._memo.get('word_text')
        if found is None:
            found = self._memo['word_text'] = b' ' + b' '.join(self.words) + b' '
        return found  # type: ignore[return-value]

    @property
    def lower_word_text(self) -> bytes:
        """``word_text`` in lower case (ASCII, so at the same offsets): case-blind gates read it
        with case-sensitive patterns, several times faster than ``re.IGNORECASE``."""
        found = self._memo.get('lower_word_text')
        if found is None:
            found = self._memo['lower_word_text'] = self.word_text.lower()
        return found  # type: ignore[return-value]

    def named(
            self,
            names: frozenset[bytes],
            ranges: Iterable[tuple[int, int]],
            types: frozenset[str] | None = None,
    ) -> list[Node]:
        """The identifiers and property names spelled as one of ``names`` (``foo``, ``x.foo``,
        ``{ foo: 1 }``) that start inside ``ranges``, in document order; with ``types``, the
        nodes of those types instead (keywords: ``'for'``).  Found from the source's words, then
        looked up in the tree: the cost is the occurrences', where a query walks the whole tree
        (over ten times as much for a family's sink names on webpack)."""
        wanted = _NAME_TYPES if types is None else types
        present = self.words & names
        if not present:
            return []
        source = self.source
        size = len(source)
        find = source.find
        root = self.tree.root
        out: list[Node] = []
        for word in present:
            length = len(word)
            for start, end in ranges:
                pos = find(word, start, end)
                while pos != -1:
                    last = pos + length
                    if (pos == 0 or source[pos - 1] not in WORD_BYTES) and (
                            last >= size or source[last] not in WORD_BYTES):
                        node = descendant(root, pos, last)
                        if node is not None and node.start_byte == pos and node.end_byte == last \
                                and node.type in wanted:
                            out.append(node)
                    pos = find(word, last, end)
        out.sort(key=_START_BYTE)
        return out

    def memo(self, key: str, compute: Callable[[File], T]) -> T:
        """File-level facts computed once and shared by every scope and check."""
        if key not in self._memo:
            self._memo[key] = compute(self)
        return self._memo[key]  # type: ignore[return-value]

    def fact(self, compute: Callable[[File], T]) -> T:
        """``compute(self)``, once per file: an ecosystem fact keyed by the function that knows it."""
        memo = self._memo
        if compute not in memo:
            memo[compute] = compute(self)
        return memo[compute]  # type: ignore[return-value]

    @property
    def line_starts(self) -> list[int]:
        if self._line_starts is None:
            starts = [0]
            find = self.source.find
            pos = find(b'\n')
            while pos != -1:
                starts.append(pos + 1)
                pos = find(b'\n', pos + 1)
            self._line_starts = starts
        return self._line_starts

    def row_bytes(self, row: int) -> bytes:
        starts = self.line_starts
        if row >= len(starts):
            return b''
        end = starts[row + 1] - 1 if row + 1 < len(starts) else len(self.source)
        return self.source[starts[row]:end].rstrip(b'\r')

    def row_of_byte(self, pos: int) -> int:
        return bisect.bisect_right(self.line_starts, pos) - 1

    def captures(self, query: str, ranges: Iterable[tuple[int, int]]) -> dict[str, list[Node]]:
        """Captures of ``query`` whose node starts inside ``ranges`` (byte offsets), in document order."""
        merged: dict[str, list[Node]] = {}
        if not query:
            return merged
        for start, end in ranges:
            found = syntax.captures(self.tree.grammar, query, self.tree.root, (start, end))
            for name, nodes in found.items():
                merged.setdefault(name, []).extend(
                    n for n in nodes if start <= n.start_byte < end
                )
        return merged


class Scope:
    """A region the commit touched: a whole function, some top-level statements, or a file."""

    def __init__(
            self,
            file: File,
            kind: str,
            node: Node | None,
            ranges: tuple[tuple[int, int], ...],
    ) -> None:
        self.file = file
        self.kind = kind  # 'function' | 'module' | 'file'
        self.node = node
        self.ranges = ranges
        self._captures: dict[str, dict[str, list[Node]]] = {}
        self._text: bytes | None = None

    @property
    def path(self) -> str:
        return self.file.path

    @property
    def root(self) -> Node:
        return self.file.tree.root

    @property
    def name(self) -> str:
        return display_name(self.node) if self.node is not None else '<module>'

    @property
    def text(self) -> bytes:
        """The source bytes of every candidate the scope can capture (its ranges joined by
        newlines): what check gates read.

        A capture starts inside the ranges but may end after them: in `x = function () {}.bind(y)`
        the call starts where the touched function does, so a function's text runs to the end of
        the outermost node that starts with it.
        """
        if self._text is None:
            source = self.file.source
            if len(self.ranges) == 1 and self.ranges[0] == (0, len(source)):
                self._text = source
            elif self.node is not None:
                top = self.node
                above = parent_of(top)
                while above is not None and above.start_byte == self.node.start_byte:
                    top, above = above, parent_of(above)
                start, end = self.ranges[0]
                self._text = source[start:max(end, top.end_byte)]
            else:
                self._text = b'\n'.join(source[s:e] for s, e in self.ranges)
        return self._text

    def captures(self, name: str) -> list[Node]:
        """Candidates ``name`` (``<check-id>.<what>``) of that family's query, inside the scope.

        A family's query runs the first time one of its candidates is asked for, so a family
        whose gate is closed or that returns early costs nothing here.
        """
        family = name.lstrip('_').split('.', 1)[0]
        found = self._captures.get(family)
        if found is None:
            found = self._captures[family] = self.file.captures(self.file.queries.get(family, ''), self.ranges)
        return found.get(name, [])

    def named(self, names: frozenset[bytes]) -> list[Node]:
        """``File.named`` inside the scope."""
        return self.file.named(names, self.ranges)

    @property
    def whole(self) -> bool:
        """The scope is the whole file (``--all``, or every row changed)."""
        return self.ranges == ((0, len(self.file.source)),)

    def contains(self, node: Node) -> bool:
        return any(s <= node.start_byte < e for s, e in self.ranges)

    def finding(
            self, node: Node, check_id: str, message: str, question: str, evidence: Iterable[Node] = (),
            confidence: str = '',
    ) -> Finding:
        """A question about ``node``; ``evidence`` are the other nodes it is about (their first lines);
        ``confidence`` is HIGH or MEDIUM for this shape, or '' for its family's ``CONFIDENCE``
        (filled in by the audit; docs/confidence.md)."""
        row, col = node.start_point
        prefix = self.file.row_bytes(row)[:col]
        return Finding(
            path=self.path,
            line=row + 1,
            col=len(prefix.decode('utf-8', 'replace')) + 1,
            check_id=check_id,
            function=display_name(node),
            message=message,
            question=question,
            end_line=node.end_point.row + 1,
            code=normalized(node),
            evidence=tuple(sorted({n.start_point.row + 1 for n in evidence} - {row + 1})),
            confidence=confidence,
        )


# --- touched scopes --------------------------------------------------------------------------

def whole_file_scopes(file: File) -> list[Scope]:
    return [Scope(file, 'file', None, ((0, len(file.source)),))]


def touched_scopes(file: File, change: Change) -> list[Scope]:
    """The innermost functions around changed rows; top-level rows form one module scope, and so
    do the statements of a module wrapper function (``module_wrappers``) they are in."""
    wrappers = module_wrappers(file)
    functions: dict[int, Node] = {}
    units: dict[int, Node] = {}
    for start, end in change.rows:
        for row in range(start, end):
            node = _node_on_row(file, row)
            if node is None:
                continue
            fn = enclosing_function(node, include_self=True)
            if fn is not None and fn.start_byte in wrappers:
                unit = _statement_in(node, wrappers[fn.start_byte])
                if unit is not None:
                    units[unit.start_byte] = unit
            elif fn is not None:
                functions[fn.start_byte * 7 + fn.end_byte] = fn
            else:
                unit = _module_unit(node)
                if unit is not None:
                    units[unit.start_byte] = unit
    for row in change.deletions:
        fn = _function_around_deletion(file, row)
        if fn is not None and fn.start_byte in wrappers:
            unit = _statement_around(file, row, wrappers[fn.start_byte])
            if unit is not None:
                units[unit.start_byte] = unit
        elif fn is not None:
            functions[fn.start_byte * 7 + fn.end_byte] = fn

    outer = [*functions.values(), *units.values()]
    scopes = []
    for fn in functions.values():
        if not any(o is not fn and _strictly_within(fn, o) for o in outer):
            scopes.append(Scope(file, 'function', fn, ((fn.start_byte, fn.end_byte),)))
    if units:
        # A wrapper's statement is inside the top-level one when the wrapper's own line changed too.
        kept = [u for u in units.values() if not any(_strictly_within(u, o) for o in units.values())]
        ranges = tuple(sorted((u.start_byte, u.end_byte) for u in kept))
        scopes.append(Scope(file, 'module', None, ranges))
    return scopes


def _strictly_within(inner: Node, outer: Node) -> bool:
    return (
        outer.start_byte <= inner.start_byte and inner.end_byte <= outer.end_byte
        and (outer.start_byte, outer.end_byte) != (inner.start_byte, inner.end_byte)
    )


def _node_on_row(file: File, row: int) -> Node | None:
    text = file.row_bytes(row)
    stripped = text.strip()
    if not stripped:
        return None
    first = len(text) - len(text.lstrip())
    last = len(text.rstrip())
    return file.tree.root.descendant_for_point_range((row, first), (row, max(first, last - 1)))


def _function_around_deletion(file: File, row: int) -> Node | None:
    """The innermost function strictly containing the gap before ``row``."""
    starts = file.line_starts
    if row <= 0 or row > len(starts):
        return None
    pos = starts[row] - 1 if row < len(starts) else len(file.source)
    node = file.tree.root.descendant_for_byte_range(max(pos - 1, 0), pos)
    while node is not None:
        if node.type in FUNCTION_TYPES and node.start_byte < pos < node.end_byte:
            return node
        node = parent_of(node)
    return None


def module_wrappers(file: File) -> dict[int, Node]:
    """Functions whose body is the module in practice, by start byte, with their bodies: a
    wrapper exported whole that receives the module's collaborator (``module.exports = function
    (RED) {...}``, ``export default function userRoutes(router) {...}``, a Fastify plugin) and
    defines or registers functions inside, an AMD ``define(..., function () {...})`` or a
    top-level IIFE.  Each direct statement of one is its own scope (issue 15)."""
    return file.memo('wrappers', _module_wrappers)


def _module_wrappers(file: File) -> dict[int, Node]:
    out: dict[int, Node] = {}
    for top in file.tree.root.named_children:
        for fn, exported in _wrapper_candidates(top):
            body = fn.child_by_field_name('body')
            if body is None or body.type != 'statement_block':
                continue
            if exported and not (parameters(fn) and _defines_functions(body) and not is_ui_file(file)):
                continue
            out[fn.start_byte] = body
    return out


def _wrapper_candidates(top: Node) -> Iterator[tuple[Node, bool]]:
    """(function, exported) pairs a top-level statement may wrap a module in."""
    if top.type == 'export_statement':
        if any(c.type == 'default' for c in top.children):
            value = top.child_by_field_name('declaration') or top.child_by_field_name('value')
            if value is not None and unwrap(value).type in FUNCTION_TYPES:
                yield unwrap(value), True
        return
    if top.type != 'expression_statement' or not top.named_children:
        return
    expr = unwrap(top.named_children[0])
    if expr.type == 'unary_expression' and expr.named_children:
        expr = unwrap(expr.named_children[-1])
    if expr.type == 'assignment_expression':
        left, right = expr.child_by_field_name('left'), expr.child_by_field_name('right')
        if left is not None and right is not None and text(left) in _EXPORT_TARGETS and unwrap(right).type in FUNCTION_TYPES:
            yield unwrap(right), True
    elif expr.type == 'call_expression':
        head = unwrap(expr.child_by_field_name('function') or expr)
        if head.type == 'member_expression' and text(head.child_by_field_name('property')) in ('call', 'apply'):
            head = unwrap(head.child_by_field_name('object') or head)
        if head.type in FUNCTION_TYPES:
            yield head, False
        elif head.type == 'identifier' and text(head) == 'define':
            for arg in arguments(expr):
                if unwrap(arg).type in FUNCTION_TYPES:
                    yield unwrap(arg), False


_EXPORT_TARGETS = frozenset(('module.exports', 'exports.default', 'module.exports.default'))


def _defines_functions(body: Node) -> bool:
    """A direct statement declares, assigns or registers a function (``X.create = async function
    () {}``, ``router.post('/x', async (ctx) => ...)``)."""
    for stmt in body.named_children:
        if stmt.type in ('function_declaration', 'generator_function_declaration', 'class_declaration'):
            return True
        if stmt.type in ('expression_statement', 'lexical_declaration', 'variable_declaration'):
            for node in stmt.named_children:
                node = unwrap(node)
                value = node.child_by_field_name('right') or node.child_by_field_name('value')
                if value is not None and unwrap(value).type in FUNCTION_TYPES:
                    return True
                if node.type == 'call_expression' and any(unwrap(a).type in FUNCTION_TYPES for a in arguments(node)):
                    return True
    return False


def _statement_in(node: Node, body: Node) -> Node | None:
    """The statement of ``body`` around ``node`` (the class member, in a class), or None on the
    wrapper's own lines."""
    member = None
    parent = parent_of(node)
    while parent is not None:
        if parent.type == 'class_body' and member is None:
            member = node
        if parent == body:
            return member or node
        node, parent = parent, parent_of(parent)
    return None


def _statement_around(file: File, row: int, body: Node) -> Node | None:
    """The statement of ``body`` strictly around the gap before ``row`` (lines deleted there)."""
    starts = file.line_starts
    pos = starts[row] - 1 if row < len(starts) else len(file.source)
    for stmt in body.named_children:
        if stmt.start_byte < pos < stmt.end_byte:
            return stmt
    return None


def _module_unit(node: Node) -> Node | None:
    """The top-level statement around ``node``, or the class member when inside a class body."""
    member = None
    parent = parent_of(node)
    while parent is not None:
        if parent.type == 'class_body' and member is None:
            member = node
        if parent.type == 'program':
            return member or node
        node, parent = parent, parent_of(parent)
    return None


def is_ui_file(file: File) -> bool:
    """Browser/UI code: components (React, Vue, Svelte, Angular), `'use client'`, or DOM globals."""
    return file.memo('ui', _is_ui_file)


def _is_ui_file(file: File) -> bool:
    if file.path.endswith(('.jsx', '.tsx')):
        return True
    # Each marker's own substring first: one pattern for them all cost twice as much on big files.
    source = file.source
    if file.words.isdisjoint(_UI_WORDS) and (b'$' not in source or not any(g in source for g in _DOLLAR_GLOBALS)):
        return False  # `$window.x` is a global after a `$`
    if any(m in source for m in _UI_MODULES) and _UI_IMPORT.search(source):
        return True
    if b'use client' in source and _USE_CLIENT.search(source):
        return True
    return any(g + b'.' in source and pattern.search(source) for g, pattern in _UI_GLOBALS.items())
