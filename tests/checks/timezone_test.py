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
