"""bench/judged/shapes.py: the template of a question as asked, precision per (check, template), and the
held-out files it reads from docs/confidence.md."""
from __future__ import annotations

import importlib.util
import os

import pytest

from tests.helpers import ROOT

_SPEC = importlib.util.spec_from_file_location('judged_shapes', os.path.join(str(ROOT), 'bench', 'judged', 'shapes.py'))
assert _SPEC is not None and _SPEC.loader is not None
shapes = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(shapes)

FORMATS = "`d.toLocaleDateString()` formats in the server's zone; pass `timeZone` or format on the client"
HEADER = 'repository,commit,path,line,check,verdict,reason,pattern,confidence,message\n'


@pytest.mark.parametrize(('message', 'expected'), [
    pytest.param(FORMATS, "X formats in the server's zone; pass X or format on the client", id='code-spans'),
    pytest.param(FORMATS + ' (and 2 more in this file: lines 40, 77)',
                 "X formats in the server's zone; pass X or format on the client", id='fold-note-dropped'),
    pytest.param('`new Date(`${scan.day}T12:00:00`)` parses a date-time with no offset: add `Z` or an offset',
                 'X parses a date-time with no offset: add X or an offset', id='template-literal-in-code'),
    pytest.param('`fetch( `https://api.open-meteo.com/v1/for...` has no `res.ok` check before `res.json()`',
                 'X has no X check before X', id='template-literal-cut-short'),
    pytest.param('`cron.schedule( `*/${m} * * * *` fires at ``*/${m} * * * *`` of the server\'s zone',
                 "X fires at X of the server's zone", id='double-backticks'),
    pytest.param('`items.map()` runs once per `item` of `items` on line 42',
                 'X runs once per X of X on line N', id='numbers'),
    pytest.param("`db.all()` runs 'SELECT id FROM ${}' with no WHERE; \"a\" is the user's",
                 "X runs S with no WHERE; S is the user's", id='quoted-strings-not-apostrophes'),
])
def test_template_abstracts_what_varies_between_findings(message, expected):
    assert shapes.template(message) == expected


def _row(line, verdict, message, confidence='medium', check='timezone'):
    return shapes.Judged('o/r', 'c0', 'a.ts', line, check, verdict, 'why', '', confidence, message)


ROWS = [
    _row(1, 'worth', FORMATS),
    _row(2, 'borderline', FORMATS.replace('toLocaleDateString', 'toLocaleString') + ' (and 1 more in this file: line 9)'),
    _row(3, 'not', FORMATS, confidence='low'),
    _row(4, 'not', "`new Intl.DateTimeFormat('en')` has no `timeZone`, so it formats in the server's zone"),
    _row(5, 'worth', '`getUser(id)` runs once per `id` of the for-of loop over `ids` on line 12', check='n-plus-one'),
    _row(6, 'not', ''),
]


def test_group_keys_rows_by_check_and_template_and_leaves_unrecorded_rows_out():
    groups = shapes.group(ROWS)
    assert {key: [r.line for r in rows] for key, rows in groups.items()} == {
        ('timezone', "X formats in the server's zone; pass X or format on the client"): [1, 2, 3],
        ('timezone', "X has no X, so it formats in the server's zone"): [4],
        ('n-plus-one', 'X runs once per X of the for-of loop over X on line N'): [5],
    }


def test_table_scores_every_judged_row_and_the_listed_ones_apart():
    assert shapes.table(ROWS) == [
        'check                judged precision listed worth border   not precision  template',
        'n-plus-one                1      100%      1     1      0     0      100%  X runs once per X of the for-of loop over X on line N',
        "timezone                  3       50%      2     1      1     0       75%  X formats in the server's zone; pass X or format on the client",
        "timezone                  1        0%      1     0      0     1        0%  X has no X, so it formats in the server's zone",
        'shown                     5       50%      4     2      1     1       62%  3 templates',
        '1 judged rows recorded no question (no message column): not grouped',
    ]


def test_table_shows_only_groups_of_the_smallest_size():
    assert shapes.table(ROWS[:5], smallest=2) == [
        'check                judged precision listed worth border   not precision  template',
        "timezone                  3       50%      2     1      1     0       75%  X formats in the server's zone; pass X or format on the client",
        'shown                     3       50%      2     1      1     0       75%  1 templates',
    ]


def test_main_filters_by_check_and_template(tmp_path, capsys):
    (tmp_path / 'r.csv').write_text(HEADER + ''.join(
        f'{r.repository},{r.commit},{r.path},{r.line},{r.check},{r.verdict},why,,{r.confidence},"{r.message}"\n'
        for r in ROWS[:5]))
    assert shapes.main(['--check', 'timezone', '--match', 'formats in the server', str(tmp_path / 'r.csv')]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        'shown                     4       38%      3     1      1     1       50%  2 templates')
    assert shapes.main(['--check', 'race-condition', str(tmp_path / 'r.csv')]) == 2


def test_held_out_files_expand_the_braces_of_the_command_after_its_paragraph(tmp_path):
    (tmp_path / 'doc.md').write_text(
        'Round 3:\n```sh\npython bench/judged/score.py bench/judged/{x,y}.csv\n```\n'
        f'{shapes.HELD_OUT_LEAD} (2 of them):\n\n```sh\npython bench/judged/score.py bench/judged/{{a,b.c}}.csv \\\n'
        '  bench/judged/d-e.csv\n```\nLater: bench/judged/z.csv\n')
    assert [os.path.basename(p) for p in shapes.held_out_files(str(tmp_path / 'doc.md'))] == ['a.csv', 'b.c.csv', 'd-e.csv']


def test_every_held_out_file_exists_and_records_the_questions_asked():
    files = shapes.held_out_files()
    assert len(files) > 100
    for path in files:
        with open(path, encoding='utf-8') as fh:
            assert fh.readline().rstrip('\r\n').endswith(',confidence,message'), path
