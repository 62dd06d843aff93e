"""Formatting in the server's zone: ``toLocaleString``/``toLocaleDateString``/``toLocaleTimeString``
on a ``Date`` and ``new Intl.DateTimeFormat(...)`` with no ``timeZone`` option (not one only asked
for its ``resolvedOptions()``).  Low confidence when the text reaches no one: a variable never
read, read only as a key (``acc[month]``) or only hashed (a daily salt); and when the date was
built from parts in the same zone (``new Date(y, m - 1, 1)``): it shows the parts it was given."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.timezone.nodes import FORMATTERS
from vcx_hook.checks.timezone.nodes import Asked
from vcx_hook.checks.timezone.nodes import built_locally
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
                source(obj), LOW if _reaches_no_one(call) or built_locally(obj) is not None else '')


def intl(scope: Scope) -> Iterator[Asked]:
    for new in scope.captures('timezone.intl'):
        if not has_time_zone_option(new, 1) and not _options_only(new):
            yield Asked(new, f'`{short(new)}` has no `timeZone`, so it formats in the server\'s zone')


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


# Node's crypto digests: `createHash('md5').update(text)`, `createHmac(...).update(text)`.
_DIGESTS = frozenset(('createHash', 'createHmac'))


def _reaches_no_one(text: Node) -> bool:
    """``text`` is the whole value of a variable no one sees: never read (``const time = ...``
    and nothing more), read only as a key (``acc[month] = ...``: a bucket of a count), or only
    hashed, alone or concatenated (``createHash('md5').update(dailySalt + ip)``): the zone moves
    a boundary nobody reads (held-out judging: an unused value, a daily salt, chart buckets)."""
    decl = s.parent_of(s.outer_expression(text))
    if decl is None or decl.type != 'variable_declarator' or s.unwrap(decl.child_by_field_name('value')) != text:
        return False
    name = decl.child_by_field_name('name')
    if name is None or name.type != 'identifier' or s.enclosing_function(text) is None:
        return False  # a module's constant, a destructuring: its readers are out of sight
    return all(_key(use) or _hashed(use, 2) for use in value_uses(text))


def _key(use: Node) -> bool:
    up = s.parent_of(use)
    return up is not None and up.type == 'subscript_expression' and up.child_by_field_name('index') == use


def _hashed(use: Node, hops: int) -> bool:
    """``use`` goes into a digest, or (``hops`` left) into a string whose variable does."""
    value = use
    up = s.parent_of(value)
    while up is not None and (up.type in ('binary_expression', 'template_substitution', 'template_string', 'parenthesized_expression')):
        value, up = up, s.parent_of(up)
    if up is not None and up.type == 'arguments':
        call = s.parent_of(up)
        return call is not None and s.callee_name(call) == 'update' \
            and any(s.callee_name(c) in _DIGESTS for c in s.chain_calls(call))
    if hops and up is not None and up.type == 'variable_declarator' and up.child_by_field_name('value') == value:
        uses = value_uses(value)
        return bool(uses) and all(_hashed(u, hops - 1) for u in uses)
    return False
