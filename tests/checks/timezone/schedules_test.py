from __future__ import annotations

import pytest

from vcx_hook.checks.timezone import ID

from tests import helpers

findings = helpers.bind(helpers.findings, ID, 'src/jobs.js')
CRON = "import { CronJob } from 'cron';\n"


@pytest.mark.parametrize(
    ('src', 'expected'),
    (
        pytest.param(
            CRON + 'export const start = (job, run) => new CronJob(job.cron, run, null, true);\n',
            ["src/jobs.js:2 `new CronJob(job.cron, run, null, true)` fires at `job.cron` of the server's zone "
             '(UTC in a container), not the zone of whoever chose it: pass the zone'],
            id='a record chose it'),
        pytest.param(CRON + 'export const start = (job, run) => new CronJob(job.cron, run, null, true, job.tz);\n', [],
                     id='given a zone'),
        pytest.param(CRON + "export const start = (run) => new CronJob('0 3 * * *', run);\n", [], id='written in code'),
        pytest.param(CRON + 'export const start = (run) => new CronJob(process.env.BACKUP_CRON, run);\n', [],
                     id="the operator's"),
        pytest.param("import cron from 'node-cron';\nexport const start = (job, run, options) => cron.schedule(job.cron, run, options);\n",
                     [], id='options built elsewhere'),
        pytest.param('export const start = (job, run) => queue.schedule(job.cron, run);\n', [], id='not a scheduler'),
    ),
)
def test_schedules(src, expected):
    assert findings(src) == expected
