"""The network call rule: each call of a known client, asked once, naming everything missing in one
message (no status check, no timeout, nothing catching its rejection)."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.error_handling.clients import bundled_asset
from vcx_hook.checks.error_handling.clients import client
from vcx_hook.checks.error_handling.facts import ID
from vcx_hook.checks.error_handling.facts import QUESTION
from vcx_hook.checks.error_handling.facts import Facts
from vcx_hook.checks.error_handling.facts import Gap
from vcx_hook.checks.error_handling.facts import Names
from vcx_hook.checks.error_handling.facts import short
from vcx_hook.checks.error_handling.fetch_status import DISCARDED
from vcx_hook.checks.error_handling.fetch_status import best_effort
from vcx_hook.checks.error_handling.fetch_status import chained_read_optionally
from vcx_hook.checks.error_handling.fetch_status import last_act
from vcx_hook.checks.error_handling.fetch_status import read_defensively
from vcx_hook.checks.error_handling.fetch_status import unchecked_status
from vcx_hook.checks.error_handling.rejections import dropped_by_callers
from vcx_hook.checks.error_handling.rejections import fire_and_forget
from vcx_hook.checks.error_handling.rejections import missing_catch
from vcx_hook.checks.error_handling.timeouts import file_sets_timeouts
from vcx_hook.checks.error_handling.timeouts import missing_timeout
from vcx_hook.ecosystem import http
from vcx_hook.ecosystem import runtime
from vcx_hook.ecosystem.http import Client
from vcx_hook.finding import LOW
from vcx_hook.finding import Finding
from vcx_hook.lang import declarations
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node


def findings(scope: Scope, names: Names, facts: Facts, reported: set[int]) -> Iterator[Finding]:
    """One finding per network call missing something; the start of each call's chain goes in
    ``reported``.  Its evidence: the chain's links, where the body is read, where the call's
    function is handed to code that does not await it."""
    for call in scope.captures('error-handling.call'):
        found = client(call, names, facts)
        if found is None or bundled_asset(call, scope.file) or any(
                runtime.refused_in_production(fn) for fn in s.ancestors(call) if fn.type in s.FUNCTION_TYPES):
            continue
        missing = _missing(scope, call, found, names, facts)
        if missing:
            top = s.chain_top(call)
            reported.add(top.start_byte)
            evidence = (*links(top), *(n for m in missing for n in m.evidence))
            confidence = LOW if _resource_in_browser(scope, call, missing) else _confidence(call, missing)
            yield scope.finding(call, ID, f'`{short(call)}` has {_join([m.text for m in missing])}', QUESTION,
                                evidence=evidence, confidence=confidence)


def links(top: Node) -> tuple[Node, ...]:
    """The method names of a call chain's links (``.then``, ``.catch``), on their own lines or not."""
    out = []
    for c in s.chain_calls(top):
        fn = s.callee(c)
        prop = fn.child_by_field_name('property') if fn is not None and fn.type == 'member_expression' else None
        if prop is not None:
            out.append(prop)
    return tuple(out)


def _missing(scope: Scope, call: Node, found: Client, names: Names, facts: Facts) -> list[Gap]:
    """What the call lacks, or nothing when nothing that matters here is missing.

    In browser code a rejection alone is not asked: the page stays up, and code that already reads
    the status is the engineer's version.  It is still named when the status is unchecked too.
    A missing timeout alone, where the status and the rejection are handled, is listed only for a
    call that leaves out what the file's other calls of its client pass (held out: 3 worth, 3 borderline
    of the 6 of that kind this lists; 38% of the 16 listed before); elsewhere it is low
    confidence: judged on held-out code, it was worth asking once in 38 (bench/judged,
    ``handled:status-checked-only-timeout-missing``), though real hangs were fixed that way.
    """
    rejection = missing_catch(scope, call, found, names, facts)
    status = unchecked_status(call) if found.kind == http.FETCH else None
    if status is not None and status.text == DISCARDED and (fn := last_act(call)) is not None \
            and dropped_by_callers(scope.file, fn):
        status = None  # its last act, in a function no caller waits on: nothing takes a failure for a success
    # A best-effort write (caught and logged, nothing after it): its status is not asked; a missing
    # timeout still is, listed as it was beside the status (sim's revert notify, worth asking).
    best = status is not None and status.text == DISCARDED and best_effort(call)
    status = None if best else status
    timeout = missing_timeout(scope, call, found, facts)
    if timeout and not rejection and not status and fire_and_forget(call):
        timeout = None
    if timeout and not rejection and not status and not best and not file_sets_timeouts(scope, found, names, facts):
        timeout = timeout._replace(alone=LOW)
    if not status and not timeout and runtime.is_browser(scope.file):
        return []
    return [m for m in (rejection, status, timeout) if m]


def _confidence(call: Node, missing: list[Gap]) -> str:
    """One gap's own grade; LOW for a status and a timeout missing from a caught fetch whose body is
    read defensively (``data?.models ?? []``): an error body shows as nothing, and only the timeout
    is left. Of the judged questions naming both gaps, the caught ones with a defensive read were not
    or only borderline worth asking (bench/judged ``handled:caught-and-defaults-empty``,
    ``handled:ok-gap-covered-by-catch-timeout-only``: refly's model list); this grade reaches the
    bound-variable form (``const data = await res.json()``)."""
    if len(missing) == 1:
        return missing[0].alone
    if len(missing) == 2 and all(m.alone == LOW or 'timeout' in m.text for m in missing) \
            and any('timeout' in m.text for m in missing) and read_defensively(call):
        return LOW
    return ''


def _resource_in_browser(scope: Scope, call: Node, missing: list[Gap]) -> bool:
    """Browser code fetching, with no catch and no status check, a URL it does not spell: a
    parameter or an event's payload (`bus.on('log.url', async (e) => fetch(e))`), a local made by a
    call (`url = await getWorkspaceImageFromStorage(path)`: a signed URL), a template that starts
    with one (`${payload}?time=${ts}`). A resource handed to the page, not the app's own API, whose
    error body the page would read as data: judged on held-out code, 1 worth asking of 10 (7
    borderline, 2 not: chatbot-ui's signed image URLs, sst console's published log URLs, Hydro's
    history dialog, openstad's widget; worth: Folo's video download, whose spinner stays on); the
    worth-asking ones mostly fetch a path the call names (`/api/uploads`). Nor any browser fetch
    whose chain's next callback reads the parsed body only optionally (``.then((data) => { if
    (data?.info) setInfo(data.info) })``): a failure leaves the page as it was, a console warning
    aside (dotreasury's identity links, round 33, judged not worth asking twice)."""
    if not runtime.is_browser(scope.file) or len(missing) != 2 or not any('catch' in m.text for m in missing) \
            or any('timeout' in m.text for m in missing):
        return False
    if chained_read_optionally(call):
        return True  # the next callback reads the body only optionally: an error body reads as nothing
    args = s.arguments(call)
    url = s.unwrap(args[0]) if args else None
    if url is None:
        return False
    if url.type == 'template_string':
        parts = url.named_children
        return bool(parts) and parts[0].type == 'template_substitution' and not _names_path(url)
    if url.type != 'identifier':
        return False
    decl = declarations.declaration(url)
    if decl is None:
        return False  # a global or an import: a constant the project spells elsewhere
    if decl.type != 'variable_declarator':
        return True  # a parameter
    fn = s.enclosing_function(decl)
    values = [decl.child_by_field_name('value')]
    if fn is not None:  # `let url = ''`, then `url = (await getImageUrl(path)) || ''`
        values += [a.child_by_field_name('right') for a in s.own_nodes(fn, _ASSIGNMENTS)
                   if (left := a.child_by_field_name('left')) is not None and left.text == url.text]
    return not any(v is not None and _names_path(v) for v in values)


_ASSIGNMENTS = frozenset(('assignment_expression',))
_FRAGMENTS = frozenset(('string_fragment',))


def _names_path(node: Node) -> bool:
    """Literal text in ``node`` spells a path or an address (``'/api/x'``, ``` `${API}/users` ```)."""
    return any(b'/' in f.text for f in ([node] if node.type == 'string_fragment' else s.own_nodes(node, _FRAGMENTS)))


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ', '.join(parts[:-1]) + ' and ' + parts[-1]
