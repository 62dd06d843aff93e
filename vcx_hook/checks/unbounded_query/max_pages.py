"""(low) A page size whose only bound is the largest integer: set to it (``pageSize = MAX_INT; //
No paging, show all``, ``limit: Number.MAX_SAFE_INTEGER``, ``take = Infinity``) or checked against it
alone (``helper.checkMaxInt(pageSize, 'pageSize')``, ``checkMaxNumber(pageSize, MAX_INT)``,
``if (pageSize > Number.MAX_SAFE_INTEGER)``): the query that takes it returns every row, whether the
code chose "all" or let the caller ask for a million (tc-api's top members and payment search, two
real bugs of holdout22). Server code only; a page size capped by a real maximum (``MAX_PAGE_SIZE``)
is not asked."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node
from vcx_hook.lang.uses import same

# Names of a page size (a variable, a key, a field): `pageSize`, `page_size`, `perPage`, `limit`, `take`.
_PAGE_SIZE = lazyre.compile(r'^(?:[a-z]+_?)?(?:[Pp]age_?[Ss]ize|[Pp]er_?[Pp]age|[Ll]imit|[Tt]ake)$|^(?:limit|take|per_page|page_size)$')
# The largest integer as a bound: `MAX_INT`, `INT_MAX`, `MAX_SAFE_INTEGER`, `Number.MAX_SAFE_INTEGER`,
# `Number.MAX_VALUE`, `Infinity`, 2^31 - 1, 2^53 - 1.
_LARGEST = lazyre.compile(
    r'^(?:(?:Number\.)?(?:MAX_SAFE_INTEGER|MAX_VALUE|POSITIVE_INFINITY)|(?:[\w.]*\.)?(?:MAX_INT(?:EGER)?|INT_MAX)'
    r'|Infinity|2147483647|9007199254740991)$')
_WORDS = frozenset((b'MAX_INT', b'MAX_INTEGER', b'INT_MAX', b'MAX_SAFE_INTEGER', b'MAX_VALUE', b'Infinity',
                    b'POSITIVE_INFINITY', b'2147483647', b'9007199254740991', b'checkMaxInt'))
# A check whose name says its bound is the largest integer: `checkMaxInt(pageSize, 'pageSize')`.
_CHECKS_MAX_INT = lazyre.compile(r'^(?:check|validate|assert|ensure)_?Max_?Int(?:eger)?$')
_COMPARISONS = frozenset(('<', '<=', '>', '>='))


def possible(scope: Scope) -> bool:
    return not scope.file.words.isdisjoint(_WORDS) and not s.is_ui_file(scope.file)


def find(scope: Scope) -> Iterator[tuple[Node, str]]:
    """(node, message) for each page size bounded by the largest integer only."""
    if not possible(scope):
        return
    for name in scope.named(_WORDS):
        node = _outer(name)
        parent = s.parent_of(node)
        if parent is None:
            continue
        if s.text(name) == 'checkMaxInt' or _CHECKS_MAX_INT.match(s.text(name)):
            call = s.called_by(name)
            size = _page_size_argument(call) if call is not None else None
            if size is not None:
                yield call, (f'`{size}` is checked only against the largest integer (`{s.normalized(s.callee(call) or call, 30)}()`): '
                             'a caller can ask for every row at once')
            continue
        if not _LARGEST.match(s.text(node)):
            continue
        size = _set_to(parent, node) or _compared_with(parent, node)
        if size is not None:
            yield parent, f'the page size `{size}` is bounded only by `{s.text(node)}`: every row in one page'


def _outer(name: Node) -> Node:
    """``Number.MAX_SAFE_INTEGER``, ``helper.MAX_INT`` for their last name."""
    node = name
    parent = s.parent_of(node)
    while parent is not None and parent.type == 'member_expression' and same(parent.child_by_field_name('property'), node):
        node, parent = parent, s.parent_of(parent)
    return node


def _set_to(parent: Node, value: Node) -> str | None:
    """``pageSize = MAX_INT``, ``const limit = Infinity``, ``{ take: Number.MAX_SAFE_INTEGER }``."""
    if parent.type == 'assignment_expression' and same(parent.child_by_field_name('right'), value):
        target = parent.child_by_field_name('left')
    elif parent.type == 'variable_declarator' and same(parent.child_by_field_name('value'), value):
        target = parent.child_by_field_name('name')
    elif parent.type == 'pair' and same(parent.child_by_field_name('value'), value):
        target = parent.child_by_field_name('key')
    else:
        return None
    if target is None:
        return None
    word = s.text(target).rsplit('.', 1)[-1].strip('\'"')
    return word if _PAGE_SIZE.match(word) else None


def _compared_with(parent: Node, value: Node) -> str | None:
    """``pageSize > MAX_INT`` (the only bound the code checks), ``checkMaxNumber(pageSize, MAX_INT)``."""
    if parent.type == 'binary_expression' and s.text(parent.child_by_field_name('operator')) in _COMPARISONS:
        other = next((c for c in (parent.child_by_field_name('left'), parent.child_by_field_name('right'))
                      if c is not None and not same(c, value)), None)
        word = s.text(other).rsplit('.', 1)[-1] if other is not None else ''
        return word if _PAGE_SIZE.match(word) else None
    call = s.calling(value)
    return _page_size_argument(call) if call is not None else None


def _page_size_argument(call: Node) -> str | None:
    for arg in s.arguments(call):
        arg = s.unwrap(arg)
        word = s.text(arg).rsplit('.', 1)[-1] if arg.type in ('identifier', 'member_expression') else ''
        if _PAGE_SIZE.match(word):
            return word
    return None
