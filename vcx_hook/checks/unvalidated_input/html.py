"""HTML sinks: ``innerHTML``/``outerHTML``, ``insertAdjacentHTML``, ``document.write``,
``dangerouslySetInnerHTML``, and HTML strings sent with ``res.send/end/write`` or ``ctx.body``.
Each needs a victim's browser to send the value, so headers and cookies do not count."""
from __future__ import annotations

from vcx_hook.checks.unvalidated_input.values import FlowOnDemand
from vcx_hook.checks.unvalidated_input.values import is_html
from vcx_hook.checks.unvalidated_input.values import Sink
from vcx_hook.checks.unvalidated_input.values import short
from vcx_hook.lang import flow
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node


def insert_adjacent(call: Node, html: Node, label: str) -> Sink:
    return Sink(call, [(html, ())], f'{label} inserts `{{src}}` as HTML unsanitized', True)


def document_write(call: Node, first: Node, label: str) -> Sink:
    return Sink(call, [(first, ())], f'{label} writes `{{src}}` into the page as HTML', True)


def response(scope: Scope, call: Node, first: Node, label: str) -> Sink | None:
    """``res.send(`<p>${q}</p>`)``: a response built as HTML text (plain text is no question)."""
    if is_html(FlowOnDemand(scope.file, call), first):
        return Sink(call, [(first, ())], f'{label} returns HTML built from `{{src}}` without escaping', True)
    return None


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
