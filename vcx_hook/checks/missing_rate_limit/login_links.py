"""A sign-in link or code mailed (or texted) where no route is in sight: a function named for one
(``sendMagicLink``, ``loginMagicLink``, ``sendLoginCode``, ``emailOtp``) whose body sends the mail, in
a service a GraphQL resolver or a routes file elsewhere calls. Whatever calls it, each call mails
whoever the caller names: a script floods any inbox and spends the mail domain's reputation, and a
short code is guessed by asking for it again (klicker's ``sendMagicLink`` mutation, cobudget's
``loginMagicLink``: real bugs of holdout16 and 18).

Low: a limiter may stand where the caller is mounted. Not a route's or procedure's own handler (the
route's question asks it), a function that names a limiter, nor a file an app-wide limiter covers."""
from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Mapping

from vcx_hook.checks.missing_rate_limit import password_checks
from vcx_hook.ecosystem import app_limiters
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.source import is_ui_file
from vcx_hook.lang.syntax import Node

Names = Mapping[str, frozenset[str]]
_MAIL_NAME = lazyre.compile(r'^[sS]end\w*E?[mM]ails?$')
_SIGN_IN = frozenset(('login', 'signin', 'logon'))
_SECRETS = frozenset(('link', 'code', 'token', 'otp'))


def possible(file: File) -> bool:
    return app_limiters.may_mail_sign_in(file.lower_word_text)


def sign_in_mail(name: str) -> bool:
    """A function's name says it sends a sign-in link or code: ``sendMagicLink``, ``loginMagicLink``,
    ``sendLoginCode``, ``emailOtp``, ``sendSignInLink``; not ``verifyOtp`` nor ``loginUser``."""
    words = [w.lower() for w in s.name_words(name.rsplit('.', 1)[-1])]
    joined = [a + b for a, b in zip(words, words[1:])]
    if 'verify' in words or 'check' in words or 'validate' in words:
        return False
    if 'magic' in words and 'link' in words or 'passwordless' in words or 'otp' in words:
        return True
    return not _SIGN_IN.isdisjoint((*words, *joined)) and not _SECRETS.isdisjoint(words)


def checks(scope: Scope, names: Names) -> Iterator[tuple[Node, Node]]:
    """(send, function) for each mail a function named for a sign-in link or code sends, when the
    function is no route's or procedure's handler and names no limiter."""
    file = scope.file
    if is_ui_file(file) or not possible(file):
        return
    run_per_request = password_checks.handlers(file)
    seen: set[int] = set()
    for call in file.named(_sends(file, names), scope.ranges, types=frozenset(('identifier', 'property_identifier'))):
        send = s.parent_of(call)
        while send is not None and send.type == 'member_expression':
            send = s.parent_of(send)
        if send is None or send.type != 'call_expression' or not _mails(send, names):
            continue
        fn = s.enclosing_function(send)
        name = s.function_name(fn) if fn is not None else None
        if fn is None or name is None or fn.start_byte in seen or not sign_in_mail(name):
            continue
        if password_checks.handled(fn, run_per_request) or password_checks.limits(file, fn):
            continue
        seen.add(fn.start_byte)
        yield send, fn


def _sends(file: File, names: Names) -> frozenset[bytes]:
    wanted = {n.encode() for n in names['mail_calls'] | names['sms_calls']} | {b'send', b'create'}
    wanted |= {w for w in file.words if _MAIL_NAME.match(w.decode('utf-8', 'replace'))}
    return frozenset(wanted)


def _mails(call: Node, names: Names) -> bool:
    """A mail, or a text message: the code goes by SMS as well (``sendSms``, ``twilio.messages.create``,
    Twilio Verify's ``client.verify.v2.services(sid).verifications.create({ to, channel: 'sms' })``:
    manifold's phone code, a real bug of holdout19)."""
    name = s.callee_name(call)
    if name in names['mail_calls'] or _MAIL_NAME.match(name) or name in names['sms_calls']:
        return True
    parts = s.callee_path(call).replace('()', '').split('.')
    if name == 'create':
        return parts[-2:-1] == ['verifications'] or parts[-2:-1] == ['messages'] and any(
            p in names['sms_clients'] for p in parts[:-2])
    return name == 'send' and any(p in names['mail_clients'] or p in names['sms_clients'] for p in parts[:-1])
