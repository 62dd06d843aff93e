from __future__ import annotations

import pytest

from vcx_hook.checks.unbounded_query import ID

from tests import helpers

HEAD = "const { Young } = require('../models');\n"


@pytest.mark.parametrize(('path', 'src', 'expected'), [
    pytest.param(
        'api/src/crons/validate.js',
        HEAD + 'exports.handler = async () => {\n  const ys = await Young.find({ status: "ok" });\n'
        '  for (const y of ys) await check(y);\n};\n',
        ['api/src/crons/validate.js:3 `Young.find()` has a filter but no page size, and the job holds every `Young` '
         'record it finds at once: the set grows with the table (a cursor or pages bound it)'],
        id='a cron file walks every row'),
    pytest.param(
        'src/jobs.js',
        HEAD + "const cron = require('node-cron');\ncron.schedule('0 3 * * *', async () => {\n"
        '  const ys = await Young.find({ status: "ok" });\n  await sendAll(ys);\n});\n',
        ['src/jobs.js:4 `Young.find()` has a filter but no page size, and the job holds every `Young` record it '
         'finds at once: the set grows with the table (a cursor or pages bound it)'],
        id='a function a scheduler runs hands them on'),
    pytest.param(
        'api/src/crons/validate.js',
        HEAD + 'exports.handler = async () => {\n  const ys = await Young.find({ status: "ok" });\n'
        '  console.log(ys.length);\n};\n',
        [], id='only counted'),
    pytest.param(
        'api/src/crons/validate.js',
        HEAD + 'exports.handler = async () => {\n  const ys = await Young.find({ status: "ok" }).limit(100);\n'
        '  for (const y of ys) await check(y);\n};\n',
        [], id='a page size'),
    pytest.param(
        'api/src/services/validate.js',
        HEAD + 'exports.handler = async () => {\n  const ys = await Young.find({ status: "ok" });\n'
        '  for (const y of ys) await check(y);\n};\n',
        [], id='not a job'),
])
def test_job_reads(path, src, expected):
    assert [f for f in helpers.findings(ID, src, path) if 'the job holds' in f or not expected] == expected
