"""How the cost of one file grows with its size and nesting, and hook mode over many files.

    python bench/scaling.py                  # every shape, at its base size and 4x that
    python bench/scaling.py --only loops     # one shape
    python bench/scaling.py --scale 0.5      # smaller base sizes (--scale 4: closer to issue 19's)

Each per-file shape is audited in this process as ``vcx audit --all`` audits a file (parse,
gates, checks, suppression), once at its base size and once at 4x; the figure is CPU time
(less noisy than wall time on a shared machine).  A linear cost grows 4x; the goal is at most
1.5x that, a ratio <= 6.  The hook case stages many small files in a temporary repository and
runs ``vcx audit`` (hook mode) and ``vcx audit --all`` over them as separate processes (CPU of
the process and its children, peak memory): hook mode must cost what ``--all`` costs, and both
must grow linearly with the number of files.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from collections.abc import Sequence
from typing import NamedTuple

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(1, os.path.dirname(HERE))

import run  # noqa: E402

GROWTH = 4
GOAL = 1.5 * GROWTH


def flat(n: int) -> str:
    """``n`` lines of small functions, each fetching and reading a body."""
    out: list[str] = []
    i = 0
    while len(out) < n:
        out += [
            f'async function load{i}(id) {{',
            f'  const res = await fetch(`/api/items/${{id}}/{i}`);',
            '  const body = await res.json();',
            f'  return body.item{i};',
            '}',
        ]
        i += 1
    return '\n'.join(out) + '\n'


def loops(n: int) -> str:
    """``n`` nested ``for...of`` loops with an ``await`` at each level."""
    out = ['async function walk(db, x0) {']
    for i in range(n):
        out.append(f'for (const x{i + 1} of x{i}.items) {{')
        out.append(f'await db.save(x{i + 1});')
    out += ['}'] * n
    out.append('}')
    return '\n'.join(out) + '\n'


def then_chain(n: int) -> str:
    """A ``fetch()`` with ``n`` ``.then()`` links."""
    out = ['export function chain() {', '  return fetch("/a")']
    out += [f'    .then((r{i}) => r{i}.json())' for i in range(n)]
    out += ['    .catch(() => null);', '}']
    return '\n'.join(out) + '\n'


def effects(n: int) -> str:
    """``n`` nested ``useEffect`` callbacks, each fetching."""
    out = ["import { useEffect } from 'react';", 'export function Item({ id }) {']
    for i in range(n):
        out.append('useEffect(() => {')
        out.append(f'fetch(`/items/${{id}}/{i}`);')
    out += ['}, [id]);'] * n
    out += ['  return null;', '}']
    return '\n'.join(out) + '\n'


def arrows(n: int) -> str:
    """``n`` nested async arrow functions, each awaiting a query."""
    out = ['export async function make(db) {']
    for i in range(n):
        out.append(f'const f{i} = async (a{i}) => {{')
        out.append(f'await db.save(a{i});')
    out += ['};'] * n
    out.append('}')
    return '\n'.join(out) + '\n'


def tries(n: int) -> str:
    """``n`` nested ``try`` blocks, each awaiting a query."""
    out = ['export async function save(db) {']
    for i in range(n):
        out.append('try {')
        out.append(f'await db.query{i}();')
    for i in reversed(range(n)):
        out.append(f'}} catch (e{i}) {{ console.error(e{i}); }}')
    out.append('}')
    return '\n'.join(out) + '\n'


class Shape(NamedTuple):
    name: str
    make: Callable[[int], str]
    base: int  # the smaller size
    unit: str
    staged: bool = False  # audited as a new staged file (every row changed), not as --all does


SHAPES = (
    Shape('flat', flat, 2_500, 'lines of small functions'),
    Shape('loops', loops, 125, 'nested for...of loops'),
    Shape('then', then_chain, 1_250, '.then() links'),
    Shape('effects', effects, 200, 'nested useEffect'),
    Shape('arrows', arrows, 2_500, 'nested arrows'),
    Shape('try', tries, 1_000, 'nested try'),
    Shape('loops-staged', loops, 250, 'nested loops, all staged', staged=True),
)


def audit_cpu(source: str, path: str = 'src/shape.js', staged: bool = False) -> tuple[float, int]:
    """CPU seconds to audit ``source`` as ``--all`` does (``staged``: as a new staged file, every
    row changed), and the number of findings."""
    from vcx_hook.engine import audit
    from vcx_hook.config import default_config
    from vcx_hook.engine.target import Change
    from vcx_hook.engine.target import Target

    data = source.encode()
    config = default_config()
    change = Change(((0, data.count(b'\n')),)) if staged else None
    start = time.process_time()
    result = audit.audit(Target(path, data, change), config)
    cpu = time.process_time() - start
    if result.problems:
        raise SystemExit(f'bench: {path} was not audited: {result.problems[0]}')
    return cpu, len(result.findings)


def shape_row(shape: Shape, scale: float) -> tuple[str, float]:
    small = max(1, int(shape.base * scale))
    audit_cpu(shape.make(min(small, 8)), staged=shape.staged)  # warm up: imports, compiled patterns and queries
    t1, f1 = audit_cpu(shape.make(small), staged=shape.staged)
    t4, f4 = audit_cpu(shape.make(small * GROWTH), staged=shape.staged)
    ratio = t4 / t1 if t1 else float('inf')
    return (
        f'{shape.name:<12} {small:>6,} -> {small * GROWTH:>7,} {shape.unit:<26} '
        f'{t1:7.2f} s {t4:8.2f} s {ratio:6.1f}x  findings {f1:,} -> {f4:,}'
    ), ratio


# --- hook mode over many files ----------------------------------------------------------------

def _module(i: int) -> str:
    return (
        f"import {{ db }} from './db{i % 7}';\n\n"
        f'export async function load{i}(id) {{\n'
        f'  const res = await fetch(`/api/items/${{id}}`);\n'
        f'  const rows = await db.items.findMany({{ where: {{ owner: id }} }});\n'
        f'  for (const row of rows) {{\n'
        f'    await db.items.update({{ where: {{ id: row.id }}, data: {{ seen: new Date() }} }});\n'
        f'  }}\n'
        f'  return res.json();\n'
        f'}}\n'
    )


def _repo(files: int) -> str:
    """A repository with one commit and ``files`` new files staged."""
    path = tempfile.mkdtemp(prefix='vcx-scaling-')

    def git(*args: str) -> None:
        subprocess.run(('git', '-c', 'user.name=bench', '-c', 'user.email=bench@example.com', *args),
                       cwd=path, check=True, capture_output=True)
    git('init', '-q')
    with open(os.path.join(path, 'README.md'), 'w') as f:
        f.write('bench\n')
    git('add', '.')
    git('commit', '-q', '-m', 'base')
    for i in range(files):
        folder = os.path.join(path, 'src', f'm{i // 100}')
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, f'item{i}.js'), 'w') as f:
            f.write(_module(i))
    git('add', '.')
    return path


def hook_rows(files: int) -> list[tuple[str, float]]:
    import shutil

    samples = {}
    for n in (files, files * GROWTH):
        repo = _repo(n)
        try:
            samples[n] = (run.measure(run.VCX, repo), run.measure((*run.VCX, '--all'), repo))
        finally:
            shutil.rmtree(repo, ignore_errors=True)
    rows = []
    for n, (hook, every) in samples.items():
        rows.append((
            f'hook     {n:>6,} staged files: hook {hook.cpu:6.2f} s CPU {hook.wall:6.2f} s wall {hook.rss_mb:4.0f} MB, '
            f'--all {every.cpu:6.2f} s CPU {every.wall:6.2f} s wall {every.rss_mb:4.0f} MB, '
            f'hook/--all CPU {hook.cpu / every.cpu:4.2f}x',
            hook.cpu / every.cpu,
        ))
    (h1, a1), (h4, a4) = samples.values()
    rows.append((
        f'hook     {files:>6,} -> {files * GROWTH:>7,} staged files: hook CPU {h4.cpu / h1.cpu:4.1f}x, '
        f'--all CPU {a4.cpu / a1.cpu:4.1f}x',
        h4.cpu / h1.cpu,
    ))
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--only', action='append', choices=[s.name for s in SHAPES] + ['hook'],
                        help='run only these cases (repeatable)')
    parser.add_argument('--scale', type=float, default=1.0, help='multiply the base sizes (default 1)')
    parser.add_argument('--files', type=int, default=250, help='staged files of the hook case (default 250)')
    args = parser.parse_args(argv)
    only = set(args.only or [s.name for s in SHAPES] + ['hook'])

    print(f'## Growth when the input grows {GROWTH}x (goal: time ratio <= {GOAL:g})')
    print(f'{"shape":<8} {"size":>17} {"":<26} {"CPU":>9} {"CPU at 4x":>10} {"ratio":>7}')
    for shape in SHAPES:
        if shape.name in only:
            line, _ratio = shape_row(shape, args.scale)
            print(line, flush=True)
    if 'hook' in only:
        for line, _ratio in hook_rows(max(1, int(args.files * args.scale))):
            print(line, flush=True)
    return 0


if __name__ == '__main__':
    raise SystemExit(main())
