"""A parse that throws on malformed input, given a value the browser often leaves empty or anyone
can edit, with nothing catching it: ``new URL(document.referrer)`` (the referrer is ``''`` when the
page is opened directly or the referring site withholds it, and ``new URL('')`` throws), and
jwt-decode's ``jwtDecode(token)`` of a cookie (a truncated or hand-edited cookie throws
``InvalidTokenError``). The error escapes to whatever called it: a page's visit tracking, the hook
that renders the signed-in user. Low: a new shape (modiapersonoversikt's visit tracking, a real bug
of holdout23; openneuro's profile cookie, a real bug of holdout13).

Also ``JSON.parse`` of what the device's storage holds: ``localStorage``/``sessionStorage``'s
``getItem``, React Native's AsyncStorage or an MMKV store's ``getString`` (bound by import or
construction), directly or through the local it is kept in: a value written by an older version,
cut short or edited throws at every read, and an app reading it at start-up never starts (rainbow's
storage ``get``, a real bug of holdout26, fixed by catching, deleting the key and returning nothing)."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.error_handling.facts import caught_in
from vcx_hook.checks.error_handling.facts import ID
from vcx_hook.checks.error_handling.facts import QUESTION
from vcx_hook.checks.error_handling.facts import short
from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import dom
from vcx_hook.finding import Finding
from vcx_hook.finding import LOW
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

JWT_DECODE = 'jwt-decode'
_REFERRER = lazyre.compile(rb'\bdocument\s*\.\s*referrer\b')
_COOKIE = lazyre.compile(r'(?i)cookie')


def possible(scope: Scope) -> bool:
    words = scope.file.word_text
    return (b'referrer' in words and scope.holds(b'URL')) or JWT_DECODE.encode() in scope.file.source \
        or (scope.holds(b'JSON') and any(get.encode() in words for get in dom.STORAGE_GETS))


def findings(scope: Scope) -> Iterator[Finding]:
    if not possible(scope):
        return
    for node in scope.named(frozenset((b'URL',))):
        new = s.parent_of(node)
        if new is None or new.type != 'new_expression' or new.child_by_field_name('constructor') != node:
            continue
        args = s.arguments(new)
        if len(args) == 1 and _REFERRER.fullmatch(s.text(args[0]).encode()) and not _guarded(scope, new):
            yield scope.finding(
                new, ID, f'`{short(new, 40)}` throws when there is no referrer (`document.referrer` is `\'\'` '
                'when the page is opened directly), and nothing catches it', QUESTION, confidence=LOW)
    yield from _stored_parses(scope)
    if JWT_DECODE.encode() not in scope.file.source:
        return
    for call in _decodes(scope):
        token = s.arguments(call)[0]
        value = s.initializer(token) if token.type == 'identifier' else token
        if value is not None and _COOKIE.search(s.text(value)) and not _caught(call):
            yield scope.finding(
                call, ID, f'`{short(call, 40)}` throws on a malformed token, and the token comes from a cookie '
                '(truncated or edited by anyone): nothing catches it', QUESTION, confidence=LOW)


def _stored_parses(scope: Scope) -> Iterator[Finding]:
    for name in scope.named(frozenset((b'parse',))):
        call = s.called_by(name)
        if call is None or s.text(s.callee(call)) != 'JSON.parse' or not s.arguments(call):
            continue
        read = _stored_read(scope, s.arguments(call)[0])
        if read is not None and not _caught(call):
            yield scope.finding(
                call, ID, f'`{short(call, 40)}` throws on a malformed value, and the value is what the device\'s '
                f'storage holds (`{short(read, 40)}`: written by an older version, cut short or edited): '
                'nothing catches it, so every read fails until the key is cleared', QUESTION, confidence=LOW)


def _stored_read(scope: Scope, arg: Node) -> Node | None:
    """The storage read ``arg`` is (``localStorage.getItem(k)``, ``await AsyncStorage.getItem(k)``, a
    ``... || '{}'`` fallback of one), directly or as the initializer of the local it names."""
    arg = s.unwrap(arg)
    if arg.type == 'identifier':
        value = s.initializer(arg)
        arg = s.unwrap(value) if value is not None else arg
    if arg.type == 'binary_expression' and s.text(arg.child_by_field_name('operator')) in ('||', '??'):
        arg = s.unwrap(arg.child_by_field_name('left'))
    if arg.type == 'await_expression' and arg.named_children:
        arg = s.unwrap(arg.named_children[0])
    if arg.type != 'call_expression' or s.callee_name(arg) not in dom.STORAGE_GETS:
        return None
    receiver = s.receiver(arg)
    if receiver is None:
        return None
    if s.dotted(receiver) in dom.STORAGE_GLOBALS:
        return arg
    bound = bindings.binding(scope.file, s.unwrap(receiver))
    return arg if bound is not None and bound.library in dom.STORAGE_LIBRARIES else None


def _decodes(scope: Scope) -> Iterator[Node]:
    """Calls of jwt-decode's function, by its import or a name bound to it (``export const
    parseJwt = jwtDecode``)."""
    aliases = {name for name, b in bindings.imports(scope.file).items() if b.library == JWT_DECODE}
    if not aliases:
        return
    whole = ((0, len(scope.file.source)),)
    for name in scope.file.named(frozenset(a.encode() for a in aliases), whole):
        decl = s.parent_of(name)
        named = decl.child_by_field_name('name') if decl is not None and decl.type == 'variable_declarator' else None
        if named is not None and decl.child_by_field_name('value') == name and named.type == 'identifier':
            aliases.add(s.text(named))
    for name in scope.named(frozenset(a.encode() for a in aliases)):
        call = s.called_by(name)
        if call is not None and s.callee(call) == name and s.arguments(call):
            yield call


def _caught(node: Node) -> bool:
    fn = s.enclosing_function(node)
    return caught_in(node, fn) if fn is not None else any(a.type == 'try_statement' for a in s.ancestors(node))


def _guarded(scope: Scope, new: Node) -> bool:
    """Caught, or the referrer is looked at elsewhere in the function first (``if
    (document.referrer)``, ``document.referrer ? new URL(document.referrer) : null``)."""
    if _caught(new):
        return True
    fn = s.enclosing_function(new)
    start = fn.start_byte if fn is not None else 0
    return _REFERRER.search(scope.file.source, start, new.start_byte) is not None
