"""A mail's sender written in: ``mail.sendMail({ from: 'noreply@peppermint.sh', to: email, subject
})``, ``sender: 'Persona <no-reply@persona.org>'``, ``from: '"Pacome Test" <pacome.test@outlook.com>'``, in server code of a file that imports a mail
package (nodemailer, SendGrid, Resend, Postmark, Mailgun, SES...), or handed to a call named for
sending mail (``emailProvider.sendEmail({ from, to, subject })``, the project's own wrapper). The key ``from`` or ``sender``
of a message (an object that also names its recipient, subject or body: ``to``, ``subject``,
``html``, ``text``...) holds a literal address. A deployment on its own domain or its own mail
server sends as the author's address: its relay refuses the foreign sender (553 relaying
disallowed) or SPF/DMARC fail and the mail lands in spam (peppermint's password reset, persona's
verification mail: two real bugs). Not an address on a placeholder domain (``example.com``,
``.test``, ``localhost``), nor one built from configuration (``from: `${name} <${env.MAIL_FROM}>```).

Low confidence (not listed unless ``show = "low"``): a hosted product's own address is the same in
every deployment."""
from __future__ import annotations

import re
from collections.abc import Iterator

from vcx_hook.checks.hardcoded_config.values import Item
from vcx_hook.ecosystem import services
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

# The word's `\b` is checked behind it: a pattern that starts with `\b` is tried at every byte.
# The value may open with a quoted display name (`'"Pacome Test" <pacome@outlook.com>'`, nodemailer's
# own examples' form: ems-backend's sendEmail mutation, a real bug of holdout26).
_SENDER = lazyre.compile(rb'''(?:from(?<=\bfrom)|sender(?<=\bsender))['"]?\s*:\s*(?:'[^'\n]*@|"[^"\n]*@|`[^`\n]*@)''')
_ADDRESS = lazyre.compile(r'[\w.+-]+@([\w-]+(?:\.[\w-]+)+)')
_PLACEHOLDER = lazyre.compile(r'(?:^|\.)(?:example\.(?:com|org|net)|example|test|invalid|localhost|local)$', re.I)
_MESSAGE_KEYS = frozenset(('to', 'cc', 'bcc', 'subject', 'html', 'text', 'template', 'templateId', 'replyTo',
                           'personalizations', 'attachments'))
_MAIL_SEND = lazyre.compile(r'^[sS]end\w*E?[mM]ails?$')
_MAIL_IMPORT = lazyre.compile(
    rb'''(?:\bfrom|\brequire\()\s*['"](?:''' + '|'.join(map(re.escape, sorted(services.MAIL_PACKAGES))).encode()
    + rb''')['"]''')


def possible(scope: Scope) -> bool:
    return b'@' in scope.text and _SENDER.search(scope.text) is not None and not s.is_ui_file(scope.file)


def sends_mail(file: File) -> bool:
    return _MAIL_IMPORT.search(file.source) is not None


def _handed_to_send(obj: Node) -> bool:
    """The message is handed to a call named for sending mail (``emailProvider.sendEmail({ from, to
    })`` of the project's own wrapper around a provider's API: kelas' magic-link mail, holdout18)."""
    parent = s.parent_of(obj)
    call = s.parent_of(parent) if parent is not None and parent.type == 'arguments' else None
    if call is None or call.type != 'call_expression':
        return False
    name = s.callee_name(call)
    return name in services.MAIL_CALLS or _MAIL_SEND.match(name) is not None


def pairs(scope: Scope) -> Iterator[Item]:
    if not possible(scope):
        return
    source = scope.file.source
    for start, end in scope.ranges:
        for m in _SENDER.finditer(source, start, end):
            pair = s.descendant(scope.root, m.start(), m.start() + 2)
            while pair is not None and pair.type != 'pair':
                pair = s.parent_of(pair) if pair.type in ('property_identifier', 'string', 'string_fragment') else None
            obj = s.parent_of(pair) if pair is not None else None
            value = pair.child_by_field_name('value') if pair is not None else None
            if pair is None or obj is None or obj.type != 'object' or value is None or \
                    _MESSAGE_KEYS.isdisjoint(s.object_keys(obj)):
                continue
            if not scope.file.fact(sends_mail) and not _handed_to_send(obj):
                continue
            text = s.string_like_text(value)
            found = _ADDRESS.search(text) if text is not None else None
            if found is None or _PLACEHOLDER.search(found.group(1)):
                continue
            key = s.text(pair.child_by_field_name('key')).strip('\'"')
            yield Item(pair, f'`{key}: {s.normalized(value, 40)}`', obj, 'sender')
