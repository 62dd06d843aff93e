"""race-condition's hand-made Redis lock: ``setnx(key, token)`` where the token is only a time
(``Date.now() + ttl``: two callers in one millisecond hold the same token, and the unlock that
compares it frees another's lock), or followed by a separate ``expire(key)`` (a crash between the
two leaves a lock nobody can take)."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.race_condition.candidates import awaits
from vcx_hook.finding import LOW
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

# Not yet judged on held-out code: found for recall, not listed (--show low).
CONFIDENCE = LOW
_TIME = lazyre.compile(r'\bDate\.now\(\)|\bnew Date\(|\bperformance\.now\(\)|\bprocess\.hrtime')
_UNIQUE = lazyre.compile(r'(?i)random|uuid|nanoid|cuid|ulid|crypto|process\.pid|hostname|\bid\b|owner|token\(')
_EXPIRES = frozenset(('expire', 'pexpire', 'expireat', 'pexpireat'))


def find(scope: Scope) -> Iterator[tuple[Node, str, tuple[Node, ...]]]:
    """(setnx, message, evidence) for each hand-made lock whose token or expiry lets two holders mix."""
    calls = [c for a in awaits(scope) if (c := _call(a)) is not None]
    for take in calls:
        args = s.arguments(take)
        if s.callee_name(take) != 'setnx' or len(args) < 2:
            continue
        key = s.text(args[0])
        token = _token_text(args[1])
        timed = bool(_TIME.search(token)) and not _UNIQUE.search(token) and _returned(take, args[1])
        expiry = next((c for c in calls if c.start_byte > take.end_byte and s.callee_name(c) in _EXPIRES
                       and s.arguments(c) and s.text(s.arguments(c)[0]) == key), None)
        if expiry is not None and not _locking(take, key):
            expiry = None  # `setnx(firstOpKey, Date.now())` then an expiry: a value kept once, no lock
        if timed:
            yield take, (
                f'`{s.callee_path(take)}()` takes the lock `{key}` with a token that is only a time: two callers in one '
                'millisecond hold the same token, and an unlock that compares it frees the other\'s lock'
            ), (args[1],)
        elif expiry is not None:
            yield take, (
                f'`{s.callee_path(take)}()` takes the lock `{key}` and the expiry comes in another call (line '
                f'{expiry.start_point.row + 1}): a crash between them leaves a lock nobody can take (SET NX PX?)'
            ), (expiry,)


def _call(wait: Node) -> Node | None:
    value = s.unwrap(wait.named_children[0]) if wait.named_children else None
    return value if value is not None and value.type == 'call_expression' else None


def _returned(take: Node, token: Node) -> bool:
    """The token is handed back as the holder's (``return timestamp``): an unlock will compare it."""
    token = s.unwrap(token)
    fn = s.enclosing_function(take)
    if token.type != 'identifier' or fn is None:
        return False
    body = s.function_body(fn)
    return body is not None and any(
        c.type == 'return_statement' and any(n.text == token.text for n in c.named_children) for c in _statements(body))


def _statements(node: Node) -> Iterator[Node]:
    for child in node.named_children:
        if child.type not in s.FUNCTION_TYPES:
            yield child
            yield from _statements(child)


def _locking(take: Node, key: str) -> bool:
    """The key or the function says it is a lock (``lockName``, ``obtainLock()``)."""
    fn = s.enclosing_function(take)
    name = s.function_name(fn) if fn is not None else ''
    return 'lock' in key.lower() or 'lock' in (name or '').lower()


def _token_text(token: Node) -> str:
    """The token's text, through the local it was declared in (``const timestamp = `${Date.now()}```)."""
    token = s.unwrap(token)
    if token.type == 'identifier':
        value = s.initializer(token)
        if value is not None:
            return s.text(value)
    return s.text(token)
