"""A password checked for a minimum length and no maximum: ``if (password.length < 8) throw ...``
in a server function that never bounds ``password.length`` from above. Whatever length a client
sends is then hashed on every sign-up, login and password change (a long-password denial of
service with a key-stretching hash), and bcrypt silently ignores everything after 72 bytes.
OWASP's authentication cheat sheet: set a maximum (64 characters or more).

Low confidence (not listed unless ``show = "low"``): a new shape, not judged yet."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.ecosystem import runtime
from vcx_hook.finding import LOW
from vcx_hook.finding import Finding
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

# `password.length <` (or `< password.length` read the other way): the cheap first test.
_LENGTH = lazyre.compile(rb'(?i:pass(?:word|phrase)?|pwd)\w*(?:\?)?\.length\b')
_PASSWORD_WORDS = frozenset(('password', 'passphrase', 'pwd', 'pass', 'passwd'))
_BELOW = {'<': 'left', '<=': 'left', '>': 'right', '>=': 'right'}  # which side holds the length for a minimum


def possible(scope: Scope) -> bool:
    file = scope.file  # each match holds the word `length`, and `pass` or `pwd` in a word
    if b'length' not in file.regex_words or b'pass' not in file.lower_word_text and b'pwd' not in file.lower_word_text:
        return False
    return _LENGTH.search(scope.text) is not None


def findings(scope: Scope, check_id: str, question: str) -> Iterator[Finding]:
    if not possible(scope) or runtime.is_browser(scope.file) or s.is_ui_file(scope.file):
        return
    source = scope.file.source
    done: set[int] = set()
    for start, end in scope.ranges:
        for m in _LENGTH.finditer(source, start, end):
            length = s.descendant(scope.root, m.end() - len(b'length'), m.end())
            member = s.parent_of(length) if length is not None else None
            if member is None or member.type != 'member_expression':
                continue
            fn = s.enclosing_function(member)
            if fn is None or fn.start_byte in done or not _password(member.child_by_field_name('object')):
                continue
            minimum = _minimum(member)
            if minimum is None:
                continue
            done.add(fn.start_byte)
            if not _bounded_above(fn, s.text(member)):
                yield scope.finding(
                    minimum, check_id, f'`{s.normalized(minimum, 40)}` sets a minimum length but nothing a maximum: '
                    'any length a client sends is hashed on every sign-up and login (bcrypt ignores all after 72 '
                    'bytes); reject long passwords (OWASP: 64 characters or more)', question, confidence=LOW)


def _password(obj: Node | None) -> bool:
    if obj is None:
        return False
    last = s.text(obj).rstrip('?').rsplit('.', 1)[-1]
    return not _PASSWORD_WORDS.isdisjoint(w.lower() for w in s.name_words(last)) and 'confirm' not in last.lower()


def _minimum(member: Node) -> Node | None:
    """The comparison ``member < N`` (``N > member``) in an ``if`` that throws or returns."""
    comparison = s.parent_of(member)
    if comparison is None or comparison.type != 'binary_expression':
        return None
    op = s.text(comparison.child_by_field_name('operator'))
    if _BELOW.get(op) is None or comparison.child_by_field_name(_BELOW[op]) != member:
        return None
    for a in s.ancestors(comparison):
        if a.type == 'if_statement':
            body = a.child_by_field_name('consequence')
            text = s.text(body)
            return comparison if 'throw' in text or 'return' in text or 'reject' in text else None
        if a.type not in ('binary_expression', 'parenthesized_expression', 'unary_expression'):
            return None
    return None


def _bounded_above(fn: Node, length: str) -> bool:
    """``length > N``, ``N < length``, or a maximum named in the function (``MAX_PASSWORD_LENGTH``,
    ``maxLength``, a schema's ``.max(``)."""
    compact = ''.join(s.text(fn).split())
    return (f'{length}>' in compact or f'<{length}' in compact or f'<={length}' in compact
            or 'max' in compact.lower())
