"""timezone's gate: byte searches that find every candidate ``run`` could report, and the date
libraries' names and words a scope is then searched for."""
from __future__ import annotations

from vcx_hook.ecosystem import dates
from vcx_hook.lang import lazyre
from vcx_hook.lang.scope import File
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

# The gate: every candidate's text matches one of these (`ecosystem.dates`, which the hook's parent
# reads too, without importing this family).
CANDIDATES = dates.LOCAL_TIME_CANDIDATES
# Each candidate's word holds one of these: one scan of ``File.word_text`` before five of the source.
_CANDIDATE_WORDS = lazyre.compile(rb'Da(?:y|te)|Month|Year|Hours|Locale')

# A word of a date library's name in the file (an import of `date-fns`, a `require('dayjs')`), or a
# dateformat mask: a set lookup, where the library's functions are then looked for in the scope.
_LIBRARY_NAMES = frozenset((b'fns', *(m.encode() for m in dates.CHAINED | dates.LOCAL_MASKS)))
LIBRARY_WORDS = frozenset(w.encode() for w in dates.DATE_FNS_LOCAL | dates.CHAINED_LOCAL)
_MASKS = frozenset(w.encode() for w in dates.LOCAL_MASKS)
_FRAGMENTS = frozenset(('string_fragment',))


candidate = dates.local_time_candidate


def candidate_in(scope: Scope) -> bool:
    """``candidate(scope.text)``, asked of the file's words first."""
    return scope.file.fact(_candidate_words) and candidate(scope.text)


def _candidate_words(file: File) -> bool:
    return _CANDIDATE_WORDS.search(file.word_text) is not None


def names_library(file: File) -> bool:
    return not file.words.isdisjoint(_LIBRARY_NAMES)


def masks(scope: Scope) -> list[Node]:
    """The string fragments in the scope that are dateformat's local ISO masks."""
    return scope.file.named(_MASKS, scope.ranges, _FRAGMENTS)
