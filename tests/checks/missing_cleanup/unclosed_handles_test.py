from __future__ import annotations

import pytest

from vcx_hook.checks.missing_cleanup import ID
from vcx_hook.config import default_config
from vcx_hook.engine import audit
from vcx_hook.engine.target import Target

CONFIG = default_config()._replace(enabled=frozenset((ID,)), show='low')


def lines(src: str) -> list[int]:
    result = audit.audit(Target('src/sound.js', src.encode(), None), CONFIG)
    return [f.line for f in result.findings if f.check_id == ID and 'never closed' in f.message]


@pytest.mark.parametrize(
    'src',
    (
        pytest.param('export function beep() {\n  const ctx = new AudioContext();\n  ctx.createOscillator().connect(ctx.destination);\n}\n',
                     id='an audio context'),
        pytest.param("const StreamZip = require('node-stream-zip');\n"
                     'async function f(file) {\n  const zip = new StreamZip.async({ file });\n  return zip.entries();\n}\n',
                     id='a zip'),
    ),
)
def test_asked(src):
    assert len(lines(src)) == 1


@pytest.mark.parametrize(
    'src',
    (
        pytest.param('export function beep() {\n  const ctx = new AudioContext();\n  ctx.resume();\n  ctx.close();\n}\n',
                     id='closed'),
        pytest.param('export function make() {\n  const ctx = new AudioContext();\n  return ctx;\n}\n', id='returned'),
        pytest.param('export function keep(store) {\n  const ctx = new AudioContext();\n  store.set(ctx);\n}\n',
                     id='handed on'),
        pytest.param("import { AudioContext } from './audio';\n"
                     'export function beep() {\n  const ctx = new AudioContext();\n  ctx.play();\n}\n',
                     id="the project's own class"),
        pytest.param("const StreamZip = require('./zip');\n"
                     'async function f(file) {\n  const zip = new StreamZip.async({ file });\n  return zip.entries();\n}\n',
                     id='another library'),
    ),
)
def test_not_asked(src):
    assert lines(src) == []
