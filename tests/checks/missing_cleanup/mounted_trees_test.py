from __future__ import annotations

import pytest

from vcx_hook.checks.missing_cleanup import ID
from vcx_hook.config import default_config
from vcx_hook.engine import audit
from vcx_hook.engine.target import Target

CONFIG = default_config()._replace(enabled=frozenset((ID,)), show='low')


def lines(imports: str, body: str) -> list[int]:
    src = f'{imports}\nexport class W {{\n  constructor(el) {{ {body}; }}\n  destroy() {{ this.off(); }}\n}}\n'
    result = audit.audit(Target('src/w.jsx', src.encode(), None), CONFIG)
    return [f.line for f in result.findings if f.check_id == ID and 'never unmounts' in f.message]


@pytest.mark.parametrize(
    ('imports', 'body'),
    (
        pytest.param("import { render } from 'preact';", 'render(<A />, el)', id='preact'),
        pytest.param("import ReactDOM from 'react-dom';", 'ReactDOM.render(<A />, el)', id='react-dom'),
    ),
)
def test_asked(imports, body):
    assert lines(imports, body) == [3]


@pytest.mark.parametrize(
    ('imports', 'body'),
    (
        pytest.param("import { render } from './render';", 'render(<A />, el)', id="the project's render"),
        pytest.param("import { render } from 'preact';", 'render(<A />, el); this.off = () => render(null, el)',
                     id='unmounted in the class'),
        pytest.param("import { render, unmountComponentAtNode } from 'react-dom';",
                     'render(<A />, el); this.off = () => unmountComponentAtNode(el)', id='unmountComponentAtNode'),
    ),
)
def test_not_asked(imports, body):
    assert lines(imports, body) == []
