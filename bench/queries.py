"""What each check's query costs: compile time per grammar, and run time per pattern.

    python bench/queries.py [REPO] [--every N]

Run time is measured over every Nth JavaScript file of REPO (default: the benchmark's big
repository) and reported as the marginal cost of each pattern over an empty walk of the same
trees (best of three interleaved pairs), next to the parse time of those files: a pattern costing a tenth of the parse time is
expensive.  Costs overlap when patterns run together; the combined query's figure is the real one.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import tree_sitter  # noqa: E402

from vcx_hook.checks import CHECKS  # noqa: E402
from vcx_hook.engine import audit  # noqa: E402
from vcx_hook.lang import syntax  # noqa: E402


def cpu() -> float:
    return time.process_time()


def compile_ms(grammar: str, text: str) -> float:
    start = cpu()
    tree_sitter.Query(syntax._language(grammar), text)
    return (cpu() - start) * 1000


def load(repo: str, every: int) -> list[bytes]:
    out = []
    for dirpath, dirnames, filenames in os.walk(repo):
        dirnames[:] = sorted(d for d in dirnames if d not in ('.git', 'node_modules'))
        for name in sorted(filenames):
            if name.endswith('.js'):
                with open(os.path.join(dirpath, name), 'rb') as f:
                    data = f.read()
                if len(data) < 1_000_000:
                    out.append(data)
    return out[::every]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('repo', nargs='?', default=os.path.join(os.path.dirname(os.path.abspath(__file__)), 'work', 'big'))
    parser.add_argument('--every', type=int, default=8, help='use every Nth file (default 8)')
    args = parser.parse_args(argv)

    ids = tuple(c.ID for c in CHECKS)
    combined = audit.combined_query(ids)
    print('## Compile time (ms), once per grammar per process')
    print(f'{"family":<22}' + ''.join(f'{g:>12}' for g in syntax.GRAMMARS))
    for check in CHECKS:
        if check.QUERY:
            print(f'{check.ID:<22}' + ''.join(f'{compile_ms(g, check.QUERY):12.1f}' for g in syntax.GRAMMARS))
    print(f'{"combined":<22}' + ''.join(f'{compile_ms(g, combined):12.1f}' for g in syntax.GRAMMARS))

    files = load(args.repo, args.every)
    start = cpu()
    trees = [syntax.parse(d, 'javascript').root for d in files]
    parse = cpu() - start
    language = syntax._language('javascript')

    def once(query: tree_sitter.Query) -> tuple[float, int]:
        start = cpu()
        found = sum(len(tree_sitter.QueryCursor(query).matches(t)) for t in trees)
        return cpu() - start, found

    empty = tree_sitter.Query(language, '(comment) @c')

    def run(text: str, repeat: int = 3) -> tuple[float, int]:
        """Marginal CPU over an empty walk; the best of ``repeat`` interleaved pairs (less noise)."""
        query = tree_sitter.Query(language, text)
        pairs = [(once(query), once(empty)[0]) for _ in range(repeat)]
        return min(q[0] for q, _ in pairs) - min(w for _, w in pairs), pairs[0][0][1]

    walk = min(once(empty)[0] for _ in range(3))
    total = run(combined)[0] + walk
    print(f'\n## Run time over {len(files):,} files ({sum(map(len, files)) / 1e6:.1f} MB): CPU seconds')
    print(f'parse {parse:.3f}   empty walk {walk:.3f}   combined query {total:.3f} ({total / parse:.2f}x parse)')
    print('\nmarginal  matches  family                 pattern')
    rows = []
    for check in CHECKS:
        if not check.QUERY:
            continue
        query = tree_sitter.Query(language, check.QUERY)
        source = check.QUERY.encode()
        for i in range(query.pattern_count):
            pattern = source[query.start_byte_for_pattern(i):query.end_byte_for_pattern(i)].decode()
            seconds, found = run(pattern)
            rows.append((seconds, found, check.ID, ' '.join(pattern.split())[:80]))
    for seconds, found, check_id, pattern in sorted(rows, reverse=True):
        print(f'{seconds:8.3f} {found:8d}  {check_id:<22} {pattern}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
