from __future__ import annotations

import pytest

from vcx_hook.checks.missing_cleanup import ID
from vcx_hook.config import default_config
from vcx_hook.engine import audit
from vcx_hook.engine.target import Target

CONFIG = default_config()._replace(enabled=frozenset((ID,)), show='low')


def lines(add: str, remove: str) -> list[int]:
    src = f'export class View {{\n  show() {{ {add}; }}\n  hide() {{\n    {remove};\n  }}\n}}\n'
    result = audit.audit(Target('src/view.js', src.encode(), None), CONFIG)
    return [f.line for f in result.findings
            if f.check_id == ID and f.line == 4 and ('new function on every call' in f.message or 'another function' in f.message)]


@pytest.mark.parametrize(
    ('add', 'remove'),
    (
        pytest.param("document.addEventListener('keydown', this.onKey.bind(this))",
                     "document.removeEventListener('keydown', this.onKey.bind(this))", id='bound twice'),
        pytest.param("bus.on('drag-start', this.onDragStart.bind(this))", "bus.off('drag-start', this.onDragStart)",
                     id='bound on the way in only'),
        pytest.param("el.firstChild.addEventListener('drop', this.onDrop.bind(this))",
                     "el.firstChild.removeEventListener('drop', this.onDrop)", id='a target reached through a field'),
    ),
)
def test_asked_on_the_removal(add, remove):
    assert lines(add, remove) == [4]


@pytest.mark.parametrize(
    ('add', 'remove'),
    (
        pytest.param("bus.on('x', this.onX)", "bus.off('x', this.onX)", id='same reference'),
        pytest.param("bus.on('x', this.onX.bind(this)); bus.on('x', this.onX)", "bus.off('x', this.onX)",
                     id='one add passes the method itself'),
        pytest.param("bus.on('x', this.onX.bind(this))", "bus.off('y', this.onX)", id='another event'),
        pytest.param("bus.on('x', this.onX.bind(this))", "other.off('x', this.onX)", id='another target'),
        pytest.param("bus.on('x', this.onX.bind(this))", "bus.off('x', this.onY)", id='another method'),
        pytest.param("bus.on('x', this.bound)", "bus.off('x', this.onX.bind(this))", id='no add of the bound expression'),
    ),
)
def test_not_asked(add, remove):
    assert lines(add, remove) == []


def test_not_asked_when_the_add_is_in_a_mount_method_that_asks_it():
    src = ('class Panel extends React.Component {\n  componentDidMount() {\n'
           "    window.addEventListener('resize', this.onResize.bind(this));\n  }\n"
           "  componentWillUnmount() {\n    window.removeEventListener('resize', this.onResize.bind(this));\n  }\n}\n")
    result = audit.audit(Target('src/panel.jsx', src.encode(), None), CONFIG)
    assert [f.line for f in result.findings if f.check_id == ID] == [3]
