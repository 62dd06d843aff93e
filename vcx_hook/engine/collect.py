"""What to audit: the staged change, a ref range, the lines a unified diff adds, or whole files,
as a ``Request`` asks for it; and code moved unchanged taken out again."""
from __future__ import annotations

import os
import sys
from typing import Any
from typing import NamedTuple

from vcx_hook.engine import files
from vcx_hook.engine import git
from vcx_hook.engine import moved
from vcx_hook.engine.parallel import Pending
from vcx_hook.engine.parallel import file_size
from vcx_hook.engine.target import Skipped
from vcx_hook.engine.target import Target
from vcx_hook.engine.target import lines_differ_from_git
from vcx_hook.engine.target import text_change
from vcx_hook.errors import VcxError


class Request(NamedTuple):
    """What a command asks to audit.  ``from_ref`` and ``to_ref`` already hold pre-commit's
    ``$PRE_COMMIT_FROM_REF`` and ``$PRE_COMMIT_TO_REF`` when the command line gave none."""

    paths: tuple[str, ...] = ()
    all_files: bool = False
    diff: str | None = None  # a unified diff's file name, '-' for stdin
    from_ref: str = ''
    to_ref: str = ''
    config_file: str | None = None  # --config FILE, relative to the working directory
    # --all over tracked files: one missing from the work tree (sparse checkout, skip-worktree)
    # is read from the index instead of being listed as absent.
    absent_from_index: bool = False
    ask: str = ''  # --ask: which questions block ('' for the configuration's)
    show: str = ''  # --show: the lowest confidence listed ('' for the configuration's)
    pushed: bool = False  # the refs are pre-commit's (a push), not the command line's


class Collected(NamedTuple):
    mode: str  # 'staged', 'range', 'diff' or 'all'
    items: list[object]  # Target | Pending | Skipped
    # Tracked files not on disk (sparse checkout, skip-worktree), not audited: not gone either.
    absent: frozenset[str] = frozenset()


def collect(request: Request, cwd: str) -> tuple[Collected, git.Repo | None]:
    from_ref, to_ref = request.from_ref, request.to_ref
    # A range reads only trees: a bare repository (a server-side hook) has all it needs.
    repo = git.discover(cwd, bare_ok=bool(from_ref and to_ref) and not request.all_files and not request.diff)
    if request.diff:
        return Collected('diff', _diff_targets(request.diff, cwd, repo)), repo
    if request.all_files:
        return _whole_files(request, cwd, repo), repo
    if repo is None:
        raise VcxError(f'{cwd} is not in a git repository (use --all PATH or --diff FILE outside one)')
    if from_ref or to_ref:
        if not (from_ref and to_ref):
            raise VcxError('--from-ref and --to-ref go together')
        only = git.limit(repo, request.paths, cwd, (from_ref, to_ref)) if request.paths else None
        return Collected('range', list(git.ref_range(repo, from_ref, to_ref, only))), repo
    only = git.limit(repo, request.paths, cwd) if request.paths else None
    return Collected('staged', list(git.staged(repo, only))), repo


def _diff_targets(diff: str, cwd: str, repo: git.Repo | None) -> list[object]:
    # Read untranslated: a lone CR in a diff is part of a line (a file with CR line endings).
    if diff != '-':
        text = _read_text(diff, cwd)
    elif hasattr(sys.stdin, 'buffer'):
        text = sys.stdin.buffer.read().decode('utf-8', 'replace')
    else:
        text = sys.stdin.read()
    items: list[object] = []
    for path, change in files.diff_changes(text, 'stdin' if diff == '-' else diff):
        full = _diff_file(path, cwd, repo)
        if full is None:
            items.append(Skipped(path, 'in the diff but not in the work tree, not audited'))
            continue
        with open(full, 'rb') as f:
            data = f.read()
        items.append(Target(path, data, text_change(data, change) if lines_differ_from_git(data) else change))
    return items


def _whole_files(request: Request, cwd: str, repo: git.Repo | None) -> Collected:
    if repo is not None:
        real_dirs: dict[str, str] = {}
        real_root = os.path.realpath(repo.root)

        def display(p: str) -> str:
            # Resolving each directory once (not each file) keeps 10k-file walks fast.
            if os.path.islink(p):
                return git.repo_path(repo, p, cwd)
            head, tail = os.path.split(p)
            if head not in real_dirs:
                real_dirs[head] = os.path.realpath(head)
            return os.path.relpath(os.path.join(real_dirs[head], tail), real_root).replace(os.sep, '/')

        def ignored(p: str) -> bool:
            return not p.startswith('../') and git.is_ignored(repo, p)
    else:
        def display(p: str) -> str:
            return os.path.relpath(p, cwd).replace(os.sep, '/')

        def ignored(p: str) -> bool:
            return False
    if request.paths:
        return Collected('all', [Pending(display(p), p) for p in files.walk(request.paths, cwd, display, ignored)])
    if repo is None:
        raise VcxError('not in a git repository: give --all the files or directories to audit')
    return _tracked(repo, request.absent_from_index)


def _tracked(repo: git.Repo, absent_from_index: bool) -> Collected:
    """Every tracked JS/TS file, read from disk; one the work tree lacks (sparse checkout,
    skip-worktree) from the index when ``absent_from_index``, else listed as absent."""
    items: list[object] = []
    absent = []
    for path in git.tracked_paths(repo):
        if files.is_minified_name(path):
            continue
        full = os.path.join(repo.root, path)
        size = file_size(full)
        if size is not None:
            items.append(Pending(path, full, size))
        elif absent_from_index:
            items.append(git.indexed(repo, path))
        else:
            absent.append(path)
    return Collected('all', items, frozenset(absent))


def _read_text(path: str, cwd: str) -> str:
    try:
        with open(os.path.join(cwd, path), encoding='utf-8', errors='replace', newline='') as f:
            return f.read()
    except OSError as e:
        raise VcxError(f'--diff {path}: {e.strerror}') from None


def _diff_file(path: str, cwd: str, repo: git.Repo | None) -> str | None:
    candidates = [os.path.join(cwd, path)]
    if repo is not None and repo.root:
        candidates.append(os.path.join(repo.root, path))
    return next((c for c in candidates if os.path.isfile(c)), None)


def drop_moved(request: Request, repo: git.Repo, targets: list[Any]) -> tuple[list[Any], int]:
    """Take code moved unchanged within the change out of the targets (see moved.py)."""
    old_sides = git.deleted_code(repo, request.from_ref, request.to_ref)
    if not old_sides:
        return targets, 0
    # A PATH with no staged change is audited whole because it was asked for, moved code or not.
    asked = set() if request.from_ref and request.to_ref else {
        t.path for t in targets if t.change is None and git.tree_blob(repo, 'HEAD', t.path) is not None
    }
    result = moved.apply([t for t in targets if t.path not in asked], old_sides)
    unmoved = {t.path: t for t in result.targets}
    return [unmoved.get(t.path, t) for t in targets], result.functions
