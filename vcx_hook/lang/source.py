"""One source file as checks see it: ``File`` holds its bytes, its tree (parsed only when
something asks for it), its lines and identifier-like words, the candidates of a family's query,
and facts computed once per file (``File.fact``, ``File.memo``), such as whether it is UI code.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Iterator
from collections.abc import Mapping
from typing import TypeVar

from vcx_hook.lang import lazyre
from vcx_hook.lang import syntax
from vcx_hook.lang.syntax import Node
from vcx_hook.lang.tree import descendant
from vcx_hook.lang.tree import track

# UI code by its imports, a `'use client'` directive, or DOM globals (`window.x`, not `typeof window.x`).
# Each module's name, after a word it holds: the words' text is read before the source.
_UI_MODULES = ((b'react', b'react'), (b'vue', b'vue'), (b'svelte', b'svelte'), (b'solid', b'solid-js'),
               (b'angular', b'@angular/core'), (b'next', b'next/'))
_UI_IMPORT = lazyre.compile(
    rb'''(?:from\s+|require\(\s*|import\s+)['"](?:react|react-dom|react-native|preact|vue|svelte|'''
    rb'''solid-js|@angular/core|next/(?:link|image|router|dynamic))['"/]'''
)
_USE_CLIENT = lazyre.compile(rb'''^\s*['"]use client['"]''', re.MULTILINE)
# Not a property of that name: JSDOM's `dom.window.document` in a server route that parses a page.
_UI_GLOBALS = {  # the name first: the engine scans for it, where a leading `\b` tries every byte
    g: lazyre.compile(g + rb'(?<![\w.]' + g + rb')(?<!typeof ' + g + rb')\.[a-zA-Z]')
    for g in (b'window', b'document', b'navigator', b'localStorage', b'sessionStorage')
}
# Every UI marker holds one of these words (`react-dom`: `react`; `'use client'`: `client`).
_UI_WORDS = frozenset((
    b'react', b'preact', b'vue', b'svelte', b'solid', b'angular', b'next', b'client',
    b'window', b'document', b'navigator', b'localStorage', b'sessionStorage',
))
_DOLLAR_GLOBALS = (b'$window', b'$document', b'$navigator', b'$localStorage', b'$sessionStorage')
T = TypeVar('T')
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
        track(tree.root)
        self._grammar = tree.grammar
        self.source = tree.source
        self.queries: Mapping[str, str] = queries or {}
        self._line_starts: list[int] | None = None
        self._memo: dict[object, object] = {}
        # Where its package says the file runs ('browser', 'server', 'both' or ''), set by
        # the engine from the nearest package.json (ecosystem/runtime.py).
        self.runtime_hint = ''
        # (path, class name) of the project's classes, imported by audited files, that are custom
        # elements (ecosystem/owned.py ``element_class``), set by the engine (engine/imported.py).
        self.element_bases: frozenset[tuple[str, str]] = frozenset()

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
        file.runtime_hint = ''
        file.element_bases = frozenset()
        return file

    @property
    def tree(self) -> syntax.Tree:
        tree = self._tree
        if tree is None:
            tree = self._tree = syntax.parse(self.source, self._grammar)
            track(tree.root)
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
    def regex_words(self) -> frozenset[bytes]:
        """Every run of ``\\w`` bytes (``File.words`` split at each ``$`` too), the words a pattern's
        ``\\b`` sees: ``\\bname\\b`` finds nothing in a file whose ``regex_words`` lack ``name``, a
        set lookup to ask before a pattern that starts with ``\\b`` (tried at every byte)."""
        found = self._memo.get('regex_words')
        if found is None:
            text = self.word_text
            found = self._memo['regex_words'] = frozenset(text.replace(b'$', b' ').split()) if b'$' in text \
                else self.words
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
            follows: re.Pattern[bytes] | None = None,
    ) -> list[Node]:
        """The identifiers and property names spelled as one of ``names`` (``foo``, ``x.foo``,
        ``{ foo: 1 }``) that start inside ``ranges``, in document order; with ``types``, the
        nodes of those types instead (keywords: ``'for'``); with ``follows``, only those whose
        bytes after them it matches (the tree is parsed only for one that it does).  Found from
        the source's words, then looked up in the tree: the cost is the occurrences', where a
        query walks the whole tree (over ten times as much for a family's sink names on webpack)."""
        wanted = _NAME_TYPES if types is None else types
        present = self.words & names
        if not present:
            return []
        source = self.source
        spans = sorted((first, last) for _, first, last in word_spans(source, present, ranges)
                       if follows is None or follows.match(source, last))
        if not spans:
            return []
        root = self.tree.root
        out: list[Node] = []
        for first, last in spans:  # in document order
            node = descendant(root, first, last)
            if node is not None and node.start_byte == first and node.end_byte == last and node.type in wanted:
                out.append(node)
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

    def release(self) -> None:
        """Forget the facts computed for the file, once it is audited: one that refers back to the
        file (error-handling's ``Facts``) would keep it and its tree alive until the garbage
        collector finds the cycle, and collections grow with what is alive."""
        self._memo.clear()

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


def is_ui_file(file: File) -> bool:
    """Code that runs on the user's machine, not a server: a file of a browser package, components (React, Vue, Svelte, Angular), `'use client'`, or DOM globals."""
    return file.memo('ui', _is_ui_file)


def _is_ui_file(file: File) -> bool:
    if file.runtime_hint == 'browser':
        return True
    if file.path.endswith(('.jsx', '.tsx')):
        # Remix's and React Router's server-only modules (`email.server.tsx`) render JSX on the server.
        return '.server.' not in file.path.rsplit('/', 1)[-1]
    # Each marker's own substring first: one pattern for them all cost twice as much on big files.
    source = file.source
    words = file.word_text  # a fifth of the source, holding each marker's words: read first
    if file.words.isdisjoint(_UI_WORDS) and (b'$' not in words or not any(g in words for g in _DOLLAR_GLOBALS)):
        return False  # `$window.x` is a global after a `$`
    if any(w in words and m in source for w, m in _UI_MODULES) and _UI_IMPORT.search(source):
        return True
    if b'client' in words and b'use client' in source and _USE_CLIENT.search(source):
        return True
    return any(g in words and g + b'.' in source and pattern.search(source)
               and not (g == b'document' and _local_document(source)) for g, pattern in _UI_GLOBALS.items())


_SPACE = frozenset(b' \t\n\r\x0b\x0c')  # a pattern's `\s`
_WORD = frozenset(b'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_')  # `\w`
_IN_BRACES = _WORD | _SPACE | frozenset(b'$,')
_DECLARES = (b'const', b'let', b'var')


def _arrow_parameter(source: bytes, before: int, after: int) -> bool:
    """The name between ``before`` and ``after`` is an arrow function's only parameter: ``name =>``
    or ``(name) =>``."""
    if source.startswith(b'=>', after):
        return True
    if before == 0 or source[before - 1] != 0x28 or not source.startswith(b')', after):
        return False
    arrow = after + 1
    while arrow < len(source) and source[arrow] in _SPACE:
        arrow += 1
    return source.startswith(b'=>', arrow)


def _function_parameter(source: bytes, pos: int) -> bool:
    """The name at ``pos`` is in the parameter list of a ``function`` (``function (document)``,
    ``function copy(data, document)``): the ``(`` before it, past names and commas, follows the
    keyword and an optional name."""
    start = pos
    while start > 0 and source[start - 1] in _IN_BRACES:
        start -= 1
    if start == 0 or source[start - 1] != 0x28:
        return False
    end = start - 1
    while end > 0 and source[end - 1] in _SPACE:
        end -= 1
    name = end
    while name > 0 and source[name - 1] in _WORD:
        name -= 1
    if source[name:end] != b'function':
        end = name
        while end > 0 and source[end - 1] in _SPACE:
            end -= 1
        name = end - 8
        if name < 0 or source[name:end] != b'function':
            return False
    return name == 0 or source[name - 1] not in _WORD


def _local_document(source: bytes) -> bool:
    """A server file's own ``document`` (``const document = await Doc.findById(id)``, ``(document:
    Doc) =>``, ``({ document, fork }) =>``) is no DOM: its ``document.type`` says nothing of where the
    file runs.  What ``\\b(?:const|let|var)\\s+document\\b|[(,]\\s*document\\s*\\??:\\s*[A-Z]|
    \\{[\\w$\\s,]*?\\bdocument\\s*[,}]`` finds, read around each ``document`` (the pattern tried every
    ``{``: 40 ms over webpack's 250 files with a ``document.``, where this takes 2)."""
    size = len(source)
    pos = source.find(b'document')
    while pos != -1:
        end, before = pos + 8, pos
        while before > 0 and source[before - 1] in _SPACE:
            before -= 1
        after = end
        while after < size and source[after] in _SPACE:
            after += 1
        if before < pos and (end == size or source[end] not in _WORD) and any(
                before >= len(k) and source.startswith(k, before - len(k), before)
                and (before == len(k) or source[before - len(k) - 1] not in _WORD) for k in _DECLARES):
            return True  # `const document`
        colon = after + 1 if source[after:after + 1] == b'?' else after
        if before > 0 and source[before - 1] in b'(,' and source[colon:colon + 1] == b':':
            value = colon + 1
            while value < size and source[value] in _SPACE:
                value += 1
            if source[value:value + 1].isupper():
                return True  # `(document: Doc`
        if (pos == 0 or source[pos - 1] not in _WORD) and _arrow_parameter(source, before, after):
            return True  # `.map((document) => ...)`, `document => ...`: a callback's own element
        if (pos == 0 or source[pos - 1] not in _WORD) and source[after:after + 1] in (b',', b')') \
                and _function_parameter(source, pos):
            return True  # `docs.forEach(function (document) {`: a callback's own element
        if (pos == 0 or source[pos - 1] not in _WORD) and source[after:after + 1] in (b',', b'}'):
            start = pos
            while start > 0 and source[start - 1] in _IN_BRACES:
                start -= 1
            if start > 0 and source[start - 1] == 0x7B:
                return True  # `{ document }`
        pos = source.find(b'document', end)
    return False
