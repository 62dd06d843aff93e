from __future__ import annotations

import pytest

from vcx_hook.checks.missing_cleanup import ID

from tests import helpers

findings = helpers.bind(helpers.findings, ID, 'src/Poll.tsx')
MESSAGE = ('src/Poll.tsx:3 `id` is cleared only inside its own callback, and the effect returns no cleanup: '
           'unmounted before that happens, the interval keeps running')


@pytest.mark.parametrize(
    ('callback', 'rest'),
    (
        pytest.param('check', '    function check() {\n      if (ready()) clearInterval(id);\n    }\n', id='named'),
    ),
)
def test_interval_cleared_only_by_itself(callback, rest):
    src = (f'export function Poll() {{\n  useEffect(() => {{\n    const id = setInterval({callback}, 200);\n'
           f'{rest}  }}, []);\n  return null;\n}}\n')
    assert findings(src) == [MESSAGE]


@pytest.mark.parametrize(
    'rest',
    (
        pytest.param('    return () => clearInterval(id);\n', id='cleanup returned'),
        pytest.param('    if (done) clearInterval(id);\n', id='cleared outside the callback'),
        pytest.param('', id='an inline callback: the registrations rule asks'),
    ),
)
def test_not_asked(rest):
    src = ('export function Poll({ done }) {\n  useEffect(() => {\n    const id = setInterval(() => { if (ready()) '
           f'clearInterval(id); }}, 200);\n{rest}  }}, [done]);\n  return null;\n}}\n')
    assert [m for m in findings(src) if 'own callback' in m] == []
