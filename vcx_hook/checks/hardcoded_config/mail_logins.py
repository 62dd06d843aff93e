"""A mail server's login written in: ``nodemailer.createTransport({ service: 'gmail', auth: { user:
'me@gmail.com', pass: 'app password' } })`` in server code. Every deployment sends through the
author's account, which a deployment cannot change without a release, and the password sits in the
repository for everyone who reads it (peer-learning's password-reset mail, holdout27, and
ems-backend's mail mutation, holdout26: real bugs of two repositories, each fixed by reading the
login from the environment). Only a password written as a non-empty literal; not one read from
configuration (``pass: process.env.SMTP_PASS``), nor in browser code.

Low confidence (not listed unless ``show = "low"``): a new shape, not judged yet."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.hardcoded_config import senders
from vcx_hook.checks.hardcoded_config.values import Item
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

# nodemailer's factory of a transport (`createTransport(options)`), and where its options take the login.
_TRANSPORTS = frozenset((b'createTransport',))
_AUTH = 'auth'
_PASSWORDS = frozenset(('pass', 'password'))


def possible(scope: Scope) -> bool:
    return any(scope.holds(w) for w in _TRANSPORTS) and not s.is_ui_file(scope.file) \
        and scope.file.fact(senders.sends_mail)


def pairs(scope: Scope) -> Iterator[Item]:
    if not possible(scope):
        return
    for name in scope.named(_TRANSPORTS):
        call = s.called_by(name)
        args = s.arguments(call) if call is not None else []
        options = s.unwrap(args[0]) if args else None
        if call is None or options is None or options.type != 'object':
            continue
        auth = _value(options, _AUTH)
        if auth is None or auth.type != 'object':
            continue
        for key in _PASSWORDS:
            password = _value(auth, key)
            text = s.string_like_text(password) if password is not None and password.type == 'string' else None
            if password is not None and text:
                yield Item(s.parent_of(password) or password, f'`{_AUTH}.{key}`', call, 'login')


def _value(obj: Node, key: str) -> Node | None:
    for pair in obj.named_children:
        if pair.type == 'pair' and s.text(pair.child_by_field_name('key')).strip('\'"') == key:
            value = pair.child_by_field_name('value')
            return s.unwrap(value) if value is not None else None
    return None
