"""The format of the committed real-bug case files: cases.csv (tuning) and the held-out sets
(holdout.csv, holdout2.csv ... one a blind set)."""
from __future__ import annotations

import glob
import os
import re

import pytest

from tests.bench.realbugs_test import score

_HERE = os.path.dirname(str(score.__file__))
_COMMIT = re.compile(r'[0-9a-f]{40}')
_FILES = ['cases.csv', *sorted(os.path.basename(p) for p in glob.glob(os.path.join(_HERE, 'holdout*.csv')))]


def _cases(name):
    return score.read_cases(os.path.join(_HERE, name))


def test_every_held_out_set_is_checked():
    assert 'holdout.csv' in _FILES and len(_FILES) >= 3


@pytest.mark.parametrize('name', _FILES)
def test_every_case_names_two_full_commits_a_span_and_a_family(name):
    bad = [c.id for c in _cases(name)
           if not (_COMMIT.fullmatch(c.fix) and _COMMIT.fullmatch(c.parent) and 1 <= c.start <= c.end
                   and c.family in score.FAMILIES and c.path and c.function and c.shape and c.fixed_by)]
    assert bad == []


def test_ids_are_unique_across_every_file():
    ids = [c.id for name in _FILES for c in _cases(name)]
    assert sorted(i for i in set(ids) if ids.count(i) > 1) == []


def test_no_held_out_repository_is_a_tuning_repository():
    tuning = {c.repo for c in _cases('cases.csv')}
    assert sorted({c.repo for c in _cases('holdout.csv')} & tuning) == []
