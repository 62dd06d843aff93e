"""Paired A/B timing of one ``vcx audit`` command run by two checkouts of vcx_hook, alternating.

    python bench/ab.py BEFORE_CHECKOUT AFTER_CHECKOUT REPO RUNS [vcx audit arguments...]
    python bench/ab.py /tmp/before . bench/work/big 21                      # hook mode (the staged change)
    python bench/ab.py /tmp/before . bench/work/big 5 --all --config ../all.toml   # read where vcx runs: REPO

A checkout is a directory holding ``vcx_hook/`` (``git worktree add /tmp/before <commit>``); both
run under this Python.  Each pair runs the two in alternating order, so a busy neighbour slows
both alike; the figures are the medians of the per-pair ratios (after / before) of wall time and of
the child's CPU time (user + system).
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from collections.abc import Sequence

_CHILD = (
    'import json, resource, subprocess, sys, time\n'
    't = time.perf_counter()\n'
    'subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n'
    'wall = time.perf_counter() - t\n'
    'u = resource.getrusage(resource.RUSAGE_CHILDREN)\n'
    'print(json.dumps([wall, u.ru_utime + u.ru_stime]))\n'
)


def once(checkout: str, args: Sequence[str], cwd: str) -> tuple[float, float]:
    """(wall, cpu) seconds of one ``vcx audit`` run by ``checkout``'s vcx_hook in ``cwd``."""
    env = dict(os.environ, PYTHONPATH=os.path.abspath(checkout))
    env.pop('PYTHONDONTWRITEBYTECODE', None)  # measure compiled bytecode, as installed
    for name in ('PRE_COMMIT_FROM_REF', 'PRE_COMMIT_TO_REF'):
        env.pop(name, None)
    cmd = (sys.executable, '-c', _CHILD, sys.executable, '-m', 'vcx_hook', 'audit', *args)
    out = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, check=True).stdout
    wall, cpu = json.loads(out)
    return wall, cpu


def main(argv: Sequence[str]) -> int:
    if len(argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    before, after, cwd, runs, *args = argv
    once(before, args, cwd), once(after, args, cwd)  # warm the caches and the bytecode
    pairs = []
    for i in range(int(runs)):
        order = (before, after) if i % 2 == 0 else (after, before)
        timed = {c: once(c, args, cwd) for c in order}
        pairs.append((timed[before], timed[after]))
    for n, label in ((0, 'wall'), (1, 'cpu')):
        ratio = statistics.median(a[n] / b[n] for b, a in pairs)
        b_ms = statistics.median(b[n] for b, _ in pairs) * 1000
        a_ms = statistics.median(a[n] for _, a in pairs) * 1000
        print(f'{label}: before {b_ms:,.0f} ms, after {a_ms:,.0f} ms, after/before {ratio:.3f}x ({len(pairs)} pairs)')
    return 0


if __name__ == '__main__':
    raise SystemExit(main(sys.argv[1:]))
