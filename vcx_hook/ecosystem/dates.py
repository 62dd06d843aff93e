"""Date libraries: the functions that compute in the process's local time zone, and what makes a
call zone-aware instead (date-fns v4's ``{ in: tz(zone) }``, Moment's and Day.js's ``.utc()``/``.tz()``).

On a server the local zone is the machine's (UTC in production, the developer's on a laptop), so
these functions give a different day, hour or week boundary in the two places.
"""
from __future__ import annotations

from vcx_hook.ecosystem import packages
from vcx_hook.lang import lazyre

# date-fns: calendar boundaries, calendar differences and local getters/setters (not `format`:
# a formatted timestamp in a log or a file name shows the zone, it changes nothing observable).
DATE_FNS = packages.DATE_FNS
DATE_FNS_LOCAL = frozenset((
    'startOfDay', 'endOfDay', 'startOfWeek', 'endOfWeek', 'startOfISOWeek', 'endOfISOWeek',
    'startOfMonth', 'endOfMonth', 'startOfQuarter', 'endOfQuarter', 'startOfYear', 'endOfYear',
    'startOfToday', 'endOfToday', 'startOfTomorrow', 'endOfTomorrow', 'startOfYesterday', 'endOfYesterday',
    'differenceInCalendarDays', 'differenceInCalendarWeeks', 'differenceInCalendarMonths',
    'differenceInCalendarYears', 'eachDayOfInterval', 'eachWeekOfInterval',
    'eachMonthOfInterval', 'isSameDay', 'isSameWeek', 'isSameMonth', 'isToday', 'isTomorrow',
    'isYesterday', 'getHours', 'getDay', 'getDate', 'setHours', 'setDate', 'setDay',
))
# Dates that carry their zone: date-fns computes in it (`startOfDay(new TZDate(d, zone))`).
ZONED_DATES = frozenset(('TZDate', 'UTCDate', 'TZDateMini', 'UTCDateMini'))
# date-fns-tz converts to the zone first (`startOfDay(utcToZonedTime(now, zone))`, then back):
# a file that imports it computes in local time on purpose.
ZONE_CONVERTERS = frozenset(('date-fns-tz',))
# date-fns-tz's conversions to a zone's wall-clock time: a `Date` whose local fields are the zone's
# time, so its instant is shifted by the offset (its `toISOString()` is not the zone's day).
TO_ZONED = frozenset(('toZonedTime', 'utcToZonedTime'))
# What reads a `Date`'s instant or its UTC fields: on a zoned wall-clock time, off by the offset.
UTC_READS = frozenset((
    'toISOString', 'toJSON', 'toUTCString', 'getUTCDate', 'getUTCDay', 'getUTCMonth', 'getUTCFullYear',
    'getUTCHours',
))
# date-fns v4 options that name the zone (`startOfDay(d, { in: tz('Europe/Paris') })`).
DATE_FNS_ZONE_OPTIONS = frozenset(('in',))
# Moment and Day.js: chains started by the library's function (`moment(x)`, `dayjs()`).
CHAINED = frozenset((packages.MOMENT, packages.DAYJS))
# Moment with zones: its default export is Moment's function, local unless `.tz()` is called.
ZONED_CHAINS = frozenset(('moment-timezone',))
# Their methods that compute in local time; `startOf`/`endOf` only with a calendar unit.
CHAINED_LOCAL = frozenset(('startOf', 'endOf', 'hour', 'hours', 'date', 'day'))
CALENDAR_UNITS = frozenset(('day', 'date', 'week', 'isoWeek', 'month', 'quarter', 'year'))
# A method in the chain, or the library's own function, that makes it zone-aware (or says local
# time is meant): `moment.utc(x)`, `dayjs(x).tz(zone)`, `moment(x).local()`.
CHAINED_ZONES = frozenset(('utc', 'tz', 'utcOffset', 'local'))
# Luxon: a `DateTime` made by these is in the process's zone unless given `{ zone }` or moved by
# `setZone`/`toUTC` (`DateTime.utc()` is made in UTC); these format it.
LUXON = packages.LUXON
LUXON_MAKERS = frozenset((
    'now', 'local', 'fromJSDate', 'fromISO', 'fromMillis', 'fromSeconds', 'fromFormat', 'fromSQL',
    'fromRFC2822', 'fromHTTP', 'fromObject',
))
LUXON_ZONES = frozenset(('setZone', 'toUTC', 'toLocal'))
LUXON_FORMATS = frozenset(('toFormat', 'toLocaleString'))
# A formatting library's name among a file's words (its import or require).
FORMATTING_LIBRARY_WORDS = frozenset(w.encode() for w in (*CHAINED, LUXON))
# dateformat's named masks that print local time (`isoUtcDateTime` is the UTC one).
LOCAL_MASKS = frozenset(('isoDateTime', 'isoTime'))

# Date and time inputs show and edit their value in the browser's zone: `<input type="date">` and
# its siblings, and the date-picker components of these packages (given a string, they read it as
# local wall-clock time).
DATE_INPUT_TYPES = frozenset(('date', 'datetime-local', 'time', 'month', 'week'))
DATE_PICKERS = frozenset((
    '@mantine/dates', '@mui/x-date-pickers', '@mui/x-date-pickers-pro', '@mui/lab', 'react-datepicker',
    'react-date-picker', 'react-datetime-picker', 'react-datetime', 'antd', '@blueprintjs/datetime',
    '@blueprintjs/datetime2', 'primereact', 'rsuite', '@chakra-ui/react', '@ark-ui/react', 'element-plus',
    'vuetify', '@vuepic/vue-datepicker', 'react-flatpickr', 'flatpickr',
))

# Schedulers that fire at wall-clock times, in the process's zone unless given one, and where a
# schedule takes its zone: node-schedule (`new RecurrenceRule(..., tz)`, `rule.tz`, `{ rule, tz }`),
# node-cron and croner (`{ timezone }`), cron (`new CronJob(time, onTick, onComplete, start, timeZone)`,
# `CronJob.from({ timeZone })`).
SCHEDULERS = frozenset(('node-schedule', 'node-cron', 'cron', 'croner'))
SCHEDULE_ZONE_KEYS = frozenset(('tz', 'timezone', 'timeZone', 'utcOffset'))
# rrule computes recurrences in "floating" time: its dates are wall-clock times written as UTC (with
# a rule's TZID, that zone's wall clock). Rules are made by these (`new RRule(options)`,
# `RRule.fromString(text)`, `rrulestr(text)`, `new RRuleSet()`), their occurrences read by these
# methods, and `datetime(y, m, d, h, mi)` builds a date in that floating form.
RRULE = 'rrule'
RRULE_MAKERS = frozenset(('RRule', 'RRuleSet', 'rrulestr', 'fromString'))
RRULE_OCCURRENCES = frozenset(('between', 'after', 'before', 'all'))
RRULE_FLOATING = 'datetime'

# Whitespace and comments between two tokens.
_WS = rb'(?:\s|/\*(?:[^*]|\*(?!/))*\*/|//[^\n]*(?![^\n]))*'
# Arguments that can be two or more, or a string: a comma outside nested parentheses, a quote, a
# slash (a regex, a comment), or parentheses three deep.  `(ms)`, `(Date.now() + ms)` cannot.
_NESTED = rb'(?:[^()\'"`/]|\([^()\'"`/]*\))*\)'  # after its `(`
_ARGUMENTS = rb'\((?:[^()\'"`/,]|\(' + _NESTED + rb')*(?:[,\'"`/]|\((?!' + _NESTED + rb'))'
# Where timezone may ask: every candidate's text matches one of these.  Each starts with a capital letter, rare
# in code, so that a search costs about half a substring test.
LOCAL_TIME_CANDIDATES = (
    # getDate/setDate, getDay/setDay, Intl.DateTimeFormat, `Date.parse(`, `new Date(` with such arguments.
    lazyre.compile(
        rb'D(?:(?<=etD)ay|ate(?:(?<=etDate)|TimeFormat|(?<![\w$]Date)' + _WS
        + rb'(?:' + _ARGUMENTS + rb'|<|\??\.' + _WS + rb'parse(?![\w$]))))'),
    lazyre.compile(rb'Month(?<=etMonth)'),
    lazyre.compile(rb'Year(?<=etYear|llYear)'),
    lazyre.compile(rb'Hours(?<=etHours)'),
    lazyre.compile(rb'Locale(?<=toLocale)(?:Date|Time)?String'),
)


def local_time_candidate(text: bytes) -> bool:
    """Whether ``text`` holds a local-time method, ``Date.parse``, ``Intl.DateTimeFormat`` or a
    ``new Date(`` with arguments that can report (timezone's gate, and the hook's test of a staged
    file before it reads the project's importers)."""
    return any(c.search(text) for c in LOCAL_TIME_CANDIDATES)
