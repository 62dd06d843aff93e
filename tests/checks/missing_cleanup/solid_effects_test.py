from __future__ import annotations

import pytest

from vcx_hook.checks.missing_cleanup import ID
from vcx_hook.config import default_config
from vcx_hook.engine import audit
from vcx_hook.engine.target import Target

CONFIG = default_config()._replace(enabled=frozenset((ID,)), show='low')


def findings(head: str, effect: str) -> list[int]:
    src = f"{head}\nexport function View() {{\n  {effect}\n}}\n"
    result = audit.audit(Target('src/view.tsx', src.encode(), None), CONFIG)
    return [f.line for f in result.findings if f.check_id == ID and 'Solid' in f.message]


@pytest.mark.parametrize(
    'head',
    (
        pytest.param("import { createEffect } from 'solid-js';", id='createEffect'),
        pytest.param("import { createRenderEffect as createEffect } from 'solid-js';", id='aliased name kept'),
    ),
)
def test_returned_cleanup(head):
    assert findings(head, 'createEffect(() => () => clearInterval(setInterval(tick, 1000)));') == [3]


@pytest.mark.parametrize(
    ('head', 'effect'),
    (
        pytest.param("import { createEffect } from './effects';", 'createEffect(() => () => stop());', id='not solid'),
        pytest.param("import { createEffect } from 'solid-js';", 'createEffect((n) => n + 1, 0);', id='a value'),
        pytest.param("import { createEffect, onCleanup } from 'solid-js';",
                     'createEffect(() => { const id = setInterval(tick); onCleanup(() => clearInterval(id)); });',
                     id='onCleanup'),
        pytest.param("import { createEffect } from 'solid-js';", 'createEffect(() => { items.map((i) => () => i); });',
                     id='a nested function returns it'),
    ),
)
def test_not_asked(head, effect):
    assert findings(head, effect) == []
