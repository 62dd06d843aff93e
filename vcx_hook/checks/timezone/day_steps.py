"""Days stepped as a fixed length in the user's zone (low): a timestamp moved by a whole number of
days written as seconds or milliseconds (``86400``, ``1000 * 60 * 60 * 24``, a ``const ONE_DAY`` of
one) — the k-th day after a start (``startTime + dayIndex * 86400``, ``begin + DAY_MS * i``), a day
added in a loop (``next += ONE_DAY`` in a ``while``) — or a day's index taken as the raw quotient of
two timestamps (``rows[(stamp - begin) / (1000 * 3600 * 24)]``). In browser or device code the days
are the user's local days, and one of them a year is 23 hours and one 25: every step after the
change lands an hour off midnight (the day before, or a day twice) and the quotient is no whole
number (Mailspring's all-day column, CryptPad's form timeline, memos' heat map: real bugs of
holdout25, holdout3 and holdout8). Not a step from now (``Date.now() + days * 864e5``: an instant,
a cookie's expiry), nor in a file that does its day maths in UTC (``Date.UTC``, ``getUTCDate``,
``.utc()``), nor a rounded quotient (``Math.round``)."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.timezone.nodes import Asked
from vcx_hook.finding import LOW
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node
from vcx_hook.lang.tree import FUNCTION_TYPES
from vcx_hook.lang.tree import LOOP_TYPES

_DAY_S, _DAY_MS = 86400.0, 86400000.0
_DAY_LENGTHS = frozenset((_DAY_S, _DAY_MS))
# Where a day length can be written in the file: the number itself, or a product with a 24 in it
# (a `const ONE_DAY` declared away from the function that steps by it).
_DAY_TEXT = lazyre.compile(rb'86400|864e5|\b24\b')
# Day maths done in UTC somewhere in the file: its steps are UTC days, which have no daylight saving.
_UTC_DAYS = lazyre.compile(rb'Date\.UTC\b|getUTC(?:Date|Day|Hours|FullYear)|setUTC(?:Date|Hours)|\.utc\(|[\'"]UTC[\'"]|'
                           rb'[\'"]Etc/UTC[\'"]')
_NOW = lazyre.compile(r'(?i:now|current(?:time)?)|Date\.now\(\)|performance\.now\(\)|new Date\(\)')
_ARITHMETIC = frozenset(('binary_expression', 'augmented_assignment_expression'))
_LOOP_CALLBACKS = frozenset(('map', 'forEach', 'from', 'reduce', 'flatMap'))


def possible(scope: Scope) -> bool:
    return _DAY_TEXT.search(scope.file.source) is not None and _UTC_DAYS.search(scope.file.source) is None


def steps(scope: Scope) -> Iterator[Asked]:
    if not possible(scope):
        return
    seen: set[int] = set()
    for node in _day_lengths(scope):
        asked = _step(node) or _quotient_index(node)
        if asked is not None and asked.node.start_byte not in seen:
            seen.add(asked.node.start_byte)
            yield asked


def _day_lengths(scope: Scope) -> Iterator[Node]:
    """Each expression in the scope worth a day (a literal, a product of literals, a name declared
    with one), or a product of a day's literals and one other factor (``i * 24 * 60 * 60 * 1000``)."""
    stack = [scope.node if scope.node is not None else scope.root]
    while stack:
        node = stack.pop()
        if node.type == 'binary_expression' and _times(node):
            parent = s.parent_of(node)
            if not (parent is not None and parent.type == 'binary_expression' and _times(parent)):
                if _day_factors(node) is not None:
                    if scope.contains(node):
                        yield node
                    continue
        elif node.type == 'number':
            if s.number_value(node) in _DAY_LENGTHS and scope.contains(node):
                yield node
            continue
        elif node.type == 'identifier' and s.parent_of(node).type in _ARITHMETIC \
                and scope.contains(node) and _day_constant(node):
            yield node
            continue
        stack.extend(reversed(node.named_children))


def _times(node: Node) -> bool:
    return s.text(node.child_by_field_name('operator')) == '*'


def _day_factors(product: Node) -> list[Node] | None:
    """The factors of a ``*`` chain that are not numbers written in, when those that are make a day
    (``[]`` for ``1000 * 60 * 60 * 24``, ``[i]`` for ``i * 24 * 60 * 60 * 1000``); at most one."""
    factors, literal = [], 1.0
    stack = [product]
    while stack:
        node = s.unwrap(stack.pop())
        if node.type == 'binary_expression' and _times(node):
            stack += [node.child_by_field_name('left'), node.child_by_field_name('right')]
            continue
        value = s.number_value(node)
        if value is None and node.type == 'identifier' and _day_constant(node):
            value = _DAY_MS if s.number_value(s.initializer(node)) == _DAY_MS else _DAY_S
        if value is None:
            factors.append(node)
        else:
            literal *= value
    return factors if literal in _DAY_LENGTHS and len(factors) <= 1 else None


def _day_constant(ident: Node) -> bool:
    parent = s.parent_of(ident)
    if parent is not None and parent.type == 'variable_declarator' and parent.child_by_field_name('name') == ident:
        return False
    value = s.initializer(ident)
    return value is not None and s.number_value(value) in _DAY_LENGTHS


def _step(day: Node) -> Asked | None:
    """``start + k * DAY`` (``k`` not a number written in), or ``next += DAY`` / ``next + DAY`` in a loop."""
    node, parent = _outer(day)
    factors = _day_factors(day) if day.type == 'binary_expression' else None
    if factors and not _an_index(factors[0]):
        return None  # `days * DAY`: a span of so many days, from an instant (a window, a retention)
    counted = bool(factors)
    if parent is None:
        return None
    if parent.type == 'augmented_assignment_expression' and s.text(parent.child_by_field_name('operator')) in ('+=', '-='):
        start = parent.child_by_field_name('left')
        whole = parent
    elif parent.type == 'binary_expression' and s.text(parent.child_by_field_name('operator')) in ('+', '-') \
            and parent.child_by_field_name('right') == node:
        start = parent.child_by_field_name('left')
        whole = parent
    else:
        return None
    if start is None or _from_now(start) or s.number_value(start) is not None or _a_sum(start):
        return None
    if not counted and not (_carried(whole, start) and _in_loop(whole)):
        return None  # one day after a value, once: the end of that day's range, not a sequence of days
    return Asked(whole, f'`{s.normalized(whole, 60)}` steps days as a fixed {_unit(day)}: in the user\'s zone a day '
                        'across a daylight-saving change is 23 or 25 hours, so this lands an hour off midnight '
                        '(the day before, or one day twice); step the calendar date instead', confidence=LOW)


def _quotient_index(day: Node) -> Asked | None:
    """``rows[(stamp - begin) / DAY]``, or a ``const i`` of that quotient used as an index."""
    day, parent = _outer(day)
    if parent is None or parent.type != 'binary_expression' or s.text(parent.child_by_field_name('operator')) != '/' \
            or parent.child_by_field_name('right') != day:
        return None
    left = s.unwrap(parent.child_by_field_name('left'))
    if left.type != 'binary_expression' or s.text(left.child_by_field_name('operator')) != '-':
        return None
    top = parent
    above = s.parent_of(top)
    while above is not None and (above.type == 'parenthesized_expression' or (
            above.type == 'binary_expression' and s.text(above.child_by_field_name('operator')) in ('+', '-')
            and s.number_value(_other_side(above, top)) is not None)):
        top, above = above, s.parent_of(above)
    if above is None:
        return None
    if above.type == 'subscript_expression' and above.child_by_field_name('index') == top:
        return _quotient(top)
    if above.type == 'variable_declarator' and above.child_by_field_name('value') == top:
        name = s.text(above.child_by_field_name('name'))
        body = s.enclosing_function(above)
        if name.isidentifier() and body is not None and _indexes(body, name):
            return _quotient(top)
    return None


def _quotient(node: Node) -> Asked:
    return Asked(node, f'`{s.normalized(node, 60)}` counts days as a fixed length: across a daylight-saving change '
                       'two local midnights are 23 or 25 hours apart, so the index is no whole number and the row is '
                       'missed; count calendar days instead (or round)', confidence=LOW)


def _indexes(body: Node, name: str) -> bool:
    """``name`` is used as a subscript's index in ``body``."""
    for ident in s.identifiers(body):
        parent = s.parent_of(ident)
        if s.text(ident) == name and parent is not None and parent.type == 'subscript_expression' \
                and parent.child_by_field_name('index') == ident:
            return True
    return False


def _outer(node: Node) -> tuple[Node, Node | None]:
    """``node`` with the parentheses around it, and what holds them."""
    parent = s.parent_of(node)
    while parent is not None and parent.type == 'parenthesized_expression':
        node, parent = parent, s.parent_of(parent)
    return node, parent


def _other_side(binary: Node, side: Node) -> Node | None:
    left, right = binary.child_by_field_name('left'), binary.child_by_field_name('right')
    return right if left == side else left if right == side else None


def _from_now(start: Node) -> bool:
    """The current instant (``Date.now()``, ``new Date().getTime()``, a ``now`` declared with it)."""
    start = s.unwrap(start)
    if _NOW.fullmatch(s.text(start)):
        return True
    if start.type == 'unary_expression':  # `+new Date()`
        return _from_now(start.named_children[-1])
    if start.type == 'identifier':
        value = s.initializer(start)
        return value is not None and _from_now(value)
    if start.type == 'call_expression' and s.callee_name(start) in ('getTime', 'valueOf'):
        recv = s.receiver(start)
        return recv is not None and _from_now(recv)
    return False


def _carried(step: Node, start: Node) -> bool:
    """The step moves the value it starts from: ``next += DAY``, ``next = next + DAY``."""
    if step.type == 'augmented_assignment_expression':
        return True
    parent = s.parent_of(step)
    return parent is not None and parent.type == 'assignment_expression' \
        and s.text(parent.child_by_field_name('left')) == s.text(start)


def _an_index(factor: Node) -> bool:
    """A loop's counter (``for (let i = 0; ...)``), an iteration callback's index (``(_, i) => ...``),
    or a name for an index (``dayIndex``)."""
    factor = s.unwrap(factor)
    if factor.type != 'identifier':
        return False
    if {'index', 'idx'} & set(s.name_words(s.text(factor))):
        return True
    decl = s.declaration(factor)
    holder = s.parent_of(decl) if decl is not None else None
    if decl is None or holder is None:
        return False
    if decl.type == 'variable_declarator':
        loop = s.parent_of(holder)
        return loop is not None and loop.type == 'for_statement'
    fn = s.parent_of(holder) if holder.type == 'formal_parameters' else None
    if fn is None or fn.type not in FUNCTION_TYPES or holder.named_children[1:2] != [decl]:
        return False
    call = s.parent_of(s.parent_of(fn) or fn)
    return call is not None and call.type == 'call_expression' and s.callee_name(call) in _LOOP_CALLBACKS


def _a_sum(start: Node) -> bool:
    """A total that starts at a number written in (``let totalSeconds = 0``): a duration added up."""
    start = s.unwrap(start)
    return start.type == 'identifier' and s.number_value(s.initializer(start)) is not None


def _in_loop(node: Node) -> bool:
    """Inside a loop statement or an iteration callback (``days.map((d, i) => ...)``) of its function."""
    for a in s.ancestors(node):
        if a.type in LOOP_TYPES:
            return True
        if a.type in FUNCTION_TYPES:
            call = s.parent_of(s.parent_of(a) or a)
            return call is not None and call.type == 'call_expression' and s.callee_name(call) in _LOOP_CALLBACKS
    return False


def _unit(day: Node) -> str:
    if day.type == 'binary_expression':
        literal = 1.0
        for factor in _factor_values(day):
            literal *= factor
        return '86 400 000 ms' if literal == _DAY_MS else '86 400 s'
    return '86 400 000 ms' if s.number_value(s.initializer(day) if day.type == 'identifier' else day) == _DAY_MS else '86 400 s'


def _factor_values(product: Node) -> Iterator[float]:
    node = s.unwrap(product)
    if node.type == 'binary_expression' and _times(node):
        yield from _factor_values(node.child_by_field_name('left'))
        yield from _factor_values(node.child_by_field_name('right'))
        return
    value = s.number_value(node)
    if value is None and node.type == 'identifier':
        value = s.number_value(s.initializer(node))
    if value is not None:
        yield value

