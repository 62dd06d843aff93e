"""Formatting in the server's zone: ``toLocaleString``/``toLocaleDateString``/``toLocaleTimeString``
on a ``Date`` and ``new Intl.DateTimeFormat(...)`` with no ``timeZone`` option (not one only asked
for its ``resolvedOptions()``)."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.timezone.nodes import FORMATTERS
from vcx_hook.checks.timezone.nodes import Asked
from vcx_hook.checks.timezone.nodes import has_time_zone_option
from vcx_hook.checks.timezone.nodes import is_date
from vcx_hook.checks.timezone.nodes import short
from vcx_hook.checks.timezone.nodes import source
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
                source(obj))


def intl(scope: Scope) -> Iterator[Asked]:
    for new in scope.captures('timezone.intl'):
        if not has_time_zone_option(new, 1) and not _options_only(new):
            yield Asked(new, f'`{short(new)}` has no `timeZone`, so it formats in the server\'s zone')


def _options_only(new: Node) -> bool:
    """``new Intl.DateTimeFormat().resolvedOptions()``: the formatter is only asked for the zone
    or locale it resolved (``.timeZone``, the browser's zone for a header), it formats nothing."""
    member = s.parent_of(s.outer_expression(new))
    return member is not None and member.type == 'member_expression' \
        and s.text(member.child_by_field_name('property')) == 'resolvedOptions'

