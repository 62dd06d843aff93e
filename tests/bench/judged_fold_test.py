"""bench/judged/score.py and folded questions: a judged place folded into a question asked elsewhere in its
file still matches, so the precision of a re-run is not lowered by folding."""
from __future__ import annotations

import importlib.util
import os

from tests.helpers import ROOT

_PATH = os.path.join(str(ROOT), 'bench', 'judged', 'score.py')
_SPEC = importlib.util.spec_from_file_location('judged_score_fold', _PATH)
assert _SPEC is not None and _SPEC.loader is not None
score = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(score)

FOLDED = {
    'check': 'error-handling', 'path': 'src/api.js', 'line': 8, 'folded': [40, 77], 'confidence': 'medium',
    'message': '`fetch(url)` has no timeout (and 2 more in this file: lines 40, 77)',
}
ALONE = {'check': 'timezone', 'path': 'src/api.js', 'line': 12, 'confidence': 'medium', 'message': '`d.getDay()` is local'}


def test_a_folded_question_is_reported_once_per_place_without_the_fold_note():
    assert score.reported_places([FOLDED, ALONE]) == [
        score.Reported('src/api.js', 8, 'error-handling', 'medium', '`fetch(url)` has no timeout'),
        score.Reported('src/api.js', 40, 'error-handling', 'medium', '`fetch(url)` has no timeout'),
        score.Reported('src/api.js', 77, 'error-handling', 'medium', '`fetch(url)` has no timeout'),
        score.Reported('src/api.js', 12, 'timezone', 'medium', '`d.getDay()` is local'),
    ]


def test_judged_places_of_a_folded_question_each_match_one_place():
    judged = [score.Judged('o/r', 'c0', 'src/api.js', line, 'error-handling', 'worth', 'why') for line in (8, 41, 77, 120)]
    matched = score.match(judged, score.reported_places([FOLDED]), tolerance=3)
    assert sorted((j.line, r.line) for j, r in matched.items()) == [(8, 8), (41, 40), (77, 77)]
