from __future__ import annotations

import pytest

from vcx_hook.checks.timezone import ID

from tests import helpers

server = helpers.bind(helpers.findings, ID, 'src/services/report.js')
browser = helpers.bind(helpers.findings, ID, 'src/components/Stamp.tsx')
MOMENT = "import moment from 'moment-timezone';\n"


@pytest.mark.parametrize(
    ('src', 'expected'),
    (
        pytest.param(
            MOMENT + "export const bound = () => moment().tz('Europe/London').format('YYYY-MM-DDTHH:mm:ss[Z]');\n",
            ["src/services/report.js:2 `moment().tz('Europe/London').format('YYYY-MM-...` writes a "
             "UTC `Z` after a time of the zone it moved to: the string is off by the offset; `.utc()` first, or "
             "`toISOString()`"],
            id='moved to a zone'),
        pytest.param(MOMENT + "export const bound = (d) => moment.utc(d).format('HH:mm[Z]');\n", [], id='utc'),
        pytest.param(MOMENT + "export const bound = (d) => moment(d).utcOffset(0).format('HH:mm[Z]');\n", [],
                     id='zero offset'),
        pytest.param(MOMENT + "export const bound = (d) => moment(d).tz('UTC').format('HH:mm[Z]');\n", [],
                     id='tz utc'),
        pytest.param(MOMENT + "export const bound = (d) => moment(d).format('HH:mmZ');\n", [],
                     id='the offset printed'),
        pytest.param("export const bound = (d) => d.format('HH:mm[Z]');\n", [], id='not a date library'),
    ),
)
def test_server(src, expected):
    assert server(src) == expected


def test_browser():
    src = "import dayjs from 'dayjs';\nexport const S = ({ at }) => <p>{dayjs(at).format('HH:mm[Z]')}</p>;\n"
    assert browser(src) == [
        "src/components/Stamp.tsx:2 `dayjs(at).format('HH:mm[Z]')` writes a UTC `Z` after a time of the local "
        "zone: the string is off by the offset; `.utc()` first, or `toISOString()`"]
