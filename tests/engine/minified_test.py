"""Minified lines in a file people write: only their top-level statements are left out."""
from __future__ import annotations

import base64

import pytest

from vcx_hook.main import main
from tests.helpers import git

ZONE = "is calendar maths in the server's zone (UTC in production, yours on a laptop): `setUTCHours` or an explicit zone"
NIGHTLY = 'export function nightly() {\n  const d = new Date();\n  d.setHours(0, 0, 0, 0);\n  return d;\n}\n'
LOGO = 'data:image/png;base64,' + base64.b64encode(bytes(range(256)) * 60).decode()  # 20,480 characters
MINIFIED = 'var a=new Date;a.setHours(0,0,0,0);' * 400  # 14,000 characters of code


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    git(tmp_path, 'init', '-q')
    (tmp_path / '.vcx.toml').write_text('enable = ["timezone"]\nblock = "low"\n')
    return tmp_path


def audit_staged(repo, capsys, files):
    for name, text in files.items():
        (repo / name).write_text(text)
    git(repo, 'add', '.')
    code = main(['audit'])
    out = capsys.readouterr().out.splitlines()
    return code, [line for line in out if line.startswith(('vcx:', 'note:', *files))]


def test_a_long_string_is_not_minified_code(repo, capsys):
    """Issue 19: one line over max-line-length (a base64 data URI) skipped the whole file."""
    assert audit_staged(repo, capsys, {'welcome.js': f'const LOGO = "{LOGO}";\n\n{NIGHTLY}'}) == (1, [
        'vcx: 1 question to answer in 1 function of 1 file (this commit: 1 file audited)',
        'welcome.js · nightly',
        f'welcome.js:5:3: timezone (low): `d.setHours(0, 0, 0, 0)` {ZONE} (also line 4)',
    ])


@pytest.mark.parametrize('name', ('util.js', 'util.ts'))
def test_only_the_minified_statement_is_left_out(repo, capsys, name):
    src = f'// pasted minified\n{MINIFIED}\n{NIGHTLY}'
    assert audit_staged(repo, capsys, {name: src}) == (1, [
        'vcx: 1 question to answer in 1 function of 1 file (this commit: 1 file audited)',
        f'{name} · nightly',
        f'{name}:5:3: timezone (low): `d.setHours(0, 0, 0, 0)` {ZONE} (also line 4)',
        f'note: {name}:2: a 14,000-character line (minified or generated?): line 2 not audited',
    ])


def test_a_statement_over_several_lines_is_left_out_whole(repo, capsys):
    src = f'export const table = {{\n  rows: [{MINIFIED.replace(";", ",").rstrip(",")}],\n}};\n{NIGHTLY}'
    assert audit_staged(repo, capsys, {'table.js': src}) == (1, [
        'vcx: 1 question to answer in 1 function of 1 file (this commit: 1 file audited)',
        'table.js · nightly',
        'table.js:6:3: timezone (low): `d.setHours(0, 0, 0, 0)` ' + ZONE + ' (also line 5)',
        'note: table.js:1: a 14,010-character line (minified or generated?): lines 1-3 not audited',
    ])


def test_a_bundle_is_left_out_whole(repo, capsys):
    src = f'/*! vendor v1 | MIT */\n!function(){{{MINIFIED}}}();\n//# sourceMappingURL=vendor.js.map\n'
    assert audit_staged(repo, capsys, {'vendor.js': src}) == (0, [
        'note: vendor.js: a 14,016-character line (minified or generated?), not audited',
    ])
