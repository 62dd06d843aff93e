from __future__ import annotations

import pytest

from vcx_hook.checks.hardcoded_config import ID

from tests import helpers

findings = helpers.bind(helpers.findings, ID, 'src/ai.js')


@pytest.mark.parametrize(
    ('src', 'expected'),
    (
        pytest.param(
            'const r = await llm.create({ model: config.model, messages, max_tokens: 1500 });\n',
            ['src/ai.js:1 `max_tokens: 1500` is fixed in `llm.create()` while the model is chosen elsewhere: the '
             'budget a model needs depends on it (a reasoning model spends it on hidden thinking), and operators '
             'cannot raise it'],
            id='a configured model'),
        pytest.param("const r = await llm.create({ model: 'gpt-4o', messages, max_tokens: 1500 });\n", [],
                     id='the model written in too'),
        pytest.param('const r = await llm.create({ model, messages, max_tokens: limit });\n', [], id='a budget from elsewhere'),
        pytest.param('const r = tokenize({ model, maxTokens: 200 });\n', [], id='not a completion request'),
    ),
)
def test_token_budgets(src, expected):
    assert findings(src) == expected
