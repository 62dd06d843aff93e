"""Bad input: keep working, lose nothing, never a traceback."""
from __future__ import annotations

import pytest

from vcx_hook.config import default_config
from vcx_hook.engine import audit
from vcx_hook.engine.target import Target

CFG = default_config()._replace(enabled=frozenset({'timezone'}))
BAD = b'function f() {\n  const d = new Date();\n  d.setHours(0, 0, 0, 0);\n}\n'


def run(data: bytes, path: str = 'a.js'):
    r = audit.audit(Target(path, data, None), CFG)
    return [f'{f.line} {f.check_id}' for f in r.findings], [f'{p.line}: {p.message}' for p in r.problems]


def test_syntax_error_audits_what_parses():
    findings, problems = run(BAD + b'function broken( {\n  oops ]]\n}\n')
    assert findings == ['3 timezone']
    assert problems == ['5: syntax error; audited what parses']


def test_non_utf8_bytes():
    findings, problems = run(b'// caf\xe9 \xff\xfe\n' + BAD)
    assert findings == ['4 timezone']
    assert problems == []


def test_binary_blob_with_js_name():
    assert run(b'\x00\x01\x02ELF' + bytes(range(256)) * 4) == ([], ['0: binary content, not audited'])


def test_minified_bundle_is_skipped_with_a_note():
    bundle = b'!function(){' + b'var a=new Date;a.setHours(0,0,0,0);' * 150_000 + b'}();'
    findings, problems = run(bundle, 'vendor.js')
    assert findings == []
    assert problems == ['0: 5,250,016 bytes is over the 1,000,000-byte limit, not audited']
    findings, problems = run(b'var x=1;' * 2000, 'small.min.js')
    assert problems == ['0: a 16,000-character line (minified or generated?), not audited']


@pytest.mark.parametrize('data', (b'', b'\n\n', b'\xef\xbb\xbf', b'   \r\n'), ids=('empty', 'newlines', 'bom only', 'crlf blank'))
def test_empty_files(data):
    assert run(data) == ([], [])


def test_bom_and_crlf_keep_line_numbers():
    assert run(b'\xef\xbb\xbf' + BAD.replace(b'\n', b'\r\n'))[0] == ['3 timezone']


def test_columns_count_characters_not_bytes():
    r = audit.audit(Target('a.js', 'const d = new Date(); /* é */ d.setHours(0, 0, 0, 0);\n'.encode(), None), CFG)
    assert [(f.line, f.col) for f in r.findings] == [(1, 31)]


@pytest.mark.parametrize('path', ('a.ts', 'a.tsx', 'a.mts', 'a.cjs', 'a.jsx'))
def test_every_suffix_is_audited(path):
    assert run(BAD, path)[0] == ([] if path.endswith(('.tsx', '.jsx')) else ['3 timezone'])


def test_not_javascript_is_ignored():
    r = audit.audit(Target('README.md', BAD, None), CFG)
    assert (r.findings, r.problems, r.audited) == ([], [], False)


def test_a_whole_file_no_gate_opens_on_is_not_parsed(monkeypatch):
    """Nothing to look at: no parse, so no syntax note either; a staged change is parsed."""
    from vcx_hook.engine.target import Change
    from vcx_hook.lang import syntax

    parsed = []
    real = syntax.parse
    monkeypatch.setattr(syntax, 'parse', lambda data, grammar: parsed.append(data) or real(data, grammar))
    broken = b'export const answer = 42;\nfunction broken( {\n'
    assert run(broken) == ([], [])
    assert parsed == []
    r = audit.audit(Target('a.js', broken, Change(((0, 1),))), CFG)
    assert [p.message for p in r.problems] == ['syntax error; audited what parses']
    assert parsed == [broken]
