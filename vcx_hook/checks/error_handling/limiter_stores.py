"""A rate limiter's Redis client with no command timeout: an ioredis client made in the file
(``new Redis(url)``) and handed to a limiter package (``fastify.register(rateLimit, { redis })``,
``new RateLimiterRedis({ storeClient })``), directly or through a name, with no ``commandTimeout``.
The limiter asks Redis on every request it guards; when Redis stops answering, ioredis queues the
commands and each request waits on the limiter instead of failing fast."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.error_handling.facts import ID
from vcx_hook.checks.error_handling.facts import QUESTION
from vcx_hook.checks.error_handling.facts import short
from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import limiters
from vcx_hook.ecosystem import packages
from vcx_hook.finding import LOW
from vcx_hook.finding import Finding
from vcx_hook.lang import flow
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_WORDS = frozenset((b'Redis', b'IORedis', b'IoRedis', b'Cluster'))
# Where an ioredis client's commands stop waiting.
_BOUNDS = frozenset(('commandTimeout',))
_CARRY = frozenset(('ternary_expression', 'pair', 'object', 'parenthesized_expression', 'binary_expression'))


def possible(scope: Scope) -> bool:
    return packages.IOREDIS.encode() in scope.file.word_text and b'new ' in scope.text and not scope.file.words.isdisjoint(_WORDS) \
        and limiters.LIMITER_LOWER.search(scope.file.lower) is not None


def findings(scope: Scope) -> Iterator[Finding]:
    if not possible(scope):
        return
    for name in scope.named(_WORDS):
        new = s.called_by(name, 'new_expression')
        if new is None or not _ioredis(scope, name) or _bounded(new):
            continue
        limiter = _limiter_of(scope, new)
        if limiter is not None:
            yield scope.finding(
                new, ID,
                f'`{short(new, 36)}` serves a rate limiter and has no `commandTimeout`: when Redis stops '
                'answering, every request the limiter guards waits on it', QUESTION, evidence=(limiter,),
                confidence=LOW)


def _ioredis(scope: Scope, name: Node) -> bool:
    bound = bindings.binding(scope.file, name)
    return bound is not None and bound.library == packages.REDIS  # ioredis, which `possible` saw imported


def _bounded(new: Node) -> bool:
    """Options with a ``commandTimeout`` (or built elsewhere: a spread, a name)."""
    for arg in s.arguments(new):
        arg = s.unwrap(arg)
        if arg.type == 'object' and (s.has_spread(arg) or not _BOUNDS.isdisjoint(s.object_keys(arg))):
            return True
        if arg.type == 'identifier' and arg != s.arguments(new)[0]:
            return True
    return False


def _limiter_of(scope: Scope, new: Node) -> Node | None:
    """The limiter call ``new`` is handed to, in its options or through the name it is kept in."""
    found = _options_of_limiter(scope, new)
    if found is not None:
        return found
    declarator = s.parent_of(s.outer_expression(new))
    if declarator is None or declarator.type != 'variable_declarator':
        return None
    name = declarator.child_by_field_name('name')
    if name is None or name.type != 'identifier':
        return None
    fl = flow.of(scope.file, name)
    for binding in fl.bindings_of(name):
        for ref in fl.references(binding):
            found = _options_of_limiter(scope, ref)
            if found is not None:
                return found
    return None


def _options_of_limiter(scope: Scope, value: Node) -> Node | None:
    """The call whose options hold ``value`` (through objects and ternaries), when it is a limiter's:
    its callee is bound to a limiter package, or a limiter is one of its arguments."""
    node = value
    for up in s.ancestors(value):
        if up.type == 'arguments':
            call = s.parent_of(up)
            if call is None or call.type not in ('call_expression', 'new_expression'):
                return None
            parts = [s.callee(call), *s.arguments(call)]
            return call if any(p is not None and p != node and _limiter(scope, p) for p in parts) else None
        if up.type not in _CARRY and up.type != 'shorthand_property_identifier':
            return None
        node = up
    return None


def _limiter(scope: Scope, node: Node) -> bool:
    node = s.unwrap(node)
    if node.type not in ('identifier', 'member_expression'):
        return False
    bound = bindings.binding(scope.file, node)
    return bound is not None and bound.library in limiters.PACKAGES
