"""What every hardcoded-config rule shares: the ``Item`` a candidate becomes, the paths that are
configuration themselves, the call an options object configures, constant numbers, and the
contexts whose values are another family's or a library's business."""
from __future__ import annotations

import re
from typing import NamedTuple

from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.syntax import Node


class Item(NamedTuple):
    node: Node  # where it is reported (a pair, a call, an argument)
    label: str  # `timeout: 30000`
    group: Node  # one finding per group (an options object, a call)
    kind: str  # 'time' | 'request' | 'url' | 'env' | 'knob' | 'partial' | 'budget' | 'bypassed' | 'fallback' | 'servers' | 'sender' | 'login'


_CONFIG_PATH = lazyre.compile(
    r'(?:^|/)(?:config|configs|configuration|settings)(?:/|\.[cm]?[jt]sx?$)|[./-]config\.[cm]?[jt]sx?$'
    r'|(?:^|/)[^/]*(?:config|settings|defaults|options)[^/]*\.[cm]?[jt]sx?$'
    r'|(?:^|/)(?:env|environment|local|dev|development)\.[cm]?[jt]sx?$|(?:^|/)(?:examples?|cli|bin)/'
    r'|[.-](?:sample|example)\.[cm]?[jt]sx?$|(?:^|/)(?:vitest|jest|playwright|cypress)\.[^/]*\.[cm]?[jt]sx?$', re.I)


# _CONFIG_PATH taken apart, for lowercased ASCII paths (the pattern costs some 10 µs a path): a
# directory of these names, or a last segment like these.
_CONFIG_DIRS = frozenset(('config', 'configs', 'configuration', 'settings', 'example', 'examples', 'cli', 'bin'))
_CONFIG_BASE = lazyre.compile(
    r'(?:config|settings|defaults|options)[^/]*\.[cm]?[jt]sx?$|^(?:env|environment|local|dev|development)\.[cm]?[jt]sx?$'
    r'|[.-](?:sample|example)\.[cm]?[jt]sx?$|^(?:vitest|jest|playwright|cypress)\.[^/]*\.[cm]?[jt]sx?$')


def excluded_path(path: str) -> bool:
    """Configuration files are not asked about (seeds, migrations and scripts are file roles)."""
    if not path.isascii():
        return bool(_CONFIG_PATH.search(path))
    lower = path.lower()
    *dirs, base = lower.split('/')
    return not _CONFIG_DIRS.isdisjoint(dirs) or bool(_CONFIG_BASE.search(base))


_EXAMPLE_PATH = lazyre.compile(r'(?:^|/)(?:examples?|cli|bin)/|[.-](?:sample|example)\.[cm]?[jt]sx?$', re.I)


def example_path(path: str) -> bool:
    """Examples, samples and command-line tools: no deployment's values at all."""
    return bool(_EXAMPLE_PATH.search(path))


def options_call(obj: Node) -> Node | None:
    parent = s.parent_of(obj)
    while parent is not None and parent.type in ('as_expression', 'satisfies_expression', 'parenthesized_expression'):
        parent = s.parent_of(parent)
    if parent is not None and parent.type == 'arguments':
        return s.parent_of(parent)
    return None


def call_name(call: Node) -> str:
    if call.type == 'new_expression':
        ctor = call.child_by_field_name('constructor')
        return s.text(ctor).rsplit('.', 1)[-1]
    return s.callee_name(call)


def outermost_object(obj: Node) -> Node:
    """The options object a nested object belongs to (``{ pool: { max } }`` is one group)."""
    while s.parent_of(obj) is not None and s.parent_of(obj).type == 'pair' and s.parent_of(s.parent_of(obj)) is not None and (
            s.parent_of(s.parent_of(obj)).type == 'object'):
        obj = s.parent_of(s.parent_of(obj))
    return obj


# The value of a numeric literal or a constant product (``15 * 60 * 1000``): the language layer's.
number = s.number_value


def short(node: Node, limit: int = 44) -> str:
    text = s.normalized(node, limit + 8)
    return text if len(text) <= limit else text[:limit - 3] + '...'


_SKIP_OBJECT_CALLS = lazyre.compile(
    r'(?i)rate.?limit|throttl|slowDown|transaction|runIn\w*Context|^Script$|sign(?:ed)?\w*Url|presign|^Feed$')
_SKIP_OBJECT_NAMES = lazyre.compile(r'^(?:cacheStrateg\w*|transactionOptions|servers)$', re.I)


def skipped_context(obj: Node | None) -> bool:
    """Options of rate limiters (another family's question), transactions, sandboxes and signed
    URLs; per-query cache hints; OpenAPI server lists."""
    if obj is None:
        return False
    call = options_call(outermost_object(obj))
    if call is not None and _SKIP_OBJECT_CALLS.search(call_name(call)):
        return True
    for a in s.ancestors(obj):
        named = a.child_by_field_name('key') if a.type == 'pair' else (
            a.child_by_field_name('name') if a.type == 'variable_declarator' else None)
        if named is not None and _SKIP_OBJECT_NAMES.match(s.text(named).strip('\'"')):
            return True
        if a.type in s.FUNCTION_TYPES or a.type in ('statement_block', 'program'):
            return False
    return False
