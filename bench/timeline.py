"""A timeline of one hook-mode run: when each step starts and ends, in the main process and in
its helper, in milliseconds from the moment Python was launched.

    cd bench/work/big && python ../../timeline.py [--runs N]

(in a repository with staged changes: ``bench/run.py`` leaves its fixture so).  The steps are
wrapped, not changed; each run is one ``vcx audit`` in a fresh interpreter, and the last run's
timeline is printed with the median time at which each step ended over all runs.  The wrappers
add a little time of their own, so compare steps with each other, not with ``bench/run.py``.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

# Wrapped in the process that runs vcx: (module, attribute, label).  The first before it starts,
# the others once its helper is forked (vcx imports their modules then), so the wrapping moves no work.
MAIN_STEPS = (
    ('vcx_hook.engine.parallel', 'start_helper', 'main: fork the helper'),
    ('vcx_hook.commands.audit', 'collect', 'main: import pygit2, read the staged change'),
    ('vcx_hook.commands.audit', 'load_config', 'main: read the configuration'),
    ('vcx_hook.commands.audit', 'drop_moved', 'main: look for moved code'),
    ('vcx_hook.engine.helper', 'Helper.audit', 'main: send the files, wait for the results'),
)
# Wrapped in the helper, as it starts (it imports these first thing).
HELPER_STEPS = (
    ('vcx_hook.engine.audit', 'likely_queries', 'helper: parse the work tree, compile likely queries'),
    ('vcx_hook.lang.lazyre', 'warm', 'helper: compile the regular expressions'),
    ('vcx_hook.engine.helper', 'audit_one', 'helper: audit a file'),
)

CHILD = r'''
import importlib, os, sys, time
T0 = float(os.environ['VCX_TIMELINE_T0'])
OUT = open(os.environ['VCX_TIMELINE_LOG'], 'a')
def log(event):
    OUT.write(f"{os.getpid()}\t{(time.time() - T0) * 1000:.1f}\t{event}\n")
    OUT.flush()
log('python started')
def wrap(module, name, label):
    owner = importlib.import_module(module)
    *classes, name = name.split('.')
    for cls in classes:
        owner = getattr(owner, cls)
    real = getattr(owner, name)
    def wrapped(*args, **kwargs):
        log('> ' + label)
        try:
            return real(*args, **kwargs)
        finally:
            log('< ' + label)
    setattr(owner, name, wrapped)
wrap(*MAIN_STEPS[0])
from vcx_hook.engine import parallel
start_helper = parallel.start_helper
def start_then_wrap():
    helper = start_helper()
    for module, name, label in MAIN_STEPS[1:]:
        wrap(module, name, label)
    return helper
parallel.start_helper = start_then_wrap
from vcx_hook.engine import helper as helper_module
serve = helper_module._serve
def serve_wrapped(*args):
    log('helper started')
    for module, name, label in HELPER_STEPS:
        wrap(module, name, label)
    return serve(*args)
helper_module._serve = serve_wrapped
from vcx_hook import main
sys.argv = ['vcx', 'audit']
code = main.main()
log('done')
sys.stdout.flush()
os._exit(code)
'''


def one_run(log_path: str) -> list[tuple[int, float, str]]:
    open(log_path, 'w').close()
    env = dict(os.environ, VCX_TIMELINE_T0=repr(time.time()), VCX_TIMELINE_LOG=log_path)
    code = f'MAIN_STEPS = {MAIN_STEPS!r}\nHELPER_STEPS = {HELPER_STEPS!r}\n' + CHILD
    subprocess.run((sys.executable, '-c', code), env=env, stdout=subprocess.DEVNULL, check=False)
    rows = []
    with open(log_path) as f:
        for line in f:
            pid, ms, event = line.rstrip('\n').split('\t')
            rows.append((int(pid), float(ms), event))
    return sorted(rows, key=lambda r: r[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--runs', type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        log_path = os.path.join(tmp, 'timeline.log')
        runs = [one_run(log_path) for _ in range(args.runs)]
    ends: dict[str, list[float]] = {}
    for rows in runs:
        seen: dict[str, float] = {}
        for _, ms, event in rows:
            if not event.startswith('> '):
                seen[event] = ms  # the last end of a step repeated (a file audited, a prefetch)
        for event, ms in seen.items():
            ends.setdefault(event, []).append(ms)
    main_pid = runs[-1][0][0]
    print(f'# vcx audit in {os.getcwd()}: the last of {args.runs} runs (ms since Python was launched)')
    for pid, ms, event in runs[-1]:
        who = 'main  ' if pid == main_pid else 'helper'
        print(f'{ms:7.1f}  {who}  {event}')
    print(f'# median over {args.runs} runs of when each step last ended')
    for event, values in sorted(ends.items(), key=lambda kv: statistics.median(kv[1])):
        print(f'{statistics.median(values):7.1f}  {event}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
