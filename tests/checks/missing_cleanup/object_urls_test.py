from __future__ import annotations

import pytest

from vcx_hook.checks.missing_cleanup import ID
from vcx_hook.config import default_config
from vcx_hook.engine import audit
from vcx_hook.engine.target import Target


def findings(src: str, path: str = 'src/components/Preview.tsx') -> list[tuple[int, str]]:
    result = audit.audit(Target(path, src.encode(), None), default_config())
    return [(f.line, f.confidence) for f in result.findings
            if f.check_id == ID and 'createObjectURL' in f.message]


def component(body: str) -> str:
    return f'export function Preview({{ blob, setSrc }}) {{\n  const show = () => {{\n    {body}\n  }};\n  return show;\n}}\n'


@pytest.mark.parametrize(
    'body',
    (
        pytest.param('setSrc(URL.createObjectURL(blob));', id='state setter'),
        pytest.param('const url = window.URL.createObjectURL(blob);\n    setSrc(url);', id='through a local'),
        pytest.param('img.src = URL.createObjectURL(blob);', id='element source'),
        pytest.param('const url = URL.createObjectURL(blob);\n    a.href = url;\n    a.click();', id='download link'),
        pytest.param("a.href = URL.createObjectURL(blob);\n    a.click();", id='download link written there'),
    ),
)
def test_kept_for_display(body):
    assert findings(component(body)) == [(3, 'low')]


@pytest.mark.parametrize(
    'body',
    (
        pytest.param('const url = URL.createObjectURL(blob);\n    a.href = url;\n    a.click();\n    return url;',
                     id='download link handed back'),
        pytest.param('const url = URL.createObjectURL(blob);\n    a.href = url;', id='link never clicked here'),
        pytest.param('new Worker(URL.createObjectURL(blob));', id='worker script'),
        pytest.param('URL.revokeObjectURL(old);\n    setSrc(URL.createObjectURL(blob));', id='file revokes'),
        pytest.param('upload(URL.createObjectURL(blob));', id='handed to another function'),
    ),
)
def test_not_asked(body):
    assert findings(component(body)) == []


def test_helper_result_is_its_callers():
    assert findings('export const toUrl = (blob) => URL.createObjectURL(blob);\n') == []
