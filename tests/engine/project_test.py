"""What the hook reads of the project besides the staged files (engine/project.py)."""
from __future__ import annotations

import pytest

from vcx_hook.engine.project import _module_name


@pytest.mark.parametrize(('path', 'name'), [
    ('src/lib/utils/client.ts', b'client'),
    ('packages/shared/index.ts', b'shared'),
    ('packages/shared/dashboards/index.ts', b'dashboards'),
    ('app/page.client.tsx', b'page'),
    ('caf\udce9.js', b'caf\xe9'),
])
def test_a_staged_module_is_found_in_its_importers_by_this_name(path, name):
    assert _module_name(path) == name


def test_a_hook_runs_parent_reads_the_project_without_importing_the_checks(tmp_path):
    """The parent of a hook run reads the staged change and the project; the checks run in its
    helper. A staged sort comparator (`compare(a, b)`, no route, no password) must not make the
    parent read the configuration's names, which imports every family (c22761f: 1.08x CPU)."""
    import json
    import subprocess
    import sys

    subprocess.run(('git', 'init', '-q', str(tmp_path)), check=True)
    (tmp_path / 'sort.js').write_text('export function order(items) {\n  return items.sort((a, b) => compare(a.name, b.name));\n}\n')
    subprocess.run(('git', '-C', str(tmp_path), 'add', 'sort.js'), check=True)
    code = (
        'import io, json, sys\n'
        'from vcx_hook.main import main\n'
        'out, sys.stdout = sys.stdout, io.StringIO()\n'
        "rc = main(['audit'])\n"
        'sys.stdout = out\n'
        "print(json.dumps([rc, sorted({m.split('.')[2] for m in sys.modules if m.startswith('vcx_hook.checks.')})]))\n"
    )
    out = subprocess.run((sys.executable, '-c', code), cwd=tmp_path, capture_output=True, text=True, check=True).stdout
    rc, modules = json.loads(out)
    assert rc == 0
    assert modules == []  # timezone's pretest too is read from ecosystem.dates
