"""A template's placeholder filled with a value no one escaped: ``html.replace(/{{name}}/g, value)``,
``content.replace(/{{TO}}/g, req.query.to)``, ``message.replace(/{url}/ig, location.href)``.
Filling a placeholder is string work: nothing escapes the value for the markup around it, so a
``<`` or a quote in it is markup in the page or the mail (code-server's login and error pages,
padloc's mail templates, PoWFaucet's share box: real bugs of holdout8 and holdout9, each fixed by
escaping or sanitizing the value).

Asked when the value is the request's (``req.query.to``, the page's ``location.href``,
``search`` or ``hash``), directly or through a local, in any template; or, in a template that is
HTML (named for it, ``html``, ``preHtml``; read from a ``.html`` file or written with tags; the
function's result put into ``innerHTML``, ``dangerouslySetInnerHTML``, an ``html:`` field or
``res.send()`` in this file; or a value written with tags), when it is read from the function's
parameters (``err.message``, each entry of ``message.data``). Not a literal, a number, the result
of a call (``escapeHtml(x)``, ``sanitize(x)``, ``format(x)``), a header or a cookie (a victim's
browser sets them), nor a field named for an id, a count or a status.

Low confidence (not listed unless ``show = "low"``): not judged on held-out code."""
from __future__ import annotations

import re
from collections.abc import Iterator

from vcx_hook.checks.unvalidated_input.hand_quoted import root_of
from vcx_hook.ecosystem import requests
from vcx_hook.finding import LOW
from vcx_hook.finding import Finding
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_REPLACE = lazyre.compile(rb'\.replace(?:All)?\(\s*(?:new\s+RegExp\(\s*)?[/\'"`]\\?\{')
_PLACEHOLDER = lazyre.compile(r'\\?\{\\?\{(?:[^{}]|\$\{[^{}]*\})*\\?\}\\?\}|\\?\{\w+\\?\}')
_HTML_TEXT = lazyre.compile(r'\.html?\b[\'"`]|<(?:[a-z][\w-]*|/[a-z][\w-]*)[\s>/]')
_HTML_NAME = lazyre.compile(r'(?i)html|markup')
_HTML_USE = r'(?:__html|innerHTML|outerHTML|\bhtml)\s*[:=]\s*[^;\n]{0,80}?\b%s\(|\.send\([^;\n]{0,80}?\b%s\('
_PAGE_PARTS = frozenset(('href', 'search', 'hash'))
_PASS = frozenset(('String', 'toString', 'trim', 'toLowerCase', 'toUpperCase'))
_NARROW_FIELD = lazyre.compile(r'(?i)(?:^|_)(?:id|ids|count|total|length|size|index|status|code|port|year)$|[a-z](?:Id|Count)$')


def possible(scope: Scope) -> bool:
    return _REPLACE.search(scope.text) is not None


def findings(scope: Scope, check_id: str, question: str) -> Iterator[Finding]:
    if not possible(scope):
        return
    source = scope.file.source
    for start, end in scope.ranges:
        for m in _REPLACE.finditer(source, start, end):
            name = s.descendant(scope.file.tree.root, m.start() + 1, m.start() + 8)
            call = s.called_by(name) if name is not None else None
            if call is None or s.callee_name(call) not in ('replace', 'replaceAll'):
                continue
            args = s.arguments(call)
            placeholder = _PLACEHOLDER.search(s.text(args[0])) if len(args) == 2 else None
            if placeholder is None:
                continue
            found = _unescaped(scope, call, args[1])
            if found is not None:
                leaf, html = found
                where = 'an HTML template' if html else 'a template'
                yield scope.finding(
                    leaf, check_id, f'`{s.normalized(leaf, 40)}` fills the `{placeholder.group(0)}` placeholder of '
                    f'{where} unescaped: a `<` or a quote in it is markup in what the template renders (XSS); '
                    'escape it for HTML first', question, confidence=LOW)


def _unescaped(scope: Scope, call: Node, value: Node) -> tuple[Node, bool] | None:
    """The value's part that a client or the function's caller chooses, and whether the template is
    known to be HTML."""
    parts = list(leaves(value))
    for leaf in parts:
        if _client_value(leaf):
            return leaf, _html_template(scope, call)
    fn = s.enclosing_function(call)
    if fn is None or not (_HTML_TEXT.search(s.text(value)) or _html_template(scope, call)):
        return None
    for leaf in parts:
        if from_parameters(leaf, fn):
            return leaf, True
    return None


def leaves(node: Node) -> Iterator[Node]:
    """The values a replacement is made of: both sides of ``||``, ``??`` and ``+``, what ``&&``
    yields, a ternary's branches, a template's substitutions; a call is a new value unless it only
    converts (``String(x)``, ``x.trim()``)."""
    node = s.unwrap(node)
    if node.type == 'binary_expression':
        op = node.child_by_field_name('operator')
        left, right = node.child_by_field_name('left'), node.child_by_field_name('right')
        if op is not None and left is not None and right is not None:
            if s.text(op) in ('||', '??', '+'):
                yield from leaves(left)
            if s.text(op) in ('||', '??', '+', '&&'):
                yield from leaves(right)
    elif node.type == 'ternary_expression':
        for field in ('consequence', 'alternative'):
            part = node.child_by_field_name(field)
            if part is not None:
                yield from leaves(part)
    elif node.type == 'template_string':
        for sub in node.named_children:
            if sub.type == 'template_substitution' and sub.named_children:
                yield from leaves(sub.named_children[0])
    elif node.type == 'call_expression' and s.callee_name(node) in _PASS:
        inner = s.receiver(node) if s.callee_name(node) != 'String' else next(iter(s.arguments(node)), None)
        if inner is not None:
            yield from leaves(inner)
    elif node.type in ('identifier', 'member_expression', 'subscript_expression'):
        yield node


def _client_value(leaf: Node, hops: int = 1) -> bool:
    """A request field (not a header or cookie: a victim's browser sets those) or the page's URL."""
    parts = s.path_segments(leaf)
    if len(parts) >= 3 and parts[0] in requests.REQUEST_OBJECTS | requests.CONTEXT_OBJECTS \
            and parts[1] in requests.REQUEST_FIELDS - requests.BROWSER_SET:
        return True
    if len(parts) >= 2 and parts[-2] == 'location' and parts[-1] in _PAGE_PARTS:
        return True
    if leaf.type == 'identifier' and hops > 0:
        init = s.initializer(leaf)
        return init is not None and any(_client_value(p, hops - 1) for p in leaves(init))
    return False


def from_parameters(leaf: Node, fn: Node) -> bool:
    """Read from a parameter of ``fn``, or from a loop over one (``for (const [k, v] of
    Object.entries(message.data))``); not a field named for an id, a count or a status."""
    parts = s.path_segments(leaf)
    if parts and _NARROW_FIELD.search(parts[-1]) or len(parts) >= 2 and parts[1] in requests.BROWSER_SET:
        return False
    root = root_of(leaf)
    if root is None:
        return False
    name = s.text(root)
    params = set(s.parameter_names(fn)) - {''}
    if name in params:
        return True
    for loop in s.ancestors(leaf):
        if loop is fn:
            break
        left, right = loop.child_by_field_name('left'), loop.child_by_field_name('right')
        if loop.type == 'for_in_statement' and left is not None and right is not None and \
                re.search(rf'\b{re.escape(name)}\b', s.text(left)):
            return any(s.text(i) in params for i in s.identifiers(right, into_functions=False))
    return False


def _html_template(scope: Scope, call: Node) -> bool:
    base = call
    while base.type == 'call_expression' and s.callee_name(base) in ('replace', 'replaceAll'):
        inner = s.receiver(base)
        if inner is None:
            break
        base = s.unwrap(inner)
    parts = s.path_segments(base)
    if parts and _HTML_NAME.search(parts[-1]) or _html_text(base, 2):
        return True
    return _rendered_as_html(scope, call)


def _html_text(node: Node, hops: int) -> bool:
    """Text read from a ``.html`` file or written with tags, here or in the locals it is made of."""
    if _HTML_TEXT.search(s.text(node)):
        return True
    return hops > 0 and any(
        (init := s.initializer(i)) is not None and _html_text(init, hops - 1) for i in s.identifiers(node, into_functions=False))


def _rendered_as_html(scope: Scope, call: Node) -> bool:
    """The chain's text, or the function's result, put into the page or a response as HTML."""
    top = call
    while (up := s.parent_of(top)) is not None and up.type in ('call_expression', 'member_expression', 'arguments',
                                                               'parenthesized_expression', 'await_expression'):
        top = up
        if up.type == 'arguments' and (caller := s.parent_of(up)) is not None and s.callee_name(caller) == 'send':
            return True
    fn = s.enclosing_function(call)
    name = s.function_name(fn) if fn is not None else None
    if not name:
        return False
    short = re.escape(name.rsplit('.', 1)[-1]).encode()
    return re.search((_HTML_USE % (short.decode(), short.decode())).encode(), scope.file.source) is not None
