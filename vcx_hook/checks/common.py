"""Helpers of the check modules: name lists as bytes, and a module's sibling query."""
from __future__ import annotations

import functools

@functools.lru_cache(maxsize=64)
def encoded(words: frozenset[str]) -> tuple[bytes, ...]:
    """A name list as bytes, sorted, once per list (gates test source bytes)."""
    return tuple(w.encode() for w in sorted(words))


def load_query(module_file: str, part: str = '', **names: frozenset[str] | str) -> str:
    """The sibling ``.scm`` file of a check module (``hardcoded_config/`` -> ``hardcoded_config.scm``),
    or one of its parts (``unvalidated_input.py``, ``'guards'`` -> ``unvalidated_input_guards.scm``).
    Each ``{key}`` of ``names`` in it becomes a pattern matching exactly those names (or the
    pattern given): the lists live in ``ecosystem/``, and the query does not spell them again."""
    import os.path

    path = os.path.splitext(module_file)[0] + (f'_{part}' if part else '') + '.scm'
    with open(path, encoding='utf-8') as f:
        text = f.read()
    for key, words in names.items():
        text = text.replace('{' + key + '}', _quoted(words if isinstance(words, str) else exactly(words)))
    return text


def exactly(words: frozenset[str]) -> str:
    """A regular expression matching exactly ``words``."""
    import re

    return '^(' + '|'.join(re.escape(w) for w in sorted(words)) + ')$'


def _quoted(pattern: str) -> str:
    """``pattern`` escaped for a query's string."""
    return pattern.replace('\\', '\\\\').replace('"', '\\"')
