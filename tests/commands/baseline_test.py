"""The baseline: keyed by code, not lines; multiplicity; stale entries; --prune; read from the index."""
from __future__ import annotations

import hashlib
import json

import pytest

from vcx_hook.commands import baseline
from vcx_hook.commands.baseline import Entry
from vcx_hook.errors import VcxError
from vcx_hook.finding import Finding
from vcx_hook.main import main

from tests.helpers import git

JOBS = '''function nightly() {
  const d = new Date();
  d.setHours(0, 0, 0, 0);
  return d;
}

function weekly() {
  const d = new Date();
  d.setDate(7);
  return d;
}
'''


def fp(path, function, code, check='timezone'):
    return hashlib.sha256('\0'.join((check, path, function, code)).encode()).hexdigest()[:32]


NIGHTLY = fp('src/jobs.js', 'nightly', 'd.setHours(0, 0, 0, 0)')
WEEKLY = fp('src/jobs.js', 'weekly', 'd.setDate(7)')
FILE = f'''{{"version": 1, "entries": [
  {{"path": "src/jobs.js", "function": "nightly", "check": "timezone", "fingerprint": "{NIGHTLY}", "count": 1}},
  {{"path": "src/jobs.js", "function": "weekly", "check": "timezone", "fingerprint": "{WEEKLY}", "count": 1}}
]}}
'''


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv('GIT_INDEX_FILE', raising=False)
    monkeypatch.delenv('PRE_COMMIT_FROM_REF', raising=False)
    monkeypatch.delenv('PRE_COMMIT_TO_REF', raising=False)
    git(tmp_path, 'init', '-q')
    (tmp_path / '.vcx.toml').write_text('enable = ["timezone"]\nblock = "low"\nfold = false\n')
    (tmp_path / 'src').mkdir()
    (tmp_path / 'src' / 'jobs.js').write_text(JOBS)
    git(tmp_path, 'add', '-A')
    git(tmp_path, 'commit', '-qm', 'legacy')
    return tmp_path


def audit_json(capsys, *argv):
    code = main(['audit', '--format', 'json', *argv])
    doc = json.loads(capsys.readouterr().out)
    return code, [f'{f["path"]}:{f["line"]} {f["function"]}' for f in doc['findings']], doc['notes']


def test_baseline_writes_sorted_line_per_entry_json(repo, capsys):
    assert main(['baseline']) == 0
    assert capsys.readouterr().out == 'vcx: wrote .vcx-baseline.json: 2 open questions in 1 file; commit it to share it\n'
    assert (repo / '.vcx-baseline.json').read_text() == FILE
    assert main(['audit', '--all']) == 0
    assert capsys.readouterr().out == ''
    assert audit_json(capsys, '--all') == (0, [], ['2 questions recorded in .vcx-baseline.json not shown (--no-baseline shows them)'])
    assert audit_json(capsys, '--all', '--no-baseline')[:2] == (1, ['src/jobs.js:3 nightly', 'src/jobs.js:9 weekly'])


def test_baseline_survives_unrelated_edits_above(repo, capsys):
    main(['baseline'])
    capsys.readouterr()
    src = repo / 'src' / 'jobs.js'
    src.write_text('import { x } from "./x";\n\nfunction added() {\n  return x;\n}\n\n' + src.read_text().replace('  const d', '  // note\n  const d'))
    assert audit_json(capsys, '--all')[:2] == (0, [])
    main(['baseline'])
    capsys.readouterr()
    assert (repo / '.vcx-baseline.json').read_text() == FILE  # no churn


@pytest.mark.parametrize(
    ('edit', 'reported'),
    (
        pytest.param(('  d.setHours(0, 0, 0, 0);\n', '  d.setHours(0, 0, 0, 0);\n  d.setHours(0, 0, 0, 0);\n'), ['src/jobs.js:4 nightly'], id='same code again'),
        pytest.param(('  d.setHours(0, 0, 0, 0);\n', '  d.setHours(0, 0, 0, 0);\n  d.setDate(1);\n'), ['src/jobs.js:4 nightly'], id='other code same function'),
        pytest.param(('function weekly', 'function monthly'), ['src/jobs.js:9 monthly'], id='renamed function'),
    ),
)
def test_new_instance_in_the_same_function_is_reported(repo, capsys, edit, reported):
    main(['baseline'])
    capsys.readouterr()
    src = repo / 'src' / 'jobs.js'
    src.write_text(src.read_text().replace(*edit))
    assert audit_json(capsys, '--all')[:2] == (1, reported)


def test_fixing_one_and_adding_another_does_not_cancel_out(repo, capsys):
    main(['baseline'])
    capsys.readouterr()
    src = repo / 'src' / 'jobs.js'
    src.write_text(src.read_text().replace('d.setHours(0, 0, 0, 0)', 'd.setUTCHours(0, 0, 0, 0)').replace('return d;\n}\n\nfunction weekly', 'd.setMonth(1);\n  return d;\n}\n\nfunction weekly'))
    assert audit_json(capsys, '--all') == (1, ['src/jobs.js:4 nightly'], [
        '1 question recorded in .vcx-baseline.json not shown (--no-baseline shows them)',
        '1 baseline entry no longer occurs: `vcx baseline --prune` drops them',
    ])
    assert main(['audit', '--all']) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[:3] == [
        'vcx: 1 question to answer in 1 function of 1 file (whole files: 1 file audited)',
        '  1 question recorded in .vcx-baseline.json not shown (--no-baseline shows them)',
        '  1 baseline entry no longer occurs: `vcx baseline --prune` drops them',
    ]


def test_prune_drops_stale_entries_and_records_nothing_new(repo, capsys):
    main(['baseline'])
    capsys.readouterr()
    src = repo / 'src' / 'jobs.js'
    src.write_text(src.read_text().replace('d.setHours(0, 0, 0, 0)', 'd.setUTCHours(0, 0, 0, 0)').replace('d.setDate(7);', 'd.setDate(7);\n  d.setMonth(1);'))
    assert main(['baseline', '--prune']) == 0
    assert capsys.readouterr().out == 'vcx: .vcx-baseline.json: dropped 1 of 2 recorded questions; 1 left in 1 file\n'
    lines = FILE.splitlines()
    assert (repo / '.vcx-baseline.json').read_text() == '\n'.join([lines[0], lines[2], lines[3]]) + '\n'
    assert audit_json(capsys, '--all')[:2] == (1, ['src/jobs.js:10 weekly'])
    assert audit_json(capsys, '--all')[2][1:] == []  # nothing stale any more


def test_deleted_renamed_and_excluded_files_make_entries_stale(repo, capsys):
    main(['baseline'])
    capsys.readouterr()
    git(repo, 'mv', 'src/jobs.js', 'src/cron.js')
    assert audit_json(capsys, '--all') == (1, ['src/cron.js:3 nightly', 'src/cron.js:9 weekly'], [
        '2 baseline entries no longer occur: `vcx baseline --prune` drops them',
    ])
    git(repo, 'mv', 'src/cron.js', 'src/jobs.js')
    (repo / '.vcx.toml').write_text('enable = ["timezone"]\nblock = "low"\nextend-exclude = ["src/**"]\n')
    assert audit_json(capsys, '--all')[2] == ['2 baseline entries no longer occur: `vcx baseline --prune` drops them']
    # Only a whole-repository run knows a path is gone: naming files judges just those files.
    assert audit_json(capsys, '--all', '.vcx.toml')[2] == []


def test_staged_mode_reads_the_staged_baseline(repo, capsys):
    main(['baseline'])
    git(repo, 'add', '.vcx-baseline.json')
    git(repo, 'commit', '-qm', 'baseline')
    capsys.readouterr()
    src = repo / 'src' / 'jobs.js'
    src.write_text(src.read_text().replace('  return d;\n}\n\nfunction weekly', '  return d; // midnight\n}\n\nfunction weekly'))
    git(repo, 'add', 'src/jobs.js')
    assert main(['audit']) == 0
    assert capsys.readouterr().out == '1 question recorded in .vcx-baseline.json not shown (--no-baseline shows them)\n'
    (repo / '.vcx-baseline.json').unlink()  # unstaged: the commit is still judged by the staged baseline
    assert audit_json(capsys, '--ask', 'touched-functions')[:2] == (0, [])
    git(repo, 'add', '.vcx-baseline.json')
    assert audit_json(capsys, '--ask', 'touched-functions')[:2] == (1, ['src/jobs.js:3 nightly'])
    assert audit_json(capsys)[:2] == (0, [])  # asked before the change, about a line it did not write


def test_range_mode_reads_the_baseline_at_to_ref(repo, capsys):
    main(['baseline'])
    git(repo, 'add', '.vcx-baseline.json')
    git(repo, 'commit', '-qm', 'baseline')
    base = git(repo, 'rev-parse', 'HEAD').stdout.strip()
    src = repo / 'src' / 'jobs.js'
    src.write_text(src.read_text().replace('  return d;\n}\n\nfunction weekly', '  return d; // midnight\n}\n\nfunction weekly'))
    git(repo, 'commit', '-qam', 'touch')
    (repo / '.vcx-baseline.json').unlink()
    capsys.readouterr()
    assert audit_json(capsys, '--from-ref', base, '--to-ref', 'HEAD')[:2] == (0, [])


@pytest.mark.parametrize(
    ('text', 'error'),
    (
        pytest.param('{', '.vcx-baseline.json: not valid JSON: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)', id='not json'),
        pytest.param('[]', '.vcx-baseline.json: expected {"version": 1, "entries": [...]}', id='not an object'),
        pytest.param('{"version": 2, "entries": []}', '.vcx-baseline.json: version 2 is not supported (expected 1)', id='version'),
        pytest.param('{"version": 1, "entries": [{"path": "a.js"}]}', '.vcx-baseline.json: entries[0]: expected an object with keys path, function, check, fingerprint, count', id='missing keys'),
        pytest.param('{"version": 1, "entries": [{"path": "a.js", "function": "f", "check": "timezone", "fingerprint": "x", "count": 0}]}', '.vcx-baseline.json: entries[0]: path, function, check and fingerprint are strings; count is a positive integer', id='zero count'),
        pytest.param('<<<<<<< HEAD\n=======\n>>>>>>> other\n', ".vcx-baseline.json: merge conflict markers; keep both sides' lines, or run `vcx baseline --prune` (it keeps both sides and drops what no longer occurs)", id='conflict'),
    ),
)
def test_bad_baseline_is_one_line_exit_2(repo, capsys, text, error):
    (repo / '.vcx-baseline.json').write_text(text)
    assert main(['audit', '--all']) == 2
    assert capsys.readouterr().err == f'vcx: {error}\n'


def test_prune_resolves_a_merge_conflict_keeping_both_sides(repo, capsys):
    lines = FILE.splitlines()
    conflicted = '\n'.join([
        lines[0],
        '<<<<<<< HEAD',
        lines[1],
        '||||||| base',
        '  {"path": "src/gone.js", "function": "f", "check": "timezone", "fingerprint": "0", "count": 1},',
        '=======',
        lines[2] + ',',
        '  {"path": "src/other.js", "function": "g", "check": "timezone", "fingerprint": "1", "count": 1}',
        '>>>>>>> feature',
        lines[3],
    ]) + '\n'
    (repo / '.vcx-baseline.json').write_text(conflicted)
    assert main(['baseline', '--prune']) == 0
    assert capsys.readouterr().out == 'vcx: .vcx-baseline.json: dropped 1 of 3 recorded questions; 2 left in 1 file\n'
    assert (repo / '.vcx-baseline.json').read_text() == FILE


def test_baseline_outside_a_repository(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv('GIT_CEILING_DIRECTORIES', str(tmp_path.parent))
    assert main(['baseline']) == 2
    assert capsys.readouterr().err == 'vcx: baseline: not in a git repository (the baseline covers every tracked JS/TS file)\n'


# --- the module ------------------------------------------------------------------------------

def finding(line, function='f', code='d.setDate(1)', path='a.js'):
    return Finding(path, line, 3, 'timezone', function, 'msg', 'q?', line, code)


@pytest.mark.parametrize(
    ('recorded', 'found', 'open_lines', 'hidden', 'stale'),
    (
        pytest.param(1, [3], [], 1, 0, id='same'),
        pytest.param(1, [3, 9], [9], 1, 0, id='one more: the later one is new'),
        pytest.param(2, [3, 9], [], 2, 0, id='both recorded'),
        pytest.param(2, [3], [], 1, 1, id='one fixed: stale'),
        pytest.param(1, [], [], 0, 1, id='all fixed'),
    ),
)
def test_apply_counts_identical_fingerprints(recorded, found, open_lines, hidden, stale):
    entries = baseline.from_findings([finding(1)] * recorded)
    assert entries == [Entry('a.js', 'f', 'timezone', baseline.key_of(finding(1))[3], recorded)]
    applied = baseline.apply(entries, [finding(n) for n in found], judged=lambda path: True)
    assert ([f.line for f in applied.open], applied.hidden, applied.stale) == (open_lines, hidden, stale)


def test_apply_only_calls_judged_paths_stale():
    entries = baseline.from_findings([finding(1, path='a.js'), finding(1, path='b.js')])
    applied = baseline.apply(entries, [], judged=lambda path: path == 'b.js')
    assert (applied.hidden, applied.stale) == (0, 1)


def test_key_ignores_line_and_message_but_not_function_or_code():
    assert baseline.key_of(finding(1)) == baseline.key_of(finding(40)._replace(message='other', col=9))
    assert baseline.key_of(finding(1)) != baseline.key_of(finding(1, function='g'))
    assert baseline.key_of(finding(1)) != baseline.key_of(finding(1, code='d.setDate(2)'))


def test_dumps_is_deterministic_and_loads_round_trips():
    entries = baseline.from_findings([finding(1, 'z'), finding(2, 'a'), finding(3, 'a')])
    text = baseline.dumps(entries)
    assert text == baseline.dumps(list(reversed(entries)))
    assert [json.loads(ln.strip().rstrip(','))['function'] for ln in text.splitlines()[1:-1]] == ['a', 'z']
    assert baseline.loads(text, 'x') == entries
    assert baseline.dumps([]) == '{"version": 1, "entries": [\n]}\n'
    assert baseline.loads(baseline.dumps([]), 'x') == []


def test_duplicate_lines_after_a_merge_keep_the_larger_count():
    one = Entry('a.js', 'f', 'timezone', 'x', 1)
    doc = {'version': 1, 'entries': [dict(zip(('path', 'function', 'check', 'fingerprint', 'count'), e)) for e in (one, one._replace(occurrences=3), one)]}
    assert baseline.loads(json.dumps(doc), 'x') == [one._replace(occurrences=3)]
    with pytest.raises(VcxError):
        baseline.loads('<<<<<<< a\n', 'x')
