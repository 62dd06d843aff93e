"""A day's text parsed as an instant and formatted as a day, in browser code:
``intl.formatDate(new Date(airDate), { year: 'numeric', month: 'long', day: 'numeric' })``,
``new Intl.DateTimeFormat(locale, { month: 'long', day: 'numeric' }).format(new Date(dateString))``.
A date-only ISO string (``'2024-03-01'``, an air date, a status date) is parsed as midnight UTC and
the formatter shows its day in the browser's zone: west of UTC, the day before. The formatter's
options ask for the day and nothing finer (no hour, minute or ``timeStyle``) and name no zone; the
text is named for a date or a day (``airDate``, ``dateString``, ``startDate``, ``date``), not for an
instant (``createdAt``, ``updatedTime``, ``timestamp``), nor kept under an instant's name
(``const updatedDate = new Date(date)``), nor a parameter typed as a ``Date`` too
(``formatDate(date: string | Date)``: a helper that formats instants as well). Low confidence: an
instant formatted as its day in the user's zone is right, and which of the two the text holds is
not in the function (13 asked on comp and Worklenz: 1 worth asking, 5 borderline, 7 not)."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.timezone.nodes import Asked
from vcx_hook.finding import LOW
from vcx_hook.lang import flow
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_CANDIDATE = lazyre.compile(rb'new\s+Date\(')
_FORMATS = lazyre.compile(rb'formatDate|DateTimeFormat|toLocaleDateString')
# The text's own name (its last segment) is a date's or a day's; an instant's names are left out.
_DAY_NAME = lazyre.compile(r'[dD]ate|[dD]ay')
_INSTANT_NAME = lazyre.compile(r'(?:[a-z]At|_at|[tT]ime|[sS]tamp|Ts|[cC]reated|[uU]pdated|[mM]odified|[nN]ow)')
_DATE_TYPE = lazyre.compile(r'\bDate\b')
_DAY_FIELDS = frozenset(('year', 'month', 'day', 'weekday', 'era', 'dateStyle'))


def possible(scope: Scope) -> bool:
    return _CANDIDATE.search(scope.text) is not None and _FORMATS.search(scope.text) is not None


def formats(scope: Scope) -> Iterator[Asked]:
    if not possible(scope):
        return
    source = scope.file.source
    for start, end in scope.ranges:
        for m in _CANDIDATE.finditer(source, start, end):
            new = s.parent_of(s.descendant(scope.root, m.start(), m.start() + 3))
            if new is None or new.type != 'new_expression':
                continue
            args = s.arguments(new)
            if len(args) != 1 or not _day_text(args[0]):
                continue
            for use in _uses(scope, new):
                call = _day_format(use)
                if call is not None:
                    yield Asked(call, f'`{s.normalized(call, 50)}` shows the day of `new Date({s.normalized(args[0], 24)})` '
                                      "in the browser's zone: a day's text (`2024-03-01`) is parsed as midnight UTC, so "
                                      "west of UTC it shows the day before; format it with `timeZone: 'UTC'` or parse it "
                                      'as a local date', (new,), LOW)
                    break


def _day_text(arg: Node) -> bool:
    arg = s.unwrap(arg)
    if arg.type not in ('identifier', 'member_expression'):
        return False
    if arg.type == 'identifier' and _DATE_TYPE.search(s.type_annotation(arg)) is not None:
        return False  # `formatDate(date: string | Date)`: a helper that takes instants too
    last = s.text(arg).rsplit('.', 1)[-1]
    return _DAY_NAME.search(last) is not None and _INSTANT_NAME.search(last) is None


def _uses(scope: Scope, new: Node) -> list[Node]:
    """``new`` itself, and the references of the ``const`` it is kept in."""
    uses = [s.outer_expression(new)]
    decl = s.parent_of(uses[0])
    name = decl.child_by_field_name('name') if decl is not None and decl.type == 'variable_declarator' else None
    if name is not None and name.type == 'identifier' and s.text(s.parent_of(decl)).startswith('const'):
        if _INSTANT_NAME.search(s.text(name)) is not None:
            return []  # `const updatedDate = new Date(date)`: kept as an instant
        fl = flow.of(scope.file, name)
        uses += [ref for b in fl.bindings_of(name) for ref in fl.references(b)]
    return uses


def _day_format(use: Node) -> Node | None:
    """The call that formats ``use`` as a day with no zone: ``x.formatDate(use, opts)``,
    ``<Intl.DateTimeFormat>.format(use)``, ``use.toLocaleDateString(locale, opts)``."""
    up = s.parent_of(use)
    if up is not None and up.type == 'member_expression' and s.text(up.child_by_field_name('property')) == 'toLocaleDateString':
        call = s.parent_of(up)
        args = s.arguments(call) if call is not None and call.type == 'call_expression' else []
        return call if len(args) == 2 and _day_only(args[1]) else None
    if up is None or up.type != 'arguments' or up.named_children[0] != use:
        return None
    call = s.parent_of(up)
    if call is None or call.type != 'call_expression':
        return None
    args = s.arguments(call)
    name = s.callee_name(call)
    if name == 'formatDate' and len(args) == 2:
        return call if _day_only(args[1]) else None
    formatter = s.receiver(call)
    if name != 'format' or formatter is None:
        return None
    formatter = s.unwrap(formatter)
    if formatter.type == 'identifier':
        formatter = s.initializer(formatter) or formatter
    if formatter.type != 'new_expression' or s.text(formatter.child_by_field_name('constructor')) != 'Intl.DateTimeFormat':
        return None
    options = s.arguments(formatter)
    return call if len(options) == 2 and _day_only(options[1]) else None


def _day_only(options: Node) -> bool:
    """An options object (or the ``const`` holding one) that asks for the day and nothing finer,
    and names no zone."""
    options = s.unwrap(options)
    if options.type == 'identifier':
        options = s.initializer(options) or options
    keys = s.object_keys(options)
    return options.type == 'object' and bool(keys) and not s.has_spread(options) and set(keys) <= _DAY_FIELDS
