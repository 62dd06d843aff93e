"""The benchmark fixture: a big repository, a 100-file one, and the same change staged in both.

The source is webpack at a pinned commit (cloned, or read from a local clone or git directory),
or, with no network, a generated repository of the same size and shape (``generate.py``).  Its
JavaScript/TypeScript files are committed into a fresh repository; then five library files of
about 880 lines each get two hunks each and are staged, as a typical commit would.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterable
from typing import NamedTuple

WEBPACK_URL = 'https://github.com/webpack/webpack.git'
WEBPACK_SHA = 'bc3e930f75e3f6ecbdf193a0dedf6067ea3a286b'
SUFFIXES = ('.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx')
FORMAT = 5  # bump when the fixture's construction changes, to rebuild old work directories
CHANGED_FILES = 5
CHANGED_LINES = 880  # per file: 5 x 880 = 4.4k lines
SMALL_FILES = 100
_GIT = ('git', '-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', '-c', 'commit.gpgsign=false')


class Fixture(NamedTuple):
    big: str  # repository with every file and the change staged
    small: str  # repository with 100 files and the same change staged
    source: str  # what the files came from
    files: int
    lines: int
    changed: list[str]  # staged paths
    changed_lines: int


def prepare(work: str, source: str, seed: int, rebuild: bool = False) -> Fixture:
    """Build (or reuse) the fixture repositories under ``work``."""
    marker = os.path.join(work, 'fixture.json')
    key = {'format': FORMAT, 'source': source, 'seed': seed}
    if not rebuild and os.path.exists(marker):
        with open(marker, encoding='utf-8') as f:
            saved = json.load(f)
        old = saved.get('key', {})
        # `auto` takes whatever fixture is there (a `--source PATH` one too); --rebuild redoes it.
        same = old == key or (source == 'auto' and old.get('format') == FORMAT and old.get('seed') == seed)
        if same and os.path.isdir(saved['fixture']['big']):
            return Fixture(**saved['fixture'])
    os.makedirs(work, exist_ok=True)
    files, described = _source_files(work, source, seed)
    changed = _pick_changed(files)
    edited = {path: _edit(files[path], path) for path in changed}
    big = os.path.join(work, 'big')
    small = os.path.join(work, 'small')
    _commit(big, files)
    _stage(big, edited)
    _commit(small, {p: files[p] for p in _small_selection(files, changed)})
    _stage(small, edited)
    fixture = Fixture(
        big=big, small=small, source=described, files=len(files),
        lines=sum(d.count(b'\n') for d in files.values()), changed=changed,
        changed_lines=sum(files[p].count(b'\n') for p in changed),
    )
    with open(marker, 'w', encoding='utf-8') as f:
        json.dump({'key': key, 'fixture': fixture._asdict()}, f, indent=1)
    return fixture


# --- where the files come from ---------------------------------------------------------------

def _source_files(work: str, source: str, seed: int) -> tuple[dict[str, bytes], str]:
    if source == 'generated':
        return _generated(seed)
    if source in ('auto', 'clone'):
        gitdir = os.path.join(work, 'webpack.git')
        if _clone(gitdir):
            return _from_git(gitdir), f'webpack @ {WEBPACK_SHA[:12]} (cloned)'
        if source == 'clone':
            raise SystemExit(f'bench: cannot fetch {WEBPACK_URL} {WEBPACK_SHA}; use --source generated')
        print('bench: no network for the webpack clone; using a generated repository of the same shape')
        return _generated(seed)
    if not os.path.isdir(source):
        raise SystemExit(f'bench: --source {source}: not a directory')
    if os.path.isdir(os.path.join(source, 'objects')) or os.path.isdir(os.path.join(source, '.git')):
        return _from_git(source), f'{os.path.basename(os.path.abspath(source).rstrip("/"))} (local git)'
    return _from_dir(source), f'{source} (directory)'


def _generated(seed: int) -> tuple[dict[str, bytes], str]:
    import generate

    return dict(generate.files(seed)), f'generated (seed {seed})'


def _clone(gitdir: str) -> bool:
    if os.path.isdir(gitdir) and _has_commit(gitdir, WEBPACK_SHA):
        return True
    shutil.rmtree(gitdir, ignore_errors=True)
    subprocess.run(('git', 'init', '-q', '--bare', gitdir), check=True)
    fetch = ('git', '--git-dir', gitdir, 'fetch', '-q', '--depth', '1', WEBPACK_URL, WEBPACK_SHA)
    try:
        subprocess.run(fetch, check=True, timeout=600, stderr=subprocess.DEVNULL)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
        return False
    return _has_commit(gitdir, WEBPACK_SHA)


def _has_commit(gitdir: str, sha: str) -> bool:
    probe = ('git', '--git-dir', gitdir, 'cat-file', '-e', f'{sha}^{{commit}}')
    return subprocess.run(probe, stderr=subprocess.DEVNULL).returncode == 0


def _from_git(path: str) -> dict[str, bytes]:
    """JS/TS files of the pinned commit (or HEAD), skipping objects a partial mirror lacks."""
    import pygit2

    repo = pygit2.Repository(path)
    try:
        commit = repo.revparse_single(WEBPACK_SHA)
    except (KeyError, ValueError):
        commit = repo.revparse_single('HEAD')
    out: dict[str, bytes] = {}
    stack = [('', commit.peel(pygit2.Tree))]
    while stack:
        prefix, tree = stack.pop()
        for entry in tree:
            path_ = prefix + entry.name
            if entry.type_str == 'tree' and entry.name != 'node_modules':
                stack.append((path_ + '/', repo[entry.id]))
            elif entry.type_str == 'blob' and entry.filemode != pygit2.GIT_FILEMODE_LINK and path_.endswith(SUFFIXES):
                try:
                    out[path_] = repo[entry.id].data
                except KeyError:
                    continue
    return dict(sorted(out.items()))


def _from_dir(root: str) -> dict[str, bytes]:
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in ('node_modules', '.git'))
        for name in sorted(filenames):
            if name.endswith(SUFFIXES):
                full = os.path.join(dirpath, name)
                with open(full, 'rb') as f:
                    out[os.path.relpath(full, root).replace(os.sep, '/')] = f.read()
    return out


# --- the change ------------------------------------------------------------------------------

def _pick_changed(files: dict[str, bytes]) -> list[str]:
    """Five library files of about 880 lines, each with two functions to edit: webpack's
    ``lib/*.js``; in another source (``--source PATH``, a TypeScript project say), any
    JavaScript/TypeScript file of 300 to 1,500 lines that is not a test or a declaration file."""
    for fits in (_webpack_library, _library):
        candidates = sorted(
            (abs(data.count(b'\n') - CHANGED_LINES), path) for path, data in files.items() if fits(path, data)
        )
        picked = [path for _, path in candidates if len(_editable_functions(files[path], path)) >= 2][:CHANGED_FILES]
        if len(picked) == CHANGED_FILES:
            return sorted(picked)
    raise SystemExit(f'bench: the source has fewer than {CHANGED_FILES} library files to change')


def _webpack_library(path: str, data: bytes) -> bool:
    return path.startswith('lib/') and path.endswith('.js') and 600 <= data.count(b'\n') <= 1300


_NOT_LIBRARY = ('test', 'spec', '__', 'fixture', 'example', 'bench', 'dist/', 'build/', 'vendor')


def _library(path: str, data: bytes) -> bool:
    return (
        path.endswith(SUFFIXES) and not path.endswith(('.d.ts', '.d.mts', '.d.cts'))
        and not any(word in path.lower() for word in _NOT_LIBRARY) and 300 <= data.count(b'\n') <= 1500
    )


def _editable_functions(data: bytes, path: str = 'x.js') -> list[tuple[int, int]]:
    """(row of the body's opening brace, row of its first statement) of multi-line functions."""
    from vcx_hook.lang import syntax
    from vcx_hook.lang.scope import FUNCTION_TYPES

    tree = syntax.parse(data, syntax.grammar_for(path) or 'javascript')
    lines = data.split(b'\n')
    out = []
    stack = [tree.root]
    while stack:
        node = stack.pop()
        stack.extend(node.children)
        if node.type not in FUNCTION_TYPES:
            continue
        body = node.child_by_field_name('body')
        if body is None or body.type != 'statement_block' or body.end_point.row - body.start_point.row < 8:
            continue
        first = body.named_children[0] if body.named_children else None
        row = body.start_point.row
        if first is not None and first.start_point.row > row and lines[row].rstrip().endswith(b'{'):
            out.append((row, first.start_point.row))
    return sorted(out)


_HUNKS = (
    (
        'const startedAt = Date.now();',
        'for (const key of Object.keys(this.options || {})) {',
        '\tif (key.startsWith("_")) continue;',
        '}',
    ),
    (
        'if (process.env.DEBUG_TIMING) {',
        '\tconsole.log(`took ${Date.now() - startedAt}ms`);',
        '}',
    ),
)


def _edit(data: bytes, path: str = 'x.js') -> bytes:
    """Two hunks: statements inserted at the top of the functions near 1/3 and 2/3 of the file."""
    lines = data.decode('utf-8').split('\n')
    functions = _editable_functions(data, path)
    third = len(lines) // 3
    first = min(functions, key=lambda f: abs(f[0] - third))
    second = min((f for f in functions if f[0] > first[0] + 1), key=lambda f: abs(f[0] - 2 * third), default=None)
    if second is None:
        second = next(f for f in functions if f != first)
    for (brace, stmt), hunk in sorted(zip((first, second), _HUNKS), reverse=True):
        pad = lines[stmt][:len(lines[stmt]) - len(lines[stmt].lstrip())]
        lines[brace + 1:brace + 1] = [pad + line for line in hunk]
    return '\n'.join(lines).encode('utf-8')


def _small_selection(files: dict[str, bytes], changed: Iterable[str]) -> list[str]:
    keep = set(changed)
    others = [p for p in files if p not in keep]
    step = max(1, len(others) // (SMALL_FILES - len(keep)))
    return sorted(keep | set(others[::step][:SMALL_FILES - len(keep)]))


# --- repositories ----------------------------------------------------------------------------

def _commit(repo: str, files: dict[str, bytes]) -> None:
    shutil.rmtree(repo, ignore_errors=True)
    os.makedirs(repo)
    subprocess.run(('git', 'init', '-q', repo), check=True)
    subprocess.run(('git', 'config', 'gc.auto', '0'), cwd=repo, check=True)
    for path, data in files.items():
        full = os.path.join(repo, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, 'wb') as f:
            f.write(data)
    subprocess.run(('git', 'add', '-A'), cwd=repo, check=True)
    subprocess.run((*_GIT, 'commit', '-q', '--no-verify', '-m', 'fixture'), cwd=repo, check=True)
    # A fresh commit leaves every object loose; a real clone is packed.
    subprocess.run(('git', 'gc', '-q'), cwd=repo, check=True)


def _stage(repo: str, edited: dict[str, bytes]) -> None:
    for path, data in edited.items():
        with open(os.path.join(repo, path), 'wb') as f:
            f.write(data)
    subprocess.run(('git', 'add', '--', *edited), cwd=repo, check=True)
