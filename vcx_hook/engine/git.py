"""Reading what to audit from git: the only module that imports pygit2.  It never writes.

Staged content always comes from the index (blobs), never from the working tree, so a
``git add -p`` commit is audited exactly as it will be committed."""
from __future__ import annotations

import os
from collections.abc import Iterable
from collections.abc import Iterator
from contextlib import suppress
from typing import cast

import pygit2
from pygit2.enums import RepositoryOpenFlag

from vcx_hook.engine import gitcli
from vcx_hook.engine import gitpaths
from vcx_hook.engine.gitcli import Staged
from vcx_hook.engine.gitpaths import hooks_dir
from vcx_hook.engine.gitpaths import Only
from vcx_hook.engine.gitpaths import repo_path
from vcx_hook.engine.target import Base
from vcx_hook.engine.target import Change
from vcx_hook.engine.target import change_from_hunks
from vcx_hook.engine.target import lines_differ_from_git
from vcx_hook.engine.target import source_text
from vcx_hook.engine.target import Skipped
from vcx_hook.engine.target import Target
from vcx_hook.errors import VcxError
from vcx_hook.lang.syntax import grammar_for

__all__ = ['Change', 'Only', 'Repo', 'Skipped', 'Target', 'deleted_code', 'discover', 'hooks_dir', 'index_blob',
           'indexed', 'is_ignored', 'limit', 'ref_range', 'repo_path', 'staged', 'staged_paths',
           'tracked_paths', 'tree_blob']

_SKIP_MODES = {pygit2.GIT_FILEMODE_LINK: 'symlink, not audited', pygit2.GIT_FILEMODE_COMMIT: 'submodule, not audited'}


class Repo:
    """A repository, the index a commit will be made from, and its work tree root."""

    __slots__ = ('_entries', '_head', '_index', '_patches', 'cwd', 'listed', 'repo', 'root')

    def __init__(self, repo: pygit2.Repository, cwd: str, root: str) -> None:
        self.repo = repo
        self.cwd = cwd  # where vcx runs: git run from here finds the same repository and index
        self.root = root  # the work tree, with a trailing separator
        self._index: pygit2.Index | None = None
        self.listed: list[Staged] | None | bool = False  # git's list of staged changes; False: not asked yet
        self._patches: dict[Staged, pygit2.Patch] = {}  # the audit and moved-code search share them
        self._entries: list[tuple[str, int]] | None = None
        self._head: list[pygit2.Tree | None] = []  # HEAD's tree, once looked up

    @property
    def index(self) -> pygit2.Index:
        """The index, read when first asked (libgit2 parses all of it: 13 ms for 12.9k files)."""
        if self._index is None:
            self._index = _index(self.repo, self.cwd)
        return self._index

    @property
    def entries(self) -> list[tuple[str, int]]:
        """The index's (path, mode) pairs by path, read once: ``--all`` lists them four times."""
        self._entries = self._entries if self._entries is not None else sorted((e.path, e.mode) for e in self.index)
        return self._entries


def discover(cwd: str, bare_ok: bool = False) -> Repo | None:
    """The repository git uses in ``cwd``, or None: ``$GIT_DIR``, else the one around ``cwd``
    (subdirectories and linked worktrees too).  Its work tree as git finds it (git(1),
    ``GIT_DIR``): ``$GIT_WORK_TREE``, else ``core.worktree``, else none if ``core.bare``, else
    ``cwd`` when ``$GIT_DIR`` named the repository.  A repository without one (bare) only when
    ``bare_ok``: a ref range reads only trees."""
    with suppress(AttributeError, ValueError):  # an older pygit2 without them reads as before
        pygit2.option(pygit2.enums.Option.ENABLE_STRICT_HASH_VERIFICATION, False)  # as git reads: no SHA-1 of each object
        pygit2.option(pygit2.enums.Option.SET_CACHE_OBJECT_LIMIT, pygit2.enums.ObjectType.TREE, 1 << 20)  # not only trees < 4 KB
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
    for objects in gitpaths.object_dirs(cwd):
        repo.odb.add_disk_alternate(objects)  # nothing is written: an alternate is enough
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
    env = gitpaths.work_tree_from_env(cwd)
    if env:
        return env
    if not explicit_dir or 'core.worktree' in repo.config:
        return repo.workdir  # libgit2 reads core.worktree, gitlinks and `.git`'s parent as git does
    try:
        bare = repo.config.get_bool('core.bare')
    except (KeyError, pygit2.GitError, ValueError):
        bare = False
    return None if bare else os.path.join(os.path.abspath(cwd), '')


def _index(repo: pygit2.Repository, cwd: str) -> pygit2.Index:
    """The index a commit will be made from: git sets GIT_INDEX_FILE for `commit -a`/`commit PATH`."""
    env = os.environ.get('GIT_INDEX_FILE')
    if not env:
        try:
            return repo.index
        except pygit2.GitError as e:
            raise VcxError(gitpaths.unreadable_index(os.path.join(repo.path, 'index'), e)) from None
    for path in gitpaths.index_files(env, cwd, repo.workdir):
        if os.path.exists(path):
            index = pygit2.Index.__new__(pygit2.Index)
            try:
                index.__init__(path)  # type: ignore[misc]
            except pygit2.GitError as e:
                index._index = pygit2.ffi.NULL  # its __del__ frees it, and libgit2 frees NULL as nothing
                raise VcxError(gitpaths.unreadable_index(path, e, ' (GIT_INDEX_FILE)')) from None
            index._repo = repo  # type: ignore[assignment]  # diff_to_tree needs it; no public setter
            return index
    raise VcxError(f'GIT_INDEX_FILE={env} does not exist')


def limit(r: Repo, given: Iterable[str], cwd: str, refs: tuple[str, ...] = ()) -> Only:
    """What the PATHs given to an audit mean (``gitpaths.limit``): each must be in the work tree,
    or in the index or HEAD (staged mode), or in one of the ``refs`` (range mode)."""
    trees = [t for ref in refs or ('HEAD',) for t in [_tree_or_none(r, ref)] if t is not None]
    where = ' or '.join(refs) if refs else 'the work tree, the index or HEAD'
    return gitpaths.limit(r, given, cwd, lambda rel: _kind(r, rel, trees, index=not refs), where)


def _kind(r: Repo, rel: str, trees: list[pygit2.Tree], index: bool) -> str:
    """'tree', 'blob' or '' (nowhere) for a path not in the work tree: the trees, then the index."""
    for tree in trees:
        try:
            return str(tree[rel].type_str)
        except KeyError:
            pass
    return _kind_in_index(r, rel) if index else ''


def _tree_or_none(r: Repo, ref: str) -> pygit2.Tree | None:
    return _head_tree(r) if ref == 'HEAD' else None if ref.strip('0') == '' else _resolve_tree(r, ref)


def _kind_in_index(r: Repo, rel: str) -> str:
    """'blob' or 'tree' when the index has ``rel`` or paths under it (staged, then deleted from disk), else ''."""
    changes = gitcli.staged_changes(r)
    paths = [c.path for c in changes if c.status not in ('D', 'U')] if changes is not None else [e.path for e in r.index]
    if rel in paths:
        return 'blob'
    return 'tree' if any(p.startswith(rel + '/') for p in paths) else ''


def _head_tree(r: Repo) -> pygit2.Tree | None:
    if not r._head:  # looked up once: a project's files are looked up hundreds of times
        r._head.append(None if r.repo.head_is_unborn else r.repo.head.peel(pygit2.Tree))
    return r._head[0]


def _resolve_tree(r: Repo, ref: str) -> pygit2.Tree:
    try:
        return r.repo.revparse_single(ref).peel(pygit2.Tree)
    except (KeyError, ValueError, pygit2.GitError) as e:
        raise VcxError(f'cannot resolve ref {ref!r}: {e}') from None


def _blob(r: Repo, oid: pygit2.Oid) -> bytes:
    try:
        return cast(pygit2.Blob, r.repo[oid]).data
    except KeyError:
        return gitcli.fetched_blob(r, str(oid))


_STATUS = {  # a libgit2 delta as git's list names it; a copy is diffed against its source
    pygit2.GIT_DELTA_ADDED: 'A', pygit2.GIT_DELTA_DELETED: 'D', pygit2.GIT_DELTA_RENAMED: 'R',
    pygit2.GIT_DELTA_TYPECHANGE: 'T', pygit2.GIT_DELTA_CONFLICTED: 'U'}


def _listed(r: Repo, diff: pygit2.Diff) -> list[Staged]:
    """The changes of a libgit2 diff as records like git's list, each with libgit2's patch."""
    diff.find_similar()
    changes = []
    for patch in diff:
        if patch is not None:
            d = patch.delta
            change = Staged(_STATUS.get(d.status, 'M'), d.old_file.mode, d.new_file.mode, str(d.old_file.id),
                            str(d.new_file.id), d.old_file.path, d.new_file.path)
            r._patches[change] = patch
            changes.append(change)
    return changes


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


def _staged_patch(r: Repo, change: Staged) -> pygit2.Patch:
    """The zero-context patch of one staged change (what ``diff_to_tree(context_lines=0)`` gives). Diffed as
    bytes: given blobs, libgit2 looks up the paths' diff attributes, which reads the whole index (13 ms with
    12.9k files); so ``.gitattributes`` (``-diff``, ``binary``) does not hide a staged JavaScript change from the audit."""
    patch = r._patches.get(change)
    if patch is None:
        old = _blob(r, pygit2.Oid(hex=change.old_id)) if change.status not in ('A', 'C') else None
        new = _blob(r, pygit2.Oid(hex=change.new_id)) if change.status != 'D' else None
        if any(d is not None and lines_differ_from_git(d) for d in (old, new)):
            patch = r._patches[change] = _text_patch(old, new)
        else:
            patch = r._patches[change] = pygit2.Patch.create_from(old, new, context_lines=0)
    return patch


def _targets(r: Repo, changes: list[Staged], only: Only | None) -> Iterator[Target | Skipped]:
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
        new = _blob(r, pygit2.Oid(hex=change.new_id))
        if change.status in ('A', 'C'):
            yield Target(path, new, None)
            continue
        old = _blob(r, pygit2.Oid(hex=change.old_id))
        differ = lines_differ_from_git(new) or lines_differ_from_git(old)
        patch = _text_patch(old, new) if differ else _staged_patch(r, change)
        hunks = [(h.new_start, h.new_lines) for h in patch.hunks]
        if hunks:  # a pure rename or mode change touches nothing
            yield Target(path, new, change_from_hunks(hunks), _base(change.old_path, old, patch))


def staged(r: Repo, only: Only | None = None) -> list[Target | Skipped]:
    """Staged changes (index vs HEAD).  Files in ``only`` with no staged change at all are audited
    whole (``pre-commit run --all-files``); a pure rename or mode change touches nothing."""
    changes = gitcli.staged_changes(r)
    if changes is not None:
        out: list[Target | Skipped] = []
        listed = {c.path for c in changes}
        done: set[str] = set()
        for t in _targets(r, changes, only):
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
        changes = _listed(r, r.index.diff_to_tree(head, context_lines=0))
        out.extend(_targets(r, changes, only))
        seen = {t.path for t in out} | {c.path for c in changes}
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
    changes = gitcli.staged_changes(r)
    if changes is not None:
        return {c.path for c in changes}
    head = _head_tree(r)
    if head is None:
        return {str(e.path) for e in r.index}
    return {p.delta.new_file.path for p in r.index.diff_to_tree(head, context_lines=0) if p is not None}


def _conflicted_paths(index: pygit2.Index) -> set[str]:
    conflicts = index.conflicts if index.conflicts is not None else ()
    return {entry.path for stages in conflicts for entry in stages if entry is not None}


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
    """The staged blob id and mode of ``path`` (None: not staged, or a conflict): from git's list of staged
    changes and, for a path it does not name, HEAD's tree; from the index only once it has been read."""
    changes = gitcli.staged_changes(r) if r._index is None or not path.isascii() else None
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
        gitcli.fetch_for_diff(r, gitcli.EMPTY_TREE, str(new.id), only_code=True)
        return [t for t in _whole_tree(r, new) if only is None or t.path in only]
    old = _merge_base_tree(r, from_ref, to_ref)
    gitcli.fetch_for_diff(r, str(old.id), str(new.id))
    diff = old.diff_to_tree(new, context_lines=0)
    try:
        return list(_targets(r, _listed(r, diff), only))
    except pygit2.NotFoundError as e:
        # libgit2's "object not found - ... (ID)" for a blob the diff needs
        raise VcxError(gitcli.missing(r, str(e).rsplit('(', 1)[-1].rstrip(")'"))) from None


def _whole_tree(r: Repo, tree: pygit2.Tree) -> Iterator[Target | Skipped]:
    for path, entry in _entries(r, tree):
        if grammar_for(path) and entry.filemode in _SKIP_MODES:
            yield Skipped(path, _SKIP_MODES[entry.filemode])
        elif grammar_for(path) and entry.type_str == 'blob':
            yield Target(path, _blob(r, entry.id), None)


def _entries(r: Repo, tree: pygit2.Tree, prefix: str = '') -> Iterator[tuple[str, pygit2.Object]]:
    """Every entry under ``tree`` but its trees, with its path."""
    for entry in tree:
        path = prefix + str(entry.name)
        if entry.type_str == 'tree':
            yield from _entries(r, cast(pygit2.Tree, r.repo[entry.id]), path + '/')
        else:
            yield path, entry


def tracked_paths(r: Repo) -> list[str]:
    """Every JavaScript/TypeScript path in the index (regular files only)."""
    return [path for path, mode in r.entries if grammar_for(path) and mode not in _SKIP_MODES]


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


def index_blob(r: Repo, rel_path: str) -> bytes | None:
    """The staged bytes of ``rel_path``, for reading configuration as it will be committed."""
    return _blob(r, entry[0]) if (entry := _index_entry(r, rel_path)) is not None else None


def paths_ending(r: Repo, suffix: str | tuple[str, ...], ref: str = '') -> list[str]:
    """The paths ending in ``suffix`` (or one of them) in the index, or in ``ref``'s tree when one is given."""
    if not ref:
        return [path for path, _ in r.entries if path.endswith(suffix)]
    return sorted(path for path, _ in _entries(r, _resolve_tree(r, ref)) if path.endswith(suffix))


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
        gitcli.fetch_for_diff(r, str(old.id), str(new.id))
        return _deleted_from_changes(r, _listed(r, old.diff_to_tree(new, context_lines=0)))
    head = _head_tree(r)
    if head is None:
        return []
    changes = gitcli.staged_changes(r)
    if changes is None:
        changes = _listed(r, r.index.diff_to_tree(head, context_lines=0))
    return _deleted_from_changes(r, changes)


def _deleted_from_changes(r: Repo, changes: list[Staged]) -> list[OldSide]:
    out = []
    for change in changes:
        if change.status not in ('M', 'D', 'R', 'T') or not grammar_for(change.old_path) \
                or change.old_mode in _SKIP_MODES:
            continue
        patch = _staged_patch(r, change)
        rows = _old_rows(patch)
        if rows:
            out.append(OldSide(change.old_path, _blob(r, pygit2.Oid(hex=change.old_id)), rows))
    return out


def _old_rows(patch: pygit2.Patch) -> tuple[tuple[int, int], ...]:
    """The 0-based half-open row ranges of the old file that ``patch`` replaces or removes."""
    return tuple((h.old_start - 1, h.old_start - 1 + h.old_lines) for h in patch.hunks if h.old_lines)


def _merge_base_tree(r: Repo, from_ref: str, to_ref: str) -> pygit2.Tree:
    """The tree ``ref_range`` diffs from: the merge base of the two refs, else ``from_ref`` itself."""
    try:
        old_commit = r.repo.revparse_single(from_ref)
    except (KeyError, ValueError, pygit2.GitError):
        raise VcxError(f'cannot resolve ref {from_ref!r}') from None
    new_commit = r.repo.revparse_single(to_ref)
    try:
        base_id = r.repo.merge_base(old_commit.peel(pygit2.Commit).id, new_commit.peel(pygit2.Commit).id)
    except (ValueError, pygit2.GitError):
        base_id = None
    return r.repo[base_id].peel(pygit2.Tree) if base_id is not None else old_commit.peel(pygit2.Tree)
