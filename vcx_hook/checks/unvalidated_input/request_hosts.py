"""A link handed out that starts with the request's own host (low): a template that begins with
``new URL(req.url).origin``, ``req.headers.host``, ``req.get('host')`` or ``req.headers.get('host')``
(through the ``const`` the URL object is kept in), kept in a name for where someone is sent or
called back (``successUrl``, ``cancelUrl``, ``returnUrl``, ``callbackUrl``, ``redirectUrl``, a reset,
verify or invite link). The ``Host`` header is whoever sends the request's to choose (behind most
proxies too): a spoofed one puts another site's origin into the payment gateway's return address
or the mailed link, and the payer or the recipient is sent there with the token in the path (Host
header injection). The app's configured URL (``APP_URL``) is the origin to build them on."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.ecosystem import runtime
from vcx_hook.finding import LOW
from vcx_hook.finding import Finding
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_START = lazyre.compile(rb'`\$\{')
_HANDED_OUT = lazyre.compile(
    r'(?i)(?:success|cancel|return|callback|redirect|reset|verif|confirm|invit|activat)\w*(?:ur[li]|link|href)$')
_REQUEST = lazyre.compile(r'^(?:req|request|ctx\.request|c\.req)$')
_REQUEST_URL = lazyre.compile(r'^(?:req|request|ctx\.request|c\.req)\.(?:url|raw\.url)$')
_HOST_READS = lazyre.compile(
    r'''^(?:req|request|ctx\.request|ctx|c\.req)\.(?:headers\.host|headers\[['"]host['"]\]|host|'''
    r'''get\(['"]host['"]\)|header\(['"]host['"]\)|headers\.get\(['"]host['"]\))$''', )


def possible(scope: Scope) -> bool:
    return _START.search(scope.text) is not None and (b'host' in scope.text or b'origin' in scope.text)


def findings(scope: Scope, check_id: str, question: str) -> Iterator[Finding]:
    if not possible(scope) or not runtime.is_server(scope.file):
        return
    for start, end in scope.ranges:
        for m in _START.finditer(scope.file.source, start, end):
            template = s.descendant(scope.file.tree.root, m.start(), m.start() + 1)
            while template is not None and template.type != 'template_string':
                template = s.parent_of(template)
            if template is None or template.start_byte != m.start():
                continue
            subs = [c for c in template.named_children if c.type == 'template_substitution']
            if not subs or subs[0].start_byte != template.start_byte + 1 or not subs[0].named_children:
                continue
            head = s.unwrap(subs[0].named_children[0])
            if not _request_host(head):
                continue
            name = _kept_as(template)
            if name is None or not _HANDED_OUT.search(name):
                continue
            yield scope.finding(
                template, check_id, f'`{name}` starts with the request\'s own host (`{s.normalized(head, 40)}`), which '
                'whoever sends the request chooses: a spoofed `Host` sends the user to another site with what the '
                'link carries; build it on the configured app URL', question, confidence=LOW)


def _request_host(node: Node) -> bool:
    """``req.headers.host``, ``req.get('host')``, or ``.origin``/``.host`` of ``new URL(req.url)``."""
    text = s.normalized(node, 120).replace(' ', '')
    if _HOST_READS.match(text):
        return True
    if node.type != 'member_expression' or s.text(node.child_by_field_name('property')) not in ('origin', 'host'):
        return False
    obj = s.unwrap(node.child_by_field_name('object'))
    if obj.type == 'identifier':
        value = s.initializer(obj)
        obj = s.unwrap(value) if value is not None else obj
    if obj.type != 'new_expression' or s.text(obj.child_by_field_name('constructor')) != 'URL':
        return False
    args = s.arguments(obj)
    return bool(args) and _REQUEST_URL.match(s.normalized(args[0], 60).replace(' ', '')) is not None


def _kept_as(template: Node) -> str | None:
    """The name a value is declared, assigned or put under as a property."""
    name = s.kept_under(template)
    if name is not None and name.type == 'member_expression':
        name = name.child_by_field_name('property')
    return s.text(name).strip('\'"') if name is not None else None
