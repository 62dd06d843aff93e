"""A list of servers half read from configuration: entries of one array that give an address
under the same key, one written in (``{ urls: 'stun:stun.l.google.com:19302' }``) and another read
from configuration (``{ urls: TURN_SERVER.split(','), username: TURN_USER }``, ``TURN_SERVER``
imported from an environment module; ``process.env.X``, ``config.get('x')``). The author made the
one server a deployment's choice and not the other: a deployment that must use its own (a
firewalled network, privacy) cannot (workadventure's STUN server beside its configured TURN
server, a real bug of holdout10).

Low confidence (not listed unless ``show = "low"``): a new shape, not judged yet."""
from __future__ import annotations

import re
from collections.abc import Iterator

from vcx_hook.checks.hardcoded_config.values import Item
from vcx_hook.ecosystem import importers
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

# Keys of a list entry that hold where its server is.
ADDRESS_KEYS = frozenset(('urls', 'url', 'uri', 'host', 'hostname', 'server', 'address', 'endpoint'))
_KEY_BYTES = frozenset(k.encode() for k in ADDRESS_KEYS)
# Read from configuration in the text itself.
_CONFIGURED = lazyre.compile(r'\bprocess\.env\b|\bimport\.meta\.env\b|\b[cC]onfig(?:Service)?\.get(?:OrThrow)?\(')
_CONFIGURED_BYTES = lazyre.compile(rb'\bprocess\.env\b|\bimport\.meta\.env\b|\b[cC]onfig(?:Service)?\.get(?:OrThrow)?\(')
# A module of the project's settings: `./config`, `../Enum/EnvironmentVariable`, `@/env`, `settings.js`.
_CONFIG_MODULE = re.compile(r'(?:^|/)[\w.-]*(?:config|settings|env|environment)[\w.-]*$', re.I)
_ROOT = re.compile(r'[A-Za-z_$][\w$]*')


def _config_names(file: File) -> frozenset[str]:
    """Names the file imports from a settings module (named imports, by their exported name)."""
    return frozenset(name for name, spec in importers.imports(file.source)
                     if name not in (importers.WHOLE, importers.PASSED_ON) and _CONFIG_MODULE.search(spec))


def possible(scope: Scope) -> bool:
    file = scope.file
    return not _KEY_BYTES.isdisjoint(file.words) and b'[' in scope.text and (
        _CONFIGURED_BYTES.search(file.source) is not None or bool(file.memo('hardcoded-config:settings-imports', _config_names)))


def items(scope: Scope) -> Iterator[Item]:
    if not possible(scope):
        return
    seen: set[int] = set()
    for key in scope.named(_KEY_BYTES):
        pair = s.parent_of(key)
        obj = s.parent_of(pair) if pair is not None and pair.type == 'pair' else None
        array = s.parent_of(obj) if obj is not None and obj.type == 'object' else None
        if array is None or array.type != 'array' or array.start_byte in seen:
            continue
        seen.add(array.start_byte)
        yield from _half_configured(scope.file, array)


def _half_configured(file: File, array: Node) -> Iterator[Item]:
    configured = False
    literals: list[tuple[Node, str, Node]] = []
    for entry in array.named_children:
        if entry.type != 'object':
            continue
        for pair in entry.named_children:
            key = pair.child_by_field_name('key') if pair.type == 'pair' else None
            value = pair.child_by_field_name('value') if key is not None else None
            name = s.text(key).strip('\'"') if key is not None else ''
            if value is None or name not in ADDRESS_KEYS:
                continue
            text = s.string_value(value)
            if text is not None:
                if text.strip():
                    literals.append((pair, name, value))
            elif _configured(file, value):
                configured = True
    if configured:
        for pair, name, value in literals:
            yield Item(pair, f'`{name}: {s.normalized(value, 40)}`', array, 'servers')


def _configured(file: File, value: Node) -> bool:
    text = s.text(value)
    if _CONFIGURED.search(text):
        return True
    root = _ROOT.match(text)
    return root is not None and root.group(0) in file.memo('hardcoded-config:settings-imports', _config_names)
