"""A mail's HTML built with a caller's value unescaped (low): an object with the fields of a mail
(``to``, ``subject``, ``from``, ``cc``) whose ``html`` is a template literal written with tags and a
substitution read from the function's parameters (``html: `<p>${params.message}</p>` ``), directly,
through a string's own methods (``params.message.replace(/\\n/g, '<br/>')`` escapes nothing), or
through a local of the function built the same way (``const shot = `<img src="${params.url}">` ``).
A feedback form's or an invitation's text is then markup in the recipient's mail: links, images,
forms that look like the sender's (HTML injection into staff or customer mail). Not a literal, a
number, a call's result (``escapeHtml(x)``, ``sanitize(x)``), a ``replace`` of ``<``, ``&`` or a
quote, nor a field named for an id, a count or a status."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.unvalidated_input.placeholders import from_parameters
from vcx_hook.checks.unvalidated_input.placeholders import leaves
from vcx_hook.finding import LOW
from vcx_hook.finding import Finding
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_HTML_KEY = lazyre.compile(rb'(?<![\w$.])html\s*:\s*`')
_MAIL_KEYS = frozenset(('to', 'subject', 'from', 'cc', 'bcc'))
_TAG = lazyre.compile(r'<(?:[a-z][\w-]*|/[a-z][\w-]*)[\s>/]')
_STRING_METHODS = frozenset(('replace', 'replaceAll', 'trim', 'toString', 'substring', 'slice'))
# A replace that escapes: its pattern holds a character HTML needs escaped.
_ESCAPING = lazyre.compile(r'[<>&"\']')


def possible(scope: Scope) -> bool:
    return scope.holds(b'html') and _HTML_KEY.search(scope.text) is not None


def findings(scope: Scope, check_id: str, question: str) -> Iterator[Finding]:
    if not possible(scope):
        return
    source = scope.file.source
    for start, end in scope.ranges:
        for m in _HTML_KEY.finditer(source, start, end):
            key = s.descendant(scope.file.tree.root, m.start(), m.start() + 4)
            pair = s.parent_of(key) if key is not None else None
            mail = s.parent_of(pair) if pair is not None and pair.type == 'pair' else None
            value = pair.child_by_field_name('value') if pair is not None else None
            if mail is None or value is None or mail.type != 'object' or _MAIL_KEYS.isdisjoint(s.object_keys(mail)):
                continue
            fn = s.enclosing_function(mail)
            leaf = _unescaped(value, fn, 2) if fn is not None else None
            if leaf is not None:
                yield scope.finding(
                    leaf, check_id, f'`{s.normalized(leaf, 40)}` goes into the mail\'s HTML unescaped: a `<` or a '
                    'quote in it is markup in the recipient\'s mail (links, images, forms); escape it for HTML',
                    question, confidence=LOW)


def _unescaped(value: Node, fn: Node, hops: int) -> Node | None:
    """The first part of an HTML template the function's caller chooses, unescaped."""
    value = s.unwrap(value)
    if value.type != 'template_string' or not _TAG.search(s.text(value)):
        return None
    for sub in value.named_children:
        if sub.type != 'template_substitution' or not sub.named_children:
            continue
        for part in leaves(_through_string_methods(sub.named_children[0])):
            if from_parameters(part, fn):
                return part
            if part.type == 'identifier' and hops > 0 and s.declaration(part) is not None:
                init = s.initializer(part)
                if init is not None and s.enclosing_function(init) == fn:
                    for branch in leaves(init):
                        found = _unescaped(branch, fn, hops - 1) if s.unwrap(branch).type == 'template_string' else None
                        if found is not None:
                            return found
                    init = s.unwrap(init)
                    if init.type == 'ternary_expression':
                        for field in ('consequence', 'alternative'):
                            branch = init.child_by_field_name(field)
                            found = _unescaped(branch, fn, hops - 1) if branch is not None else None
                            if found is not None:
                                return found
    return None


def _through_string_methods(node: Node) -> Node:
    """``x.replace(/\\n/g, '<br/>').trim()`` -> ``x``: a string's own methods escape nothing, unless a
    replace's pattern is a character HTML needs escaped."""
    node = s.unwrap(node)
    while node.type == 'call_expression' and s.callee_name(node) in _STRING_METHODS:
        args = s.arguments(node)
        if s.callee_name(node) in ('replace', 'replaceAll') and args and _ESCAPING.search(s.text(args[0])):
            return node
        inner = s.receiver(node)
        if inner is None:
            return node
        node = s.unwrap(inner)
    return node
