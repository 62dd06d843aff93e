from __future__ import annotations

import pytest

from vcx_hook.checks.timezone import ID

from tests import helpers

findings = helpers.bind(helpers.findings, ID, 'src/components/Picker.tsx')
PICKER = "import { DateTimePicker } from '@mantine/dates';\n"


@pytest.mark.parametrize(
    ('src', 'expected'),
    (
        pytest.param(
            PICKER + 'export const P = ({ d }) => <DateTimePicker value={d.toISOString()} />;\n',
            ['src/components/Picker.tsx:2 `d.toISOString()` gives `<DateTimePicker>` a UTC time, which it shows and '
             "edits as the user's local time: off by their UTC offset, the day or hour shown and picked is wrong; "
             'format it in the zone you mean'],
            id='a picker component'),
        pytest.param(
            'export const P = ({ d }) => <input type="time" min={d.toISOString().substring(11, 16)} />;\n',
            ['src/components/Picker.tsx:1 `d.toISOString()` gives `<input type="time">` a UTC '
             "time, which it shows and edits as the user's local time: off by their UTC offset, the day or hour "
             'shown and picked is wrong; format it in the zone you mean'],
            id='a time input'),
        pytest.param("import { Select } from '@mantine/core';\nexport const P = ({ d }) => <Select value={d.toISOString()} />;\n",
                     [], id='not a date input'),
        pytest.param(PICKER + 'export const P = ({ d }) => <DateTimePicker value={toLocal(d.toISOString())} />;\n', [],
                     id='converted on the way'),
        pytest.param(PICKER + 'export const P = ({ d }) => <DateTimePicker value={d} label={d.toISOString()} />;\n', [],
                     id='not its value'),
    ),
)
def test_date_inputs(src, expected):
    assert findings(src) == expected
