"""Mail a signed-in caller cannot aim: it goes to people the application already knows (the colleague
a record is assigned to, the caller's own address: ``to: notifyRecipient.email`` after
``prismadb.users.findFirst()``, ``req.user.email``; a message that names no address, only a record's
key, ``sendVerificationEmail({ userId: member.uuid })``, for the mail helper to look the person up), or through the caller's own mail account (a
``nodemailer.createTransport()`` the handler makes with credentials read from the caller's records,
not the operator's configuration).  A loop then spams nobody new and spends no reputation of the
application's mail domain (nextcrm-app: assignment notifications and its built-in mail client,
judged 0 of 4: ``shape:internal-assignment-notification``, ``handled:user-own-smtp-account``).
Mail to a recipient the caller names (``to: input.to``) stays asked: an invoice mailed to any address
from the organization's domain was worth asking."""
from __future__ import annotations

from vcx_hook.ecosystem import callers
from vcx_hook.ecosystem import routes
from vcx_hook.ecosystem import stores
from vcx_hook.lang import flow
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node

# Where a message names its recipient (`sendMail({ to })`), else its first argument (`sendEmail(to, ...)`).
_RECIPIENT_KEYS = ('to', 'recipient', 'recipients', 'email')
# The caller's own account on a request or context: `req.user.email`, `ctx.session.user.email`.
_CALLERS_OWN = frozenset(('user', 'session', 'auth', 'currentUser'))
# Literal leaves: a fixed address or a fallback (`notifyRecipient.email || 'info@example.com'`).
_LITERALS = frozenset(('string', 'template_string', 'null', 'undefined', 'number'))
# A credential of the operator's: read from the environment, the configuration or a constant.
_OPERATORS = lazyre.compile(r'(?i:\benv\b|config|settings|secret)|\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b')
_TRANSPORTS = frozenset(('createTransport', 'createTransporter'))


def known_recipients(file: File, route: routes.Route, calls: list[Node], send: Node) -> bool:
    """A mail (``send``) that only signed-in callers reach (by the route's registration, or a handler
    that reads its caller's session among ``calls``) and that goes to stored people or through the
    caller's own mail account."""
    if not (callers.signed_in(route) or callers.asks_caller(calls)):
        return False
    return _own_account(file, send) or _stored_recipients(file, send)


def _stored_recipients(file: File, send: Node) -> bool:
    args = s.arguments(send)
    first = s.unwrap(args[0]) if args else None
    if first is None:
        return False
    if first.type == 'call_expression' and len(s.arguments(first)) == 1 and s.unwrap(s.arguments(first)[0]).type == 'object':
        first = s.unwrap(s.arguments(first)[0])  # the message validated on its way: `Schema.parse({ userId })`
    if first.type == 'object':
        keys = s.object_keys(first)
        if keys and not any(k in keys for k in _RECIPIENT_KEYS) and all(_record_key(k) for k in keys):
            return True  # `sendVerificationEmail({ userId: member.uuid })`: the helper mails a stored person
        first = next((keys[k] for k in _RECIPIENT_KEYS if k in keys), None)
        if first is None:
            return False
    kinds = {_kind(o) for o in flow.of(file, send).origins(first)}
    return 'stored' in kinds and kinds <= {'stored', 'fixed'}


# A message that names its recipient by a record's key and no address (`{ userId: member.uuid }`):
# the mail helper looks the person up (espace-membre's new-member validation, round 20, judged not
# worth asking: ``handled:auth-and-one-shot``). Its last word: `id`, `ids`, or a unique id's (`memberUuid`, `guid`).
_KEY_WORDS = frozenset(('id', 'ids'))
_KEY_ENDS = ('uid', 'uids')


def _record_key(key: str) -> bool:
    words = s.name_words(key)
    return bool(words) and (words[-1] in _KEY_WORDS or words[-1].endswith(_KEY_ENDS))


def _kind(o: flow.Origin) -> str:
    """'stored' (a record read here, the caller's session), 'fixed' (a literal, the environment) or
    'other' (the request, a name this function does not bind)."""
    node = o.node
    if o.binding is not None:  # a parameter: the request, unless its signed-in user is read
        steps = (*o.binding.path, *o.path)
        return 'stored' if steps and steps[0] in _CALLERS_OWN else 'other'
    if node.type in _LITERALS:
        return 'fixed'
    if node.type == 'identifier':
        return 'fixed' if s.text(node) == 'process' and o.path[:1] == ('env',) else 'other'
    if node.type == 'call_expression':
        name = s.callee_name(node)
        if name in stores.RECORD_SOURCES or callers.asks_caller([node]):
            return 'stored'
    return 'other'


def _own_account(file: File, send: Node) -> bool:
    """The mail goes through a transport the handler makes with a password read from its records
    (``auth: { user: account.username, pass: decrypt(account.passwordEncrypted) }``): the caller's own
    mailbox, whose provider limits it."""
    recv = s.receiver(send)
    if recv is None:
        return False
    fl = flow.of(file, send)
    for o in fl.origins(recv):
        if o.node.type != 'call_expression' or s.callee_name(o.node) not in _TRANSPORTS:
            continue
        args = s.arguments(o.node)
        options = s.unwrap(args[0]) if args else None
        auth = s.object_keys(options).get('auth') if options is not None else None
        secret = s.object_keys(s.unwrap(auth)).get('pass') if auth is not None else None
        if secret is None:
            return False
        leaves = fl.origins(secret)
        return bool(leaves) and all(  # read or decrypted here, not the environment's or a parameter
            leaf.node.type == 'call_expression' and not _OPERATORS.search(s.normalized(leaf.node, 120)) for leaf in leaves)
    return False
