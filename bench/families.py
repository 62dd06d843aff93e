"""CPU time of each family's gate (``relevant()``) and run (``run()``), and of parsing, over one
``vcx audit --all --jobs 1`` in the current directory, measured in-process with
``time.perf_counter`` (no profiler, whose overhead would skew small functions).

    cd bench/work/big && python ../../families.py --config ../all.toml
    cd bench/work/big && PYTHONPATH=/tmp/before python ../../families.py --config ../all.toml   # another checkout

Prints the total process CPU and one line per family step and for parsing: seconds, calls.
"""
from __future__ import annotations

import argparse
import collections
import contextlib
import io
import time
from collections.abc import Callable
from typing import Any


def _timed(obj: Any, attr: str, key: str, spent: collections.Counter[str], calls: collections.Counter[str]) -> None:
    original: Callable[..., Any] = getattr(obj, attr)

    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            result = original(*args, **kwargs)
            return list(result) if attr == 'run' else result  # a generator's work happens as it is drained
        finally:
            spent[key] += time.perf_counter() - start
            calls[key] += 1

    setattr(obj, attr, timed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--config', help='the configuration file `vcx audit --all` reads (bench/work/all.toml)')
    parser.add_argument('--top', type=int, default=20, help='lines shown, slowest first')
    args = parser.parse_args(argv)
    from vcx_hook.checks import BY_ID
    from vcx_hook.lang import syntax
    from vcx_hook.main import main as vcx

    spent: collections.Counter[str] = collections.Counter()
    calls: collections.Counter[str] = collections.Counter()
    for cid, check in BY_ID.items():
        _timed(check, 'relevant', f'{cid} gate', spent, calls)
        _timed(check, 'run', f'{cid} run', spent, calls)
    _timed(syntax, 'parse', 'parse', spent, calls)
    audit = ['audit', '--all', '--jobs', '1', '--format', 'json', *(['--config', args.config] if args.config else [])]
    start = time.process_time()
    with contextlib.redirect_stdout(io.StringIO()):
        vcx(audit)
    print(f'total cpu {time.process_time() - start:.2f} s')
    for key, seconds in spent.most_common(args.top):
        print(f'{key:32} {seconds:6.2f} s {calls[key]:7} calls')
    return 0


if __name__ == '__main__':
    raise SystemExit(main())
