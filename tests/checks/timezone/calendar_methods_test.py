"""timezone's calendar-method rule: local getters and setters, not a date moved from its own value."""
from __future__ import annotations

from tests import helpers


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


def test_a_date_moved_by_hours_from_its_own_value_is_not_asked():
    """``d.setHours(d.getHours() + 168)`` is a week later, give or take a daylight-saving hour;
    ``setHours(h, 0, 0, 0)`` cuts it to a local hour and is asked."""
    src = '''function f(invitation) {
  const expiresAt = new Date();
  expiresAt.setHours(expiresAt.getHours() + 168);
  expiresAt.setMinutes(expiresAt.getMinutes() - 30);
  expiresAt.setHours(expiresAt.getHours() + 1, 0, 0, 0);
  return expiresAt;
}
'''
    zone = "is calendar maths in the server's zone (UTC in production, yours on a laptop):"
    assert helpers.findings('timezone', src) == [
        f'x.js:5 `expiresAt.setHours(expiresAt.getHours() + 1, ...` {zone} `setUTCHours` or an explicit zone',
    ]
