"""timezone: the gate (the check's findings are covered by fixtures/timezone)."""
from __future__ import annotations

import pytest

from vcx_hook.checks.timezone import ID
from vcx_hook.config import Config
from vcx_hook.config import default_config
from vcx_hook.engine import audit
from vcx_hook.engine.target import Change

from tests import helpers

gate_opens = helpers.bind(helpers.gate_opens, ID, 'src/x.js')
findings = helpers.bind(helpers.findings, ID, 'src/x.js')


def both(src: str, change: Change | None, cfg: Config | None = None) -> tuple[list[str], list[str]]:
    """The family's findings with and without the gates."""
    target = audit.Target('src/x.js', src.encode(), change)
    return tuple(  # type: ignore[return-value]
        [f'{f.line} {f.message}' for f in audit.audit(target, cfg or default_config(), gates=gates).findings
         if f.check_id == ID]
        for gates in (True, False))


@pytest.mark.parametrize(
    'src',
    (
        pytest.param('const t = new Date();\nconst u = new Date(ms);\n', id='now and epoch'),
        pytest.param('const t = new Date(Date.now() + 1000);\nconst u = new Date(parseInt(x, 10));\n',
                     id='one computed argument'),
        pytest.param('const n = Date.now();\nconst m = d.getTime();\nconst s = d.toISOString();\n', id='utc api'),
        pytest.param('const s = formatDate(d, y);\nconst dateFormat = "yyyy";\n', id='date in names'),
    ),
)
def test_gate_closes_on_near_misses(src):
    assert gate_opens(src) == [False]


@pytest.mark.parametrize(
    'src',
    (
        pytest.param('function f(d) {\n  const due = new Date(y, m, d);\n  return due;\n}\n', id='local constructor'),
        pytest.param('const d = new Date(/* x */ f(a), b);\n', id='comment and call in arguments'),
        pytest.param("const d = new Date(`${day} 10:00`);\n", id='template'),
        pytest.param("const t = Date /* c */ .parse('2024-01-01 10:00');\n", id='parse'),
        pytest.param("const fmt = new Intl.DateTimeFormat('en-US');\n", id='intl'),
        pytest.param('function f(due) {\n  return due.toLocaleDateString();\n}\n', id='formatter'),
        pytest.param('const start = new Date();\nfunction f() {\n  start.setHours(0, 0, 0, 0);\n}\n',
                     id='setter on a module date'),
        pytest.param('function f(createdAt) {\n  return createdAt.getFullYear() + 1;\n}\n', id='year'),
    ),
)
def test_gate_opens_where_run_reports(src):
    """In file mode and with any single row changed (hook mode), gated and ungated runs agree."""
    assert gate_opens(src) == [True]
    rows = src.count('\n')
    for change in (None, *(Change(((row, row + 1),)) for row in range(rows))):
        gated, ungated = both(src, change)
        assert gated == ungated
    assert len(both(src, None)[0]) == 1


def test_gate_closes_in_ui_files():
    assert gate_opens('function f(due) {\n  return due.getHours();\n}\n') == [True]
    assert gate_opens('function f(due) {\n  return due.getHours();\n}\n', 'src/Clock.tsx') == [False]


def test_gate_opens_for_date_names_added_in_config():
    """The gate keys on the methods, so a receiver named only in the configuration is asked too."""
    cfg = default_config()
    names = {k: dict(v) for k, v in cfg.names.items()}
    names[ID]['date_names'] = names[ID]['date_names'] | {'when'}
    src = 'function f(when) {\n  return when.getHours();\n}\n'
    assert gate_opens(src) == [True]
    assert both(src, None) == ([], [])
    assert both(src, None, cfg._replace(names=names)) == (
        ["2 `when.getHours()` is calendar maths in the server's zone (UTC in production, yours on a laptop): "
         "`getUTCHours` or an explicit zone"],
    ) * 2


EVIDENCE = '''\
function nextRun() {
  const tomorrow = new Date();
  tomorrow.setDate(1);
  tomorrow.setHours(9, 0, 0, 0);
  return tomorrow;
}
function firstOfNextMonth(now: Date) {
  const unused = 1;
  return new Date(now.getFullYear(), now.getMonth() + 1, 1);
}
function label(order) {
  const created = new Date(order.createdAt);
  log(created);
  return created.toLocaleString();
}
function sameLine() {
  const d = new Date(); d.setHours(0, 0, 0, 0);
  return order.createdAt.getHours();
}
'''


def test_evidence_is_where_the_date_was_declared():
    """A local-time call is about the line that built or received its date; a constructor is about
    the dates its arguments read (the inner questions it absorbs); a date on the same line or read
    from a member adds nothing."""
    assert helpers.about(ID, EVIDENCE, 'src/x.ts') == [(2, 3), (2, 4), (7, 9), (12, 14), (17,), (18,)]


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


PAGE = '''\
import { getRun } from '../data';

export default async function Page({ params }) {
  const run = await getRun(params.id);
  return <p>{new Date(run.startedAt).toLocaleDateString()}
    <b>{run.endedAt.getHours()}</b></p>;
}
'''


@pytest.mark.parametrize(('path', 'src', 'expected'), (
    pytest.param('apps/web/app/runs/[id]/page.tsx', PAGE, [
        'apps/web/app/runs/[id]/page.tsx:5 (medium) `new Date(run.startedAt).toLocaleDateString()` '
        "formats in the server's zone; pass `{ timeZone }` or format on the client",
        'apps/web/app/runs/[id]/page.tsx:6 (medium) `run.endedAt.getHours()` '
        "is calendar maths in the server's zone (UTC in production, yours on a laptop): `getUTCHours` or an explicit zone",
    ], id='server-component-page'),
    pytest.param('src/app/layout.jsx', PAGE.replace('Page', 'Layout'), [
        'src/app/layout.jsx:5 (medium) `new Date(run.startedAt).toLocaleDateString()` '
        "formats in the server's zone; pass `{ timeZone }` or format on the client",
        'src/app/layout.jsx:6 (medium) `run.endedAt.getHours()` '
        "is calendar maths in the server's zone (UTC in production, yours on a laptop): `getUTCHours` or an explicit zone",
    ], id='server-component-layout'),
    pytest.param('app/runs/page.tsx', "'use client';\n" + PAGE, [], id='use-client'),
    pytest.param('app/runs/page.tsx', PAGE.replace('const run', 'const [x] = useState(0);\n  const run'), [],
                 id='client-hook'),
    pytest.param('app/runs/RunCard.tsx', PAGE, [], id='not-a-page'),
    pytest.param('src/components/page.tsx', PAGE, [], id='not-app-router'),
))
def test_server_components_render_dates_in_the_servers_zone(path, src, expected):
    cfg = default_config()
    result = audit.audit(audit.Target(path, src.encode(), None), cfg)
    assert [f'{f.path}:{f.line} ({f.confidence}) {f.message}' for f in result.findings if f.check_id == ID] == expected


def test_a_date_moved_from_its_own_value_is_not_asked():
    """``d.setDate(d.getDate() + 1)`` keeps the wall-clock time: that many days later in any zone.
    Setting a day from another date, cutting to a day, or reading a local day still is asked."""
    src = '''function f(other, days) {
  const d = new Date();
  d.setDate(d.getDate() + 1);
  d.setMonth(d.getMonth() - 3);
  const x = new Date(); x.setFullYear(x.getFullYear() - days);
  d.setHours(0, 0, 0, 0);
  d.setDate(other.getDate() + 1);
  return d.getDate();
}
'''
    zone = "is calendar maths in the server's zone (UTC in production, yours on a laptop):"
    assert helpers.findings('timezone', src) == [
        f'x.js:6 `d.setHours(0, 0, 0, 0)` {zone} `setUTCHours` or an explicit zone',
        f'x.js:7 `d.setDate(other.getDate() + 1)` {zone} `setUTCDate` or an explicit zone',
        f'x.js:8 `d.getDate()` {zone} `getUTCDate` or an explicit zone',
    ]
