"""The README is part of the product: keep it in step with the code."""
from __future__ import annotations

import re

import pytest

from vcx_hook.checks import CHECKS
from vcx_hook.main import build_parser

from tests.helpers import ROOT


README = (ROOT / 'README.md').read_text(encoding='utf-8')


def _commands():
    return re.findall(r'```sh\n(python3 -m venv .*)\n```', README)


def test_readme_is_at_most_30_kb():
    assert len(README.encode('utf-8')) <= 30_000


def test_every_docs_link_exists():
    links = re.findall(r'\]\(((?:docs/)[^)#]*)\)', README)
    assert links
    assert [link for link in links if not (ROOT / link).exists()] == []


def test_two_one_line_commands():
    install_run, install_test = _commands()[:2]
    assert 'vcx audit --all fixtures/demo' in install_run
    assert install_test.endswith('pytest tests')


def test_ci_runs_the_readme_test_command_exactly():
    ci = (ROOT / '.ci' / 'run').read_text()
    assert _commands()[1] in ci.splitlines()


@pytest.mark.parametrize('check', CHECKS, ids=lambda c: c.ID)
def test_every_check_is_in_the_table_with_its_question_docs_and_confidence(check):
    prefix = f'| [`{check.ID}`](docs/checks/{check.ID}.md) | {check.QUESTION} | '
    rows = [line for line in README.splitlines() if line.startswith(prefix)]
    assert len(rows) == 1
    blocks = rows[0][len(prefix):].rstrip(' |')
    # The table says what the module says: a medium family's questions do not block by default.
    assert blocks.startswith('medium') == (getattr(check, 'CONFIDENCE', 'high') == 'medium')


def test_every_cli_option_is_documented():
    parser = build_parser()
    sub = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr, unused-ignore]
    missing = []
    for name, p in sub.items():
        assert f'vcx {name}' in README, f'subcommand {name} is not in the README'
        for action in p._actions:
            for opt in action.option_strings:
                if opt.startswith('--') and opt != '--help' and opt not in README:
                    missing.append(f'{name} {opt}')
    assert missing == []
