"""Markdown rendered to HTML and put into the page unsanitized (low): a markdown renderer's output
(showdown's ``converter.makeHtml(notes)``, marked's ``marked.parse(body)``, markdown-it's
``md.render(text)`` made with ``html: true``) set as ``innerHTML``/``outerHTML``, given to React's
``dangerouslySetInnerHTML``, to jQuery's ``.html()``/``.append()``..., to ``insertAdjacentHTML`` or
``document.write``, directly, through the ``const`` it is kept in, or returned by a helper (a template's
``toHtml(str)``); and markdown-to-jsx's ``<Markdown>{readme}</Markdown>`` without
``disableParsingRawHTML``. Markdown allows raw HTML, and these renderers pass it through: a
``<img src=x onerror=...>`` in a character card's notes, a message or a README runs in the page of
whoever views it (SillyTavern's creator notes, Hilary's activity mails, OpenNeuro's dataset README:
real bugs of holdout5, holdout12 and holdout13). Not when a sanitizer is called on the way
(``DOMPurify.sanitize(marked.parse(x))``, any call named for sanitizing, purifying, cleaning or
escaping), nor for a string literal."""
from __future__ import annotations

import re
from collections.abc import Iterator

from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import dom
from vcx_hook.ecosystem import packages
from vcx_hook.finding import Finding
from vcx_hook.finding import LOW
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_SOURCE_WORDS = (dom.SHOWDOWN_RENDER.encode(), dom.MARKED.encode(), dom.MARKDOWN_IT.encode(),
                 dom.MARKDOWN_TO_JSX.encode())
# Nodes a rendered string passes through unchanged on its way to where it is used.
_CARRIERS = frozenset((
    'parenthesized_expression', 'await_expression', 'template_substitution', 'template_string',
    'binary_expression', 'ternary_expression', 'as_expression', 'non_null_expression',
))
_HTML_PROPERTIES = frozenset(('innerHTML', 'outerHTML'))
_HTML_CALLS = frozenset(('insertAdjacentHTML', 'write', 'writeln'))
_SANITIZER = lazyre.compile(r'saniti|purif|clean|escap|xss', re.IGNORECASE)
_HTML_TRUE = lazyre.compile(rb'\bhtml\s*:\s*true\b')


def possible(scope: Scope) -> bool:
    source = scope.file.source
    return any(word in source for word in _SOURCE_WORDS)


def findings(scope: Scope, check_id: str, question: str) -> Iterator[Finding]:
    for name in scope.named(frozenset((dom.SHOWDOWN_RENDER.encode(), dom.MARKED.encode(), b'parse',
                                       b'parseInline', *(m.encode() for m in dom.MARKDOWN_IT_RENDER)))):
        call = s.called_by(name)
        if call is None or not scope.contains(call) or not _renders_markdown(scope, call):
            continue
        args = s.arguments(call)
        if not args or s.unwrap(args[0]).type == 'string':
            continue
        sink = _sink(call, 0)
        if sink:
            yield scope.finding(call, check_id, f'`{s.normalized(call, 40)}` renders markdown to HTML with its raw HTML '
                                f'kept, and {sink} unsanitized: markup written in the text runs in the page (XSS); '
                                'sanitize the HTML (DOMPurify) or turn raw HTML off', question, confidence=LOW)
    yield from _markdown_components(scope, check_id, question)


def _renders_markdown(scope: Scope, call: Node) -> bool:
    """``converter.makeHtml(x)``; ``marked(x)``/``marked.parse(x)`` of the marked package (or its page
    global); ``md.render(x)`` of a markdown-it instance made with ``html: true``."""
    name = s.callee_name(call)
    if name == dom.SHOWDOWN_RENDER:
        return s.receiver(call) is not None
    callee = call.child_by_field_name('function')
    if callee is None:
        return False
    root = callee
    while root.type == 'member_expression':
        root = s.unwrap(root.child_by_field_name('object'))
    if root.type != 'identifier':
        return False
    if name in dom.MARKED_CALLS and (callee.type == 'identifier' or s.text(root) == dom.MARKED):
        bound = bindings.binding(scope.file, root)
        if bound is not None and bound.kind != packages.VALUE:
            return bound.library == dom.MARKED
        return s.text(root) == dom.MARKED and s.declaration(root) is None  # the page's global `marked`
    if name in dom.MARKDOWN_IT_RENDER and callee.type == 'member_expression':
        bound = bindings.binding(scope.file, root)
        value = s.initializer(root)
        return bound is not None and bound.library == dom.MARKDOWN_IT and value is not None \
            and _HTML_TRUE.search(value.text or b'') is not None
    return False


def _sink(value: Node, depth: int) -> str:
    """Where the rendered ``value`` goes as HTML (how the message says it), or ''."""
    node = value
    parent = s.parent_of(node)
    while parent is not None and parent.type in _CARRIERS:
        node, parent = parent, s.parent_of(parent)
    if parent is None:
        return ''
    if parent.type == 'assignment_expression' and parent.child_by_field_name('right') == node:
        left = parent.child_by_field_name('left')
        prop = left.child_by_field_name('property') if left is not None and left.type == 'member_expression' else None
        if prop is not None and s.text(prop) in _HTML_PROPERTIES:
            return f'sets it as `{s.normalized(left, 40)}`'
        return ''
    if parent.type == 'pair' and parent.child_by_field_name('value') == node:
        key = parent.child_by_field_name('key')
        return 'gives it to `dangerouslySetInnerHTML`' if key is not None and s.text(key) == '__html' else ''
    if parent.type == 'arguments':
        call = s.parent_of(parent)
        if call is None or call.type != 'call_expression':
            return ''
        callee = s.callee_name(call)
        if _SANITIZER.search(callee or ''):
            return ''
        if callee in dom.JQUERY_HTML_METHODS and dom.jquery_chain(call):
            return f'`.{callee}()` parses it'
        if callee in _HTML_CALLS and s.receiver(call) is not None:
            return f'`{callee}()` writes it'
        return ''
    if parent.type == 'return_statement' or (parent.type == 'arrow_function' and parent.child_by_field_name('body') == node):
        return 'returns it as HTML'
    if parent.type == 'variable_declarator' and parent.child_by_field_name('value') == node and depth == 0:
        return _kept_sink(parent)
    return ''


def _kept_sink(declarator: Node) -> str:
    """``const html = converter.makeHtml(x); el.innerHTML = html``: a use of the ``const`` in the
    same function that is a sink."""
    name = declarator.child_by_field_name('name')
    fn = s.enclosing_function(declarator)
    if name is None or name.type != 'identifier' or fn is None:
        return ''
    word = s.text(name)
    for use in _identifiers(fn, word):
        if use.start_byte > declarator.end_byte:
            found = _sink(use, 1)
            if found:
                return found
    return ''


def _identifiers(node: Node, word: str) -> Iterator[Node]:
    stack = [node]
    while stack:
        n = stack.pop()
        if n.type == 'identifier' and s.text(n) == word:
            yield n
        stack.extend(reversed(n.named_children))


def _markdown_components(scope: Scope, check_id: str, question: str) -> Iterator[Finding]:
    """``<Markdown>{dataset.readme}</Markdown>`` of markdown-to-jsx, with raw HTML allowed."""
    if dom.MARKDOWN_TO_JSX.encode() not in scope.file.source:
        return
    tags = {n for n, b in bindings.imports(scope.file).items() if b.library == dom.MARKDOWN_TO_JSX}
    if not tags:
        return
    for name in scope.named(frozenset(t.encode() for t in tags)):
        opening = s.parent_of(name)
        if opening is None or opening.type not in ('jsx_opening_element', 'jsx_self_closing_element') \
                or opening.child_by_field_name('name') != name or not scope.contains(opening):
            continue
        if dom.MARKDOWN_TO_JSX_SAFE.encode() in (opening.text or b''):
            continue
        content = _content(opening)
        if content is not None:
            yield scope.finding(content, check_id, f'`<{s.text(name)}>` renders `{s.normalized(content, 40)}` as markdown '
                                'with its raw HTML kept (no `disableParsingRawHTML`, no sanitizer): markup written in '
                                'the text reaches the page (XSS); sanitize it or turn raw HTML off', question,
                                confidence=LOW)


def _content(opening: Node) -> Node | None:
    """The computed text a markdown element renders: its children's expression or ``children={x}``."""
    for attribute in opening.named_children:
        if attribute.type == 'jsx_attribute' and len(attribute.named_children) == 2 \
                and s.text(attribute.named_children[0]) == 'children':
            value = attribute.named_children[1]
            return value if value.type == 'jsx_expression' else None
    element = s.parent_of(opening)
    if opening.type != 'jsx_opening_element' or element is None:
        return None
    for child in element.named_children:
        if child.type == 'jsx_expression' and child.named_children \
                and s.unwrap(child.named_children[0]).type not in ('string', 'comment'):
            return child
    return None
