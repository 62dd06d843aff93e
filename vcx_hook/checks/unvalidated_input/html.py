"""HTML sinks: ``innerHTML``/``outerHTML``, ``insertAdjacentHTML``, ``document.write``,
``dangerouslySetInnerHTML``, and HTML strings sent with ``res.send/end/write`` or ``ctx.body``.
Each needs a victim's browser to send the value, so headers and cookies do not count."""
from __future__ import annotations

from vcx_hook.checks.unvalidated_input.values import FlowOnDemand
from vcx_hook.checks.unvalidated_input.values import is_html
from vcx_hook.checks.unvalidated_input.values import literal_text
from vcx_hook.checks.unvalidated_input.values import Sink
from vcx_hook.checks.unvalidated_input.values import short
from vcx_hook.ecosystem import importers
from vcx_hook.ecosystem import packages
from vcx_hook.finding import LOW
from vcx_hook.lang import flow
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node


def insert_adjacent(call: Node, html: Node, label: str) -> Sink:
    return Sink(call, [(html, ())], f'{label} inserts `{{src}}` as HTML unsanitized', True)


def document_write(call: Node, first: Node, label: str) -> Sink:
    return Sink(call, [(first, ())], f'{label} writes `{{src}}` into the page as HTML', True)


def response(scope: Scope, call: Node, first: Node, label: str) -> Sink | None:
    """``res.send(`<p>${q}</p>`)``: a response built as HTML text; and (low) Express's
    ``res.send('Invalid channel ' + req.params.channel)``, text that Express sends as
    ``text/html`` when nothing set another type (calzoneman/sync's 404, a real bug of holdout10)."""
    fl = FlowOnDemand(scope.file, call)
    if is_html(fl, first):
        return Sink(call, [(first, ())], f'{label} returns HTML built from `{{src}}` without escaping', True)
    if s.callee_name(call) == 'send' and _express_text(scope, call, fl, first):
        return Sink(call, [(first, ())], f'{label} sends text built from `{{src}}`, which Express serves as '
                    '`text/html`: markup in it runs in the page', True, confidence=LOW, fields=_LINK_FIELDS)
    return None


def _express_text(scope: Scope, call: Node, fl: FlowOnDemand, first: Node) -> bool:
    """Text built with a computed part, sent by an Express response in a function that sets no
    content type (``res.type('txt')``, ``res.set('Content-Type', ...)``)."""
    text = literal_text(fl, first)
    if text is None or '${}' not in text or not text.replace('${}', '').strip():
        return False
    if not scope.file.memo('imports-express', lambda f: any(
            packages.package_name(spec) == packages.EXPRESS for _, spec in importers.imports(f.source))):
        return False
    fn = s.enclosing_function(call)
    return fn is not None and _CONTENT_TYPE.search(fn.text or b'') is None


# What a link sets: a crafted URL reflects them into the victim's page (a body needs a form post).
_LINK_FIELDS = frozenset(('params', 'query'))
_CONTENT_TYPE = lazyre.compile(rb'(?i)content-type|\.type\(|\.contentType\(|\.format\(')


def inner_html(assign: Node, right: Node, target: str) -> Sink:
    return Sink(assign, [(right, ())], f'`{short(target)}` is set from `{{src}}` without sanitizing', True)


def context_body(scope: Scope, assign: Node, right: Node) -> Sink | None:
    """``ctx.body = `<p>${q}</p>``` (Koa)."""
    if is_html(flow.of(scope.file, assign), right):
        return Sink(assign, [(right, ())], '`ctx.body` returns HTML built from `{src}` without escaping', True)
    return None


def dangerously_set(pair: Node) -> Sink | None:
    """``dangerouslySetInnerHTML={{ __html: value }}``."""
    value = pair.child_by_field_name('value')
    if value is None:
        return None
    return Sink(pair, [(value, ())], '`dangerouslySetInnerHTML` renders `{src}` as HTML unsanitized', True)
