"""Touched functions, and the small vocabulary checks use to ask questions of a syntax tree.

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
from vcx_hook.lang import lazyre
from vcx_hook.lang import syntax
from vcx_hook.lang.syntax import Node

FUNCTION_TYPES = frozenset((
    'function_declaration', 'function_expression', 'function', 'arrow_function',
    'method_definition', 'generator_function_declaration', 'generator_function',
))
LOOP_TYPES = frozenset((
    'for_statement', 'for_in_statement', 'while_statement', 'do_statement',
))
ROUTE_METHODS = frozenset(('get', 'post', 'put', 'patch', 'delete', 'all', 'head', 'options'))
_WS = lazyre.compile(rb'\s+')
_WORD = lazyre.compile(r'[A-Z]?[a-z0-9$]+|[A-Z]+(?![a-z])')
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
        self._grammar = tree.grammar
        self.source = tree.source
        self.queries: Mapping[str, str] = queries or {}
        self._line_starts: list[int] | None = None
        self._memo: dict[str, object] = {}

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
        lookup = self.tree.root.descendant_for_byte_range
        out: list[Node] = []
        for word in present:
            length = len(word)
            for start, end in ranges:
                pos = find(word, start, end)
                while pos != -1:
                    last = pos + length
                    if (pos == 0 or source[pos - 1] not in WORD_BYTES) and (
                            last >= size or source[last] not in WORD_BYTES):
                        node = lookup(pos, last)
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
                while top.parent is not None and top.parent.start_byte == self.node.start_byte:
                    top = top.parent
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
    ) -> Finding:
        """A question about ``node``; ``evidence`` are the other nodes it is about (their first lines)."""
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
        )


# --- touched scopes --------------------------------------------------------------------------

def whole_file_scopes(file: File) -> list[Scope]:
    return [Scope(file, 'file', None, ((0, len(file.source)),))]


def touched_scopes(file: File, change: Change) -> list[Scope]:
    """The innermost functions around changed rows; top-level rows form one module scope."""
    functions: dict[int, Node] = {}
    units: dict[int, Node] = {}
    for start, end in change.rows:
        for row in range(start, end):
            node = _node_on_row(file, row)
            if node is None:
                continue
            fn = enclosing_function(node, include_self=True)
            if fn is not None:
                functions[fn.start_byte * 7 + fn.end_byte] = fn
            else:
                unit = _module_unit(node)
                if unit is not None:
                    units[unit.start_byte] = unit
    for row in change.deletions:
        fn = _function_around_deletion(file, row)
        if fn is not None:
            functions[fn.start_byte * 7 + fn.end_byte] = fn

    outer = [*functions.values(), *units.values()]
    scopes = []
    for fn in functions.values():
        if not any(o is not fn and _strictly_within(fn, o) for o in outer):
            scopes.append(Scope(file, 'function', fn, ((fn.start_byte, fn.end_byte),)))
    if units:
        ranges = tuple(sorted((u.start_byte, u.end_byte) for u in units.values()))
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
        node = node.parent
    return None


def _module_unit(node: Node) -> Node | None:
    """The top-level statement around ``node``, or the class member when inside a class body."""
    member = None
    while node.parent is not None:
        parent = node.parent
        if parent.type == 'class_body' and member is None:
            member = node
        if parent.type == 'program':
            return member or node
        node = parent
    return None


# --- vocabulary ------------------------------------------------------------------------------

def text(node: Node | None) -> str:
    if node is None:
        return ''
    return node.text.decode('utf-8', 'replace')


def normalized(node: Node, limit: int = 200) -> str:
    return _WS.sub(b' ', node.text[:limit * 2]).decode('utf-8', 'replace')[:limit]


def ancestors(node: Node) -> Iterator[Node]:
    node = node.parent
    while node is not None:
        yield node
        node = node.parent


def enclosing_function(node: Node, include_self: bool = False) -> Node | None:
    if include_self and node.type in FUNCTION_TYPES:
        return node
    for a in ancestors(node):
        if a.type in FUNCTION_TYPES:
            return a
    return None


def inside(node: Node, kinds: Iterable[str] | frozenset[str], stop_at_function: bool = True) -> Node | None:
    """The nearest ancestor of one of ``kinds``; with ``stop_at_function`` not past a function."""
    kinds = kinds if isinstance(kinds, frozenset) else frozenset(kinds)
    for a in ancestors(node):
        if a.type in kinds:
            return a
        if stop_at_function and a.type in FUNCTION_TYPES:
            return None
    return None


def unwrap(node: Node) -> Node:
    """Skip parentheses, ``await``, TS ``as``/``!``/``satisfies`` wrappers."""
    while node.type in ('parenthesized_expression', 'await_expression', 'as_expression',
                        'non_null_expression', 'satisfies_expression', 'type_assertion'):
        inner = [c for c in node.named_children if c.type not in ('type_annotation',)]
        if not inner:
            break
        node = inner[0] if node.type != 'type_assertion' else inner[-1]
    return node


def outer_expression(node: Node) -> Node:
    """Climb through parentheses, ``await`` and TS wrappers to the expression a value flows into."""
    while node.parent is not None and node.parent.type in (
            'parenthesized_expression', 'await_expression', 'as_expression',
            'non_null_expression', 'satisfies_expression',
    ):
        node = node.parent
    return node


def is_awaited(node: Node) -> bool:
    parent = node.parent
    while parent is not None and parent.type in ('parenthesized_expression', 'as_expression',
                                                 'non_null_expression'):
        parent = parent.parent
    return parent is not None and parent.type == 'await_expression'


def callee(call: Node) -> Node | None:
    return call.child_by_field_name('function') or call.child_by_field_name('constructor')


def after_dot(source: bytes, pos: int) -> bool:
    """Whether the word at ``pos`` may be a property: ``x.find``, ``x?.find``, or a comment between."""
    j = pos
    while j > 0 and source[j - 1] in _SPACE_BYTES:
        j -= 1
    if j > 0 and source[j - 1] in (0x2E, 0x2F):  # `.`, or `/` ending a comment
        return True
    # A line comment ends the line before: `x.  // why\n  find()`.
    return b'\n' in source[j:pos] and b'//' in source[source.rfind(b'\n', 0, j) + 1:j]


_SPACE_BYTES = frozenset(b' \t\r\n\v\f')


def document_order(node: Node) -> tuple[int, int]:
    """A sort key: by start, an outer node (a chain's outer call) before the inner ones, as a
    query returns them."""
    return node.start_byte, -node.end_byte


def called_by(name: Node, kind: str = 'call_expression') -> Node | None:
    """The call (or with ``kind='new_expression'``, the ``new``) whose callee is ``name`` itself
    (``foo()``) or a member ending in it (``x.foo()``), as from ``File.named``."""
    parent = name.parent
    if parent is None:
        return None
    fn = name
    if name.type == 'property_identifier':
        if parent.type != 'member_expression' or parent.child_by_field_name('property') != name:
            return None
        fn, parent = parent, parent.parent
    elif name.type != 'identifier':
        return None
    if parent is None or parent.type != kind:
        return None
    return parent if parent.child_by_field_name('function' if kind == 'call_expression' else 'constructor') == fn else None


def callee_name(call: Node) -> str:
    """The called name: ``findMany`` for ``prisma.user.findMany()``, ``fetch`` for ``fetch()``."""
    fn = callee(call)
    if fn is None:
        return ''
    fn = unwrap(fn)
    if fn.type == 'member_expression':
        return text(fn.child_by_field_name('property'))
    if fn.type == 'identifier':
        return text(fn)
    return ''


def callee_path(call: Node) -> str:
    """Dotted callee: ``prisma.user.findMany``; call segments appear as ``name()``."""
    fn = callee(call)
    return dotted(fn) if fn is not None else ''


def dotted(node: Node) -> str:
    node = unwrap(node)
    if node.type in ('identifier', 'this', 'property_identifier', 'super'):
        return text(node)
    if node.type == 'member_expression':
        obj = node.child_by_field_name('object')
        prop = node.child_by_field_name('property')
        left = dotted(obj) if obj is not None else ''
        return f'{left}.{text(prop)}' if left else text(prop)
    if node.type == 'call_expression':
        inner = callee_path(node)
        return f'{inner}()' if inner else ''
    if node.type == 'subscript_expression':
        obj = node.child_by_field_name('object')
        return f'{dotted(obj)}[]' if obj is not None else ''
    return ''


def receiver(call: Node) -> Node | None:
    """The object a method is called on: ``prisma.user`` for ``prisma.user.findMany()``."""
    fn = callee(call)
    if fn is None:
        return None
    fn = unwrap(fn)
    if fn.type == 'member_expression':
        return fn.child_by_field_name('object')
    return None


def receiver_name(call: Node) -> str:
    """The root name of the callee chain: ``prisma`` for ``prisma.user.findMany()``."""
    path = callee_path(call)
    if '.' not in path:
        return ''
    root = path.split('.', 1)[0]
    return root[:-2] if root.endswith('()') else root


def arguments(call: Node) -> list[Node]:
    args = call.child_by_field_name('arguments')
    if args is None:
        return []
    if args.type == 'template_string':
        return [args]
    return [c for c in args.named_children if c.type != 'comment']


def object_keys(node: Node | None) -> dict[str, Node]:
    """Keys of an object literal mapped to their value nodes (shorthand maps to itself)."""
    out: dict[str, Node] = {}
    if node is None or node.type != 'object':
        return out
    for child in node.named_children:
        if child.type == 'pair':
            key = child.child_by_field_name('key')
            value = child.child_by_field_name('value')
            if key is not None and value is not None:
                out[text(key).strip('\'"`')] = value
        elif child.type == 'shorthand_property_identifier':
            out[text(child)] = child
        elif child.type == 'method_definition':
            name = child.child_by_field_name('name')
            out[text(name)] = child
    return out


def has_spread(node: Node | None) -> bool:
    return node is not None and node.type == 'object' and any(
        c.type == 'spread_element' for c in node.named_children
    )


def string_value(node: Node | None) -> str | None:
    """The literal text of a string or substitution-free template; ``None`` otherwise."""
    if node is None:
        return None
    if node.type == 'string':
        return ''.join(text(c) for c in node.named_children if c.type in ('string_fragment', 'escape_sequence'))
    if node.type == 'template_string':
        if any(c.type == 'template_substitution' for c in node.named_children):
            return None
        return text(node)[1:-1]
    return None


def string_like_text(node: Node | None) -> str | None:
    """String or template text, with each substitution shown as ``${}``."""
    if node is None:
        return None
    if node.type == 'string':
        return string_value(node)
    if node.type == 'template_string':
        parts = []
        pos = node.start_byte + 1
        for c in node.named_children:
            if c.type == 'template_substitution':
                parts.append(node.text[pos - node.start_byte:c.start_byte - node.start_byte])
                parts.append(b'${}')
                pos = c.end_byte
        parts.append(node.text[pos - node.start_byte:-1])
        return b''.join(parts).decode('utf-8', 'replace')
    return None


def function_body(fn: Node) -> Node | None:
    return fn.child_by_field_name('body')


def parameters(fn: Node) -> list[Node]:
    params = fn.child_by_field_name('parameters')
    if params is None:
        single = fn.child_by_field_name('parameter')
        return [single] if single is not None else []
    return list(params.named_children)


def parameter_names(fn: Node) -> list[str]:
    names = []
    for p in parameters(fn):
        if p.type in ('required_parameter', 'optional_parameter'):
            p = p.child_by_field_name('pattern') or p
        if p.type == 'assignment_pattern':
            p = p.child_by_field_name('left') or p
        names.append(text(p) if p.type == 'identifier' else '')
    return names


def is_async(fn: Node) -> bool:
    return any(c.type == 'async' for c in fn.children)


def route_of(fn: Node) -> tuple[str, str] | None:
    """``('POST', '/api/x')`` when ``fn`` is a handler passed to ``app.post('/api/x', ...)``,
    directly or through one wrapper such as ``asyncHandler(fn)``."""
    route = _route_call(fn)
    if route is None:
        wrapper = calling(fn)
        route = _route_call(wrapper) if wrapper is not None else None
    return route


def calling(node: Node) -> Node | None:
    """The call ``node`` is a direct argument of: ``useEffect(fn)``, ``withAuth(handler)``."""
    args = node.parent
    if args is None or args.type != 'arguments':
        return None
    call = args.parent
    return call if call is not None and call.type == 'call_expression' else None


def _route_call(fn: Node) -> tuple[str, str] | None:
    call = calling(fn)
    if call is None:
        return None
    method = callee_name(call)
    if method not in ROUTE_METHODS or receiver(call) is None:
        return None
    first = arguments(call)[:1]
    path = string_value(first[0]) if first else None
    if path is None:
        fn_node = callee(call)
        obj = receiver(call)
        # router.route('/x').post(handler)
        if fn_node is not None and obj is not None and obj.type == 'call_expression' and callee_name(obj) == 'route':
            route_args = arguments(obj)
            path = string_value(route_args[0]) if route_args else None
    if path is None:
        return None
    return method.upper(), path


def function_name(fn: Node) -> str | None:
    """The name a reader would use for ``fn``, or ``None`` for an anonymous callback."""
    name = fn.child_by_field_name('name')
    if fn.type == 'method_definition' and name is not None:
        cls = inside(fn, ('class_declaration', 'class', 'abstract_class_declaration'), stop_at_function=True)
        cls_name = cls.child_by_field_name('name') if cls is not None else None
        return f'{text(cls_name)}.{text(name)}' if cls_name is not None else text(name)
    if name is not None and fn.type != 'method_definition':
        return text(name)
    name = _position_name(fn)
    if name:
        return name
    route = route_of(fn)
    if route is not None:
        return f'{route[0]} {route[1]} handler'
    wrapper = calling(fn)
    if wrapper is not None:  # export const GET = withWorkspace(async (req) => ...)
        return _position_name(wrapper)
    return None


def _position_name(value: Node) -> str | None:
    """The name a value is bound to: ``const x =``, ``a.b =``, ``{ key: ``, a class field, ``export default``."""
    parent = value.parent
    while parent is not None and parent.type in ('parenthesized_expression', 'as_expression',
                                                 'satisfies_expression'):
        parent = parent.parent
    if parent is None:
        return None
    if parent.type == 'variable_declarator':
        return text(parent.child_by_field_name('name'))
    if parent.type == 'assignment_expression':
        left = parent.child_by_field_name('left')
        return dotted(left) if left is not None else None
    if parent.type == 'pair':
        return text(parent.child_by_field_name('key')).strip('\'"')
    if parent.type in ('field_definition', 'public_field_definition'):
        prop = parent.child_by_field_name('property') or parent.child_by_field_name('name')
        cls = inside(parent, ('class_declaration', 'class', 'abstract_class_declaration'))
        cls_name = cls.child_by_field_name('name') if cls is not None else None
        return f'{text(cls_name)}.{text(prop)}' if cls_name is not None else text(prop)
    if parent.type == 'export_statement':
        return 'default export'
    return None


def display_name(node: Node) -> str:
    """The nearest named function around ``node`` (anonymous callbacks are skipped)."""
    fn = enclosing_function(node, include_self=True)
    while fn is not None:
        name = function_name(fn)
        if name:
            return name
        fn = enclosing_function(fn)
    return '<module>'


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


def declaration(ident: Node) -> Node | None:
    """The nearest ``variable_declarator`` or parameter binding ``ident``'s name, if visible."""
    name = ident.text
    for a in ancestors(ident):
        if a.type in FUNCTION_TYPES:
            for p in parameters(a):
                target = p.child_by_field_name('pattern') or p
                if target.type == 'assignment_pattern':
                    target = target.child_by_field_name('left') or target
                if target.type == 'identifier' and target.text == name:
                    return p
        elif a.type in ('statement_block', 'program', 'switch_case', 'for_statement', 'for_in_statement'):
            for child in a.named_children:
                if child.type == 'export_statement':
                    child = child.child_by_field_name('declaration') or child
                if child.type in ('lexical_declaration', 'variable_declaration'):
                    for d in child.named_children:
                        if d.type == 'variable_declarator' and _binds(d.child_by_field_name('name'), name):
                            return d
                elif a.type == 'for_in_statement' and child.type == 'identifier' and child.text == name:
                    return a
    return None


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


def chain_top(call: Node) -> Node:
    """The outermost call of a method chain starting at ``call`` (``a.b().c()`` for ``a.b()``)."""
    node = call
    while True:
        parent = node.parent
        if parent is None or parent.type != 'member_expression' or parent.child_by_field_name('object') != node:
            return node
        grand = parent.parent
        if grand is None or grand.type != 'call_expression':
            return node
        node = grand


def chain_calls(top: Node) -> list[Node]:
    """Calls of a chain from the outermost down to the innermost."""
    out = []
    node: Node | None = top
    while node is not None and node.type == 'call_expression':
        out.append(node)
        fn = unwrap(callee(node)) if callee(node) is not None else None
        node = unwrap(fn.child_by_field_name('object')) if fn is not None and fn.type == 'member_expression' else None
    return out


def name_words(name: str) -> list[str]:
    """Lower-case words of an identifier: ``updateUserBalance`` -> ``['update', 'user', 'balance']``."""
    return [w.lower() for w in _WORD.findall(name)]


def path_segments(node: Node | None) -> list[str]:
    """Named segments of a receiver path: ``this.prisma.user`` -> ``['prisma', 'user']``."""
    path = dotted(node) if node is not None else ''
    return [p.rstrip('()[]') for p in path.split('.') if p and p not in ('this', '()')]
