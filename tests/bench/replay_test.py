"""bench/replay.py on a repository made here: a commit with a new question, one that keeps an
old question, and one with no JavaScript."""
from __future__ import annotations

import importlib.util
import os

from tests.helpers import git
from tests.helpers import ROOT

_PATH = os.path.join(str(ROOT), 'bench', 'replay.py')
_SPEC = importlib.util.spec_from_file_location('replay', _PATH)
assert _SPEC is not None and _SPEC.loader is not None
replay = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(replay)

JOBS = 'function nightly() {\n  const d = new Date();\n  d.setHours(0, 0, 0, 0);\n  return d;\n}\n'


def test_block_rate_and_old_questions(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv('GIT_CEILING_DIRECTORIES', str(tmp_path))
    repo = tmp_path / 'app'
    repo.mkdir()
    git(repo, 'init', '-q')
    (repo / 'README').write_text('app\n')
    (repo / '.vcx.toml').write_text('block = "low"\n')  # its timezone questions block
    git(repo, 'add', '-A')
    git(repo, 'commit', '-qm', 'start')
    (repo / 'jobs.js').write_text(JOBS)
    git(repo, 'add', '-A')
    git(repo, 'commit', '-qm', 'nightly job')
    (repo / 'jobs.js').write_text(JOBS.replace('return d;', 'return d; // local'))
    git(repo, 'add', '-A')
    git(repo, 'commit', '-qm', 'comment')
    (repo / 'jobs.js').write_text(JOBS.replace('d.setHours(0, 0, 0, 0);', 'd.setHours(0, 0, 0, 0); // midnight'))
    git(repo, 'add', '-A')
    git(repo, 'commit', '-qm', 'edit the line')
    assert replay.main([str(repo), '--commits', '5', '--show']) == 0
    zone = "`d.setHours(0, 0, 0, 0)` is calendar maths in the server's zone (UTC in production, yours on a laptop): `setUTCHours` or an explicit zone"
    lines = capsys.readouterr().out.splitlines()
    assert [line[12:] if i % 2 == 0 and i < 4 else line for i, line in enumerate(lines)] == [
        ' nightly job',
        f'  new jobs.js:3 timezone (nightly): {zone}',
        ' edit the line',
        f'  old jobs.js:3 timezone (nightly): {zone}',
        'commits replayed: 3',
        'asked something: 2 (66.7%)',
        'blocked (exit 1 with the configuration of the commit): 2 (66.7%)',
        'questions per commit asked something: 1.0',
        'questions the parent asked too (same message): 1 of 2 (50.0%)',
        'questions about code the commit did not write (same message and code): 1 of 2 (50.0%)',
    ]


def test_a_question_whose_code_the_commit_edited_is_not_about_code_it_did_not_write(tmp_path, capsys, monkeypatch):
    """A message quotes the start of the code; the fingerprint sees an edit further in."""
    monkeypatch.setenv('GIT_CEILING_DIRECTORIES', str(tmp_path))
    repo = tmp_path / 'app'
    repo.mkdir()
    git(repo, 'init', '-q')
    (repo / 'README').write_text('app\n')
    git(repo, 'add', '-A')
    git(repo, 'commit', '-qm', 'start')
    fonts = ('export async function load(name) {\n'
             '  const bytes = await fetch(`${process.env.FONTS_URL}/files/${name}.ttf`).then(async (res) => res.arrayBuffer());\n'
             '  return bytes;\n}\n')
    (repo / 'fonts.js').write_text(fonts)
    git(repo, 'add', '-A')
    git(repo, 'commit', '-qm', 'fonts')
    (repo / 'fonts.js').write_text(fonts.replace('.ttf', '.woff2'))
    git(repo, 'add', '-A')
    git(repo, 'commit', '-qm', 'woff2')
    assert replay.main([str(repo), '--commits', '5', '--show']) == 0
    lines = capsys.readouterr().out.splitlines()
    question = ("fonts.js:2 error-handling (load): `fetch(`${process.env.FONTS_URL}/files/${n...` has no `res.ok` check "
                "before `res.arrayBuffer()` and no timeout")
    assert [line for line in lines if line.startswith('  ')] == [f'  new {question}', f'  edited {question}']
    assert lines[-2:] == [
        'questions the parent asked too (same message): 1 of 2 (50.0%)',
        'questions about code the commit did not write (same message and code): 0 of 2 (0.0%)',
    ]


def test_questions_listed_without_blocking_are_counted_as_asked(tmp_path, capsys, monkeypatch):
    """A question listed but not blocking (its low confidence shown with `show = "low"`, nothing
    blocking by default) is counted as asked, the commit not blocked."""
    monkeypatch.setenv('GIT_CEILING_DIRECTORIES', str(tmp_path))
    repo = tmp_path / 'app'
    repo.mkdir()
    git(repo, 'init', '-q')
    (repo / 'README').write_text('app\n')
    (repo / '.vcx.toml').write_text('show = "low"\n')
    git(repo, 'add', '-A')
    git(repo, 'commit', '-qm', 'start')
    (repo / 'jobs.js').write_text(JOBS)
    git(repo, 'add', '-A')
    git(repo, 'commit', '-qm', 'nightly job')
    assert replay.main([str(repo), '--commits', '5']) == 0
    assert capsys.readouterr().out.splitlines()[:4] == [
        'commits replayed: 1',
        'asked something: 1 (100.0%)',
        'blocked (exit 1 with the configuration of the commit): 0 (0.0%)',
        'questions per commit asked something: 1.0',
    ]
