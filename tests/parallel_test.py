from __future__ import annotations

import pytest

from vcx_hook import parallel
from vcx_hook.config import default_config
from vcx_hook.main import main
from vcx_hook.parallel import Pending

SERVER = b'''export function dueDate() {
  return new Date(2024, 0, 31);
}
'''
BROKEN = b'function broken( {\n'


@pytest.fixture
def tree(tmp_path, monkeypatch):
    monkeypatch.setattr(parallel, 'MIN_FILES_PER_WORKER', 1)
    for i in range(12):
        (tmp_path / f'f{i:02d}.js').write_bytes(SERVER if i % 3 == 0 else b'export const x = 1;\n')
    (tmp_path / 'sub').mkdir()
    (tmp_path / 'sub' / 'broken.js').write_bytes(BROKEN)
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
