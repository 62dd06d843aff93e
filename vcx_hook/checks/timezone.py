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
  `` new Date(`${day}T09:00`) ``, `Date.parse('2025/03/01')` (date-only ISO strings are UTC and fine);
- `toLocaleString`/`toLocaleDateString`/`toLocaleTimeString` and `new Intl.DateTimeFormat(...)` with no
  `timeZone` option.

One question per line and per expression: `new Date(now.getFullYear() + 1, now.getMonth(), 1)` is
asked once.

Not asked:

- epoch-millisecond arithmetic (`Date.now()`, `getTime()`), `toISOString`, `getUTC*`/`setUTC*`,
  `Date.UTC(...)`;
- formatting with an explicit `timeZone`, or with options built elsewhere;
- `toLocaleString` on numbers, and getters on values that are not evidently dates (`cache.get('date')`);
- browser and UI code: `.jsx`/`.tsx` files, files importing React, Vue, Svelte, Angular or Next.js
  client modules, `'use client'` files and files using DOM globals (`window.`, `document.`...). There
  local time is the user's time, which is what a display wants.

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

Answer it in code when local time is what you mean:

```js
// vcx-ignore timezone -- this CLI runs on the operator's laptop and prints in their zone
const label = started.toLocaleString();
```

Names the configuration can extend (`[checks.timezone]`): `date_names`, identifiers treated as
`Date` values.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from vcx_hook.checks.common import load_query
from vcx_hook.config import Config
from vcx_hook.finding import Finding
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

ID = 'timezone'
QUESTION = 'Which time zone is this in on the server, and is that the one you mean?'
SUMMARY = 'calendar maths or formatting in the server-local time zone'
QUERY = load_query(__file__)
NAMES = {
    # Identifiers treated as Date values without a visible `new Date()` or `: Date` annotation.
    'date_names': frozenset((
        'date', 'd', 'dt', 'now', 'today', 'tomorrow', 'yesterday', 'start', 'end', 'deadline',
        'expiry', 'expires', 'midnight', 'day', 'due', 'timestamp',
    )),
}

_DATEISH = lazyre.compile(r'(?:^|[a-z])(Date|At|Time|Day|Deadline|Expiry|Expires|Midnight|On)$')
# Date-time strings without an offset are parsed as local time (date-only ISO strings are UTC).
_LOCAL_STRING = lazyre.compile(
    r'^(?:\d{4}-\d{2}-\d{2}|\$\{\})[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$'
    r'|^\d{4}/\d{1,2}/\d{1,2}'
    r'|^(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d',
)
_HAS_OFFSET = lazyre.compile(r'(?:Z|GMT|UTC|[+-]\d{2}:?\d{2})\s*(?:\([^)]*\))?$', re.I)
_FORMATTERS = frozenset(('toLocaleString', 'toLocaleDateString', 'toLocaleTimeString'))
# Reading the current year alone (`new Date().getFullYear()`, a copyright line) is off only for a
# few hours a year; asked only on named dates, where it feeds calendar maths.
_YEAR_READS = frozenset(('getFullYear', 'getYear'))


# Whitespace and comments between two tokens.
_WS = rb'(?:\s|/\*(?:[^*]|\*(?!/))*\*/|//[^\n]*(?![^\n]))*'
# Arguments that can be two or more, or a string: a comma outside nested parentheses, a quote, a
# slash (a regex, a comment), or parentheses three deep.  `(ms)`, `(Date.now() + ms)` cannot.
_NESTED = rb'(?:[^()\'"`/]|\([^()\'"`/]*\))*\)'  # after its `(`
_ARGUMENTS = rb'\((?:[^()\'"`/,]|\(' + _NESTED + rb')*(?:[,\'"`/]|\((?!' + _NESTED + rb'))'
# The gate: every candidate's text matches one of these.  Each starts with a capital letter, rare
# in code, so that a search costs about half a substring test.
_CANDIDATES = (
    # getDate/setDate, getDay/setDay, Intl.DateTimeFormat, `Date.parse(`, `new Date(` with such arguments.
    lazyre.compile(
        rb'D(?:(?<=etD)ay|ate(?:(?<=etDate)|TimeFormat|(?<![\w$]Date)' + _WS
        + rb'(?:' + _ARGUMENTS + rb'|<|\??\.' + _WS + rb'parse(?![\w$]))))'),
    lazyre.compile(rb'Month(?<=etMonth)'),
    lazyre.compile(rb'Year(?<=etYear|llYear)'),
    lazyre.compile(rb'Hours(?<=etHours)'),
    lazyre.compile(rb'Locale(?<=toLocale)(?:Date|Time)?String'),
)


def relevant(scope: Scope, config: Config) -> bool:
    """Whether the text holds a local-time method, `Date.parse`, `Intl.DateTimeFormat` or a `new Date(`
    with arguments that can report, outside UI files (``run``'s own first test)."""
    text = scope.text
    for candidate in _CANDIDATES:
        if candidate.search(text):
            return not s.is_ui_file(scope.file)
    return False


def run(scope: Scope, config: Config) -> Iterator[Finding]:
    if s.is_ui_file(scope.file):
        return
    found = list(_candidates(scope, config))
    # `new Date(now.getFullYear() + 1, now.getMonth(), 1)` is one question, not three; it is about
    # what the inner ones were about too (where `now` was built).
    for node, finding in found:
        inner = [f for n, f in found if _within(n, node)]
        if any(_within(node, n) for n, _ in found):
            continue
        if inner:
            lines = {line for f in inner for line in f.about} - {finding.line}
            finding = finding._replace(evidence=tuple(sorted(lines | set(finding.evidence))))
        yield finding


def _within(node: Node, outer: Node) -> bool:
    """Whether ``node`` lies inside ``outer`` and is not ``outer`` itself."""
    return outer.start_byte <= node.start_byte and node.end_byte <= outer.end_byte \
        and (outer.start_byte, outer.end_byte) != (node.start_byte, node.end_byte)


def _candidates(scope: Scope, config: Config) -> Iterator[tuple[Node, Finding]]:
    names = config.names[ID]['date_names']
    for call in scope.captures('timezone.call'):
        method = s.callee_name(call)
        obj = s.receiver(call)
        if obj is None or not _is_date(obj, names, strict=method == 'toLocaleString'):
            continue
        if method in _YEAR_READS and s.unwrap(obj).type == 'new_expression' and not s.arguments(s.unwrap(obj)):
            continue
        if method in _FORMATTERS:
            if _has_time_zone_option(call, 1):
                continue
            msg = f'`{_short(call)}` formats in the server\'s zone; pass `{{ timeZone }}` or format on the client'
        else:
            msg = (
                f'`{_short(call)}` is calendar maths in the server\'s zone (UTC in production, yours on a '
                f'laptop): `{method[:3]}UTC{method[3:]}` or an explicit zone'
            )
        yield call, scope.finding(call, ID, msg, QUESTION, evidence=_source(obj))
    for new in scope.captures('timezone.new'):
        args = s.arguments(new)
        if len(args) >= 2 and not any(a.type == 'spread_element' for a in args) and not _fixed_sample(args):
            yield new, scope.finding(
                new, ID,
                f'`{_short(new)}` builds a date in the server\'s zone: `new Date(Date.UTC(...))`',
                QUESTION,
            )
        elif len(args) == 1 and _is_local_string(args[0]):
            yield new, scope.finding(
                new, ID,
                f'`{_short(new)}` parses a date-time with no offset, in the server\'s zone: add `Z` or an offset',
                QUESTION,
            )
    for call in scope.captures('timezone.parse'):
        args = s.arguments(call)
        if args and _is_local_string(args[0]):
            yield call, scope.finding(
                call, ID,
                f'`{_short(call)}` parses a date-time with no offset, in the server\'s zone: add `Z` or an offset',
                QUESTION,
            )
    for new in scope.captures('timezone.intl'):
        if not _has_time_zone_option(new, 1):
            yield new, scope.finding(
                new, ID,
                f'`{_short(new)}` has no `timeZone`, so it formats in the server\'s zone',
                QUESTION,
            )


def _source(obj: Node) -> tuple[Node, ...]:
    """Where the date a method is called on comes from: its declaration (``const d = new Date()``,
    a parameter ``d: Date``), when the receiver is a name declared in sight."""
    obj = s.unwrap(obj)
    decl = s.declaration(obj) if obj.type == 'identifier' else None
    return (decl,) if decl is not None else ()


def _short(node: Node) -> str:
    text = s.normalized(node, 48)
    return text if len(text) < 48 else text[:45] + '...'


def _is_local_string(node: Node) -> bool:
    value = s.string_like_text(node)
    if value is None:
        return False
    value = value.strip()
    return bool(_LOCAL_STRING.match(value)) and not _HAS_OFFSET.search(value)


def _fixed_sample(args: list[Node]) -> bool:
    """``new Date(2000, 11, 25)``: a constant sample date (e.g. to probe a locale's format)."""
    return all(a.type == 'number' for a in args)


def _has_time_zone_option(call: Node, index: int) -> bool:
    args = s.arguments(call)
    if len(args) <= index:
        return False
    opts = args[index]
    if opts.type != 'object':
        return True  # options built elsewhere: assume the caller chose a zone
    return 'timeZone' in s.object_keys(opts) or s.has_spread(opts)


def _is_date(node: Node, names: frozenset[str], strict: bool = False) -> bool:
    """Whether ``node`` is evidently a Date value (constructed, annotated, or date-named)."""
    node = s.unwrap(node)
    if node.type == 'new_expression':
        ctor = node.child_by_field_name('constructor')
        return s.text(ctor) == 'Date'
    if node.type == 'identifier':
        value = s.initializer(node)
        if value is not None:
            return _is_date(value, frozenset(), strict=True)
        if s.type_annotation(node) in ('Date', 'Date | null', 'Date | undefined'):
            return True
        if strict:
            return False
        name = s.text(node)
        return name in names or bool(_DATEISH.search(name))
    if node.type == 'member_expression' and not strict:
        prop = s.text(node.child_by_field_name('property'))
        return prop in names or bool(_DATEISH.search(prop))
    return False
