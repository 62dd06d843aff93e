"""Parsing and queries: the only module that imports tree_sitter.

The tree-sitter Python API changed a lot between 0.21 and 0.26 (``Query``/``QueryCursor``,
``Language`` wrapping).  Everything version-specific stays here; other modules only read the
stable ``Node`` attributes (``type``, ``children``, ``start_point``, ``start_byte``, ``parent``...).
"""
from __future__ import annotations

import functools
import operator
import os.path
import re
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
    return tree if tree is not None else _parse(source, grammar)


def prime(source: bytes, grammar: str) -> Tree:
    """Parse ``source`` ahead of time; the next ``parse`` of the same bytes returns this tree."""
    tree = _primed.get((grammar, source))
    if tree is None:
        tree = _primed[(grammar, source)] = _parse(source, grammar)
    return tree


def _parse(source: bytes, grammar: str) -> Tree:
    """The file's tree; where its grammar fails, the better of two known recoveries (only files
    with a syntax error pay for them): Flow-typed JavaScript read as TSX, and TypeScript type
    arguments holding an object type before a template (``styled.div<{ $on: boolean }>`...```),
    which tree-sitter-typescript 0.23 cannot parse, blanked out (byte positions stay the same).
    TypeScript's awaited generic calls are parsed with their type arguments blanked too
    (``blank_awaited_type_arguments``)."""
    parsed = blank_awaited_type_arguments(source) if grammar != 'javascript' and b'await' in source else source
    root = _parser(grammar).parse(parsed).root_node
    if not root.has_error:
        return Tree(grammar, root, source)
    best = (_error_bytes(root), grammar, root, parsed)
    if grammar == 'javascript' and _FLOW_PRAGMA.search(source[:_FLOW_HEAD]):
        other = _parser('tsx').parse(source).root_node
        best = min(best, (_error_bytes(other), 'tsx', other, source), key=_FIRST)
    elif grammar != 'javascript':
        blanked = blank_type_only_exports(blank_template_type_arguments(parsed) if b'>`' in source else parsed)
        if blanked != parsed:
            other = _parser(grammar).parse(blanked).root_node
            best = min(best, (_error_bytes(other), grammar, other, blanked), key=_FIRST)
    if best[0] and best[1] != 'typescript' and b'&' in source:
        texts = blank_text_ampersands(best[3])
        if texts != best[3]:
            other = _parser(best[1]).parse(texts).root_node
            best = min(best, (_error_bytes(other), best[1], other, texts), key=_FIRST)
    return Tree(best[1], best[2], source)


_FLOW_PRAGMA = re.compile(rb'@(?:no)?flow\b')
_FLOW_HEAD = 2048  # the pragma is in the file's first comment
_FIRST = operator.itemgetter(0)


def _error_bytes(root: Node) -> int:
    """How many bytes the tree's ERROR and missing nodes cover (0 for a clean tree)."""
    total = 0
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type == 'ERROR':
            total += max(1, node.end_byte - node.start_byte)
        elif node.is_missing:
            total += 1
        elif node.has_error:
            stack.extend(node.children)
    return total


def blank_template_type_arguments(source: bytes) -> bytes:
    """``source`` with each type argument list followed by a template literal replaced by spaces,
    newlines kept (the same length and rows): one that holds an object type (``<{ a: T }>`` in
    ``styled.div<{ a: T }>`x```), and one after a name that holds no expression's operator
    (postgres.js's ``sql<Row[]>`SELECT ...```), both of which tree-sitter-typescript 0.23 fails on."""
    out = bytearray(source)
    pos = source.find(b'<{')
    while pos != -1:
        end = _closing_angle(source, pos)
        if end != -1 and source[end + 1:end + 2] == b'`':
            _blank(out, pos, end)
            pos = end
        pos = source.find(b'<{', pos + 1)
    for m in _TYPE_ARGS.finditer(source):
        start = m.start(2)
        if m.group(1) in _KEYWORDS or out[start] == 0x20:
            continue
        end = _closing_angle(source, start)
        if end != -1 and source[end + 1:end + 2] == b'`' and _NOT_A_TYPE.search(source, start + 1, end) is None:
            _blank(out, start, end)
    return bytes(out)


# `export type * from './types'` (TypeScript 5.0), which tree-sitter-typescript 0.23 fails on.
_TYPE_ONLY_STAR_EXPORT = re.compile(rb'(?m)^[ \t]*export\s+(type)\s+\*')


# What may stand on either side of a JSX text: a tag's `<` or `>`, an expression's `{` or `}`.
_JSX_BOUNDS = re.compile(rb'[<>{}]')
_ENTITY = re.compile(rb'&(?:#\w+|[A-Za-z]\w*);')
_TEXT_REACH = 400
# An attribute's string open up to the `&` (`src="https://x?a=1&`), and a tag's own bounds.
_ATTRIBUTE_STRING = re.compile(rb'[\w-]=(["\'])[^"\'\n]*$')
_TAG_BOUNDS = re.compile(rb'[<>]')


def blank_text_ampersands(source: bytes) -> bytes:
    """``source`` with each bare ``&`` of a JSX text (``<h2>Role & Access</h2>``: after a tag's ``>``
    and before the next ``<``, no brace between) or of an attribute's string (``<iframe
    src="...?a=1&b=2" />``) replaced by a space (the same length and rows). React reads it as the
    character; tree-sitter's JSX grammars take ``&`` for the start of a character reference and fail
    on the rest of the file (three of round 28's ten applications). Not ``&&``, ``&=``, nor a
    reference (``&amp;``)."""
    out: bytearray | None = None
    pos = source.find(b'&')
    while pos != -1:
        if source[pos + 1:pos + 2] not in (b'&', b'=') and source[pos - 1:pos] != b'&' \
                and _ENTITY.match(source, pos) is None and _in_jsx_text(source, pos):
            out = out if out is not None else bytearray(source)
            out[pos] = 0x20
        pos = source.find(b'&', pos + 1 if source[pos + 1:pos + 2] != b'&' else pos + 2)
    return bytes(out) if out is not None else source


def _in_jsx_text(source: bytes, pos: int) -> bool:
    """Between a tag's ``>`` (not an arrow's ``=>``) and the next ``<``: a JSX text; or in a quoted
    attribute string of a tag still open (``<iframe title={t('x')} src="?a=1&b=2"``)."""
    before = [m for m in _JSX_BOUNDS.finditer(source, max(0, pos - _TEXT_REACH), pos)]
    after = _JSX_BOUNDS.search(source, pos, pos + _TEXT_REACH)
    if not before or after is None:
        return False
    last, first = before[-1], after.group()
    if last.group() == b'>' and source[last.start() - 1:last.start()] != b'=':
        return first == b'<'
    line = source.rfind(b'\n', 0, pos) + 1
    if _ATTRIBUTE_STRING.search(source, line, pos) is None:
        return False
    tag = [m for m in _TAG_BOUNDS.finditer(source, max(0, pos - _TEXT_REACH * 4), pos)
           if m.group() == b'<' or source[m.start() - 1:m.start()] != b'=']  # not an arrow's `=>`
    return bool(tag) and tag[-1].group() == b'<' and source[tag[-1].end():tag[-1].end() + 1].isalpha()


def blank_type_only_exports(source: bytes) -> bytes:
    """``source`` with the ``type`` of each ``export type * from ...`` replaced by spaces (what is
    left, ``export * from ...``, names the same module)."""
    if b'export type' not in source:
        return source
    out: bytearray | None = None
    for m in _TYPE_ONLY_STAR_EXPORT.finditer(source):
        out = out if out is not None else bytearray(source)
        _blank(out, m.start(1), m.end(1) - 1)
    return bytes(out) if out is not None else source


def _blank(out: bytearray, first: int, last: int) -> None:
    """Spaces over ``out[first:last + 1]``, its line breaks kept."""
    for i in range(first, last + 1):
        if out[i] not in (0x0A, 0x0D):
            out[i] = 0x20


# A type argument list opened right after a name (`get<`, `oneOrNone<`), the call's `(` after it.
_TYPE_ARGS = re.compile(rb'(?<![\w$])([A-Za-z_$][\w$]*)\s*(<)')
_KEYWORDS = frozenset((b'return', b'yield', b'await', b'typeof', b'in', b'of', b'case', b'else', b'do'))
# What a type argument list never holds (an expression's operators); `=>`, `|`, `&` it may.
_NOT_A_TYPE = re.compile(rb'&&|\|\||[+*/%!]|=(?!>)|<=|\?\?|\bawait\b|\bnew\b')
_STATEMENT_ENDS = re.compile(rb'[;{}]')


def blank_awaited_type_arguments(source: bytes) -> bytes:
    """``source`` with the type arguments of a call that an ``await`` earlier in the statement
    waits for replaced by spaces (newlines kept: the same length and rows). tree-sitter-typescript
    reads ``await db.oneOrNone<Row>(sql)`` as a call of ``await db.oneOrNone``, so the call would
    not look awaited and its callee would be the ``await``."""
    out: bytearray | None = None
    for m in _TYPE_ARGS.finditer(source):
        start = m.start(2)
        if m.group(1) in _KEYWORDS:
            continue  # `return <Row>(...)`: JSX, not a generic call
        end = _closing_angle(source, start)
        if end == -1 or source[end + 1:end + 81].lstrip()[:1] != b'(':
            continue
        if _NOT_A_TYPE.search(source, start + 1, end) is not None:
            continue
        statement = max((b.end() for b in _STATEMENT_ENDS.finditer(source, max(0, start - 400), start)), default=0)
        if re.search(rb'\bawait\b', source[max(statement, start - 400):start]) is None:
            continue
        out = out if out is not None else bytearray(source)
        _blank(out, start, end)
    return bytes(out) if out is not None else source


def _closing_angle(source: bytes, start: int) -> int:
    """The index of the ``>`` that closes the ``<`` at ``start``, or -1 (gives up at a
    semicolon or a backtick outside braces: not a type argument list)."""
    depth = 0
    for i in range(start, min(len(source), start + 4096)):
        c = source[i]
        if c in b'<{([':
            depth += 1
        elif c in b'}])':
            depth -= 1
        elif c == 0x3E and source[i - 1] != 0x3D:  # '>' but not '=>'
            depth -= 1
            if depth == 0:
                return i
        elif c in b';`' and depth <= 1:
            return -1
    return -1


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
