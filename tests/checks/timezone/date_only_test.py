from __future__ import annotations

import pytest

from vcx_hook.checks.timezone import ID

from tests import helpers

findings = helpers.bind(helpers.findings, ID, 'src/components/Profile.tsx')


@pytest.mark.parametrize(
    ('src', 'expected'),
    (
        pytest.param(
            "export const P = ({ dob }) => <p>{new Date(dob).toLocaleDateString()}</p>;\n",
            ["src/components/Profile.tsx:1 `new Date(dob).toLocaleDateString()` reads a calendar date in local time, "
             "but `new Date(dob)` parsed it as midnight UTC: west of UTC it is the day before; read it with "
             "`timeZone: 'UTC'` or UTC getters"],
            id='a birth date'),
        pytest.param(
            "export const P = () => <p>{new Date('2024-03-01').getDate()}</p>;\n",
            ["src/components/Profile.tsx:1 `new Date('2024-03-01').getDate()` reads a calendar date in local time, "
             "but `new Date('2024-03-01')` parsed it as midnight UTC: west of UTC it is the day before; read it "
             "with `timeZone: 'UTC'` or UTC getters"],
            id='a date-only literal'),
        pytest.param("export const P = () => <p>{new Date('2024-03-01T10:00:00Z').getDate()}</p>;\n", [],
                     id='an instant'),
        pytest.param("export const P = ({ dob }) => <p>{new Date(dob).toLocaleDateString(undefined, { timeZone: 'UTC' })}</p>;\n",
                     [], id='read in UTC'),
        pytest.param("export const P = ({ post }) => <p>{new Date(post.createdAt).toLocaleDateString()}</p>;\n", [],
                     id='an instant shown in local time'),
    ),
)
def test_date_only(src, expected):
    assert findings(src) == expected
