"""Rate limiters: the words that name one, found in lower-case text."""
from __future__ import annotations

import re

import pytest

from vcx_hook.ecosystem import limiters


@pytest.mark.parametrize('text', [
    b'const limiter = rateLimit({ windowMs: 60000 })', b'import RateLimit from "x"', b'RATE_LIMIT', b'rate-limiter',
    b'app.use(SLOW-DOWN)', b'slowDown()', b'Throttle()', b'@nestjs/throttler', b'express-brute', b'BruteForce',
    b'a delimiter here', b'DELIMITER', b'DeLimiter and a limiter', b'limits', b'nothing at all', b'sl ow',
])
def test_limiter_words_are_found_in_lower_case_text_as_case_blind(text):
    """`limiters.of_file` reads `File.lower` with a case-sensitive pattern, after its keys: the same
    as the case-blind pattern over the source (bytes patterns fold ASCII only)."""
    blind = re.compile(limiters.LIMITER_LOWER.pattern, re.I)
    low = text.lower()
    found = any(k in low for k in limiters.LIMITER_KEYS) and limiters.LIMITER_LOWER.search(low)
    assert bool(found) == bool(blind.search(text))
