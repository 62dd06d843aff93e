"""The data flow from a sink back to its sources: the values a sink must not take follow names,
destructuring, templates, concatenation and pass-through calls (``trim``, ``path.join``...) to
their origins; an origin that is request data (``ecosystem.requests``) and was not validated
(``validation``) is the answer."""
from __future__ import annotations

import functools
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Mapping
from typing import NamedTuple

from vcx_hook.checks.unvalidated_input import callers
from vcx_hook.checks.unvalidated_input import evidence
from vcx_hook.checks.unvalidated_input import files
from vcx_hook.checks.unvalidated_input import redirect
from vcx_hook.checks.unvalidated_input import ssrf
from vcx_hook.checks.unvalidated_input import url_paths
from vcx_hook.checks.unvalidated_input.validation import Guards
from vcx_hook.checks.unvalidated_input.validation import text_type_test
from vcx_hook.checks.unvalidated_input.values import constant
from vcx_hook.checks.unvalidated_input.values import short
from vcx_hook.checks.unvalidated_input.values import Sink
from vcx_hook.ecosystem import request_paths
from vcx_hook.ecosystem import requests
from vcx_hook.ecosystem import uploads
from vcx_hook.finding import LOW
from vcx_hook.lang import flow
from vcx_hook.lang import scope as s
from vcx_hook.lang.flow import Flow
from vcx_hook.lang.flow import Origin
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node
from vcx_hook.lang import lazyre

# Literal text that fixes where a URL goes, whatever follows: an origin (`https://api.x/`), a path from
# the root (`/users/`, not `/` or `//`), or a relative reference whose first piece is written out
# (`../`, `step/`, `search?q=`: no scheme before its `/`, `?` or `#`, so the browser stays on the site).
# Six relative redirects of hmpps-activities-management (`../${property}`) were judged not worth asking.
_FIXED_URL = lazyre.compile(r'[a-z][a-z+.-]*://[^/]+/|/[^/\\]|(?![/\\])[^:/?#\\]*[/?#]')


def _url_text_of(node: Node) -> Node | None:
    """The URL whose text ``node`` is: ``url.toString()``, ``url.href``, ``String(url)``; a
    proxy that builds ``new URL(base)`` and sends ``url.toString()`` goes where ``base`` says, not
    where a value its other branch puts after ``?id=`` does (enfants-du-spectacle's admin proxy,
    judged not worth asking in round 19's replay: shape:query-param-appended-host-fixed)."""
    if node.type == 'member_expression':
        prop = node.child_by_field_name('property')
        return node.child_by_field_name('object') if prop is not None and s.text(prop) == 'href' else None
    if node.type != 'call_expression':
        return None
    args = s.arguments(node)
    recv = s.receiver(node)
    if recv is not None and not args and s.callee_name(node) == 'toString':
        return recv
    return args[0] if recv is None and len(args) == 1 and s.callee_name(node) == 'String' else None


def request_names(names: Mapping[str, frozenset[str]], upload_fields: frozenset[str] = uploads.SERVER_FIELDS) -> requests.Names:
    """The family's configured request names, as the ecosystem takes them."""
    return requests.Names(names['request_objects'], names['context_objects'], names['request_fields'], upload_fields)


class Found(NamedTuple):
    source: requests.Source
    evidence: tuple[Node, ...]  # where it was read and carried to the sink (``evidence.trail``)
    message: str  # the sink's, with {src} for the source's name
    confidence: str = ''  # LOW for a caller's value no same-file call passes from the request; '' for the family's




def through(pass_through: frozenset[str], call: Node) -> list[Node]:
    """The parts of a call whose value carries on into its result (``x.trim()``, ``path.join``)."""
    name = s.callee_name(call)
    if call.type == 'new_expression':
        ctor = s.text(call.child_by_field_name('constructor'))
        return s.arguments(call)[:1] if ctor in pass_through else []
    path = s.callee_path(call)
    if path in pass_through or (not s.receiver(call) and name in pass_through):
        return s.arguments(call)
    recv = s.receiver(call)
    if recv is not None and name in pass_through:
        return [recv, *s.arguments(call)] if name == 'concat' else [recv]
    if recv is not None and name == 'decode':
        return s.arguments(call)[:1]  # `new TextDecoder().decode(bytes)`: the text is the bytes'
    if recv is not None and name in ('replace', 'replaceAll') and _leading_strip(call):
        return [recv]  # `p.replace(/^\/+/, '')`: the rest of the value is still the request's
    if recv is not None and files.strip_call(call):
        return [recv]  # `p.replace('../', '')` once: `....//` still climbs
    return []


def _leading_strip(call: Node) -> bool:
    """``x.replace(/^[/]+/, '')``: a pattern anchored at the start, removed: only the value's first
    characters go (an allowlist, ``/[^a-z0-9.]/g``, or an escape keeps nothing of the request's shape)."""
    args = s.arguments(call)
    if len(args) != 2 or args[0].type != 'regex' or s.string_value(args[1]) != '':
        return False
    pattern = s.text(args[0].child_by_field_name('pattern'))
    return pattern.startswith('^') and not pattern.startswith('^[^')


class Checker:
    """Finds the unvalidated request data in a sink's values; guards are read once per scope."""

    def __init__(self, scope: Scope, names: Mapping[str, frozenset[str]], declared: Iterable[str] = ()) -> None:
        self.scope = scope
        self.names = names
        self.requests = request_names(names, uploads.server_fields(scope.file, declared))
        # Not a bound method: the guards keep it, and a cycle would keep the scope's file alive.
        self.through: Callable[[Node], list[Node]] = functools.partial(through, names['pass_through'])
        self.guards = Guards(scope, names, self.through)

    def unvalidated(self, sink: Sink) -> Found | None:
        if all(constant(expr) for expr, _ in sink.exprs):
            return None
        own = self._own_path(sink)
        if own is not None:
            return own
        if not requests.in_reach(self.scope.file, sink.node, self.requests):
            # no request, event or location in reach: only a caller's value can be
            return self._from_caller(flow.of(self.scope.file, sink.node), sink) if sink.caller_message else None
        fl = flow.of(self.scope.file, sink.node)
        for expr, mode in sink.exprs:
            path = mode[1:] if mode and mode[0] in ('<recipient>', '<field>') else ()
            direct = mode[:1] in (('<filter>',), ('<filter value>',))
            value = expr
            if mode[:1] == ('<url>',):
                head = self._url_head(fl, expr)
                if head is None:  # the URL starts with a fixed origin or path, or with no request data
                    spliced = self._spliced_path(fl, expr, sink)
                    if spliced is not None:
                        return spliced
                    continue
                value = head
            origins = fl.origins(value, None if direct else self.through, path, self._checked_ternary)
            for origin in origins:
                src = requests.source(self.scope.file, fl, origin, self.through, self.requests)
                if src is None or (direct and not src.objects) or (sink.victim and src.header):
                    continue
                if sink.fields and not sink.fields.intersection(src.name.split('.')):
                    continue  # `res.send('Invalid ' + req.body.path)`: no link sets a body
                if mode[:1] == ('<url>',) and requests.current_page(origin):
                    continue  # `location.assign(callbackUrl ?? location.href)`: back to this very page
                full = (origin.binding.path if origin.binding is not None else ()) + origin.path
                if sink.file_path and uploads.basename_only(self.scope.file, full) and files.under_folder(fl, expr):
                    continue  # `${dir}/${req.file.originalname}`: multer's name is one segment, no `../`
                if mode == ('<filter>',) and len(full) > 1:
                    continue  # `find(req.body.filter)`: a value, not the request object
                if ssrf.fetches(sink) and mode[:1] == ('<url>',) and self.guards.prefix_only(fl, origin, src, sink.node):
                    return Found(src, evidence.trail(fl, expr, origin, self.through), ssrf.prefix_message(sink), ssrf.PREFIX_CONFIDENCE)
                if not self.guards.validated(fl, origin, src, sink.node, mode[:1] == ('<url>',)):
                    trail = evidence.trail(fl, expr, origin, self.through)
                    if sink.victim and mode[:1] == ('<url>',) and self.guards.slash_only(src, sink.node):
                        return Found(src, trail, redirect.slash_message(sink), redirect.SLASH_CONFIDENCE)
                    # Through a one-pass `../` strip: the author guarded it, if not enough (low).
                    stripped = any(files.strips_climbs(s.text(n)) for n in (*trail, sink.node))
                    # A whole request part handed to a send (`sendNotification(req.body)`): a payload
                    # whose recipient the call may take from elsewhere (outbound's, low).
                    payload = mode[:1] == ('<recipient>',) and (not full or full[-1] in requests.REQUEST_FIELDS)
                    # The project's own send given a request value not named as an address (outbound's, low).
                    unnamed = bool(sink.named and full) and sink.named.isdisjoint(s.name_words(full[-1]))
                    posted = sink.victim and mode[:1] == ('<url>',) and (
                        redirect.posted_param(origin, full) or redirect.own_button(self.scope.file, origin))
                    # A recipient a stored user was found by first (`if (!user) return` after
                    # `User.findOne({ email })`): only registered people are mailed (outbound's, low).
                    registered = mode[:1] == ('<recipient>',) and self.guards.registered(src, sink.node)
                    return Found(src, trail, sink.message,
                                 LOW if stripped or payload or unnamed or posted or registered else sink.confidence)
        return self._from_caller(fl, sink) if sink.caller_message else None

    def _own_path(self, sink: Sink) -> Found | None:
        """A redirect that starts with the request's own path in a middleware every request passes
        through (``request_paths``): ``//evil.example/`` goes off-site."""
        if not sink.exprs or sink.exprs[0][1][:1] != ('<url>',) or self.scope.file.words.isdisjoint(request_paths.PATH_WORDS):
            return None
        fl = flow.of(self.scope.file, sink.node)
        expr = sink.exprs[0][0]
        head = self._url_head(fl, expr)
        for origin in fl.origins(head, self.through) if head is not None else ():
            if request_paths.own_path(origin, self.requests.objects, self.requests.contexts):
                src = requests.Source(requests.display(origin), (origin.node.start_byte, origin.path), False)
                return Found(src, evidence.trail(fl, expr, origin, self.through), redirect.own_path_message(sink), sink.confidence)
        return None

    def _spliced_path(self, fl: Flow, url: Node, sink: Sink) -> Found | None:
        """Request data put unencoded into the path of a fixed host's URL (``url_paths``), low."""
        for piece in url_paths.spliced(fl, url):
            for origin in fl.origins(piece, self.through, (), self._checked_ternary):
                src = requests.source(self.scope.file, fl, origin, self.through, self.requests)
                if src is None or self.guards.validated(fl, origin, src, sink.node):
                    continue
                trail = evidence.trail(fl, piece, origin, self.through)
                callee = s.callee_path(sink.node) if sink.node.type == 'call_expression' else 'fetch'
                message = (f'`{short(callee)}()` puts `{{src}}` unencoded into the path of a fixed host\'s URL: '
                           '`../`, `?` or `#` in it reaches another endpoint of that host')
                return Found(src, trail, message, LOW)
        return None

    def _from_caller(self, fl: Flow, sink: Sink) -> Found | None:
        """A parameter interpolated into text for an interpreter (``callers``).  SQL and shell text
        (``caller_hop``) are listed where a same-file call passes request data for the parameter,
        and low confidence otherwise (judged 0 of 10 worth asking: ids from the database, typed
        flags, a CLI's own arguments; but real injections were fixed in that shape). A record's id
        in SQL is not asked there (``callers.record_id``)."""
        through = callers.follow(fl, self.through)
        unpassed: Found | None = None
        for expr, mode in sink.exprs:
            path = mode[1:] if mode and mode[0] in ('<recipient>', '<field>') else ()
            for origin in fl.origins(expr, through, path, lambda n: self._checked_ternary(n) or callers.numeric(n)):
                src = callers.source(origin)
                if src is None or self.guards.validated(fl, origin, src, sink.node):
                    continue
                trail = evidence.trail(fl, expr, origin, through)
                if not sink.caller_hop:
                    # A parameter itself (`email`) before a field of one (`config.mailAttribute`, an
                    # options object's setting): the value a login form fills, not the deployment's.
                    if not (origin.binding.path if origin.binding is not None else ()) + origin.path:
                        return Found(src, trail, sink.caller_message)
                    unpassed = unpassed or Found(src, trail, sink.caller_message)
                    continue
                passed = self._passed_request(origin)
                if passed is not None:
                    call, request = passed
                    where = f'which line {call.start_point.row + 1} passes from `{request.name}`'
                    return Found(src, (*trail, call), sink.caller_message.replace('{caller}', where.replace('{', '{{').replace('}', '}}')))
                if unpassed is None and not (sink.ids_loaded and callers.record_id(src.name)):
                    unpassed = Found(src, trail, sink.caller_message.replace('{caller}', 'a value its caller passes'), LOW)
        return unpassed

    def _passed_request(self, origin: Origin) -> tuple[Node, requests.Source] | None:
        """A call in the file that passes unvalidated request data for the parameter ``origin``
        reads (one hop: the caller's own parameters are not followed further)."""
        file = self.scope.file
        for call, arg, path in callers.call_sites(file, origin):
            if not requests.in_reach(file, call, self.requests):
                continue
            fl = flow.of(file, call)
            for o in fl.origins(arg, self.through, path, self._checked_ternary):
                src = requests.source(file, fl, o, self.through, self.requests)
                if src is not None and not self.guards.validated(fl, o, src, call):
                    return call, src
        return None

    def _url_head(self, fl: Flow, node: Node, prefix: str = '', depth: int = 0) -> Node | None:
        """The part of a URL that decides where it goes: the first computed piece, unless the
        literal text before it already fixes the origin (``https://api.x/``) or a path (``/users/``)."""
        node = s.unwrap(node)
        if _FIXED_URL.match(prefix) or depth > 4:
            return None
        if node.type == 'template_string':
            for c in node.named_children:
                if c.type == 'template_substitution':
                    return self._url_head(fl, c.named_children[0], prefix, depth + 1) if c.named_children else None
                prefix += s.text(c)
            return None
        if node.type == 'string':
            return None
        if node.type == 'ternary_expression':  # `session ? next : '/login'`: the branch that is not fixed
            if self._checked_ternary(node):
                return None
            for side in ('consequence', 'alternative'):
                branch = node.child_by_field_name(side)
                head = self._url_head(fl, branch, prefix, depth + 1) if branch is not None else None
                if head is not None:
                    return head
            return None
        if node.type == 'binary_expression' and s.text(node.child_by_field_name('operator')) in ('||', '??', '&&'):
            left, right = node.child_by_field_name('left'), node.child_by_field_name('right')
            if s.text(node.child_by_field_name('operator')) == '&&':
                # `is_relative_url(next) && next`: the value only when the check passes
                checked = left is not None and bool(self.guards.condition_values(left))
                return None if checked or right is None else self._url_head(fl, right, prefix, depth + 1)
            for side in (left, right):  # `(checked && next) || '/list'`: either side may be the URL
                head = self._url_head(fl, side, prefix, depth + 1) if side is not None else None
                if head is not None:
                    return head
            return None
        if node.type == 'binary_expression' and s.text(node.child_by_field_name('operator')) == '+':
            left = node.child_by_field_name('left')
            text = s.string_value(left) if left is not None else None
            if text is not None:
                return self._url_head(fl, node.child_by_field_name('right'), prefix + text, depth + 1)
            return self._url_head(fl, left, prefix, depth + 1)
        if node.type == 'identifier':
            # every value the name is given (two blocks' `newUrl`, a default then a reassignment):
            # the URL is fixed only when each of them is
            values = [b.value for b in fl.bindings_of(node) if b.value is not None and not b.path]
            if values and not any(b.kind == 'parameter' for b in fl.bindings_of(node)):
                heads = (self._url_head(fl, v, prefix, depth + 1) for v in values)
                return next((h for h in heads if h is not None), None)
        if not prefix and requests.own_origin(node):
            return None  # `${location.origin}${path}`: the page's own site
        if node.type == 'new_expression' and s.text(node.child_by_field_name('constructor')) == 'URL':
            args = s.arguments(node)
            return self._url_head(fl, args[0], prefix, depth + 1) if args else None
        text_of = _url_text_of(node)
        if text_of is not None:  # `url.toString()`, `url.href`, `String(url)`: the URL's own head
            return self._url_head(fl, text_of, prefix, depth + 1)
        return node

    def _checked_ternary(self, node: Node) -> bool:
        """``ALLOWED.includes(ext) ? ext : 'jpg'``: a ternary that picks by an allowlist is clean. So
        is a length (``params.length + 1`` numbering a placeholder, ``$${params.length}``): a number,
        whatever the array or string holds (Worklenz's file list, round 35, judged not)."""
        if node.type == 'member_expression' and s.text(node.child_by_field_name('property')) == 'length':
            return True
        if node.type != 'ternary_expression':
            return False
        cond = node.child_by_field_name('condition')
        return cond is not None and not text_type_test(cond) and bool(self.guards.condition_values(cond))
