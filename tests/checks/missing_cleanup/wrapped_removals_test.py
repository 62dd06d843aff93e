from __future__ import annotations

import pytest

from vcx_hook.checks.missing_cleanup import ID
from vcx_hook.config import default_config
from vcx_hook.engine import audit
from vcx_hook.engine.target import Target

CONFIG = default_config()._replace(enabled=frozenset((ID,)), show='low')


def lines(add: str, remove: str) -> list[int]:
    src = f'export const view = {{\n  start() {{ {add}; }},\n  stop() {{\n    {remove};\n  }},\n}};\n'
    result = audit.audit(Target('src/view.js', src.encode(), None), CONFIG)
    return [f.line for f in result.findings if f.check_id == ID and 'new function on every call' in f.message]


def test_same_wrapper_twice():
    assert lines("window.addEventListener('resize', wrap(this.onResize))",
                 "window.removeEventListener('resize', wrap(this.onResize))") == [4]


@pytest.mark.parametrize(
    ('add', 'remove'),
    (
        pytest.param("window.addEventListener('resize', this.onResize)", "window.removeEventListener('resize', this.onResize)",
                     id='same reference'),
        pytest.param("window.addEventListener('resize', wrap(this.onResize))",
                     "window.removeEventListener('scroll', wrap(this.onResize))", id='another event'),
        pytest.param("document.addEventListener('resize', wrap(this.onResize))",
                     "window.removeEventListener('resize', wrap(this.onResize))", id='another target'),
        pytest.param("window.addEventListener('k', getHandler('k'))", "window.removeEventListener('k', getHandler('k'))",
                     id='a kept handler looked up'),
        pytest.param("dom.addEventListener(el, dom.transitionEvent(), f)", "dom.removeEventListener(el, dom.transitionEvent(), f)",
                     id='a helper naming the event'),
    ),
)
def test_not_asked(add, remove):
    assert lines(add, remove) == []
