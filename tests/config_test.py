"""Configuration: where it is read from, `vcx config`, and bad files as one-line errors (exit 2)."""
from __future__ import annotations

import pytest

from vcx_hook.checks import BY_ID
from vcx_hook.checks import timezone
from vcx_hook.main import main

from tests.helpers import git

BAD = 'function nightly() {\n  const d = new Date();\n  d.setHours(0, 0, 0, 0);\n  return d;\n}\n'
IDS = ', '.join(sorted(BY_ID))
TOP_KEYS = 'ask, block, show, fold, roles, enable, disable, exclude, extend-exclude, max-file-bytes, max-line-length, names, checks'


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv('GIT_INDEX_FILE', raising=False)
    monkeypatch.delenv('PRE_COMMIT_FROM_REF', raising=False)
    monkeypatch.delenv('PRE_COMMIT_TO_REF', raising=False)
    git(tmp_path, 'init', '-q')
    (tmp_path / 'jobs.js').write_text(BAD)
    return tmp_path


def stage(root, name, text):
    (root / name).write_text(text)
    git(root, 'add', name)


@pytest.mark.parametrize(
    ('name', 'text', 'error'),
    (
        pytest.param('.vcx.toml', 'enable = [', '.vcx.toml (staged): not valid TOML: Invalid value (at end of document)', id='not toml'),
        pytest.param('.vcx.toml', 'colour = 1', f'.vcx.toml (staged): colour: unknown key; allowed: {TOP_KEYS}', id='unknown key'),
        pytest.param('.vcx.toml', 'enable = "timezone"', '.vcx.toml (staged): enable: must be a list of check ids', id='not a list'),
        pytest.param('.vcx.toml', 'disable = ["timezon"]', f".vcx.toml (staged): disable: unknown check id 'timezon'; allowed: {IDS}", id='unknown id'),
        pytest.param('.vcx.toml', '[checks.nope]', f'.vcx.toml (staged): checks.nope: unknown check id; allowed: {IDS}', id='unknown check table'),
        pytest.param('.vcx.toml', '[checks.timezone]\nseverity = "loud"', """.vcx.toml (staged): checks.timezone.severity: must be "block" or "warn", not 'loud'""", id='bad severity'),
        pytest.param('.vcx.toml', '[checks.timezone]\ndates = ["due"]', '.vcx.toml (staged): checks.timezone.dates: unknown key; allowed: severity, date_names', id='unknown name list'),
        pytest.param('.vcx.toml', '[checks.timezone]\ndate_names = "due"', '.vcx.toml (staged): checks.timezone.date_names: must be a list of names to add', id='names not a list'),
        pytest.param('.vcx.toml', '[names]\nstore = ["dal"]', '.vcx.toml (staged): names.store: unknown key; allowed: stores, store_reads, store_writes, sql_runners, query_builders, transactions, http_clients, fetch_functions, limiters, validators, mail_clients', id='unknown names key'),
        pytest.param('.vcx.toml', '[names]\nstores = "dal"', '.vcx.toml (staged): names.stores: must be a list of names to add', id='names key not a list'),
        pytest.param('.vcx.toml', 'names = ["dal"]', '.vcx.toml (staged): names: must be a table of name lists', id='names not a table'),
        pytest.param('.vcx.toml', 'max-file-bytes = 0', '.vcx.toml (staged): max-file-bytes: must be a positive integer', id='bad limit'),
        pytest.param('.vcx.toml', 'exclude = "src"', '.vcx.toml (staged): exclude: must be a list of path globs (e.g. "src/legacy/**")', id='bad exclude'),
        pytest.param('pyproject.toml', '[tool.vcx]\nfoo = 1', f'pyproject.toml (staged): tool.vcx.foo: unknown key; allowed: {TOP_KEYS}', id='pyproject key'),
    ),
)
def test_bad_configuration_is_one_line_exit_2(repo, capsys, name, text, error):
    stage(repo, name, text + '\n')
    git(repo, 'add', 'jobs.js')
    for argv in (['audit'], ['config']):
        assert main(argv) == 2
        assert capsys.readouterr().err == f'vcx: {error}\n'


def test_staged_mode_reads_the_staged_configuration(repo, capsys):
    stage(repo, '.vcx.toml', 'enable = ["timezone"]\nblock = "low"\n')
    git(repo, 'add', 'jobs.js')
    # Unstaged: turning the check off, or breaking the file, does not change what the commit is judged by.
    for unstaged in ('disable = ["timezone"]\n', 'enable = [\n'):
        (repo / '.vcx.toml').write_text(unstaged)
        assert main(['audit']) == 1
        assert capsys.readouterr().out.startswith('vcx: 1 question to answer in 1 function of 1 file (this commit')
    # --all reads the work tree.
    (repo / '.vcx.toml').write_text('disable = ["timezone"]\n')
    assert main(['audit', '--all']) == 0


def test_vcx_toml_wins_over_pyproject(repo, capsys):
    stage(repo, 'pyproject.toml', '[project]\nname = "x"\n\n[tool.vcx]\ndisable = ["timezone"]\n')
    git(repo, 'add', 'jobs.js')
    assert main(['audit']) == 0
    stage(repo, '.vcx.toml', 'enable = ["timezone"]\nblock = "low"\n')
    assert main(['audit']) == 1


def test_pyproject_without_tool_vcx_is_defaults(repo, capsys):
    stage(repo, 'pyproject.toml', '[project]\nname = "x"\n')
    assert main(['config']) == 0
    assert capsys.readouterr().out.splitlines()[0] == f"enable = {sorted(BY_ID)!r}  # default"


def test_vcx_config_shows_values_and_where_they_came_from(repo, capsys):
    stage(repo, '.vcx.toml', 'enable = ["timezone"]\nextend-exclude = ["legacy/**"]\n[checks.timezone]\nseverity = "warn"\ndate_names = ["cutoff"]\n')
    assert main(['config']) == 0
    out = capsys.readouterr()
    lines = out.out.splitlines()
    assert lines[0] == "enable = ['timezone']  # .vcx.toml (staged)"
    assert lines[1].startswith("exclude = ['**/*.test.*', ") and lines[1].endswith(", 'legacy/**']  # .vcx.toml (staged)")
    assert lines[2:4] == ['max-file-bytes = 1000000  # default', 'max-line-length = 10000  # default']
    section = lines[lines.index('[checks.timezone]'):][:3]
    assert section[1] == 'severity = "warn"  # .vcx.toml (staged)'
    assert section[2] == f"date_names = {sorted(timezone.NAMES['date_names'] | {'cutoff'})!r}  # .vcx.toml (staged)"
    assert out.err == ''


@pytest.mark.parametrize(
    ('work_tree', 'note'),
    (
        pytest.param('enable = ["timezone"]\n# a comment\n', None, id='same settings'),
        pytest.param('disable = ["timezone"]\n', '.vcx.toml has unstaged changes; commits are judged by the staged version shown (git add .vcx.toml)', id='changed'),
        pytest.param('enable = [\n', '.vcx.toml has unstaged changes; commits are judged by the staged version shown (git add .vcx.toml)', id='broken'),
    ),
)
def test_vcx_config_notes_unstaged_changes(repo, capsys, work_tree, note):
    stage(repo, '.vcx.toml', 'enable = ["timezone"]\n')
    (repo / '.vcx.toml').write_text(work_tree)
    assert main(['config']) == 0
    out = capsys.readouterr()
    assert out.out.splitlines()[0] == "enable = ['timezone']  # .vcx.toml (staged)"
    assert out.err == (f'vcx: note: {note}\n' if note else '')


def test_vcx_config_notes_an_unstaged_new_file(repo, capsys):
    (repo / '.vcx.toml').write_text('enable = ["timezone"]\n')
    assert main(['config']) == 0
    out = capsys.readouterr()
    assert out.out.splitlines()[0] == f"enable = {sorted(BY_ID)!r}  # default"
    assert out.err == 'vcx: note: .vcx.toml is not staged; commits are judged without it (git add .vcx.toml)\n'


def test_vcx_config_with_config_file(repo, capsys):
    (repo / 'ci.toml').write_text('enable = ["timezone"]\n')
    assert main(['config', '--config', 'ci.toml']) == 0
    assert capsys.readouterr().out.splitlines()[0] == "enable = ['timezone']  # ci.toml"
    assert main(['config', '--config', 'missing.toml']) == 2
    assert capsys.readouterr().err == 'vcx: --config missing.toml: No such file or directory\n'


def test_vcx_config_outside_a_repository(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv('GIT_CEILING_DIRECTORIES', str(tmp_path.parent))
    (tmp_path / '.vcx.toml').write_text('max-line-length = 500\n')
    assert main(['config']) == 0
    assert 'max-line-length = 500  # .vcx.toml' in capsys.readouterr().out.splitlines()


@pytest.mark.parametrize(
    ('path', 'excluded_by_default'),
    (
        ('src/__tests__/a.js', True), ('src/a.test.ts', True), ('src/a.spec.js', True), ('test/helpers.js', True),
        ('packages/x/tests/a.ts', True), ('src/__mocks__/fs.js', True), ('src/mocks/api.ts', True),
        ('src/__fixtures__/user.js', True), ('e2e/login.ts', True), ('src/Button.stories.tsx', True),
        ('types/index.d.ts', True), ('playwright/setup.ts', True), ('test_lib.js', True),
        ('src/api.ts', False), ('src/testing.js', False), ('fixtures/demo/src/server.js', False),
        ('examples/app.js', False), ('src/contest.js', False),
    ),
)
def test_default_excludes(path, excluded_by_default):
    from vcx_hook.config import default_config
    from vcx_hook.config import excluded

    assert excluded(path, default_config()) is excluded_by_default


def test_names_table_extends_every_family_that_asks_it(repo, capsys):
    from vcx_hook.checks import missing_transaction
    from vcx_hook.checks import n_plus_one
    from vcx_hook.checks import race_condition

    stage(repo, '.vcx.toml', '[names]\nstores = ["dal"]\n[checks.n-plus-one]\ndata_receivers = ["vault"]\n')
    assert main(['config']) == 0
    lines = capsys.readouterr().out.splitlines()
    names = lines[lines.index('[names]  # each adds to the lists of every family that asks it'):]
    assert names[1] == (
        "stores = ['dal']  # .vcx.toml (staged); "
        'extends n-plus-one.data_receivers, missing-transaction.data_receivers, race-condition.data_receivers'
    )
    assert names[2] == "store_reads = []  # default; extends n-plus-one.query_methods, race-condition.read_methods"
    section = lines[lines.index('[checks.n-plus-one]'):]
    receivers = next(ln for ln in section if ln.startswith('data_receivers = '))
    assert receivers == (
        f"data_receivers = {sorted(n_plus_one.NAMES['data_receivers'] | {'dal', 'vault'})!r}  # .vcx.toml (staged); "
        'deprecated: checks.n-plus-one.data_receivers still works, names.stores adds to every family at once'
    )
    for module in (missing_transaction, race_condition):
        section = lines[lines.index(f'[checks.{module.ID}]'):]
        receivers = next(ln for ln in section if ln.startswith('data_receivers = '))
        assert receivers == f"data_receivers = {sorted(module.NAMES['data_receivers'] | {'dal'})!r}  # .vcx.toml (staged) via names.stores"


def test_a_store_added_once_is_asked_by_every_family():
    from vcx_hook.config import parse
    from vcx_hook.engine import audit

    src = (
        'async function pay(ids) {\n'
        '  for (const id of ids) await dal.orders.findOne(id);\n'
        '  await dal.ledger.create({ id });\n'
        '  await dal.accounts.update({ id });\n'
        '}\n'
    )
    target = audit.Target('x.ts', src.encode(), None)
    plain = parse('', '.vcx.toml')
    extended = parse('[names]\nstores = ["dal"]\n', '.vcx.toml')
    assert [(f.line, f.check_id) for f in audit.audit(target, plain).findings] == []
    assert [(f.line, f.check_id) for f in audit.audit(target, extended).findings] == [
        (2, 'n-plus-one'), (4, 'missing-transaction'),
    ]
