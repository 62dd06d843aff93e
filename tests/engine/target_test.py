"""What the readers hand the audit: the file's own lines whatever git sees."""
from __future__ import annotations

import pytest

from vcx_hook.engine.target import Change
from vcx_hook.engine.target import lines_differ_from_git
from vcx_hook.engine.target import source_text
from vcx_hook.engine.target import text_change
from vcx_hook.main import main
from tests.helpers import git


@pytest.mark.parametrize(
    ('data', 'text'),
    (
        pytest.param(b'a\r\nb\r\n', b'a\r\nb\r\n', id='CRLF stays'),
        pytest.param(b'a\rb\r\nc\n', b'a\nb\r\nc\n', id='lone CR'),
        pytest.param(b'\xef\xbb\xbfa\n', b'a\n', id='UTF-8 BOM'),
        pytest.param('é\n'.encode('utf-16'), 'é\n'.encode(), id='UTF-16 BOM'),
        pytest.param(b'\xff\xfe\x00\x00' + 'é\n'.encode('utf-32-le'), 'é\n'.encode(), id='UTF-32 BOM'),
        pytest.param(b'x = "\0";\n', b'x = " ";\n', id='NUL'),
    ),
)
def test_source_text(data, text):
    assert source_text(data) == text


@pytest.mark.parametrize(
    ('data', 'change', 'expected'),
    (
        pytest.param(b'a\rb\rc\r', Change(((0, 1),)), Change(((0, 3),)), id='one git line is three'),
        pytest.param(b'a\nb\rc\nd\n', Change(((1, 2),), (2,)), Change(((1, 3),), (3,)), id='mixed'),
        pytest.param(b'a\r\nb\rc\r\n', Change(((1, 2),)), Change(((1, 3),)), id='CRLF around'),
        pytest.param('a\n'.encode('utf-16'), Change(((0, 1),)), None, id='UTF-16: all of it'),
    ),
)
def test_text_change(data, change, expected):
    assert lines_differ_from_git(data)
    assert text_change(data, change) == expected


def test_a_diff_of_a_cr_only_file(tmp_path, monkeypatch, capsys):
    """Issue 19: `--diff` read a lone CR as a line break and refused git's own diff."""
    monkeypatch.chdir(tmp_path)
    git(tmp_path, 'init', '-q')
    (tmp_path / '.vcx.toml').write_text('enable = ["timezone"]\nblock = "low"\n')
    old = 'export function f() {\n  return 1;\n}\n'
    (tmp_path / 'a.js').write_bytes(old.replace('\n', '\r').encode())
    git(tmp_path, 'add', '.')
    git(tmp_path, 'commit', '-qm', 'f')
    new = old + 'export function g() {\n  const d = new Date();\n  d.setHours(0, 0, 0, 0);\n}\n'
    (tmp_path / 'a.js').write_bytes(new.replace('\n', '\r').encode())
    git(tmp_path, 'diff', '--output=change.diff')
    assert main(['audit', '--diff', 'change.diff']) == 1
    assert [line for line in capsys.readouterr().out.splitlines() if line.startswith('a.js')] == [
        'a.js · g',
        "a.js:6:3: timezone (low): `d.setHours(0, 0, 0, 0)` is calendar maths in the server's zone (UTC in production, yours on a laptop): `setUTCHours` or an explicit zone (also line 5)",
    ]
