"""What the ``git`` command does where libgit2 would be slower or cannot: list the staged changes
from git's cache-tree, and fetch the blobs a partial clone lacks from its promisor remote.

``engine/git`` asks this module; nothing here imports pygit2 (the repository is passed in).
"""
from __future__ import annotations

import glob
import os
import subprocess
from typing import NamedTuple
from typing import TYPE_CHECKING

from vcx_hook.errors import VcxError
from vcx_hook.lang.syntax import GRAMMAR_BY_SUFFIX

if TYPE_CHECKING:
    from vcx_hook.engine.git import Repo

EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904'  # git's empty tree, always readable


class Staged(NamedTuple):
    """One staged change, as ``git diff-index --cached --raw`` lists it."""

    status: str  # A, M, D, R, T or U (unmerged)
    old_mode: int
    new_mode: int
    old_id: str
    new_id: str
    old_path: str
    path: str


def staged_changes(r: Repo) -> list[Staged] | None:
    """The staged changes against HEAD as git lists them (``git diff-index --cached -M``), read
    once.  git's index keeps the ids of the directories no staged change is in (its cache-tree),
    so this costs the change, where libgit2's index-to-tree diff reads the whole index and tree
    (3 ms against 31 ms with 12.9k files).  None when git cannot say: no ``git`` on the path, no
    HEAD yet, any error; libgit2 then does the work.  Read-only: git takes no lock for it."""
    if r.listed is not False:
        return r.listed  # type: ignore[return-value]
    r.listed = None
    env = {**os.environ, 'GIT_OPTIONAL_LOCKS': '0'}
    try:
        proc = subprocess.run(
            ('git', 'diff-index', '--cached', '--raw', '-z', '-M', '--no-abbrev', 'HEAD', '--'),
            cwd=r.cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if proc.returncode != 0:
        return None
    listed = _parse_raw(proc.stdout)
    r.listed = listed
    return listed


def _parse_raw(out: bytes) -> list[Staged] | None:
    """``git diff-index --raw -z`` output as records; None when it is not what git prints."""
    changes: list[Staged] = []
    fields = out.split(b'\0')
    i = 0
    while i + 1 < len(fields) and fields[i].startswith(b':'):
        head = fields[i][1:].split(b' ')
        if len(head) != 5:
            return None
        status = head[4][:1].decode()
        paths = 2 if status in ('R', 'C') else 1
        if i + paths >= len(fields):
            return None
        old_path = fields[i + 1].decode('utf-8', 'surrogateescape')
        path = fields[i + paths].decode('utf-8', 'surrogateescape')
        changes.append(Staged(status, int(head[0], 8), int(head[1], 8), head[2].decode(), head[3].decode(), old_path, path))
        i += 1 + paths
    return changes


def fetched_blob(r: Repo, oid: str) -> bytes:
    """A blob the object store lacks: in a partial clone (``git clone --filter=blob:none``) git
    fetches it from the promisor remote when asked, which libgit2 cannot do."""
    try:
        proc = subprocess.run(('git', 'cat-file', 'blob', oid), cwd=r.cwd, capture_output=True, timeout=300)
    except (OSError, subprocess.SubprocessError):
        proc = None
    if proc is not None and proc.returncode == 0:
        return proc.stdout
    raise VcxError(missing(r, oid))


def missing(r: Repo, oid: str) -> str:
    """One line on an object the repository lacks."""
    if is_partial(r):
        return f'object {oid} is missing from {r.repo.path} (a partial clone) and git could not fetch it'
    return f'object {oid} is missing from {r.repo.path}'


def is_partial(r: Repo) -> bool:
    """A partial clone: git-config(1) ``remote.<name>.promisor``, ``extensions.partialClone``."""
    for entry in r.repo.config:
        name = entry.name.lower()
        if name == 'extensions.partialclone' or (name.startswith('remote.') and name.endswith('.promisor')):
            return True
    return False


def fetch_for_diff(r: Repo, old: str, new: str, only_code: bool = False) -> None:
    """In a partial clone, have git fetch the blobs a diff of two trees reads (libgit2 reads every
    changed file's, and renames are looked for among all), in one batch as git diff does, where
    libgit2 would stop at the first missing one.  ``only_code``: the JS/TS files only."""
    if not is_partial(r):
        return
    pathspecs = [f':(glob)**/*{suffix}' for suffix in GRAMMAR_BY_SUFFIX] if only_code else []
    try:
        subprocess.run(
            ('git', 'diff', '--numstat', old, new, '--', *pathspecs),
            cwd=r.cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600,
        )
    except (OSError, subprocess.SubprocessError):
        pass  # reading a missing blob then says what is wrong


def paths_holding(r: Repo, word: bytes, ref: str, staged: bool, suffixes: tuple[str, ...]) -> list[str] | None:
    """The paths ending in one of ``suffixes`` whose bytes hold ``word`` (``git grep -l -F``): in
    ``ref``'s tree, in the index (``staged``), else the work tree's tracked files.  git reads the
    blobs in C (~0.1 s of CPU for webpack's 13k files, where reading them here costs half a second).
    None when git cannot say (no ``git`` on the path, any error)."""
    return grep_result(start_grep(r, word, ref, staged, suffixes), ref)


def start_grep(r: Repo, word: bytes, ref: str, staged: bool, suffixes: tuple[str, ...],
               folders: tuple[str, ...] = (), extended: bool = False) -> subprocess.Popen[bytes] | None:
    """``paths_holding``'s ``git grep`` started, to run while the caller does other work; None when
    git cannot be run. With ``folders``, only the files under them and at the root are read; with
    ``extended``, ``word`` is a POSIX extended regular expression, not a fixed string."""
    where = (ref,) if ref else ('--cached',) if staged else ()
    tops = [f'{glob.escape(f)}/**/' for f in folders] + [''] if folders else ['**/']
    pathspecs = [f':(top,glob){top}*{suffix}' for top in tops for suffix in suffixes]
    env = {**os.environ, 'GIT_OPTIONAL_LOCKS': '0'}
    try:
        return subprocess.Popen(
            ('git', 'grep', '-l', '-z', '--full-name', '-E' if extended else '-F', '-e', word.decode('utf-8', 'surrogateescape'), *where, '--', *pathspecs),
            cwd=r.cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        )
    except (OSError, subprocess.SubprocessError):
        return None


def grep_result(proc: subprocess.Popen[bytes] | None, ref: str) -> list[str] | None:
    """The paths a ``start_grep`` found (waiting for it), or None when git could not say."""
    if proc is None:
        return None
    try:
        out, _ = proc.communicate(timeout=60)
    except subprocess.SubprocessError:
        proc.kill()
        proc.communicate()
        return None
    if proc.returncode not in (0, 1):  # 1: nothing holds it
        return None
    prefix = f'{ref}:' if ref else ''
    return [p.decode('utf-8', 'surrogateescape').removeprefix(prefix) for p in out.split(b'\0') if p]
