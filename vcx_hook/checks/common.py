"""Helpers of the check modules: name lists as bytes, and a module's sibling query."""
from __future__ import annotations

import functools

@functools.lru_cache(maxsize=64)
def encoded(words: frozenset[str]) -> tuple[bytes, ...]:
    """A name list as bytes, sorted, once per list (gates test source bytes)."""
    return tuple(w.encode() for w in sorted(words))


def load_query(module_file: str, part: str = '') -> str:
    """The sibling ``.scm`` file of a check module (``timezone.py`` -> ``timezone.scm``), or one
    of its parts (``unvalidated_input.py``, ``'guards'`` -> ``unvalidated_input_guards.scm``)."""
    import os.path

    path = os.path.splitext(module_file)[0] + (f'_{part}' if part else '') + '.scm'
    with open(path, encoding='utf-8') as f:
        return f.read()
