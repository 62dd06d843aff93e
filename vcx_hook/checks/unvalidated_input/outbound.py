"""Outbound actions that send to a recipient from the request: ``sendEmail(req.body.to, ...)``,
``transporter.sendMail({ to })``, ``sgMail.send``, Resend ``emails.send``, Twilio
``messages.create``; in server code (in a page, a send is a request to the app's own API, which
is asked where it sends: Perplexica's chat hook judged not worth asking, shape:chat-send-not-mail).
A slot whose value falls back to words when the request leaves it out (``email: email || '(No
email address provided)'``) is text for the reader of the message, not where it goes
(hmpps-welcome-people-into-prison-ui's feedback form, judged not worth asking:
shape:email-is-personalisation-not-recipient). A whole part of the request handed to a send
(``ctx.loop.sendNotification(req.body, ...)``) is a payload whose recipient the call may take from
elsewhere (cgm-remote-monitor's push to the stored profile's device, judged not worth asking:
shape:recipient-from-profile-not-request): low confidence; a field of it (``request.params.email``,
OpenSign's OTP mailer, worth asking) is listed. The first argument of the project's own send (not a
mail or SMS client's: ``notificationsService.sendNotification(req.body.job_id, template)``) is its
recipient only by convention: a request field given there is listed when its name says it is an
address, a number or a person (``req.body.phone``, ``userId``), and low otherwise: mentoring's job id,
round 19, picks a session whose attendees the service mails (judged not worth asking,
``handled:internal-token-recipients-from-db``). Not a ``messages.create`` of an AI API's client (by
its binding: ``new Anthropic()`` of ``@anthropic-ai/sdk``): a message to a model, no recipient."""
from __future__ import annotations

from collections.abc import Mapping

from vcx_hook.checks.unvalidated_input.values import object_literal
from vcx_hook.checks.unvalidated_input.values import Sink
from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import runtime
from vcx_hook.ecosystem import services
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
    if not outbound or runtime.is_browser(scope.file) or _asks_a_model(scope, call):
        return None  # a page's `sendMessage(q)` posts to its own API, which does the sending
    fl = flow.of(scope.file, call)
    options = object_literal(fl, first)
    exprs: list[tuple[Node, tuple[str, ...]]]
    named: frozenset[str] = frozenset()
    if options is None:
        exprs = [(first, ('<recipient>',))]
        library = recv in names['mail_clients'] or recv in services.SMS_CLIENTS or path.endswith(('emails.send', 'messages.create'))
        named = frozenset() if library else services.RECIPIENT_WORDS
    else:
        keys = s.object_keys(options)
        slots = [*names['recipient_keys'], *(('email',) if 'to' not in keys else ())]
        exprs = [(first, ('<recipient>', key)) for key in slots if not _shown_text(keys.get(key))]
    return Sink(call, exprs, f'{label} sends to `{{src}}` straight from the request; anyone can make it mail anyone',
                named=named)


def _asks_a_model(scope: Scope, call: Node) -> bool:
    """The send's receiver is bound to an AI API's client (``anthropic.messages.create()`` of ``new
    Anthropic()`` from ``@anthropic-ai/sdk``, ``openai.beta.threads.messages.create()``): a chat
    message to a model, no recipient (langtrace's Anthropic proxy route, round 32, judged not worth
    asking: ``shape:name-means-something-else``)."""
    fn = call.child_by_field_name('function')
    library = bindings.library(scope.file, fn) if fn is not None and fn.type == 'member_expression' else ''
    return library in services.AI_PACKAGES or library.startswith(services.AI_PACKAGE_SCOPES)


def _shown_text(value: Node | None) -> bool:
    """``x || '(none given)'``: a fallback in words, no address, so the slot is read, not mailed to."""
    value = s.unwrap(value) if value is not None else None
    if value is None or value.type != 'binary_expression':
        return False
    if s.text(value.child_by_field_name('operator')) not in ('||', '??'):
        return False
    fallback = s.string_value(value.child_by_field_name('right'))
    return bool(fallback and fallback.strip()) and '@' not in (fallback or '')
