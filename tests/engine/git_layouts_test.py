"""Repository layouts git supports and vcx must read as git does: a git directory apart from its
work tree, bare repositories (server-side hooks), sparse checkouts, unreadable indexes."""
from __future__ import annotations

import json
import os
import sys

import pytest

from vcx_hook.main import main

from tests.engine.git_test import audit_json
from tests.engine.git_test import BAD
from tests.engine.git_test import commit
from tests.engine.git_test import GOOD
from tests.engine.git_test import write
from tests.helpers import git
from tests.helpers import ROOT

SOURCE = str(ROOT)


@pytest.fixture(params=['git', 'libgit2'])
def reader(request, monkeypatch):
    """Staged changes as git lists them, and as libgit2 diffs the index (no ``git`` to run)."""
    from vcx_hook.engine import gitcli

    if request.param == 'libgit2':
        monkeypatch.setattr(gitcli, 'staged_changes', lambda r: None)
    return request.param


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    for name in ('GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'PRE_COMMIT_FROM_REF', 'PRE_COMMIT_TO_REF'):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv('GIT_CEILING_DIRECTORIES', str(tmp_path))


@pytest.fixture
def apart(tmp_path, monkeypatch, clean_env, reader):
    """A dotfile manager's layout (`git --git-dir=~/.cfg --work-tree=~`): a bare repository
    kept apart from its work tree, both named by the environment."""
    store, home = tmp_path / 'store.git', tmp_path / 'home'
    git(tmp_path, 'init', '-q', '--bare', str(store))
    home.mkdir()
    monkeypatch.setenv('GIT_DIR', str(store))
    monkeypatch.setenv('GIT_WORK_TREE', str(home))
    write(home, '.vcx.toml', 'enable = ["timezone"]\nblock = "low"\n')
    write(home, 'src/a.js', GOOD.format(name='f') + GOOD.format(name='g'))
    commit(home)
    monkeypatch.chdir(home / 'src')  # paths are still relative to the work tree's root
    return home


def test_git_dir_and_work_tree_apart_staged_range_all(apart, capsys):
    write(apart, 'src/a.js', GOOD.format(name='f') + BAD.format(name='g'))
    git(apart, 'add', '-A')
    assert audit_json(capsys) == (1, ['src/a.js:6 g'])
    assert audit_json(capsys, 'a.js') == (1, ['src/a.js:6 g'])
    commit(apart)
    assert audit_json(capsys, '--from-ref', 'HEAD~1', '--to-ref', 'HEAD') == (1, ['src/a.js:6 g'])
    assert audit_json(capsys, '--all') == (1, ['src/a.js:6 g'])
    write(apart, 'src/a.js', GOOD.format(name='f') + BAD.format(name='g').replace('  d.setDate', '  // vcx-ignore timezone -- UTC host\n  d.setDate'))
    assert main(['answers']) == 0
    assert capsys.readouterr().out.splitlines()[0] == 'src/a.js:6: timezone -- UTC host (next statement)'
    assert main(['config']) == 0
    assert capsys.readouterr().out.splitlines()[0] == "enable = ['timezone']  # .vcx.toml (staged)"


def test_git_dir_and_work_tree_apart_baseline(apart, capsys):
    write(apart, 'src/a.js', GOOD.format(name='f') + BAD.format(name='g'))
    commit(apart)
    assert main(['baseline']) == 0
    assert capsys.readouterr().out == 'vcx: wrote .vcx-baseline.json: 1 open question in 1 file; commit it to share it\n'
    entries = json.loads((apart / '.vcx-baseline.json').read_text())['entries']
    assert [(e['path'], e['function']) for e in entries] == [('src/a.js', 'g')]
    assert audit_json(capsys, '--all') == (0, [])


def test_git_dir_and_work_tree_apart_install(apart, tmp_path, capsys):
    assert main(['install']) == 0
    hook = tmp_path / 'store.git' / 'hooks' / 'pre-commit'
    assert capsys.readouterr().out.startswith(f'vcx: installed {hook}: runs ')
    write(apart, 'src/a.js', GOOD.format(name='f') + BAD.format(name='g'))
    env = dict(os.environ, PYTHONPATH=SOURCE)
    r = git(apart, 'commit', '-qam', 'bad', env=env, check=False)  # git runs the hook with both set
    assert r.returncode == 1
    assert 'src/a.js:6:3: timezone (low): ' in r.stderr


def test_git_dir_alone_makes_the_current_directory_the_work_tree(tmp_path, monkeypatch, clean_env, reader, capsys):
    root = tmp_path / 'repo'
    git(tmp_path, 'init', '-q', str(root))
    write(root, '.vcx.toml', 'enable = ["timezone"]\nblock = "low"\n')
    write(root, 'a.js', BAD.format(name='f'))
    git(root, 'add', '-A')
    monkeypatch.chdir(root)
    monkeypatch.setenv('GIT_DIR', '.git')  # what git exports to hooks run by `git --git-dir=.git`
    assert audit_json(capsys) == (1, ['a.js:3 f'])
    assert audit_json(capsys, '--all') == (1, ['a.js:3 f'])


@pytest.mark.parametrize(
    ('env', 'argv', 'message'),
    (
        pytest.param(
            {'GIT_DIR': 'nowhere'}, ['audit'], 'vcx: GIT_DIR=nowhere is not a git repository\n', id='GIT_DIR missing',
        ),
        pytest.param(
            {'GIT_DIR': 'store.git'}, ['audit'],
            'vcx: {store}/ is a bare repository (no work tree): only a ref range (--from-ref/--to-ref) can be audited in it\n',
            id='bare: staged',
        ),
        pytest.param(
            {'GIT_DIR': 'store.git'}, ['audit', '--all'],
            'vcx: {store}/ is a bare repository (no work tree): only a ref range (--from-ref/--to-ref) can be audited in it\n',
            id='bare: --all',
        ),
        pytest.param(
            {'GIT_DIR': 'store.git'}, ['baseline'],
            'vcx: {store}/ is a bare repository (no work tree): only a ref range (--from-ref/--to-ref) can be audited in it\n',
            id='bare: baseline',
        ),
    ),
)
def test_git_dir_errors(tmp_path, monkeypatch, clean_env, capsys, env, argv, message):
    git(tmp_path, 'init', '-q', '--bare', 'store.git')
    monkeypatch.chdir(tmp_path)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert main(argv) == 2
    assert capsys.readouterr().err == message.format(store=tmp_path / 'store.git')


# --- bare repositories: a range reads only trees --------------------------------------------------

@pytest.fixture
def server(tmp_path, monkeypatch, clean_env):
    """A bare repository pushed to from a clone, as a server-side hook sees it."""
    server = tmp_path / 'server.git'
    git(tmp_path, 'init', '-q', '--bare', str(server))
    work = tmp_path / 'work'
    git(tmp_path, 'clone', '-q', str(server), str(work))
    write(work, '.vcx.toml', 'enable = ["timezone"]\nblock = "low"\n')
    write(work, 'lib/a.js', GOOD.format(name='f') + GOOD.format(name='g'))
    commit(work)
    git(work, 'push', '-q', 'origin', 'HEAD:main')
    return server, work


def test_bare_repository_audits_a_range(server, monkeypatch, capsys):
    bare, work = server
    write(work, 'lib/a.js', GOOD.format(name='f') + BAD.format(name='g'))
    commit(work)
    git(work, 'push', '-q', 'origin', 'HEAD:main')
    monkeypatch.chdir(bare)
    assert audit_json(capsys, '--from-ref', 'main~1', '--to-ref', 'main') == (1, ['lib/a.js:6 g'])
    assert audit_json(capsys, '--from-ref', 'main~1', '--to-ref', 'main', 'lib') == (1, ['lib/a.js:6 g'])
    assert audit_json(capsys, '--from-ref', 'main~1', '--to-ref', 'main', 'lib/a.js') == (1, ['lib/a.js:6 g'])
    assert audit_json(capsys, '--from-ref', '0' * 40, '--to-ref', 'main') == (1, ['lib/a.js:6 g'])
    assert main(['audit', '--from-ref', 'main~1', '--to-ref', 'main', 'nope.js']) == 2
    assert capsys.readouterr().err == 'vcx: nope.js: no such file or directory in main~1 or main\n'


def test_pre_receive_hook_reads_the_pushed_commits_from_quarantine(server):
    """git keeps pushed objects in a quarantine directory until pre-receive accepts them
    (git-receive-pack(1)); only $GIT_OBJECT_DIRECTORY and its alternates name it."""
    bare, work = server
    hook = bare / 'hooks' / 'pre-receive'
    hook.write_text(
        '#!/bin/sh\nwhile read old new ref; do\n'
        f'  PYTHONPATH="{SOURCE}" "{sys.executable}" -m vcx_hook audit --color never --from-ref "$old" --to-ref "$new" || exit 1\n'
        'done\n',
    )
    hook.chmod(0o755)
    write(work, 'lib/a.js', GOOD.format(name='f') + BAD.format(name='g'))
    commit(work)
    r = git(work, 'push', 'origin', 'HEAD:main', check=False)
    assert r.returncode == 1
    assert 'remote: lib/a.js:6:3: timezone (low): ' in r.stderr
    assert ' ! [remote rejected] HEAD -> main (pre-receive hook declined)' in r.stderr
    r = git(work, 'push', 'origin', 'HEAD:fresh', check=False)  # a new branch: 0000... to the tip
    assert r.returncode == 1
    assert 'remote: lib/a.js:6:3: timezone (low): ' in r.stderr
    write(work, 'lib/a.js', GOOD.format(name='f') + GOOD.format(name='g') + GOOD.format(name='h'))
    commit(work)
    r = git(work, 'push', 'origin', 'HEAD:main', check=False)
    assert r.returncode == 0, r.stderr


# --- files in the index but not in the work tree ----------------------------------------------------

def _sparse(root):
    git(root, 'sparse-checkout', 'set', 'lib')


def _skip_worktree(root):
    git(root, 'update-index', '--skip-worktree', 'other/b.js')
    (root / 'other' / 'b.js').unlink()


def _assume_unchanged(root):
    git(root, 'update-index', '--assume-unchanged', 'other/b.js')
    (root / 'other' / 'b.js').unlink()


@pytest.mark.parametrize('hide', (
    pytest.param(_sparse, id='sparse checkout'),
    pytest.param(_skip_worktree, id='skip-worktree'),
    pytest.param(_assume_unchanged, id='assume-unchanged'),
))
def test_baseline_reads_files_missing_from_the_work_tree_from_the_index(tmp_path, monkeypatch, clean_env, capsys, hide):
    root = tmp_path / 'repo'
    git(tmp_path, 'init', '-q', str(root))
    monkeypatch.chdir(root)
    write(root, '.vcx.toml', 'enable = ["timezone"]\nblock = "low"\n')
    write(root, 'lib/a.js', BAD.format(name='f'))
    write(root, 'other/b.js', BAD.format(name='g'))
    commit(root)
    assert main(['baseline']) == 0
    commit(root)
    recorded = (root / '.vcx-baseline.json').read_text()
    capsys.readouterr()
    hide(root)
    assert not (root / 'other' / 'b.js').exists()

    assert main(['baseline', '--prune']) == 0
    assert capsys.readouterr().out == 'vcx: .vcx-baseline.json: dropped 0 of 2 recorded questions; 2 left in 2 files\n'
    assert (root / '.vcx-baseline.json').read_text() == recorded
    assert main(['baseline']) == 0
    assert capsys.readouterr().out == 'vcx: wrote .vcx-baseline.json: 2 open questions in 2 files; commit it to share it\n'
    assert (root / '.vcx-baseline.json').read_text() == recorded
    # --all audits the files on disk and leaves the others' entries alone: none is "no longer occurs"
    assert main(['audit', '--all', '--format', 'json']) == 0
    assert json.loads(capsys.readouterr().out)['notes'] == ['1 question recorded in .vcx-baseline.json not shown (--no-baseline shows them)']


# --- an index that cannot be read -------------------------------------------------------------------

@pytest.mark.parametrize(
    ('content', 'env', 'message'),
    (
        pytest.param(b'garbage\n', False, 'cannot read the index {index}: it is not a git index (no DIRC signature)', id='garbage'),
        pytest.param(b'', False, 'cannot read the index {index}: the file is empty', id='empty'),
        pytest.param(b'DIRC\0\0\0\2\0\0\0\1', False, 'cannot read the index {index}: ', id='truncated'),
        pytest.param(
            b'garbage\n', True, 'cannot read the index {index} (GIT_INDEX_FILE): it is not a git index (no DIRC signature)',
            id='GIT_INDEX_FILE',
        ),
    ),
)
@pytest.mark.parametrize('argv', (['audit'], ['audit', 'a.js'], ['audit', '--all'], ['baseline']), ids=' '.join)
def test_unreadable_index_is_a_repository_error(tmp_path, monkeypatch, clean_env, reader, capsys, content, env, message, argv):
    root = tmp_path / 'repo'
    git(tmp_path, 'init', '-q', str(root))
    write(root, 'a.js', GOOD.format(name='f'))
    commit(root)
    monkeypatch.chdir(root)
    index = root / '.git' / 'index'
    if env:
        index = tmp_path / 'other-index'
        monkeypatch.setenv('GIT_INDEX_FILE', str(index))
    index.write_bytes(content)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith('vcx: ' + message.format(index=index)) and err.count('\n') == 1, err


# --- partial clones: git fetches blobs when they are first read --------------------------------------

@pytest.fixture
def blobless(tmp_path, monkeypatch, clean_env):
    """`git clone --filter=blob:none --no-checkout`, as CI runners make: no blob is local."""
    origin = tmp_path / 'origin'
    git(tmp_path, 'init', '-q', str(origin))
    git(origin, 'config', 'uploadpack.allowFilter', 'true')
    write(origin, '.vcx.toml', 'enable = ["timezone"]\nblock = "low"\n')
    write(origin, 'lib/a.js', GOOD.format(name='f') + GOOD.format(name='g'))
    commit(origin)
    write(origin, 'lib/a.js', GOOD.format(name='f') + BAD.format(name='g'))
    write(origin, 'README.md', '# not fetched for the audit\n')
    commit(origin)
    clone = tmp_path / 'clone'
    git(tmp_path, 'clone', '-q', '--filter=blob:none', '--no-checkout', f'file://{origin}', str(clone))
    monkeypatch.chdir(clone)
    return clone


def test_a_partial_clone_fetches_the_blobs_a_range_reads(blobless, capsys):
    assert audit_json(capsys, '--from-ref', 'HEAD~1', '--to-ref', 'HEAD') == (1, ['lib/a.js:6 g'])
    assert audit_json(capsys, '--from-ref', '0' * 40, '--to-ref', 'HEAD') == (1, ['lib/a.js:6 g'])


def test_a_partial_clone_whose_remote_is_gone_is_a_repository_error(blobless, capsys):
    git(blobless, 'remote', 'set-url', 'origin', 'file:///nowhere')
    assert main(['audit', '--from-ref', 'HEAD~1', '--to-ref', 'HEAD']) == 2
    err = capsys.readouterr().err
    assert err.startswith('vcx: object ') and err.endswith(f' is missing from {blobless}/.git/ (a partial clone) and git could not fetch it\n')


def test_a_shallow_clone_without_the_merge_base_diffs_from_the_from_ref(tmp_path, monkeypatch, clean_env, capsys):
    origin = tmp_path / 'origin'
    git(tmp_path, 'init', '-q', str(origin))
    write(origin, '.vcx.toml', 'enable = ["timezone"]\nblock = "low"\n')
    write(origin, 'a.js', GOOD.format(name='f'))
    commit(origin)
    git(origin, 'checkout', '-qb', 'feat')
    write(origin, 'b.js', BAD.format(name='g'))
    commit(origin)
    git(origin, 'checkout', '-q', 'main')
    write(origin, 'a.js', GOOD.format(name='f') + '// later on main\n')
    commit(origin)
    shallow = tmp_path / 'shallow'
    git(tmp_path, 'clone', '-q', '--depth', '1', '--branch', 'feat', f'file://{origin}', str(shallow))
    git(shallow, 'fetch', '-q', '--depth', '1', 'origin', 'main:refs/remotes/origin/main')
    monkeypatch.chdir(shallow)
    assert audit_json(capsys, '--from-ref', 'origin/main', '--to-ref', 'HEAD') == (1, ['b.js:3 g'])
