from __future__ import annotations

import os
import signal
import subprocess

import pytest

from vcx_hook.config import default_config
from vcx_hook.engine import helper as helper_module
from vcx_hook.engine import parallel
from vcx_hook.engine import worker
from vcx_hook.engine.parallel import Pending
from vcx_hook.engine.target import Skipped
from vcx_hook.engine.target import Target
from vcx_hook.lang import syntax
from vcx_hook.main import main

SERVER = b'''export function dueAt(year, hour) {
  return new Date(Number(year), 0, 31, Number(hour));
}
'''
# `await` opens race-condition's gate: the file is parsed (one no gate opens on is not, and gets no note).
BROKEN = b'async function broken( {\n  await x;\n'


@pytest.fixture
def tree(tmp_path, monkeypatch):
    monkeypatch.setattr(parallel, 'MIN_FILES_PER_WORKER', 1)
    for i in range(12):
        (tmp_path / f'f{i:02d}.js').write_bytes(SERVER if i % 3 == 0 else b'export const x = 1;\n')
    (tmp_path / 'sub').mkdir()
    (tmp_path / 'sub' / 'broken.js').write_bytes(BROKEN)
    (tmp_path / '.vcx.toml').write_text('block = "medium"\n')  # its questions block (a time of day built from parsed parts is medium)
    return tmp_path


def _summary(results):
    return [
        (r.path, [(f.line, f.check_id) for f in r.findings], [(p.line, p.message) for p in r.problems])
        for r in results
    ]


@pytest.mark.parametrize('jobs', [pytest.param(2, id='pool'), pytest.param(3, id='more-workers')])
def test_pool_gives_the_in_process_results_in_order(tree, jobs):
    items = [Pending(p.relative_to(tree).as_posix(), str(p)) for p in sorted(tree.rglob('*.js'))]
    serial = parallel.audit_targets(items, default_config(), jobs=1)
    pooled = parallel.audit_targets(items, default_config(), jobs=jobs)
    assert _summary(pooled) == _summary(serial)
    assert [r.path for r in pooled] == [i.path for i in items]
    assert ('f00.js', [(2, 'timezone')], []) in _summary(pooled)
    assert ('sub/broken.js', [], [(1, 'syntax error; audited what parses')]) in _summary(pooled)


def test_spawned_pool_gives_the_same_results(tree, monkeypatch):
    """Where there is no fork (macOS, Windows) a multiprocessing pool of spawned workers audits."""
    monkeypatch.setattr(parallel, '_can_fork', lambda: False)
    items = [Pending(p.relative_to(tree).as_posix(), str(p)) for p in sorted(tree.rglob('*.js'))]
    pool = parallel.Pool(2)
    assert pool._spawned is not None
    spawned = parallel.audit_targets(items, default_config(), pool=pool)
    assert _summary(spawned) == _summary(parallel.audit_targets(items, default_config(), jobs=1))
    assert pool._spawned is None  # closed


class _Counted:
    def __init__(self):
        self.done = 0
        self.entered = self.left = False

    def __enter__(self):
        self.entered = True
        return self

    def __exit__(self, *exc):
        self.left = True

    def advance(self, count=1):
        self.done += count


@pytest.mark.parametrize('jobs', [1, 2, 3])
def test_progress_counts_every_file(tree, jobs):
    items = [Pending(p.relative_to(tree).as_posix(), str(p)) for p in sorted(tree.rglob('*.js'))]
    shown = _Counted()
    parallel.audit_targets(items, default_config(), jobs=jobs, progress=shown)
    assert shown.entered and shown.left
    assert shown.done == len(items) == 13


def _failing_on(monkeypatch, path, how):
    real = parallel.audit_one

    def audit_one(item, config):
        if item.path == path:
            if how == 'dies':
                os._exit(9)  # a worker killed mid-batch (in this process, too, it would end the run)
            raise ValueError(f'cannot audit {path}')
        return real(item, config)
    monkeypatch.setattr(parallel, 'audit_one', audit_one)


def test_an_error_in_a_forked_worker_reaches_this_process(tree, monkeypatch):
    # The largest file goes to a worker first: this process takes the smallest ones.
    (tree / 'big.js').write_bytes(SERVER * 50)
    _failing_on(monkeypatch, 'big.js', 'raises')
    items = [Pending(p.relative_to(tree).as_posix(), str(p)) for p in sorted(tree.rglob('*.js'))]
    with pytest.raises(RuntimeError, match=r'(?s)an --all worker failed:.*ValueError: cannot audit big\.js'):
        parallel.audit_targets(items, default_config(), jobs=2)
    assert worker.children == []  # reaped


def test_a_worker_that_dies_is_an_error_not_a_hang(tree, monkeypatch):
    (tree / 'big.js').write_bytes(SERVER * 50)
    _failing_on(monkeypatch, 'big.js', 'dies')
    items = [Pending(p.relative_to(tree).as_posix(), str(p)) for p in sorted(tree.rglob('*.js'))]
    with pytest.raises(RuntimeError, match='an --all worker ended unexpectedly'):
        parallel.audit_targets(items, default_config(), jobs=2)
    assert worker.children == []


def test_an_error_in_this_process_ends_the_workers(tree, monkeypatch):
    """This process audits batches too (the smallest files) while its worker is busy."""
    here = os.getpid()
    real = parallel.audit_one

    def audit_one(item, config):
        if os.getpid() == here:
            raise ValueError(f'cannot audit {item.path}')
        return real(item, config)
    monkeypatch.setattr(parallel, 'audit_one', audit_one)
    (tree / 'big.js').write_bytes(SERVER * 50)  # keeps the worker busy while this process takes a batch
    items = [Pending(p.relative_to(tree).as_posix(), str(p)) for p in sorted(tree.rglob('*.js'))]
    with pytest.raises(ValueError, match='cannot audit'):
        parallel.audit_targets(items, default_config(), jobs=2)
    assert worker.children == []


def test_unreadable_file_is_a_problem(tmp_path):
    results = parallel.audit_targets([Pending('gone.js', str(tmp_path / 'gone.js'))], default_config(), jobs=1)
    assert _summary(results) == [('gone.js', [], [(0, 'cannot read: No such file or directory')])]


def test_cli_output_is_the_same_for_any_jobs(tree, monkeypatch, capsys):
    monkeypatch.chdir(tree)
    outputs = []
    for jobs in ('1', '2'):
        assert main(['audit', '--all', '--jobs', jobs, '--format', 'json', '--color', 'never', '.']) == 1
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1]
    assert '"path": "f09.js"' in outputs[0]


@pytest.mark.parametrize('ok', [True, False], ids=['audited', 'usage-error'])
def test_the_pool_started_before_listing_is_used_and_closed(tree, tmp_path, monkeypatch, capsys, ok):
    """`--all` forks its workers before the files are listed; they audit, and are ended
    whatever happens (here: `--all` outside a repository with no path is a usage error)."""
    started, closed = [], []

    class Counting(parallel.Pool):
        def __init__(self, jobs):
            started.append(jobs)
            super().__init__(jobs)

        def close(self):
            closed.append(True)
            super().close()
    monkeypatch.setattr(parallel, 'Pool', Counting)
    if ok:
        monkeypatch.chdir(tree)
        assert main(['audit', '--all', '--jobs', '2', '--format', 'json', '.']) == 1
        assert '"path": "f09.js"' in capsys.readouterr().out
    else:
        outside = tmp_path / 'outside'
        outside.mkdir()
        monkeypatch.chdir(outside)
        assert main(['audit', '--all', '--jobs', '2']) == 2
    assert started == [2]
    assert closed  # once by the audit, and again, harmlessly, on the way out
    if not ok:
        assert closed == [True]


def _git(cwd, *args):
    subprocess.run(('git', '-c', 'user.name=t', '-c', 'user.email=t@example.com', *args), cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def staged(tmp_path, monkeypatch):
    for var in ('GIT_INDEX_FILE', 'PRE_COMMIT_FROM_REF', 'PRE_COMMIT_TO_REF'):
        monkeypatch.delenv(var, raising=False)
    _git(tmp_path, 'init', '-q')
    (tmp_path / '.vcx.toml').write_text('block = "medium"\n')  # its questions block (a time of day built from parsed parts is medium)
    (tmp_path / 'a.ts').write_bytes(b'export const x = 1;\n')
    _git(tmp_path, 'add', '.')
    _git(tmp_path, 'commit', '-q', '-m', 'one')
    (tmp_path / 'a.ts').write_bytes(b'export const x = 1;\n' + SERVER)
    (tmp_path / 'sub').mkdir()
    (tmp_path / 'sub' / 'b.js').write_bytes(SERVER)
    _git(tmp_path, 'add', '.')
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_hook_helper_gives_the_in_process_output(staged, capsys):
    outputs = []
    for jobs in ([], ['--jobs', '1']):  # by default audited by the forked helper; 1: in this process
        assert main(['audit', *jobs, '--format', 'json']) == 1
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1]
    assert '"path": "a.ts"' in outputs[0] and '"path": "sub/b.js"' in outputs[0]


def test_a_dead_helper_falls_back_to_this_process(staged):
    helper = parallel.start_helper()
    if helper is None:
        pytest.skip('no fork here')
    os.kill(helper.pid, signal.SIGKILL)
    target = Target('b.js', SERVER, None)
    results = parallel.audit_targets([target], default_config(), helper=helper)
    assert _summary(results) == [('b.js', [(2, 'timezone')], [])]


def test_nothing_to_audit_does_not_wait_for_the_helper(staged):
    helper = parallel.start_helper()
    if helper is None:
        pytest.skip('no fork here')
    assert parallel.audit_targets([], default_config(), helper=helper) == []
    assert helper._send.closed and helper._receive.closed


def test_prefetched_files_give_the_same_results(staged):
    helper = parallel.start_helper()
    if helper is None:
        pytest.skip('no fork here')
    target = Target('b.js', SERVER, None)
    helper.prefetch([target, Skipped('c.js', 'symlink, not audited')])
    results = parallel.audit_targets([target], default_config(), helper=helper)
    assert _summary(results) == [('b.js', [(2, 'timezone')], [])]


def test_a_primed_tree_is_used_once():
    syntax.prime(b'let x = 1;\n', 'javascript')
    first = syntax.parse(b'let x = 1;\n', 'javascript')
    assert not syntax._primed
    second = syntax.parse(b'let x = 1;\n', 'javascript')
    assert first is not second and str(first.root) == str(second.root)


@pytest.mark.parametrize('final', [
    pytest.param(default_config(), id='same-config-reused'),
    pytest.param(default_config()._replace(enabled=frozenset()), id='other-config-recomputed'),
])
def test_audited_ahead_then_asked(staged, final):
    helper = parallel.start_helper()
    if helper is None:
        pytest.skip('no fork here')
    target = Target('b.js', SERVER, None)
    helper.prefetch([target])
    helper.prefetch([target], default_config())
    results = parallel.audit_targets([target], final, helper=helper)
    assert _summary(results) == _summary([parallel.audit_one(target, final)])


def test_the_main_process_reads_results_without_loading_the_checks():
    """The hook's main process unpickles the helper's results: that must not import the checks."""
    import pickle
    import subprocess
    import sys

    from vcx_hook.config import default_config
    from vcx_hook.engine import audit

    result = audit.audit(audit.Target('a.js', b'function f() {\n  return new Date().getDate();\n}\n', None), default_config())
    assert result.findings
    code = (
        'import pickle, sys\n'
        f'r = pickle.loads({pickle.dumps([result])!r})\n'
        'print(len(r[0].findings), sorted(m for m in sys.modules if m.startswith(("vcx_hook.checks.", "tree_sitter"))))\n'
    )
    out = subprocess.run((sys.executable, '-c', code), capture_output=True, text=True, check=True).stdout
    assert out.split() == ['1', '[]']


def test_the_helper_forecasts_the_staged_files_from_the_work_tree(staged):
    """The helper's warm-up reads the staged names from git and the files from the work tree,
    leaving out what the audit would not read (other languages, excluded paths, deletions)."""
    (staged / 'notes.md').write_text('# notes\n')
    (staged / 'a.test.js').write_bytes(SERVER)
    (staged / 'gone.js').write_bytes(b'export const y = 2;\n')
    _git(staged, 'add', '.')
    _git(staged, 'commit', '-q', '-m', 'two')
    (staged / 'a.ts').write_bytes(SERVER + b'export const z = 3;\n')
    (staged / 'a.test.js').write_bytes(SERVER + b'\n')
    (staged / 'notes.md').write_text('# more notes\n')
    _git(staged, 'rm', '-q', 'gone.js')
    _git(staged, 'add', '.')
    names = helper_module._StagedNames().names()
    assert sorted(names) == ['a.test.js', 'a.ts', 'notes.md']
    hinted = helper_module._hinted_targets(names, default_config())
    assert [(t.path, t.data) for t in hinted] == [('a.ts', SERVER + b'export const z = 3;\n')]


def test_staged_names_outside_a_repository_are_none(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv('GIT_CEILING_DIRECTORIES', str(tmp_path.parent))
    assert helper_module._StagedNames().names() == []


def test_likely_queries_are_the_families_whose_gates_open():
    from vcx_hook.checks import BY_ID
    from vcx_hook.engine import audit

    targets = [
        Target('a.js', SERVER, None),  # a Date call: the timezone gate opens
        Target('b.ts', b'export const x = 1;\n', None),  # nothing any family asks about
        Target('c.md', b'# not code\n', None),
    ]
    likely = audit.likely_queries(targets, default_config())
    assert ('javascript', BY_ID['timezone'].QUERY) in likely
    assert ('javascript', BY_ID['unbounded-query'].QUERY) not in likely
    assert all(grammar == 'javascript' for grammar, _ in likely)
    assert len(likely) == len(set(likely))
    # The files were parsed on the way: the audit takes those trees instead of parsing again.
    primed = syntax._primed.get(('javascript', SERVER))
    assert primed is not None and syntax.parse(SERVER, 'javascript') is primed
    syntax._primed.clear()


def test_the_forecast_stops_when_work_arrives():
    from vcx_hook.engine import audit

    assert audit.likely_queries([Target('a.js', SERVER, None)], default_config(), go_on=lambda: False) == []
    assert ('javascript', SERVER) not in syntax._primed


def test_priming_twice_parses_once():
    first = syntax.prime(b'let y = 2;\n', 'javascript')
    assert syntax.prime(b'let y = 2;\n', 'javascript') is first
    syntax._primed.clear()


@pytest.mark.parametrize('argv', [
    pytest.param(['audit', '--jobs', '1'], id='jobs-1'),
    pytest.param(['audit', '--bogus'], id='usage-error'),
])
def test_an_early_helper_that_is_not_needed_is_let_go(staged, monkeypatch, argv):
    started = []
    real = parallel.start_helper

    def spy():
        helper = real()
        started.append(helper)
        return helper

    monkeypatch.setattr(parallel, 'start_helper', spy)
    code = main(argv)
    assert code == (2 if '--bogus' in argv else 1)
    assert len(started) == 1 and started[0] is not None
    assert started[0]._send.closed and started[0]._receive.closed
    os.waitpid(started[0].pid, 0)  # it exits once its pipe is closed (a hang here is the bug)


def test_batches_cover_every_file_once_in_order_by_bytes():
    sizes = [10_000, 5_000, 4_000] + [10] * 1_000  # largest first, as audit_targets orders them
    order = list(range(len(sizes)))
    batches = list(parallel._batches(order, sizes, jobs=2))
    assert [i for b in batches for i in b] == order
    target = sum(sizes) // (2 * parallel._BATCHES_PER_WORKER)
    assert batches[0] == [0]  # a big file is a batch of its own
    assert all(len(b) <= parallel._MAX_BATCH for b in batches)
    # Small files share a batch up to the byte target (or the count cap), never one per file.
    assert all(sum(sizes[i] for i in b) >= target or len(b) == parallel._MAX_BATCH for b in batches[:-1])
    assert len(batches) < len(sizes) // 30  # 25 messages for 1,003 files
