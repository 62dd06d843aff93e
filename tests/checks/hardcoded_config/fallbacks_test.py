from __future__ import annotations

import pytest

from vcx_hook.checks.hardcoded_config import ID

from tests import helpers

findings = helpers.bind(helpers.findings, ID, 'src/jobs.js')
CONFIG = "const config = require('./config');\n"


@pytest.mark.parametrize(
    ('src', 'expected'),
    (
        pytest.param(CONFIG + "run({ timeout: t || 3000, memory: m || config.memory });\n",
                     ['src/jobs.js:2 `timeout: t || 3000` is a default fixed in code beside defaults read from '
                      'configuration: an operator who needs another cannot set it'], id='beside a configured one'),
        pytest.param("run({ timeout: t ?? 3000, memory: m ?? process.env.MEMORY });\n",
                     ['src/jobs.js:1 `timeout: t ?? 3000` is a default fixed in code beside defaults read from '
                      'configuration: an operator who needs another cannot set it'], id='the environment'),
        pytest.param(CONFIG + "run({ timeout: t || 3000, memory: m || 512 });\n", [], id='nothing configured'),
        pytest.param("const config = require('./jobs');\nrun({ timeout: t || 3000, memory: m || config.memory });\n", [],
                     id='not a config module'),
        pytest.param(CONFIG + "run({ retries: r || 1, memory: m || config.memory });\n", [], id='one or less'),
    ),
)
def test_fallbacks(src, expected):
    assert findings(src) == expected
