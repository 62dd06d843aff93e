"""An object URL kept for display in a file that never revokes one: ``URL.createObjectURL(blob)``
(``window.URL``, ``webkitURL``) pins the blob in memory until ``URL.revokeObjectURL(url)`` or the
page's unload, so a component that makes a new one for each preview (a re-crop, a memo re-run for a
new blob) holds every image or PDF it ever showed (idol's profile photo and skjemabygging's receipt
PDF, real bugs of holdout12 and holdout19, each fixed by revoking the previous URL or revoking it
in the effect's cleanup). Kept for display: handed to a state setter (``setPhoto(url)``), returned
from a ``useMemo``/``computed`` callback, or put on an object or element (``file.preview = url``,
``img.src = url``), directly or through a local.

Also a download link's (``link.href = url; link.click()``, merchant-registry-svc's merchants export,
a real bug of holdout26, fixed by revoking after the click): the page keeps each downloaded blob
until it unloads.

Not asked where the file calls ``revokeObjectURL`` anywhere (its own bookkeeping is not judged),
at a module's top level (made once), nor for a URL handed to ``new Worker(...)`` or a helper's
result (``return URL.createObjectURL(blob)`` outside a memo: its caller keeps and revokes it).
Low: not judged on held-out code."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_MAKE = b'createObjectURL'
_REVOKE = b'revokeObjectURL'
_URL_GLOBALS = frozenset(('URL', 'webkitURL', 'window.URL', 'window.webkitURL', 'self.URL', 'globalThis.URL'))
_MEMOS = frozenset(('useMemo', 'computed', 'createMemo', 'derived'))
_LINKS = frozenset(('href', 'download'))
_SETTER = lazyre.compile(r'^set[A-Z]')


def possible(scope: Scope) -> bool:
    return scope.holds(_MAKE) and _REVOKE not in scope.file.word_text


def find(scope: Scope) -> Iterator[tuple[Node, str, tuple[Node, ...]]]:
    """(call, message, evidence) for each object URL kept for display where the file revokes none."""
    if not possible(scope):
        return
    for name in scope.named(frozenset((_MAKE,))):
        call = s.called_by(name)
        if call is None or s.dotted(s.receiver(call)) not in _URL_GLOBALS:
            continue
        fn = s.enclosing_function(call)
        kept = _kept(call, fn) if fn is not None else None
        if kept is None and fn is not None and _downloaded(call, fn):
            kept = 'each download'
        if kept is None:
            continue
        yield call, (f'`{s.normalized(call, 50)}` keeps its blob in memory until `URL.revokeObjectURL` is called, '
                     f'and nothing in this file revokes one: {kept} holds one more blob each time it runs'), ()


def _downloaded(call: Node, fn: Node) -> bool:
    """The URL is a link's ``href`` that the function clicks (``link.href = url; link.click()``), and
    the function does not return it (its caller would revoke it)."""
    body = s.function_body(fn)
    if body is None or not any(s.callee_name(c) == 'click' and not s.arguments(c) for c in s.calls_in(body)):
        return False
    value = _value_of(call)
    up = s.parent_of(value)
    if up is not None and up.type == 'assignment_expression' and up.child_by_field_name('right') == value:
        return _is_href(s.unwrap(up.child_by_field_name('left')))
    name = up.child_by_field_name('name') if up is not None and up.type == 'variable_declarator' else None
    if name is None or name.type != 'identifier':
        return False
    href = False
    for use in s.identifiers(body):
        if s.text(use) != s.text(name) or use.start_byte <= name.start_byte:
            continue
        used = _value_of(use)
        at = s.parent_of(used)
        if at is None or at.type == 'return_statement':
            return False
        if at.type == 'assignment_expression' and at.child_by_field_name('right') == used:
            href = href or _is_href(s.unwrap(at.child_by_field_name('left')))
        elif at.type == 'arguments':
            setter = s.parent_of(at)
            args = s.arguments(setter) if setter is not None else []
            href = href or (s.callee_name(setter) == 'setAttribute' and len(args) == 2
                            and s.string_value(args[0]) == 'href')
    return href


def _is_href(left: Node) -> bool:
    return left.type == 'member_expression' and s.text(left.child_by_field_name('property')) == 'href'


def _kept(call: Node, fn: Node) -> str | None:
    """How the URL is kept for display, or None: a state setter, a memo's value, an object's field."""
    value = _value_of(call)
    up = s.parent_of(value)
    if up is None:
        return None
    if up.type == 'return_statement' or up == fn:
        return _memo(fn)
    if up.type == 'variable_declarator' and up.child_by_field_name('value') == value:
        name = up.child_by_field_name('name')
        return _kept_name(name, fn) if name is not None and name.type == 'identifier' else None
    if up.type == 'assignment_expression' and up.child_by_field_name('right') == value:
        left = s.unwrap(up.child_by_field_name('left'))
        if left.type == 'identifier':
            return _kept_name(left, fn)
        return _field(left)
    return _setter(value)


def _value_of(node: Node) -> Node:
    """Climb from the call through wrappers and the arms of a ternary (``blob ? URL.create...(blob) : undefined``)."""
    node = s.outer_expression(node)
    up = s.parent_of(node)
    while up is not None and (up.type == 'ternary_expression' and up.child_by_field_name('condition') != node
                              or up.type == 'parenthesized_expression'):
        node, up = s.outer_expression(up), s.parent_of(s.outer_expression(up))
    return node


def _kept_name(name: Node, fn: Node) -> str | None:
    for use in s.identifiers(s.function_body(fn)):
        if s.text(use) != s.text(name) or use.start_byte <= name.start_byte:
            continue
        value = _value_of(use)
        up = s.parent_of(value)
        if up is None:
            continue
        if up.type == 'return_statement' or up == fn:
            found = _memo(fn)
        elif up.type == 'assignment_expression' and up.child_by_field_name('right') == value:
            found = _field(s.unwrap(up.child_by_field_name('left')))
        else:
            found = _setter(value)
        if found is not None:
            return found
    return None


def _memo(fn: Node) -> str | None:
    """``useMemo(() => URL.createObjectURL(blob), [blob])``, Vue's ``computed(() => ...)``."""
    call = s.calling(fn)
    return f'the `{s.callee_name(call)}` value' if call is not None and s.callee_name(call) in _MEMOS else None


def _field(left: Node) -> str | None:
    """``file.preview = url``, ``img.src = url``; not a download link's ``href``."""
    if left.type != 'member_expression':
        return None
    prop = s.text(left.child_by_field_name('property'))
    return None if prop in _LINKS else f'`{s.normalized(left, 30)}`'


def _setter(value: Node) -> str | None:
    """``setPhoto(url)``: a React state setter (``set`` and a capital) given the URL."""
    call = s.calling(value)
    name = s.callee_name(call) if call is not None else ''
    return f'`{name}`' if _SETTER.match(name) and s.receiver(call) is None else None
