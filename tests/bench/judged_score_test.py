"""bench/judged/score.py: precision of judged findings and matching them to a re-run (no network, no git)."""
from __future__ import annotations

import importlib.util
import os

import pytest

from tests.helpers import ROOT

_PATH = os.path.join(str(ROOT), 'bench', 'judged', 'score.py')
_SPEC = importlib.util.spec_from_file_location('judged_score', _PATH)
assert _SPEC is not None and _SPEC.loader is not None
score = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(score)

HEADER = 'repository,commit,path,line,check,verdict,reason\n'


def _judged(line: int, check: str = 'n-plus-one', verdict: str = 'worth', path: str = 'src/a.ts',
            repository: str = 'o/r') -> object:
    return score.Judged(repository, 'c0', path, line, check, verdict, 'why')


def test_read_judged_skips_other_csv_files_and_parses_lines(tmp_path):
    (tmp_path / 'r.csv').write_text(HEADER + 'o/r,c0,src/a.ts,12,timezone,borderline,"zone, maybe"\n')
    (tmp_path / 'runs.csv').write_text('repository,commit,tool_commit,files,kloc,check,findings\n')
    rows = score.read_judged([str(tmp_path / 'r.csv'), str(tmp_path / 'runs.csv')])
    assert rows == [score.Judged('o/r', 'c0', 'src/a.ts', 12, 'timezone', 'borderline', 'zone, maybe')]


def test_read_judged_takes_an_optional_pattern_column(tmp_path):
    (tmp_path / 'r.csv').write_text(HEADER.replace('reason', 'reason,pattern')
                                    + 'o/r,c0,src/a.ts,12,timezone,not,browser,runtime:browser-code\n')
    assert score.read_judged([str(tmp_path / 'r.csv')]) == [
        score.Judged('o/r', 'c0', 'src/a.ts', 12, 'timezone', 'not', 'browser', 'runtime:browser-code')]


def test_read_judged_takes_an_optional_confidence_column_after_the_pattern(tmp_path):
    (tmp_path / 'r.csv').write_text(HEADER.replace('reason', 'reason,pattern,confidence')
                                    + 'o/r,c0,src/a.ts,12,timezone,worth,server date,worth:x,medium\n')
    assert score.read_judged([str(tmp_path / 'r.csv')]) == [
        score.Judged('o/r', 'c0', 'src/a.ts', 12, 'timezone', 'worth', 'server date', 'worth:x', 'medium')]


def test_read_judged_keeps_an_optional_message_column_and_scores_as_without_it(tmp_path):
    (tmp_path / 'r.csv').write_text(HEADER.replace('reason', 'reason,pattern,confidence,message')
                                    + 'o/r,c0,src/a.ts,12,timezone,worth,server date,worth:x,medium,"`d.getDay()` is local, here"\n'
                                    + 'o/r,c0,src/a.ts,30,timezone,not,browser,,low,\n')
    rows = score.read_judged([str(tmp_path / 'r.csv')])
    assert rows == [
        score.Judged('o/r', 'c0', 'src/a.ts', 12, 'timezone', 'worth', 'server date', 'worth:x', 'medium',
                     '`d.getDay()` is local, here'),
        score.Judged('o/r', 'c0', 'src/a.ts', 30, 'timezone', 'not', 'browser', '', 'low', ''),
    ]
    assert score.family_table(rows) == score.family_table([r._replace(message='') for r in rows])


def test_high_confidence_table_scores_the_high_rows_among_those_with_a_confidence():
    rows = [score.Judged('o/r', 'c0', 'a.ts', 1, 'timezone', 'worth', 'x', '', 'high'),
            score.Judged('o/r', 'c0', 'b.ts', 2, 'timezone', 'not', 'x', '', 'medium'),
            score.Judged('o/r', 'c0', 'c.ts', 3, 'n-plus-one', 'borderline', 'x', '', 'high'),
            score.Judged('o/r', 'c0', 'd.ts', 4, 'n-plus-one', 'not', 'x')]  # no recorded confidence
    assert score.high_confidence_table(rows) == [
        'high confidence only (2 of the 3 judged findings with a recorded confidence):',
        'family               judged  worth border    not precision',
        'n-plus-one                1      0      1      0       50%',
        'timezone                  1      1      0      0      100%',
        'overall                   2      1      1      0       75%',
    ]
    assert score.high_confidence_table(rows[3:]) == []


def test_pattern_table_ranks_patterns_by_findings_explained():
    rows = [score.Judged('o/r', 'c0', 'a.ts', 1, 'timezone', 'not', 'x', 'role:script'),
            score.Judged('o/r', 'c0', 'b.ts', 2, 'n-plus-one', 'borderline', 'x', 'n1:small'),
            score.Judged('o/r', 'c0', 'c.ts', 3, 'n-plus-one', 'not', 'x', 'n1:small'),
            score.Judged('o/r', 'c0', 'd.ts', 4, 'n-plus-one', 'worth', 'x')]
    assert score.pattern_table(rows, examples=1) == [
        'pattern                                            n  not bord worth  families; examples',
        'n1:small                                           2    1    1     0  n-plus-one; r:b.ts:2',
        '(untagged)                                         1    0    0     1  n-plus-one; r:d.ts:4',
        'role:script                                        1    1    0     0  timezone; r:a.ts:1',
    ]


def test_an_unknown_verdict_names_file_and_row(tmp_path):
    (tmp_path / 'r.csv').write_text(HEADER + 'o/r,c0,src/a.ts,12,timezone,maybe,x\n')
    with pytest.raises(SystemExit, match=r"r\.csv:2: verdict 'maybe' is not one of worth, borderline, not"):
        score.read_judged([str(tmp_path / 'r.csv')])


def test_family_table_counts_borderline_as_half():
    rows = [_judged(1), _judged(2, verdict='borderline'), _judged(3, verdict='not'), _judged(4, verdict='not'),
            _judged(5, check='timezone')]
    assert score.family_table(rows) == [
        'family               judged  worth border    not precision',
        'n-plus-one                4      1      1      2       38%',
        'timezone                  1      1      0      0      100%',
        'overall                   5      2      1      2       50%',
    ]


def test_weighted_precision_weighs_each_stratum_by_its_recorded_count():
    rows = [_judged(1, verdict='not'), _judged(2, check='timezone')]
    runs = [score.RunCount('o/r', 'c0', 't', 10, 2.0, 'n-plus-one', 30),
            score.RunCount('o/r', 'c0', 't', 10, 2.0, 'timezone', 10),
            score.RunCount('o/r', 'c0', 't', 10, 2.0, 'race-condition', 60)]  # not sampled: no weight
    assert score.weighted_precision(rows, runs) == 0.25


def test_match_pairs_nearest_line_within_tolerance_once_each():
    a, b, far = _judged(10), _judged(12), _judged(40)
    other_check = _judged(20, check='timezone')
    reported = [score.Reported('src/a.ts', 11, 'n-plus-one'),  # 1 from a and b: a takes it (listed first)
                score.Reported('src/a.ts', 14, 'n-plus-one'),  # 2 from b
                score.Reported('src/a.ts', 44, 'n-plus-one'),  # 4 from far: beyond tolerance 3
                score.Reported('src/a.ts', 20, 'n-plus-one'),  # right line, wrong check
                score.Reported('src/b.ts', 10, 'n-plus-one')]  # right line, wrong path
    assert score.match([a, b, far, other_check], reported, tolerance=3) == {
        a: score.Reported('src/a.ts', 11, 'n-plus-one'),
        b: score.Reported('src/a.ts', 14, 'n-plus-one'),
    }


def test_rescore_reports_precision_of_what_remains_and_the_worth_lost():
    kept_worth, lost_worth = _judged(1), _judged(2)
    dropped_not, kept_border = _judged(3, verdict='not'), _judged(4, check='timezone', verdict='borderline')
    rows = [kept_worth, lost_worth, dropped_not, kept_border]
    still = {kept_worth: score.Reported('src/a.ts', 1, 'n-plus-one'),
             kept_border: score.Reported('src/a.ts', 4, 'timezone')}
    runs = [score.RunCount('o/r', 'c0', 't', 10, 2.0, 'n-plus-one', 8),
            score.RunCount('o/r', 'c0', 't', 10, 2.0, 'timezone', 2)]
    assert score.rescore(rows, still, {'o/r': 5}, runs, tolerance=3) == [
        'matched by repository, path, check and a line within 3 rows',
        'family               judged  still precision then of what remains worth lost',
        'n-plus-one                3      1            67%            100%          1',
        'timezone                  1      1            50%             50%          0',
        'overall                   4      2            62%             75%          1',
        '',
        'repository                   findings then    now per kLOC then    now',
        'o/r                                     10      5          5.00   2.50',
        '',
        'worth-asking findings no longer reported:',
        '  o/r:src/a.ts:2 n-plus-one: why',
    ]


def test_find_mirror_takes_the_fetch_layout_first(tmp_path):
    (tmp_path / 'o+r' / 'repo').mkdir(parents=True)
    (tmp_path / 'x').mkdir()
    assert score.find_mirror(str(tmp_path), 'o/r') == str(tmp_path / 'o+r' / 'repo')
    assert score.find_mirror(str(tmp_path), 'y/x') == str(tmp_path / 'x')
    assert score.find_mirror(str(tmp_path), 'o/none') is None


def test_the_shape_of_a_question_leaves_out_code_numbers_and_the_rest():
    assert score.shape_of('`fetch(url)` has no timeout (30000 ms by default); add `signal`. More text.') == \
        '`…` has no timeout (N ms by default);'
    assert score.shape_of('Two requests can both read `row` before either writes it. Lock it.') == \
        'Two requests can both read `…` before either writes it.'


def test_the_shape_table_gives_precision_per_family_confidence_and_shape():
    a, b, c = _judged(1, 'timezone'), _judged(2, 'timezone', 'not'), _judged(3, 'timezone', 'borderline')
    still = {a: score.Reported('src/a.ts', 1, 'timezone', 'high', '`d.getHours()` reads the server zone.'),
             b: score.Reported('src/a.ts', 2, 'timezone', 'high', '`x.getDay()` reads the server zone. Why?'),
             c: score.Reported('src/a.ts', 3, 'timezone', 'medium', 'Midnight `d` is local.')}
    assert score.shape_table(still) == [
        'family               conf     n precision  shape of the question',
        'timezone             high     2       50%  `…` reads the server zone.',
        'timezone             medium   1       50%  Midnight `…` is local.',
    ]


def test_tier_tables_split_listed_rows_from_low_ones():
    rows = [score.Judged('o/r', 'c0', 'a.ts', 1, 'timezone', 'worth', 'x', '', 'medium'),
            score.Judged('o/r', 'c0', 'b.ts', 2, 'timezone', 'not', 'x', '', 'low'),
            score.Judged('o/r', 'c0', 'c.ts', 3, 'n-plus-one', 'borderline', 'x', '', 'low'),
            score.Judged('o/r', 'c0', 'd.ts', 4, 'n-plus-one', 'not', 'x', '', 'high')]
    assert score.tier_tables(rows) == [
        'listed by default (high and medium confidence: what a new user sees):',
        'family               judged  worth border    not precision',
        'n-plus-one                1      0      0      1        0%',
        'timezone                  1      1      0      0      100%',
        'overall                   2      1      0      1       50%',
        '',
        'low confidence (not listed by default):',
        'family               judged  worth border    not precision',
        'n-plus-one                1      0      1      0       50%',
        'timezone                  1      0      0      1        0%',
        'overall                   2      0      1      1       25%',
    ]
    assert score.tier_tables([r for r in rows if r.confidence != 'low']) == []


def test_the_remaining_table_lists_still_listed_findings_not_worth_asking_by_family_then_pattern():
    worth = _judged(1, 'timezone')
    not_tz = score.Judged('o/r', 'c0', 'src/b.ts', 9, 'timezone', 'not', 'browser', 'runtime:browser-code')
    border_n1 = score.Judged('o/r', 'c0', 'src/c.ts', 4, 'n-plus-one', 'borderline', 'small n', 'n1:small')
    still = {r: score.Reported(r.path, r.line, r.check, 'medium') for r in (worth, not_tz, border_n1)}
    assert score.remaining_table(still) == [
        '  n-plus-one borderline [n1:small] o/r:src/c.ts:4: small n',
        '  timezone not [runtime:browser-code] o/r:src/b.ts:9: browser',
    ]
