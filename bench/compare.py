"""Hold a refactoring to "no change in what is reported": compare ``vcx audit --all --format json``
of this checkout with a base ref, byte for byte, over the fixtures and pinned real repositories.

    python bench/compare.py                  # this checkout against main
    python bench/compare.py --base HEAD~3    # against any ref of this repository
    python bench/compare.py --repo zod       # only some targets ('fixtures' is one)

Each target is audited twice, with tests included (``exclude = []``) and with the default
configuration. The repositories are cloned from ``--mirror`` (the ``fetch`` tool's mirrors) or
GitHub into ``bench/work/compare/`` (git-ignored) at the commits below; the base's results are
kept there by the tree id of its ``vcx_hook/``, so a second run only audits this checkout.
Exit status 0 when every output is identical, 1 when one differs (the findings that differ are
printed), 2 when a target cannot be prepared.
"""
from __future__ import annotations

import argparse
import difflib
import json
import os
import subprocess
import sys
import tarfile
from collections.abc import Sequence
from typing import NamedTuple

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
WORK = os.path.join(HERE, 'work', 'compare')
CONFIGS = {'all': 'exclude = []\n', 'default': ''}


class Repo(NamedTuple):
    name: str  # owner/name on GitHub
    commit: str


REPOS = (
    Repo('expressjs/express', 'a3714473feb3d2908add734d340e7755fd85e0a3'),
    Repo('fastify/fastify', '83e69762aff047940b376fc2a266d143499ef727'),
    Repo('prisma/prisma-examples', '74814fd9512cef59a323faab067db8c6ad453c35'),
    Repo('colinhacks/zod', 'e516c3baf22615e20934116abebfed6c000222c2'),
)


def _git(*args: str, cwd: str = ROOT) -> str:
    return subprocess.run(('git', *args), cwd=cwd, check=True, stdout=subprocess.PIPE, text=True).stdout.strip()


def checkout(repo: Repo, mirror: str) -> str:
    """A work tree of ``repo`` at its commit; blobs missing from a partial mirror are left out."""
    dest = os.path.join(WORK, 'repos', repo.name.replace('/', '+'))
    if not os.path.isdir(dest):
        local = os.path.join(mirror, repo.name.replace('/', '+'), 'repo')
        source = local if os.path.isdir(local) else f'https://github.com/{repo.name}.git'
        subprocess.run(('git', 'clone', '-q', '--no-checkout', source, dest), check=True)
    if _git('rev-parse', 'HEAD', cwd=dest) != repo.commit or not os.path.exists(os.path.join(dest, '.vcx-ready')):
        _git('reset', '-q', repo.commit, cwd=dest)
        subprocess.run(('git', 'checkout-index', '-a', '-f'), cwd=dest, stderr=subprocess.DEVNULL)
        open(os.path.join(dest, '.vcx-ready'), 'w').close()
    return dest


def base_tree(ref: str) -> str:
    """The base's ``vcx_hook/`` extracted once per tree id; returns the directory to put on the path."""
    tree = _git('rev-parse', f'{ref}:vcx_hook')
    dest = os.path.join(WORK, 'base', tree)
    if not os.path.isdir(dest):
        os.makedirs(dest + '.tmp', exist_ok=True)
        archive = subprocess.run(('git', 'archive', ref, 'vcx_hook'), cwd=ROOT, check=True, stdout=subprocess.PIPE)
        tar_path = dest + '.tar'
        with open(tar_path, 'wb') as f:
            f.write(archive.stdout)
        with tarfile.open(tar_path) as tar:
            tar.extractall(dest + '.tmp', filter='data')
        os.remove(tar_path)
        os.rename(dest + '.tmp', dest)
    return dest


def audit(pythonpath: str, cwd: str, paths: Sequence[str], config: str, jobs: int) -> bytes:
    cfg = os.path.join(WORK, f'config-{config}.toml')
    with open(cfg, 'w') as f:
        # fixtures/ is vcx_hook's own demo and test code, which the `fixture` file role would skip
        # (a base ref from before roles, 2a22e8c, rejects this key: compare against a later one).
        f.write(CONFIGS[config] + ('[roles.fixture]\nchecks = "all"\n' if paths == ('fixtures',) else ''))
    # `-m` puts the working directory first on sys.path: in this checkout (the fixtures target) it
    # would import this checkout's vcx_hook for the base too. PYTHONSAFEPATH (3.11+) leaves it off.
    env = dict(os.environ, PYTHONPATH=pythonpath, PYTHONSAFEPATH='1')
    for key in ('PRE_COMMIT_FROM_REF', 'PRE_COMMIT_TO_REF'):
        env.pop(key, None)
    cmd = (sys.executable, '-m', 'vcx_hook', 'audit', '--all', '--format', 'json', '--jobs', str(jobs), '--config', cfg, *paths)
    proc = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if proc.returncode not in (0, 1):
        raise SystemExit(f'compare: {" ".join(cmd)} in {cwd} exited {proc.returncode}:\n{proc.stderr.decode()}')
    return proc.stdout


def _rows(output: bytes) -> list[str]:
    doc = json.loads(output)
    return [json.dumps(f, sort_keys=True) for key in ('findings', 'suppressed', 'problems') for f in doc.get(key, ())]


def report(label: str, base: bytes, head: bytes, limit: int) -> None:
    print(f'{label}: DIFFERENT ({len(base)} -> {len(head)} bytes)')
    try:
        old, new = _rows(base), _rows(head)
    except ValueError:
        old, new = base.decode(errors='replace').splitlines(), head.decode(errors='replace').splitlines()
    lines = [ln for ln in difflib.unified_diff(old, new, lineterm='', n=0) if ln[:1] in '+-' and ln[:3] not in ('---', '+++')]
    for ln in lines[:limit]:
        print(f'  {ln}')
    if len(lines) > limit:
        print(f'  ... {len(lines) - limit} more')


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--base', default='main', help='ref to compare with (default: main)')
    parser.add_argument('--repo', action='append', help="only targets whose name contains this ('fixtures' is one)")
    parser.add_argument('--mirror', default='/work/.mirror', help='directory of owner+name/repo mirrors')
    parser.add_argument('--jobs', type=int, default=2)
    parser.add_argument('--limit', type=int, default=20, help='differing findings printed per target')
    args = parser.parse_args(argv)

    targets: list[tuple[str, str, tuple[str, ...]]] = [('fixtures', ROOT, ('fixtures',))]
    for repo in REPOS:
        if not args.repo or any(r in repo.name for r in args.repo):
            targets.append((repo.name, checkout(repo, args.mirror), ()))
    if args.repo:
        targets = [t for t in targets if any(r in t[0] for r in args.repo)]
    base_path = base_tree(args.base)
    tree = os.path.basename(base_path)
    different = 0
    for name, cwd, paths in targets:
        for config in CONFIGS:
            label = f'{name} ({config})'
            cached = os.path.join(WORK, 'results', f'{tree}-{name.replace("/", "+")}-{config}.json')
            if name != 'fixtures' and os.path.exists(cached):
                with open(cached, 'rb') as f:
                    base = f.read()
            else:
                base = audit(base_path, cwd, paths, config, args.jobs)
                if name != 'fixtures':  # the fixtures are this checkout's, so they may change
                    os.makedirs(os.path.dirname(cached), exist_ok=True)
                    with open(cached, 'wb') as f:
                        f.write(base)
            head = audit(ROOT, cwd, paths, config, args.jobs)
            if head == base:
                print(f'{label}: identical ({len(head)} bytes, {len(_rows(head))} rows)')
            else:
                different += 1
                report(label, base, head, args.limit)
    return 1 if different else 0


if __name__ == '__main__':
    raise SystemExit(main())
