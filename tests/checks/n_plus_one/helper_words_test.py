"""n-plus-one's per-element helper words: the file's words holding a per-element word, in any case."""
from __future__ import annotations

import re

import pytest

from vcx_hook.checks.n_plus_one.candidates import _ELEMENT_PARTS
from vcx_hook.checks.n_plus_one.candidates import _holding


@pytest.mark.parametrize('words', [
    pytest.param({b'forEach', b'executeAsynchronously', b'batchProcess', b'eachLimit', b'MAPPED'}, id='several'),
    pytest.param({b'reach', b'sourceMap', b'mapSeries', b'parallelLimit', b'x'}, id='inside words'),
    pytest.param({b'load', b'save', b'$el'}, id='none'),
    pytest.param(set(), id='no words'),
])
def test_the_words_holding_a_part_are_what_a_case_blind_line_search_finds(words):
    lines = re.compile(b'(?im)^[^\n]*(?:' + b'|'.join(_ELEMENT_PARTS) + b')[^\n]*$')
    assert _holding(words, _ELEMENT_PARTS) == set(lines.findall(b'\n'.join(words)))
