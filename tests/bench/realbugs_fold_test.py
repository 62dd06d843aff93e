"""bench/realbugs/score.py and folded questions: a case's place folded into a question asked earlier in
the file is still found (recall is about places, not about where a folded question is anchored)."""
from __future__ import annotations

import importlib.util
import os

from tests.helpers import ROOT

_PATH = os.path.join(str(ROOT), 'bench', 'realbugs', 'score.py')
_SPEC = importlib.util.spec_from_file_location('realbugs_score_fold', _PATH)
assert _SPEC is not None and _SPEC.loader is not None
score = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(score)


def test_a_folded_place_inside_the_span_is_a_hit():
    report = {'findings': [{
        'check': 'error-handling', 'path': 'src/api.js', 'line': 3, 'folded': [12, 40], 'confidence': 'medium',
        'message': '`fetch(url)` has no timeout (and 2 more in this file: lines 12, 40)',
    }]}
    assert score.hits_in(report, 'src/api.js', 10, 20) == (
        score.Hit('error-handling', 12, '`fetch(url)` has no timeout (and 2 more in this file: lines 12, 40)', 'medium'),
    )
    assert score.hits_in(report, 'src/api.js', 20, 30) == ()
