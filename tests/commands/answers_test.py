"""`vcx answers`: every vcx-ignore in the repository (or PATHs), as text and JSON."""
from __future__ import annotations

import datetime
import json

import pytest

from vcx_hook.commands import answers
from vcx_hook.main import main

from tests.helpers import git

API = '''// vcx-ignore-file timezone -- generated from the schedule table (until 2020-01-01)
export function cutoff() {
  const d = new Date();
  d.setHours(0, 0, 0, 0); // vcx-ignore timezone -- the server runs in UTC by design
  return d;
}

const handlers = {
  // vcx-ignore n-plus-one, timezone -- at most 3 admins (until 2999-03-01)
  notify: async (admins) => { for (const a of admins) await send(a); },
};
const text = "// vcx-ignore timezone -- only a string";
'''
VIEW = '''export function View({ at }) {
  return (
    <div>
      {/* vcx-ignore timezone -- shown in the user's zone */}
      <span>{at.toLocaleString()}</span>
      <i>{x}</i> {/* vcx-ignore timezone */}
    </div>
  );
}
'''


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv('GIT_INDEX_FILE', raising=False)
    git(tmp_path, 'init', '-q')
    (tmp_path / 'src').mkdir()
    (tmp_path / 'src' / 'api.js').write_text(API)
    (tmp_path / 'src' / 'view.jsx').write_text(VIEW)
    (tmp_path / 'src' / 'plain.ts').write_text('export const x = 1;\n')
    (tmp_path / 'README.md').write_text('// vcx-ignore timezone -- not code\n')
    git(tmp_path, 'add', '-A')
    (tmp_path / 'src' / 'untracked.js').write_text('f(); // vcx-ignore timezone -- not tracked\n')
    return tmp_path


TEXT = [
    'src/api.js:1: timezone -- generated from the schedule table (whole file; until 2020-01-01, expired)',
    'src/api.js:4: timezone -- the server runs in UTC by design',
    'src/api.js:9: n-plus-one, timezone -- at most 3 admins (next statement; until 2999-03-01)',
    "src/view.jsx:4: timezone -- shown in the user's zone (next statement)",
    'src/view.jsx:6: timezone (no reason: answers nothing)',
    '',
    '5 answers in 2 of 3 files read; 1 expired (their questions are open again)',
]


def test_text_lists_every_answer_in_tracked_files(repo, capsys):
    assert main(['answers']) == 0
    assert capsys.readouterr().out.splitlines() == TEXT


def test_paths_limit_and_work_outside_the_index(repo, capsys):
    assert main(['answers', 'src/untracked.js', 'src/view.jsx']) == 0
    assert capsys.readouterr().out.splitlines() == [
        'src/untracked.js:1: timezone -- not tracked',
        *TEXT[3:5],
        '',
        '3 answers in 2 of 2 files read',
    ]
    assert main(['answers', str(repo / 'src')]) == 0  # a directory: the files on disk, tracked or not
    assert capsys.readouterr().out.splitlines()[-1] == '6 answers in 3 of 4 files read; 1 expired (their questions are open again)'


def test_json(repo, capsys):
    assert main(['answers', '--format', 'json', 'src/api.js']) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc['answers'] == [
        {'path': 'src/api.js', 'line': 1, 'checks': ['timezone'], 'reason': 'generated from the schedule table',
         'function': '<file>', 'covers': 'whole file', 'until': '2020-01-01', 'expired': True},
        {'path': 'src/api.js', 'line': 4, 'checks': ['timezone'], 'reason': 'the server runs in UTC by design',
         'function': 'cutoff', 'covers': 'line', 'until': None, 'expired': False},
        {'path': 'src/api.js', 'line': 9, 'checks': ['n-plus-one', 'timezone'], 'reason': 'at most 3 admins',
         'function': 'notify', 'covers': 'next statement', 'until': '2999-03-01', 'expired': False},
    ]


def test_no_answers(repo, capsys):
    assert main(['answers', 'src/plain.ts']) == 0
    assert capsys.readouterr().out == '0 answers in 0 of 1 file read\n'


def test_outside_a_repository(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv('GIT_CEILING_DIRECTORIES', str(tmp_path.parent))
    (tmp_path / 'a.ts').write_text('x(); // vcx-ignore timezone -- fine\n')
    assert main(['answers']) == 2
    assert capsys.readouterr().err == 'vcx: answers: not in a git repository: give the files or directories to read\n'
    assert main(['answers', '.']) == 0
    assert capsys.readouterr().out.splitlines()[0] == 'a.ts:1: timezone -- fine'


def test_expiry_is_relative_to_today():
    found = answers.find('a.js', b'f(); // vcx-ignore timezone -- later (until 2030-01-01)\n')
    assert answers.text(found, 1, today=datetime.date(2029, 12, 31)).splitlines()[0] == 'a.js:1: timezone -- later (until 2030-01-01)'
    assert answers.text(found, 1, today=datetime.date(2030, 1, 2)).splitlines()[0] == 'a.js:1: timezone -- later (until 2030-01-01, expired)'


def test_answers_in_utf16_and_cr_only_files_are_on_their_own_lines(repo, capsys):
    src = 'export function f() {\n  const d = new Date();\n  d.setDate(1); // vcx-ignore timezone -- UTC host\n}\n'
    (repo / 'src' / 'wide.js').write_bytes(src.encode('utf-16'))
    (repo / 'src' / 'mac.js').write_bytes(src.replace('\n', '\r').encode())
    assert main(['answers', 'src/wide.js', 'src/mac.js']) == 0
    assert capsys.readouterr().out.splitlines() == [
        'src/mac.js:3: timezone -- UTC host',
        'src/wide.js:3: timezone -- UTC host',
        '',
        '2 answers in 2 of 2 files read',
    ]
