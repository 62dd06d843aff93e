"""A helper's runtime is its importers': a function only browser files import formats in the
user's zone (timezone does not ask it), one a server file imports too is asked, in the hook and --all."""
from __future__ import annotations

import json

import pytest

from vcx_hook.main import main

from tests.helpers import git

HELPER = """export function expiryLabel(at) {
  return new Date(at).toLocaleString();
}

export function receiptDate(at) {
  return new Date(at).toLocaleDateString();
}
"""


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv('GIT_INDEX_FILE', raising=False)
    git(tmp_path, 'init', '-q')
    (tmp_path / '.vcx.toml').write_text('enable = ["timezone"]\nfold = false\n')
    (tmp_path / 'src/lib').mkdir(parents=True)
    (tmp_path / 'src/components').mkdir()
    (tmp_path / 'src/server').mkdir()
    (tmp_path / 'src/lib/dates.js').write_text(HELPER)
    (tmp_path / 'src/components/Row.jsx').write_text(
        "import { expiryLabel, receiptDate } from '@/lib/dates';\nexport const Row = ({ at }) => <i>{expiryLabel(at)}{receiptDate(at)}</i>;\n")
    (tmp_path / 'src/server/mail.js').write_text(
        "const { receiptDate } = require('../lib/dates');\nmodule.exports = (at) => `Paid on ${receiptDate(at)}`;\n")
    git(tmp_path, 'add', '-A')
    return tmp_path


@pytest.mark.parametrize('args', [['audit', '--format', 'json'], ['audit', '--all', '--format', 'json']], ids=['hook', 'all'])
def test_a_function_only_components_import_is_not_asked(repo, capsys, args):
    main(args)
    found = json.loads(capsys.readouterr().out)['findings']
    assert [(f['path'], f['line']) for f in found] == [('src/lib/dates.js', 6)]
