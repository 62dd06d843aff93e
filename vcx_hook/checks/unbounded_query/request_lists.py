"""(low) A list the client sends, checked for being empty and never for its size, that drives the
handler's work: ``if (req.body.assets.length === 0) throw ...`` then ``assets.map(async (a) =>
getSupply(pool, a))``, or ``if (!numerosFiness || numerosFiness.length === 0) return ...`` then
``await compare(deps, numerosFiness)``. The handler thought about the list's length and stopped at
zero: a request with a hundred thousand entries runs a hundred thousand lookups, or one ``IN (...)``
that size (yoroi's multi-asset supply and helios' comparison, real bugs of holdout17 and holdout20,
both fixed by rejecting a list over a maximum). Server code only; not uploaded files (``req.files``:
the upload middleware caps their count); the list is request data as
unvalidated-input reads it (a schema's result is not, as a schema may cap it), and the work is an
awaited call given the list or a callback over it that awaits. Not when the function compares the
length with anything but zero or one, slices the list or names a maximum (``Math.min``, ``.max(``)."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.ecosystem import requests
from vcx_hook.ecosystem import runtime
from vcx_hook.lang import flow
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_WORDS = frozenset((b'length',))
# `x.length === 0`, `x.length == 0`, `x.length < 1`, `x.length <= 0`, `0 === x.length`.
_EMPTY_TESTS = {('===', '0'), ('==', '0'), ('<', '1'), ('<=', '0')}
_FLIPPED = {'===': '===', '==': '==', '>': '<', '>=': '<='}
# A cap anywhere in the function: `Math.min`, a slice, a schema's `.max(`, a constant named for a maximum.
_CAPPED = lazyre.compile(rb'Math\.min|\.slice\(|\.splice\(|\.max\(|\bMAX_?\w*|\b\w*_MAX\b|\bmax[A-Z]\w*')
# Uploaded files: their count is the upload middleware's to cap (multer's `upload.array('images', 20)`).
_UPLOADS = lazyre.compile(r'\.files?\b')
_WORK_NODES = frozenset(('call_expression', 'for_in_statement'))
_AWAITS = frozenset(('await_expression',))
_ITERATIONS = frozenset(('map', 'forEach', 'flatMap', 'filter', 'reduce', 'some', 'every'))
# Calls a list handed to does no work with: checks, copies and answers.
_NOT_WORK = frozenset((
    'isArray', 'includes', 'indexOf', 'push', 'concat', 'join', 'json', 'send', 'status', 'log', 'info', 'warn',
    'error', 'debug', 'String', 'Number', 'Boolean', 'Set', 'from', 'stringify', 'keys', 'values', 'entries',
))


def possible(scope: Scope) -> bool:
    return not scope.file.words.isdisjoint(_WORDS) and requests.request_words(scope.file) \
        and not runtime.is_browser(scope.file)


def find(scope: Scope) -> Iterator[tuple[Node, str]]:
    """(emptiness test, message) for each request list tested for empty, never capped, that drives work."""
    if not possible(scope):
        return
    names = requests.DEFAULT_NAMES
    done: set[str] = set()
    for word in scope.named(_WORDS):
        test, listed = _emptiness_test(word)
        if test is None or listed is None or not scope.contains(test):
            continue
        fn = s.enclosing_function(test)
        if fn is None or _CAPPED.search(fn.text or b'') is not None:
            continue
        shown = _request_list(scope, listed, names)
        if shown is None or shown in done or _length_compared(fn, listed):
            continue
        if not any(_request_list(scope, use, names) == shown for use in _worked_on(fn)):
            continue
        done.add(shown)
        yield test, (f'`{shown}` from the request is checked for empty, never for its size: a list of any '
                     'length drives the work below; reject one over a maximum')


def _emptiness_test(word: Node) -> tuple[Node | None, Node | None]:
    """(the test, the list) where ``word`` is the ``length`` of ``x.length === 0`` or ``!x.length``."""
    member = s.parent_of(word)
    if member is None or member.type != 'member_expression' or member.child_by_field_name('property') != word:
        return None, None
    listed = member.child_by_field_name('object')
    parent = s.parent_of(member)
    while parent is not None and parent.type == 'parenthesized_expression':
        member, parent = parent, s.parent_of(parent)
    if parent is None or listed is None:
        return None, None
    if parent.type == 'unary_expression' and s.text(parent.child_by_field_name('operator')) == '!':
        return parent, listed
    if parent.type != 'binary_expression':
        return None, None
    op = s.text(parent.child_by_field_name('operator'))
    left, right = parent.child_by_field_name('left'), parent.child_by_field_name('right')
    if left == member and right is not None and (op, s.text(right)) in _EMPTY_TESTS:
        return parent, listed
    if right == member and left is not None and (_FLIPPED.get(op, ''), s.text(left)) in _EMPTY_TESTS:
        return parent, listed
    return None, None


def _length_compared(fn: Node, listed: Node) -> bool:
    """The function compares the list's length with something other than zero or one
    (``if (ids.length > 100)``), under the name tested or its last field."""
    name = s.text(listed).rsplit('.', 1)[-1].rsplit('?', 1)[0]
    if not name.isidentifier():
        return False
    other = lazyre.compile(rf'\b{name}\??\.length\s*(?:[<>]=?|[!=]==?)\s*(?![01]\b)[\w(]'.encode())
    flipped = lazyre.compile(rf'(?<![\w.])(?![01]\b)[\w)]+\s*(?:[<>]=?|[!=]==?)\s*{name}\??\.length\b'.encode())
    text = fn.text or b''
    return other.search(text) is not None or flipped.search(text) is not None


def _request_list(scope: Scope, value: Node, names: requests.Names) -> str | None:
    """How a message shows ``value`` when it is request data (``req.body.assets``), else None."""
    if not requests.in_reach(scope.file, value, names):
        return None
    fl = flow.of(scope.file, value)
    for origin in fl.origins(value, lambda call: []):
        src = requests.source(scope.file, fl, origin, lambda call: [], names)
        if src is not None and not src.header and not _UPLOADS.search(src.name):
            return src.name
    return None


def _worked_on(fn: Node) -> Iterator[Node]:
    """The values ``fn`` does awaited work with: an awaited call's arguments (``await compare(deps,
    ids)``), a list iterated by an async callback (``ids.map(async (id) => ...)``) or by a
    ``for ... of`` loop whose body awaits."""
    for node in s.own_nodes(fn, _WORK_NODES):
        if node.type == 'call_expression':
            callee = s.callee_name(node)
            if callee in _ITERATIONS:
                receiver = s.receiver(node)
                args = s.arguments(node)
                if receiver is not None and args and _async_callback(s.unwrap(args[0])):
                    yield receiver
            elif callee not in _NOT_WORK and _awaited(node):
                yield from (a for a in s.arguments(node) if s.unwrap(a).type in ('identifier', 'member_expression'))
        elif node.type == 'for_in_statement' and b' of ' in (node.text or b''):
            right, body = node.child_by_field_name('right'), node.child_by_field_name('body')
            if right is not None and body is not None and _awaits(body):
                yield right


def _async_callback(fn: Node) -> bool:
    return fn.type in s.FUNCTION_TYPES and (s.is_async(fn) or _awaits(fn))


def _awaits(node: Node) -> bool:
    return bool(s.own_nodes(node, _AWAITS))


def _awaited(call: Node) -> bool:
    """The call's result is awaited, or it is an element of an awaited ``Promise.all([...])``."""
    if s.is_awaited(call):
        return True
    parent = s.parent_of(call)
    if parent is not None and parent.type == 'array':
        outer = s.parent_of(s.parent_of(parent) or parent)
        return outer is not None and s.callee_path(outer) == 'Promise.all' and s.is_awaited(outer)
    return False
