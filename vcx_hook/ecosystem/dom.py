"""Browser DOM libraries: which calls parse a string as HTML. jQuery's ``.html()``, ``.append()``,
``.prepend()``, ``.after()``, ``.before()`` and ``.replaceWith()`` build markup from a string
(``.text()`` does not)."""
from __future__ import annotations

from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node

JQUERY_ROOTS = frozenset(('$', 'jQuery'))
JQUERY_HTML_METHODS = frozenset(('html', 'append', 'prepend', 'after', 'before', 'replaceWith'))
_HTML_METHOD_WORDS = frozenset(m.encode() for m in JQUERY_HTML_METHODS)


def uses_jquery(file: File) -> bool:
    """``$(`` or ``jQuery(`` in the file, and a method of theirs that parses HTML."""
    return file.fact(_uses_jquery)


def _uses_jquery(file: File) -> bool:
    return not file.words.isdisjoint(_HTML_METHOD_WORDS) and (b'$ ' in file.word_text and b'$(' in file.source or b'jQuery' in file.word_text and b'jQuery(' in file.source)


def jquery_chain(call: Node) -> bool:
    """``call`` is a method called on a jQuery object built in place: ``$('h1').html(x)``,
    ``$('<td>').addClass('c').append(x)``."""
    node = s.receiver(call)
    while node is not None:
        node = s.unwrap(node)
        if node.type != 'call_expression':
            return False
        fn = node.child_by_field_name('function')
        if fn is not None and fn.type == 'identifier':
            return s.text(fn) in JQUERY_ROOTS
        node = s.receiver(node)
    return False


# Browser APIs that return a promise and report failure only by rejecting it (the clipboard is
# refused when the document has no focus, sharing when the user cancels, media when denied).
PROMISE_APIS = frozenset((
    'navigator.clipboard.writeText', 'navigator.clipboard.readText', 'navigator.clipboard.write',
    'navigator.clipboard.read', 'navigator.share', 'navigator.mediaDevices.getUserMedia',
    'navigator.mediaDevices.getDisplayMedia', 'navigator.serviceWorker.register', 'navigator.permissions.query',
    'navigator.wakeLock.request', 'navigator.storage.persist', 'document.exitFullscreen',
))
# Methods of any element that do the same (`el.requestFullscreen()`).
PROMISE_METHODS = frozenset(('requestFullscreen', 'requestPictureInPicture'))
PROMISE_API_WORDS = frozenset(p.rsplit('.', 1)[-1].encode() for p in PROMISE_APIS) | frozenset(
    m.encode() for m in PROMISE_METHODS)


def promise_api(call: Node) -> bool:
    """``call`` is one of ``PROMISE_APIS`` (also through ``window.``) or ``PROMISE_METHODS``."""
    callee = s.callee(call)
    if callee is None or callee.type != 'member_expression':
        return False
    if s.callee_name(call) in PROMISE_METHODS:
        return True
    path = s.text(callee).replace(' ', '').replace('\n', '').replace('?.', '.')
    return path.removeprefix('window.') in PROMISE_APIS
