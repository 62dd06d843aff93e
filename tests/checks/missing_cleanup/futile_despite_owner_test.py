from __future__ import annotations

import pytest

from vcx_hook.checks.missing_cleanup import ID
from vcx_hook.config import default_config
from vcx_hook.engine import audit
from vcx_hook.engine.target import Target

CONFIG = default_config()._replace(enabled=frozenset((ID,)), show='low')


def found(add: str, remove: str) -> list[str]:
    src = (f'export class Plugin {{\n  constructor(view) {{\n    this.view = view;\n    {add};\n  }}\n'
           f'  destroy() {{\n    {remove};\n  }}\n}}\n')
    result = audit.audit(Target('src/plugin.js', src.encode(), None), CONFIG)
    return [f'{f.line} {f.confidence} {f.message}' for f in result.findings if f.check_id == ID]


def test_bound_removal_on_a_target_the_class_was_given():
    assert found("view.dom.addEventListener('keydown', this.onKey.bind(this))",
                 "this.view.dom.removeEventListener('keydown', this.onKey.bind(this))") == [
        "7 low `this.view.dom.removeEventListener('keydown', this.onKey.bind(this))` removes nothing: it "
        'passes a new function (`.bind(this)` makes one each call), so the listener added on line 4 stays',
    ]


@pytest.mark.parametrize(
    ('add', 'remove'),
    (
        pytest.param("view.dom.addEventListener('keydown', this.onKey)",
                     "this.view.dom.removeEventListener('keydown', this.onKey)", id='the same reference'),
        pytest.param("view.dom.addEventListener('keydown', this.onKey.bind(this), { once: true })",
                     "this.view.dom.removeEventListener('keydown', this.onKey.bind(this))", id='added once'),
        pytest.param("const el = document.createElement('div'); el.addEventListener('keydown', () => this.onKey())",
                     "el.removeEventListener('keydown', () => this.onKey())", id='a target the class made'),
    ),
)
def test_not_asked(add, remove):
    assert found(add, remove) == []
