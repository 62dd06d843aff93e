from __future__ import annotations

import pytest

from vcx_hook.checks.timezone import ID
from vcx_hook.config import default_config
from vcx_hook.engine import audit
from vcx_hook.engine.target import Target

SHOW_LOW = default_config()._replace(enabled=frozenset((ID,)))


def findings(body: str) -> list[tuple[int, str]]:
    src = f'export function f(job, parser) {{\n  {body}\n}}\n'
    result = audit.audit(Target('src/scheduler/jobs.ts', src.encode(), None), SHOW_LOW)
    return [(f.line, f.confidence) for f in result.findings if f.check_id == ID]


@pytest.mark.parametrize(
    'body',
    (
        pytest.param('const at = cron(new Date(), job.cron);\n  save(job.cronTimezone, at);', id='a date argument'),
        pytest.param('save(job.tz);\n  return parser.parseExpression(job.cronExpression, { currentDate: start });',
                     id='options without the zone'),
    ),
)
def test_expression_without_its_zone(body):
    src = f'export function f(job, parser) {{\n  {body}\n}}\n'
    line = next(i for i, l in enumerate(src.splitlines(), 1) if 'job.cron' in l and ('(new' in l or 'parse' in l))
    assert findings(body) == [(line, 'low')]


@pytest.mark.parametrize(
    'body',
    (
        pytest.param('return parser.parseExpression(job.cron, { currentDate: new Date(), tz: job.tz });',
                     id='zone passed'),
        pytest.param('return cron(new Date(), job.cron);', id='no zone on the object'),
        pytest.param('if (!isValidCron(job.cron)) throw new Error(job.timezone);', id='a validation'),
        pytest.param('return cron(new Date(), embed(job.cron, job.timezone));', id='zone embedded'),
    ),
)
def test_not_asked(body):
    assert findings(body) == []
