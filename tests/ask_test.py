"""Which questions block (issue 15): new ones and those about the lines the change wrote; the
others in touched functions are listed as older.  Each test is a real temporary repository."""
from __future__ import annotations

import json

import pytest

from vcx_hook.main import main
from tests.helpers import git

JOBS = '''function nightly() {
  const d = new Date();
  d.setHours(0, 0, 0, 0);
  return d;
}
'''
ZONE = "is calendar maths in the server's zone (UTC in production, yours on a laptop)"
HOURS = f'src/jobs.js:3:3: timezone (low): `d.setHours(0, 0, 0, 0)` {ZONE}: `setUTCHours` or an explicit zone (also line 2)'
OLDER = ('1 older question in the functions this change touches does not block '
         '(asked before the change, about lines it did not write): vcx audit --ask touched-functions')


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ('GIT_INDEX_FILE', 'PRE_COMMIT_FROM_REF', 'PRE_COMMIT_TO_REF'):
        monkeypatch.delenv(name, raising=False)
    git(tmp_path, 'init', '-q', '-b', 'main')
    (tmp_path / '.vcx.toml').write_text('enable = ["timezone", "missing-cleanup", "n-plus-one"]\nblock = "low"\n')
    (tmp_path / 'src').mkdir()
    (tmp_path / 'src' / 'jobs.js').write_text(JOBS)
    git(tmp_path, 'add', '-A')
    git(tmp_path, 'commit', '-qm', 'legacy')
    return tmp_path


def stage(repo, text, path='src/jobs.js'):
    (repo / path).write_text(text)
    git(repo, 'add', path)


def audit(capsys, *argv):
    code = main(['audit', *argv])
    return code, capsys.readouterr().out.splitlines()


def test_a_new_question_blocks(repo, capsys):
    stage(repo, JOBS.replace('  return d;', '  d.setDate(1);\n  return d;'))
    code, out = audit(capsys)
    assert code == 1
    assert out[0] == 'vcx: 1 question to answer in 1 function of 1 file (this commit: 1 file audited)'
    assert out[3] == f'src/jobs.js:4:3: timezone (low): `d.setDate(1)` {ZONE}: `setUTCDate` or an explicit zone (also line 2)'
    assert out[-2:] == ['', OLDER]
    assert 'What a check looks for: vcx explain <check-id>.  Skip the hook once: SKIP=vcx git commit ...' in out


def test_an_old_question_in_the_same_function_does_not_block(repo, capsys):
    stage(repo, JOBS.replace('  return d;', '  return d; // local midnight'))
    assert audit(capsys) == (0, [OLDER])
    assert main(['audit', '--format', 'json']) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc['findings'] == []
    assert [(f['path'], f['line'], f['check'], f['evidence']) for f in doc['older']] == [('src/jobs.js', 3, 'timezone', [2, 3])]


def test_editing_the_line_an_old_question_is_about_blocks(repo, capsys):
    stage(repo, JOBS.replace('d.setHours(0, 0, 0, 0);', 'd.setHours(0, 0, 0, 0); // midnight'))
    code, out = audit(capsys)
    assert code == 1
    assert out[3] == HOURS
    assert OLDER not in out


def low_blocks(repo):
    """n-plus-one's questions are low confidence (docs/confidence.md): these tests make them block."""
    (repo / '.vcx.toml').write_text('enable = ["n-plus-one"]\nblock = "low"\n')
    git(repo, 'add', '.vcx.toml')


def test_an_edit_that_touches_an_evidence_line_blocks(repo, capsys):
    low_blocks(repo)
    loop = '''async function load(teamId) {
  const members = await db.member.findMany({ where: { teamId } });
  const out = [];
  for (const m of members) {
    out.push(await db.user.findUnique({ where: { id: m.userId } }));
  }
  return out;
}
'''
    stage(repo, loop, 'src/load.js')
    git(repo, 'commit', '-qm', 'load')
    stage(repo, loop.replace('  return out;', '  return out.filter(Boolean);'), 'src/load.js')
    assert audit(capsys)[0] == 0  # the loop and the call are as they were
    stage(repo, loop.replace('for (const m of members) {', 'for (const m of members.filter(Boolean)) {'), 'src/load.js')
    code, out = audit(capsys)
    assert code == 1
    assert out[3] == ('src/load.js:5:20: n-plus-one (low): `db.user.findUnique()` runs once per `m` of the for-of loop '
                      'over `members.filter(Boolean)` on line 4 (also line 4)')


def test_a_deleted_cleanup_still_blocks(repo, capsys):
    clock = """import { useEffect, useState } from 'react';

export function Clock() {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, []);
  return now;
}
"""
    stage(repo, clock, 'src/Clock.jsx')
    git(repo, 'commit', '-qm', 'clock')
    stage(repo, clock.replace('    return () => clearInterval(id);\n', ''), 'src/Clock.jsx')
    code, out = audit(capsys)
    assert code == 1
    assert out[3].startswith('src/Clock.jsx:6:16: missing-cleanup (medium): ')


def test_touched_functions_asks_every_question_in_them(repo, capsys):
    (repo / '.vcx.toml').write_text('enable = ["timezone"]\nblock = "low"\nask = "touched-functions"\n')
    git(repo, 'add', '.vcx.toml')
    stage(repo, JOBS.replace('  return d;', '  return d; // local midnight'))
    code, out = audit(capsys)
    assert code == 1
    assert out[3] == HOURS
    assert audit(capsys, '--ask', 'changed') == (0, [OLDER])


def test_a_range_compares_with_the_merge_base(repo, capsys):
    git(repo, 'checkout', '-qb', 'topic')
    stage(repo, JOBS.replace('  return d;', '  return d; // local midnight'))
    git(repo, 'commit', '-qm', 'comment')
    stage(repo, JOBS.replace('  return d;', '  d.setDate(1);\n  return d; // local midnight'))
    git(repo, 'commit', '-qm', 'first of the month')
    code, out = audit(capsys, '--from-ref', 'main', '--to-ref', 'topic')
    assert code == 1
    assert out[0] == 'vcx: 1 question to answer in 1 function of 1 file (commit range: 1 file audited)'
    assert out[3].startswith('src/jobs.js:4:3: timezone (low): `d.setDate(1)`')
    assert out[-1] == OLDER.replace('touched-functions', 'touched-functions --from-ref main --to-ref topic')
    assert not any('Skip the hook' in line for line in out)


def test_a_push_says_how_to_skip_the_push_hook(repo, capsys, monkeypatch):
    git(repo, 'checkout', '-qb', 'topic')
    stage(repo, JOBS.replace('  return d;', '  d.setDate(1);\n  return d;'))
    git(repo, 'commit', '-qm', 'first of the month')
    monkeypatch.setenv('PRE_COMMIT_FROM_REF', 'main')
    monkeypatch.setenv('PRE_COMMIT_TO_REF', 'topic')
    code, out = audit(capsys)
    assert code == 1
    assert out[0] == 'vcx: 1 question to answer in 1 function of 1 file (this push: 1 file audited)'
    assert 'What a check looks for: vcx explain <check-id>.  Skip the hook once: SKIP=vcx git push ...' in out


def test_a_path_with_no_staged_change_is_audited_whole(repo, capsys):
    stage(repo, JOBS.replace('d.setHours(0, 0, 0, 0);', 'd.setHours(0, 0, 0, 0); // vcx-ignore timezone -- a local report'))
    git(repo, 'commit', '-qm', 'answered')
    (repo / 'src' / 'more.js').write_text(JOBS.replace('nightly', 'hourly'))
    git(repo, 'add', 'src/more.js')
    git(repo, 'commit', '-qm', 'more')
    code, out = audit(capsys, 'src/jobs.js', 'src/more.js')
    assert code == 1
    assert out[0] == 'vcx: 1 question to answer in 1 function of 1 file (whole files: 2 files audited)'
    assert 'answers in these files (1):' in out
    assert out[-1] == 'What a check looks for: vcx explain <check-id>.'


def test_a_module_wrapper_touches_only_the_edited_statement(repo, capsys):
    topics = """module.exports = function (Topics) {
  Topics.create = function () {
    const d = new Date();
    d.setHours(0, 0, 0, 0);
    return d;
  };

  Topics.name = 'topics';
};
"""
    (repo / '.vcx.toml').write_text('enable = ["timezone"]\nblock = "low"\nask = "touched-functions"\n')
    stage(repo, topics, 'src/topics.js')
    git(repo, 'add', '.vcx.toml')
    git(repo, 'commit', '-qm', 'topics')
    stage(repo, topics.replace("'topics'", "'forum-topics'"), 'src/topics.js')
    assert audit(capsys) == (0, [])
    stage(repo, topics.replace('return d;', 'return d; // midnight'), 'src/topics.js')
    code, out = audit(capsys)
    assert code == 1
    assert out[2:4] == ['src/topics.js · Topics.create', 'src/topics.js:4:5: timezone (low): `d.setHours(0, 0, 0, 0)` ' + ZONE + ': `setUTCHours` or an explicit zone (also line 3)']


LOAD = '''async function load(teamId) {
  const ids = await db.member.findMany({ where: { teamId } });
  const out = [];
  for (const id of ids) {
    out.push(await db.user.findUnique({ where: { id, kind: 'user' }, select: { name: true } }));
  }
  return out;
}
'''
# What prettier (no semicolons, double quotes, a narrow line) makes of it: the same code.
LOAD_REFORMATTED = '''async function load(teamId) {
  const ids = await db.member.findMany({ where: { teamId } })
  const out = []
  for (const id of ids) {
    out.push(
      await db.user.findUnique({
        where: { id, kind: "user" },
        select: { name: true },
      }),
    )
  }
  return out
}
'''
FIND = ('n-plus-one (low): `db.user.findUnique()` runs once per `id` of the for-of loop '
        'over `ids` on line 4 (also line 4)')


@pytest.fixture
def loader(repo):
    low_blocks(repo)
    stage(repo, LOAD, 'src/load.js')
    git(repo, 'commit', '-qm', 'load')
    return repo


def test_lines_a_formatter_rewrote_are_not_lines_the_change_wrote(loader, capsys):
    """Rewrapped, requoted, semicolons and trailing commas: the question the loop was asked
    before is older, at its new line."""
    stage(loader, LOAD_REFORMATTED, 'src/load.js')
    assert audit(capsys) == (0, [OLDER])
    assert main(['audit', '--format', 'json']) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [(f['path'], f['line'], f['check'], f['evidence']) for f in doc['older']] == [('src/load.js', 6, 'n-plus-one', [4, 6])]
    code, out = audit(capsys, '--ask', 'touched-functions')
    assert code == 1
    assert out[3] == f'src/load.js:6:13: {FIND}'


def test_a_reformatted_stretch_that_also_changes_code_blocks(loader, capsys):
    stage(loader, LOAD_REFORMATTED.replace('out.push(', 'out.unshift('), 'src/load.js')
    code, out = audit(capsys)
    assert code == 1
    assert out[3] == f'src/load.js:6:13: {FIND}'
    assert OLDER not in out


def test_a_reformatting_commit_in_a_range_asks_nothing(loader, capsys):
    git(loader, 'checkout', '-qb', 'lint')
    stage(loader, LOAD_REFORMATTED, 'src/load.js')
    git(loader, 'commit', '-qm', 'lint')
    code, out = audit(capsys, '--from-ref', 'main', '--to-ref', 'lint')
    assert code == 0
    assert out == [OLDER.replace('touched-functions', 'touched-functions --from-ref main --to-ref lint')]
