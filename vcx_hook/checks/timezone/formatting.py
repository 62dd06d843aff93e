"""Formatting in the server's zone: ``toLocaleString``/``toLocaleDateString``/``toLocaleTimeString``
on a ``Date`` and ``new Intl.DateTimeFormat(...)`` with no ``timeZone`` option (not one only asked
for its ``resolvedOptions()``).  Low confidence, every one: on code the tool was never tuned on,
listed formatting questions were worth asking 18% of 44 times (`toLocale*String`) and 17% of 9
(`Intl.DateTimeFormat`), rounds 3 to 13 (`bench/judged/shapes.py`, docs/confidence.md; dates built
and shown in one zone, display-only labels, servers run in their users' zone); under
docs/confidence.md's 40% over five."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.timezone.nodes import FORMATTERS
from vcx_hook.checks.timezone.nodes import Asked
from vcx_hook.checks.timezone.nodes import has_time_zone_option
from vcx_hook.checks.timezone.nodes import is_date
from vcx_hook.checks.timezone.nodes import short
from vcx_hook.checks.timezone.nodes import source
from vcx_hook.checks.timezone.nodes import value_uses
from vcx_hook.finding import LOW
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node


def locale_calls(scope: Scope, names: frozenset[str]) -> Iterator[Asked]:
    """``d.toLocaleString()`` on an evident ``Date`` (``names``: the date-like identifiers; a plain
    ``toLocaleString`` is asked only on a constructed or annotated one: numbers have it too)."""
    for call in scope.captures('timezone.call'):
        method = s.callee_name(call)
        obj = s.receiver(call)
        if method not in FORMATTERS or obj is None or not is_date(obj, names, strict=method == 'toLocaleString'):
            continue
        if not has_time_zone_option(call, 1):
            yield Asked(
                call, f'`{short(call)}` formats in the server\'s zone; pass `{{ timeZone }}` or format on the client',
                source(obj), LOW)


def intl(scope: Scope) -> Iterator[Asked]:
    for new in scope.captures('timezone.intl'):
        if not has_time_zone_option(new, 1) and not _options_only(new):
            yield Asked(new, f'`{short(new)}` has no `timeZone`, so it formats in the server\'s zone', confidence=LOW)


def _options_only(new: Node) -> bool:
    """``new Intl.DateTimeFormat().resolvedOptions()``, or a ``const dtf = new Intl.DateTimeFormat()``
    whose every use is ``dtf.resolvedOptions()`` or ``typeof dtf.resolvedOptions``: the formatter
    is only asked for the zone or locale it resolved (the browser's zone for a header, a check that
    the runtime knows zones), it formats nothing."""
    if _resolves(new):
        return True
    uses = value_uses(new)
    return bool(uses) and all(_resolves(n) or _typeof(n) for n in uses)


def _resolves(value: Node) -> bool:
    member = s.parent_of(s.outer_expression(value))
    return member is not None and member.type == 'member_expression' \
        and s.text(member.child_by_field_name('property')) == 'resolvedOptions'


def _typeof(name: Node) -> bool:
    up = s.parent_of(name)
    return up is not None and up.type == 'unary_expression' and s.text(up).startswith('typeof')
