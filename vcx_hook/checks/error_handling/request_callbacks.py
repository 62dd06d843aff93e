"""No status check in the callback of the ``request`` package: ``request({ uri, qs }, (error,
response, body) => { if (error) return callback(error); callback(null, JSON.parse(body)) })``.
request calls back with no error on a 4xx/5xx reply, so a callback that looks at ``error`` and reads
the body without ever reading the response (its ``statusCode``) takes an error page, or an API's
error object, for data. Not asked when the callback reads the response at all (its status, its
headers, or hands it on), checks the body for the API's own error flag (``body.error``,
``data.ok``) or for the absence of the field it needs (``if (!body.features) reject(...)``: an
error body fails there), or destructures the response (``(err, { statusCode }, body)``). Low: a
new shape (openbadges-backpack's Facebook publishing, holdout28); on the tuning applications that
use request it asked twice, both worth asking (hylo's Vimeo thumbnail, whose `JSON.parse` of a 404
page throws in the callback, and its Stripe token exchange, whose mutation answers success whatever
came back), too few to list."""
from __future__ import annotations

import re
from collections.abc import Iterator

from vcx_hook.checks.error_handling.facts import ID
from vcx_hook.checks.error_handling.facts import QUESTION
from vcx_hook.checks.error_handling.facts import short
from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import http
from vcx_hook.ecosystem import packages
from vcx_hook.finding import LOW
from vcx_hook.finding import Finding
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_CALLBACKS = frozenset(('arrow_function', 'function_expression', 'function'))
# The body checked for the API's own verdict (`body.error`, `data.ok`), not a logger's `.error(`.
# The names the file binds to the package (`var request = require('request')`, `import request from 'request'`).
_BOUND = lazyre.compile(
    rb'''(?:\b(?:const|let|var)\s+([\w$]+)\s*=\s*require\(|\bimport\s+([\w$]+)[^;'"]*from)\s*['"]request['"]''')
_BODY_VERDICT = lazyre.compile(rb'\.\s*(?:ok|errors?|success)\b(?!\s*\()')


def findings(scope: Scope) -> Iterator[Finding]:
    if not scope.holds(b'request'):
        return
    names = frozenset(m.group(1) or m.group(2) for m in _BOUND.finditer(scope.file.source))
    if not names:
        return
    for name in scope.named(names):
        call = _request_call(name)
        found = bindings.binding(scope.file, name) if call is not None else None
        if found is None or found.library != packages.REQUEST:
            continue
        fn = s.unwrap(s.arguments(call)[-1]) if call is not None and s.arguments(call) else None
        if call is None or fn is None or fn.type not in _CALLBACKS:
            continue
        unread = _unread_response(fn)
        if unread is not None:
            yield scope.finding(
                call, ID,
                f'`{short(call, 40)}`: the callback reads the body and never `{unread}.statusCode`; request '
                'calls back with no error on a 4xx/5xx, so an error reply passes as data',
                QUESTION, evidence=(fn,), confidence=LOW)


def _request_call(name: Node) -> Node | None:
    """``request(options, cb)`` or ``request.post(options, cb)`` of the bound ``name``."""
    if name.type != 'identifier':
        return None
    call = s.called_by(name)
    if call is not None:
        return call
    member = s.parent_of(name)
    if member is None or member.type != 'member_expression' or member.child_by_field_name('object') != name:
        return None
    prop = member.child_by_field_name('property')
    if prop is None or s.text(prop) not in http.SINK_METHODS:
        return None
    call = s.parent_of(member)
    return call if call is not None and call.type == 'call_expression' and call.child_by_field_name('function') == member else None


def _unread_response(fn: Node) -> str | None:
    """The response parameter's name when the callback ``fn`` reads the body and never the
    response (but for its ``body``), nor the body's own error flag."""
    params = s.parameter_names(fn)
    if len(params) < 2 or not params[1]:
        return None
    response = params[1]
    body = s.function_body(fn)
    if body is None:
        return None
    text = body.text
    uses = [m for m in re.finditer(rb'(?<![\w$.])' + re.escape(response.encode()) + rb'(?![\w$])', text)]
    through_response = [m for m in uses if re.match(rb'\s*\??\.\s*body\b', text[m.end():])]
    if len(uses) != len(through_response):
        return None  # the status, headers, or the response handed on
    read = bool(through_response) or (len(params) > 2 and params[2] != '' and re.search(
        rb'(?<![\w$.])' + re.escape(params[2].encode()) + rb'(?![\w$])', text) is not None)
    if not read or _BODY_VERDICT.search(text) is not None or _field_required(text, params[2:3] + [response]):
        return None
    return response


def _field_required(text: bytes, names: list[str]) -> bool:
    """The body's needed field tested for absence (``!body.features``, ``!response.body.token``):
    an error body lacks it and the callback fails on that branch (mapbox's geocoding in hylo's post
    importer, read while tuning: the error surfaces as a location not found)."""
    return any(name and re.search(rb'!\s*' + re.escape(name.encode()) + rb'\s*\??\.\s*(?:body\s*\??\.\s*)?[\w$]+', text)
               for name in names)
