"""Stored data into jQuery's HTML parsers: ``$('h1').html(settings.title)``, ``$('<td>').append(item.unit)``
parse a record's field as markup, so a title or a unit someone saved with ``<img onerror=...>`` in it
runs in every browser that shows it (stored XSS); ``.text()`` would show it as text. The value
is a field read alone from a record or settings object (``x.field``, ``list[i].field``), not
named like markup, a style, an id or an element (``row.html``, ``item.$el``), nor a component's
own ``options``, nor markup the server rendered for the call (``$(list).prepend(res.prepend)``, an
XHR's ``responseText``).
Asked at medium confidence, once per chain; at low, a parameter of the function named for plain
text or a person's words given alone (``_showToolTip(text, pos)`` putting ``.html(text)`` in a
tooltip: wikidata-query-gui's entity labels, holdout28), the caller's value the hook does not see."""
from __future__ import annotations

import re
from collections.abc import Iterator

from vcx_hook.ecosystem import dom
from vcx_hook.finding import Finding
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node
from vcx_hook.lang import lazyre

_HTML_METHOD_WORDS = frozenset(m.encode() for m in dom.JQUERY_HTML_METHODS)
# Fields that hold markup or elements by design, and objects that are elements or templates.
# Fields that hold markup, styles, elements or generated ids by design; objects that are elements,
# templates, or the options a component is given by its own code.
_MARKUP_FIELD = lazyre.compile(
    r'html|markup|template|tpl|svg|icon|widget|container|wrapper|content|dom|view|node|elem|css|style|^el$|El$|^\$'
    r'|^_?id$|Id$', re.IGNORECASE)
# An XHR's (or jqXHR's) response body: markup the server rendered.
_RESPONSE_MARKUP = frozenset(('responseText',))
# A parameter's name words that say plain text or a person's words, not markup.
_TEXT_WORDS = frozenset(('text', 'name', 'user', 'username', 'title', 'label', 'comment', 'author', 'caption',
                         'nickname', 'description'))
_ELEMENT_OBJECT = lazyre.compile(
    r'^(?:\$.*|this|self|el|elem|element|node|dom|ui|view|template|templates|tpl|icons?|html'
    r'|options|opts|config|conf|cfg|props|defaults|theme|spec)$')


def possible(scope: Scope) -> bool:
    file = scope.file
    return dom.uses_jquery(file) and b'cheerio' not in file.source


def findings(scope: Scope, check_id: str, question: str) -> Iterator[Finding]:
    chains: dict[int, list[tuple[Node, Node]]] = {}
    for name in scope.named(_HTML_METHOD_WORDS):
        call = s.called_by(name)
        if call is None or name.type != 'property_identifier' or not scope.contains(call) \
                or s.callee_name(call) not in dom.JQUERY_HTML_METHODS or not dom.jquery_chain(call):
            continue
        args = s.arguments(call)
        field = (_data_field(args[0]) or text_parameter(args[0])) if len(args) == 1 else None
        if field is not None:
            top = _chain_top(call)
            chains.setdefault(top.start_byte, []).append((call, field))
    for found in chains.values():
        found.sort(key=lambda cf: cf[1].start_byte)
        call, field = found[0]
        more = f' (and {len(found) - 1} more in this chain)' if len(found) > 1 else ''
        message = (f'`.{s.callee_name(call)}()` parses `{s.normalized(field, 40)}` as HTML{more}: markup saved in '
                   'it runs in the page (stored XSS); `.text()` shows it as text')
        low = all(f.type == 'identifier' for _, f in found)  # parameters alone: the caller's value, unseen
        yield scope.finding(field, check_id, message, question, evidence=tuple(f for _, f in found[1:]),
                            confidence='low' if low else '')


def _data_field(node: Node) -> Node | None:
    """``node`` when it is a record's field alone (markup concatenated around a value is built on
    purpose, and mostly from the code's own constants)."""
    node = s.unwrap(node)
    if node.type != 'member_expression':
        return None
    prop = node.child_by_field_name('property')
    root = s.field_root(node)
    if prop is None or prop.type != 'property_identifier' or _MARKUP_FIELD.search(s.text(prop)) \
            or root.type != 'identifier' or _ELEMENT_OBJECT.match(s.text(root)) or _rendered(node, s.text(prop)):
        return None
    return node


def text_parameter(node: Node) -> Node | None:
    """``node`` when it is a parameter of its function named for plain text or a person's words
    (``displayUser(selection, userName)``, ``_showToolTip(text, pos)``): the caller's value, handed to
    an HTML parser under a text's name."""
    node = s.unwrap(node)
    if node.type != 'identifier' or _MARKUP_FIELD.search(s.text(node)) or _TEXT_WORDS.isdisjoint(s.name_words(s.text(node))):
        return None
    decl = s.declaration(node)
    holder = s.parent_of(decl) if decl is not None else None
    return node if holder is not None and (holder.type == 'formal_parameters' or holder.type in s.FUNCTION_TYPES) else None


def _rendered(field: Node, name: str) -> bool:
    """Markup the server rendered for this very call: a field named for the method it feeds
    (``$(list).prepend(res.prepend)``, a fragment the server answers with) or an XHR's
    ``responseText`` (the server's page)."""
    if name in _RESPONSE_MARKUP:
        return True
    args = s.parent_of(field)
    call = s.parent_of(args) if args is not None else None
    return call is not None and call.type == 'call_expression' and s.callee_name(call) == name


def _chain_top(call: Node) -> Node:
    """The outermost call of the statement's chain the call is in (``$('#t').append(...).append(...)``)."""
    node = call
    while True:
        parent = s.parent_of(node)
        if parent is None or parent.type not in ('member_expression', 'call_expression', 'arguments'):
            return node
        node = parent
