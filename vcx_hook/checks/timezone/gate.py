"""timezone's gate: byte searches that find every candidate ``run`` could report, and the date
libraries' names and words a scope is then searched for."""
from __future__ import annotations

from vcx_hook.ecosystem import dates
from vcx_hook.lang import lazyre
from vcx_hook.lang.scope import File
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

# Whitespace and comments between two tokens.
_WS = rb'(?:\s|/\*(?:[^*]|\*(?!/))*\*/|//[^\n]*(?![^\n]))*'
# Arguments that can be two or more, or a string: a comma outside nested parentheses, a quote, a
# slash (a regex, a comment), or parentheses three deep.  `(ms)`, `(Date.now() + ms)` cannot.
_NESTED = rb'(?:[^()\'"`/]|\([^()\'"`/]*\))*\)'  # after its `(`
_ARGUMENTS = rb'\((?:[^()\'"`/,]|\(' + _NESTED + rb')*(?:[,\'"`/]|\((?!' + _NESTED + rb'))'
# The gate: every candidate's text matches one of these.  Each starts with a capital letter, rare
# in code, so that a search costs about half a substring test.
CANDIDATES = (
    # getDate/setDate, getDay/setDay, Intl.DateTimeFormat, `Date.parse(`, `new Date(` with such arguments.
    lazyre.compile(
        rb'D(?:(?<=etD)ay|ate(?:(?<=etDate)|TimeFormat|(?<![\w$]Date)' + _WS
        + rb'(?:' + _ARGUMENTS + rb'|<|\??\.' + _WS + rb'parse(?![\w$]))))'),
    lazyre.compile(rb'Month(?<=etMonth)'),
    lazyre.compile(rb'Year(?<=etYear|llYear)'),
    lazyre.compile(rb'Hours(?<=etHours)'),
    lazyre.compile(rb'Locale(?<=toLocale)(?:Date|Time)?String'),
)
# Each candidate's word holds one of these: one scan of ``File.word_text`` before five of the source.
_CANDIDATE_WORDS = lazyre.compile(rb'Da(?:y|te)|Month|Year|Hours|Locale')

# A word of a date library's name in the file (an import of `date-fns`, a `require('dayjs')`), or a
# dateformat mask: a set lookup, where the library's functions are then looked for in the scope.
_LIBRARY_NAMES = frozenset((b'fns', *(m.encode() for m in dates.CHAINED | dates.LOCAL_MASKS)))
LIBRARY_WORDS = frozenset(w.encode() for w in dates.DATE_FNS_LOCAL | dates.CHAINED_LOCAL)
_MASKS = frozenset(w.encode() for w in dates.LOCAL_MASKS)
_FRAGMENTS = frozenset(('string_fragment',))


def candidate(text: bytes) -> bool:
    """Whether ``text`` holds a local-time method, ``Date.parse``, ``Intl.DateTimeFormat`` or a
    ``new Date(`` with arguments that can report."""
    return any(c.search(text) for c in CANDIDATES)


def candidate_in(scope: Scope) -> bool:
    """``candidate(scope.text)``, asked of the file's words first."""
    return _CANDIDATE_WORDS.search(scope.file.word_text) is not None and candidate(scope.text)


def names_library(file: File) -> bool:
    return not file.words.isdisjoint(_LIBRARY_NAMES)


def masks(scope: Scope) -> list[Node]:
    """The string fragments in the scope that are dateformat's local ISO masks."""
    return scope.file.named(_MASKS, scope.ranges, _FRAGMENTS)
