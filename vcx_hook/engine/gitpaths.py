"""Paths around a repository that need no libgit2: the PATHs given to a command as
repository-relative paths, and the places git's environment and configuration name (the work
tree, extra object directories, the index file, the hooks directory).

``engine/git`` asks this module; nothing here imports pygit2 (the repository is passed in).
"""
from __future__ import annotations

import os
import posixpath
import stat
from collections.abc import Callable
from collections.abc import Iterable
from typing import NamedTuple
from typing import TYPE_CHECKING

from vcx_hook.errors import VcxError

if TYPE_CHECKING:
    from vcx_hook.engine.git import Repo


class Only(NamedTuple):
    """The paths a staged or range audit is limited to, as repository-relative posix paths."""

    files: frozenset[str]  # named files: audited whole when they have no staged change
    dirs: tuple[str, ...]  # directories, each ending in '/' ('' for the whole tree): their changes

    def __contains__(self, path: object) -> bool:
        return isinstance(path, str) and (path in self.files or path.startswith(self.dirs))


def repo_path(r: Repo, path: str, cwd: str) -> str:
    """``path`` (relative to ``cwd`` or absolute) as a repository-relative posix path; in a bare
    repository, ``path`` is one already."""
    if not r.root:
        return posixpath.normpath(path.replace(os.sep, '/')).lstrip('/')
    full = os.path.realpath(os.path.join(cwd, path))
    rel = os.path.relpath(full, os.path.realpath(r.root))
    return rel.replace(os.sep, '/')


def limit(r: Repo, given: Iterable[str], cwd: str, kind_in_git: Callable[[str], str], where: str) -> Only:
    """What the PATHs given to an audit mean: a file, or the changes under a directory.  A PATH
    the work tree does not have must be one ``kind_in_git`` knows ('tree', 'blob'; '' when it is
    nowhere in ``where``): a PATH that is nowhere is a mistake, not a clean audit."""
    files: set[str] = set()
    dirs: list[str] = []
    on_disk = _OnDisk(r, cwd)
    for p in given:
        rel, kind = on_disk.find(p)
        if rel == '..' or rel.startswith('../'):
            raise VcxError(f'{p}: outside the repository ({r.root or r.repo.path})')
        kind = kind or ('tree' if rel == '.' else kind_in_git(rel))
        if kind == 'tree':
            dirs.append('' if rel == '.' else rel + '/')
        elif kind:
            files.add(rel)
        else:
            raise VcxError(f'{p}: no such file or directory in {where}')
    return Only(frozenset(files), tuple(dirs))


class _OnDisk:
    """Given paths as repository-relative paths, with what the work tree has there: one ``lstat``
    per path and one ``realpath`` per directory (pre-commit passes thousands of paths)."""

    def __init__(self, r: Repo, cwd: str) -> None:
        self.r = r
        self.cwd = cwd
        self.real_root = os.path.join(os.path.realpath(r.root), '') if r.root else ''
        self.real_dirs: dict[str, str] = {}

    def find(self, path: str) -> tuple[str, str]:
        """(repository-relative path, 'tree' | 'blob' | '' when the work tree has nothing there)."""
        if not self.r.root:
            return repo_path(self.r, path, self.cwd), ''
        full = os.path.normpath(os.path.join(self.cwd, path))
        try:
            mode = os.lstat(full).st_mode
        except OSError:
            return repo_path(self.r, path, self.cwd), ''
        if stat.S_ISLNK(mode) or '..' in path.replace(os.sep, '/').split('/'):
            kind = 'tree' if os.path.isdir(full) else 'blob'
            return repo_path(self.r, path, self.cwd), kind
        head, tail = os.path.split(full)
        real_head = self.real_dirs.get(head)
        if real_head is None:
            real_head = self.real_dirs[head] = os.path.realpath(head)
        real = os.path.join(real_head, tail)
        if real.startswith(self.real_root):
            rel = real[len(self.real_root):].replace(os.sep, '/')
        else:
            rel = os.path.relpath(real, self.real_root).replace(os.sep, '/')
        return rel or '.', 'tree' if stat.S_ISDIR(mode) else 'blob'


def work_tree_from_env(cwd: str) -> str | None:
    """``$GIT_WORK_TREE`` as an absolute path with a trailing separator, or None."""
    env = os.environ.get('GIT_WORK_TREE')
    return os.path.join(os.path.abspath(os.path.join(cwd, env)), '') if env else None


def object_dirs(cwd: str) -> list[str]:
    """Objects git finds through the environment: a pre-receive hook sees the pushed commits only
    in the quarantine directory ``$GIT_OBJECT_DIRECTORY`` names (git-receive-pack(1))."""
    dirs = [os.environ.get('GIT_OBJECT_DIRECTORY', '')]
    dirs += os.environ.get('GIT_ALTERNATE_OBJECT_DIRECTORIES', '').split(os.pathsep)
    return [os.path.join(cwd, d) for d in dirs if d and os.path.isdir(os.path.join(cwd, d))]


def index_files(env: str, cwd: str, workdir: str) -> list[str]:
    """Where ``$GIT_INDEX_FILE`` (``env``) may be: git sets it for `commit -a`/`commit PATH`."""
    return [env] if os.path.isabs(env) else [os.path.join(cwd, env), os.path.join(workdir, env)]


def unreadable_index(path: str, error: Exception, source: str = '') -> str:
    """One line on why the index at ``path`` cannot be read: libgit2 says "no longer exists" of
    a file that is there but not an index."""
    try:
        with open(path, 'rb') as f:
            head = f.read(12)
    except OSError as e:
        return f'cannot read the index {path}{source}: {e.strerror}'
    if not head:
        why = 'the file is empty'
    elif not head.startswith(b'DIRC'):
        why = 'it is not a git index (no DIRC signature)'
    else:
        why = str(error)
    return f'cannot read the index {path}{source}: {why}'


def hooks_dir(r: Repo) -> str:
    """Where git looks for hooks: ``core.hooksPath`` (relative to the work tree), else the common git dir's."""
    config = r.repo.config
    if 'core.hooksPath' in config:
        path = os.path.expanduser(str(config['core.hooksPath']))
        return os.path.normpath(os.path.join(r.root, path))
    git_dir = r.repo.path
    # A linked worktree's git dir names the shared one in `commondir`.
    commondir = os.path.join(git_dir, 'commondir')
    if os.path.isfile(commondir):
        with open(commondir, encoding='utf-8') as f:
            git_dir = os.path.join(git_dir, f.read().strip())
    return os.path.normpath(os.path.join(git_dir, 'hooks'))
