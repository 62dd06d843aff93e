"""Benchmark ``vcx audit`` against its floors, and ESLint/semgrep where installed.

    python bench/run.py                      # webpack at a pinned commit, or a generated repository offline
    python bench/run.py --source generated   # always the generated repository (no network needed)
    python bench/run.py --source PATH        # a local clone, git directory or source tree
    python bench/run.py --runs 21 --all-runs 5 --jobs 2

Every figure is a median over paired runs: the tool and its floor alternate, so a noisy
neighbour slows both sides of a pair alike, and each ratio is the median of the per-pair ratios.
The fixture lives in ``bench/work/`` (git-ignored) and is reused until ``--rebuild``.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
from collections.abc import Callable
from collections.abc import Sequence
from typing import NamedTuple

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(1, os.path.dirname(HERE))

import fixture  # noqa: E402

VCX = (sys.executable, '-m', 'vcx_hook', 'audit')
FLOOR = (sys.executable, os.path.join(HERE, 'floor.py'))
# Whole-repository audits judge every file, tests included, like the parse-only pass.
ALL_CONFIG = 'exclude = []\n' + ''.join(f'[roles.{r}]\nchecks = "all"\n' for r in (
    'generated', 'test', 'migration', 'seed', 'fixture', 'script', 'example', 'template', 'docs', 'locale', 'build'))


class Sample(NamedTuple):
    wall: float  # seconds
    cpu: float  # user + system seconds, children included
    rss_mb: float  # peak resident set of the largest process


def measure(cmd: Sequence[str], cwd: str) -> Sample:
    """Run ``cmd`` once under a fresh Python that reports its wall time and its children's rusage."""
    probe = subprocess.run(
        (sys.executable, os.path.abspath(__file__), '--_probe', '--', *cmd),
        cwd=cwd, env=_env(), stdout=subprocess.PIPE, check=True,
    )
    return Sample(*json.loads(probe.stdout.decode().strip().splitlines()[-1]))


def _probe(cmd: list[str]) -> int:
    import resource
    import time

    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        print(f'bench: {" ".join(cmd)} exited {proc.returncode}', file=sys.stderr)
        return 1
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps([wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024]))
    return 0


def _env() -> dict[str, str]:
    env = dict(os.environ)
    # Installed packages have their bytecode compiled; measure that, not recompiling sources.
    env.pop('PYTHONDONTWRITEBYTECODE', None)
    env.pop('PRE_COMMIT_FROM_REF', None)
    env.pop('PRE_COMMIT_TO_REF', None)
    # Measure this checkout's vcx_hook, whatever else is installed.
    env['PYTHONPATH'] = os.pathsep.join(filter(None, (os.path.dirname(HERE), env.get('PYTHONPATH'))))
    return env


class Paired(NamedTuple):
    a: list[Sample]
    b: list[Sample]

    def median(self, side: str, field: str = 'wall') -> float:
        return statistics.median(getattr(s, field) for s in getattr(self, side))

    def ratio(self, field: str = 'wall') -> float:
        return statistics.median(getattr(x, field) / getattr(y, field) for x, y in zip(self.a, self.b))


def paired(a: Callable[[], Sample], b: Callable[[], Sample], runs: int, warmup: bool = True) -> Paired:
    if warmup:
        a()
        b()
    out = Paired([], [])
    for i in range(runs):
        if i % 2:
            out.b.append(b())
            out.a.append(a())
        else:
            out.a.append(a())
            out.b.append(b())
    return out


def _pairs(runs: int) -> str:
    return f'{runs} pair{"" if runs == 1 else "s"}'


def ms(seconds: float) -> str:
    return f'{seconds * 1000:.0f} ms'


def verdict(value: float, goal: float, below: bool = True) -> str:
    ok = value <= goal if below else value >= goal
    return f'(goal {"<=" if below else ">="} {goal:g}: {"met" if ok else "NOT met"})'


# --- sections --------------------------------------------------------------------------------

def hook_section(fx: fixture.Fixture, runs: int) -> tuple[float, float]:
    print(f'\n## Hook mode: {len(fx.changed)} staged files, {fx.changed_lines:,} lines, two hunks each ({_pairs(runs)})')
    p = paired(lambda: measure(VCX, fx.big), lambda: measure(FLOOR, fx.big), runs)
    print(f'vcx audit       {ms(p.median("a"))}')
    print(f'floor           {ms(p.median("b"))}')
    print(f'ratio           {p.ratio():.2f}x {verdict(p.ratio(), 1.25)}')
    return p.median('a'), p.median('b')


def size_section(fx: fixture.Fixture, runs: int) -> None:
    print(f'\n## The same change in a {fixture.SMALL_FILES}-file repository and in the {fx.files:,}-file one ({_pairs(runs)})')
    p = paired(lambda: measure(VCX, fx.big), lambda: measure(VCX, fx.small), runs)
    print(f'{fx.files:,} files    {ms(p.median("a"))}')
    print(f'{fixture.SMALL_FILES} files       {ms(p.median("b"))}')
    print(f'ratio           {p.ratio():.2f}x {verdict(p.ratio(), 1.10)}')


def all_section(fx: fixture.Fixture, runs: int, jobs: int, config: str) -> None:
    cores = os.cpu_count() or 1
    jobs = jobs or cores
    print(f'\n## --all over {fx.files:,} files, {fx.lines:,} lines ({_pairs(runs)}, --jobs {jobs} on {cores} cores)')
    cmd = (*VCX, '--all', '--jobs', str(jobs), '--config', config)
    p = paired(lambda: measure(cmd, fx.big), lambda: measure((*FLOOR, '--all'), fx.big), runs, warmup=False)
    print(f'vcx audit --all   wall {ms(p.median("a"))}  cpu {ms(p.median("a", "cpu"))}')
    print(f'parse-only pass   wall {ms(p.median("b"))}  cpu {ms(p.median("b", "cpu"))}  (single-threaded)')
    print(f'cpu ratio         {p.ratio("cpu"):.2f}x {verdict(p.ratio("cpu"), 2.0)}')
    print(f'wall ratio        {p.ratio():.2f}x {verdict(p.ratio(), 1.2)}')
    rss = max(s.rss_mb for s in p.a)
    print(f'peak RSS          {rss:.0f} MB in the largest process (main or worker) {verdict(rss, 150)}')


def tools_section(
        fx: fixture.Fixture, work: str, runs: int, vcx_median: float, floor_median: float,
        eslint: str | None, semgrep: str | None,
) -> None:
    print(f'\n## Other tools on the same {len(fx.changed)} files, comparable rules ({runs} runs)')
    found = False
    for name, path, cmd in (
            ('ESLint', eslint, _eslint_cmd),
            ('semgrep', semgrep, _semgrep_cmd),
    ):
        if path is None:
            print(f'{name:<15} not installed, skipped (install it in bench/work: see README, Speed)')
            continue
        found = True
        argv = cmd(path, work, fx.changed)
        measure(argv, fx.big)
        wall = statistics.median(measure(argv, fx.big).wall for _ in range(runs))
        print(f'{name:<15} {ms(wall)}  vcx is {wall / vcx_median:.1f}x faster {verdict(wall / vcx_median, 5, below=False)}'
              f'; the floor alone is {wall / floor_median:.1f}x faster')
    if not found:
        print('(no comparison tool installed)')


def _eslint_cmd(path: str, work: str, files: list[str]) -> list[str]:
    config = os.path.join(work, 'eslint.config.mjs')
    with open(config, 'w', encoding='utf-8') as f:
        f.write(ESLINT_CONFIG)
    return [path, '--config', config, '--no-warn-ignored', *files]


def _semgrep_cmd(path: str, work: str, files: list[str]) -> list[str]:
    rules = os.path.join(work, 'semgrep.yml')
    with open(rules, 'w', encoding='utf-8') as f:
        f.write(SEMGREP_RULES)
    return [path, 'scan', '--config', rules, '--metrics=off', '--disable-version-check', '--quiet', *files]


# Three rules close to three vcx families: n-plus-one, race-condition, timezone.
ESLINT_CONFIG = '''export default [{
  files: ["**/*.js", "**/*.mjs", "**/*.cjs"],
  languageOptions: { ecmaVersion: "latest", sourceType: "commonjs" },
  rules: {
    "no-await-in-loop": "error",
    "require-atomic-updates": "error",
    "no-restricted-syntax": ["error", {
      selector: "CallExpression[callee.property.name=/^(get|set)(Date|Day|Month|FullYear|Hours)$/]",
      message: "local-time calendar maths",
    }],
  },
}];
'''
SEMGREP_RULES = '''rules:
  - id: await-in-loop
    languages: [javascript, typescript]
    severity: WARNING
    message: a query per element
    pattern-either:
      - pattern: for (...) { ... await $X; ... }
      - pattern: for (...) { ... await $X(...); ... }
  - id: read-then-write
    languages: [javascript, typescript]
    severity: WARNING
    message: read, then write without a transaction
    patterns:
      - pattern: |
          $V = await $DB.$FIND(...);
          ...
          await $DB.$SAVE(...);
  - id: local-date
    languages: [javascript, typescript]
    severity: WARNING
    message: local-time calendar maths
    pattern-regex: \\.(get|set)(Date|Day|Month|FullYear|Hours)\\(
'''


def find_tool(name: str, given: str | None, work: str) -> str | None:
    if given:
        return given
    local = os.path.join(work, 'node_modules', '.bin', name)
    return local if os.path.exists(local) else shutil.which(name)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:2] == ['--_probe', '--']:
        return _probe(argv[2:])
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--source', default='auto', help='auto (clone webpack, else generate), clone, generated, or a local PATH')
    parser.add_argument('--seed', type=int, default=1, help='seed of the generated repository')
    parser.add_argument('--work', default=os.path.join(HERE, 'work'), help='where the fixture is built (default bench/work)')
    parser.add_argument('--rebuild', action='store_true', help='rebuild the fixture repositories')
    parser.add_argument('--runs', type=int, default=11, help='paired runs in hook mode')
    parser.add_argument('--all-runs', type=int, default=3, help='paired runs of --all')
    parser.add_argument('--jobs', type=int, default=0, help='--jobs for vcx audit --all (default all cores)')
    parser.add_argument('--skip', action='append', default=[], choices=('hook', 'size', 'all', 'tools'), help='leave a section out')
    parser.add_argument('--eslint', help='ESLint executable (default: bench/work/node_modules/.bin/eslint, then PATH)')
    parser.add_argument('--semgrep', help='semgrep executable (default: PATH)')
    args = parser.parse_args(argv)

    work = os.path.abspath(args.work)
    fx = fixture.prepare(work, args.source, args.seed, args.rebuild)
    config = os.path.join(work, 'all.toml')
    with open(config, 'w', encoding='utf-8') as f:
        f.write(ALL_CONFIG)
    print(f'# vcx benchmark: {fx.source}, {fx.files:,} files, {fx.lines:,} lines; {os.cpu_count()} cores; Python {sys.version.split()[0]}')
    print(f'staged: {", ".join(fx.changed)}')
    vcx_median = floor_median = 0.0
    if 'hook' not in args.skip:
        vcx_median, floor_median = hook_section(fx, args.runs)
    if 'size' not in args.skip:
        size_section(fx, args.runs)
    if 'all' not in args.skip:
        all_section(fx, args.all_runs, args.jobs, config)
    if 'tools' not in args.skip:
        if not vcx_median:
            p = paired(lambda: measure(VCX, fx.big), lambda: measure(FLOOR, fx.big), args.runs)
            vcx_median, floor_median = p.median('a'), p.median('b')
        tools_section(
            fx, work, max(3, args.runs // 2), vcx_median, floor_median,
            find_tool('eslint', args.eslint, work), find_tool('semgrep', args.semgrep, work),
        )
    return 0


if __name__ == '__main__':
    sys.exit(main())
