"""The real pre-commit framework running this repository's .pre-commit-hooks.yaml."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from tests.helpers import ROOT

HERE = ROOT
BAD = 'function {name}() {{\n  const d = new Date();\n  d.setDate(1);\n  return d;\n}}\n'
GOOD = 'function {name}() {{\n  return new Date(Date.now() + 864e5);\n}}\n'

pytestmark = pytest.mark.skipif(shutil.which('git') is None, reason='git is required')


def run(cwd, *args, env=None):
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=env)


@pytest.fixture(scope='module')
def hook_source(tmp_path_factory):
    """A committed snapshot of this work tree, so uncommitted edits are what pre-commit installs."""
    src = tmp_path_factory.mktemp('hook-src')
    ignore = shutil.ignore_patterns('.git', '__pycache__', '*.egg-info', 'venv', '.venv', 'work', '.pytest_cache', '.mypy_cache')
    for name in ('pyproject.toml', '.pre-commit-hooks.yaml', 'README.md', 'vcx_hook'):
        item = HERE / name
        if item.is_dir():
            shutil.copytree(item, src / name, ignore=ignore)
        else:
            shutil.copy2(item, src / name)
    for cmd in (('git', 'init', '-q'), ('git', 'add', '-A'),
                ('git', '-c', 'user.name=t', '-c', 'user.email=t@e', 'commit', '-qm', 'hook')):
        subprocess.run(cmd, cwd=src, check=True, capture_output=True)
    rev = run(src, 'git', 'rev-parse', 'HEAD').stdout.strip()
    return src, rev


@pytest.fixture(scope='module')
def pre_commit_home(tmp_path_factory):
    return tmp_path_factory.mktemp('pre-commit-home')


@pytest.fixture
def project(tmp_path, hook_source, pre_commit_home):
    src, rev = hook_source
    root = tmp_path / 'project'
    root.mkdir()
    env = dict(os.environ, PRE_COMMIT_HOME=str(pre_commit_home), GIT_AUTHOR_NAME='t', GIT_AUTHOR_EMAIL='t@e',
               GIT_COMMITTER_NAME='t', GIT_COMMITTER_EMAIL='t@e', NO_COLOR='1')
    env.pop('GIT_INDEX_FILE', None)
    run(root, 'git', 'init', '-q', env=env)
    (root / '.pre-commit-config.yaml').write_text(
        f'repos:\n- repo: {src}\n  rev: {rev}\n  hooks:\n  - id: vcx\n'
    )
    (root / '.vcx.toml').write_text('enable = ["timezone"]\nblock = "low"\n')
    (root / 'old.js').write_text(BAD.format(name='legacy'))
    run(root, 'git', 'add', '-A', env=env)
    r = run(root, 'git', 'commit', '-qm', 'init', '--no-verify', env=env)
    assert r.returncode == 0, r.stderr
    r = run(root, sys.executable, '-m', 'pre_commit', 'install', env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    return root, env


def test_blocks_a_bad_commit_with_the_checklist(project):
    root, env = project
    (root / 'new.js').write_text(BAD.format(name='fresh'))
    run(root, 'git', 'add', 'new.js', env=env)
    r = run(root, 'git', 'commit', '-m', 'bad', env=env)
    out = r.stdout + r.stderr
    assert r.returncode != 0, out
    assert 'new.js:3:3: timezone (low): ' in out
    assert 'legacy' not in out  # untouched file, not asked
    assert 'vcx-ignore <check-id> -- <why this is fine>' in out


def test_clean_commit_passes_and_skip_lets_a_bad_one_through(project):
    root, env = project
    (root / 'clean.ts').write_text(GOOD.format(name='fine'))
    run(root, 'git', 'add', 'clean.ts', env=env)
    r = run(root, 'git', 'commit', '-m', 'clean', env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    (root / 'bad.mts').write_text(BAD.format(name='skipped'))
    run(root, 'git', 'add', 'bad.mts', env=env)
    r = run(root, 'git', 'commit', '-m', 'skip', env=dict(env, SKIP='vcx'))
    assert r.returncode == 0, r.stdout + r.stderr


def test_mts_and_cts_reach_the_hook(project):
    root, env = project
    (root / 'a.mts').write_text(BAD.format(name='m'))
    (root / 'b.cts').write_text(BAD.format(name='c'))
    run(root, 'git', 'add', '-A', env=env)
    r = run(root, 'git', 'commit', '-m', 'mts', env=env)
    out = r.stdout + r.stderr
    assert r.returncode != 0
    assert 'a.mts:3:3: timezone (low): ' in out and 'b.cts:3:3: timezone (low): ' in out


def test_all_files_reports_pre_existing_problems(project):
    root, env = project
    r = run(root, sys.executable, '-m', 'pre_commit', 'run', '--all-files', env=env)
    assert r.returncode != 0
    assert 'old.js:3:3: timezone (low): ' in r.stdout


@pytest.mark.parametrize('change', [
    pytest.param(('git', 'mv', 'old.js', 'renamed.js'), id='pure-rename'),
    pytest.param(('git', 'update-index', '--chmod=+x', 'old.js'), id='mode-only'),
])
def test_a_rename_or_mode_change_touches_nothing(project, change):
    root, env = project
    r = run(root, *change, env=env)
    assert r.returncode == 0, r.stderr
    r = run(root, 'git', 'commit', '-m', 'no code changed', env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    assert 'timezone' not in r.stdout + r.stderr


def _readme_block(after: str, lang: str) -> str:
    """The README's first ```lang block after the line ``after``."""
    readme = (ROOT / 'README.md').read_text(encoding='utf-8')
    start = readme.index(f'```{lang}\n', readme.index(after)) + len(lang) + 4
    return readme[start:readme.index('```', start)]


def test_the_readme_snippet_works_as_written(tmp_path, pre_commit_home):
    """README's adoption section: vcx installed (this environment's `vcx` on PATH), its
    .pre-commit-config.yaml as written, its `pre-commit install` line; a commit and a push."""
    config = _readme_block('Then add it to `.pre-commit-config.yaml`', 'yaml')
    install = _readme_block('and install both git hooks:', 'sh').strip()
    assert install == 'pre-commit install --hook-type pre-commit --hook-type pre-push'
    bin_dir = os.path.dirname(sys.executable)
    assert os.path.exists(os.path.join(bin_dir, 'vcx')) and os.path.exists(os.path.join(bin_dir, 'pre-commit'))
    env = dict(os.environ, PRE_COMMIT_HOME=str(pre_commit_home), PATH=bin_dir + os.pathsep + os.environ['PATH'],
               GIT_AUTHOR_NAME='t', GIT_AUTHOR_EMAIL='t@e', GIT_COMMITTER_NAME='t', GIT_COMMITTER_EMAIL='t@e',
               NO_COLOR='1')
    env.pop('GIT_INDEX_FILE', None)
    remote, root = tmp_path / 'remote.git', tmp_path / 'project'
    run(tmp_path, 'git', 'init', '-q', '--bare', '-b', 'main', str(remote), env=env)
    root.mkdir()
    run(root, 'git', 'init', '-q', '-b', 'main', env=env)
    run(root, 'git', 'remote', 'add', 'origin', str(remote), env=env)
    (root / '.pre-commit-config.yaml').write_text(config)
    (root / '.vcx.toml').write_text('block = "low"\n')  # a team that opted in: its questions block
    (root / 'old.js').write_text(GOOD.format(name='legacy'))
    run(root, 'git', 'add', '-A', env=env)
    assert run(root, 'git', 'commit', '-qm', 'init', env=env).returncode == 0
    assert run(root, 'git', 'push', '-q', 'origin', 'main', env=env).returncode == 0
    r = run(root, *install.split(), env=env)
    assert r.returncode == 0, r.stdout + r.stderr

    (root / 'new.js').write_text(BAD.format(name='fresh'))
    run(root, 'git', 'add', 'new.js', env=env)
    r = run(root, 'git', 'commit', '-m', 'bad', env=env)
    assert r.returncode != 0 and 'new.js:3:3: timezone (low): ' in r.stdout + r.stderr, r.stdout + r.stderr

    r = run(root, 'git', 'commit', '-qm', 'bad, unverified', '--no-verify', env=env)
    assert r.returncode == 0, r.stderr
    r = run(root, 'git', 'push', 'origin', 'main', env=env)
    out = r.stdout + r.stderr
    assert r.returncode != 0 and 'new.js:3:3: timezone (low): ' in out, out
    assert 'this push' in out
