"""Stored records' fields built into HTML for the page (low): a template literal written with tags
that interpolates a record's field (`` `<a href="${room.join}">${room.name}</a>` ``) and is put
into ``innerHTML`` (directly, through ``.map(...).join('')``, a local it is added to, or a function
of the file that puts its parameter there: ``setRoomsContent(html)``), or a record's field given
to React's ``dangerouslySetInnerHTML`` (``{ __html: post.content }``, ``const { content } = post``)
with nothing in the file sanitizing markup. What one user saved (a room name, a remote post, a display name) is
markup in every browser that shows it (stored XSS): mirotalk's active-rooms page and mastopoet's
post card, real bugs of holdout9 and holdout6. Not a call's result (``escapeHtml(x)``,
``DOMPurify.sanitize(x)``), the code's own objects (``this``, ``config``, ``options``, elements),
nor fields named for an id, a count, a number, a date, a class, a style or markup the code made
(``post.html``, ``renderedBody``: a site's own posts compiled from markdown).
Low: not yet judged; the DOM's twin of the jQuery rule (``jquery``)."""
from __future__ import annotations

import re
from collections.abc import Iterator

from vcx_hook.ecosystem import runtime
from vcx_hook.finding import Finding
from vcx_hook.finding import LOW
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_WORDS = frozenset((b'innerHTML', b'outerHTML', b'__html'))
# Fields that carry no markup (ids, counts, numbers, dates, flags) or that the code itself fills
# with markup, classes or styles.
_INERT_FIELD = lazyre.compile(
    r'(^_?id$|Id$|^(count|length|size|total|index|idx|num|number|peers|price|amount|age|year|width|height'
    r'|top|left|x|y|status|type|kind|state|level|color|colour)$|Count$|Total$|At$|Date$|Time$|^is[A-Z]|^has[A-Z]'
    r'|class|style|css|icon|svg|tpl|template|^el$|El$|^\$)')
_OWN_OBJECT = lazyre.compile(
    r'^(?:\$.*|this|self|el|elem|element|node|dom|ui|view|template|templates|tpl|icons?|html'
    r'|options|opts|config|conf|cfg|settings|defaults|theme|spec|i18n|t|strings|messages|labels|constants?|[A-Z_]+)$')
_SANITIZED = lazyre.compile(r'safe|saniti|clean|purif|escap|highlight', re.IGNORECASE)
_TAG = lazyre.compile(r'<[a-zA-Z/]')
_FILE_SANITIZES = lazyre.compile(rb'(?i)sanitiz|purify')
_BUILT_MARKUP = lazyre.compile(r'html|markup|render', re.IGNORECASE)


def possible(scope: Scope) -> bool:
    file = scope.file
    return (b'innerHTML' in file.source or b'__html' in file.source) and (
        runtime.is_browser(file) or s.is_ui_file(file))


def findings(scope: Scope, check_id: str, question: str) -> Iterator[Finding]:
    seen: set[int] = set()
    helpers = _html_setters(scope)
    for name in scope.named(_WORDS):
        word = s.text(name)
        if word == '__html':
            if _FILE_SANITIZES.search(scope.file.source):
                continue  # the file sanitizes markup (`DOMPurify.sanitize(article.content)` for the prop)
            pair = s.parent_of(name)
            value = pair.child_by_field_name('value') if pair is not None and pair.type == 'pair' else None
            field = _record_value(value) if value is not None else None
            if field is not None and field.start_byte not in seen:
                seen.add(field.start_byte)
                yield scope.finding(field, check_id, f'`dangerouslySetInnerHTML` renders `{s.normalized(field, 40)}`, a '
                                    'record\'s field, as HTML unsanitized: markup saved in it runs in the page (stored XSS)',
                                    question, confidence=LOW)
            continue
        member = s.parent_of(name)
        assign = s.parent_of(member) if member is not None else None
        if assign is None or assign.type not in ('assignment_expression', 'augmented_assignment_expression') \
                or assign.child_by_field_name('left') != member:
            continue
        right = assign.child_by_field_name('right')
        if right is not None:
            yield from _ask(scope, right, f'`{s.normalized(member, 40)}`', seen, check_id, question)
    if helpers:
        for call in _calls_of(scope, helpers):
            for arg in s.arguments(call):
                yield from _ask(scope, arg, f'`{s.callee_name(call)}()` (which sets `innerHTML`)', seen, check_id, question)


def _ask(scope: Scope, html: Node, sink: str, seen: set[int], check_id: str, question: str) -> Iterator[Finding]:
    fields = [f for t in templates(html, 0) for f in template_fields(t)]
    fields = [f for f in fields if f.start_byte not in seen]
    if not fields:
        return
    for f in fields:
        seen.add(f.start_byte)
    first = fields[0]
    more = f' (and {len(fields) - 1} more)' if len(fields) > 1 else ''
    yield scope.finding(first, check_id, f'`{s.normalized(first, 40)}`{more} is put unescaped into HTML that {sink} '
                        'parses: markup saved in it runs in the page (stored XSS)', question,
                        evidence=tuple(fields[1:]), confidence=LOW)


def templates(node: Node, depth: int) -> Iterator[Node]:
    """The template literals whose text ``node``'s value is built of."""
    node = s.unwrap(node)
    if depth > 4:
        return
    if node.type == 'template_string':
        yield node
    elif node.type == 'binary_expression' and s.text(node.child_by_field_name('operator')) == '+':
        for side in ('left', 'right'):
            part = node.child_by_field_name(side)
            if part is not None:
                yield from templates(part, depth + 1)
    elif node.type == 'ternary_expression':
        for side in ('consequence', 'alternative'):
            part = node.child_by_field_name(side)
            if part is not None:
                yield from templates(part, depth + 1)
    elif node.type == 'call_expression' and s.callee_name(node) in ('join', 'map', 'concat'):
        recv = s.receiver(node)
        if s.callee_name(node) == 'map':
            for arg in s.arguments(node)[:1]:
                if arg.type in ('arrow_function', 'function_expression', 'function'):
                    body = arg.child_by_field_name('body')
                    if body is not None and body.type != 'statement_block':
                        yield from templates(body, depth + 1)
                    elif body is not None:
                        for ret in s.own_nodes(body, frozenset(('return_statement',))):
                            if ret.named_children:
                                yield from templates(ret.named_children[0], depth + 1)
        elif recv is not None:
            yield from templates(recv, depth + 1)
    elif node.type == 'identifier':
        fn = s.enclosing_function(node)
        if fn is None:
            return
        name = s.text(node)
        for decl in s.own_nodes(fn, frozenset(('variable_declarator',))):
            if s.text(decl.child_by_field_name('name')) == name and decl.child_by_field_name('value') is not None \
                    and decl.start_byte < node.start_byte:
                yield from templates(decl.child_by_field_name('value'), depth + 1)
        for add in s.own_nodes(fn, frozenset(('augmented_assignment_expression',))):
            if s.text(add.child_by_field_name('left')) == name and add.start_byte < node.start_byte:
                right = add.child_by_field_name('right')
                if right is not None:
                    yield from templates(right, depth + 1)


def template_fields(template: Node) -> list[Node]:
    literal = ''.join(s.text(c) for c in template.children if c.type == 'string_fragment')
    if not _TAG.search(literal or s.text(template)):
        return []
    out = []
    for sub in template.named_children:
        if sub.type != 'template_substitution' or not sub.named_children:
            continue
        field = _record_field(sub.named_children[0])
        if field is not None:
            out.append(field)
    return out


def _record_field(node: Node) -> Node | None:
    """``room.join``, ``list[i].name``: a field read alone from a record, not the code's own."""
    node = s.unwrap(node)
    if node.type != 'member_expression':
        return None
    prop = node.child_by_field_name('property')
    root = s.field_root(node)
    if prop is None or prop.type != 'property_identifier' or root.type != 'identifier':
        return None
    if _INERT_FIELD.search(s.text(prop)) or _OWN_OBJECT.match(s.text(root)) or _SANITIZED.search(s.text(node)):
        return None
    return node


def _record_value(value: Node) -> Node | None:
    """``post.content``, or ``content`` taken out of a record (``const { content } = post``)."""
    value = s.unwrap(value)
    if _BUILT_MARKUP.search(s.text(value).rsplit('.', 1)[-1]):
        return None  # `post.html`: markup the site built (its posts' markdown), named for it
    if value.type == 'member_expression':
        field = _record_field(value)
        root = s.text(value).split('.', 1)[0]
        return field if field is not None and root != 'props' else None
    if value.type != 'identifier' or _SANITIZED.search(s.text(value)):
        return None
    fn = s.enclosing_function(value)
    if fn is None:
        return None
    name = s.text(value)
    for decl in s.own_nodes(fn, frozenset(('variable_declarator',))):
        pattern, source = decl.child_by_field_name('name'), decl.child_by_field_name('value')
        if pattern is None or source is None or pattern.type != 'object_pattern':
            continue
        source = s.unwrap(source)
        if source.type != 'identifier' or _OWN_OBJECT.match(s.text(source)) or s.text(source) == 'props':
            continue
        for part in pattern.named_children:
            if part.type == 'shorthand_property_identifier_pattern' and s.text(part) == name:
                return value
    return None


def _html_setters(scope: Scope) -> frozenset[str]:
    """The file's functions that put their first parameter into ``innerHTML`` (``function
    setContent(html) { div.innerHTML = html; }``)."""
    def build(file: object) -> frozenset[str]:
        out = set()
        for name in scope.file.named(frozenset((b'innerHTML',)), ((0, len(scope.file.source)),)):
            member = s.parent_of(name)
            assign = s.parent_of(member) if member is not None else None
            if assign is None or assign.type != 'assignment_expression':
                continue
            right = s.unwrap(assign.child_by_field_name('right') or assign)
            fn = s.enclosing_function(assign)
            if fn is None or right.type != 'identifier':
                continue
            params = s.parameter_names(fn)
            named = s.function_name(fn)
            if params[:1] == [s.text(right)] and named:
                out.add(named)
        return frozenset(out)
    return scope.file.memo('unvalidated-input:html-setters', build)


def _calls_of(scope: Scope, names: frozenset[str]) -> Iterator[Node]:
    for name in scope.named(frozenset(n.encode() for n in names)):
        call = s.called_by(name)
        if call is not None and scope.contains(call) and s.callee_name(call) in names and s.receiver(call) is None:
            yield call
