"""Browser DOM libraries: which calls parse a string as HTML. jQuery's ``.html()``, ``.append()``,
``.prepend()``, ``.after()``, ``.before()`` and ``.replaceWith()`` build markup from a string
(``.text()`` does not). And what a listener is added to, where a static helper takes it first
(Leaflet's ``L.DomEvent.on(el, ...)``, Google Maps' ``google.maps.event.addListener(marker, ...)``).
And the device's own storage: the Web Storage globals and React Native's stores, and their reads."""
from __future__ import annotations

from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import stores
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


# Markdown renderers that pass the raw HTML of the text through to their output (none sanitizes):
# showdown's `converter.makeHtml(md)` (its method's name is its own), marked's `marked(md)` and
# `marked.parse(md)`, markdown-it's `md.render(md)` when made with `html: true`, and markdown-to-jsx's
# `<Markdown>` unless its options set `disableParsingRawHTML`.
SHOWDOWN_RENDER = 'makeHtml'
MARKED = 'marked'
MARKED_CALLS = frozenset(('marked', 'parse', 'parseInline'))
MARKDOWN_IT = 'markdown-it'
MARKDOWN_IT_RENDER = frozenset(('render', 'renderInline'))
MARKDOWN_TO_JSX = 'markdown-to-jsx'
MARKDOWN_TO_JSX_SAFE = 'disableParsingRawHTML'
MARKDOWN_WORDS = frozenset((SHOWDOWN_RENDER.encode(), MARKED.encode(), b'markdown'))


# Static event helpers that take their target first: Leaflet's `L.DomEvent.on(el, 'click', f)` (the
# `leaflet` package or its global `L`), Google Maps' `google.maps.event.addListener(marker, 'click', f)`.
LEAFLET = 'leaflet'
_TARGET_FIRST = (('L', 'DomEvent'), ('google', 'maps.event'))


def listened_target(file: File, call: Node) -> Node | None:
    """What a listener is added to: the receiver (``el.addEventListener(...)``), or the first
    argument of a static helper that takes its target first (``L.DomEvent.on(this._container,
    'mousewheel', f)``)."""
    recv = s.receiver(call)
    if recv is None:
        return None
    root, _, rest = s.dotted(recv).partition('.')
    args = s.arguments(call)
    if not rest or not args or not any(rest == helper for _, helper in _TARGET_FIRST):
        return recv
    found = bindings.imports(file).get(root)
    if (found is not None and found.library == LEAFLET and rest == 'DomEvent') \
            or (found is None and (root, rest) in _TARGET_FIRST and _global(recv)):
        return args[0]
    return recv


def _global(node: Node) -> bool:
    """The root of ``node`` is a name the file does not declare (the page's ``L`` or ``google``), or
    one it reads from the window (``const L = window['L']``)."""
    while node.type == 'member_expression':
        node = s.unwrap(node.child_by_field_name('object'))
    if node.type != 'identifier':
        return False
    if s.declaration(node) is None:
        return True
    value = s.initializer(node)
    value = s.unwrap(value) if value is not None else None
    if value is None or value.type not in ('member_expression', 'subscript_expression'):
        return False
    holder = value.child_by_field_name('object')
    key = value.child_by_field_name('property') or value.child_by_field_name('index')
    return holder is not None and s.text(holder) == 'window' and key is not None \
        and (s.string_value(key) or s.text(key)) == s.text(node)


# The device's own storage, which keeps what an app wrote across versions: Web Storage, and React
# Native's AsyncStorage and MMKV (a store bound by import or construction); the calls that read a value.
STORAGE_GLOBALS = frozenset(('localStorage', 'sessionStorage', 'window.localStorage', 'window.sessionStorage'))
STORAGE_LIBRARIES = frozenset(('react-native-mmkv', '@react-native-async-storage/async-storage'))
STORAGE_GETS = frozenset(('getString',)) | (stores.CACHE_GETS - {'get', 'hget'})  # and Web Storage's
