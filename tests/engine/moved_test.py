"""Moved is not new: code cut and pasted unchanged within one change is not audited again."""
from __future__ import annotations

import json

import pytest

from vcx_hook.engine import moved
from vcx_hook.engine.moved import OldSide
from vcx_hook.engine.target import Change
from vcx_hook.engine.target import Target
from vcx_hook.main import main

from tests.helpers import git

NIGHTLY = '''/** Midnight, server time. */
// vcx-ignore timezone -- cron runs in UTC
export function nightly() {
  const d = new Date();
  d.setHours(0, 0, 0, 0);
  return d;
}
'''
WEEKLY = '''const weekly = () => {
  const d = new Date();
  d.setDate(7);
  return d;
};
'''
KEEP = 'function keep() {\n  return 1;\n}\n'


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv('GIT_INDEX_FILE', raising=False)
    monkeypatch.delenv('PRE_COMMIT_FROM_REF', raising=False)
    monkeypatch.delenv('PRE_COMMIT_TO_REF', raising=False)
    git(tmp_path, 'init', '-q')
    (tmp_path / '.vcx.toml').write_text('enable = ["timezone"]\nblock = "low"\n')
    (tmp_path / 'a.js').write_text(KEEP + '\n' + WEEKLY.replace('weekly', 'weeklyOld') + '\n' + WEEKLY)
    git(tmp_path, 'add', '-A')
    git(tmp_path, 'commit', '-qm', 'one')
    return tmp_path


def stage(root, **files):
    for name, text in files.items():
        (root / name.replace('_', '.')).write_text(text)
    git(root, 'add', '-A')


def audit(capsys, *argv):
    code = main(['audit', '--format', 'json', *argv])
    doc = json.loads(capsys.readouterr().out)
    return code, [f'{f["path"]}:{f["line"]} {f["function"]}' for f in doc['findings']], doc['notes']


def test_function_moved_to_a_new_file_is_not_audited(repo, capsys):
    stage(repo, a_js=KEEP + '\n' + WEEKLY.replace('weekly', 'weeklyOld'), b_js='import { x } from "./x";\n\n' + WEEKLY)
    assert audit(capsys) == (0, [], ['1 function moved, not audited'])
    assert main(['audit']) == 0
    assert capsys.readouterr().out == '1 function moved, not audited\n'


def test_moved_and_edited_is_audited(repo, capsys):
    stage(repo, a_js=KEEP + '\n' + WEEKLY.replace('weekly', 'weeklyOld'), b_js=WEEKLY.replace('setDate(7)', 'setDate(14)'))
    assert audit(capsys) == (1, ['b.js:3 weekly'], [])


@pytest.mark.parametrize(
    ('b_js', 'expected'),
    (
        pytest.param('export ' + WEEKLY, (1, ['b.js:3 weekly'], []), id='export added on its first line'),
        pytest.param('function outer() {\n' + WEEKLY + '  return weekly;\n}\n', (1, ['b.js:4 weekly'], []), id='into a new wrapper function'),
        pytest.param(WEEKLY.replace('\n  ', '\n    '), (0, [], ['1 function moved, not audited']), id='re-indented'),
        pytest.param(WEEKLY + '\n' + WEEKLY.replace('weekly', 'weekly2'), (1, ['b.js:9 weekly2'], ['1 function moved, not audited']), id='moved and a new one'),
    ),
)
def test_what_counts_as_moved(repo, capsys, b_js, expected):
    stage(repo, a_js=KEEP + '\n' + WEEKLY.replace('weekly', 'weeklyOld'), b_js=b_js)
    assert audit(capsys) == expected


def test_copied_is_new(repo, capsys):
    stage(repo, b_js=WEEKLY)
    assert audit(capsys) == (1, ['b.js:3 weekly'], [])


def test_moved_within_the_same_file(repo, capsys):
    stage(repo, a_js=WEEKLY + '\n' + KEEP + '\n' + WEEKLY.replace('weekly', 'weeklyOld'))
    assert audit(capsys)[0] == 0


def test_one_deletion_covers_one_paste(repo, capsys):
    stage(repo, a_js=KEEP + '\n' + WEEKLY.replace('weekly', 'weeklyOld'), b_js=WEEKLY, c_js=WEEKLY)
    assert audit(capsys) == (1, ['c.js:3 weekly'], ['1 function moved, not audited'])


def test_moved_answers_are_not_listed_as_answered_in_this_change(repo, capsys):
    stage(repo, lib_js=KEEP + '\n' + NIGHTLY)
    git(repo, 'commit', '-qm', 'two')
    stage(repo, lib_js=KEEP, jobs_js='\n' + NIGHTLY)
    assert main(['audit', '--format', 'json']) == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc['findings'], doc['answered'], doc['notes']) == ([], [], ['1 function moved, not audited'])


def test_a_whole_class_moved_counts_its_methods(repo, capsys):
    cls = 'class Jobs {\n  a() {\n    return new Date(Number(this.year), 0, 1);\n  }\n\n  b() {\n    return 2;\n  }\n}\n'
    stage(repo, jobs_js=cls)
    git(repo, 'commit', '-qm', 'two')
    stage(repo, jobs_js='', cron_js=cls)
    assert audit(capsys) == (0, [], ['2 functions moved, not audited'])
    renamed = cls.replace('class Jobs', 'class Cron')  # a renamed class: its methods are still moved
    stage(repo, cron_js=renamed)
    assert audit(capsys) == (0, [], ['2 functions moved, not audited'])
    stage(repo, cron_js=renamed.replace('this.year', 'this.years'))  # ... unless edited
    assert audit(capsys) == (1, ['cron.js:3 Cron.a'], ['1 function moved, not audited'])


def test_range_mode(repo, capsys):
    base = git(repo, 'rev-parse', 'HEAD').stdout.strip()
    stage(repo, a_js=KEEP + '\n' + WEEKLY.replace('weekly', 'weeklyOld'), b_js=WEEKLY)
    git(repo, 'commit', '-qm', 'move')
    assert audit(capsys, '--from-ref', base, '--to-ref', 'HEAD') == (0, [], ['1 function moved, not audited'])


def test_deleted_file_split_in_two(repo, capsys):
    git(repo, 'rm', '-q', 'a.js')
    stage(repo, b_js=WEEKLY.replace('weekly', 'weeklyOld') + '\n' + KEEP, c_js='import "./b";\n\n' + WEEKLY)
    # git pairs a.js with b.js (a rename with edits): keep() is unchanged there, not moved
    assert audit(capsys) == (0, [], ['2 functions moved, not audited'])


# --- the module ------------------------------------------------------------------------------

OLD = b'function a() {\n  return 1;\n}\n\nfunction b() {\n  return 2;\n}\n'


@pytest.mark.parametrize(
    ('new', 'rows', 'expected_rows', 'count'),
    (
        pytest.param(b'function a() {\n  return 1;\n}\n', None, (), 1, id='whole new file is the moved function'),
        pytest.param(b'x();\nfunction a() {\n  return 1;\n}\ny();\n', None, ((0, 1), (4, 5)), 1, id='other new lines stay'),
        pytest.param(b'  function a() {\n      return 1;\n  }\n', None, (), 1, id='re-indented'),
        pytest.param(b'x();\nfunction a() { return 1; }\n', ((1, 2),), ((1, 2),), 0, id='reflowed onto one line: edited'),
        pytest.param(b'function a() {\n  return 1;\n}\n', ((1, 2),), (), 1, id='partly added, same text (diff alignment)'),
        pytest.param(b'function a() {\n  return 3;\n}\n', None, ((0, 3),), 0, id='different body'),
        pytest.param(b'if (x) function a() {\n  return 1;\n}\n', None, ((0, 3),), 0, id='shares its first line'),
    ),
)
def test_apply(new, rows, expected_rows, count):
    old = [OldSide('old.js', OLD, ((0, 3),))]
    target = Target('new.js', new, None if rows is None else Change(rows))
    result = moved.apply([target], old)
    got = result.targets[0].change
    assert (got.rows if got is not None else ((0, new.count(b'\n')),), result.functions) == (expected_rows, count)


def test_nothing_deleted_parses_nothing(monkeypatch):
    monkeypatch.setattr('vcx_hook.lang.syntax.parse', lambda *a: 1 / 0)
    target = Target('new.js', OLD, None)
    assert moved.apply([target], []) == ([target], 0)
    # deleted code whose first lines appear nowhere in the added lines: the new side is not parsed
    monkeypatch.undo()
    old = [OldSide('old.js', OLD, ((0, 3),))]
    monkeypatch.setattr('vcx_hook.engine.moved._functions', lambda tree: [] if b'return 1' in tree.source else 1 / 0)
    assert moved.apply([Target('new.js', b'const z = 2;\n', None)], old).functions == 0


def test_a_path_asked_for_without_a_staged_change_is_audited_whole(repo, capsys):
    stage(repo, b_js=WEEKLY)
    git(repo, 'commit', '-qm', 'two')
    stage(repo, a_js=KEEP + '\n' + WEEKLY.replace('weekly', 'weeklyOld'))  # deletes the copy in a.js
    assert audit(capsys, 'b.js') == (1, ['b.js:3 weekly'], [])
