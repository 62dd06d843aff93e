"""Touched functions, and the facade checks ask: ``Scope``, with ``File`` (``source``) and the
node vocabulary of ``nodes`` re-exported here, so a check imports one module.

Checks never walk raw trees on their own: they take candidate nodes from ``Scope.captures`` (their
family's query, run once per scope and only if asked for) or, when the candidates are known by
name, from ``Scope.named`` (the source's words, looked up in the tree: no walk at all), and ask
this facade about them.  Rows are 0-based
here; ``Finding`` lines are 1-based.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from collections.abc import Iterator

from vcx_hook.engine.target import Change
from vcx_hook.finding import Finding
from vcx_hook.finding import HIGH
# The vocabulary, re-exported: checks ask `scope` (bandit's context facade is the model).
from vcx_hook.lang.nodes import after_dot
from vcx_hook.lang.nodes import ancestors
from vcx_hook.lang.nodes import arguments
from vcx_hook.lang.nodes import base_class
from vcx_hook.lang.nodes import called_by
from vcx_hook.lang.nodes import callee
from vcx_hook.lang.nodes import callee_name
from vcx_hook.lang.nodes import callee_path
from vcx_hook.lang.nodes import calling
from vcx_hook.lang.nodes import chain_calls
from vcx_hook.lang.nodes import chain_top
from vcx_hook.lang.nodes import declaration
from vcx_hook.lang.nodes import calls_in
from vcx_hook.lang.nodes import descendant
from vcx_hook.lang.nodes import display_name
from vcx_hook.lang.nodes import document_order
from vcx_hook.lang.nodes import dotted
from vcx_hook.lang.nodes import enclosing_function
from vcx_hook.lang.nodes import field_root
from vcx_hook.lang.nodes import kept_under
from vcx_hook.lang.nodes import function_body
from vcx_hook.lang.nodes import function_name
from vcx_hook.lang.nodes import FUNCTION_TYPES
from vcx_hook.lang.nodes import has_spread
from vcx_hook.lang.nodes import identifiers
from vcx_hook.lang.nodes import initializer
from vcx_hook.lang.nodes import inside
from vcx_hook.lang.nodes import is_async
from vcx_hook.lang.nodes import own_nodes
from vcx_hook.lang.nodes import is_awaited
from vcx_hook.lang.nodes import LOOP_TYPES
from vcx_hook.lang.nodes import name_words
from vcx_hook.lang.nodes import normalized
from vcx_hook.lang.nodes import object_keys
from vcx_hook.lang.nodes import declared_into
from vcx_hook.lang.nodes import outer_expression
from vcx_hook.lang.nodes import parameter_names
from vcx_hook.lang.nodes import parameters
from vcx_hook.lang.nodes import parameter_type
from vcx_hook.lang.nodes import parent_of
from vcx_hook.lang.nodes import top_level
from vcx_hook.lang.nodes import path_segments
from vcx_hook.lang.nodes import receiver
from vcx_hook.lang.nodes import receiver_name
from vcx_hook.lang.nodes import ROUTE_METHODS
from vcx_hook.lang.nodes import route_of
from vcx_hook.lang.nodes import string_like_text
from vcx_hook.lang.nodes import number_value
from vcx_hook.lang.nodes import string_value
from vcx_hook.lang.nodes import text
from vcx_hook.lang.nodes import type_annotation
from vcx_hook.lang.nodes import unwrap
from vcx_hook.lang.source import File
from vcx_hook.lang.source import is_ui_file
from vcx_hook.lang.source import word_spans
from vcx_hook.lang.source import WORD_BYTES
from vcx_hook.lang.source import words_of
from vcx_hook.lang.syntax import Node


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
        self._lower: bytes | None = None

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

    @property
    def lower(self) -> bytes:
        """``text`` in lower case (ASCII letters only): a case-blind gate reads it with ``in`` or
        a case-sensitive pattern, several times faster than ``re.IGNORECASE`` over ``text``."""
        if self._lower is None:
            text = self.text
            self._lower = self.file.lower if text is self.file.source else text.lower()
        return self._lower

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

    def holds(self, part: bytes) -> bool:
        """``part in self.text``, for a ``part`` of identifier bytes (``await``, ``setTimeout``):
        each of its occurrences is inside a word, so ``File.word_text`` (each word once, about a
        fifth of the source) holds it where the text does, and says alone for a whole file."""
        return part in self.file.word_text and (self.whole or part in self.text)

    def matches(self, pattern: re.Pattern[bytes]) -> Iterator[re.Match[bytes]]:
        """``pattern``'s matches in the file's source that start inside the scope's ranges."""
        source = self.file.source
        for start, end in self.ranges:
            yield from pattern.finditer(source, start, end)

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
    """The top-level statement around ``node``, or the class member when inside a class body, or
    the part of a class's head when on it (a decorator, the name, ``extends``/``implements``): a
    commit that adds ``standalone: false`` to ``@Component(...)`` or a comment above the class has not
    written its methods, so their questions are not its to answer."""
    member = None
    part = node
    parent = parent_of(node)
    while parent is not None:
        if parent.type == 'class_body' and member is None:
            member = node
        if parent.type == 'program':
            return member or _class_head(node, part) or _object_member(part) or node
        node, parent = parent, parent_of(parent)
    return None


# What may stand between a top-level statement and the object literal that is its value:
# ``module.exports = Object.freeze({...})``, ``export const config = {...}``, ``export default {...}``.
_OBJECT_HOLDERS = frozenset((
    'expression_statement', 'export_statement', 'lexical_declaration', 'variable_declaration',
    'variable_declarator', 'assignment_expression', 'call_expression', 'arguments',
    'parenthesized_expression', 'as_expression', 'satisfies_expression',
))


def _object_member(part: Node) -> Node | None:
    """The member of a top-level statement's object literal that holds ``part`` (a pair, a
    method, a spread, a comment): a commit that adds ``PrintConfigTypes: {...}`` to a constants
    module's ``module.exports = Object.freeze({...})`` has not written its other keys (the
    development origin twenty keys up), so their questions are not its to answer. None when
    ``part`` is in no such object or is the statement's own heading."""
    member = None
    node = part
    while (up := parent_of(node)) is not None and up.type != 'program':
        if up.type == 'object' and _holds_object(up):
            member = node
        node = up
    return member


def _holds_object(obj: Node) -> bool:
    node = parent_of(obj)
    while node is not None and node.type in _OBJECT_HOLDERS:
        node = parent_of(node)
    return node is not None and node.type == 'program'


_CLASSES = frozenset(('class_declaration', 'abstract_class_declaration', 'class'))


def _class_head(top: Node, part: Node) -> Node | None:
    """The child of the class ``top`` declares (or of ``top``, for its decorators) that holds
    ``part``, when that is not the class body; the class's name when ``part`` is the whole
    heading row (``export class A implements OnInit {``). None for any other statement."""
    cls = top.child_by_field_name('declaration') if top.type == 'export_statement' else top
    if cls is None or cls.type not in _CLASSES:
        return None
    if part == top or part == cls:
        return cls.child_by_field_name('name') or cls
    node = part
    while (up := parent_of(node)) is not None and up != cls and up != top:
        node = up
    return node if node.type != 'class_body' else None


def constructions(scope: Scope, words: frozenset[bytes]) -> Iterator[Node]:
    """The scope's ``new X(...)`` expressions whose constructor is one of ``words`` (``new Promise(...)``)."""
    for name in scope.named(words):
        new = parent_of(name)
        if new is not None and new.type == 'new_expression' and new.child_by_field_name('constructor') == name:
            yield new
