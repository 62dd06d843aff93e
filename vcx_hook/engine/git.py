"""Reading what to audit from git: the only module that imports pygit2.  It never writes.

Staged content always comes from the index (blobs), never from the working tree, so a
``git add -p`` commit is audited exactly as it will be committed.
"""
from __future__ import annotations

import os
import posixpath
import stat
import subprocess
from collections.abc import Iterable
from collections.abc import Iterator
from typing import NamedTuple
from typing import cast

import pygit2
from pygit2.enums import RepositoryOpenFlag

from vcx_hook.engine.target import Base
from vcx_hook.engine.target import Change
from vcx_hook.engine.target import change_from_hunks
from vcx_hook.engine.target import lines_differ_from_git
from vcx_hook.engine.target import source_text
from vcx_hook.engine.target import Skipped
from vcx_hook.engine.target import Target
from vcx_hook.errors import VcxError
from vcx_hook.lang.syntax import GRAMMAR_BY_SUFFIX
from vcx_hook.lang.syntax import grammar_for

_SKIP_MODES = {
    pygit2.GIT_FILEMODE_LINK: 'symlink, not audited',
    pygit2.GIT_FILEMODE_COMMIT: 'submodule, not audited',
}
_NULL_REF = '0' * 40


class Repo:
    """A repository, the index a commit will be made from, and its work tree root."""

    __slots__ = ('_index', '_patches', '_staged', 'cwd', 'repo', 'root')

    def __init__(self, repo: pygit2.Repository, cwd: str, root: str) -> None:
        self.repo = repo
        self.cwd = cwd  # where vcx runs: git run from here finds the same repository and index
        self.root = root  # the work tree, with a trailing separator
        self._index: pygit2.Index | None = None
        self._staged: list[_Staged] | None | bool = False  # False: not asked yet
        self._patches: dict[_Staged, pygit2.Patch] = {}  # the audit and moved-code search share them

    @property
    def index(self) -> pygit2.Index:
        """The index, read when first asked (libgit2 parses all of it: 13 ms for 12.9k files)."""
        if self._index is None:
            self._index = _index(self.repo, self.cwd)
        return self._index


class Only(NamedTuple):
    """The paths a staged or range audit is limited to, as repository-relative posix paths."""

    files: frozenset[str]  # named files: audited whole when they have no staged change
    dirs: tuple[str, ...]  # directories, each ending in '/' ('' for the whole tree): their changes

    def __contains__(self, path: object) -> bool:
        return isinstance(path, str) and (path in self.files or path.startswith(self.dirs))


class _Staged(NamedTuple):
    """One staged change, as ``git diff-index --cached --raw`` lists it."""

    status: str  # A, M, D, R, T or U (unmerged)
    old_mode: int
    new_mode: int
    old_id: str
    new_id: str
    old_path: str
    path: str


def discover(cwd: str, bare_ok: bool = False) -> Repo | None:
    """The repository git uses in ``cwd``, or None: ``$GIT_DIR``, else the one around ``cwd``
    (subdirectories and linked worktrees too).  Its work tree as git finds it (git(1),
    ``GIT_DIR``): ``$GIT_WORK_TREE``, else ``core.worktree``, else none if ``core.bare``, else
    ``cwd`` when ``$GIT_DIR`` named the repository.  A repository without one (bare) only when
    ``bare_ok``: a ref range reads only trees."""
    explicit = os.environ.get('GIT_DIR')
    if explicit:
        try:
            repo = pygit2.Repository(
                os.path.join(cwd, explicit), RepositoryOpenFlag.NO_SEARCH | RepositoryOpenFlag.NO_DOTGIT,
            )
        except (pygit2.GitError, KeyError):
            raise VcxError(f'GIT_DIR={explicit} is not a git repository') from None
    else:
        try:
            path = pygit2.discover_repository(cwd)
        except (pygit2.GitError, KeyError):
            path = None
        if path is None:
            return None
        repo = pygit2.Repository(path)
    _add_object_dirs(repo, cwd)
    root = _work_tree(repo, cwd, bool(explicit))
    if root is None:
        if not bare_ok:
            raise VcxError(
                f'{repo.path} is a bare repository (no work tree): only a ref range '
                '(--from-ref/--to-ref) can be audited in it',
            )
        return Repo(repo, cwd, '')
    if repo.workdir != root:
        repo.workdir = root  # in memory only: what libgit2 asks (ignore rules) follows the same tree
    return Repo(repo, cwd, root)


def _work_tree(repo: pygit2.Repository, cwd: str, explicit_dir: bool) -> str | None:
    """The work tree root with a trailing separator, or None for a bare repository."""
    env = os.environ.get('GIT_WORK_TREE')
    if env:
        return os.path.join(os.path.abspath(os.path.join(cwd, env)), '')
    if not explicit_dir or 'core.worktree' in repo.config:
        return repo.workdir  # libgit2 reads core.worktree, gitlinks and `.git`'s parent as git does
    try:
        bare = repo.config.get_bool('core.bare')
    except (KeyError, pygit2.GitError, ValueError):
        bare = False
    return None if bare else os.path.join(os.path.abspath(cwd), '')


def _add_object_dirs(repo: pygit2.Repository, cwd: str) -> None:
    """Objects git finds through the environment: a pre-receive hook sees the pushed commits only
    in the quarantine directory ``$GIT_OBJECT_DIRECTORY`` names (git-receive-pack(1)).  Nothing
    is written, so adding it as an alternate is enough."""
    dirs = [os.environ.get('GIT_OBJECT_DIRECTORY', '')]
    dirs += os.environ.get('GIT_ALTERNATE_OBJECT_DIRECTORIES', '').split(os.pathsep)
    for d in dirs:
        if d and os.path.isdir(os.path.join(cwd, d)):
            repo.odb.add_disk_alternate(os.path.join(cwd, d))


def _index(repo: pygit2.Repository, cwd: str) -> pygit2.Index:
    """The index a commit will be made from: git sets GIT_INDEX_FILE for `commit -a`/`commit PATH`."""
    env = os.environ.get('GIT_INDEX_FILE')
    if not env:
        try:
            return repo.index
        except pygit2.GitError as e:
            raise VcxError(_unreadable_index(os.path.join(repo.path, 'index'), e)) from None
    candidates = [env] if os.path.isabs(env) else [os.path.join(cwd, env), os.path.join(repo.workdir, env)]
    for path in candidates:
        if os.path.exists(path):
            index = pygit2.Index.__new__(pygit2.Index)
            try:
                index.__init__(path)  # type: ignore[misc]
            except pygit2.GitError as e:
                index._index = pygit2.ffi.NULL  # its __del__ frees it, and libgit2 frees NULL as nothing
                raise VcxError(_unreadable_index(path, e, ' (GIT_INDEX_FILE)')) from None
            index._repo = repo  # type: ignore[assignment]  # diff_to_tree needs it; no public setter
            return index
    raise VcxError(f'GIT_INDEX_FILE={env} does not exist')


def _unreadable_index(path: str, error: pygit2.GitError, source: str = '') -> str:
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


def repo_path(r: Repo, path: str, cwd: str) -> str:
    """``path`` (relative to ``cwd`` or absolute) as a repository-relative posix path; in a bare
    repository, ``path`` is one already."""
    if not r.root:
        return posixpath.normpath(path.replace(os.sep, '/')).lstrip('/')
    full = os.path.realpath(os.path.join(cwd, path))
    rel = os.path.relpath(full, os.path.realpath(r.root))
    return rel.replace(os.sep, '/')


def limit(r: Repo, given: Iterable[str], cwd: str, refs: tuple[str, ...] = ()) -> Only:
    """What the PATHs given to an audit mean: a file, or the changes under a directory.  Each
    must be in the work tree, or in the index or HEAD (staged mode), or in one of the ``refs``
    (range mode): a PATH that is nowhere is a mistake, not a clean audit."""
    files: set[str] = set()
    dirs: list[str] = []
    trees = [t for ref in refs or ('HEAD',) for t in [_tree_or_none(r, ref)] if t is not None]
    on_disk = _OnDisk(r, cwd)
    for p in given:
        rel, kind = on_disk.find(p)
        if rel == '..' or rel.startswith('../'):
            raise VcxError(f'{p}: outside the repository ({r.root or r.repo.path})')
        kind = kind or _kind(r, rel, trees, index=not refs)
        if kind == 'tree':
            dirs.append('' if rel == '.' else rel + '/')
        elif kind:
            files.add(rel)
        else:
            where = ' or '.join(refs) if refs else 'the work tree, the index or HEAD'
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


def _kind(r: Repo, rel: str, trees: list[pygit2.Tree], index: bool) -> str:
    """'tree', 'blob' or '' (nowhere) for a path not in the work tree: the trees, then the index."""
    if rel == '.':
        return 'tree'
    for tree in trees:
        try:
            return str(tree[rel].type_str)
        except KeyError:
            pass
    return _kind_in_index(r, rel) if index else ''


def _tree_or_none(r: Repo, ref: str) -> pygit2.Tree | None:
    if ref == 'HEAD':
        return _head_tree(r)
    return None if ref.strip('0') == '' else _resolve_tree(r, ref)


def _kind_in_index(r: Repo, rel: str) -> str:
    """'blob' or 'tree' when the index has ``rel`` or paths under it (staged, then deleted from
    the work tree), else ''."""
    changes = _staged_changes(r)
    paths = [c.path for c in changes if c.status not in ('D', 'U')] if changes is not None else [e.path for e in r.index]
    if rel in paths:
        return 'blob'
    return 'tree' if any(p.startswith(rel + '/') for p in paths) else ''


def _head_tree(r: Repo) -> pygit2.Tree | None:
    if r.repo.head_is_unborn:
        return None
    return r.repo.head.peel(pygit2.Tree)


def _resolve_tree(r: Repo, ref: str) -> pygit2.Tree:
    try:
        return r.repo.revparse_single(ref).peel(pygit2.Tree)
    except (KeyError, ValueError, pygit2.GitError) as e:
        raise VcxError(f'cannot resolve ref {ref!r}: {e}') from None


def _blob(r: Repo, oid: pygit2.Oid) -> bytes:
    try:
        return cast(pygit2.Blob, r.repo[oid]).data
    except KeyError:
        return _missing_blob(r, oid)


def _missing_blob(r: Repo, oid: pygit2.Oid) -> bytes:
    """A blob the object store lacks: in a partial clone (``git clone --filter=blob:none``) git
    fetches it from the promisor remote when asked, which libgit2 cannot do."""
    try:
        proc = subprocess.run(
            ('git', 'cat-file', 'blob', str(oid)), cwd=r.cwd, capture_output=True, timeout=300,
        )
    except (OSError, subprocess.SubprocessError):
        proc = None
    if proc is not None and proc.returncode == 0:
        return proc.stdout
    raise VcxError(_missing(r, str(oid)))


def _missing(r: Repo, oid: str) -> str:
    if _is_partial(r):
        return f'object {oid} is missing from {r.repo.path} (a partial clone) and git could not fetch it'
    return f'object {oid} is missing from {r.repo.path}'


def _is_partial(r: Repo) -> bool:
    """A partial clone: git-config(1) ``remote.<name>.promisor``, ``extensions.partialClone``."""
    for entry in r.repo.config:
        name = entry.name.lower()
        if name == 'extensions.partialclone' or (name.startswith('remote.') and name.endswith('.promisor')):
            return True
    return False


_EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904'  # git's empty tree, always readable


def _fetch_for_diff(r: Repo, old: str, new: str, only_code: bool = False) -> None:
    """In a partial clone, have git fetch the blobs a diff of two trees reads (libgit2 reads every
    changed file's, and renames are looked for among all), in one batch as git diff does, where
    libgit2 would stop at the first missing one.  ``only_code``: the JS/TS files only."""
    if not _is_partial(r):
        return
    pathspecs = [f':(glob)**/*{suffix}' for suffix in GRAMMAR_BY_SUFFIX] if only_code else []
    try:
        subprocess.run(
            ('git', 'diff', '--numstat', old, new, '--', *pathspecs),
            cwd=r.cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600,
        )
    except (OSError, subprocess.SubprocessError):
        pass  # reading a missing blob then says what is wrong


def _not_found(r: Repo, e: pygit2.NotFoundError) -> VcxError:
    """libgit2's "object not found - ... (ID)" for a blob a diff needs, as one line."""
    return VcxError(_missing(r, str(e).rsplit('(', 1)[-1].rstrip(")'")))


def _targets_from_diff(
        r: Repo, diff: pygit2.Diff, only: Only | None,
) -> Iterator[Target | Skipped]:
    diff.find_similar()
    for patch in diff:
        if patch is None:
            continue
        delta = patch.delta
        path = delta.new_file.path
        if only is not None and path not in only:
            continue
        if not grammar_for(path):
            continue
        if delta.status == pygit2.GIT_DELTA_DELETED:
            continue
        if delta.status == pygit2.GIT_DELTA_CONFLICTED:
            yield Skipped(path, 'merge conflict in the index, not audited')
            continue
        mode = delta.new_file.mode
        if mode in _SKIP_MODES:
            yield Skipped(path, _SKIP_MODES[mode])
            continue
        if delta.status == pygit2.GIT_DELTA_ADDED:
            yield Target(path, _blob(r, delta.new_file.id), None)
            continue
        new = _blob(r, delta.new_file.id)
        old = _blob(r, delta.old_file.id)
        if lines_differ_from_git(new) or lines_differ_from_git(old):
            patch = _text_patch(old, new)
        hunks = [(h.new_start, h.new_lines) for h in patch.hunks]
        if hunks:  # a pure rename or mode change touches nothing
            yield Target(path, new, change_from_hunks(hunks), _base(delta.old_file.path, old, patch))


def _base(path: str, data: bytes, patch: pygit2.Patch) -> Base:
    return Base(path, data, change_from_hunks([(h.old_start, h.old_lines) for h in patch.hunks]))


def _text_patch(old: bytes | None, new: bytes | None) -> pygit2.Patch:
    """The zero-context patch of the files' own lines (``target.source_text``), for a file whose
    lines git does not see: UTF-16 (binary to git) or lone CRs (one long line to git)."""
    def text(data: bytes | None) -> bytes | None:
        try:
            return None if data is None else source_text(data)
        except UnicodeDecodeError:
            return data
    return pygit2.Patch.create_from(text(old), text(new), context_lines=0)


def _staged_changes(r: Repo) -> list[_Staged] | None:
    """The staged changes against HEAD as git lists them (``git diff-index --cached -M``), read
    once.  git's index keeps the ids of the directories no staged change is in (its cache-tree),
    so this costs the change, where libgit2's index-to-tree diff reads the whole index and tree
    (3 ms against 31 ms with 12.9k files).  None when git cannot say: no ``git`` on the path, no
    HEAD yet, any error; libgit2 then does the work.  Read-only: git takes no lock for it."""
    if r._staged is not False:
        return r._staged  # type: ignore[return-value]
    r._staged = None
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
    out: list[_Staged] = []
    fields = proc.stdout.split(b'\0')
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
        out.append(_Staged(status, int(head[0], 8), int(head[1], 8), head[2].decode(), head[3].decode(), old_path, path))
        i += 1 + paths
    r._staged = out
    return out


def _staged_patch(r: Repo, change: _Staged) -> pygit2.Patch:
    """The zero-context patch of one staged change (what ``diff_to_tree(context_lines=0)`` gives).
    Diffed as bytes: given blobs, libgit2 looks up the paths' diff attributes, which reads the
    whole index (13 ms with 12.9k files); so ``.gitattributes`` (``-diff``, ``binary``) does not
    hide a staged JavaScript change from the audit."""
    patch = r._patches.get(change)
    if patch is None:
        old = _blob(r, pygit2.Oid(hex=change.old_id)) if change.status not in ('A', 'C') else None
        new = _blob(r, pygit2.Oid(hex=change.new_id)) if change.status != 'D' else None
        if any(d is not None and lines_differ_from_git(d) for d in (old, new)):
            patch = r._patches[change] = _text_patch(old, new)
        else:
            patch = r._patches[change] = pygit2.Patch.create_from(old, new, context_lines=0)
    return patch


def _targets_from_changes(r: Repo, changes: list[_Staged], only: Only | None) -> Iterator[Target | Skipped]:
    """``_targets_from_diff`` for the changes git listed."""
    for change in changes:
        path = change.path
        if (only is not None and path not in only) or not grammar_for(path) or change.status == 'D':
            continue
        if change.status == 'U':
            yield Skipped(path, 'merge conflict in the index, not audited')
            continue
        if change.new_mode in _SKIP_MODES:
            yield Skipped(path, _SKIP_MODES[change.new_mode])
            continue
        if change.status in ('A', 'C'):
            yield Target(path, _blob(r, pygit2.Oid(hex=change.new_id)), None)
            continue
        patch = _staged_patch(r, change)
        hunks = [(h.new_start, h.new_lines) for h in patch.hunks]
        if hunks:  # a pure rename or mode change touches nothing
            base = _base(change.old_path, _blob(r, pygit2.Oid(hex=change.old_id)), patch)
            yield Target(path, _blob(r, pygit2.Oid(hex=change.new_id)), change_from_hunks(hunks), base)


def staged(r: Repo, only: Only | None = None) -> list[Target | Skipped]:
    """Staged changes (index vs HEAD).  Files in ``only`` with no staged change at all are audited
    whole (``pre-commit run --all-files``); a pure rename or mode change touches nothing."""
    changes = _staged_changes(r)
    if changes is not None:
        out: list[Target | Skipped] = []
        listed = {c.path for c in changes}
        done: set[str] = set()
        for t in _targets_from_changes(r, changes, only):
            if t.path not in done:
                out.append(t)
                done.add(t.path)
        for path in sorted((only.files if only is not None else frozenset()) - listed):
            unchanged = _whole_from_index(r, path) if grammar_for(path) else None
            if unchanged is not None:
                out.append(unchanged)
        return out
    out = []
    conflicted = _conflicted_paths(r.index)
    head = _head_tree(r)
    if head is None:
        seen: set[str] = set()
        for entry in r.index:
            if entry.path in conflicted or (only is not None and entry.path not in only):
                continue
            seen.add(entry.path)
            if grammar_for(entry.path):
                out.append(_entry_target(r, entry))
    else:
        # repo.diff('HEAD', cached=True, context_lines=0) still returns 3 context lines in
        # pygit2 1.21; Index.diff_to_tree honors context_lines and matches `git diff --cached -U0`.
        diff = r.index.diff_to_tree(head, context_lines=0)
        out.extend(_targets_from_diff(r, diff, only))
        seen = {t.path for t in out} | {p.delta.new_file.path for p in diff if p is not None}
    for path in sorted(conflicted):
        if (only is None or path in only) and grammar_for(path) and path not in seen:
            out.append(Skipped(path, 'merge conflict in the index, not audited'))
            seen.add(path)
    if only is not None:
        for path in sorted(only.files - seen):
            if not grammar_for(path):
                continue
            unchanged = _whole_from_index(r, path)
            if unchanged is not None:
                out.append(unchanged)
    return out


def staged_paths(r: Repo) -> set[str]:
    """The paths the index changes against HEAD (renames and mode changes too)."""
    changes = _staged_changes(r)
    if changes is not None:
        return {c.path for c in changes}
    head = _head_tree(r)
    if head is None:
        return {str(e.path) for e in r.index}
    return {p.delta.new_file.path for p in r.index.diff_to_tree(head, context_lines=0) if p is not None}


def _conflicted_paths(index: pygit2.Index) -> set[str]:
    if index.conflicts is None:
        return set()
    paths = set()
    for ancestor, ours, theirs in index.conflicts:
        for entry in (ancestor, ours, theirs):
            if entry is not None:
                paths.add(entry.path)
    return paths


def _entry_target(r: Repo, entry: pygit2.IndexEntry) -> Target | Skipped:
    path = str(entry.path)
    if entry.mode in _SKIP_MODES:
        return Skipped(path, _SKIP_MODES[entry.mode])
    return Target(path, _blob(r, entry.id), None)


def _whole_from_index(r: Repo, path: str) -> Target | Skipped | None:
    entry = _index_entry(r, path)
    if entry is None:
        disk = os.path.join(r.root, path)
        if os.path.isfile(disk) and not os.path.islink(disk):
            with open(disk, 'rb') as f:
                return Target(path, f.read(), None)
        return None
    oid, mode = entry
    if mode in _SKIP_MODES:
        return Skipped(path, _SKIP_MODES[mode])
    return Target(path, _blob(r, oid), None)


def _index_entry(r: Repo, path: str) -> tuple[pygit2.Oid, int] | None:
    """The staged blob id and mode of ``path``, or None when the index has none (a conflict too):
    from git's list of staged changes and, for a path it does not name, HEAD's tree, without
    reading the whole index."""
    changes = _staged_changes(r)
    if changes is None:
        try:
            staged = r.index[path]
        except KeyError:
            return None
        return staged.id, staged.mode
    for change in changes:
        if change.path == path:
            return None if change.status in ('D', 'U') else (pygit2.Oid(hex=change.new_id), change.new_mode)
        if change.old_path == path and change.status == 'R':
            return None
    head = _head_tree(r)
    try:
        committed = head[path] if head is not None else None
    except KeyError:
        return None
    return (committed.id, committed.filemode) if committed is not None else None


def ref_range(r: Repo, from_ref: str, to_ref: str, only: Only | None = None) -> list[Target | Skipped]:
    """Changes from the merge base of ``from_ref`` and ``to_ref`` to ``to_ref``; content from ``to_ref``."""
    new = _resolve_tree(r, to_ref)
    if from_ref.strip('0') == '':
        _fetch_for_diff(r, _EMPTY_TREE, str(new.id), only_code=True)
        return [t for t in _whole_tree(r, new) if only is None or t.path in only]
    old_commit = r.repo.revparse_single(from_ref) if _exists(r, from_ref) else None
    if old_commit is None:
        raise VcxError(f'cannot resolve ref {from_ref!r}')
    new_commit = r.repo.revparse_single(to_ref)
    try:
        base_id = r.repo.merge_base(old_commit.peel(pygit2.Commit).id, new_commit.peel(pygit2.Commit).id)
    except (ValueError, pygit2.GitError):
        base_id = None
    old = r.repo[base_id].peel(pygit2.Tree) if base_id is not None else old_commit.peel(pygit2.Tree)
    _fetch_for_diff(r, str(old.id), str(new.id))
    diff = old.diff_to_tree(new, context_lines=0)
    try:
        return list(_targets_from_diff(r, diff, only))
    except pygit2.NotFoundError as e:
        raise _not_found(r, e) from None


def _exists(r: Repo, ref: str) -> bool:
    try:
        r.repo.revparse_single(ref)
    except (KeyError, ValueError, pygit2.GitError):
        return False
    return True


def _whole_tree(r: Repo, tree: pygit2.Tree, prefix: str = '') -> Iterator[Target | Skipped]:
    for entry in tree:
        path = prefix + str(entry.name)
        if entry.type_str == 'tree':
            yield from _whole_tree(r, cast(pygit2.Tree, r.repo[entry.id]), path + '/')
        elif grammar_for(path):
            if entry.filemode in _SKIP_MODES:
                yield Skipped(path, _SKIP_MODES[entry.filemode])
            elif entry.type_str == 'blob':
                yield Target(path, _blob(r, entry.id), None)


def tracked_paths(r: Repo) -> list[str]:
    """Every JavaScript/TypeScript path in the index (regular files only)."""
    return sorted(
        e.path for e in r.index
        if grammar_for(e.path) and e.mode not in _SKIP_MODES
    )


def indexed(r: Repo, path: str) -> Target | Skipped:
    """The whole of ``path`` as the index has it (a tracked file missing from the work tree)."""
    try:
        return _entry_target(r, r.index[path])
    except KeyError:  # only conflict stages
        return Skipped(path, 'merge conflict in the index, not audited')


def is_ignored(r: Repo, rel_path: str) -> bool:
    try:
        return bool(r.repo.path_is_ignored(rel_path))
    except UnicodeEncodeError:  # a file name that is not UTF-8: libgit2 cannot be asked; audit it
        return False


def ignored_filter(r: Repo, rel_paths: Iterable[str]) -> list[str]:
    return [p for p in rel_paths if not r.repo.path_is_ignored(p)]


def index_blob(r: Repo, rel_path: str) -> bytes | None:
    """The staged bytes of ``rel_path``, for reading configuration as it will be committed."""
    entry = _index_entry(r, rel_path)
    return _blob(r, entry[0]) if entry is not None else None


__all__ = [
    'Change', 'Only', 'Repo', 'Skipped', 'Target', 'discover', 'ignored_filter', 'index_blob', 'indexed', 'is_ignored',
    'limit', 'ref_range', 'repo_path', 'staged', 'tracked_paths',
]


def tree_blob(r: Repo, ref: str, rel_path: str) -> bytes | None:
    """The bytes of ``rel_path`` in ``ref``'s tree, or None."""
    tree = _resolve_tree(r, ref)
    try:
        entry = tree[rel_path]
    except KeyError:
        return None
    return _blob(r, entry.id) if entry.type_str == 'blob' else None


from vcx_hook.engine.moved import OldSide  # noqa: E402  (moved.py defines the record it consumes)


def deleted_code(r: Repo, from_ref: str = '', to_ref: str = '') -> list[OldSide]:
    """Old sides of the JS/TS files the staged change (or the ref range) deletes lines from."""
    if from_ref and to_ref:
        if from_ref.strip('0') == '':
            return []
        new = _resolve_tree(r, to_ref)
        old = _merge_base_tree(r, from_ref, to_ref)
        _fetch_for_diff(r, str(old.id), str(new.id))
        diff = old.diff_to_tree(new, context_lines=0)
    else:
        head = _head_tree(r)
        if head is None:
            return []
        changes = _staged_changes(r)
        if changes is not None:
            return _deleted_from_changes(r, changes)
        diff = r.index.diff_to_tree(head, context_lines=0)
    diff.find_similar()
    out = []
    for patch in diff:
        if patch is None:
            continue
        delta = patch.delta
        if not grammar_for(delta.old_file.path) or delta.old_file.mode in _SKIP_MODES:
            continue
        if delta.status in (pygit2.GIT_DELTA_ADDED, pygit2.GIT_DELTA_CONFLICTED):
            continue
        rows = tuple((h.old_start - 1, h.old_start - 1 + h.old_lines) for h in patch.hunks if h.old_lines)
        if rows:
            out.append(OldSide(delta.old_file.path, _blob(r, delta.old_file.id), rows))
    return out


def _deleted_from_changes(r: Repo, changes: list[_Staged]) -> list[OldSide]:
    out = []
    for change in changes:
        if change.status not in ('M', 'D', 'R', 'T') or not grammar_for(change.old_path) \
                or change.old_mode in _SKIP_MODES:
            continue
        patch = _staged_patch(r, change)
        rows = tuple((h.old_start - 1, h.old_start - 1 + h.old_lines) for h in patch.hunks if h.old_lines)
        if rows:
            out.append(OldSide(change.old_path, _blob(r, pygit2.Oid(hex=change.old_id)), rows))
    return out


def _merge_base_tree(r: Repo, from_ref: str, to_ref: str) -> pygit2.Tree:
    """The tree ``ref_range`` diffs from: the merge base of the two refs, else ``from_ref`` itself."""
    old_commit = _resolve(r, from_ref)
    new_commit = _resolve(r, to_ref)
    try:
        base_id = r.repo.merge_base(old_commit.peel(pygit2.Commit).id, new_commit.peel(pygit2.Commit).id)
    except (ValueError, pygit2.GitError):
        base_id = None
    return r.repo[base_id].peel(pygit2.Tree) if base_id is not None else old_commit.peel(pygit2.Tree)


def _resolve(r: Repo, ref: str) -> pygit2.Object:
    try:
        return r.repo.revparse_single(ref)
    except (KeyError, ValueError, pygit2.GitError) as e:
        raise VcxError(f'cannot resolve ref {ref!r}: {e}') from None


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
