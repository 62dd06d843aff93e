from __future__ import annotations

import pytest

from vcx_hook.checks.hardcoded_config import ID
from vcx_hook.checks.hardcoded_config import tunables
from vcx_hook.config import default_config
from vcx_hook.engine import audit
from vcx_hook.engine.target import Target

from tests import helpers

findings = helpers.bind(helpers.findings, ID, 'src/x.js')
SETTINGS = "const Settings = require('@overleaf/settings');\n"


def test_module_knobs_are_one_low_question():
    src = SETTINGS + 'const MAX_UNFLUSHED_AGE = 300 * 1000;\nexport const Timings = {\n  EXPORT_BATCH_SIZE: 500,\n  RETRY_DELAY_MS: 50,\n};\n'
    result = audit.audit(Target('src/x.js', src.encode(), None), default_config())
    assert [(f.line, f.confidence, f.message) for f in result.findings if f.check_id == ID] == [
        (2, 'low', '`MAX_UNFLUSHED_AGE = 300 * 1000`, `EXPORT_BATCH_SIZE = 500` are fixed in code: a deployment that '
                   'needs other values takes a code change'),
    ]


@pytest.mark.parametrize(
    ('src', 'expected'),
    (
        pytest.param(
            "import config from '../config';\nconst JOB_CONCURRENCY = 15;\n",
            ['src/x.js:2 `JOB_CONCURRENCY = 15` is fixed in code: a deployment that needs another value takes a code change'],
            id='imports config'),
        pytest.param(
            "const url = process.env.API;\nexport const LOG_RETENTION_DAYS = 30;\n",
            ['src/x.js:2 `LOG_RETENTION_DAYS = 30` is fixed in code: a deployment that needs another value '
             'takes a code change'],
            id='reads process.env'),
        pytest.param('const JOB_CONCURRENCY = 15;\n', [], id='no configuration in the module'),
        pytest.param(SETTINGS + 'const JOB_CONCURRENCY = Settings.concurrency || 15;\n', [], id='read from settings'),
        pytest.param(SETTINGS + 'const ONE_HOUR_MS = 60 * 60 * 1000;\nconst MS_PER_DAY = 864e5;\n', [], id='conversions'),
        pytest.param(SETTINGS + 'const MAX_UPLOAD_SIZE = 10 * 1024 * 1024;\nconst NAME_LIMIT = 64;\n', [],
                     id='input rules'),
        pytest.param(SETTINGS + 'const WORKER_CONCURRENCY = 1;\n', [], id='one is not a knob'),
        pytest.param(SETTINGS + 'const TOKEN_TTL_SECONDS = 600;\nconst POLL_INTERVAL_MS = 500;\nconst MAX_RETRIES = 3;\n',
                     [], id='the code design: TTLs, intervals, retries'),
        pytest.param(SETTINGS + 'function f() {\n  const BATCH_SIZE = 500;\n  return BATCH_SIZE;\n}\n', [],
                     id='local constant'),
        pytest.param(SETTINGS + 'const batchSize = 500;\n', [], id='not a constant name'),
    ),
)
def test_knobs(src, expected):
    assert findings(src) == expected


def test_ui_files_are_not_asked():
    src = "import { config } from './config';\nexport const RENDER_BATCH_SIZE = 30;\n"
    assert helpers.findings(ID, src, 'src/components/Search.tsx') == []


def test_only_touched_constants():
    src = SETTINGS + 'const MAX_AGE_DAYS = 30;\nconst BATCH_SIZE = 500;\n'
    assert helpers.findings(ID, src, 'src/x.js', rows=[2]) == [
        'src/x.js:3 `BATCH_SIZE = 500` is fixed in code: a deployment that needs another value takes a code change',
    ]


@pytest.mark.parametrize(
    ('name', 'expected'),
    (('MAX_UNFLUSHED_AGE', True), ('UPLOAD_CONCURRENCY', True), ('REDIS_READ_BATCH_SIZE', True),
     ('MAX_JOIN_ATTEMPTS', False), ('DATA_EXPIRY_SECONDS', False),
     ('ONE_DAY_MS', False), ('MAX_NAME_LENGTH', False), ('REQUEST_TIMEOUT_MS', False), ('TIMEOUT', False)),
)
def test_knob_names(name, expected):
    assert tunables.knob(name) is expected

