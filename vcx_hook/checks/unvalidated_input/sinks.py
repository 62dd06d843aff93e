"""Every sink in a scope, by kind: each candidate (``candidates``) goes to the rule of its kind,
in this order, and the first kind whose names it has decides (``db.query`` is SQL or nothing)."""
from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Mapping

from vcx_hook.checks.unvalidated_input import callers
from vcx_hook.checks.unvalidated_input import code
from vcx_hook.checks.unvalidated_input import command
from vcx_hook.checks.unvalidated_input import files
from vcx_hook.checks.unvalidated_input import html
from vcx_hook.checks.unvalidated_input import ldap
from vcx_hook.checks.unvalidated_input import mongo
from vcx_hook.checks.unvalidated_input import outbound
from vcx_hook.checks.unvalidated_input import redirect
from vcx_hook.checks.unvalidated_input import sql
from vcx_hook.checks.unvalidated_input import ssrf
from vcx_hook.checks.unvalidated_input.candidates import candidates
from vcx_hook.checks.unvalidated_input.values import short
from vcx_hook.checks.unvalidated_input.values import Sink
from vcx_hook.ecosystem import client_router
from vcx_hook.ecosystem import http
from vcx_hook.ecosystem import request_paths
from vcx_hook.ecosystem import requests
from vcx_hook.ecosystem import stores
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node


def sinks(scope: Scope, names: Mapping[str, frozenset[str]], request_names: requests.Names,
          declared: Mapping[str, str] | None = None) -> Iterator[Sink]:
    """The scope's sinks whose outermost function may hold a source (``requests.in_reach``), and
    those a caller's value may reach (``callers``); ``declared``: the packages of the file's
    package (``config.packages_near``)."""
    file = scope.file
    found = candidates(scope, names)
    clients, news, assigns, htmls = (
        [n for n in nodes if requests.in_reach(file, n, request_names)] for nodes in found[1:])
    interpreters = callers.names_of(names['sql_methods'])  # a caller's value may reach them too
    # A redirect may start with the request's own path (`request_paths`), which no other source's words show.
    own_paths = not file.words.isdisjoint(request_paths.PATH_WORDS)
    calls = [n for n in found[0] if s.callee_name(n) in interpreters or requests.in_reach(file, n, request_names)
             or own_paths and s.callee_name(n) == 'redirect']
    for call in calls:
        sink = call_sink(scope, call, names, declared or {})
        if sink is not None:
            yield sink
    if not s.is_ui_file(scope.file):
        for call in clients:
            args = s.arguments(call)
            found_ssrf = ssrf.sink(file, call, args[0]) if args and s.callee_name(call) in http.SINK_METHODS else None
            if found_ssrf is not None:
                yield found_ssrf
    for new in news:
        sink = code.new_sink(new)
        if sink is not None:
            yield sink
    for assign in assigns:
        sink = assignment_sink(scope, assign)
        if sink is not None:
            yield sink
    for pair in htmls:
        sink = html.dangerously_set(pair)
        if sink is not None:
            yield sink


def call_sink(scope: Scope, call: Node, names: Mapping[str, frozenset[str]],
              declared: Mapping[str, str]) -> Sink | None:
    name = s.callee_name(call)
    recv = s.receiver_name(call)
    path = s.callee_path(call)
    args = s.arguments(call)
    arg_node = call.child_by_field_name('arguments')
    if not args or arg_node is None or arg_node.type == 'template_string':
        return None  # tagged templates (sql`...`) keep values apart from the text
    label = f'`{short(path)}()`'
    first = args[0]
    responses = names['responses']
    if name in names['sql_methods'] and (recv or sql.bare_runner(scope.file, call, name)):
        found = sql.sink(scope, call, name, first, label)
        if found is not None or name not in stores.SQL_OR_OTHER:
            return found
    if name in names['mongo_methods'] and recv and recv not in stores.NOT_MONGO_CLIENTS:
        return mongo.sink(scope, call, first, label, names['secret_fields']) if mongo.may_be_mongo(scope, call, declared) else None
    if name == 'insertAdjacentHTML' and len(args) > 1:
        return html.insert_adjacent(call, args[1], label)
    if name in ('write', 'writeln') and recv == 'document':
        return html.document_write(call, first, label)
    if name in ('send', 'end', 'write') and recv in responses:
        return html.response(scope, call, first, label)
    if name in names['code_methods'] and code.is_code_call(call, name, recv, first):
        return code.call_sink(call, first, label)
    if name in names['command_methods'] and (command.is_child_process(scope, recv) or command.own_shell(scope, call, name)):
        return command.sink(scope, call, name, args, label)
    if name in names['file_methods'] and files.is_fs(scope, path, recv):
        return files.fs_sink(call, first, label)
    if name in ('sendFile', 'sendfile', 'download') and recv in responses:
        return files.served(call, args, label)
    if name == 'redirect' and (recv in responses or recv in ('ctx', 'NextResponse', 'Response') or not recv):
        return redirect.redirect(call, args, label)
    if name in ('assign', 'replace') and (recv == 'location' or path.endswith('.location.' + name)):
        return redirect.navigate(call, first, label)
    if name in client_router.NAVIGATIONS and client_router.is_router(scope.file, s.receiver(call)):
        return redirect.router_navigation(call, first, label)
    if name == 'search' and recv and len(args) > 1 and ldap.is_client(scope):
        return ldap.sink(scope, call, args[1], label)
    if name in http.SINK_FUNCTIONS and not recv:
        return None if s.is_ui_file(scope.file) else ssrf.sink(scope.file, call, first)
    return outbound.sink(scope, call, name, recv, path, first, label, names)


def assignment_sink(scope: Scope, assign: Node) -> Sink | None:
    left = assign.child_by_field_name('left')
    right = assign.child_by_field_name('right')
    if left is None or right is None:
        return None
    target = s.dotted(left)
    prop = target.rsplit('.', 1)[-1]
    if prop in ('innerHTML', 'outerHTML'):
        return html.inner_html(assign, right, target)
    if target in redirect.LOCATIONS:
        return redirect.assigned(assign, right, target)
    if target == 'ctx.body':
        return html.context_body(scope, assign, right)
    return None
