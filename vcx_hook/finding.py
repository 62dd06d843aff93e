from __future__ import annotations

from typing import NamedTuple


class Finding(NamedTuple):
    """One open audit question.  ``line``/``end_line``/``col`` are 1-based (report edge)."""

    path: str
    line: int
    col: int
    check_id: str
    function: str
    message: str
    question: str
    end_line: int
    code: str  # normalized text of the offending code, for fingerprints
    evidence: tuple[int, ...] = ()  # other 1-based lines the question is about (a loop head, a write...)
    confidence: str = 'high'  # HIGH or MEDIUM: how often this shape was worth asking on held-out code
    folded: tuple[int, ...] = ()  # 1-based lines of the other places in the file asking it the same way (fold.py)

    @property
    def about(self) -> tuple[int, ...]:
        """Every 1-based line the question is about: its own and its evidence, sorted."""
        return tuple(sorted({self.line, *self.evidence}))

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.col, self.check_id)


HIGH = 'high'
MEDIUM = 'medium'
LOW = 'low'  # not listed unless asked for (`show = "low"`, `--show low`): usually not worth asking
CONFIDENCES = (HIGH, MEDIUM, LOW)
_RANK = {HIGH: 2, MEDIUM: 1, LOW: 0}


def at_least(confidence: str, floor: str) -> bool:
    """Whether ``confidence`` is ``floor`` or higher (high > medium > low)."""
    return _RANK[confidence] >= _RANK[floor]

SYNTAX_ERROR = 'syntax error; audited what parses'


class Problem(NamedTuple):
    """Something wrong with the audit input itself (a bad directive, a skipped file)."""

    path: str
    line: int  # 1-based; 0 when about the whole file
    message: str
