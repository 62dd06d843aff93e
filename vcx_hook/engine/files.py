"""Reading what to audit from disk: ``--all`` walks and ``--diff`` patches (work-tree content)."""
from __future__ import annotations

import os
from collections.abc import Callable
from collections.abc import Iterator
from collections.abc import Sequence

from vcx_hook.engine.target import Change
from vcx_hook.engine.target import Skipped
from vcx_hook.engine.target import Target
from vcx_hook.errors import VcxError
from vcx_hook.lang.syntax import grammar_for

SKIP_DIRS = frozenset((
    'node_modules', 'bower_components', 'jspm_packages', 'dist', 'build', 'out', 'coverage',
    '.next', '.nuxt', '.svelte-kit', '.output', '.vercel', '.turbo', '.cache', '.git', '.hg', '.svn',
    'vendor', 'public/build',
))
MINIFIED_SUFFIXES = ('.min.js', '.min.mjs', '.min.cjs', '-min.js', '.bundle.js', '.chunk.js')


def is_minified_name(path: str) -> bool:
    return path.endswith(MINIFIED_SUFFIXES)


def walk(
        paths: Sequence[str],
        cwd: str,
        display: Callable[[str], str],
        ignored: Callable[[str], bool],
) -> Iterator[str]:
    """Absolute paths of JS/TS files under ``paths`` (files given by name are always included)."""
    for given in paths:
        full = os.path.abspath(os.path.join(cwd, given))
        if os.path.isfile(full):
            if grammar_for(full):
                yield full
            continue
        if not os.path.isdir(full):
            raise VcxError(f'{given}: no such file or directory')
        for dirpath, dirnames, filenames in os.walk(full):
            dirnames[:] = sorted(
                d for d in dirnames
                if d not in SKIP_DIRS and not d.startswith('.')
                and not ignored(display(os.path.join(dirpath, d)) + '/')
            )
            for name in sorted(filenames):
                if not grammar_for(name) or is_minified_name(name) or name.endswith('.d.ts'):
                    continue
                path = os.path.join(dirpath, name)
                if os.path.islink(path) or ignored(display(path)):
                    continue
                yield path


def read_whole(path: str, shown: str) -> Target | Skipped:
    try:
        with open(path, 'rb') as f:
            return Target(shown, f.read(), None)
    except OSError as e:
        return Skipped(shown, f'cannot read: {e.strerror}')


def diff_changes(text: str, origin: str = '-') -> list[tuple[str, Change]]:
    """(path, Change) for every file a unified diff adds or modifies.  An empty diff changes
    nothing; text that names no file is not a diff (unidiff reads it as an empty one)."""
    import unidiff

    try:
        patch = unidiff.PatchSet(text)
    except unidiff.UnidiffParseError as e:
        raise VcxError(f'--diff {origin}: not a unified diff: {e}') from None
    if not patch and text.strip():
        raise VcxError(f'--diff {origin}: not a unified diff (no "--- a/PATH" and "+++ b/PATH" lines)')
    out = []
    for pf in patch:
        if pf.is_removed_file or not grammar_for(pf.path):
            continue
        path = pf.target_file[2:] if pf.target_file.startswith('b/') else pf.target_file
        rows: list[int] = []
        deletions: list[int] = []
        for hunk in pf:
            last = hunk.target_start - 1
            removed_run = False
            for line in hunk:
                if line.is_added:
                    rows.append((line.target_line_no or 0) - 1)
                    last = (line.target_line_no or 0)
                    removed_run = False
                elif line.is_removed:
                    if not removed_run:
                        deletions.append(last)
                    removed_run = True
                elif line.is_context:
                    last = (line.target_line_no or 0)
                    removed_run = False
        out.append((path, Change(_ranges(rows), tuple(sorted(set(deletions))))))
    return out


def _ranges(rows: list[int]) -> tuple[tuple[int, int], ...]:
    out: list[tuple[int, int]] = []
    for row in sorted(set(rows)):
        if out and out[-1][1] == row:
            out[-1] = (out[-1][0], row + 1)
        else:
            out.append((row, row + 1))
    return tuple(out)


def read_optional(path: str) -> bytes | None:
    """A file's bytes, or None if it cannot be read."""
    # os.read without a file object, as ``worker.read_file``: ``--all`` looks for a module under
    # each of its sixteen names, and reads every source five times, once a project-wide fact.
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b''.join(chunks)
    except OSError:  # a folder
        return None
    finally:
        os.close(fd)
