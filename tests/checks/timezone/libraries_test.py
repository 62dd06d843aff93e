"""timezone's date-library rule: date-fns, Moment/Day.js and dateformat in functions that name a zone."""
from __future__ import annotations

from vcx_hook.checks.timezone import ID

from tests import helpers

findings = helpers.bind(helpers.findings, ID, 'src/x.js')


LIBRARIES = '''\
import { endOfDay, startOfDay, isSameDay } from 'date-fns';
import dayjs from 'dayjs';
import moment from 'moment';

export function range(start, end, timezone) {
  const a = startOfDay(new Date(start));
  const b = endOfDay(end, timezone ? { in: tz(timezone) } : undefined);
  const c = isSameDay(new TZDate(start, timezone), new TZDate(end, timezone));
  return { a, b, c };
}
export function cron() {
  return startOfDay(new Date());
}
export function reminders(user) {
  const at = dayjs(user.lastSeen).startOf('week');
  const hour = moment.utc().hour();
  const soon = moment().startOf('hour');
  return { at, hour, soon, zone: user.timeZone };
}
export function row(value) {
  return { s: getDateFormat(value, 'isoTime'), u: getDateFormat(value, 'isoUtcDateTime') };
}
'''


def test_date_libraries_in_functions_that_name_a_zone():
    """date-fns without ``{ in }`` (a ternary counts) and not on a zoned date; Moment/Day.js chains
    with a calendar unit and no ``.utc()``; dateformat's local masks; not where no zone is named."""
    assert findings(LIBRARIES, 'src/lib/dates.ts') == [
        "src/lib/dates.ts:6 `startOfDay(new Date(start))` is calendar maths in the server's zone "
        "(UTC in production, yours on a laptop): pass `{ in: tz(zone) }` or work in UTC",
        "src/lib/dates.ts:15 `dayjs(user.lastSeen).startOf('week')` is calendar maths in the server's zone "
        "(UTC in production, yours on a laptop): `.utc()` or `.tz(zone)` first",
        "src/lib/dates.ts:21 `getDateFormat(value, 'isoTime')` formats with dateformat's `isoTime` mask, "
        "in the server's zone: `isoUtcDateTime` or a `UTC:` mask",
    ]


def test_date_libraries_are_not_asked_in_a_file_converting_with_date_fns_tz_or_in_the_browser():
    converting = "import { utcToZonedTime } from 'date-fns-tz';\n" + LIBRARIES
    assert [f.split(' ', 1)[0] for f in findings(converting, 'src/lib/dates.ts')] == [
        'src/lib/dates.ts:16', 'src/lib/dates.ts:22',
    ]
    assert findings(LIBRARIES, 'src/client/dates.ts') == []


def test_the_current_instant_unconverted_in_a_file_converting_to_the_users_zone():
    """A file that calls ``toZonedTime`` works in the user's day: ``endOfDay(now)`` of a plain
    ``new Date()`` is the server's day (low); a converted ``now`` or a given date is not asked."""
    src = ("import { endOfDay, startOfDay } from 'date-fns';\nimport { toZonedTime } from 'date-fns-tz';\n"
           "export function left(user) {\n  const now = new Date();\n  return endOfDay(now) - now;\n}\n"
           "export function today(user) {\n  return startOfDay(toZonedTime(new Date(), user.zone));\n}\n"
           "export function zoned(user) {\n  const now = toZonedTime(new Date(), user.zone);\n  return endOfDay(now);\n}\n"
           "export function of(d) {\n  return endOfDay(d);\n}\n")
    assert [f.split(' ', 2)[:2] for f in findings(src, 'src/lib/streaks.ts')] == [['src/lib/streaks.ts:5', '`endOfDay(now)`']]


def test_what_date_fns_makes_from_a_zoned_date_carries_the_zone():
    """date-fns 4 builds a result from the date it is given: ``parse(s, f, new TZDate(now, zone))`` is
    a ``TZDate``, so ``startOfDay`` of it is the zone's day; parsed against a plain ``Date`` it is asked."""
    src = ("import { TZDate } from '@date-fns/tz';\nimport { parse, startOfDay, addDays } from 'date-fns';\n"
           "export function zoned(date, timezone) {\n  const ref = new TZDate(new Date(), timezone);\n"
           "  const parsed = parse(date, 'yyyy-MM-dd', ref);\n  return startOfDay(addDays(parsed, 1));\n}\n"
           "export function plain(date, timezone) {\n  const parsed = parse(date, 'yyyy-MM-dd', new Date());\n"
           "  return startOfDay(parsed);\n}\n")
    assert [f.split(' ', 2)[:2] for f in findings(src, 'src/lib/days.ts')] == [['src/lib/days.ts:10', '`startOfDay(parsed)`']]
