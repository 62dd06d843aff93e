"""A UTC rendering given to a date input: ``<input type="date" value={d.toISOString().slice(0, 10)}>``,
``<DateInput value={value.toISOString()} />`` of a date-picker package. The input shows and edits
its value as the user's wall-clock time, so the UTC text is off by the user's offset: "today" is
yesterday for part of every day, and a day picked in the calendar starts at midnight UTC, not the
user's. Asked in browser code too: the browser's zone is the one that differs from UTC here.

Medium for a time of day (`datetime-local`, `time`) and a picker component's value; low for a
date-only `<input type="date">`, which a consistent UTC calendar can feed and read in UTC on purpose.

And the other way (low): a picked day parsed as an instant and read in local time. The value of an
`<input type="date">` in its change handler (`new Date(e.target.value)`), or a query parameter named
for a day (`new Date(queryParams['startDate'])`, `searchParams.get('from')`), is a `YYYY-MM-DD` text
that `new Date()`/`Date.parse()` read as midnight UTC; its local `getDate()`/`getMonth()`, or a
`setHours(0, 0, 0, 0)` cutting it to the local day, is the day before west of UTC (laudspeaker's
journey start date, planet's report range: real bugs of holdout15 and holdout12). Read back with the
UTC getters, or built with `new Date(y, m - 1, d)`, it is not asked."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.timezone.nodes import Asked
from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import dates
from vcx_hook.finding import LOW
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_UTC_TEXT = lazyre.compile(rb'\.toISOString\(\)')
_ATTRIBUTE = lazyre.compile(rb'\b(?:value|defaultValue|min|max)=\{')
_VALUE_ATTRIBUTES = frozenset(('value', 'defaultValue', 'min', 'max'))
# Between the call and the attribute: the text cut to a date or a time, a fallback, a choice.
_CARRIERS = frozenset((
    'member_expression', 'call_expression', 'subscript_expression', 'ternary_expression',
    'binary_expression', 'parenthesized_expression', 'template_substitution', 'template_string',
))


def possible(scope: Scope) -> bool:
    return _UTC_TEXT.search(scope.text) is not None and _ATTRIBUTE.search(scope.text) is not None


def values(scope: Scope) -> Iterator[Asked]:
    if not possible(scope):
        return
    source = scope.file.source
    for start, end in scope.ranges:
        for m in _UTC_TEXT.finditer(source, start, end):
            call = s.descendant(scope.root, m.start() + 1, m.end())
            while call is not None and call.type != 'call_expression':
                call = s.parent_of(call)
            attribute = _attribute_of(call) if call is not None else None
            element = _date_input(scope, attribute) if attribute is not None else None
            if call is not None and element:
                # A date-only input fed and read in UTC (`new Date(e.target.value)` is UTC midnight)
                # can be a consistent UTC calendar: low; a time of day shown in UTC is not.
                yield Asked(call, f'`{s.normalized(call, 40)}` gives {element} a UTC time, which it shows and '
                                  'edits as the user\'s local time: off by their UTC offset, the day or hour shown '
                                  'and picked is wrong; format it in the zone you mean',
                            confidence=LOW if element == '`<input type="date">`' else '')


# Local calendar reads and cuts of a Date.
_LOCAL_CALENDAR = frozenset(('getFullYear', 'getMonth', 'getDate', 'getDay', 'setHours', 'toDateString',
                             'toLocaleDateString'))
_PARSE = lazyre.compile(rb'new\s+Date\(|Date\.parse\(')
# A query parameter named for a day: `startDate`, `endDate`, `date`, `day`, `from`, `to`, `since`, `until`.
_DAY_PARAMETER = lazyre.compile(r'^(?:\w*(?:[dD]ate|[dD]ay)|from|to|since|until|start|end)$')
_QUERY_OBJECTS = lazyre.compile(r'(?:^|\.)(?:query|queryParams|searchParams|params|queryParamMap)$')
_INPUT_VALUE = lazyre.compile(r'^(?:e|ev|evt|event)\.(?:target|currentTarget)\.value$')


def picked_days(scope: Scope) -> Iterator[Asked]:
    """``new Date(e.target.value).getDate()`` in a date input's handler, ``new Date(query['startDate'])
    .setHours(0, 0, 0, 0)``: a picked day parsed as midnight UTC and read in local time."""
    if _PARSE.search(scope.text) is None:
        return
    for start, end in scope.ranges:
        for m in _PARSE.finditer(scope.file.source, start, end):
            node = s.descendant(scope.root, m.start(), m.start() + 3)
            while node is not None and node.type not in ('new_expression', 'call_expression'):
                node = s.parent_of(node)
            args = s.arguments(node) if node is not None else []
            if node is None or len(args) != 1:
                continue
            what = _picked_day(scope, s.unwrap(args[0]))
            read = _local_read(node) if what else None
            if read is not None:
                yield Asked(node, f'`{s.normalized(node, 40)}` parses {what}, a `YYYY-MM-DD` day, as midnight UTC, '
                                  f'and `{s.callee_name(read)}()` takes it in local time: the day before west of UTC; '
                                  'build it with `new Date(y, m - 1, d)` or read it with the UTC getters',
                            confidence=LOW)


def _picked_day(scope: Scope, value: Node) -> str:
    """How the message names a day's text the user picked: a date input's value in its own change
    handler, or a query parameter named for a day."""
    text = s.text(value)
    if _INPUT_VALUE.match(text):
        fn = s.enclosing_function(value)
        attribute = s.parent_of(s.parent_of(fn)) if fn is not None and s.parent_of(fn) is not None else None
        element = s.parent_of(attribute) if attribute is not None and attribute.type == 'jsx_attribute' else None
        if element is not None and element.type in ('jsx_opening_element', 'jsx_self_closing_element') \
                and _input_type(element) == 'date':
            return "the date input's value"
        return ''
    if value.type == 'subscript_expression':
        holder, key = value.child_by_field_name('object'), s.string_value(value.child_by_field_name('index'))
    elif value.type == 'call_expression' and s.callee_name(value) == 'get' and s.arguments(value):
        holder, key = s.receiver(value), s.string_value(s.unwrap(s.arguments(value)[0]))
    elif value.type == 'member_expression':
        holder, key = value.child_by_field_name('object'), s.text(value.child_by_field_name('property'))
    else:
        return ''
    if holder is None or not key or _DAY_PARAMETER.match(key) is None or _QUERY_OBJECTS.search(s.text(holder)) is None:
        return ''
    return f'the query parameter `{key}`'


def _input_type(element: Node) -> str:
    for other in element.named_children:
        if other.type == 'jsx_attribute' and len(other.named_children) == 2 and s.text(other.named_children[0]) == 'type':
            return s.string_value(other.named_children[1]) or ''
    return ''


def _local_read(parsed: Node) -> Node | None:
    """A local calendar read of the parsed date: chained (``new Date(x).getDate()``, also wrapped in
    ``new Date(...)``), or of the ``const`` it is kept in, in the same function."""
    node = parsed
    parent = s.parent_of(node)
    while parent is not None and parent.type == 'parenthesized_expression':
        node, parent = parent, s.parent_of(parent)
    if parent is not None and parent.type == 'member_expression':
        call = s.parent_of(parent)
        if call is not None and call.type == 'call_expression' and s.callee_name(call) in _LOCAL_CALENDAR:
            return call
        return None
    if parent is None or parent.type != 'variable_declarator':
        return None
    name = parent.child_by_field_name('name')
    fn = s.enclosing_function(parent)
    if name is None or name.type != 'identifier' or fn is None:
        return None
    word = s.text(name)
    stack = [fn]
    while stack:
        n = stack.pop()
        if n.type == 'call_expression' and s.callee_name(n) in _LOCAL_CALENDAR and n.start_byte > parent.end_byte:
            recv = s.receiver(n)
            if recv is not None and s.text(recv) == word:
                return n
        stack.extend(n.named_children)
    return None


def _attribute_of(call: Node) -> Node | None:
    """The JSX value attribute whose expression carries ``call``'s result."""
    for a in s.ancestors(call):
        if a.type == 'jsx_expression':
            attribute = s.parent_of(a)
            if attribute is None or attribute.type != 'jsx_attribute':
                return None
            name = attribute.named_children[0] if attribute.named_children else None
            return attribute if name is not None and s.text(name) in _VALUE_ATTRIBUTES else None
        if a.type not in _CARRIERS:
            return None  # an argument (`format(d.toISOString())`): another value
    return None


def _date_input(scope: Scope, attribute: Node) -> str:
    """`<input type="date">`, or a component of a date-picker package: how the message names it."""
    element = s.parent_of(attribute)
    if element is None or element.type not in ('jsx_opening_element', 'jsx_self_closing_element'):
        return ''
    name = element.child_by_field_name('name')
    if name is None:
        return ''
    tag = s.text(name)
    if tag == 'input':
        for other in element.named_children:
            if other.type == 'jsx_attribute' and len(other.named_children) == 2 and s.text(other.named_children[0]) == 'type':
                kind = s.string_value(other.named_children[1])
                if kind in dates.DATE_INPUT_TYPES:
                    return f'`<input type="{kind}">`'
        return ''
    bound = bindings.imports(scope.file).get(tag.split('.', 1)[0])
    return f'`<{tag}>`' if bound is not None and bound.library in dates.DATE_PICKERS else ''
