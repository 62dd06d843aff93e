"""A UTC rendering given to a date input: ``<input type="date" value={d.toISOString().slice(0, 10)}>``,
``<DateInput value={value.toISOString()} />`` of a date-picker package. The input shows and edits
its value as the user's wall-clock time, so the UTC text is off by the user's offset: "today" is
yesterday for part of every day, and a day picked in the calendar starts at midnight UTC, not the
user's. Asked in browser code too: the browser's zone is the one that differs from UTC here.

Medium for a time of day (`datetime-local`, `time`) and a picker component's value; low for a
date-only `<input type="date">`, which a consistent UTC calendar can feed and read in UTC on purpose."""
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
