from __future__ import annotations

import pytest

from vcx_hook.checks.hardcoded_config import ID

from tests import helpers

findings = helpers.bind(helpers.findings, ID, 'src/ai.ts')
READ = "const base = process.env.OPENAI_API_BASE_URL;\n"
ASKED = ("src/ai.ts:2 `https://api.openai.com/v1/models` (`OPENAI_API_BASE_URL` sets it) is hardcoded in "
         "`fetch()` although the file reads that service's address from the environment: a deployment that points "
         "it at a proxy or another server still calls this host")


@pytest.mark.parametrize(
    ('src', 'expected'),
    (
        pytest.param(READ + "const models = fetch('https://api.openai.com/v1/models');\n", [ASKED], id='requested'),
        pytest.param("const base = process.env.NEXT_PUBLIC_SUPABASE_URL;\n"
                     "const models = fetch('https://api.openai.com/v1/models');\n", [], id='another service'),
        pytest.param("const models = fetch('https://api.openai.com/v1/models');\n", [], id='nothing configured'),
        pytest.param(READ + "const models = fetch(base || 'https://api.openai.com/v1/models');\n", [], id='its default'),
        pytest.param(READ + "const docs = { href: 'https://platform.openai.com/docs' };\n", [], id='a link'),
        pytest.param("const key = process.env.OPENAI_API_KEY;\n"
                     "const models = fetch('https://api.openai.com/v1/models');\n", [], id='no address read'),
    ),
)
def test_configured_services(src, expected):
    assert findings(src) == expected
