"""Git scenarios in temporary repositories: what the staged index, a range or a diff touches."""
from __future__ import annotations

import hashlib
import json
import os
import pathlib
import subprocess
import sys

import pytest

from vcx_hook.main import main

from tests.helpers import git
from tests.helpers import ROOT

BAD = 'function {name}() {{\n  const d = new Date();\n  d.setDate(1);\n  return d;\n}}\n'
GOOD = 'function {name}() {{\n  return new Date(Date.now() + 864e5);\n}}\n'


@pytest.fixture(params=['git', 'libgit2'])
def staged_reader(request, monkeypatch):
    """Every scenario twice: staged changes as git lists them, and as libgit2 diffs the whole
    index (what vcx falls back to without a ``git`` it can run)."""
    from vcx_hook.engine import gitcli

    if request.param == 'libgit2':
        monkeypatch.setattr(gitcli, 'staged_changes', lambda r: None)
    return request.param


@pytest.fixture
def repo(tmp_path, monkeypatch, staged_reader):
    return _new_repo(tmp_path, monkeypatch)


@pytest.fixture
def either_repo(tmp_path, monkeypatch):
    """A repository for a test that compares git's reading and libgit2's itself."""
    return _new_repo(tmp_path, monkeypatch)


def _new_repo(tmp_path, monkeypatch):
    root = tmp_path / 'repo'
    root.mkdir()
    git(root, 'init', '-q')
    (root / '.vcx.toml').write_text('enable = ["timezone"]\nblock = "low"\nfold = false\n')
    git(root, 'add', '.vcx.toml')
    monkeypatch.chdir(root)
    monkeypatch.delenv('GIT_INDEX_FILE', raising=False)
    monkeypatch.delenv('PRE_COMMIT_FROM_REF', raising=False)
    monkeypatch.delenv('PRE_COMMIT_TO_REF', raising=False)
    return root


def write(root, path, text):
    p = root / path
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text)


def commit(root, msg='c'):
    git(root, 'add', '-A')
    git(root, 'commit', '-qm', msg)


def audit_json(capsys, *argv):
    code = main(['audit', '--format', 'json', *argv])
    out = capsys.readouterr().out
    doc = json.loads(out)
    return code, sorted(f'{f["path"]}:{f["line"]} {f["function"]}' for f in doc['findings'])


def test_modify_reports_only_touched_function(repo, capsys):
    write(repo, 'a.js', BAD.format(name='old') + GOOD.format(name='later'))
    commit(repo)
    write(repo, 'a.js', BAD.format(name='old') + BAD.format(name='later'))
    git(repo, 'add', 'a.js')
    assert audit_json(capsys) == (1, ['a.js:8 later'])


def test_new_file_is_audited_whole(repo, capsys):
    commit(repo)
    write(repo, 'src/new file ü.js', BAD.format(name='one') + BAD.format(name='two'))
    git(repo, 'add', '-A')
    assert audit_json(capsys) == (1, ['src/new file ü.js:3 one', 'src/new file ü.js:8 two'])


def test_unborn_head_audits_everything_staged(repo, capsys):
    write(repo, 'a.ts', BAD.format(name='first'))
    git(repo, 'add', 'a.ts')
    assert audit_json(capsys) == (1, ['a.ts:3 first'])


def test_delete_only_hunk_touches_its_function(repo, capsys):
    write(repo, 'a.js', 'function f() {\n  const d = new Date();\n  d.setDate(1);\n  cleanup();\n  return d;\n}\n')
    commit(repo)
    write(repo, 'a.js', 'function f() {\n  const d = new Date();\n  d.setDate(1);\n  return d;\n}\n')
    git(repo, 'add', 'a.js')
    assert audit_json(capsys) == (1, ['a.js:3 f'])


def test_deleting_a_top_level_function_touches_nothing(repo, capsys):
    write(repo, 'a.js', BAD.format(name='keep') + GOOD.format(name='gone'))
    commit(repo)
    write(repo, 'a.js', BAD.format(name='keep'))
    git(repo, 'add', 'a.js')
    assert audit_json(capsys) == (0, [])


def test_unstaged_problem_is_not_audited(repo, capsys):
    write(repo, 'a.js', GOOD.format(name='f'))
    commit(repo)
    write(repo, 'a.js', GOOD.format(name='f') + GOOD.format(name='g'))
    git(repo, 'add', 'a.js')
    write(repo, 'a.js', GOOD.format(name='f') + BAD.format(name='g'))  # not staged
    assert audit_json(capsys) == (0, [])


def test_staged_problem_fixed_only_in_work_tree_is_still_reported(repo, capsys):
    write(repo, 'a.js', GOOD.format(name='f'))
    commit(repo)
    write(repo, 'a.js', BAD.format(name='f'))
    git(repo, 'add', 'a.js')
    write(repo, 'a.js', GOOD.format(name='f'))  # the fix is not staged: the commit still has the bug
    assert audit_json(capsys) == (1, ['a.js:3 f'])


def test_pure_rename_touches_nothing(repo, capsys):
    write(repo, 'a.js', BAD.format(name='f'))
    commit(repo)
    git(repo, 'mv', 'a.js', 'b.js')
    assert audit_json(capsys) == (0, [])


def test_rename_with_edit_touches_the_edited_function(repo, capsys):
    write(repo, 'a.js', BAD.format(name='f') + GOOD.format(name='g') + '\n// padding\n' * 5)
    commit(repo)
    git(repo, 'mv', 'a.js', 'b.js')
    write(repo, 'b.js', BAD.format(name='f') + BAD.format(name='g') + '\n// padding\n' * 5)
    git(repo, 'add', 'b.js')
    assert audit_json(capsys) == (1, ['b.js:8 g'])


def test_deleted_file_is_skipped(repo, capsys):
    write(repo, 'a.js', BAD.format(name='f'))
    commit(repo)
    git(repo, 'rm', '-q', 'a.js')
    assert audit_json(capsys) == (0, [])


def test_subdirectory_cwd(repo, capsys, monkeypatch):
    commit(repo)
    write(repo, 'src/lib/a.js', BAD.format(name='f'))
    git(repo, 'add', '-A')
    monkeypatch.chdir(repo / 'src')
    assert audit_json(capsys) == (1, ['src/lib/a.js:3 f'])
    assert audit_json(capsys, 'lib/a.js') == (1, ['src/lib/a.js:3 f'])


def test_linked_worktree(repo, capsys, monkeypatch, tmp_path):
    write(repo, 'a.js', GOOD.format(name='f'))
    commit(repo)
    git(repo, 'worktree', 'add', '-q', str(tmp_path / 'wt'))
    write(tmp_path / 'wt', 'a.js', BAD.format(name='f'))
    git(tmp_path / 'wt', 'add', 'a.js')
    monkeypatch.chdir(tmp_path / 'wt')
    assert audit_json(capsys) == (1, ['a.js:3 f'])
    monkeypatch.chdir(repo)
    assert audit_json(capsys) == (0, [])


def test_paths_with_no_staged_change_are_audited_whole(repo, capsys):
    write(repo, 'old.js', BAD.format(name='legacy'))
    write(repo, 'README.md', '# x\n')
    commit(repo)
    assert audit_json(capsys, 'old.js', 'README.md') == (1, ['old.js:3 legacy'])
    assert audit_json(capsys, 'README.md') == (0, [])


def test_range_mode_flags_and_pre_commit_env(repo, capsys, monkeypatch):
    write(repo, 'a.js', GOOD.format(name='f') + GOOD.format(name='g'))
    commit(repo)
    base = git(repo, 'rev-parse', 'HEAD').stdout.strip()
    write(repo, 'a.js', GOOD.format(name='f') + BAD.format(name='g'))
    commit(repo)
    write(repo, 'a.js', BAD.format(name='f') + BAD.format(name='g'))  # work tree differs: range reads the tree
    assert audit_json(capsys, '--from-ref', base, '--to-ref', 'HEAD') == (1, ['a.js:6 g'])
    monkeypatch.setenv('PRE_COMMIT_FROM_REF', base)
    monkeypatch.setenv('PRE_COMMIT_TO_REF', 'HEAD')
    assert audit_json(capsys) == (1, ['a.js:6 g'])


def test_bad_ref_is_a_usage_error(repo, capsys):
    commit(repo)
    assert main(['audit', '--from-ref', 'nope', '--to-ref', 'HEAD']) == 2
    assert "cannot resolve ref 'nope'" in capsys.readouterr().err


def test_diff_mode_file_and_stdin(repo, capsys, monkeypatch):
    write(repo, 'a.js', GOOD.format(name='f') + GOOD.format(name='g'))
    commit(repo)
    write(repo, 'a.js', BAD.format(name='f') + GOOD.format(name='g'))
    patch = git(repo, 'diff').stdout
    (repo / 'change.patch').write_text(patch)
    assert audit_json(capsys, '--diff', 'change.patch') == (1, ['a.js:3 f'])
    monkeypatch.setattr(sys, 'stdin', __import__('io').StringIO(patch))
    assert audit_json(capsys, '--diff', '-') == (1, ['a.js:3 f'])


def test_not_a_repository(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv('GIT_CEILING_DIRECTORIES', str(tmp_path.parent))
    assert main(['audit']) == 2
    err = capsys.readouterr().err
    assert err.startswith('vcx: ') and 'not in a git repository' in err


def test_all_outside_a_repository(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv('GIT_CEILING_DIRECTORIES', str(tmp_path.parent))
    write(tmp_path, 'app/a.js', BAD.format(name='f'))
    write(tmp_path, 'app/node_modules/dep/index.js', BAD.format(name='dep'))
    write(tmp_path, 'app/dist/bundle.js', BAD.format(name='built'))
    write(tmp_path, 'app/vendor.min.js', BAD.format(name='minified'))
    (tmp_path / '.vcx.toml').write_text('enable = ["timezone"]\nblock = "low"\n')
    assert audit_json(capsys, '--all', 'app') == (1, ['app/a.js:3 f'])


def test_all_in_repository_skips_ignored_and_untracked(repo, capsys):
    write(repo, '.gitignore', 'generated/\n')
    write(repo, 'src/a.js', BAD.format(name='f'))
    commit(repo)
    write(repo, 'generated/g.js', BAD.format(name='gen'))
    write(repo, 'src/untracked.js', BAD.format(name='u'))
    assert audit_json(capsys, '--all') == (1, ['src/a.js:3 f'])
    assert audit_json(capsys, '--all', '.') == (1, ['src/a.js:3 f', 'src/untracked.js:3 u'])


def _snapshot(root: pathlib.Path) -> str:
    h = hashlib.sha256()
    for p in sorted(root.rglob('*')):
        if p.is_file():
            h.update(str(p.relative_to(root)).encode())
            h.update(p.read_bytes())
            h.update(str(p.stat().st_mtime_ns).encode())
    return h.hexdigest()


def test_never_writes_to_the_repository(repo, capsys):
    write(repo, 'a.js', GOOD.format(name='f'))
    commit(repo)
    write(repo, 'a.js', BAD.format(name='f'))
    git(repo, 'add', 'a.js')
    write(repo, 'b.js', BAD.format(name='f'))
    before = _snapshot(repo)
    for argv in (['audit'], ['audit', '--all'], ['audit', '--format', 'sarif'], ['audit', 'a.js', 'b.js']):
        main(argv)
    capsys.readouterr()
    assert _snapshot(repo) == before


def _install_hook(root):
    hook = root / '.git' / 'hooks' / 'pre-commit'
    hook.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m vcx_hook audit\n')
    hook.chmod(0o755)


def test_commit_all_uses_git_index_file(repo):
    write(repo, 'a.js', GOOD.format(name='f'))
    commit(repo)
    _install_hook(repo)
    write(repo, 'a.js', BAD.format(name='f'))  # modified, not staged: `commit -a` stages it in a temp index
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    r = git(repo, 'commit', '-am', 'bad', env=env, check=False)
    assert r.returncode != 0
    assert 'a.js:3:3: timezone (low): ' in r.stdout + r.stderr
    write(repo, 'a.js', GOOD.format(name='f') + GOOD.format(name='g'))
    r = git(repo, 'commit', '-am', 'good', env=env, check=False)
    assert r.returncode == 0, r.stdout + r.stderr


def test_commit_path_audits_that_path_only(repo):
    write(repo, 'a.js', GOOD.format(name='f'))
    write(repo, 'b.js', GOOD.format(name='g'))
    commit(repo)
    _install_hook(repo)
    write(repo, 'a.js', BAD.format(name='f'))
    git(repo, 'add', 'a.js')  # staged, but `git commit b.js` leaves it out of the commit
    write(repo, 'b.js', GOOD.format(name='g') + GOOD.format(name='h'))
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    r = git(repo, 'commit', '-m', 'only b', 'b.js', env=env, check=False)
    assert r.returncode == 0, r.stdout + r.stderr


def test_symlink_and_submodule_are_skipped(repo, capsys, tmp_path):
    write(repo, 'real.js', GOOD.format(name='f'))
    commit(repo)
    (repo / 'link.js').symlink_to('real.js')
    sub = tmp_path / 'sub'
    sub.mkdir()
    git(sub, 'init', '-q')
    write(sub, 'x.js', BAD.format(name='s'))
    commit(sub)
    git(repo, '-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', str(sub), 'vendor.js')
    git(repo, 'add', '-A')
    code = main(['audit', '--format', 'json'])
    doc = json.loads(capsys.readouterr().out)
    assert code == 0
    assert doc['findings'] == []
    assert sorted((p['path'], p['message']) for p in doc['problems']) == [
        ('link.js', 'symlink, not audited'),
        ('vendor.js', 'submodule, not audited'),
    ]


def test_conflicted_index_entries_during_a_merge(repo, capsys):
    write(repo, 'a.js', GOOD.format(name='f'))
    commit(repo)
    git(repo, 'checkout', '-q', '-b', 'other')
    write(repo, 'a.js', GOOD.format(name='other'))
    commit(repo)
    git(repo, 'checkout', '-q', 'main')
    write(repo, 'a.js', GOOD.format(name='mine'))
    write(repo, 'b.js', BAD.format(name='b'))
    commit(repo)
    assert git(repo, 'merge', 'other', check=False).returncode != 0
    code = main(['audit', '--format', 'json'])
    doc = json.loads(capsys.readouterr().out)
    assert code == 0
    assert [(p['path'], p['message']) for p in doc['problems']] == [('a.js', 'merge conflict in the index, not audited')]


def test_two_runs_at_once(repo):
    write(repo, 'a.js', BAD.format(name='f'))
    git(repo, 'add', 'a.js')
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    procs = [
        subprocess.Popen([sys.executable, '-m', 'vcx_hook', 'audit'], cwd=repo, env=env, stdout=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    outs = [p.communicate()[0] for p in procs]
    assert [p.returncode for p in procs] == [1, 1, 1, 1]
    assert len(set(outs)) == 1 and 'a.js:3:3: timezone (low): ' in outs[0]


def _staged_summary(root):
    from vcx_hook.engine import git as git_mod

    r = git_mod.discover(str(root))
    targets = [(t.path, type(t).__name__, getattr(t, 'change', None), getattr(t, 'reason', None)) for t in git_mod.staged(r)]
    deleted = [(o.path, o.rows) for o in git_mod.deleted_code(r)]
    blobs = {name: git_mod.index_blob(r, name) for name in ('.vcx.toml', 'a.js', 'b.js', 'gone.js', 'moved.js', 'new.js')}
    return targets, deleted, blobs, r


def test_git_and_libgit2_read_the_same_staged_change(either_repo, monkeypatch):
    """Edits, a rename with an edit, a deletion, an addition: the same targets, old sides and
    staged bytes either way; git's way never reads the whole index."""
    from vcx_hook.engine import gitcli

    write(either_repo, 'a.js', BAD.format(name='a') + GOOD.format(name='b'))
    write(either_repo, 'b.js', GOOD.format(name='c') * 3)
    write(either_repo, 'gone.js', BAD.format(name='g'))
    write(either_repo, 'moved.js', GOOD.format(name='m') * 4)
    commit(either_repo)
    write(either_repo, 'a.js', GOOD.format(name='a') + BAD.format(name='b'))
    write(either_repo, 'b.js', GOOD.format(name='c') * 2)
    (either_repo / 'gone.js').unlink()
    git(either_repo, 'mv', 'moved.js', 'renamed.js')
    write(either_repo, 'renamed.js', GOOD.format(name='m') * 3 + BAD.format(name='n'))
    write(either_repo, 'new.js', BAD.format(name='x'))
    git(either_repo, 'add', '-A')
    by_git = _staged_summary(either_repo)
    assert by_git[3]._index is None  # only HEAD's tree and the blobs were read
    monkeypatch.setattr(gitcli, 'staged_changes', lambda r: None)
    by_libgit2 = _staged_summary(either_repo)
    assert by_git[:3] == by_libgit2[:3]
    assert [t[0] for t in by_git[0]] == ['a.js', 'b.js', 'new.js', 'renamed.js']


def test_a_js_file_marked_binary_in_gitattributes_is_still_audited(either_repo, capsys):
    """`*.js -diff` hides a file's diff from people, not from the audit (git's reading)."""
    write(either_repo, '.gitattributes', '*.js -diff\n')
    write(either_repo, 'a.js', GOOD.format(name='a'))
    commit(either_repo)
    write(either_repo, 'a.js', GOOD.format(name='a') + BAD.format(name='b'))
    git(either_repo, 'add', 'a.js')
    code, found = audit_json(capsys)
    assert (code, found) == (1, ['a.js:6 b'])


def test_a_file_name_that_is_not_utf8(repo, capsys):
    """Git allows any bytes in a name: audited, reported, baselined, without a crash."""
    try:
        open(os.fsencode(str(repo)) + b'/caf\xe9.js', 'wb').close()
    except (OSError, ValueError):
        pytest.skip('this file system refuses names that are not UTF-8')
    (repo / 'caf\udce9.js').write_text(BAD.format(name='f'))
    git(repo, 'add', '-A')
    code, found = audit_json(capsys)
    assert (code, found) == (1, ['caf\ufffd.js:3 f'])
    assert main(['audit', '--all', '--format', 'json', '.']) == 1
    assert '"path_bytes": "caf%E9.js"' in capsys.readouterr().out
    assert main(['baseline']) == 0
    capsys.readouterr()
    assert main(['audit', '--all', '.']) == 0


def test_a_path_that_is_nowhere_is_a_usage_error(repo, capsys, monkeypatch):
    write(repo, 'a.js', GOOD.format(name='f'))
    write(repo, 'gone.js', GOOD.format(name='g'))
    write(repo, 'lib/b.js', GOOD.format(name='h'))
    commit(repo)
    git(repo, 'rm', '-q', 'gone.js')  # in HEAD only: a staged deletion touches nothing
    write(repo, 'new.js', BAD.format(name='n'))
    git(repo, 'add', 'new.js')
    (repo / 'new.js').unlink()  # in the index only: audited as staged
    assert audit_json(capsys, 'gone.js', 'new.js') == (1, ['new.js:3 n'])
    assert main(['audit', 'a.js', 'nope.js']) == 2
    assert capsys.readouterr() == ('', 'vcx: nope.js: no such file or directory in the work tree, the index or HEAD\n')
    assert main(['audit', '--from-ref', 'HEAD', '--to-ref', 'HEAD', 'nope.js']) == 2
    assert capsys.readouterr().err == 'vcx: nope.js: no such file or directory in HEAD or HEAD\n'
    monkeypatch.chdir(repo / 'lib')
    assert main(['audit', '../../outside.js']) == 2
    assert capsys.readouterr().err == f'vcx: ../../outside.js: outside the repository ({repo}/)\n'


def test_a_directory_means_the_staged_changes_under_it(repo, capsys, monkeypatch):
    write(repo, 'lib/old.js', BAD.format(name='legacy'))  # unchanged: a directory does not audit it whole
    write(repo, 'lib/a.js', GOOD.format(name='f'))
    write(repo, 'app/c.js', GOOD.format(name='c'))
    commit(repo)
    write(repo, 'lib/a.js', GOOD.format(name='f') + BAD.format(name='g'))
    write(repo, 'lib/deep/new.js', BAD.format(name='n'))
    write(repo, 'app/c.js', BAD.format(name='c'))
    write(repo, 'library.js', BAD.format(name='lookalike'))  # `lib` is not a prefix of `library.js`
    git(repo, 'add', '-A')
    assert audit_json(capsys, 'lib') == (1, ['lib/a.js:6 g', 'lib/deep/new.js:3 n'])
    assert audit_json(capsys, 'lib/') == (1, ['lib/a.js:6 g', 'lib/deep/new.js:3 n'])
    assert audit_json(capsys, 'lib', 'library.js') == (1, ['lib/a.js:6 g', 'lib/deep/new.js:3 n', 'library.js:3 lookalike'])
    assert audit_json(capsys, '.') == (1, ['app/c.js:3 c', 'lib/a.js:6 g', 'lib/deep/new.js:3 n', 'library.js:3 lookalike'])
    monkeypatch.chdir(repo / 'lib')
    assert audit_json(capsys, 'deep') == (1, ['lib/deep/new.js:3 n'])
    assert audit_json(capsys, '../app', 'deep/../a.js') == (1, ['app/c.js:3 c', 'lib/a.js:6 g'])
    monkeypatch.chdir(repo)
    commit(repo)
    assert audit_json(capsys, '--from-ref', 'HEAD~1', '--to-ref', 'HEAD', 'lib') == (1, ['lib/a.js:6 g', 'lib/deep/new.js:3 n'])
