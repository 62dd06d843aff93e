"""Replay a repository's history as a developer committing it would have seen it.

    python bench/replay.py REPO [--commits N] [--tool DIR] [--show]

REPO is a clone (a ``git clone --no-checkout`` of a fetched mirror is enough: range mode reads
git's objects, never the work tree).  The last N non-merge commits that change a JavaScript or
TypeScript file are each audited as ``vcx audit --from-ref C^ --to-ref C`` (what the pre-push
hook, and a commit hook run at C, would ask).  Prints:

- the commits whose audit asked something (listed questions, whatever their confidence), and the
  block rate: those whose audit exited 1 (by default only high-confidence questions block; a
  repository's ``block = "medium"`` makes every question block: docs/confidence.md);
- questions per commit that asked something;
- the share of questions the parent's version of the same file already gives (audited whole, with
  ``--no-baseline``): with the same check, function and message, and of those, the share about
  code the commit did not write, whose fingerprint (its normalized code) is the parent's too: a
  message quotes only the start of the code, so an edit further into a call it asks about is
  seen by the fingerprint alone (a renamed file's fingerprints differ: its messages are used).

``--tool DIR`` runs the vcx_hook in DIR (a checkout of another version, for before/after
figures); by default the one this script belongs to.  ``--show`` lists each commit that asked
something with its questions marked ``new``, ``old`` or ``edited`` (same message, other code).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SUFFIXES = ('.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx')


class Question(NamedTuple):
    path: str
    line: int
    check_id: str
    function: str
    message: str
    fingerprint: str

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.path, self.check_id, self.function, self.message)


class Replayed(NamedTuple):
    commit: str
    subject: str
    blocked: bool
    questions: list[Question]
    old: list[Question]  # the questions the parent's version already gives (the same message)
    unwritten: list[Question]  # those of ``old`` about code the commit did not write (the same fingerprint)


def git(repo: str, *args: str) -> str:
    return subprocess.run(
        ('git', '-C', repo, *args), check=True, stdout=subprocess.PIPE, text=True,
        encoding='utf-8', errors='surrogateescape',
    ).stdout


def commits(repo: str, count: int) -> list[str]:
    """The last ``count`` non-merge commits with a parent that change a JS/TS file, oldest first."""
    specs = [f'*{s}' for s in SUFFIXES]
    out = git(repo, 'log', '--no-merges', '--format=%H %P', '-n', str(count * 4), 'HEAD', '--', *specs)
    picked = [line.split()[0] for line in out.splitlines() if len(line.split()) == 2]
    return list(reversed(picked[:count]))


def vcx(cwd: str, tool: str, args: Sequence[str]) -> tuple[int, dict[str, object]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(('PRE_COMMIT_', 'GIT_'))}
    env['PYTHONPATH'] = tool
    env['GIT_CEILING_DIRECTORIES'] = os.path.dirname(os.path.abspath(cwd))
    proc = subprocess.run(
        (sys.executable, '-m', 'vcx_hook', 'audit', '--format', 'json', *args),
        cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    if proc.returncode not in (0, 1):
        raise RuntimeError(f'vcx {" ".join(args)} exited {proc.returncode}: {proc.stderr.strip()}')
    return proc.returncode, json.loads(proc.stdout)


def _questions(doc: dict[str, object]) -> list[Question]:
    found = doc['findings']
    assert isinstance(found, list)
    return [Question(f['path'], f['line'], f['check'], f['function'], f['message'], f['fingerprint']) for f in found]


def renames(repo: str, commit: str) -> dict[str, str]:
    """New path -> the parent's path, for the files the commit renamed or copied."""
    out = git(repo, 'diff', '--name-status', '-M', '-z', f'{commit}^', commit)
    fields = out.split('\0')
    moved = {}
    i = 0
    while i < len(fields) - 1:
        status = fields[i]
        if status[:1] in ('R', 'C'):
            moved[fields[i + 2]] = fields[i + 1]
            i += 3
        else:
            i += 2
    return moved


def replay(repo: str, commit: str, tool: str) -> Replayed:
    code, doc = vcx(repo, tool, ('--from-ref', f'{commit}^', '--to-ref', commit))
    questions = _questions(doc)
    subject = git(repo, 'log', '-1', '--format=%s', commit).strip()
    if not questions:
        return Replayed(commit, subject, code == 1, [], [], [])
    moved = renames(repo, commit)
    old_paths = sorted({moved.get(q.path, q.path) for q in questions})
    with tempfile.TemporaryDirectory() as tmp:
        # The parent's files at the same paths, outside any repository: audited whole.
        work = os.path.join(tmp, 'parent')
        written = [p for p in old_paths if _write_blob(repo, f'{commit}^', p, os.path.join(work, p))]
        for name in ('package.json', '.vcx.toml'):  # what the audit of the commit read from its tree
            _write_blob(repo, f'{commit}^', name, os.path.join(work, name))
        parent_doc: dict[str, object] = {'findings': []}
        if written:
            _, parent_doc = vcx(work, tool, ('--all', '--no-baseline', *written))
    back = {old: new for new, old in moved.items()}
    parent = [q._replace(path=back.get(q.path, q.path)) for q in _questions(parent_doc)]
    before = Counter(q.key for q in parent)
    printed = Counter(q.fingerprint for q in parent)
    old = []
    unwritten = []
    for q in questions:
        if before[q.key] > 0:
            before[q.key] -= 1
            old.append(q)
            if q.path in moved or printed[q.fingerprint] > 0:
                printed[q.fingerprint] -= 1
                unwritten.append(q)
    return Replayed(commit, subject, code == 1, questions, old, unwritten)


def _write_blob(repo: str, commit: str, path: str, dest: str) -> bool:
    proc = subprocess.run(('git', '-C', repo, 'show', f'{commit}:{path}'), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    if proc.returncode != 0:
        return False
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    with open(dest, 'wb') as f:
        f.write(proc.stdout)
    return True


def summary(results: Sequence[Replayed]) -> list[str]:
    asking = [r for r in results if r.questions]
    blocked = [r for r in results if r.blocked]
    asked = sum(len(r.questions) for r in results)
    old = sum(len(r.old) for r in results)
    unwritten = sum(len(r.unwritten) for r in results)
    return [
        f'commits replayed: {len(results)}',
        f'asked something: {len(asking)} ({_pct(len(asking), len(results))})',
        f'blocked (exit 1 with the configuration of the commit): {len(blocked)} ({_pct(len(blocked), len(results))})',
        f'questions per commit asked something: {asked / len(asking) if asking else 0:.1f}',
        f'questions the parent asked too (same message): {old} of {asked} ({_pct(old, asked)})',
        f'questions about code the commit did not write (same message and code): {unwritten} of {asked} ({_pct(unwritten, asked)})',
    ]


def shown(r: Replayed) -> list[str]:
    olds = Counter(r.old)
    unwritten = Counter(r.unwritten)
    out = [f'{r.commit[:12]} {r.subject}']
    for q in r.questions:
        mark = 'old' if unwritten[q] > 0 else 'edited' if olds[q] > 0 else 'new'
        olds[q] -= 1
        unwritten[q] -= 1
        out.append(f'  {mark} {q.path}:{q.line} {q.check_id} ({q.function}): {q.message}')
    return out


def _pct(part: int, whole: int) -> str:
    return f'{100 * part / whole:.1f}%' if whole else '0.0%'


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('repo')
    parser.add_argument('--commits', type=int, default=150, metavar='N')
    parser.add_argument('--tool', default=HERE, metavar='DIR', help='the vcx_hook checkout to run (default: this one)')
    parser.add_argument('--show', action='store_true', help='list each commit that asked something, and its questions')
    args = parser.parse_args(argv)
    results = []
    failed = []
    for c in commits(args.repo, args.commits):
        try:
            results.append(replay(args.repo, c, os.path.abspath(args.tool)))
        except RuntimeError as e:  # a blob missing from a partial clone, a crash: said, not hidden
            failed.append(f'{c[:12]}: {e}')
    if args.show:
        for r in results:
            if r.questions:
                print('\n'.join(shown(r)))
    print('\n'.join(summary(results)))
    for line in failed:
        print(f'not replayed: {line}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
