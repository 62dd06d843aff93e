from __future__ import annotations

import pytest

from vcx_hook.checks.error_handling import ID
from vcx_hook.config import default_config
from vcx_hook.engine import audit
from vcx_hook.engine.target import Target


def findings(src: str, path: str = 'src/lib/download.js') -> list[tuple[int, str]]:
    result = audit.audit(Target(path, src.encode(), None), default_config())
    return [(f.line, f.confidence) for f in result.findings if f.check_id == ID and 'pipe' in f.message]


def download(pipe: str = 'res.body.pipe(out);', extra: str = '') -> str:
    return ('async function download(url, out) {\n'
            '  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });\n'
            f'  if (!res.ok) throw new Error(String(res.status));\n  {pipe}\n  {extra}\n}}\n')


def test_fetched_body_piped_with_no_error_listener():
    assert findings(download()) == [(4, 'low')]


def test_converted_body_through_a_const():
    src = download("const source = Readable.fromWeb(res.body);\n  source.pipe(out);")
    assert findings(src) == [(5, 'low')]


@pytest.mark.parametrize(
    'pipe, extra',
    (
        pytest.param('res.body.pipe(out);', "res.body.on('error', (e) => out.destroy(e));", id='listened'),
        pytest.param('res.body.pipe(out);', 'pipeline(a, b, done);', id='the file uses pipeline'),
        pytest.param('fs.createReadStream(path).pipe(out);', '', id='not a fetched body'),
        pytest.param('other.body.pipe(out);', '', id='a body of something not fetched'),
    ),
)
def test_not_asked(pipe, extra):
    assert findings(download(pipe, extra)) == []


def test_in_a_browser_folder_too():
    assert findings(download(), 'packages/client/src/utils/download.js') == [(4, 'low')]
