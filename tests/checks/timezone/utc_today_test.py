"""timezone's UTC today: the current instant's ISO text cut to a day and kept as today."""
from __future__ import annotations

from vcx_hook.checks.timezone import ID

from tests import helpers

findings = helpers.bind(helpers.findings, ID, 'src/x.js')


def test_today_cut_from_the_iso_text_in_a_file_naming_a_zone():
    src = ("export function f(user) {\n  const todayStr = new Date().toISOString().split('T')[0];\n"
           "  return { todayStr, zone: user.timezone };\n}\n")
    found = findings(src, 'server/stats.js')
    assert len(found) == 1 and found[0].startswith('server/stats.js:2 ') and 'is today in UTC' in found[0]


def test_not_without_a_zone_in_server_code_nor_a_name_for_today_nor_another_instant():
    assert findings("export function f() {\n  const todayStr = new Date().toISOString().split('T')[0];\n  return todayStr;\n}\n",
                    'server/stats.js') == []
    assert findings("export function f(tz) {\n  const stamp = new Date().toISOString().slice(0, 10);\n  return [stamp, tz];\n}\n",
                    'server/stats.js') == []
    assert findings("export function f(d, tz) {\n  const today = new Date(d).toISOString().slice(0, 10);\n  return [today, tz];\n}\n",
                    'server/stats.js') == []
