"""timezone: one question per expression, its evidence, and server components (the family's findings
are covered by fixtures/timezone; each rule by tests/checks/timezone/)."""
from __future__ import annotations

import pytest

from vcx_hook.checks.timezone import ID
from vcx_hook.config import default_config
from vcx_hook.engine import audit

from tests import helpers

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
        'apps/web/app/runs/[id]/page.tsx:5 (low) `new Date(run.startedAt).toLocaleDateString()` '
        "formats in the server's zone; pass `{ timeZone }` or format on the client",
        'apps/web/app/runs/[id]/page.tsx:6 (low) `run.endedAt.getHours()` '
        "is calendar maths in the server's zone (UTC in production, yours on a laptop): `getUTCHours` or an explicit zone",
    ], id='server-component-page'),
    pytest.param('src/app/layout.jsx', PAGE.replace('Page', 'Layout'), [
        'src/app/layout.jsx:5 (low) `new Date(run.startedAt).toLocaleDateString()` '
        "formats in the server's zone; pass `{ timeZone }` or format on the client",
        'src/app/layout.jsx:6 (low) `run.endedAt.getHours()` '
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


TIERS = '''\
const express = require('express');
function todayRange(now) {
  const start = new Date(now);
  start.setHours(0, 0, 0, 0);
  const end = new Date(now);
  end.setHours(23, 59, 59, 999);
  return { start, end };
}
function uploadFolder(now) {
  return `${now.getFullYear()}/${now.getMonth() + 1}`;
}
function topOfNextHour(expiresAt) {
  expiresAt.setHours(expiresAt.getHours() + 1, 0, 0, 0);
  return expiresAt;
}
function fromIcal(stamp) {
  return new Date(Number.parseInt(stamp.slice(0, 4)), Number.parseInt(stamp.slice(4, 6)) - 1, 1, Number.parseInt(stamp.slice(9, 11)));
}
function firstOfYear(year) {
  return new Date(year, 0, 1);
}
function slot(day) {
  return new Date(`${day}T09:00:00`);
}
const launch = new Date('2025-03-01T09:00:00');
function receipt(paidAt) {
  return new Date(paidAt).toLocaleDateString('en-US');
}
'''
CUT = "is calendar maths in the server's zone (UTC in production, yours on a laptop): `setUTCHours` or an explicit zone"
BUILDS = "builds a date in the server's zone: `new Date(Date.UTC(...))`"
PARSES = "parses a date-time with no offset, in the server's zone: add `Z` or an offset"
SHARED = [
    "10 (low) `now.getFullYear()` is calendar maths in the server's zone (UTC in production, yours on a laptop): "
    '`getUTCFullYear` or an explicit zone',
    f'13 (low) `expiresAt.setHours(expiresAt.getHours() + 1, ...` {CUT}',
    f'17 (medium) `new Date(Number.parseInt(stamp.slice(0, 4)), ...` {BUILDS}',
    f'20 (low) `new Date(year, 0, 1)` {BUILDS}',
    f'23 (medium) `new Date(`${{day}}T09:00:00`)` {PARSES}',
    f"25 (low) `new Date('2025-03-01T09:00:00')` {PARSES}",
    "27 (low) `new Date(paidAt).toLocaleDateString('en-US')` formats in the server's zone; "
    'pass `{ timeZone }` or format on the client',
]


def test_listed_shapes_and_low_ones():
    result = audit.audit(audit.Target('src/jobs/report.js', TIERS.encode(), None), default_config())
    expected = [
        f'4 (low) `start.setHours(0, 0, 0, 0)` {CUT}',
        f'6 (low) `end.setHours(23, 59, 59, 999)` {CUT}',
        *SHARED,
    ]
    assert [f'{f.line} ({f.confidence}) {f.message}' for f in result.findings if f.check_id == ID] == expected
