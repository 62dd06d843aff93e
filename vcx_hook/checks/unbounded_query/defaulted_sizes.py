"""(low) A page size defaulted only when the caller gives none: ``const first = args.first ||
DEFAULT_FIRST`` then ``.limit(first + 1)``, or ``first !== undefined ? SQL` LIMIT ${first}` :
SQL` LIMIT ${DEFAULT_LIMIT}` ``. The default says the size is the caller's to pick, and nothing caps
what it picks: ``first: 1000000`` returns the whole collection in one answer (ems-backend's forms
query and decentraland's owners list, real bugs of holdout26); also a query's named parameter (``{
query, skip: 0, limit }`` bound to ``LIMIT toInteger($limit)``: Ocelot-Social's chat search, of
holdout25). Only a field named for a page size (not a job's ``opts.batchSize``). Not when the function or the file
caps it (``Math.min``, ``clamp``, a schema's ``.max(``, a comparison with a number or a
capitalised constant, a check it is handed to: ``checkPageSize(first)``), nor in UI code."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.unbounded_query import client_limits
from vcx_hook.ecosystem import list_reads
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.declarations import declaration
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node
from vcx_hook.lang.uses import same

# A default: a number or a constant's name (`DEFAULT_FIRST`, `OWNERS_QUERY_DEFAULT_LIMIT`, `Limits.DEFAULT`).
_CONSTANT = lazyre.compile(r'^(?:\d+|(?:\w+\.)?[A-Z][A-Z0-9_]*)$')
# ... after the other branch's LIMIT (`` SQL` LIMIT ${OWNERS_QUERY_DEFAULT_LIMIT}` ``, `` `limit ${20}` ``).
_CONSTANT_LIMIT = lazyre.compile(r'\b(?:limit|LIMIT|Limit)\s+(?:\d+|\$\{\s*(?:\d+|(?:\w+\.)?[A-Z][A-Z0-9_]*)\s*\})')
_PARAMETER_WORDS = frozenset((b'first', b'pageSize', b'perPage', b'size'))
# The caller's field names a page size (`args.first`, `Number(args.limit)`), not a job's `opts.batchSize`.
_PAGE_SIZE = lazyre.compile(r'\b(?:' + '|'.join(sorted(list_reads.PAGE_SIZE_KEYS | {'first'})) + r')\b\W*$')
_FALLBACKS = frozenset(('||', '??'))
_CAPS = lazyre.compile(rb'Math\.min|\bclamp\w*\(|\.max\(|\.lte?\(')
# What the caller's value comes as: a field of the input (`args.first`), a parameter, a parsed one.
_INPUTS = frozenset(('member_expression', 'identifier', 'subscript_expression', 'call_expression'))


def possible(scope: Scope) -> bool:
    text = scope.text
    return client_limits.possible_anywhere(scope) and (
        b'||' in text or b'??' in text or scope.holds(b'undefined') or scope.holds(b'null'))


def find(scope: Scope) -> Iterator[tuple[Node, str]]:
    """(value, message) for each page size that falls back to a default and is never capped."""
    if not possible(scope) or s.is_ui_file(scope.file) or client_limits.file_caps(scope) \
            or _CAPS.search(scope.text) is not None:
        return
    for value in (*client_limits.page_sizes(scope, client_limits.has_placeholder(scope)), *_named_parameters(scope)):
        name = _size_name(value)
        if name is None or _compared(scope, s.text(name)):
            continue
        given = _fallback(name) or _chosen(value, s.text(name))
        if given is not None:
            yield value, (f'the page size is the caller\'s (`{given}`) unless it gives none, and nothing caps it: '
                          'asked for a million rows, it returns them all')


def _named_parameters(scope: Scope) -> Iterator[Node]:
    """``limit`` of a query's parameters (``{ query, skip: 0, limit }``) where the file's query text
    binds it by name after ``LIMIT`` (``LIMIT $limit``, ``LIMIT toInteger($limit)``, ``LIMIT :limit``)."""
    source = scope.file.source
    if b'LIMIT' not in source and b'limit' not in source:
        return
    for name in scope.named(client_limits.WORDS | _PARAMETER_WORDS):
        parent = s.parent_of(name)
        key = s.text(name)
        if name.type == 'shorthand_property_identifier' or parent is not None and parent.type == 'pair' \
                and name.type == 'property_identifier':
            bound = lazyre.compile(rf'(?i)\blimit\s+(?:\w+\()?[$:@]{key}\b'.encode())
            if bound.search(source) is not None:
                yield name if name.type == 'shorthand_property_identifier' else parent.child_by_field_name('value')


def _size_name(value: Node) -> Node | None:
    """The name a page size is read from: ``first``, also in ``first + 1``."""
    node = s.unwrap(value)
    if node.type == 'binary_expression' and s.text(node.child_by_field_name('operator')) == '+':
        right = node.child_by_field_name('right')
        node = s.unwrap(node.child_by_field_name('left')) if right is not None and right.type == 'number' else node
    return node if node.type in ('identifier', 'shorthand_property_identifier') else None


def _fallback(name: Node) -> str | None:
    """``args.first`` of ``const first = args.first || DEFAULT_FIRST`` (also ``??``)."""
    decl = declaration(name)
    if decl is None or decl.type != 'variable_declarator':
        return None
    init = decl.child_by_field_name('value')
    init = s.unwrap(init) if init is not None else None
    if init is None or init.type != 'binary_expression' or s.text(init.child_by_field_name('operator')) not in _FALLBACKS:
        return None
    given, default = init.child_by_field_name('left'), init.child_by_field_name('right')
    if given is None or default is None or s.unwrap(given).type not in _INPUTS \
            or not _CONSTANT.match(s.text(s.unwrap(default))) or not _PAGE_SIZE.search(s.text(given)):
        return None
    return s.normalized(given, 40)


def _chosen(value: Node, name: str) -> str | None:
    """``first`` of ``first !== undefined ? SQL` LIMIT ${first}` : SQL` LIMIT ${DEFAULT}` ``: the
    value in the branch a test of it picks, the other branch limited by a constant."""
    child = value
    for up in s.ancestors(value):
        if up.type in s.FUNCTION_TYPES:
            return None
        if up.type == 'ternary_expression' and same(up.child_by_field_name('consequence'), child):
            condition, other = up.child_by_field_name('condition'), up.child_by_field_name('alternative')
            if condition is not None and other is not None and _tests(condition, name) and _limits_by_constant(other):
                return name
            return None
        child = up
    return None


def _tests(condition: Node, name: str) -> bool:
    text = s.text(s.unwrap(condition))
    return lazyre.compile(rf'^(?:!!)?{name}(?:\s*!==?\s*(?:undefined|null))?$').match(text) is not None


def _limits_by_constant(branch: Node) -> bool:
    return _CONSTANT_LIMIT.search(s.text(branch)) is not None


def _compared(scope: Scope, name: str) -> bool:
    """A comparison of the value with a bound (``first > 100``, ``MAX_FIRST < first``), or a check
    it is handed to (``checkPageSize(first)``: ems-backend's fix); not a comparison with another
    value (``items.length > first``)."""
    bound = r'(?:\d+|(?:\w+\.)?[A-Z][A-Z0-9_]*|\w*[Mm]ax\w*)'
    checked = r'(?:\b(?:check|validate|assert|ensure|verify|guard)\w*\(\s*{name}\b)'.format(name=name)
    word = lazyre.compile(rf'(?:\b{name}\s*[<>]=?\s*{bound}\b|\b{bound}\s*[<>]=?\s*{name}\b|{checked})'.encode())
    return any(word.search(scope.file.source, a, b) for a, b in scope.ranges)
