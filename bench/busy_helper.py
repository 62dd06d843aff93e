"""Run ``vcx audit ARGS`` as ``python -m vcx_hook audit ARGS`` does, with the hook's helper never
idle: the work it does while it waits for the parent (compiling regular expressions and queries
ahead, ``engine.helper._serve``) depends on how long the parent takes, and under valgrind, which
runs everything about 50 times slower, it does work a native run never does (a helper's count moved
by 150 M instructions between two runs of the same code). For instruction counts:

    cd bench/work/big && env -u PYTHONDONTWRITEBYTECODE PYTHONHASHSEED=0 PYTHONPATH=/tmp/before valgrind \\
        --tool=callgrind --callgrind-out-file=/tmp/cg.%p python ../../busy_helper.py >/dev/null
"""
from __future__ import annotations

import runpy
import select
import sys
from typing import Any

_select = select.select


def _never_idle(rlist: Any, wlist: Any, xlist: Any, timeout: float | None = None) -> Any:
    """``select.select``, answering a poll (a zero timeout) as if every reader had work."""
    if timeout == 0:
        return list(rlist), [], []
    return _select(rlist, wlist, xlist, timeout)


if __name__ == '__main__':
    select.select = _never_idle
    sys.argv = ['vcx_hook', 'audit', *sys.argv[1:]]
    runpy.run_module('vcx_hook', run_name='__main__', alter_sys=True)
