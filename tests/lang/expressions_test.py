"""lang/expressions: names' words, and the pattern that finds them in a file's word text."""
from __future__ import annotations

import pytest

from vcx_hook.lang.expressions import name_word_pattern
from vcx_hook.lang.expressions import name_words

_NAMES = ['pin', 'userPin', 'USER_PIN', 'isPinValid', 'APin', 'sendEmail', 'EMAIL_FROM', 'email2fa',
          'mapping', 'Pinned', 'pin2', 'spinner', 'emails', 'XEMAILS', 'emitFactory', 'pinCode', '$pin']


@pytest.mark.parametrize('name', _NAMES)
def test_the_pattern_finds_a_name_exactly_when_one_of_its_words_is_wanted(name):
    wanted = {'pin', 'email'}
    pattern = name_word_pattern(iter(wanted))  # any iterable, read once
    assert bool(pattern.search(b' ' + name.encode() + b' ')) == bool(wanted & set(name_words(name)))


def test_the_pattern_reads_a_file_s_word_text():
    text = b' const mapping spinner verifyPinCode '
    assert [m.group() for m in name_word_pattern(['pin', 'code']).finditer(text)] == [b'Pin', b'Code']
