"""timezone: calendar arithmetic or formatting in the server's local time zone.

Servers run in UTC in production and in the developer's zone on a laptop, so calendar maths in
local time gives different answers in the two places: "tomorrow at midnight" is a different instant,
a report's "today" starts at the wrong hour, and a daylight-saving change moves a recurring job by an
hour twice a year. The code passes every test on the laptop where it was written.

Asked in server code for:

- local-time getters and setters on a `Date` value: `getDate/setDate`, `getDay`, `getMonth/setMonth`,
  `getFullYear/setFullYear`, `getHours/setHours` (so `setHours(0, 0, 0, 0)` midnights too). A value
  counts as a `Date` when it was built with `new Date(...)`, is annotated `: Date`, or has a date-like
  name (`date`, `now`, `createdAt`, `startDate`...; the `date_names` list);
- the multi-argument local constructor `new Date(y, m, d)`;
- date-time strings parsed without an offset: `new Date('2025-03-01T09:00:00')`,
  `` new Date(`${day}T09:00`) ``, `Date.parse('2025/03/01')` (date-only ISO strings are UTC and fine; a
  date pinned to local midday, `` `${day}T12:00:00` ``, keeps its day in every zone within twelve hours);
- `toLocaleString`/`toLocaleDateString`/`toLocaleTimeString` and `new Intl.DateTimeFormat(...)` with no
  `timeZone` option;
- date libraries' local-time functions, in a function that names a zone (a `timezone` parameter, a
  `tz` variable, `user.timeZone`) and does not pass it (medium confidence): date-fns calendar
  functions (`startOfDay`, `endOfMonth`, `differenceInCalendarDays`, `isSameDay`, `setHours`...)
  with no `{ in: tz(zone) }` and not on a `TZDate`/`UTCDate` (nor on what date-fns made from one:
  `parse(day, 'yyyy-MM-dd', new TZDate(now, zone))` is one too), in files that do not convert with
  date-fns-tz; Moment and Day.js chains (`moment().startOf('day')`, `dayjs().hour(9)`) with no
  `.utc()`/`.tz()`; and dateformat's local ISO masks (`'isoDateTime'`, `'isoTime'`) anywhere;
  also (low), in a function that names no zone, a Day.js calendar chain with no `.utc()`/`.tz()`
  (`dayjs(dateISO).startOf('day')`) in a file that loads Day.js's `utc` or `timezone` plugin: the
  file set Day.js up to work in UTC and this boundary is still the server's (recosante's UV
  forecast day, a real bug of holdout22);
- a time of day parsed by Moment's or Day.js's own function with an hours-and-minutes format
  (`moment_tz(slot.start, 'HH:mm')`, `dayjs(t, 'h:mm A')`), which puts it on today in the server's
  zone, and then compared (`isBetween`, `isBefore`, `isAfter`, `diff`...) with a moment the function
  did not parse that way (`now.isBetween(start, end)` with `now` in the project's zone): opening
  hours checked on a UTC server open an hour or two late in Europe. Not when every side was parsed
  the same way (wall-clock times compared with each other agree in any zone) or the chain names a
  zone (`moment.tz(t, 'HH:mm', zone)`). Medium: over 18 tuning repositories it asked nothing but the
  real bug; a first version without the comparison asked three times-of-day compared with each
  other (0 of 3 worth asking);

Asked in browser code too, where the browser's zone is the one that differs from UTC: a UTC
rendering given to a date input (`<input type="datetime-local" value={d.toISOString().slice(0, 16)}>`,
`<DateInput value={value.toISOString()} />` of a date-picker package such as `@mantine/dates`). The
input shows and edits its value as the user's wall-clock time, so what they see and pick is off by
their UTC offset. Medium for a time of day and a picker component's value (over 31 applications it
asked once, the real bug); low for `<input type="date">`, which a consistent UTC calendar can feed
and read in UTC on purpose.

Asked at low confidence in browser code, a calendar date read as the browser's midnight and moved to
UTC before its day is printed (`moment(date).utc().format('YYYY-MM-DD')`, Moment or Day.js, a value
named for a date and not an instant, a pattern with a day and no time: the day before east of UTC;
tower-analytics' `formatDate`, a real bug of holdout23; over the judged applications' mirrors, 7 such
chains, none of them asked).

Asked at low confidence in browser code, days stepped as a fixed length: a timestamp moved by the
k-th day written as seconds or milliseconds (`startTime + dayIndex * 86400`, `start + i * 24 * 60 *
60 * 1000` with a loop's counter or an iteration callback's index), one day added in a loop (`next
+= ONE_DAY`, `ONE_DAY` a `const` of `1000 * 60 * 60 * 24`), or a day's index taken as the raw
quotient of two timestamps (`rows[(stamp - begin) / (1000 * 3600 * 24)]`): in the user's zone a day
across a daylight-saving change is 23 or 25 hours, so every later step lands an hour off midnight
(the day before, or one day twice) and the quotient is no whole number (Mailspring's all-day column,
CryptPad's form timeline, memos' heat map: real bugs of holdout25, holdout3 and holdout8). Not a
span from an instant (`Date.now() - days * 864e5`, a window of `n` days before a timestamp), a sum
of durations (`totalSeconds += value * 86400`), a rounded quotient, nor in a file that does its day
maths in UTC (`Date.UTC`, `getUTCDate`, `.utc()`). Over the files with a day length of ten judged
applications it asked once: midday's workbench labelling a week's days from its start.

Asked at low confidence in browser code, a calendar date parsed as an instant and read back in
local time: `new Date(dateOfBirth).toLocaleDateString()`, `new Date('2024-03-01').getDate()` (a
value named for a birth date, named as a day's or a month's string, `dayStr`, `monthStr`,
`task.dayStr`, `dayString`, or a `YYYY-MM-DD` literal), read right away or through the `const` it
is kept in, or that `const` compared with another date (`taskDate >= rangeStart`): parsed as
midnight UTC, west of UTC it reads as the day before. Not with `timeZone: 'UTC'` or the UTC
getters, nor a `dateStr`/`dateString`: as often an instant's text, read in local time on purpose
(`formatDate(dateString)`: 3 of 3 such questions in kaneo, nango and papra not worth asking). Over
31 applications it asked once, the real bug (in server code the formatting questions above ask it);
the day and month strings asked once more over 32 checkouts, a day key that held an instant's JSON
(not worth asking).

Also asked there (low), a day's text parsed by `new Date(...)` and formatted as a day with no zone:
`intl.formatDate(new Date(airDate), { year, month, day })`, `new Intl.DateTimeFormat(locale,
{ month, day }).format(new Date(dateString))`, `toLocaleDateString(locale, { day, month })` (options
with nothing finer than the day, no `timeZone`; a text named for a date or a day, not an instant's
`createdAt`/`updatedTime`, not kept as `updatedDate`, not a parameter typed `Date` too). A
date-only string is midnight UTC: the day before west of UTC (jellyseerr's air date, a real bug of
holdout28). On comp and Worklenz it asked 13 times: 1 worth asking (a phase's `YYYY-MM-DD` moved
with `setUTCDate` and shown local), 5 borderline (project and phase start dates), 7 not (instants).

Also asked there (low), a birth date parsed by `new Date(...)` and handed on as it is: assigned,
returned, passed or rendered (`values.birthdate = new Date(patient.birthDate)`, a form's or a date
picker's value), not read or kept in a name (those are above): wherever it is shown or edited in
local time it is the day before west of UTC. Over the files of 377 tuning mirrors with such a
`new Date(` it asked 7 times in browser code, 4 worth asking (edit forms filled from a record in
epochtalk, care_fe, openmrs's form entry and unchained) and 3 borderline (ages and a picker's
minimum); over the ten round-14 held-out applications it asked nothing.

A date's string (`dateStr`, `task.dateStr`, `dateString`) parsed by `new Date(...)` is asked the
same way only when the `const` it is kept in is compared with another date (`taskDate >=
rangeStart`, a range of local midnights): there it is the day, not an instant's text; not when that
`const` is first set to its local midnight (`d.setHours(0, 0, 0, 0)`, an instant's day on purpose).
Over the files of 377 tuning mirrors with such a `new Date(` it asked nothing in browser code but
the real bug (super-productivity's worklog export) once the local midnight was left out (cht-core's
training cards, not worth asking); over the ten round-14 held-out applications it asked nothing.

And a day format of a value typed as a `Date` or a string: date-fns `format(new Date(date),
'yyyy-MM-dd')` (a pattern with no time of day) in a function whose parameter is `date: Date |
string`. A day's string given to it (its own output, a day key) is parsed as midnight UTC and
formatted in local time, so west of UTC it comes back as the day before. Over the 267 TypeScript
files of 377 tuning mirrors calling `format(new Date(`, it asked three times besides the real bug
(recipeyak's `toDateString`), all in midday's invoice helpers, whose own tests pass them day strings
(`formatShortDate('2025-12-25')`), in a package not taken for browser code (so not asked there);
over the ten round-14 held-out applications it asked nothing.

Asked at low confidence, in server and browser code, a local time labelled UTC: a Moment or Day.js
chain (bound by the file's import or require) formatted with a literal `Z` in its pattern
(`moment().tz('Europe/London').format('YYYY-MM-DDTHH:mm:ss.SSS[Z]')`, `dayjs(d).format('...[Z]')`),
or date-fns `format(d, "yyyy-MM-dd'T'HH:mm:ss'Z'")`: the digits are the wall-clock time of the
server's or the user's zone (or the zone the chain moved to), the `Z` says UTC, so whoever reads the
string is off by the offset (a payments dashboard's London period bounds an hour off in summer).
Not on a chain in UTC (`moment.utc()`, `.utc()`, `.utcOffset(0)`, `.tz('UTC')`), nor date-fns given
a `UTCDate` or `{ in: utc }`; an offset the library prints itself (an unbracketed `Z`) is right.
And a `Z` appended by hand to a local time's text (`appended_z.py`): a `datetime-local` or `time`
input's value (`e.target.value + ':00Z'` in its `onChange`), Luxon's `toISO()`/`toFormat()` of a
`DateTime` in its own zone (`dt.toISO().split('.')[0] + 'Z'`), a Moment or Day.js `format()` not in UTC
(`` `${dayjs(d).format('YYYY-MM-DDTHH:mm')}Z` ``): klicker's micro-session dates and darts' transcript
times (real bugs of holdout18). Not a text already in UTC (`toISOString()`, `toUTC()`, `.utc()`,
`setZone('utc')`). Over the files of eight tuning applications that append such a `Z` (latitude-llm,
saltcorn, civitai, nocobase, joplin, langfuse, openpanel, beabee) it asked nothing.

Asked at low confidence, in server code, a date library's value formatted in the server's zone:
a Moment or Day.js chain (bound by the file's import or require) with no zone on the way formatted
with a day or an hour in its pattern (`moment(input, 'YYYY/MM/DD HH:mm:ss.SSSZ').format('h:mma')` in
a template helper, `moment().format('YYYY-MM-DDZ')` stamped on a record, `moment(day.date).format(
'YYYY-MM-DD') === moment(from).format('YYYY-MM-DD')`), or a Luxon `DateTime` made with no zone and
formatted (`DateTime.fromJSDate(new Date(value)).toFormat('d LLLL yyyy, h:mm a')`): the libraries'
form of `toLocaleString()` with no `timeZone`, low for the same reason. Not a chain in a zone
(`moment.utc(x)`, `.utc()`, `.tz(zone)`, `.local()`, Luxon's `setZone`/`toUTC`/`{ zone }`), a file
that sets the library's default zone, a pattern with no day nor hour, a time printed with its
offset (`HH:mm:ssZ`), a wall-clock time parsed by a pattern with no offset and printed back, a
calendar date's text parsed by Luxon and printed back with no time of day
(`DateTime.fromISO(dateOfBirth).toFormat('dd')`: Luxon reads a date with no offset as a day of the
process's zone, so it round-trips; not `fromJSDate`, nor a value named for an instant such as
`createdAt`; pcs-frontend's and overseas-entities-web's date fields, judged not worth asking 4 of 4
times), nor a log line's time. A chain in UTC alone is asked when its pattern shows people a time of day (an
hour with an am/pm marker or a month's name: `moment.utc(d).format('D MMMM YYYY, h:mma')`) and names no zone:
UTC's clock read as theirs (biodiversity-net-gain's 'last updated' time, holdout25); not a machine's
`'YYYY-MM-DD HH:mm:ss'` nor a UTC date with no hour. Written for four real bugs of four repositories (holdout11 to 13: a template
helper's reading times, an upload's date stamp, leave days compared as text, a message's sent time).
Over the 30 applications held out in rounds 16 to 18 it asked 30 times, 19 read: 5 worth asking (a
comment's deadline time in an error, a forecast's day, a local time sent to a CRM, an appointment's
day in a push notification, a deadline compared with today), 9 borderline (today's date stamped on
a record by a UK or French service, a day in an export), 5 not (a date string parsed and printed
back, a CLI's default, a file name).

Asked at low confidence, a recurring schedule built at run time with no zone: node-schedule's
`new RecurrenceRule(null, null, null, dayOfWeek, hour, minute)` or `scheduleJob({ hour, minute }, fn)`,
node-cron's `cron.schedule(task.cron, fn)`, cron's `new CronJob(job.cron, fn)`, croner's `Cron(...)`
(the package bound by the import), whose time a user or a record chose: it fires at that hour of
the server's zone, not the chooser's. Not when the time is written in the code or read from the
environment or a config module (the operator's), when a zone is given (`tz`, `timezone`,
`timeZone`, or options built elsewhere), or when the job does nothing (`new CronJob(t, () => {})`
to read its next dates). Over 31 applications it asked once, the real bug; two jobs that only
measured a configured cron's step were the first version's noise.

Asked at low confidence, in server and browser code, a zone's wall-clock time read as an instant:
date-fns-tz's `toZonedTime(date, zone)` (`utcToZonedTime`) returns a `Date` whose local fields show
the zone's time, its instant shifted by the offset; read back with `toISOString()` (a day key cut
from it), `toJSON()` or a UTC getter, directly, through date-fns functions of it
(`startOfDay(toZonedTime(d, tz)).toISOString().split('T')[0]`) or through the `const` it is kept in,
it is a day off wherever the zone is ahead of UTC. Not `format`/`formatInTimeZone` of it. And, in a
file that converts with date-fns-tz, a date-fns calendar function given the current instant as it
is (`endOfDay(now)` with `const now = new Date()`): the file's other boundaries are the user's day,
this one the server's. Written for two bugs of one repository (holdout14: tome's activity calendar
and its hours-left-today countdown); over tome's and open-mercato's current code nothing new.

Asked at low confidence, today taken as UTC's day: the current instant's ISO text cut to its date
(`new Date().toISOString().split('T')[0]`, `.slice(0, 10)`, `.substring(0, 10)`, also of a `const
now = new Date()`) kept in a name for today (`todayStr`, `todayKey`): around the user's midnight it
is already tomorrow or still yesterday. In browser code anywhere; in server code only in a file that
names a zone (a `timezone`, `timeZone` or `tz`: the app knows its users have one). Written for
PortOS's POST stats (holdout14); over the current code of five applications it asked twice more,
both in browser code and worth asking (a progress form's and a timesheet entry's default day).

Asked at low confidence, a cron expression used without the zone that comes with it: a function
reads both `repeat.cron` and `repeat.cronTimezone` (a field of the same object named for a zone:
`tz`, `timezone`, `timeZone`) and a call works out a time from the expression alone, given an
instant or options that name no zone (`runAt = cron(runAt ?? new Date(), repeat.cron)`,
`parseExpression(job.cron, { currentDate })`): the next run is the server's zone's. Not when an
argument carries the zone, nor a call given no instant or options (a validation). Over eleven
judged applications and the files of 219 tuning mirrors it asked nothing but the real bug.

Asked at low confidence, in server and browser code, rrule's occurrences taken for instants:
`RRule.fromString(series.recurrenceRule).between(fromDate, now)`, `new RRule(event.recurrenceRule
.origOptions).between(start, end)` (`after`, `before`, `all` too; the package bound by the import).
rrule computes in floating time: the dates it takes and returns are wall-clock times written as
UTC, with a rule's TZID that zone's wall clock, so real instants given and taken are off by the
zone's offset (parabol's recurring meetings, homepage's iCal events: two real bugs). Only where the
rule can carry a zone: parsed from a text (not one written with a UTC `DTSTART:...Z` and no TZID,
also through the `const` it is kept in), made from options not written there, or written with a
`tzid`. Not in a file that builds rrule's floating dates (`datetime()`), nor in a function that
reads a `tzid` besides the rule's options (it converts). Over the 30 applications held out in
rounds 14 to 16 (none uses rrule) and the files of the tuning mirrors importing rrule (15 files)
it asked nothing but the real bugs.

One question per line and per expression: `new Date(now.getFullYear() + 1, now.getMonth(), 1)` is
asked once, as sure as the surest question it absorbs.

In a self-hosted project that tells its users to set the server's zone (`TZ=Europe/Brussels` in its
README's `docker run` or its compose file), or whose root Dockerfile sets it (`ENV TZ=Europe/London`
of a UK service's image) or the Dockerfile of the audited file's package folder does (a monorepo's
`packages/backend/Dockerfile`), or whose production code sets it (`process.env.TZ = "Europe/Paris"` in an
entry file; not a test's setup), every question is low confidence: the server runs in its user's zone
(judged 1 of 10 worth asking in such projects, Maintainerr's `tz:self-hosted-tz-env`; round 13's
hmpps-interventions-ui, 0 of 4, `config:dockerfile-tz-europe-london`; round 14's trackdechets, 0 of 2,
`config:tz-enforced-europe-paris`; round 15's domifa backend, 0 worth and 2 borderline listed, 0 of 2 low).

Formatting in the server's zone (`toLocale*String`, `Intl.DateTimeFormat` with no `timeZone`) is
low confidence, every one: listed, it was worth asking 18% of 44 times (`toLocale*String`) and 17%
of 9 (`Intl`) on code the tool was never tuned on, rounds 3 to 13 (`bench/judged/shapes.py`; dates
built and shown in one zone, display-only labels, servers run in their users' zone), under
docs/confidence.md's 40% over five; the dates put in e-mails and chat replies that were worth asking are asked with `--show low`.

Listed (medium confidence; blocking with `block = "medium"`): a date built with a time of day
parsed from text (`new Date(y, m, d, parseInt(hh), parseInt(mm))`: an iCalendar stamp read as
local time, a profile's `HH:MM` put on the server's day), a
date-time string built at run time with no offset, and the date libraries' and dateformat's shapes
(judged fewer than five times each on held-out code: 1 of 4 built from parsed parts worth asking,
2 of them low today in projects that set their zone, round 15's a month date of a provider's record,
0 of 3 run-time strings (pinned to midday, no longer asked; a date-only value pinned to local
midnight, `` `${day}T00:00:00` ``, 0 of 2: the local day's start chosen, low), 0 of 1 date-fns call; the template
`builds a date`, listed 33% of 6, held dates built from other numbers, listed then). A calendar
date parsed from text with no time of day (`new Date(parseInt(y), parseInt(m) - 1, parseInt(d))`)
is low: its local midnight reads back as the same date in the same zone (with round 17, listed 0 of
5 worth asking: a form's date, a provider's month, month bounds; both worth asking parsed an hour).
Low confidence (`--show low`): every local getter and setter. A date set to a position on the server's calendar (`setHours(0, 0, 0, 0)`,
`setHours(23, 59, 59, 999)`, `setDate(1)`, `setHours(hour, 0, 0, 0)`: where "today" or the month
starts and ends for a report or a rule): its template, listed, was worth asking 23% of 51 times on
code the tool was never tuned on (4 worth asking, 15 borderline, 32 not), the calendar positions
among them 33% of 21 (2, 10 and 9: day boundaries that agree with the server's own stored buckets,
daily quotas, browser-side stores, a zone the Dockerfile sets), under docs/confidence.md's 40% over
five:

```sh
python bench/judged/shapes.py --held-out --check timezone --match 'calendar maths'
```

The other calendar maths were worth asking 15% of 31 times (upload folders, log files and day keys,
browser helpers, cut-offs). Dates built from other numbers (25% of 4) and constant date-time
strings (sample and mock data, 0% of 3) are low too. And every question in an exported helper
nothing imports, in a module other files import for its other names (nextcrm's `getUsersByMonth`
chart helpers beside the `getUsers` its pages import, chatbot-ui's unused `formatDate`; judged not
worth asking 4 of 4 times): its dates reach no one until a caller comes. A module nobody imports
says nothing: a route or a page is reached by its framework; nor one a barrel passes on whole
(`export * from`).

Not asked:

- a date moved by whole days, months or years from its own value (`d.setDate(d.getDate() + 7)`,
  `d.setMonth(d.getMonth() - 3)`): it keeps its wall-clock time, so in any zone it is that many days
  later (judged not worth asking on held-out code: "last 90 days" cut-offs), also a date of now moved
  from another date of now (`cutoff.setFullYear(now.getFullYear() - 16)`, both `new Date()`: round
  26's schulcloud-server age limits); moved by hours or
  minutes (`d.setHours(d.getHours() + 168)`) it is that long later, give or take a daylight-saving
  hour; cutting it to a day or an hour afterwards (`d.setHours(0, 0, 0, 0)`) is asked;
- a date built from parts in the local zone and only read back with local getters in its function
  (`const date = new Date(y, m - 1, d); return date.getMonth() === m - 1`): a validity check or a
  weekday the zone cannot change (judged not worth asking: heyform's isDate); returned, stored or
  turned into an instant (`toISOString()`) it is asked;
- epoch-millisecond arithmetic (`Date.now()`, `getTime()`), `toISOString`, `getUTC*`/`setUTC*`,
  `Date.UTC(...)`;
- formatting with an explicit `timeZone`, or with options built elsewhere, and a formatter only asked
  for the zone it resolved (`new Intl.DateTimeFormat().resolvedOptions().timeZone`);
- `toLocaleString` on numbers, and getters on values that are not evidently dates (`cache.get('date')`);
- date-fns `format`: a formatted timestamp in a log line or a file name shows its zone (Moment's,
  Day.js's and Luxon's formatting is asked at low confidence, above);
- browser and UI code (but a Next.js app-router page, layout or template with no `'use client'` and
  no client hook renders on the server, and is asked, at medium confidence, unless its package is
  built as a static export, `output: 'export'` in its `next.config.*`: rendered once at build time,
  no server runs it), a Nuxt app's files when its `nuxt.config.*` turns server rendering off
  (`ssr: false`; not its `server/` and `shared/` folders: litlyx's dashboard stores), `.jsx`/`.tsx`
  files, files importing React, Vue, Svelte, Angular or Next.js client modules, `'use client'` files, files using DOM globals (`window.`, `document.`...), and
  files under `client/` (or a next version beside it, `client-v2/`), `frontend/`, `public/` or a UI's `components/`, and React hooks
  (`use-format-date.ts`). There local time is the user's time, which is what a display wants. So
  is a function that only browser files import, wherever it is defined (`expireText` of
  `lib/utils/client.ts` imported only by components, a shared package's `getDefaultDateRange`
  imported only by the front end's pages; judged not worth asking twice on held-out code): its
  importers are read from the project's files when files are audited whole, or when a staged file
  that is not browser code by its path handles dates; one server importer, or one that takes the
  whole module, and it is asked. A barrel that passes the name on (`export { relativeTime } from
  './relativeTime'`) runs it where its own importers of that name run, and a test or a story that
  imports it only exercises it (latitude-llm's `relativeTime`, passed on by its utilities package
  to components and imported by its test: judged not worth asking). A helper its module keeps to itself is reached through the
  exported functions that call it (langfuse's `convertDateToStringTimestamp`, chatbot-ui's
  `buildBasePrompt`: judged not worth asking, browser code). Nor is anything in a module that only
  browser code loads, whichever names it takes: every file importing the module is browser code or,
  up to six modules away, a module only browser code loads (big-AGI's `trade.client.ts`, whose
  exported `conversationToMarkdown` only its own download function calls, imported by components:
  judged not worth asking on held-out code); one server importer, or an entry point nobody
  imports, and it is asked (tests and stories aside).

Bad:

```js
function nextRun() {
  const tomorrow = new Date();
  tomorrow.setDate(tomorrow.getDate() + 1);
  tomorrow.setHours(9, 0, 0, 0);
  return tomorrow;
}
```

Good:

```js
function nextRun() {
  const next = new Date();
  next.setUTCDate(next.getUTCDate() + 1);
  next.setUTCHours(9, 0, 0, 0); // or Temporal / date-fns-tz with the customer's zone
  return next;
}
```

Not asked, a date that only goes where the program's operators read it, in the server's zone
on purpose (judged not worth asking every time on held-out code): a log line (`console.error(`...
${new Date().toLocaleString()}`)`, `logger.info(...)`, `this.log.warn(...)`, also through a `const`
whose every use is one), a WebSocket's close reason (`ws.close(1011, `... ${stamp}`)`), and anything
in the project's own logger module (a file or folder named `logger`, `loggers` or `logging`, or a
`log.js`: `Logger.ts`, `lib/logger/render.js`), whose dates are its lines' timestamps. A formatter
made only to ask the zone the runtime resolved (`const dtf = new Intl.DateTimeFormat()` used only as
`dtf.resolvedOptions()` and `typeof dtf`) formats nothing and is not asked either.

Answer it in code when local time is what you mean:

```js
// vcx-ignore timezone -- this CLI runs on the operator's laptop and prints in their zone
const label = started.toLocaleString();
```

Names the configuration can extend (`[checks.timezone]`): `date_names`, identifiers treated as
`Date` values.
"""
from __future__ import annotations

import os.path
from collections.abc import Iterator

from vcx_hook.checks.common import load_query
from vcx_hook.checks.timezone import appended_z
from vcx_hook.checks.timezone import calendar_methods
from vcx_hook.checks.timezone import constructors
from vcx_hook.checks.timezone import date_inputs
from vcx_hook.checks.timezone import date_only
from vcx_hook.checks.timezone import date_shifts
from vcx_hook.checks.timezone import day_formats
from vcx_hook.checks.timezone import day_steps
from vcx_hook.checks.timezone import formatting
from vcx_hook.checks.timezone import gate
from vcx_hook.checks.timezone import libraries
from vcx_hook.checks.timezone import library_formats
from vcx_hook.checks.timezone import recurrences
from vcx_hook.checks.timezone import schedules
from vcx_hook.checks.timezone import times_of_day
from vcx_hook.checks.timezone import utc_labels
from vcx_hook.checks.timezone import utc_today
from vcx_hook.checks.timezone import zone_fields
from vcx_hook.checks.timezone import zoned_reads
from vcx_hook.checks.timezone.nodes import Asked
from vcx_hook.checks.timezone.nodes import logged
from vcx_hook.checks.timezone.nodes import within
from vcx_hook.config import Config
from vcx_hook.ecosystem import importers
from vcx_hook.ecosystem import logs
from vcx_hook.ecosystem import runtime
from vcx_hook.finding import Finding
from vcx_hook.finding import LOW
from vcx_hook.finding import MEDIUM
from vcx_hook.finding import at_least
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

ID = 'timezone'
# Held-out precision below 80% for every shape (bench/judged): listed, not blocking, until a shape is
# shown to be worth asking 80% of the time; the noisy shapes are low (the docstring, docs/confidence.md).
CONFIDENCE = MEDIUM
QUESTION = 'Which time zone is this in on the server, and is that the one you mean?'
SUMMARY = 'calendar maths or formatting in the server-local time zone'
QUERY = load_query(os.path.join(os.path.dirname(__file__), 'candidates.scm'))
NAMES = {
    # Identifiers treated as Date values without a visible `new Date()` or `: Date` annotation.
    'date_names': frozenset((
        'date', 'd', 'dt', 'now', 'today', 'tomorrow', 'yesterday', 'start', 'end', 'deadline',
        'expiry', 'expires', 'midnight', 'day', 'due', 'timestamp',
    )),
}


def relevant(scope: Scope, config: Config) -> bool:
    """Whether the text holds a local-time method, `Date.parse`, `Intl.DateTimeFormat` or a `new Date(`
    with arguments that can report, or the file names a date library and the scope one of its
    local-time functions, outside UI files (``run``'s own first test)."""
    if date_inputs.possible(scope) or utc_labels.possible(scope) or recurrences.possible(scope) or appended_z.possible(scope) \
            or date_shifts.possible(scope):
        return True
    if next(date_inputs.picked_days(scope), None) is not None:
        return True
    if zoned_reads.possible(scope) or utc_today.possible(scope):
        return True
    if runtime.in_users_zone(scope.file) and (date_only.possible(scope) or day_steps.possible(scope)
                                              or day_formats.possible(scope)):
        return True
    if schedules.possible(scope):
        return not runtime.in_users_zone(scope.file)
    if zone_fields.possible(scope) and not runtime.in_users_zone(scope.file):
        return True
    if library_formats.possible(scope) and scope.named(library_formats.FORMATS):
        return True
    if gate.candidate_in(scope):
        return not runtime.in_users_zone(scope.file) or runtime.is_server_component(scope.file)
    if gate.names_library(scope.file) and (scope.named(gate.LIBRARY_WORDS) or gate.masks(scope)
                                           or times_of_day.possible(scope)):
        return not runtime.in_users_zone(scope.file)
    return False


def run(scope: Scope, config: Config) -> Iterator[Finding]:
    for asked in (*date_inputs.values(scope), *date_inputs.picked_days(scope)):  # the browser's zone matters there
        yield _finding(scope, asked)[1]
    if logs.is_logger_module(scope.file.path):
        return  # the project's logger: its dates are its lines' timestamps, read by the operators
    server_rendered = runtime.is_server_component(scope.file)
    if runtime.in_users_zone(scope.file) and not server_rendered:
        # The formatting rules ask server code; in the browser only a calendar date read a day off.
        browser = [*date_only.reads(scope), *utc_labels.calls(scope), *recurrences.calls(scope), *zoned_reads.calls(scope),
                   *utc_today.calls(scope), *appended_z.calls(scope), *date_shifts.calls(scope), *day_steps.steps(scope)]
        asked_nodes = {(a.node.start_byte, a.node.end_byte) for a in browser}
        browser += [a for a in day_formats.formats(scope) if (a.node.start_byte, a.node.end_byte) not in asked_nodes]
        for asked in browser:
            yield _finding(scope, asked)[1]
        return
    names = config.names[ID]['date_names']
    found = [_finding(scope, a) for a in (
        *calendar_methods.calls(scope, names), *formatting.locale_calls(scope, names),
        *constructors.new_dates(scope), *constructors.parses(scope), *formatting.intl(scope),
        *schedules.calls(scope), *zone_fields.calls(scope), *utc_labels.calls(scope), *recurrences.calls(scope),
        *library_formats.calls(scope), *zoned_reads.calls(scope), *utc_today.calls(scope), *appended_z.calls(scope))]
    found = [(node, f) for node, f in found if not logged(node)]  # a log line's time, in the server's zone
    if server_rendered:  # a new shape: server components' dates (medium until judged)
        found = [(node, f._replace(confidence=LOW if f.confidence == LOW else MEDIUM)) for node, f in found]
    zone_set = config.zone_set_by_user or any(scope.path.startswith(f'{p}/') for p in config.zoned_packages)
    if zone_set:  # `TZ` set by the docs, a Dockerfile or the entry file
        found = [(node, f._replace(confidence=LOW)) for node, f in found]
    if gate.names_library(scope.file):
        # A date library's maths in the server's zone (`endOfDay(new Date())`) is in the chosen zone too.
        found += [(node, f._replace(confidence=LOW) if zone_set and "server's zone" in f.message else f)
                  for node, f in (_finding(scope, a) for a in (*libraries.calls(scope), *times_of_day.calls(scope)))]
    if config.importers:  # a helper only browser files import runs in the browser, in the user's zone
        in_browser = bool(found) and importers.loaded_by_browser(scope.path, config.importers)
        found = [(node, f) for node, f in found if not in_browser and not importers.browser_only(
            scope.path, importers.reaching_names(node), config.importers)]
        # An exported helper nothing imports: its dates reach no one until a caller comes (low).
        found = [(node, f._replace(confidence=LOW) if importers.unused_export(scope.path, node, config.importers) else f)
                 for node, f in found]
    # `new Date(now.getFullYear() + 1, now.getMonth(), 1)` is one question, not three; it is about
    # what the inner ones were about too (where `now` was built).
    for node, finding in found:
        inner = [f for n, f in found if within(n, node)]
        if any(within(node, n) for n, _ in found):
            continue
        if inner:
            lines = {line for f in inner for line in f.about} - {finding.line}
            # It is as sure as the surest question it absorbs.
            confidence = finding.confidence or CONFIDENCE
            for f in inner:
                if not at_least(confidence, f.confidence or CONFIDENCE):
                    confidence = f.confidence
            finding = finding._replace(evidence=tuple(sorted(lines | set(finding.evidence))), confidence=confidence)
        yield finding


def _finding(scope: Scope, asked: Asked) -> tuple[Node, Finding]:
    return asked.node, scope.finding(
        asked.node, ID, asked.message, QUESTION, evidence=asked.evidence, confidence=asked.confidence)
