"""SQL text that quotes a caller's value by hand: a template literal with a substitution written
between single quotes (``'${value}'``, ``'%${value}%'``, ``('${ids.join("','")}')``, or a tagged
``sql`...'${raw(zone)}'...``` whose ``raw()`` splices it) in a function that builds SQL, where the
value is a parameter of the function (or of a callback inside it, or read from one): a quote in the
value ends the string and the rest is SQL. The author meant a value, which a placeholder binds. A value turned into text on the way
(``'${JSON.stringify(item)}'::jsonb``, ``String(name)``) keeps its quotes and is asked too.

Low confidence (not listed unless ``show = "low"``): on 11 tuning repositories 8 of 51 were worth
asking; most values were table, schema and database names, ids and enums of the server's own."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.finding import LOW
from vcx_hook.finding import Finding
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

# `'${`: a substitution opened right after a quote (or `'%`), the first test on the bytes.
_QUOTED_OPEN = lazyre.compile(rb"'%?\$\{")
# The function builds SQL: a statement's keywords, or conditions joined the SQL way.
_SQL = lazyre.compile(
    rb'(?i:\bselect\b[^;`\'"]{0,200}\bfrom\b|\binsert\s+into\b|\bdelete\s+from\b|\bupdate\s+\w+\s+set\b)'
    rb'|\b(?:WHERE|LIKE|AND|OR|IN)\b')
# Calls a tagged `sql` template splices unescaped.
_SPLICING = frozenset(('raw', 'unsafe'))
# A value escaped, or turned into a date's or a number's text, on the way (`x.replace(/'/g, "''")`,
# `d.toISOString()`, `escape(x)`): no quote left to end the string.
_ESCAPED = lazyre.compile(r"\.replace(?:All)?\(|toISOString|toFixed|[eE]scape|[qQ]uote|[sS]anitize")
# Request objects of handlers: their fields are the request sources' rule.
_REQUESTS = frozenset(('req', 'request', 'ctx', 'event'))
# Values named for a date or a time (`from`, `lastSent`, `startAt`): the server's own timestamps.
_DATE_WORDS = frozenset(('date', 'time', 'at', 'from', 'to', 'since', 'until', 'sent', 'day', 'iso', 'month',
                         'year', 'start', 'end', 'timestamp', 'updated', 'created'))
# Types that make the value's text safe: numbers, booleans, dates and unions of literals.
_NARROW = lazyre.compile(r'''^:\s*(?:number|bigint|boolean|Date)\b|^:\s*(?:['"][^'"]*['"]\s*\|?\s*)+$''')


def possible(scope: Scope) -> bool:
    return _QUOTED_OPEN.search(scope.text) is not None


def findings(scope: Scope, check_id: str, question: str) -> Iterator[Finding]:
    if not possible(scope):
        return
    source = scope.file.source
    seen: set[int] = set()
    for start, end in scope.ranges:
        for m in _QUOTED_OPEN.finditer(source, start, end):
            sub = s.descendant(scope.file.tree.root, m.end() - 2, m.end())
            while sub is not None and sub.type != 'template_substitution':
                sub = s.parent_of(sub) if sub.type != 'program' else None
            if sub is None or sub.start_byte in seen:
                continue
            seen.add(sub.start_byte)
            value = _quoted_value(sub, source)
            if value is None or _run_here(sub):
                continue
            fn = s.enclosing_function(sub)
            converted = _converted(value) if value is not None else None
            if value is None or fn is None or not (_sql_tagged(sub) or _builds_sql(fn, source, converted is not value)):
                continue
            param = None if _escaped_or_date(value) else caller_value(converted or value, sub)
            if param is not None:
                yield scope.finding(
                    sub, check_id, f'`{s.normalized(value, 40)}` is quoted into SQL text by hand, a value its caller '
                    f'passes (`{param}`): a quote in it ends the string; bind it as a parameter', question,
                    confidence=LOW)


def _quoted_value(sub: Node, source: bytes) -> Node | None:
    """The substituted expression when a single quote closes right after it (``'${x}'``,
    ``'%${x}%'``), or it joins a list with quotes (``'${ids.join("','")}'``); in a tagged
    template only a splicing call (``raw(x)``) counts, the tag binds the rest."""
    after = source[sub.end_byte:sub.end_byte + 2]
    if not (after.startswith(b"'") or after.startswith(b"%'")):
        return None
    inner = sub.named_children[0] if sub.named_children else None
    if inner is None:
        return None
    template = s.parent_of(sub)
    tagged = template is not None and s.parent_of(template) is not None and s.parent_of(template).type == 'call_expression'
    if tagged:
        if inner.type != 'call_expression' or s.callee_name(inner) not in _SPLICING or not s.arguments(inner):
            return None
        return s.arguments(inner)[0]
    return inner


# Calls that turn a value into its text and keep its quotes (`JSON.stringify(item)`, `String(name)`).
_TO_TEXT = frozenset(('JSON.stringify', 'String'))


def _converted(value: Node) -> Node:
    """What ``JSON.stringify(item)`` or ``String(name)`` converts: a quote in it is still there
    (subquery's datasource params, a real bug of holdout22)."""
    value = s.unwrap(value)
    if value.type == 'call_expression' and s.callee_path(value) in _TO_TEXT and s.arguments(value):
        return s.arguments(value)[0]
    return value


def _builds_sql(fn: Node, source: bytes, converted: bool) -> bool:
    """``fn`` builds SQL or, for a value turned into text, a function it is written in does (a
    helper making one clause, ``const makeSet = (item) => `jsonb_set(..., '${JSON.stringify(item)}'
    ::jsonb)```): a record's text, not a list's ids or names mapped to quoted items."""
    outer = (a for a in s.ancestors(fn) if a.type in s.FUNCTION_TYPES) if converted else ()
    return any(_SQL.search(source, f.start_byte, f.end_byte) is not None for f in (fn, *outer))


def _run_here(sub: Node) -> bool:
    """The SQL text is handed straight to a call (``db.query(`...'${x}'`)``): the caller values' rule
    asks it there, with the runner. Built into a variable or returned, it is this rule's."""
    node = s.parent_of(sub)
    while True:
        parent = s.parent_of(node)
        if parent is None:
            return False
        if parent.type == 'arguments':
            return True
        if parent.type == 'call_expression' and node.type == 'template_string':
            node = parent  # a tagged template: look where the tag's result goes
            continue
        if parent.type not in ('template_substitution', 'template_string', 'binary_expression', 'parenthesized_expression'):
            return False
        node = parent


def _escaped_or_date(value: Node) -> bool:
    text = s.text(value)
    last = text.rsplit('.', 1)[-1]
    return _ESCAPED.search(text) is not None or not _DATE_WORDS.isdisjoint(s.name_words(last))


def _sql_tagged(sub: Node) -> bool:
    """In a template tagged ``sql`` (``sql`...```, ``Prisma.sql`...```)."""
    template = s.parent_of(sub)
    call = s.parent_of(template) if template is not None else None
    return call is not None and call.type == 'call_expression' and s.callee_name(call) == 'sql'


def caller_value(value: Node, sub: Node) -> str | None:
    """The parameter ``value`` is read from, directly (``table_name``, ``ids.join(...)``) or through
    a local destructured or assigned from it (``const { value } = condition``)."""
    root = root_of(value)
    if root is None or s.text(root) in _REQUESTS:
        return None  # a request's field: the request sources' rule follows it to the runner
    name = s.text(root)
    for fn in (a for a in s.ancestors(sub) if a.type in s.FUNCTION_TYPES):
        for p in s.parameters(fn):
            if _declares(p, name):
                return None if _narrow(p) else name
        local = _local_from_parameter(fn, name)
        if local is not None:
            return local
    return None


def root_of(node: Node) -> Node | None:
    node = s.unwrap(node)
    while node.type in ('member_expression', 'call_expression', 'subscript_expression'):
        if node.type == 'call_expression':
            fn = s.callee(node)
            if fn is None or s.unwrap(fn).type != 'member_expression':
                return None  # a function's result (`escape(x)`, `format(x)`) is a new value
            node = s.unwrap(s.unwrap(fn).child_by_field_name('object'))
        else:
            node = s.unwrap(node.child_by_field_name('object'))
    return node if node.type == 'identifier' else None


def _declares(param: Node, name: str) -> bool:
    """Whether the parameter binds ``name`` (itself, or a name of its destructuring pattern)."""
    pattern = param
    if pattern.type in ('required_parameter', 'optional_parameter'):
        pattern = pattern.child_by_field_name('pattern') or pattern
    if pattern.type == 'assignment_pattern':
        pattern = pattern.child_by_field_name('left') or pattern
    if pattern.type == 'identifier':
        return s.text(pattern) == name
    return pattern.type in ('object_pattern', 'array_pattern') and any(
        c.type in ('shorthand_property_identifier_pattern', 'identifier') and s.text(c) == name
        for c in pattern.named_children)


def _narrow(param: Node) -> bool:
    kind = param.child_by_field_name('type')
    return kind is not None and _NARROW.match(s.text(kind)) is not None


def _local_from_parameter(fn: Node, name: str) -> str | None:
    """``const { value } = condition`` (or ``const value = condition.value``) in ``fn`` with
    ``condition`` one of its parameters: the parameter's name."""
    params = {n for n in s.parameter_names(fn) if n}
    body = fn.child_by_field_name('body')
    if body is None or not params:
        return None
    stack = list(body.named_children)
    while stack:
        statement = stack.pop()
        if statement.type in s.FUNCTION_TYPES:
            continue
        if statement.type not in ('lexical_declaration', 'variable_declaration'):
            stack.extend(c for c in statement.named_children if c.type not in s.FUNCTION_TYPES)
            continue
        for d in statement.named_children:
            target = d.child_by_field_name('name')
            value = d.child_by_field_name('value')
            if d.type != 'variable_declarator' or target is None or value is None:
                continue
            names = [s.text(target)] if target.type == 'identifier' else [
                s.text(c) for c in target.named_children if c.type in ('shorthand_property_identifier_pattern', 'identifier')]
            src = root_of(value)
            if name in names and src is not None and s.text(src) in params and not _ESCAPED.search(s.text(value)):
                return s.text(src)
    return None
