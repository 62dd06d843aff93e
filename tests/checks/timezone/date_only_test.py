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


@pytest.mark.parametrize(
    ('src', 'expected'),
    (
        pytest.param(
            "export const C = ({ monthStr }) => <p>{new Date(monthStr).getMonth()}</p>;\n",
            ["src/components/Profile.tsx:1 `new Date(monthStr).getMonth()` reads a calendar date in local time, "
             "but `new Date(monthStr)` parsed it as midnight UTC: west of UTC it is the day before; read it with "
             "`timeZone: 'UTC'` or UTC getters"],
            id='a month string'),
        pytest.param(
            "export function f(task, start) {\n  const d = new Date(task.dayStr);\n  return d >= start;\n}\n",
            ["src/components/Profile.tsx:3 `d >= start` compares a calendar date that `new Date(task.dayStr)` "
             "parsed as midnight UTC: west of UTC it is the day before; parse it as local midnight or compare the "
             "day strings"],
            id='kept and compared'),
        pytest.param("export function f(task, start) {\n  const d = new Date(task.dayStr);\n  return d.toISOString();\n}\n",
                     [], id='kept and read in UTC'),
        pytest.param("export function f(task, start) {\n  const d = new Date(task.createdAt);\n  return d >= start;\n}\n",
                     [], id='an instant compared'),
        pytest.param("export const f = (dateString) => new Date(dateString).toLocaleDateString();\n", [],
                     id='a date string is as often an instant'),
    ),
)
def test_day_strings(src, expected):
    assert findings(src) == expected


@pytest.mark.parametrize(
    ('src', 'expected'),
    (
        pytest.param("export const values = (p) => ({ birthdate: p.birthDate ? new Date(p.birthDate) : undefined });\n",
                     ["src/components/Profile.tsx:1 `new Date(p.birthDate)` parses a birth date as midnight UTC and "
                      "hands the Date on: wherever it is shown or edited in local time (a date picker, a formatter) "
                      "it is the day before west of UTC; parse it as a local date"],
                     id='a form value'),
        pytest.param("export const age = (p) => Date.now() - new Date(p.birthDate).getTime();\n", [],
                     id='read as an instant'),
        pytest.param("export const values = (p) => ({ joined: new Date(p.createdAt) });\n", [], id='an instant'),
    ),
)
def test_birth_date_handed_on(src, expected):
    assert findings(src) == expected


@pytest.mark.parametrize(
    ('src', 'expected'),
    (
        pytest.param("export function f(task, start) {\n  const d = new Date(task.dateStr);\n  return d >= start;\n}\n",
                     ["src/components/Profile.tsx:3 `d >= start` compares a calendar date that `new Date(task.dateStr)` "
                      "parsed as midnight UTC: west of UTC it is the day before; parse it as local midnight or compare "
                      "the day strings"],
                     id='a date string compared'),
        pytest.param("export function f(dateStr, start) {\n  const d = new Date(dateStr);\n  d.setHours(0, 0, 0, 0);\n"
                     "  return d >= start;\n}\n", [], id='taken to its local midnight'),
        pytest.param("export const f = (task) => new Date(task.dateStr).getDate();\n", [], id='read, not compared'),
    ),
)
def test_date_string_compared(src, expected):
    assert findings(src) == expected


@pytest.mark.parametrize(
    ('src', 'expected'),
    (
        pytest.param("import { format } from 'date-fns';\n"
                     "export const day = (d: Date | string) => format(new Date(d), 'MMM d');\n",
                     ["src/components/Profile.tsx:2 `format(new Date(d), 'MMM d')` also takes `d` as a string: a day's "
                      "string (this format's own output) is parsed as midnight UTC and formatted in local time, so west "
                      "of UTC it comes back as the day before; parse strings as local dates (`parseISO`)"],
                     id='a day format of a Date or a string'),
        pytest.param("import { format } from 'date-fns';\n"
                     "export const day = (d: Date | string) => format(new Date(d), 'MMM d, HH:mm');\n", [],
                     id='a time of day'),
        pytest.param("import { format } from './format';\n"
                     "export const day = (d: Date | string) => format(new Date(d), 'MMM d');\n", [],
                     id="the project's format"),
    ),
)
def test_day_format_round_trip(src, expected):
    assert findings(src) == expected
