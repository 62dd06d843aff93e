"""Defaults half moved to configuration: in one options object, a value the caller may send that
falls back to a number written in (``run: run_timeout || 3000``) beside one that falls back to
configuration (``run: run_memory_limit || config.run_memory_limit``, ``process.env.X``). The author
let operators set the one default and not the other: a deployment that needs a longer run cannot
have it (piston's job timeouts beside its configured memory limits, a real bug of holdout8).

``config`` is a name bound by an import or ``require`` of a module named ``config``/``settings``.
Low confidence (not listed unless ``show = "low"``): a new shape, not judged yet."""
from __future__ import annotations

import re
from collections.abc import Iterator

from vcx_hook.checks.hardcoded_config.values import Item
from vcx_hook.checks.hardcoded_config.values import number
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_NUMBER_FALLBACK = lazyre.compile(rb'(?:\|\||\?\?)\s*\d')
_CONFIG_MODULE = rb'[\'"](?:[^\'"]*/)?(?:config|configs|settings|configuration)(?:\.[cm]?[jt]s)?[\'"]'
_CONFIG_BINDING = lazyre.compile(
    rb'\b(?:const|let|var)\s+([\w$]+)\s*=\s*require\(\s*' + _CONFIG_MODULE + rb'\s*\)'
    rb'|\bimport\s+(?:\*\s+as\s+)?([\w$]+)\s+from\s+' + _CONFIG_MODULE)
_FALLBACKS = ('||', '??')


def _config_names(file: File) -> frozenset[str]:
    return frozenset((m.group(1) or m.group(2)).decode() for m in _CONFIG_BINDING.finditer(file.source))


def possible(scope: Scope) -> bool:
    return _NUMBER_FALLBACK.search(scope.text) is not None and (
        b'process' in scope.file.regex_words or bool(scope.file.memo('hardcoded-config:config-names', _config_names)))


def pairs(scope: Scope) -> Iterator[Item]:
    if not possible(scope):
        return
    config = scope.file.memo('hardcoded-config:config-names', _config_names)
    seen: set[int] = set()
    for start, end in scope.ranges:
        for m in _NUMBER_FALLBACK.finditer(scope.file.source, start, end):
            node = s.descendant(scope.root, m.start(), m.start() + 2)
            fallback = s.parent_of(node) if node is not None else None
            pair = _pair_of(fallback) if fallback is not None and _number_fallback(fallback) else None
            outer = _outermost_object(pair) if pair is not None else None
            if pair is None or outer is None or pair.start_byte in seen or not _configured_beside(outer, config):
                continue
            seen.add(pair.start_byte)
            key = s.text(pair.child_by_field_name('key')).strip('\'"')
            yield Item(pair, f'`{key}: {s.normalized(fallback, 30)}`', outer, 'fallback')


def _number_fallback(node: Node) -> bool:
    """``value || 3000``: a value that may be missing, then a number above 1."""
    if node.type != 'binary_expression' or s.text(node.child_by_field_name('operator')) not in _FALLBACKS:
        return False
    left, right = node.child_by_field_name('left'), node.child_by_field_name('right')
    return left is not None and left.type in ('identifier', 'member_expression') and right is not None \
        and (number(right) or 0) > 1


def _pair_of(node: Node) -> Node | None:
    parent = s.parent_of(node)
    return parent if parent is not None and parent.type == 'pair' and s.parent_of(parent) is not None \
        and s.parent_of(parent).type == 'object' else None


def _outermost_object(pair: Node) -> Node | None:
    """The outermost object literal of nested ones holding ``pair`` (``{ timeouts: {...}, memory_limits: {...} }``)."""
    obj = s.parent_of(pair)
    while obj is not None:
        above = s.parent_of(obj)
        if above is None or above.type != 'pair' or s.parent_of(above) is None or s.parent_of(above).type != 'object':
            return obj
        obj = s.parent_of(above)
    return None


def _configured_beside(obj: Node, config: frozenset[str]) -> bool:
    """A fallback in ``obj`` (nested objects too) to a configuration read: ``x || config.limit``,
    ``x ?? process.env.LIMIT``."""
    stack = list(obj.named_children)
    while stack:
        node = stack.pop()
        if node.type == 'binary_expression' and s.text(node.child_by_field_name('operator')) in _FALLBACKS:
            right = node.child_by_field_name('right')
            text = s.text(right) if right is not None else ''
            root = re.match(r'[\w$]+', text)
            if root is not None and (root.group(0) in config or text.startswith('process.env.')) and '.' in text:
                return True
        if node.type not in s.FUNCTION_TYPES:
            stack.extend(node.named_children)
    return False
