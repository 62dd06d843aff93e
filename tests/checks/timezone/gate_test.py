"""timezone's gate: it opens wherever ``run`` can report, and closes on near misses."""
from __future__ import annotations

import pytest

from vcx_hook.checks.timezone import ID
from vcx_hook.config import Config
from vcx_hook.config import default_config
from vcx_hook.engine.target import Change

from tests import helpers

gate_opens = helpers.bind(helpers.gate_opens, ID, 'src/x.js')


def both(src: str, change: Change | None, cfg: Config | None = None) -> tuple[list[str], list[str]]:
    return helpers.gated_and_ungated(ID, src, 'src/x.js', change, cfg)


@pytest.mark.parametrize(
    'src',
    (
        pytest.param('const t = new Date();\nconst u = new Date(ms);\n', id='now and epoch'),
        pytest.param('const t = new Date(Date.now() + 1000);\nconst u = new Date(parseInt(x, 10));\n',
                     id='one computed argument'),
        pytest.param('const n = Date.now();\nconst m = d.getTime();\nconst s = d.toISOString();\n', id='utc api'),
        pytest.param('const s = formatDate(d, y);\nconst dateFormat = "yyyy";\n', id='date in names'),
    ),
)
def test_gate_closes_on_near_misses(src):
    assert gate_opens(src) == [False]


@pytest.mark.parametrize(
    'src',
    (
        pytest.param('function f(d) {\n  const due = new Date(y, m, d);\n  return due;\n}\n', id='local constructor'),
        pytest.param('const d = new Date(/* x */ f(a), b);\n', id='comment and call in arguments'),
        pytest.param("const d = new Date(`${day} 10:00`);\n", id='template'),
        pytest.param("const t = Date /* c */ .parse('2024-01-01 10:00');\n", id='parse'),
        pytest.param("const fmt = new Intl.DateTimeFormat('en-US');\n", id='intl'),
        pytest.param('function f(due) {\n  return due.toLocaleDateString();\n}\n', id='formatter'),
        pytest.param('const start = new Date();\nfunction f() {\n  start.setHours(0, 0, 0, 0);\n}\n',
                     id='setter on a module date'),
        pytest.param('function f(createdAt) {\n  return createdAt.getFullYear() + 1;\n}\n', id='year'),
    ),
)
def test_gate_opens_where_run_reports(src):
    """In file mode and with any single row changed (hook mode), gated and ungated runs agree."""
    assert gate_opens(src) == [True]
    rows = src.count('\n')
    for change in (None, *(Change(((row, row + 1),)) for row in range(rows))):
        gated, ungated = both(src, change)
        assert gated == ungated
    assert len(both(src, None)[0]) == 1


def test_gate_closes_in_ui_files():
    assert gate_opens('function f(due) {\n  return due.getHours();\n}\n') == [True]
    assert gate_opens('function f(due) {\n  return due.getHours();\n}\n', 'src/Clock.tsx') == [False]


def test_gate_opens_for_date_names_added_in_config():
    """The gate keys on the methods, so a receiver named only in the configuration is asked too."""
    cfg = default_config()
    names = {k: dict(v) for k, v in cfg.names.items()}
    names[ID]['date_names'] = names[ID]['date_names'] | {'when'}
    src = 'function f(when) {\n  return when.getHours();\n}\n'
    assert gate_opens(src) == [True]
    assert both(src, None) == ([], [])
    assert both(src, None, cfg._replace(names=names)) == (
        ["2 `when.getHours()` is calendar maths in the server's zone (UTC in production, yours on a laptop): "
         "`getUTCHours` or an explicit zone"],
    ) * 2
