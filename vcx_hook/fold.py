"""Folding: a question asked the same way at many places of one file is asked once.

Twenty-nine ``fetch`` calls without a timeout in one controller are one thing to decide, not
twenty-nine: the questions of one file with the same check, question, confidence and *shape* of
message (its wording with the code in backticks and the numbers left out) become the first one,
whose message says how many more places there are and where, and whose ``evidence`` and ``folded``
hold their lines.  Different shapes of one check (no timeout; no ``ok`` check and no timeout) stay
apart: each place of a folded question gets the same answer.

It runs on open questions only, after suppression and the baseline (docs/folding.md): an answered
or recorded place is not folded in, and a new place next to recorded ones is still asked.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from vcx_hook.finding import Finding

_SHOWN = 6  # lines named in the message; the rest are in ``evidence`` (JSON) and counted
_NUMBER = re.compile(r'\d+')


class Key(NamedTuple):
    path: str
    check_id: str
    question: str
    confidence: str  # never folded across tiers: a medium place must not ride on a high one
    shape: str


def per_file(findings: Sequence[Finding]) -> list[Finding]:
    """``findings`` with each file's questions of one ``Key`` folded into the first, in output order."""
    groups: dict[Key, list[Finding]] = {}
    for f in sorted(findings, key=Finding.sort_key):
        groups.setdefault(key(f), []).append(f)
    return sorted((_folded(g) for g in groups.values()), key=Finding.sort_key)


def key(f: Finding) -> Key:
    return Key(f.path, f.check_id, f.question, f.confidence, shape(f.message))


def shape(message: str) -> str:
    """``message`` with what varies from place to place left out: code in backticks (a template
    literal's inner backticks included, and code cut short with ``...``) and numbers."""
    words: list[str] = []
    inside = False
    for word in message.split():
        ticks = word.count('`')
        if ticks or inside:
            if not (words and words[-1] == '`…`'):
                words.append('`…`')
            inside = inside != (ticks % 2 == 1) and '...`' not in word
            if not inside and not word.endswith('`'):  # punctuation after the closing backtick
                words[-1] += word[word.rindex('`') + 1:]
            continue
        words.append(word)
    return _NUMBER.sub('N', ' '.join(words))


def _folded(group: list[Finding]) -> Finding:
    first, rest = group[0], group[1:]
    if not rest:
        return first
    lines = tuple(f.line for f in rest)  # one question per line and check (engine/audit.py)
    shown = ', '.join(str(n) for n in lines[:_SHOWN]) + (', …' if len(lines) > _SHOWN else '')
    return first._replace(
        message=f'{first.message} (and {len(rest)} more in this file: line{"s" if len(lines) > 1 else ""} {shown})',
        evidence=tuple(sorted({*first.evidence, *lines})),
        folded=lines,
    )
