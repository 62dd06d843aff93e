from __future__ import annotations

import pytest

from vcx_hook.checks.timezone import ID

from tests import helpers

findings = helpers.bind(helpers.findings, ID, 'services/hours.js')
MESSAGE = ("services/hours.js:{line} `{call}` puts a time of day on today in the server's zone (UTC in production, "
           "yours on a laptop): parse it in the zone it belongs to (`.tz(value, format, zone)`)")


@pytest.mark.parametrize(
    ('library', 'call'),
    (("const moment = require('moment');", "moment(slot.start, 'HH:mm')"),
     ("import dayjs from 'dayjs';", "dayjs(slot.start, 'h:mm A')"),
     ("const moment_tz = require('moment-timezone');", "moment_tz(slot.start, 'HH:mm:ss')")),
)
def test_time_of_day_compared_with_another_zone(library, call):
    src = f'{library}\nfunction open(now, slot) {{\n  const start = {call};\n  return now.isAfter(start);\n}}\n'
    assert findings(src) == [MESSAGE.format(line=3, call=call)]


@pytest.mark.parametrize(
    'body',
    (
        pytest.param("const a = moment(t, 'HH:mm');\n  const b = moment(slot.start, 'HH:mm');\n  return a.isAfter(b);",
                     id='both sides parsed the same way'),
        pytest.param("const start = moment(slot.start, 'HH:mm').tz(zone);\n  return now.isAfter(start);",
                     id='zone on the chain'),
        pytest.param("const start = moment(slot.start, 'YYYY-MM-DD HH:mm');\n  return now.isAfter(start);",
                     id='a date with it'),
        pytest.param("const start = moment(slot.start, 'HH:mm');\n  return start.format('h:mm a');",
                     id='only reformatted'),
    ),
)
def test_not_asked(body):
    assert findings(f"const moment = require('moment');\nfunction open(now, t, slot, zone) {{\n  {body}\n}}\n") == []


def test_browser_code_is_not_asked():
    src = "import moment from 'moment';\nexport function open(now, slot) {\n  const s = moment(slot.start, 'HH:mm');\n  return now.isAfter(s);\n}\n"
    assert helpers.findings(ID, src, 'src/components/Hours.tsx') == []
