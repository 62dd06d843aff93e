from __future__ import annotations

import pytest

from vcx_hook.checks.missing_cleanup import ID
from vcx_hook.config import default_config
from vcx_hook.engine import audit
from vcx_hook.engine.target import Target

CONFIG = default_config()._replace(enabled=frozenset((ID,)), show='low')


def lines(add: str, remove: str) -> list[int]:
    src = f'export const view = {{\n  start(options) {{ {add}; }},\n  stop() {{\n    {remove};\n  }},\n}};\n'
    result = audit.audit(Target('src/view.js', src.encode(), None), CONFIG)
    return [f.line for f in result.findings if f.check_id == ID and 'capture' in f.message]


@pytest.mark.parametrize(
    ('add', 'remove'),
    (
        pytest.param("window.addEventListener('scroll', this.onScroll, true)",
                     "window.removeEventListener('scroll', this.onScroll)", id='capture left out'),
        pytest.param("window.addEventListener('scroll', this.onScroll, { capture: true })",
                     "window.removeEventListener('scroll', this.onScroll, false)", id='capture false'),
        pytest.param("window.addEventListener('scroll', this.onScroll)",
                     "window.removeEventListener('scroll', this.onScroll, { capture: true })", id='capture added'),
        pytest.param("window.addEventListener('scroll', this.onScroll, options)",
                     "window.removeEventListener('scroll', this.onScroll)", id="the caller's options"),
    ),
)
def test_asked(add, remove):
    assert lines(add, remove) == [4]


@pytest.mark.parametrize(
    ('add', 'remove'),
    (
        pytest.param("window.addEventListener('scroll', this.onScroll, true)",
                     "window.removeEventListener('scroll', this.onScroll, { capture: true })", id='same flag'),
        pytest.param("window.addEventListener('scroll', this.onScroll, { passive: true })",
                     "window.removeEventListener('scroll', this.onScroll)", id='passive only'),
        pytest.param("window.addEventListener('scroll', this.onScroll, options)",
                     "window.removeEventListener('scroll', this.onScroll, options)", id='options kept'),
        pytest.param("window.addEventListener('scroll', this.onScroll, OPTIONS)",
                     "window.removeEventListener('scroll', this.onScroll)", id='options not known'),
        pytest.param("window.addEventListener('scroll', this.onScroll, true)",
                     "document.removeEventListener('scroll', this.onScroll)", id='another target'),
        pytest.param("window.addEventListener('scroll', this.onScroll, true)",
                     "window.removeEventListener('wheel', this.onScroll)", id='another event'),
    ),
)
def test_not_asked(add, remove):
    assert lines(add, remove) == []
