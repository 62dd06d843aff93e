"""A floating `.then()` chain on a same-file promise that rejects with no error (a cancel)."""
from __future__ import annotations

import pytest

from vcx_hook.checks.error_handling import ID
from vcx_hook.config import default_config
from vcx_hook.engine import audit
from vcx_hook.engine.target import Target


def findings(src: str) -> list[tuple[int, str]]:
    result = audit.audit(Target('src/components/Dialog.jsx', src.encode(), None), default_config())
    return [(f.line, f.confidence) for f in result.findings if f.check_id == ID and 'rejects with no error' in f.message]


CONFIRM = ('function confirm() {\n  return new Promise((resolve, no) => {\n'
           '    Modal.confirm({ onOk: () => resolve(), onCancel: () => no() });\n  });\n}\n')


def test_cancel_unhandled():
    assert findings(CONFIRM + 'function close(d) {\n  confirm().then(d.dismiss);\n}\n') == [(7, 'low')]


def test_arrow_declared():
    src = CONFIRM.replace('function confirm() {', 'const confirm = () => {').replace('  });\n}\n', '  });\n};\n')
    assert findings(src + 'function close(d) {\n  confirm().then(() => d.dismiss()).then(log);\n}\n') == [(7, 'low')]


@pytest.mark.parametrize('use', (
    pytest.param('confirm().then(d.dismiss).catch(() => {});', id='caught'),
    pytest.param('confirm().then(d.dismiss, () => {});', id='rejection handler'),
    pytest.param('return confirm().then(d.dismiss);', id='returned'),
    pytest.param('other().then(d.dismiss);', id='another function'),
))
def test_not_asked(use):
    assert findings(CONFIRM + f'function close(d) {{\n  {use}\n}}\n') == []


def test_rejects_with_an_error():
    src = CONFIRM.replace('no()', 'no(new Error("cancelled"))')
    assert findings(src + 'function close(d) {\n  confirm().then(d.dismiss);\n}\n') == []
