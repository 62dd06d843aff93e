"""Angular components an application mounts once: the app shell.

The root component (selector ``app-root``, an NgModule's ``bootstrap: [AppComponent]``,
``bootstrapApplication(AppComponent)``) is made once for the app's life, and so is a component
whose element only the root's template holds (``<app-toggle-button>`` beside the
``<router-outlet>`` of ``app.component.html``): the header, the sidebar, the breadcrumb. What their
``ngOnInit`` subscribes lives as long as the app, and nothing stacks (NRPTI's toggle button and
breadcrumb, round 19, judged not worth asking and borderline). One hop only: a component inside
the shell's header is not learnt.

Not once: an element under a structural directive or a block that adds and removes it
(``*ngIf``, ``*ngFor``, ``<ng-template>``, ``@if``/``@for``/``@switch``/``@defer``), a component
another template uses too, and a class another file names outside its imports and an NgModule's
``declarations``/``imports``/``exports`` (a route's ``component: X``, ``dialog.open(X)``,
``createComponent(X)``: mounted per navigation or per opening). Read from the project's ``.ts``
sources and ``.html`` templates (engine/project.py ``with_shell_components``)."""
from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Iterable
from typing import NamedTuple

from vcx_hook.ecosystem import packages
from vcx_hook.lang import lazyre

ROOT_SELECTOR = 'app-root'
ANGULAR = packages.ANGULAR_CORE
_COMPONENT = lazyre.compile(
    rb'@Component\(\s*\{(.*?)\}\s*\)\s*(?:export\s+)?(?:default\s+)?(?:abstract\s+)?class\s+(\w+)', re.S)
_SELECTOR = lazyre.compile(rb'''\bselector\s*:\s*['"`]([^'"`]+)['"`]''')
_TEMPLATE_URL = lazyre.compile(rb'''\btemplateUrl\s*:\s*['"`]([^'"`]+)['"`]''')
_INLINE = lazyre.compile(rb'\btemplate\s*:\s*(`(?:[^`\\]|\\.)*`|\'(?:[^\'\\]|\\.)*\'|"(?:[^"\\]|\\.)*")', re.S)
_BOOTSTRAPPED = lazyre.compile(rb'\bbootstrap\s*:\s*\[([^\]]*)\]|\bbootstrapApplication\(\s*(\w+)')
_ELEMENT = lazyre.compile(r'^[a-zA-Z][\w-]*$')
# Where another file may name a component without mounting it.
_IMPORTS = lazyre.compile(rb'\b(?:import|export)\s*(?:type\s+)?\{[^}]*\}\s*from\s*[\'"][^\'"]*[\'"]|\bimport\s+\w+\s+from\b')
_LISTS = lazyre.compile(rb'\b(?:declarations|imports|exports)\s*:\s*\[[^][()]*\]|\bclass\s+\w+')
# A template's markup: comments, tags, interpolations, control-flow blocks and their ends.
_MARKUP = lazyre.compile(
    rb'<!--.*?-->|\{\{.*?\}\}|<(/?)([a-zA-Z][\w-]*)((?:[^>"\']|"[^"]*"|\'[^\']*\')*?)(/?)>'
    rb'|@(?:if|for|switch|case|default|defer|else|empty|placeholder|loading|error)\b[^{<]*\{|\}', re.S)
_OPENING = lazyre.compile(rb'<([a-zA-Z][\w-]*)(?=[\s/>])')
_STRUCTURAL = lazyre.compile(rb'(?:^|\s)\*[a-zA-Z]')
_VOID = frozenset((b'area', b'base', b'br', b'col', b'embed', b'hr', b'img', b'input', b'link', b'meta',
                   b'source', b'track', b'wbr'))


class Component(NamedTuple):
    name: str
    path: str
    selectors: tuple[str, ...]  # element selectors only (`app-header`, not `[appTooltip]`)
    template: bytes  # inline; b'' when in a file
    template_url: str  # the template file's path from the project's root; '' when inline


def shell_selectors(sources: Iterable[tuple[str, bytes]], templates: Iterable[tuple[str, bytes]]) -> frozenset[str]:
    """The element selectors of the components the app shell mounts once (one hop from the root)."""
    sources = list(sources)
    pages = dict(templates)
    components = [c for path, data in sources if b'@Component' in data for c in _components(path, data)]
    booted = {n for _, data in sources if b'bootstrap' in data for n in _bootstrapped(data)}
    roots = [c for c in components if c.name in booted or ROOT_SELECTOR in c.selectors]
    root_pages = {c.template_url for c in roots if c.template_url} | {c.path for c in roots if c.template}
    uses: dict[str, list[tuple[str, bytes, int]]] = {}
    for where, text in [*((c.path, c.template) for c in components if c.template), *pages.items()]:
        for m in _OPENING.finditer(text):
            uses.setdefault(m.group(1).decode('utf-8', 'replace'), []).append((where, text, m.start()))
    out: set[str] = set()
    for c in components:
        if c in roots or not c.selectors:
            continue
        found = [use for sel in c.selectors for use in uses.get(sel, ())]
        if found and all(where in root_pages and not _conditional(text, at) for where, text, at in found) \
                and not _mounted_by_class(c, sources):
            out.update(c.selectors)
    return frozenset(out)


@functools.lru_cache(maxsize=4096)
def _components(path: str, data: bytes) -> tuple[Component, ...]:
    out = []
    for m in _COMPONENT.finditer(data):
        meta = m.group(1)
        selector = _SELECTOR.search(meta)
        selectors = tuple(sel for sel in (p.strip() for p in selector.group(1).decode('utf-8', 'replace').split(','))
                          if _ELEMENT.match(sel)) if selector is not None else ()
        url = _TEMPLATE_URL.search(meta)
        inline = _INLINE.search(meta) if url is None else None
        where = posixpath.normpath(posixpath.join(posixpath.dirname(path), url.group(1).decode())) if url else ''
        out.append(Component(m.group(2).decode(), path, selectors, inline.group(1) if inline else b'', where))
    return tuple(out)


def _bootstrapped(data: bytes) -> set[str]:
    """The classes an NgModule bootstraps or ``bootstrapApplication`` starts."""
    out: set[str] = set()
    for m in _BOOTSTRAPPED.finditer(data):
        listed = m.group(1) if m.group(1) is not None else m.group(2)
        out.update(n.strip().decode() for n in listed.split(b',') if n.strip())
    return out


def _conditional(template: bytes, at: int) -> bool:
    """The element at ``at`` is added and removed at run time: it, or an element or block around
    it, carries a structural directive (``*ngIf``, ``*ngFor``), is an ``<ng-template>`` or is an
    ``@if``/``@for``/``@switch``/``@defer`` block."""
    stack: list[tuple[bytes, bool]] = []
    for m in _MARKUP.finditer(template, 0, at):
        token = m.group(0)
        if token.startswith((b'<!--', b'{{')):
            continue
        if token.startswith(b'@'):
            stack.append((b'@', True))
        elif token == b'}':
            if stack and stack[-1][0] == b'@':
                stack.pop()
        elif m.group(1):  # a closing tag: up to its opening one
            name = m.group(2).lower()
            while stack:
                if stack.pop()[0] == name:
                    break
        elif not m.group(4) and m.group(2).lower() not in _VOID:
            name = m.group(2).lower()
            stack.append((name, name == b'ng-template' or _STRUCTURAL.search(m.group(3)) is not None))
    own = _MARKUP.match(template, at)
    return any(conditional for _, conditional in stack) or (
        own is not None and own.group(3) is not None and _STRUCTURAL.search(own.group(3)) is not None)


def _mounted_by_class(component: Component, sources: list[tuple[str, bytes]]) -> bool:
    """Another file names the class outside its imports and an NgModule's lists: a route's
    ``component``, a dialog's ``open``, ``createComponent``; it may be mounted again and again."""
    word = re.compile(rb'\b' + re.escape(component.name.encode()) + rb'\b')
    for path, data in sources:
        if path == component.path or component.name.encode() not in data:
            continue
        if word.search(_kept(data)) is not None:
            return True
    return False


@functools.lru_cache(maxsize=256)
def _kept(data: bytes) -> bytes:
    """A source without its imports, re-exports, class declarations and NgModule lists."""
    return _LISTS.sub(b'', _IMPORTS.sub(b'', data))
