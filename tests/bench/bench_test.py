"""The benchmark's fixture: which files the staged change edits, and how."""
from __future__ import annotations

import os
import sys

from tests.helpers import ROOT

sys.path.insert(0, os.path.join(str(ROOT), 'bench'))

import fixture  # noqa: E402


def _module(lines: int, typed: bool) -> bytes:
    """Functions of 20 lines each, with TypeScript annotations when ``typed``."""
    out: list[str] = []
    n = 0
    while len(out) < lines:
        sig = f'export function f{n}(x: number): number {{' if typed else f'export function f{n}(x) {{'
        out += [sig, *[f'  const v{i} = x + {i};' for i in range(18)], '  return x;', '}', '']
        n += 1
    return '\n'.join(out[:lines - 1] + ['']).encode()


def test_webpack_library_files_come_first():
    files = {f'lib/M{i}.js': _module(880 + i, False) for i in range(6)}
    files.update({f'src/t{i}.ts': _module(880, True) for i in range(6)})
    assert fixture._pick_changed(files) == [f'lib/M{i}.js' for i in range(5)]


def test_other_sources_give_their_library_files_typescript_included():
    files = {f'src/t{i}.ts': _module(700 + 10 * i, True) for i in range(6)}
    files['src/types.d.ts'] = _module(880, True)  # declarations: no code runs
    files['src/t.test.ts'] = _module(880, True)  # tests
    files['src/huge.ts'] = _module(3000, True)  # outside 300-1,500 lines
    assert fixture._pick_changed(files) == sorted(f'src/t{i}.ts' for i in range(1, 6))


def test_the_edit_adds_two_hunks_inside_typescript_functions():
    data = _module(880, True)
    edited = fixture._edit(data, 'src/t.ts')
    added = edited.count(b'\n') - data.count(b'\n')
    assert added == sum(len(h) for h in fixture._HUNKS)
    assert b'const startedAt = Date.now();' in edited and b'DEBUG_TIMING' in edited


def test_the_timeline_shows_both_processes(tmp_path, monkeypatch):
    """bench/timeline.py: one hook run's steps, in the main process and in its helper."""
    import subprocess

    import timeline

    def git(*args):
        subprocess.run(('git', '-c', 'user.name=t', '-c', 'user.email=t@example.com', *args),
                       cwd=tmp_path, check=True, capture_output=True)
    for var in ('GIT_INDEX_FILE', 'PRE_COMMIT_FROM_REF', 'PRE_COMMIT_TO_REF'):
        monkeypatch.delenv(var, raising=False)
    git('init', '-q')
    (tmp_path / 'a.js').write_bytes(b'export const x = 1;\n')
    git('add', '.')
    git('commit', '-q', '-m', 'one')
    (tmp_path / 'a.js').write_bytes(b'export function due(y) {\n  return new Date(y, 0, 31);\n}\n')
    git('add', '.')
    monkeypatch.chdir(tmp_path)
    rows = timeline.one_run(str(tmp_path / 'timeline.log'))
    pids = {pid for pid, _, _ in rows}
    events = [event for _, _, event in rows]
    assert len(pids) == 2  # the main process and its helper
    for step in ('main: import pygit2, read the staged change', 'main: send the files, wait for the results',
                 'helper: audit a file'):
        assert '> ' + step in events and '< ' + step in events
    assert events[-1] == 'done'
    assert [ms for _, ms, _ in rows] == sorted(ms for _, ms, _ in rows)


def test_the_scaling_benchmark_runs_every_shape(capsys):
    """bench/scaling.py on tiny sizes: every case runs and finds what its shape holds (issue 19)."""
    import scaling

    assert scaling.main(['--scale', '0.01', '--files', '100']) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == '## Growth when the input grows 4x (goal: time ratio <= 6)'
    rows = [(line.split()[0], line.split('findings ')[-1]) for line in lines[2:9]]
    assert rows == [
        ('flat', '5 -> 20'), ('loops', '1 -> 4'), ('then', '1 -> 1'),
        ('effects', '0 -> 0'), ('arrows', '0 -> 0'), ('try', '0 -> 0'), ('loops-staged', '2 -> 8'),
    ]
    assert [line.split(':')[0] for line in lines[9:]] == [
        'hook          1 staged files', 'hook          4 staged files', 'hook          1 ->       4 staged files',
    ]
