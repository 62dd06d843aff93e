"""lang/expressions: names' words, and the pattern that finds them in a file's word text."""
from __future__ import annotations

import pytest

from vcx_hook.lang.expressions import NameWords
from vcx_hook.lang.expressions import name_words

_NAMES = ['pin', 'userPin', 'USER_PIN', 'isPinValid', 'APin', 'sendEmail', 'EMAIL_FROM', 'email2fa',
          'mapping', 'Pinned', 'pin2', 'spinner', 'emails', 'XEMAILS', 'emitFactory', 'pinCode', '$pin']


@pytest.mark.parametrize('name', _NAMES)
def test_a_name_is_found_exactly_when_one_of_its_words_is_wanted(name):
    wanted = {'pin', 'email'}
    finder = NameWords(iter(wanted))  # any iterable, read once
    text = b' ' + name.encode() + b' '
    assert finder.found_in(text, text.lower()) == bool(wanted & set(name_words(name)))


def test_it_reads_a_file_s_word_text():
    for text, found in ((b' const mapping spinner verifyPinCode ', True), (b' const mapping spinner barcode Pinned ', False)):
        assert NameWords(['pin', 'code']).found_in(text, text.lower()) is found
