"""timezone's zoned reads: date-fns-tz's wall-clock time read back as an instant."""
from __future__ import annotations

import pytest

from vcx_hook.checks.timezone import ID

from tests import helpers

findings = helpers.bind(helpers.findings, ID, 'src/x.ts')
HEAD = "import { startOfDay, format } from 'date-fns';\nimport { toZonedTime } from 'date-fns-tz';\n"


@pytest.mark.parametrize('body', (
    'return toZonedTime(d, zone).toISOString();',
    "return startOfDay(toZonedTime(d, zone)).toISOString().split('T')[0];",
    'const local = toZonedTime(d, zone);\n  return local.getUTCHours();',
))
def test_a_zoned_time_read_as_an_instant_is_asked(body):
    found = findings(HEAD + f'export function key(d, zone) {{\n  {body}\n}}\n', 'src/lib/days.ts')
    assert len(found) == 1 and 'reads the instant of a zoned wall-clock time' in found[0]


@pytest.mark.parametrize('body', (
    "return format(toZonedTime(d, zone), 'yyyy-MM-dd');",
    'const local = toZonedTime(d, zone);\n  return local.getHours();',
    'return d.toISOString();',
))
def test_its_wall_clock_fields_or_a_plain_instant_are_not(body):
    assert findings(HEAD + f'export function key(d, zone) {{\n  {body}\n}}\n', 'src/lib/days.ts') == []
