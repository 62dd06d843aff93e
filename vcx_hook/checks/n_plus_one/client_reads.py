"""The rule: a read of another service's API once per element, through a client object rather than
a URL built from the element (``remote_reads``):

- a client's resource getter handed the element (``userNames.map((u) => oauthApi.userDetails(ctx,
  u))``, ``for (const t of torrents) await this.clientRequestManager.getTorrentTrackers(t.hash)``);
  what names a client and a read is ``ecosystem.api_clients``;
- a read of a cloud or SaaS SDK's client, known by its binding (``ecosystem.api_clients.sdk_client``),
  handed the element or made for it (``const blob = container.getBlobClient(b.name); await
  blob.getProperties()``);
- through a method or function of the file handed the element, whose body reads an SDK's client
  with what it was given, perhaps in a callback it hands its own cache (``this.getCommit(user, {
  ...params, ref: sha })`` where ``getCommit`` runs ``this.runWithCache(key, user, (api) =>
  api.repos.getCommit(params))``, ``api`` typed by ``runWithCache``'s declaration);
- a GET of a fixed path of the app's API whose query parameters carry the element
  (``roles.map((role) => panoptes.get('/users', { id: role.links.owner.id }))``).

One round trip per element, awaited in the loop or gathered (``Promise.all``), where one request for the list (``/users?id=a,b,c``, a batch method)
would do: digital-prison-services' attendance changes (holdout18), flood's tracker list (holdout17)
and zooniverse's project team page (holdout21), real bugs fixed by a batch request. Writes per
element stay the loop's work (``external``), and so do getters named for what is not a record
(``api.getThumbnailUrl(id)``: the family's ``not_records`` words).
"""
from __future__ import annotations

from vcx_hook.checks.n_plus_one.elements import mentions
from vcx_hook.checks.n_plus_one.helpers import defined_here
from vcx_hook.checks.n_plus_one.iterations import Iteration
from vcx_hook.checks.n_plus_one.iterations import Names
from vcx_hook.checks.n_plus_one.iterations import bound
from vcx_hook.checks.n_plus_one.iterations import iterations_around
from vcx_hook.checks.n_plus_one.own_helpers import anchor_of
from vcx_hook.ecosystem import api_clients
from vcx_hook.finding import LOW
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

# Not judged on held-out code: found for recall (issue 18: a request per element of a list).
CONFIDENCE = LOW
_CHAINED = frozenset(('catch', 'then', 'finally'))
# A path of the app's API written as a plain string: `/users`, `/api/v1/projects`.
_PATH = lazyre.compile(r'^/[A-Za-z_][\w.-]*(?:/[\w.-]+)*/?$')
_STATIC = lazyre.compile(r'\.(?:svg|png|jpe?g|gif|webp|ico|css|js|mjs|json|woff2?|ttf|md|txt|html?)$')
_PATH_READERS = frozenset(('get', 'getJSON', 'getJson'))


def per_client_read(scope: Scope, call: Node, names: Names) -> tuple[str, Node] | None:
    """The message and the iteration's head when ``call`` (awaited or gathered in a loop, perhaps
    through ``.catch()``) reads an API for the element through a client."""
    read, anchor = _read_and_anchor(call)
    if anchor is None:
        return None
    shown, sdk = _client_read(scope.file, read)
    if shown is None or not names['not_records'].isdisjoint(s.name_words(s.callee_name(read))):
        return None  # `api.getThumbnailUrl(id)` builds a URL: no round trip
    for it in iterations_around(anchor, names, scope.file):
        if not (it.gathers or s.is_awaited(anchor)):
            return None  # a promise per element nobody waits for is not this loop's cost
        handle = [_receiver(read)] if sdk else []
        for arg in [*s.arguments(read), *handle]:
            element = mentions(arg, it, anchor, 0)
            if element is not None:
                return (f'`{shown}()` asks the API once per {element} of {it.where} on line '
                        f'{it.node.start_point.row + 1}: one round trip per element (a request taking the list?)'), it.node
        return None
    return None


def per_sdk_helper(scope: Scope, call: Node, names: Names) -> tuple[str, Node] | None:
    """The message and the iteration's head when ``call``, awaited or gathered in a loop, hands the
    element to a helper of the file that reads an SDK's client with it."""
    helper = defined_here(call)
    anchor = anchor_of(call)
    body = s.function_body(helper) if helper is not None and helper != s.enclosing_function(call) else None
    if body is None or anchor is None:
        return None
    reads = [c for c in _calls(body) if _member_call(c) and api_clients.sdk_reads(c) and s.inside(c, s.LOOP_TYPES) is None]
    if not reads:
        return None
    for it in iterations_around(anchor, names, scope.file):
        if not (it.gathers or s.is_awaited(anchor)):
            return None
        for param, arg in zip(s.parameters(helper), s.arguments(call)):
            element = mentions(arg, it, anchor, 0)
            given = Iteration(helper, body, bound(param), frozenset(), '', False, scope.file)
            for read in reads if element is not None else ():
                if api_clients.sdk_client(scope.file, _receiver(read)) and any(
                        mentions(a, given, read, 0) is not None for a in [*s.arguments(read), _receiver(read)]):
                    return (f'`{s.callee_name(call)}()` asks the API (`{s.callee_path(read)}()`, line '
                            f'{read.start_point.row + 1}) once per {element} of {it.where} on line '
                            f'{it.node.start_point.row + 1}: one round trip per element (a request taking the list?)'), it.node
        return None
    return None


def _calls(body: Node) -> list[Node]:
    """The calls of a helper's body, its callbacks' included (a cache or retry wrapper runs them)."""
    out, stack = [], [body]
    while stack:
        node = stack.pop()
        if node.type == 'call_expression':
            out.append(node)
        stack.extend(node.named_children)
    return out


def _read_and_anchor(call: Node) -> tuple[Node, Node | None]:
    """The read inside ``x.getY(id).catch(...)`` and where its promise is used."""
    fn = s.callee(call)
    if fn is not None and fn.type == 'member_expression':
        prop = fn.child_by_field_name('property')
        inner = s.unwrap(fn.child_by_field_name('object'))
        if prop is not None and s.text(prop) in _CHAINED and inner.type == 'call_expression':
            return inner, anchor_of(call)
    return call, anchor_of(call)


def _member_call(call: Node) -> bool:
    fn = s.callee(call)
    return fn is not None and fn.type == 'member_expression'


def _receiver(call: Node) -> Node:
    fn = s.callee(call)
    assert fn is not None
    return s.unwrap(fn.child_by_field_name('object'))


def _client_read(file: File, call: Node) -> tuple[str | None, bool]:
    """The callee as shown when ``call`` is a client's resource read or a GET of a fixed API path
    with the element in its parameters, and whether the client is an SDK's (known by its binding)."""
    fn = s.callee(call)
    if fn is None or fn.type != 'member_expression':
        return None, False
    prop = fn.child_by_field_name('property')
    obj = s.unwrap(fn.child_by_field_name('object'))
    if prop is None:
        return None, False
    method = s.text(prop)
    last = obj.child_by_field_name('property') if obj.type == 'member_expression' else obj
    receiver = s.text(last) if last is not None and last.type in ('identifier', 'property_identifier') else ''
    path = s.callee_path(call)
    shown = path if len(path) <= 48 else '...' + path[-45:]
    if api_clients.sdk_reads(call) and api_clients.sdk_client(file, obj):
        return shown, True
    if receiver and api_clients.is_client(receiver) and api_clients.reads(method):
        return shown, False
    if method in _PATH_READERS and _fixed_path_with_params(call):
        return shown, False
    return None, False


def _fixed_path_with_params(call: Node) -> bool:
    """``get('/users', { id })``: a plain string path of the app's API, then an object of parameters."""
    args = s.arguments(call)
    if len(args) < 2 or s.unwrap(args[1]).type != 'object':
        return False
    first = s.unwrap(args[0])
    if first.type == 'template_string' and not any(c.type == 'template_substitution' for c in first.children):
        path = s.text(first).strip('`')
    elif first.type == 'string':
        path = s.string_value(first) or ''
    else:
        return False
    return _PATH.match(path) is not None and _STATIC.search(path) is None
