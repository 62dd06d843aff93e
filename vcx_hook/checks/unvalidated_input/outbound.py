"""Outbound actions that send to a recipient from the request: ``sendEmail(req.body.to, ...)``,
``transporter.sendMail({ to })``, ``sgMail.send``, Resend ``emails.send``, Twilio
``messages.create``; in server code (in a page, a send is a request to the app's own API, which
is asked where it sends: Perplexica's chat hook judged not worth asking, shape:chat-send-not-mail)."""
from __future__ import annotations

from collections.abc import Mapping

from vcx_hook.checks.unvalidated_input.values import object_literal
from vcx_hook.checks.unvalidated_input.values import Sink
from vcx_hook.ecosystem import runtime
from vcx_hook.lang import flow
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node


def sink(
        scope: Scope, call: Node, name: str, recv: str, path: str, first: Node, label: str,
        names: Mapping[str, frozenset[str]],
) -> Sink | None:
    outbound = (
        name in names['outbound_actions']
        or (name == 'send' and (recv in names['mail_clients'] or path.endswith('emails.send')))
        or (name == 'create' and path.endswith('messages.create'))
    )
    if not outbound or runtime.is_browser(scope.file):
        return None  # a page's `sendMessage(q)` posts to its own API, which does the sending
    fl = flow.of(scope.file, call)
    options = object_literal(fl, first)
    exprs: list[tuple[Node, tuple[str, ...]]]
    if options is None:
        exprs = [(first, ())]
    else:
        exprs = [(first, ('<recipient>', key)) for key in names['recipient_keys']]
        exprs += [(first, ('<recipient>', 'email'))] if 'to' not in s.object_keys(options) else []
    return Sink(call, exprs, f'{label} sends to `{{src}}` straight from the request; anyone can make it mail anyone')
