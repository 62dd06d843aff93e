"""Bad input: keep working, lose nothing, never a traceback."""
from __future__ import annotations

import pytest

from vcx_hook.config import default_config
from vcx_hook.engine import audit
from vcx_hook.engine.target import Target
from vcx_hook.main import main
from tests.helpers import git

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
    assert run(b'\x00\x01\x02ELF' + bytes(range(256)) * 4) == ([], ['0: binary content (NUL bytes, and bytes that are not UTF-8), not audited'])


def test_minified_bundle_is_skipped_with_a_note():
    bundle = b'!function(){' + b'var a=new Date;a.setHours(0,0,0,0);' * 150_000 + b'}();'
    findings, problems = run(bundle, 'vendor.js')
    assert findings == []
    assert problems == ['0: 5,250,016 bytes is over the 1,000,000-byte limit, not audited']
    findings, problems = run(b'var x=1;' * 2000, 'small.min.js')
    assert problems == ['0: a 16,000-character line (minified or generated?), not audited']


def test_a_file_whose_role_is_not_audited_is_skipped_without_a_note():
    """Yarn's committed release (3 MB) is vendored code: not audited, and nothing to say about its size."""
    big = b'var a = 1;\n' * 300_000
    assert run(big, '.yarn/releases/yarn-4.12.0.cjs') == ([], [])
    assert run(big, 'src/big.js')[1] == ['0: 3,300,000 bytes is over the 1,000,000-byte limit, not audited']


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


ZONE = "is calendar maths in the server's zone (UTC in production, yours on a laptop): `setUTCHours` or an explicit zone"
CLASSIC = '// old Mac line endings\nexport function f() {\n  const d = new Date();\n  // midnight\n  d.setHours(0, 0, 0, 0);\n  return d;\n}\n'
MORE = 'export function g() {\n  const d = new Date(); /* é */ d.setHours(0, 0, 0, 0);\n}\n'


@pytest.fixture(params=['git', 'libgit2'])
def repo(request, tmp_path, monkeypatch):
    """A new repository; staged changes as git lists them, and as libgit2 diffs the index."""
    if request.param == 'libgit2':
        from vcx_hook.engine import gitcli

        monkeypatch.setattr(gitcli, 'staged_changes', lambda r: None)
    monkeypatch.chdir(tmp_path)
    git(tmp_path, 'init', '-q')
    (tmp_path / '.vcx.toml').write_text('enable = ["timezone"]\nblock = "low"\n')
    return tmp_path


def stage(repo, capsys, files):
    for name, data in files.items():
        (repo / name).write_bytes(data)
    git(repo, 'add', '.')
    code = main(['audit'])
    return code, [line for line in capsys.readouterr().out.splitlines() if line.startswith(('note:', *files))]


def test_cr_only_line_endings_keep_their_lines(repo, capsys):
    """Issue 19: a file saved with CR line endings was one line to git and tree-sitter (`a.js:1:87`)."""
    assert stage(repo, capsys, {'a.js': CLASSIC.replace('\n', '\r').encode()}) == (1, [
        'a.js · f',
        f'a.js:5:3: timezone (low): `d.setHours(0, 0, 0, 0)` {ZONE} (also line 3)',
    ])
    git(repo, 'commit', '-qm', 'f')
    # Only g is touched, though git sees one changed line.
    assert stage(repo, capsys, {'a.js': (CLASSIC + MORE).replace('\n', '\r').encode()}) == (1, [
        'a.js · g',
        f'a.js:9:33: timezone (low): `d.setHours(0, 0, 0, 0)` {ZONE}',
    ])


@pytest.mark.parametrize('codec', ('utf-16', 'utf-16-be'))
def test_utf16_with_a_byte_order_mark_is_audited(repo, capsys, codec):
    """Issue 19: skipped as 'binary content'.  Lines and (code-point) columns are the file's."""
    def utf16(text):
        return text.encode(codec) if codec == 'utf-16' else b'\xfe\xff' + text.encode(codec)

    assert stage(repo, capsys, {'a.js': utf16(CLASSIC)}) == (1, [
        'a.js · f',
        f'a.js:5:3: timezone (low): `d.setHours(0, 0, 0, 0)` {ZONE} (also line 3)',
    ])
    git(repo, 'commit', '-qm', 'f')
    assert stage(repo, capsys, {'a.js': utf16(CLASSIC + MORE)}) == (1, [
        'a.js · g',
        f'a.js:9:33: timezone (low): `d.setHours(0, 0, 0, 0)` {ZONE}',
    ])


def test_nul_bytes_in_text_are_audited_and_skipped_files_say_why(repo, capsys):
    """Issue 19: a NUL byte in a string made a source file 'binary content'."""
    files = {
        'nul.js': CLASSIC.replace('// old Mac', 'const sep = "\0"; // old Mac').encode(),
        'logo.js': b'\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\xff\xd8',
        'bare16.js': CLASSIC.encode('utf-16-le'),
        'bad16.js': b'\xff\xfe' + 'const a = 1;\n'.encode('utf-16-le') + b'\x00\xd8',
    }
    assert stage(repo, capsys, files) == (1, [
        'nul.js · f',
        f'nul.js:5:3: timezone (low): `d.setHours(0, 0, 0, 0)` {ZONE} (also line 3)',
        'note: bad16.js: UTF-16-LE with a byte-order mark that does not decode (at byte 28), not audited',
        'note: bare16.js: NUL bytes between the characters: UTF-16 without a byte-order mark? Not audited (save it as UTF-8)',
        'note: logo.js: binary content (NUL bytes, and bytes that are not UTF-8), not audited',
    ])


def _finding(code, function='f'):
    from vcx_hook.finding import Finding

    return Finding('a.js', 1, 1, 'error-handling', function, 'm', 'q', 1, code)


@pytest.mark.parametrize(('before', 'now', 'same'), [
    pytest.param('fetch(url, { method: "POST", })', "fetch(url,{method:'POST'})", True, id='layout-quotes-commas'),
    pytest.param('fetch(url, { method: "POST" })', "fetch(url, { method: 'PUT' })", False, id='another-value'),
    pytest.param('fetch(u, {' + ' x: 1,' * 40, 'fetch(u,{' + 'x:1,' * 60, True, id='both-cut-at-200'),
    pytest.param('fetch(u, {' + ' x: 1,' * 40, 'fetch(u, { y: 2,' + ' x: 1,' * 40, False, id='cut-but-another-start'),
])
def test_a_question_asked_before_is_found_though_reformatted(before, now, same):
    """``Finding.code`` is the node's text with its whitespace collapsed, cut at 200 characters."""
    from collections import Counter

    old = audit._key(_finding(before[:200]))
    assert (audit._asked(audit._key(_finding(now[:200])), Counter([old])) == old) is same
    assert audit._asked(audit._key(_finding(now[:200], function='g')), Counter([old])) is None


def test_the_version_before_is_audited_only_for_questions_that_may_be_older(monkeypatch):
    """A question about code the change wrote is new whatever the version before asked: when every
    question is one, the version before is not parsed or audited (the hook's cost stays at one
    audit); a question about a line the change left alone still is."""
    from vcx_hook.engine.target import Base
    from vcx_hook.engine.target import Change

    old = b'export function nightly() {\n  const d = new Date();\n  return d;\n}\n'
    new = b'export function nightly() {\n  const d = new Date();\n  d.setHours(0, 0, 0, 0);\n  return d;\n}\n'
    base = Base('a.js', old, Change((), (2,)))
    audited: list[str] = []
    real = audit._asked_before

    def spy(b, found, config, today):
        audited.append(','.join(f'{f.check_id}:{f.line}' for f in found))
        return real(b, found, config, today)

    monkeypatch.setattr(audit, '_asked_before', spy)
    result = audit.audit(Target('a.js', new, Change(((2, 3),)), base), default_config())
    assert [(f.line, f.check_id) for f in result.findings] == [(3, 'timezone')]
    assert audited == []
    # The change writes only the return line: the question is about lines 2 and 3, left alone.
    edited = new.replace(b'return d;', b'return d; // kept')
    result = audit.audit(Target('a.js', edited, Change(((3, 4),)), Base('a.js', new, Change(((3, 4),)))), default_config())
    assert audited == ['timezone:3']
    assert [(f.line, f.check_id) for f in result.older] == [(3, 'timezone')]
