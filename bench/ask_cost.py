"""What asking about the change costs the hook (issue 15): ``vcx audit`` (``ask = "changed"``, which
audits the version before the change for the questions that may be older) against ``vcx audit --ask
touched-functions`` (which does not) and the floor, alternating, in the current repository with its
staged change.

    python bench/ask_cost.py [RUNS]       # in a repository with a change staged; default 21 runs

Prints each side's median CPU time (user + system of the child process), its median ratio to
``bench/floor.py`` and the median of the per-run ratios changed / touched-functions.
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys

_CHILD = (
    'import json, resource, subprocess, sys, time\n'
    't = time.perf_counter()\n'
    'subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n'
    'u = resource.getrusage(resource.RUSAGE_CHILDREN)\n'
    'print(json.dumps([time.perf_counter() - t, u.ru_utime + u.ru_stime]))\n'
)
FLOOR = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'floor.py')


def cpu(command: list[str]) -> float:
    env = dict(os.environ)
    env.pop('PYTHONDONTWRITEBYTECODE', None)  # measure compiled bytecode, as installed
    out = subprocess.run([sys.executable, '-c', _CHILD, *command], env=env, capture_output=True, text=True, check=True)
    return float(json.loads(out.stdout)[1])


def main(argv: list[str]) -> int:
    runs = int(argv[0]) if argv else 21
    commands = {
        'changed': [sys.executable, '-m', 'vcx_hook', 'audit'],
        'touched-functions': [sys.executable, '-m', 'vcx_hook', 'audit', '--ask', 'touched-functions'],
        'floor': [sys.executable, FLOOR],
    }
    times: dict[str, list[float]] = {k: [] for k in commands}
    for i in range(runs):
        for name in (list(commands) if i % 2 == 0 else list(reversed(commands))):
            times[name].append(cpu(commands[name]))
    for name in ('changed', 'touched-functions'):
        ratio = statistics.median(a / f for a, f in zip(times[name], times['floor']))
        print(f'{name:<18} cpu {1000 * statistics.median(times[name]):,.0f} ms, {ratio:.2f}x the floor')
    print(f'floor              cpu {1000 * statistics.median(times["floor"]):,.0f} ms')
    both = statistics.median(a / b for a, b in zip(times['changed'], times['touched-functions']))
    print(f'changed / touched-functions: {both:.3f}x ({runs} alternating runs)')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
