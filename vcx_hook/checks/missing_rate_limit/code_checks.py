"""A one-time code compared with the stored one where no route is in sight: ``authenticationCode ===
user.tfaCode`` in a GraphQL mutation's ``mutateAndGetPayload``, ``token === savedToken`` in an e-mail
token service's ``checkTokenCorrect()``. The code is short (six digits mailed or texted), so each call
is one guess and a script guesses them all unless attempts are counted or callers limited (tracker's
second-factor sign-in and zupass' login code, real bugs of holdout17 and holdout13).

Low: a limiter may stand where the caller is mounted. One side is named for a code (``code``,
``otp``, ``pin``, ``tfa``/``mfa``/``2fa``, or an e-mailed ``token``) and read from a record the
function fetched (``user.tfaCode``, ``const saved = await this.getTokenForEmail(email)``), the other
reaches the function through its parameters. Not a comparison with the environment or a constant
(a shared secret, no code), nor one in a route's own handler (the route's question asks it), a
function that names a limiter, or a file an app-wide limiter covers."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.missing_rate_limit import password_checks
from vcx_hook.ecosystem import services
from vcx_hook.lang import flow
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.expressions import NameWords
from vcx_hook.lang.scope import File
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.source import is_ui_file
from vcx_hook.lang.syntax import Node

_EQUALITY = lazyre.compile(rb'[!=]==?')
# Names that are a one-time code on their own ...
_ALONE = frozenset(('otp', 'totp', 'pin', 'passcode', 'tfa', 'mfa'))
_SECOND_FACTOR = lazyre.compile(r'(?i)^(?:tfa|mfa|2fa|otp|totp)')
# ... and names that are one only where the names around them say what it is for: a code or a token
# mailed or texted for a sign-in or a verification (a product's `code`, a category's, a coupon's are
# records' keys).
_CODE_WORDS = frozenset(('code', 'token'))
_QUALIFIERS = frozenset(('email', 'phone', 'login', 'signin', 'verification', 'authentication', 'factor', 'magic',
                         'confirmation')) | services.MAIL_WORDS | services.SMS_CLIENTS
_CONSTANT = lazyre.compile(r'^[A-Z][A-Z0-9_]*$')
# What ``possible`` looks for: every name ``_code_name`` takes holds one of these, as a word of a
# name (``File.word_text`` keeps the case that shows where words start), or a name that starts
# with a second factor's prefix (``_SECOND_FACTOR``: each word of ``File.lower_word_text`` follows a space).
_SECOND_FACTOR_STARTS = (b' tfa', b' mfa', b' 2fa', b' otp', b' totp')
_ALONE_WORDS = NameWords(_ALONE)
_CODE_WORDS_IN_TEXT = NameWords(_CODE_WORDS)
_QUALIFIER_WORDS = NameWords(w.lower() for w in _QUALIFIERS)


def possible(file: File) -> bool:
    """A word that ``_code_name`` may take for a code, found in the file's words (a code's own name,
    or ``code``/``token`` with a qualifier among the words), and a comparison in the source."""
    low, text = file.lower_word_text, file.word_text
    named = any(w in low for w in _SECOND_FACTOR_STARTS) or _ALONE_WORDS.found_in(text, low) or (
        _CODE_WORDS_IN_TEXT.found_in(text, low) and _QUALIFIER_WORDS.found_in(text, low))
    return named and _EQUALITY.search(file.source) is not None


def checks(scope: Scope) -> Iterator[tuple[Node, Node]]:
    """(comparison, function) for each stored code compared with a given one."""
    file = scope.file
    if is_ui_file(file) or not possible(file):
        return
    run_per_request = password_checks.handlers(file)
    seen: set[int] = set()
    for m in scope.matches(_EQUALITY):
        node = s.descendant(file.tree.root, m.start(), m.end())
        cmp = s.parent_of(node) if node is not None else None
        if cmp is None or cmp.type != 'binary_expression' or s.text(cmp.child_by_field_name('operator')) != m.group().decode():
            continue
        fn = s.enclosing_function(cmp)
        if fn is None or fn.start_byte in seen or not _code_compare(file, fn, cmp):
            continue
        if password_checks.handled(fn, run_per_request) or password_checks.limits(file, fn):
            continue
        seen.add(fn.start_byte)
        yield cmp, fn


def _code_compare(file: File, fn: Node, cmp: Node) -> bool:
    sides = [s.unwrap(cmp.child_by_field_name(k)) for k in ('left', 'right')]
    if any(side.type not in ('identifier', 'member_expression') for side in sides):
        return False
    fl = flow.of(file, cmp)
    kinds = [_kind(fl, side) for side in sides]
    return any(_code_name(file, fn, side) for side in sides) and sorted(kinds) == ['given', 'stored']


def _code_name(file: File, fn: Node, node: Node) -> bool:
    """A one-time code's name: ``otp``, ``pin``, ``tfaCode``, or a ``code``/``token`` that the names
    around it (its own, the function's, the class's) say is a sign-in's or a verification's
    (``verificationCode``, ``EmailTokenService.checkTokenCorrect``); not a record's code
    (``category.code !== doc.code``), a many-times more common comparison."""
    name = s.text(node.child_by_field_name('property')) if node.type == 'member_expression' else s.text(node)
    if _CONSTANT.match(name):
        return False
    words = s.name_words(name)
    if not _ALONE.isdisjoint(words) or _SECOND_FACTOR.match(name):
        return True
    if _CODE_WORDS.isdisjoint(words):
        return False
    around = {*words, *s.name_words(s.function_name(fn) or '')}
    cls = s.inside(fn, ('class_declaration', 'class'))
    if cls is not None and cls.child_by_field_name('name') is not None:
        around.update(s.name_words(s.text(cls.child_by_field_name('name'))))
    return not _QUALIFIERS.isdisjoint(around)


def _kind(fl: flow.Flow, side: Node) -> str:
    """'given' (it reaches the function through a parameter), 'stored' (read from a record the
    function fetched: an awaited call's value or a field of one) or 'other'."""
    origins = fl.origins(side)
    if not origins:
        return 'other'
    if all(o.binding is not None for o in origins):
        return 'given'
    if all(o.binding is None and o.node.type == 'call_expression' and s.parent_of(o.node) is not None
           and s.parent_of(o.node).type == 'await_expression' for o in origins):
        return 'stored'
    return 'other'
