"""Reading what to audit from git: the only module that imports pygit2.  It never writes.

Staged content always comes from the index (blobs), never from the working tree, so a
``git add -p`` commit is audited exactly as it will be committed.
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from collections.abc import Iterator
from typing import cast

import pygit2

from vcx_hook.errors import VcxError
from vcx_hook.syntax import grammar_for
from vcx_hook.target import Change
from vcx_hook.target import change_from_hunks
from vcx_hook.target import Skipped
from vcx_hook.target import Target

_SKIP_MODES = {
    pygit2.GIT_FILEMODE_LINK: 'symlink, not audited',
    pygit2.GIT_FILEMODE_COMMIT: 'submodule, not audited',
}
_NULL_REF = '0' * 40


class Repo:
    """A repository, the index a commit will be made from, and its work tree root."""

    __slots__ = ('index', 'repo', 'root')

    def __init__(self, repo: pygit2.Repository, index: pygit2.Index, root: str) -> None:
        self.repo = repo
        self.index = index
        self.root = root  # the work tree, with a trailing separator


def discover(cwd: str) -> Repo | None:
    """The repository around ``cwd`` (subdirectories and linked worktrees too), or None."""
    path: str | None
    try:
        path = pygit2.discover_repository(cwd)
    except (pygit2.GitError, KeyError):
        path = None
    if path is None:
        return None
    repo = pygit2.Repository(path)
    if repo.is_bare or repo.workdir is None:
        raise VcxError(f'{path} is a bare repository; run vcx inside a work tree')
    return Repo(repo, _index(repo, cwd), repo.workdir)


def _index(repo: pygit2.Repository, cwd: str) -> pygit2.Index:
    """The index a commit will be made from: git sets GIT_INDEX_FILE for `commit -a`/`commit PATH`."""
    env = os.environ.get('GIT_INDEX_FILE')
    if not env:
        return repo.index
    candidates = [env] if os.path.isabs(env) else [os.path.join(cwd, env), os.path.join(repo.workdir, env)]
    for path in candidates:
        if os.path.exists(path):
            index = pygit2.Index(path)
            index._repo = repo  # type: ignore[assignment]  # diff_to_tree needs it; no public setter
            return index
    raise VcxError(f'GIT_INDEX_FILE={env} does not exist')


def repo_path(r: Repo, path: str, cwd: str) -> str:
    """``path`` (relative to ``cwd`` or absolute) as a repository-relative posix path."""
    full = os.path.realpath(os.path.join(cwd, path))
    rel = os.path.relpath(full, os.path.realpath(r.root))
    return rel.replace(os.sep, '/')


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
    return cast(pygit2.Blob, r.repo[oid]).data


def _targets_from_diff(
        r: Repo, diff: pygit2.Diff, only: set[str] | None,
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
        hunks = [(h.new_start, h.new_lines) for h in patch.hunks]
        if not hunks:
            continue  # a pure rename or mode change touches nothing
        if delta.status == pygit2.GIT_DELTA_ADDED:
            yield Target(path, _blob(r, delta.new_file.id), None)
        else:
            yield Target(path, _blob(r, delta.new_file.id), change_from_hunks(hunks))


def staged(r: Repo, only: set[str] | None = None) -> list[Target | Skipped]:
    """Staged changes (index vs HEAD).  Files in ``only`` with no staged change are audited whole."""
    out: list[Target | Skipped] = []
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
        seen = {t.path for t in out}
    for path in sorted(conflicted):
        if (only is None or path in only) and grammar_for(path) and path not in seen:
            out.append(Skipped(path, 'merge conflict in the index, not audited'))
            seen.add(path)
    if only is not None:
        for path in sorted(only - seen):
            if not grammar_for(path):
                continue
            unchanged = _whole_from_index(r, path)
            if unchanged is not None:
                out.append(unchanged)
    return out


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
    try:
        entry = r.index[path]
    except KeyError:
        disk = os.path.join(r.root, path)
        if os.path.isfile(disk) and not os.path.islink(disk):
            with open(disk, 'rb') as f:
                return Target(path, f.read(), None)
        return None
    return _entry_target(r, entry)


def ref_range(r: Repo, from_ref: str, to_ref: str, only: set[str] | None = None) -> list[Target | Skipped]:
    """Changes from the merge base of ``from_ref`` and ``to_ref`` to ``to_ref``; content from ``to_ref``."""
    new = _resolve_tree(r, to_ref)
    if from_ref.strip('0') == '':
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
    diff = old.diff_to_tree(new, context_lines=0)
    return list(_targets_from_diff(r, diff, only))


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


def is_ignored(r: Repo, rel_path: str) -> bool:
    return bool(r.repo.path_is_ignored(rel_path))


def ignored_filter(r: Repo, rel_paths: Iterable[str]) -> list[str]:
    return [p for p in rel_paths if not r.repo.path_is_ignored(p)]


def index_blob(r: Repo, rel_path: str) -> bytes | None:
    """The staged bytes of ``rel_path``, for reading configuration as it will be committed."""
    try:
        entry = r.index[rel_path]
    except KeyError:
        return None
    return _blob(r, entry.id)


__all__ = ['Change', 'Repo', 'Skipped', 'Target', 'discover', 'ignored_filter', 'index_blob', 'is_ignored', 'ref_range', 'repo_path', 'staged', 'tracked_paths']


def tree_blob(r: Repo, ref: str, rel_path: str) -> bytes | None:
    """The bytes of ``rel_path`` in ``ref``'s tree, or None."""
    tree = _resolve_tree(r, ref)
    try:
        entry = tree[rel_path]
    except KeyError:
        return None
    return _blob(r, entry.id) if entry.type_str == 'blob' else None


from vcx_hook.moved import OldSide  # noqa: E402  (moved.py defines the record it consumes)


def deleted_code(r: Repo, from_ref: str = '', to_ref: str = '') -> list[OldSide]:
    """Old sides of the JS/TS files the staged change (or the ref range) deletes lines from."""
    if from_ref and to_ref:
        if from_ref.strip('0') == '':
            return []
        new = _resolve_tree(r, to_ref)
        old = _merge_base_tree(r, from_ref, to_ref)
        diff = old.diff_to_tree(new, context_lines=0)
    else:
        head = _head_tree(r)
        if head is None:
            return []
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
