"""No ``ok``/``status`` check: fetch resolves on a 4xx/5xx, so reading the body unchecked treats an
error page as data, and a write whose response is thrown away passes a failure as success.

A body read with no status check and nothing else missing is asked at low confidence: judged, it was
worth asking 32% of 22 times (33% of 9 on held-out code), mostly a best-effort read whose error body
only degrades a widget, a `.catch()` fallback or a font for an image route (bench/judged
``handled:caught-with-fallback``, ``handled:minor-degrade``, ``handled:failure-surfaces-anyway``).
A body the code raises as the error (``const text = await res.text(); if (text) throw new
Error(text)``: an API that answers success with an empty body) is checked: an error reply surfaces
(reva-interop's calls to its REST API, judged not worth asking twice in round 20)."""
from __future__ import annotations

import re

from vcx_hook.checks.error_handling.facts import Gap
from vcx_hook.checks.error_handling.facts import caught_in
from vcx_hook.ecosystem import http
from vcx_hook.ecosystem import logs
from vcx_hook.finding import LOW
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.syntax import Node


def unchecked_status(call: Node) -> Gap | None:
    """What the message says about the fetch ``call``'s status (the evidence: where the body is
    read), or None when it is looked at, or cannot be (``http.opaque_response``: a ``no-cors`` fetch)."""
    if http.opaque_response(call):
        return None
    unchecked = _unchecked_body(call)
    if unchecked is not None and not _body_checked(unchecked[2]) and not _relayed(unchecked[2]):
        var, method, read = unchecked
        text = f'no `{var}.ok` check before `{var}.{method}`' if var else f'no `ok` check before `.{method}`'
        return Gap(text, (read,), LOW)
    expr = s.outer_expression(call)
    if expr.type == 'await_expression' and s.parent_of(expr) is not None and (
            s.parent_of(expr).type == 'expression_statement') and _writes(call):
        return Gap(DISCARDED)
    return None


# The gap of a write whose response is thrown away.
DISCARDED = 'an unchecked response (a 4xx/5xx passes as success)'
# Statements that run their body again: what follows in the next pass reads what this one did.
_LOOPS = frozenset(('for_statement', 'for_in_statement', 'while_statement', 'do_statement'))


def last_act(call: Node) -> Node | None:
    """The function whose last act is the awaited write ``call`` (``await fetch(url, { method:
    'POST', ... })`` as the last statement of its body, or of a branch that ends it): nothing after
    it there could take a failure for a success. None when anything follows, or in a loop."""
    return _ending(s.parent_of(s.outer_expression(call)), call)


def _ending(stmt: Node | None, call: Node) -> Node | None:
    """The function of ``call`` when the statement ``stmt`` is its last act (nothing follows it
    there, nor in a loop around it)."""
    fn = s.enclosing_function(call)
    body = s.function_body(fn) if fn is not None else None
    node = stmt
    while node is not None and body is not None and node != body:
        parent = s.parent_of(node)
        if parent is None or parent.type in _LOOPS:
            return None
        if parent.type == 'statement_block' and [c for c in parent.named_children if c.type != 'comment'][-1] != node:
            return None
        node = parent
    return fn if node is not None and node == body else None


# A body thrown as the error (`const text = await res.text(); if (text) throw new Error(text)`: an API
# that answers success with an empty body, so any reply is its error) surfaces an error reply (reva-interop's
# calls to its REST API, round 20, judged not worth asking twice: ``handled:nonempty-body-throws``).
# A body checked for the API's own error (`data.ok`, `data.error`) or by a schema (zod's
# `safeParse`/`parse`, yup/Joi `validate`): an error body does not pass as data (bench/judged
# `handled:body-validated`, `handled:error-checked-in-body-or-schema`).
# A body whose needed field is checked for and its absence thrown (`if (!data.token) throw new
# AuthFailedError()`): an error body lacks it and fails loudly (speckle's token exchange, round 25,
# judged not worth asking: ``handled:body-error-field-checked``).
_VALIDATORS = frozenset(('parse', 'safeParse', 'parseAsync', 'safeParseAsync', 'validate', 'validateSync'))
_FLAG_NAMES = frozenset(('ok', 'error', 'errors', 'success'))
_BODY_FLAGS = rb'(?:' + b'|'.join(sorted(n.encode() for n in _FLAG_NAMES)) + rb')'


def _body_checked(read: Node) -> bool:
    """The body ``read`` (``json`` of ``res.json()``) is validated or checked for an error flag."""
    member = s.parent_of(read)
    call = s.parent_of(member) if member is not None else None
    if call is None or call.type != 'call_expression':
        return False
    parent = s.parent_of(s.outer_expression(call))
    if parent is not None and parent.type == 'arguments':
        return s.callee_name(s.parent_of(parent)) in _VALIDATORS  # schema.parse(await res.json())
    if _destructures_flag(call):
        return True  # `const { data, error } = await res.json()`: the API's own error field, read out
    body = bound_name(call)
    if body is None:
        return False
    v = re.escape(body).encode()
    validators = b'|'.join(sorted(n.encode() for n in _VALIDATORS))
    rest = after(call)
    if re.search(rb'\bthrow\s+(?:new\s+[\w$.]*\s*\(\s*)?' + v + rb'\b(?!\s*\??\.)', rest) is not None:
        return True  # `if (text) throw new Error(text)`: the reply's body is the error, raised
    if re.search(rb'\bif\s*\(\s*!\s*' + v + rb'\s*\??\.\s*[\w$]+\s*\)\s*\{?\s*throw\b', rest) is not None:
        return True  # `if (!data.token) throw new AuthFailedError(...)`: a body without the field fails
    return re.search(rb'\b' + v + rb'\s*\??\.\s*' + _BODY_FLAGS + rb'\b|\.\s*(?:' + validators + rb')\s*\(\s*' + v + rb'\b',
                     rest) is not None or re.search(rb'\b' + v + rb'\s*\??\.\s*status\s*[!=]==?\s*' + _VERDICTS, rest) is not None


# A web route's answer made of a value whole (`Response.json(data)`, `NextResponse.json(data, init)`).
_RELAYS = rb'\b(?:Response|NextResponse)\s*\.\s*json\s*\(\s*'


def _relayed(read: Node) -> bool:
    """The parsed body ``read`` (``json`` of ``res.json()``) is relayed whole as a route's answer
    (``const data = await response.json(); return Response.json(data)``): the caller gets the
    upstream's error body as it was sent, not a failure taken for data (courselit's GIPHY proxy
    routes, round 22, judged borderline twice: ``error-handling:proxy-passthrough``)."""
    member = s.parent_of(read)
    call = s.parent_of(member) if member is not None else None
    body = bound_name(call) if call is not None and call.type == 'call_expression' else None
    if body is None:
        return False
    return re.search(_RELAYS + re.escape(body).encode() + rb'\s*[,)]', after(call)) is not None


# The API's verdict in the body's `status` (`{ "status": "ok" }` of Fastly's purge, JSend's
# "success"/"fail"/"error"), compared: `if (body.status !== 'ok') throw ...` (pubpub's purge, judged
# not worth asking: ``handled:body-status-checked-background-purge``). Not a record's own status.
_VERDICTS = rb'''['"`](?:ok|OK|success|error|fail|failed|failure)['"`]'''


def _destructures_flag(call: Node) -> bool:
    """The parsed body is destructured with its error or success flag (``const { data, error } =
    await res.json()``): the caller reads the API's own verdict (saas-starter-kit's forms, judged
    not worth asking: ``handled:body-error-field-checked``)."""
    parent = s.parent_of(s.outer_expression(call))
    pattern = parent.child_by_field_name('name') if parent is not None and parent.type == 'variable_declarator' else None
    if pattern is None or pattern.type != 'object_pattern':
        return False
    keys = {s.text(p.child_by_field_name('key') or p) for p in pattern.named_children}
    return not keys.isdisjoint(_FLAG_NAMES)


def bound_name(call: Node) -> str | None:
    """The variable the call's result is stored in (``const res = await fetch()``)."""
    name = s.kept_under(call)
    return s.text(name) if name is not None and name.type == 'identifier' else None


def after(call: Node) -> bytes:
    """The rest of the call's function (or module), after the call."""
    fn = s.enclosing_function(call) or _root(call)
    return fn.text[call.end_byte - fn.start_byte:]


def _writes(call: Node) -> bool:
    """A POST/PUT/PATCH/DELETE (a discarded GET or HEAD response is a probe or a prefetch), not a
    beacon: ``keepalive: true`` asks the browser to finish the request after the page is gone,
    where nothing could read the answer (a tracking or analytics send, like ``sendBeacon``;
    bench/judged ``shape:fire-and-forget-tracking-beacon``, 0 of 2 worth asking)."""
    args = s.arguments(call)
    options = s.object_keys(s.unwrap(args[1])) if len(args) > 1 else {}
    method = s.string_value(options.get('method'))
    keepalive = options.get('keepalive')
    if keepalive is not None and s.unwrap(keepalive).type == 'true':
        return False
    return 'method' in options and (method is None or method.upper() not in ('GET', 'HEAD'))


def best_effort(call: Node) -> bool:
    """The awaited write ``call`` is the whole body of a try whose catch throws nothing and
    only logs, or is empty (``try { await fetch(hook, { method: 'POST', ... }) } catch (e) {
    logger.error(e) }``), the try the function's last act: the author made the call best-effort,
    and nothing after it takes a failure for a success (onlook's signup webhook, round 29, judged
    borderline: ``handled:best-effort-degrades-quietly``). The call may sit alone in an ``if``
    with no ``else`` that is the try's whole body (``try { if (enabled) await fetch(...) }``:
    openlit's opt-out telemetry capture, round 32, judged not worth asking)."""
    stmt = s.parent_of(s.outer_expression(call))
    if stmt is None or stmt.type != 'expression_statement':
        return False
    block = _sole_statement_of(stmt)
    trial = s.parent_of(block) if block is not None else None
    if trial is None or trial.type != 'try_statement' or trial.child_by_field_name('body') != block:
        return False
    handler = trial.child_by_field_name('handler')
    body = handler.child_by_field_name('body') if handler is not None else None
    if body is None or trial.child_by_field_name('finalizer') is not None or _ending(trial, call) is None:
        return False  # code after the try goes on as if the write succeeded (`window.location.assign('/')`)
    return all(c.type == 'comment' or _logs(c) for c in body.named_children)


def _sole_statement_of(stmt: Node) -> Node | None:
    """The outermost block whose only statement holds ``stmt`` through blocks of one statement and
    ``if``s with no ``else`` (``{ if (enabled) { await send() } }``), or None when ``stmt`` shares
    its block."""
    node, found = stmt, None
    while True:
        parent = s.parent_of(node)
        if parent is None:
            return found
        if parent.type == 'statement_block':
            if [c for c in parent.named_children if c.type != 'comment'] != [node]:
                return found
            found = parent
        elif not (parent.type == 'if_statement' and parent.child_by_field_name('alternative') is None
                  and parent.child_by_field_name('consequence') == node):
            return found
        node = parent


_LOGGERS = lazyre.compile(rb'^(?:console|[\w$.]*[Ll]og(?:ger)?)\s*\.\s*(?:error|warn|info|log|debug|trace)\s*\(')


def _logs(stmt: Node) -> bool:
    """``stmt`` is a call to a logger as a statement (``console.error(...)``, ``this._logger.warn(...)``,
    ``consoleLog(...)`` imported from the project's logger module)."""
    expr = stmt.named_children[0] if stmt.type == 'expression_statement' and stmt.named_children else None
    return expr is not None and expr.type == 'call_expression' and (
        _LOGGERS.match(stmt.text) is not None or logs.imported_log_call(expr, _root(expr)))


def _root(node: Node) -> Node:
    while s.parent_of(node) is not None:
        node = s.parent_of(node)
    return node


def _unchecked_body(call: Node) -> tuple[str, str, Node] | None:
    """``(var, method, where)`` when a fetch response's body is read with no ``ok``/``status`` check."""
    chain = list(reversed(s.chain_calls(s.chain_top(call))))
    if len(chain) > 1:
        link = chain[1]
        if s.callee_name(link) != 'then':
            return None
        args = s.arguments(link)
        cb = args[0] if args else None
        if cb is None or cb.type not in ('arrow_function', 'function_expression'):
            return None  # .then(checkStatus): a named handler looks at the response
        params = s.parameter_names(cb)
        body = cb.child_by_field_name('body')
        if not params or not params[0] or body is None:
            return None
        return _located(body, body.start_byte, _body_read(body.text, params[0]))
    expr = s.outer_expression(call)
    parent = s.parent_of(expr)
    if parent is not None and parent.type == 'member_expression':
        prop = s.text(parent.child_by_field_name('property'))
        if prop not in http.BODY_READS or prop == 'body':
            return None
        return '', prop + '()', parent.child_by_field_name('property') or parent
    bound = bound_name(call)
    if bound is None:
        return None
    return _located(call, call.end_byte, _body_read(after(call), bound))


def _located(near: Node, base: int, read: tuple[str, str, int, int] | None) -> tuple[str, str, Node] | None:
    """``_body_read``'s answer with the node at its offsets, counted from the byte ``base``."""
    if read is None:
        return None
    var, method, start, end = read
    return var, method, s.descendant(_root(near), base + start, base + end) or near


def _body_read(text: bytes, var: str) -> tuple[str, str, int, int] | None:
    """``(var, method, start, end)``: where ``var``'s body is read in ``text`` with no status check."""
    v = re.escape(var).encode()
    if re.search(rb'\b' + v + rb'\s*\??\.\s*(?:ok|status|statusCode)\b', text):
        return None
    if re.search(rb'[(,]\s*' + v + rb'\s*[,)]|\}\s*=\s*' + v + rb'\b|\breturn\s+' + v + rb'\s*[;}\n]', text):
        return None  # handed to a helper, destructured, or returned: checked out of sight
    reads = re.finditer(rb'\b' + v + rb'\s*\??\.\s*(' + b'|'.join(sorted(r.encode() for r in http.BODY_READS)) + rb')\b', text)
    # Not a body thrown away unread (`res.body?.cancel()`: a warm-up request frees its connection).
    m = next((r for r in reads if not (r.group(1) == b'body' and _CANCELLED.match(text, r.end()))), None)
    if m is None:
        return None
    method = m.group(1).decode()
    return var, method if method == 'body' else method + '()', m.start(1), m.end(1)


_CANCELLED = re.compile(rb'\s*\??\.\s*cancel\s*\(')


def read_defensively(call: Node) -> bool:
    """The parsed body is read only through optional chaining or with a fallback (``const data =
    await res.json(); return data?.models ?? []``, ``return data.url ?? null``): an error body reads
    as nothing, not as data."""
    unchecked = _unchecked_body(call)
    if unchecked is None:
        return False
    member = s.parent_of(unchecked[2])
    parsed = s.parent_of(member) if member is not None else None
    if parsed is None or parsed.type != 'call_expression':
        return False
    body = bound_name(parsed)
    if body is None:
        return _caught_chained_read(call, parsed) or _caught_inner_read(parsed)
    text = after(parsed)
    v = re.escape(body).encode()
    # A field read with a fallback (`return config.end_session_endpoint ?? null`) reads an error
    # body as nothing too (egapro's logout endpoint lookup, round 21, judged not worth asking).
    fallback = rb'(?:\s*\.\s*[\w$]+)+\s*(?:\?\?|\|\|)'
    # A field read on optionally (`data.data?.count`, `data.result?.items`): the parsed body is an
    # object, so an error body's missing field stops the chain there (polkassembly's Subscan proxy
    # lookup, round 30, judged not worth asking: ``handled:callee-catches``).
    optional = rb'\s*\.\s*[\w$]+\s*\?\.'
    safe = re.compile(v + rb'(?:' + fallback + rb'|' + optional + rb')')
    plain = next((m for m in re.finditer(rb'(?<![\w$.])' + v + rb'\s*(?:\.(?!\.)|\[)', text)
                  if not safe.match(text, m.start())), None)
    guarded = re.search(rb'(?<![\w$.])' + v + rb'(?:\s*(?:\?\.|\?\?|\|\|)|' + fallback + rb'|' + optional + rb')', text)
    return plain is None and guarded is not None or _caught_deep_reads(parsed, v, text)


# A field of the body read on (`json.flags[key]`, `data.items.map(...)`), or an array's method called
# on the body itself (`versions.map(...)`): on an error body, which lacks the field or is no array,
# the read throws.
_DEEP = rb'\s*\.\s*[\w$]+\s*(?:\.(?!\.)|\[)'
_ARRAY_CALL = rb'\s*\.\s*(?:map|flatMap|forEach|filter|reduce|find|some|every)\s*\('
_STRAIGHT = frozenset(('lexical_declaration', 'variable_declaration', 'expression_statement', 'return_statement'))
_BRANCHING = frozenset(('ternary_expression', 'if_statement', *s.FUNCTION_TYPES))


def _caught_deep_reads(parsed: Node, v: bytes, text: bytes) -> bool:
    """The parsed body is read only inside the try around it, and its first read, which every run
    reaches, goes a field deep (``try { const json = await res.json(); enabled = json.flags[key] }
    catch { warn() } return enabled``): an error body lacks the field, the read throws, and the catch
    has it, as it has a failed request: its default is the answer (builder-server's feature flags,
    round 24, judged not worth asking: ``handled:caught-with-fallback``; sourcify's stale Vyper list),
    or its own error is the failure the caller sees, which an ``ok`` check would only reword
    (reva's France compétences lookup, rethrown as "API indisponible", and sourcify's
    compiler list, round 32: ``handled:shape-throws-into-catch``, ``handled:caught-with-fallback``,
    borderline and not worth asking). ``text``: the function after ``parsed``."""
    block = next((a for a in s.ancestors(parsed) if a.type == 'statement_block' or a.type in s.FUNCTION_TYPES), None)
    trial = s.parent_of(block) if block is not None else None
    if trial is None or trial.type != 'try_statement' or trial.child_by_field_name('body') != block \
            or trial.child_by_field_name('handler') is None:
        return False
    inside = block.end_byte - parsed.end_byte
    # The names in the code, not in its strings (`logger.error('Failed to fetch versions')`).
    fn = s.enclosing_function(parsed) or block
    uses = [n.start_byte - parsed.end_byte for n in s.identifiers(fn, _NAMES)
            if n.start_byte >= parsed.end_byte and n.text == v and not _property(n)]
    deep = re.compile(v + rb'(?:' + _DEEP + rb'|' + _ARRAY_CALL + rb')')
    if not uses or any(at >= inside for at in uses):
        return False
    return all(deep.match(text, at) for at in uses) \
        or deep.match(text, uses[0]) is not None and _reached(block, parsed, parsed.end_byte + uses[0])


_NAMES = frozenset(('identifier', 'shorthand_property_identifier'))
_ARRAY_METHODS = frozenset(('map', 'flatMap', 'forEach', 'filter', 'reduce', 'find', 'some', 'every'))
# `Object.values(data.releases)`: a missing field handed to these throws.
_OBJECT_READS = frozenset(('Object.keys', 'Object.values', 'Object.entries'))


def _caught_chained_read(call: Node, parsed: Node) -> bool:
    """The chain's form of ``_caught_deep_reads``: ``fetch(url).then((r) => r.json()).then((data) =>
    Object.values(data.releases).map(...))`` in a try with a catch, the next callback's first read of
    the body, reached on every run, going a field deep (sourcify's compiler list at start-up, round
    32, whose catch rethrows: ``handled:startup-init-error-caught``, judged not worth asking)."""
    chain = list(reversed(s.chain_calls(s.chain_top(call))))
    if len(chain) < 3 or s.callee_name(chain[1]) != 'then' or s.callee_name(chain[2]) != 'then':
        return False
    first, then = (s.arguments(c) for c in chain[1:3])
    cb = s.unwrap(first[0]) if first else None
    if cb is None or cb.type != 'arrow_function' or s.unwrap(cb.child_by_field_name('body') or cb) != parsed:
        return False
    reader = s.unwrap(then[0]) if then else None
    params = s.parameter_names(reader) if reader is not None and reader.type in s.FUNCTION_TYPES else []
    fn = s.enclosing_function(chain[-1])
    if reader is None or not params or not params[0] or fn is None or not caught_in(chain[-1], fn):
        return False
    uses = sorted((n for n in s.identifiers(reader, _NAMES) if s.text(n) == params[0] and not _property(n)
                   and n.start_byte >= (reader.child_by_field_name('body') or reader).start_byte),
                  key=lambda n: n.start_byte)
    return bool(uses) and _throws_on_error_body(uses[0]) and not any(
        a.type in _BRANCHING for a in s.ancestors(uses[0]) if reader.start_byte < a.start_byte)


def _caught_inner_read(parsed: Node) -> bool:
    """``response.json().then((data) => resolve(data.responses[0].hits.total)).catch((e) => reject(e))``:
    the parse starts a chain of its own whose next callback's first read of the body, reached on
    every run, goes a field deep, and whose ``.catch`` takes what it throws (pop's search counts,
    round 33, judged not worth asking: ``handled:json-shape-throws-caught``)."""
    calls = list(reversed(s.chain_calls(s.chain_top(parsed))))
    if len(calls) < 3 or calls[0] != parsed or s.callee_name(calls[1]) != 'then' \
            or s.callee_name(calls[2]) != 'catch' or len(s.arguments(calls[1])) != 1:
        return False
    reader = s.unwrap(s.arguments(calls[1])[0])
    params = s.parameter_names(reader) if reader.type in s.FUNCTION_TYPES else []
    if not params or not params[0]:
        return False
    start = (reader.child_by_field_name('body') or reader).start_byte
    uses = sorted((n for n in s.identifiers(reader, _NAMES) if s.text(n) == params[0] and not _property(n)
                   and n.start_byte >= start), key=lambda n: n.start_byte)
    return bool(uses) and _throws_on_error_body(uses[0]) and not any(
        a.type in _BRANCHING for a in s.ancestors(uses[0]) if reader.start_byte < a.start_byte)


def chained_read_optionally(call: Node) -> bool:
    """``fetch(url).then((r) => r.json()).then((data) => { if (data?.info) setInfo(data.info) })``:
    the next callback reads the parsed body only through optional chaining or a fallback, or inside
    an ``if`` whose condition reads it so: an error body reads as nothing (dotreasury's identity
    links, round 33, judged not worth asking twice: ``handled:optional-links-degrade``)."""
    chain = list(reversed(s.chain_calls(s.chain_top(call))))
    if len(chain) < 3 or s.callee_name(chain[1]) != 'then' or s.callee_name(chain[2]) != 'then':
        return False
    first, then = (s.arguments(c) for c in chain[1:3])
    cb = s.unwrap(first[0]) if first else None
    body = s.unwrap(cb.child_by_field_name('body') or cb) if cb is not None and cb.type == 'arrow_function' else None
    if body is None or body.type != 'call_expression' or s.callee_name(body) not in ('json', 'text'):
        return False
    reader = s.unwrap(then[0]) if then else None
    params = s.parameter_names(reader) if reader is not None and reader.type in s.FUNCTION_TYPES else []
    if reader is None or not params or not params[0]:
        return False
    start = (reader.child_by_field_name('body') or reader).start_byte
    uses = [n for n in s.identifiers(reader, _NAMES)
            if s.text(n) == params[0] and not _property(n) and n.start_byte >= start]
    return bool(uses) and all(_optional(n) or _guarded(n, reader, params[0]) for n in uses)


def _optional(use: Node) -> bool:
    """``data?.info``, ``data ?? {}``, ``data || {}``."""
    parent = s.parent_of(use)
    return parent is not None and (parent.type == 'member_expression' and parent.child_by_field_name('object') == use
                                   and b'?.' in parent.text[len(use.text):len(use.text) + 3]
                                   or parent.type == 'binary_expression' and parent.child_by_field_name('left') == use
                                   and s.text(parent.child_by_field_name('operator') or parent) in ('??', '||'))


def _guarded(use: Node, reader: Node, name: str) -> bool:
    """``use`` sits in the consequence of an ``if`` of ``reader`` whose condition reads ``name`` optionally."""
    for a in s.ancestors(use):
        if a == reader:
            return False
        cond = a.child_by_field_name('condition') if a.type == 'if_statement' else None
        cons = a.child_by_field_name('consequence') if cond is not None else None
        if cons is not None and cons.start_byte <= use.start_byte < cons.end_byte and any(
                s.text(n) == name and _optional(n) for n in s.identifiers(cond, _NAMES)):
            return True
    return False


def _throws_on_error_body(use: Node) -> bool:
    """``use`` reads a field a level deep (``data.items.length``, ``data.items[0]``), calls an
    array's method on the body (``data.map(f)``) or hands a field to ``Object.values``: on an error
    body, which lacks the field or is no array, the read throws."""
    member = s.parent_of(use)
    if member is None or member.type != 'member_expression' or member.child_by_field_name('object') != use \
            or b'?.' in member.text:
        return False
    outer = s.parent_of(member)
    if outer is None:
        return False
    if outer.type in ('member_expression', 'subscript_expression') and outer.child_by_field_name('object') == member:
        return not outer.text[len(member.text):].lstrip().startswith(b'?.')
    if outer.type == 'call_expression' and s.callee(outer) == member:
        return s.text(member.child_by_field_name('property')) in _ARRAY_METHODS
    call = s.parent_of(outer) if outer.type == 'arguments' else None
    return call is not None and call.type == 'call_expression' and s.text(s.callee(call) or call) in _OBJECT_READS


def _property(node: Node) -> bool:
    """``node`` is a key written before a colon (``{ versions: ... }``), not a use of the name."""
    parent = s.parent_of(node)
    return parent is not None and parent.type == 'pair' and parent.child_by_field_name('key') == node


def _reached(block: Node, parsed: Node, at: int) -> bool:
    """The read at byte ``at`` runs whenever ``parsed`` does: both sit in plain statements of
    ``block`` (a declaration, an expression, a return), with no branch or callback around the read."""
    first = next((c for c in block.named_children if c.start_byte <= parsed.start_byte < c.end_byte), None)
    then = next((c for c in block.named_children if c.start_byte <= at < c.end_byte), None)
    if first is None or then is None or first.type not in _STRAIGHT or then.type not in _STRAIGHT:
        return False
    node = then.descendant_for_byte_range(at, at)
    while node is not None and node != then:
        if node.type in _BRANCHING:
            return False
        node = s.parent_of(node)
    return True
