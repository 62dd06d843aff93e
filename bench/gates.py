"""Are the checks' gates sound, and what do they save?  Audits every file twice, with and without
the ``relevant`` pre-filters, and compares the findings.

    python bench/gates.py DIR [DIR ...] [--check ID] [--mode file|functions|both] [--no-exclude]

``--mode file`` audits whole files (as ``--all`` does); ``--mode functions`` marks every row as
changed, so the scopes are functions and top-level statements (as in the hook).  A gate is sound
when no finding is lost: the script prints every finding the gated run misses and exits 1 if
there is one.  It also prints, per family, the share of scope bytes the gate let through and what
the gate itself costs next to parsing, and the CPU time of both runs.
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import sys
import time
from collections.abc import Sequence
from typing import NamedTuple

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from vcx_hook import config as config_mod  # noqa: E402
from vcx_hook.checks import BY_ID  # noqa: E402
from vcx_hook.engine import audit  # noqa: E402
from vcx_hook.engine import files  # noqa: E402
from vcx_hook.engine.target import Change  # noqa: E402
from vcx_hook.engine.target import Target  # noqa: E402
from vcx_hook.lang import scope as scope_mod  # noqa: E402
from vcx_hook.lang import syntax  # noqa: E402


def targets(root: str, cfg: config_mod.Config, mode: str) -> list[Target]:
    out = []
    for path in files.walk(['.'], root, lambda p: os.path.relpath(p, root), lambda p: config_mod.excluded(p, cfg)):
        with open(path, 'rb') as f:
            data = f.read()
        shown = os.path.relpath(path, root)
        rows = data.count(b'\n') + 1
        out.append(Target(shown, data, None if mode == 'file' else Change(((0, rows),))))
    return out


def project_config(root: str) -> config_mod.Config:
    cfg = config_mod.default_config()
    try:
        with open(os.path.join(root, 'package.json'), 'rb') as f:
            return config_mod.with_packages(cfg, f.read())
    except OSError:
        return cfg


def key(f: object) -> tuple[object, ...]:
    return (f.path, f.line, f.check_id, f.message)  # type: ignore[attr-defined]


class Shares(NamedTuple):
    passed: dict[str, float]  # per family: the share of scope bytes its gate lets through
    gate_cpu: dict[str, float]  # per family: seconds spent in its gate
    parse_cpu: float  # seconds spent parsing the same files, for scale


def gate_share(ts: list[Target], cfg: config_mod.Config, ids: tuple[str, ...]) -> Shares:
    passed: collections.Counter[str] = collections.Counter()
    cpu: collections.Counter[str] = collections.Counter()
    parse_cpu = 0.0
    total = 0
    clock = time.process_time
    for t in ts:
        grammar = syntax.grammar_for(t.path)
        if grammar is None or audit.skip_reason(t.data, cfg) is not None:
            continue
        start = clock()
        tree = syntax.parse(t.data, grammar)
        parse_cpu += clock() - start
        file = scope_mod.File(t.path, tree, audit.family_queries(ids))
        scopes = scope_mod.whole_file_scopes(file) if t.change is None else scope_mod.touched_scopes(file, t.change)
        for sc in scopes:
            size = len(sc.text)
            total += size
            for i in ids:
                start = clock()
                if BY_ID[i].relevant(sc, cfg):
                    passed[i] += size
                cpu[i] += clock() - start
    return Shares({i: passed[i] / total if total else 0.0 for i in ids}, dict(cpu), parse_cpu)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('dirs', nargs='+')
    parser.add_argument('--check', action='append', default=[], help='only these families (default: all)')
    parser.add_argument('--mode', choices=('file', 'functions', 'both'), default='both')
    parser.add_argument('--json', action='store_true', help='one JSON line per directory and mode')
    parser.add_argument('--no-exclude', action='store_true', help='audit tests and fixtures too (as the benchmark does)')
    args = parser.parse_args(argv)

    lost_any = False
    for root in args.dirs:
        root = os.path.abspath(root)
        cfg = project_config(root)
        if args.check:
            cfg = cfg._replace(enabled=frozenset(args.check))
        if args.no_exclude:
            cfg = cfg._replace(exclude=())
        ids = audit.enabled_checks(cfg)
        for mode in (('file', 'functions') if args.mode == 'both' else (args.mode,)):
            ts = targets(root, cfg, mode)
            cpu = {}
            found = {}
            for gated in (False, True):
                start = time.process_time()
                found[gated] = {key(f): f for t in ts for f in audit.audit(t, cfg, gates=gated).findings}
                cpu[gated] = time.process_time() - start
            lost = sorted(set(found[False]) - set(found[True]))
            extra = sorted(set(found[True]) - set(found[False]))
            share = gate_share(ts, cfg, ids)
            by_family = collections.Counter(k[2] for k in found[False])
            name = os.path.basename(root)
            if args.json:
                print(json.dumps({'dir': name, 'mode': mode, 'files': len(ts), 'cpu_ungated': cpu[False],
                                  'cpu_gated': cpu[True], 'lost': len(lost), 'extra': len(extra),
                                  'share': share.passed, 'gate_cpu': share.gate_cpu, 'parse_cpu': share.parse_cpu,
                                  'findings': by_family}))
            else:
                print(f'## {name} ({mode}): {len(ts)} files; CPU ungated {cpu[False]:.2f} s, gated {cpu[True]:.2f} s;'
                      f' parsing alone {share.parse_cpu:.2f} s')
                for i in ids:
                    gate = share.gate_cpu.get(i, 0.0)
                    print(f'  {i:<20} findings {by_family[i]:>4}  gate passes {share.passed[i]:6.1%} of scope bytes,'
                          f' costs {gate:.3f} s ({gate / share.parse_cpu if share.parse_cpu else 0:.1%} of parsing)')
            for k in lost:
                print(f'  LOST by a gate: {k[0]}:{k[1]} [{k[2]}] {k[3]}')
            for k in extra:
                print(f'  EXTRA with gates (order-dependent?): {k[0]}:{k[1]} [{k[2]}] {k[3]}')
            lost_any = lost_any or bool(lost or extra)
    return 1 if lost_any else 0


if __name__ == '__main__':
    sys.exit(main())
