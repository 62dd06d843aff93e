"""The command line: exit codes, exact checklist lines, formats."""
from __future__ import annotations

import io
import json

import pytest

from vcx_hook import checks
from vcx_hook import main as main_mod
from vcx_hook.checks.timezone import calendar_methods
from vcx_hook.finding import HIGH
from vcx_hook.main import main

from tests.helpers import ROOT

BAD = 'function {name}() {{\n  const d = new Date();\n  d.setHours(0, 0, 0, 0);\n  d.setDate(1);\n  return d;\n}}\n'


@pytest.fixture
def tree(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv('GIT_CEILING_DIRECTORIES', str(tmp_path.parent))
    monkeypatch.delenv('NO_COLOR', raising=False)
    (tmp_path / '.vcx.toml').write_text('enable = ["timezone"]\nblock = "low"\nfold = false\n')
    (tmp_path / 'src').mkdir()
    (tmp_path / 'src' / 'jobs.js').write_text(BAD.format(name='nightly') + BAD.format(name='weekly'))
    (tmp_path / 'src' / 'ok.js').write_text('export const x = 1;\n')
    return tmp_path


def test_text_checklist_exact(tree, capsys):
    assert main(['audit', '--all', 'src']) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == 'vcx: 2 questions to answer in 2 functions of 1 file (whole files: 2 files audited)'
    assert out[2] == 'src/jobs.js · nightly'
    zone = "is calendar maths in the server's zone (UTC in production, yours on a laptop)"
    assert out[3] == f'src/jobs.js:3:3: timezone (low): `d.setHours(0, 0, 0, 0)` {zone}: `setUTCHours` or an explicit zone (also line 2)'
    assert out[4] == f'src/jobs.js:4:3: timezone (low): `d.setDate(1)` {zone}: `setUTCDate` or an explicit zone (also line 2)'
    assert out[5] == '    ? Which time zone is this in on the server, and is that the one you mean?'
    assert out[7] == 'src/jobs.js · weekly'
    assert out[8].startswith('src/jobs.js:9:3: timezone (low): ')
    assert out[-3:] == [
        'Answer each question: fix the code, or say why it is fine on that line or the line above it:',
        '    // vcx-ignore <check-id> -- <why this is fine>',
        'What a check looks for: vcx explain <check-id>.',
    ]
    assert '\033[' not in '\n'.join(out)


def test_nothing_to_ask_prints_nothing(tree, capsys):
    assert main(['audit', '--all', 'src/ok.js']) == 0
    assert capsys.readouterr().out == ''


def test_color_only_when_asked_or_on_a_terminal(tree, capsys, monkeypatch):
    assert main(['audit', '--all', 'src', '--color', 'always']) == 1
    assert '\033[1m' in capsys.readouterr().out

    class Tty(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr('sys.stdout', Tty())
    main(['audit', '--all', 'src'])
    assert '\033[' in main_mod.sys.stdout.getvalue()
    monkeypatch.setattr('sys.stdout', Tty())
    monkeypatch.setenv('NO_COLOR', '1')
    main(['audit', '--all', 'src'])
    assert '\033[' not in main_mod.sys.stdout.getvalue()


def test_json_format(tree, capsys):
    assert main(['audit', '--all', 'src', '--format', 'json']) == 1
    doc = json.loads(capsys.readouterr().out)
    assert [(f['path'], f['line'], f['column'], f['end_line'], f['function'], f['check']) for f in doc['findings']] == [
        ('src/jobs.js', 3, 3, 3, 'nightly', 'timezone'),
        ('src/jobs.js', 4, 3, 4, 'nightly', 'timezone'),
        ('src/jobs.js', 9, 3, 9, 'weekly', 'timezone'),
        ('src/jobs.js', 10, 3, 10, 'weekly', 'timezone'),
    ]
    assert doc['suppressed'] == [] and doc['problems'] == []
    assert set(doc['findings'][0]) >= {'check', 'path', 'line', 'column', 'end_line', 'function', 'message', 'question'}


def test_sarif_format(tree, capsys):
    assert main(['audit', '--all', 'src', '--format', 'sarif']) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc['version'] == '2.1.0'
    run = doc['runs'][0]
    ids = [r['id'] for r in run['tool']['driver']['rules']]
    assert ids == list(checks.IDS)
    first = run['results'][0]
    assert first['ruleId'] == 'timezone'
    assert first['locations'][0]['physicalLocation']['region'] == {'startLine': 3, 'startColumn': 3, 'endLine': 3}
    assert first['locations'][0]['physicalLocation']['artifactLocation'] == {'uri': 'src/jobs.js'}


def test_sarif_fingerprint_survives_line_shifts(tree, capsys):
    main(['audit', '--all', 'src', '--format', 'sarif'])
    before = [r['partialFingerprints'] for r in json.loads(capsys.readouterr().out)['runs'][0]['results']]
    src = tree / 'src' / 'jobs.js'
    src.write_text('// a new header line\n\n' + src.read_text())
    main(['audit', '--all', 'src', '--format', 'sarif'])
    after = json.loads(capsys.readouterr().out)['runs'][0]['results']
    assert [r['partialFingerprints'] for r in after] == before
    assert after[0]['locations'][0]['physicalLocation']['region']['startLine'] == 5


def test_github_format(tree, capsys):
    assert main(['audit', '--all', 'src', '--format', 'github']) == 1
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith('::error file=src/jobs.js,line=3,endLine=3,col=3,title=vcx timezone::`d.setHours(0, 0, 0, 0)`')


@pytest.mark.parametrize(
    ('argv', 'message'),
    (
        pytest.param(['audit', '--format', 'xml'], "invalid choice: 'xml'", id='bad choice'),
        pytest.param(['audit', '--all', 'nope/'], 'nope/: no such file or directory', id='missing path'),
        pytest.param(['audit', '--all', '--diff', 'x'], 'not allowed with argument', id='exclusive modes'),
        pytest.param(['audit', '--diff', 'missing.patch'], '--diff missing.patch: No such file or directory', id='missing diff'),
    ),
)
def test_usage_errors_exit_2_with_one_line(tree, capsys, argv, message):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count('\n') == 1 and err.startswith('vcx: ') and message in err


def test_bad_configuration_exits_2(tree, capsys):
    (tree / '.vcx.toml').write_text('[checks.timezone]\nseverity = "loud"\n')
    assert main(['audit', '--all', 'src']) == 2
    assert capsys.readouterr().err == 'vcx: .vcx.toml: checks.timezone.severity: must be "block" or "warn", not \'loud\'\n'


def test_warn_severity_shows_but_does_not_block(tree, capsys, monkeypatch):
    # questions that would block (no shape is high today; a calendar position is low)
    monkeypatch.setattr(calendar_methods, 'LOW', HIGH)
    (tree / '.vcx.toml').write_text('enable = ["timezone"]\nfold = false\n[checks.timezone]\nseverity = "warn"\n')
    assert main(['audit', '--all', 'src']) == 0
    out = capsys.readouterr().out
    assert out.startswith('vcx: 0 questions to answer, 2 warnings in 2 functions')
    assert 'timezone (warning): ' in out


def test_internal_error_exits_3_with_a_hint(tree, capsys, monkeypatch):
    def boom(*a, **k):
        raise ZeroDivisionError('boom')

    monkeypatch.setattr('vcx_hook.engine.audit.audit', boom)
    assert main(['audit', '--all', 'src', '--jobs', '1']) == 3
    err = capsys.readouterr().err
    assert err.count('\n') == 1 and 'internal error: ZeroDivisionError: boom' in err and 'VCX_DEBUG=1' in err
    assert 'Traceback' not in err


def test_internal_error_traceback_with_vcx_debug(tree, capsys, monkeypatch):
    monkeypatch.setattr('vcx_hook.engine.audit.audit', lambda *a, **k: 1 / 0)
    monkeypatch.setenv('VCX_DEBUG', '1')
    assert main(['audit', '--all', 'src', '--jobs', '1']) == 3
    assert 'Traceback' in capsys.readouterr().err


def test_keyboard_interrupt_exits_130(tree, capsys, monkeypatch):
    def interrupt(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr('vcx_hook.engine.audit.audit', interrupt)
    assert main(['audit', '--all', 'src', '--jobs', '1']) == 130


def test_bare_vcx_means_audit(tree, capsys):
    assert main(['--all', 'src']) == 1


def test_python_dash_m(tree):
    import subprocess
    import sys
    r = subprocess.run([sys.executable, '-m', 'vcx_hook', '--version'], capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout.startswith('vcx ')


def test_the_command_flushes_everything_before_its_fast_exit(tmp_path):
    import pathlib
    import subprocess
    import sys

    demo = ROOT / 'fixtures' / 'demo'
    out = tmp_path / 'out.txt'
    with open(out, 'wb') as f:  # a file, not a pipe: stdout is block-buffered
        r = subprocess.run([sys.executable, '-m', 'vcx_hook', 'audit', '--all', str(demo)], stdout=f)
    text = out.read_text()
    assert r.returncode == 0
    assert text.startswith('vcx: 0 questions to answer, 7 of medium confidence (not blocking)')
    assert text.endswith('8 low-confidence questions not listed (usually not worth asking): vcx audit --show low lists them\n')  # its last line
    head = subprocess.run(f'"{sys.executable}" -m vcx_hook audit --all "{demo}" | head -1', shell=True,
                          capture_output=True, text=True)
    assert head.stdout.startswith('vcx: 0 questions to answer, 7 of medium') and head.stderr == ''


@pytest.mark.parametrize('columns', ['50', '120'])
def test_help_is_wrapped_as_argparse_would(monkeypatch, capsys, columns):
    """The parser's formatter reads the width once, without shutil, and wraps as argparse does."""
    import argparse
    import sys

    monkeypatch.setenv('COLUMNS', columns)
    monkeypatch.setattr(main_mod, '_width', [])
    with pytest.raises(SystemExit):
        main(['audit', '--help'])
    ours = capsys.readouterr().out
    plain = main_mod.build_parser()
    monkeypatch.setattr(main_mod, '_width', [])

    class Plain(argparse.HelpFormatter):
        pass

    for action in plain._subparsers._group_actions:  # type: ignore[union-attr, unused-ignore]
        for sub in action.choices.values():
            sub.formatter_class = Plain
    plain._subparsers._group_actions[0].choices['audit'].print_help(sys.stdout)  # type: ignore[union-attr, unused-ignore]
    assert ours == capsys.readouterr().out
    assert ('[--from-ref FROM_REF]\n' in ours) == (columns == '50')  # wrapped at 50 columns, not at 120


@pytest.mark.parametrize(
    ('argv', 'message'),
    (
        pytest.param(['expalin', 'timezone'], "'expalin' is not a command, file or directory; did you mean `vcx explain`?", id='expalin'),
        pytest.param(['baselin'], "'baselin' is not a command, file or directory; did you mean `vcx baseline`?", id='baselin'),
        pytest.param(['audti', '--all'], "'audti' is not a command, file or directory; did you mean `vcx audit`?", id='audti'),
        pytest.param(
            ['nope.js'], "'nope.js' is not a command, file or directory (commands: audit, explain, config, baseline, answers, install)",
            id='no command near',
        ),
    ),
)
def test_a_mistyped_command_is_a_usage_error(tree, capsys, argv, message):
    assert main(argv) == 2
    assert capsys.readouterr() == ('', f'vcx: {message}\n')


def test_a_first_word_that_is_a_path_is_audited(tree, capsys):
    assert main(['src', '--all']) == 1
    assert main(['src/jobs.js', '--all']) == 1
    assert capsys.readouterr().err == ''


@pytest.mark.parametrize('command', (['audit', '--all', 'src'], ['baseline']))
@pytest.mark.parametrize(
    ('jobs', 'message'),
    (
        pytest.param('0', 'must be 1 or more, not 0 (leave it out for one process per core)', id='0'),
        pytest.param('-1', 'must be 1 or more, not -1 (leave it out for one process per core)', id='-1'),
        pytest.param('many', "'many' is not a number", id='many'),
    ),
)
def test_jobs_below_one_is_a_usage_error(tree, capsys, command, jobs, message):
    assert main([*command, f'--jobs={jobs}']) == 2
    prog = f'vcx {command[0]}'
    assert capsys.readouterr().err == f'vcx: {prog}: argument --jobs/-j: {message} (see {prog} --help)\n'


@pytest.mark.parametrize('source', ('file', 'stdin'))
def test_diff_that_is_not_a_diff_is_a_usage_error(tree, capsys, monkeypatch, source):
    prose = 'Fixed the nightly job; please review.\n'
    if source == 'file':
        (tree / 'notes.txt').write_text(prose)
        argv, shown = ['audit', '--diff', 'notes.txt'], 'notes.txt'
    else:
        monkeypatch.setattr('sys.stdin', io.StringIO(prose))
        argv, shown = ['audit', '--diff', '-'], 'stdin'
    assert main(argv) == 2
    assert capsys.readouterr() == ('', f'vcx: --diff {shown}: not a unified diff (no "--- a/PATH" and "+++ b/PATH" lines)\n')


@pytest.mark.parametrize('text', ('', '\n', '\n\n  \n'))
def test_an_empty_diff_is_a_clean_pass(tree, capsys, monkeypatch, text):
    monkeypatch.setattr('sys.stdin', io.StringIO(text))
    assert main(['audit', '--diff', '-']) == 0
    assert capsys.readouterr() == ('', '')
