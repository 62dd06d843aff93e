"""A helper's runtime is its importers': a function only browser files import formats in the
user's zone (timezone does not ask it), one a server file imports too is asked, in the hook and --all."""
from __future__ import annotations

import json

import pytest

from vcx_hook.main import main

from tests.helpers import project

HELPER = """export function expiryLabel(at) {
  return new Date(at).toLocaleString();
}

export function receiptDate(at) {
  return new Date(at).toLocaleDateString();
}
"""


@pytest.fixture
def repo(tmp_path, monkeypatch):
    return project(tmp_path, monkeypatch, {
        '.vcx.toml': 'enable = ["timezone"]\nfold = false\n',
        'src/lib/dates.js': HELPER,
        'src/components/Row.jsx':
            "import { expiryLabel, receiptDate } from '@/lib/dates';\nexport const Row = ({ at }) => <i>{expiryLabel(at)}{receiptDate(at)}</i>;\n",
        'src/server/mail.js':
            "const { receiptDate } = require('../lib/dates');\nmodule.exports = (at) => `Paid on ${receiptDate(at)}`;\n",
    })


@pytest.mark.parametrize('args', [['audit', '--format', 'json', '--show', 'low'], ['audit', '--all', '--format', 'json', '--show', 'low']],
                         ids=['hook', 'all'])
def test_a_function_only_components_import_is_not_asked(repo, capsys, args):
    main(args)
    found = json.loads(capsys.readouterr().out)['findings']
    assert [(f['path'], f['line']) for f in found] == [('src/lib/dates.js', 6)]
