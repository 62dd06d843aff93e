"""(low) A page size parsed from the caller's text with nothing capping it: an options object's
page-size key (``pageSize: parseInt(query.pageSize)``, ``limit: Number(params.limit)``) or the
result of a function named for one (``getCount(countParam)``, ``parseLimit(raw)``) that turns a
parameter's text into a number and hands it on as it is. This is where a server reads the size
of a page out of a query string before its list endpoints run, and without a ``Math.min`` (or a
comparison) ``?pageSize=1000000`` reads every row in one response (hubble's HTTP API, balena's
device logs: real bugs of holdout15 and holdout4). Server code only; not when the function
compares the value or clamps it (``Math.min``, ``clamp``, ``> MAX``), nor for a literal's text."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.ecosystem import list_reads
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

# Keys of a page size (not `count`, as often a total sent back as a size asked for).
_KEYS = list_reads.PAGE_SIZE_KEYS
_PARSERS = frozenset(('parseInt', 'parseFloat', 'Number', 'Number.parseInt', 'Number.parseFloat'))
# A function named for handing out a page size: `getCount`, `parseLimit`, `getPageSize`, `toPerPage`.
_SIZE_FUNCTION = lazyre.compile(r'^(?:get|parse|to|read|resolve|normalize)_?(?:[A-Z][a-z]+)?(?:Count|Limit|PageSize|PerPage|Size)$')
# A cap in the function: `Math.min(n, MAX)`, `clamp(...)`, a comparison with a bound, a schema's `max`.
# A comparison is written with spaces around it (`limit > MAX`), unlike a type's `Array<T>` or `=>`.
_CAPPED = lazyre.compile(rb'Math\.min|\bclamp|\.max\(|\.lte?\(|\s[<>]=?\s')


_KEY_WORDS = frozenset(k.encode() for k in _KEYS)
_SIZE_NAME = lazyre.compile(rb'(?:Count|Limit|PageSize|PerPage|Size)\s*\(')


def possible(scope: Scope) -> bool:
    text = scope.text
    return (b'parseInt' in text or b'Number(' in text or b'parseFloat' in text) and not s.is_ui_file(scope.file) \
        and (not scope.file.words.isdisjoint(_KEY_WORDS) or _SIZE_NAME.search(text) is not None)


def find(scope: Scope) -> Iterator[tuple[Node, str]]:
    """(parse call, message) for each page size parsed and handed on uncapped."""
    if not possible(scope):
        return
    for name in scope.named(frozenset((b'parseInt', b'Number', b'parseFloat'))):
        call = s.called_by(name)
        if call is None or not scope.contains(call) or s.callee_path(call) not in _PARSERS:
            continue
        args = s.arguments(call)
        text = _parameter_text(call, args[0]) if args else None
        if text is None:
            continue
        kept = _kept_as(call)
        if kept is None:
            continue
        fn = s.enclosing_function(call)
        if fn is None or _CAPPED.search(fn.text or b'') is not None:
            continue
        yield call, (f'the page size `{kept}` is parsed from the caller\'s `{text}` and nothing caps it: '
                     f'asked for a million rows, every list that takes it returns them all')


def _parameter_text(call: Node, arg: Node) -> str | None:
    """The text parsed, when it is read from a parameter of the enclosing function (``countParam``,
    ``query.pageSize.toString()``): the caller's, ultimately the request's."""
    node = s.unwrap(arg)
    while node.type in ('call_expression', 'member_expression'):
        inner = node.child_by_field_name('function') if node.type == 'call_expression' else node.child_by_field_name('object')
        if inner is None:
            return None
        node = s.unwrap(inner)
    if node.type != 'identifier':
        return None
    fn = s.enclosing_function(call)
    return s.normalized(arg, 40) if fn is not None and s.text(node) in s.parameter_names(fn) else None


def _kept_as(call: Node) -> str | None:
    """How the parsed value is handed on as a page size: under a page-size key (through a ternary),
    or returned (directly or through the ``const`` it is kept in) by a function named for one."""
    node = call
    parent = s.parent_of(node)
    while parent is not None and parent.type in ('parenthesized_expression', 'ternary_expression'):
        node, parent = parent, s.parent_of(parent)
    if parent is None:
        return None
    if parent.type == 'pair' and parent.child_by_field_name('value') == node:
        key = parent.child_by_field_name('key')
        word = s.text(key).strip('\'"') if key is not None else ''
        return word if word in _KEYS else None
    fn = s.enclosing_function(call)
    named = s.function_name(fn) if fn is not None else None
    if not named or _SIZE_FUNCTION.match(named) is None:
        return None
    if parent.type == 'return_statement':
        return f'{named}()'
    if parent.type == 'variable_declarator' and parent.child_by_field_name('value') == node:
        kept = parent.child_by_field_name('name')
        word = s.text(kept) if kept is not None else ''
        returned = lazyre.compile(rf"\breturn\b[^;\n]*\b{word}\b".encode())
        if word and fn is not None and returned.search(fn.text or b"") is not None:
            return f'{named}()'
    return None
