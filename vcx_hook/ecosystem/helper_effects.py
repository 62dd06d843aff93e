"""What the project's own functions in another file do, one hop away: the effects of each function
a module exports (``export async function getUser(id)``, ``export const userService = { getUser }``,
a method of an exported class or instance, ``module.exports = { getUser }``), read from its body:
it reads or writes a store, calls another service over HTTP, sends mail or SMS, asks a paid AI
API, or catches whatever it runs (``SETTLED``: awaiting it cannot reject).

A handler's ``await journalSubmissionService.getFeaturedPublicationDetails(publication.id)`` in a
loop reads like any call; its module (``JournalSubmissionService.js``) runs ``prisma.journalSubmission.
findUnique({ where: { id } })`` with it: one query per element (desci, a real bug of holdout13). The
engine resolves an audited file's imports of the project's own modules (``ecosystem.module_paths``),
reads each module as the audited code sees the project and parses it once per blob id
(``engine.imported.with_helper_effects``); checks ask ``effects_of(file, call, table)`` what a call of
an imported function does.

What a call does is judged by the module's bindings and the ecosystem's names (``stores``,
``http``, ``services``), as one file's code is; a call to another function of the same module is
followed once more (a service's ``pack()`` calling its own ``packOne()``), another module's is not.
Each effect says which of the function's parameters reach the call's arguments (does the helper
query with what it is handed?), and whether it runs on a handle a callback was handed.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from collections.abc import Mapping
from typing import NamedTuple

from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import http
from vcx_hook.ecosystem import models
from vcx_hook.ecosystem import module_exports
from vcx_hook.ecosystem import packages
from vcx_hook.ecosystem import services
from vcx_hook.ecosystem import stores
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.functions import catches_everything
from vcx_hook.lang.functions import handed_in
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node

# What a call does.
READ = 'read'  # a store's read
WRITE = 'write'  # a store's write
REMOTE = 'remote'  # a request to another service over HTTP
MAIL, SMS = 'email', 'text-message'
AI, SETTLED = 'ai', 'settled'  # a paid AI API; never rejects (async, all of it in a try whose catch neither throws nor awaits)
KINDS = (READ, WRITE, REMOTE, MAIL, SMS, AI)


class Effect(NamedTuple):
    kind: str  # READ, WRITE, REMOTE, MAIL, SMS, AI or SETTLED
    label: str  # the call as shown: 'prisma.journalSubmission.findUnique()'
    line: int  # 1-based, in the module
    params: frozenset[int]  # the function's parameters (0-based positions) that reach the call's arguments
    looped: bool = False  # the call is in a loop of the function
    handed: bool = False  # on a handle a callback was handed (``withLock(k, async (tx) => tx.delete(t))``)


class Effects(NamedTuple):
    path: str  # the module's path in the project
    name: str  # the exported name: 'getUser', 'userService.getUser', 'default'
    line: int  # 1-based line of the function
    effects: tuple[Effect, ...]

    def first(self, kinds: tuple[str, ...]) -> Effect | None:
        return next((e for e in self.effects if e.kind in kinds), None)


# (importing file, specifier) -> the module's exported functions by name (see ``exported``).
Table = Mapping[tuple[str, str], Mapping[str, Effects]]

# Bytes a module holds when one of its functions may do something (a store, a client, a mailer) or catch.
_HINT = lazyre.compile(
    rb'\b(?:find|save|insert|update|delete|remove|create|upsert|query|execute|fetch|get|post|put|send|generate|stream|'
    rb'complete|request)\w*\s*[(`]|\bcatch\s*[({]')
_MAIL_NAME, _SMS_NAME = lazyre.compile(r'^[sS]end\w*E?[mM]ails?$'), lazyre.compile(r'^[sS]end\w*(?:Sms|SMS)s?$')
_STORE_METHODS = stores.QUERY_METHODS | stores.WRITE_METHODS
_WRITES = stores.WRITE_METHODS | stores.UPDATES | stores.CREATES
_SQL_RUNNERS = stores.SQL_TEXT_RUNNERS | stores.SQL_IF_TEXT
_SQL = lazyre.compile(r'^\s*(?:select|insert|update|delete|with)\b', re.I)
_SQL_WRITE = lazyre.compile(r'^\s*(?:insert|update|delete)\b', re.I)
_CLASS_TYPES = module_exports.CLASS_TYPES
_DEPTH = 2  # calls to the module's own functions followed (a service's `pack()` calling `packOne()`)


def may_act(source: bytes) -> bool:
    """``source`` may hold a function that reads a store, calls a service, sends a message or catches."""
    return _HINT.search(source) is not None


def exported(file: File) -> dict[str, Effects]:
    """The module's exported functions and methods that do something, by the name an importer reaches
    them with: ``getUser`` (a function, or a property of ``module.exports``), ``userService.getUser``
    (of an exported object, class or instance), ``default`` and ``default.getUser`` (the default export)."""
    functions = dict(module_exports.functions(file))
    local = module_exports.top_level_functions(file)
    out: dict[str, Effects] = {}
    for name, fn in functions.items():
        found = _effects(file, fn, local, 0, set())
        if catches_everything(fn):
            found.append(Effect(SETTLED, name, fn.start_point.row + 1, frozenset()))
        if found:
            out[name] = Effects(file.path, name, fn.start_point.row + 1, tuple(found))
    return out


def effects_of(file: File, call: Node, table: Table) -> Effects | None:
    """What ``call`` of the audited ``file`` does when it calls a function the project's own module
    exports (``getUser(id)``, ``userService.getUser(id)``, ``this.users.getUser(id)`` with
    ``users: UserService`` injected), or None when it calls nothing the table knows."""
    if not table:
        return None
    found = reached(file, call)
    if found is None:
        return None
    exports = table.get((file.path, found[0]))
    return exports.get(found[1]) if exports else None


def reached(file: File, call: Node) -> tuple[str, str] | None:
    """(specifier, exported name) of the project function ``call`` reaches through an import."""
    fn = s.callee(call)
    if fn is None:
        return None
    fn = s.unwrap(fn)
    imported = imports(file)
    if fn.type == 'identifier':
        bound = imported.get(s.text(fn))
        if bound is None or not _bound_at_top(fn):
            return None
        return bound[0], bound[1] if bound[1] != '*' else 'default'
    if fn.type != 'member_expression':
        return None
    obj = s.unwrap(fn.child_by_field_name('object'))
    method = s.text(fn.child_by_field_name('property'))
    if obj.type == 'identifier' and _bound_at_top(obj):
        bound = imported.get(s.text(obj))
        if bound is None:
            return None
        return bound[0], method if bound[1] == '*' else f'{bound[1]}.{method}'
    if obj.type == 'identifier':  # `const conversation = new ConversationService(form)` of an imported class
        made = _constructed(s.initializer(obj))
        bound = imported.get(s.text(made)) if made is not None else None
        if bound is not None and bound[1] != '*':
            return bound[0], f'{bound[1]}.{method}'
        return None
    if obj.type == 'member_expression' and s.unwrap(obj.child_by_field_name('object')).type == 'this':
        typed = _injected_type(file, call, s.text(obj.child_by_field_name('property')))
        bound = imported.get(typed) if typed else None
        if bound is not None and bound[1] != '*':
            return bound[0], f'{bound[1]}.{method}'
    return None


# Calls that return an instance of the class they are handed: TypeORM's `getCustomRepository(C)`.
_INSTANCE_OF_ARGUMENT = frozenset(('getCustomRepository',))


def _constructed(value: Node | None) -> Node | None:
    """The class an instance is made from: ``new C(...)``, ``connection.getCustomRepository(C)``."""
    value = s.unwrap(value) if value is not None else None
    made = None
    if value is not None and value.type == 'new_expression':
        made = value.child_by_field_name('constructor')
    elif value is not None and value.type == 'call_expression' and s.callee_name(value) in _INSTANCE_OF_ARGUMENT:
        args = s.arguments(value)
        made = s.unwrap(args[0]) if args else None
    return made if made is not None and made.type == 'identifier' else None


def instance_name(name: Node) -> str:
    """The variable or field that holds an instance of the class ``name`` (an identifier or a
    type): ``const ledger = new Ledger(db)``, ``const repo = connection.getCustomRepository(
    SubscriptionRepository)``, ``constructor(private readonly products: ProductService)``; ''."""
    parent = s.parent_of(name)
    if parent is None:
        return ''
    if name.type == 'type_identifier':
        param = s.parent_of(parent) if parent.type == 'type_annotation' else None
        pattern = param.child_by_field_name('pattern') if param is not None and param.type == 'required_parameter' else None
        return s.text(pattern) if pattern is not None and pattern.type == 'identifier' else ''
    value = parent if parent.type == 'new_expression' else s.parent_of(parent) if parent.type == 'arguments' else None
    if value is None or _constructed(value) != name:
        return ''
    decl = s.parent_of(s.outer_expression(value))
    target = decl.child_by_field_name('name') if decl is not None and decl.type == 'variable_declarator' else None
    return s.text(target) if target is not None and target.type == 'identifier' else ''


def _bound_at_top(name: Node) -> bool:
    """``name`` is not declared again below the module's top (an import, or a top-level
    ``require``'s declaration)."""
    decl = s.declaration(name)
    value = decl.child_by_field_name('value') if decl is not None and decl.type == 'variable_declarator' else None
    return decl is None or (value is not None and bindings.required(value) is not None)


def imports(file: File) -> dict[str, tuple[str, str]]:
    """Local name -> (specifier, imported name) for the file's imports and top-level requires of
    the project's own modules (``'*'`` for a namespace or a whole ``require``)."""
    return file.fact(_imports)


def specifiers(file: File) -> frozenset[str]:
    return frozenset(spec for spec, _ in imports(file).values())


def _imports(file: File) -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for top in file.tree.root.named_children:
        if top.type == 'import_statement':
            source = top.child_by_field_name('source')
            spec = s.string_value(source) if source is not None else None
            if spec is None or not packages.is_local(spec):
                continue
            for clause in (c for c in top.named_children if c.type == 'import_clause'):
                for part in clause.named_children:
                    if part.type == 'identifier':
                        out[s.text(part)] = (spec, 'default')
                    elif part.type == 'namespace_import':
                        out.update((s.text(c), (spec, '*')) for c in part.named_children if c.type == 'identifier')
                    elif part.type == 'named_imports':
                        for item in part.named_children:
                            name = item.child_by_field_name('name')
                            alias = item.child_by_field_name('alias') or name
                            if name is not None and alias is not None:
                                out[s.text(alias)] = (spec, s.text(name))
        elif top.type in ('lexical_declaration', 'variable_declaration'):
            for d in top.named_children:
                value = d.child_by_field_name('value') if d.type == 'variable_declarator' else None
                spec = bindings.required(value) if value is not None else None
                target = d.child_by_field_name('name')
                if spec is None or target is None or not packages.is_local(spec) or s.unwrap(value).type != 'call_expression':
                    continue
                if target.type == 'identifier':
                    out[s.text(target)] = (spec, '*')
                elif target.type == 'object_pattern':
                    for prop in target.named_children:
                        if prop.type == 'shorthand_property_identifier_pattern':
                            out[s.text(prop)] = (spec, s.text(prop))
                        elif prop.type == 'pair_pattern':
                            key, val = prop.child_by_field_name('key'), prop.child_by_field_name('value')
                            if key is not None and val is not None and val.type == 'identifier':
                                out[s.text(val)] = (spec, s.text(key))
    return out


def _injected_type(file: File, call: Node, field: str) -> str:
    """The class a constructor parameter ``field`` is typed with (``private readonly users:
    UserService``), in the class around ``call``."""
    cls = s.inside(call, _CLASS_TYPES, stop_at_function=False)
    body = cls.child_by_field_name('body') if cls is not None else None
    for member in body.named_children if body is not None else ():
        if member.type != 'method_definition' or s.text(member.child_by_field_name('name')) != 'constructor':
            continue
        named = s.parameter_type(member, field)
        if named is not None:
            return s.text(named) if named.type == 'type_identifier' else ''
    return ''


# --- what a function does ------------------------------------------------------------------------

def _effects(file: File, fn: Node, local: dict[str, Node], depth: int, seen: set[int]) -> list[Effect]:
    body = s.function_body(fn)
    if body is None or fn.start_byte in seen:
        return []
    seen = seen | {fn.start_byte}
    params = _parameter_names(fn)
    derived = _derived(body, params) if any(params) else params
    out: list[Effect] = []
    stack = [body]
    while stack:
        node = stack.pop()
        if node.type in ('call_expression', 'new_expression'):
            out.extend(_call_effects(file, fn, node, derived, local, depth, seen))
        stack.extend(reversed(node.named_children))
    return out


def _call_effects(
        file: File, fn: Node, call: Node, params: list[frozenset[bytes]], local: dict[str, Node], depth: int, seen: set[int],
) -> list[Effect]:
    kind = does(file, call)
    looped = s.inside(call, s.LOOP_TYPES) is not None
    if kind is not None:
        return [Effect(kind, _label(call), call.start_point.row + 1, _reaching(call, params), looped, handed_in(call, fn))]
    inner = _own_function(file, fn, call, local)
    if inner is None or depth >= _DEPTH:
        return []
    found = _effects(file, inner, local, depth + 1, seen)
    # What the inner function does with its parameters is done with what this one hands it.
    args = s.arguments(call)
    out = []
    for e in found:
        given = frozenset(p for i in e.params if i < len(args) for p in _mentioned(args[i], params))
        out.append(e._replace(params=given, looped=e.looped or looped))
    return out


def _own_function(file: File, fn: Node, call: Node, local: dict[str, Node]) -> Node | None:
    """The module's own function ``call`` calls: a top-level one by name, or a method of the class
    around it (``this.packOne(x)``)."""
    callee = s.callee(call)
    if callee is None:
        return None
    callee = s.unwrap(callee)
    if callee.type == 'identifier':
        found = local.get(s.text(callee))
        return found if found is not None and found != fn else None
    if callee.type == 'member_expression' and s.unwrap(callee.child_by_field_name('object')).type == 'this':
        cls = s.inside(fn, _CLASS_TYPES, stop_at_function=False)
        name = s.text(callee.child_by_field_name('property'))
        for member, method in module_exports.class_methods('', cls) if cls is not None else ():
            if member == f'.{name}' and method != fn:
                return method
    return None


def does(file: File, call: Node) -> str | None:
    """What ``call`` does, if it reads or writes a store, calls a service over HTTP, sends mail or
    SMS or asks an AI API (one of ``KINDS``)."""
    name = s.callee_name(call)
    if not name:
        return None
    if call.type == 'new_expression':
        return MAIL if name in services.MAIL_COMMANDS else None
    callee = s.unwrap(s.callee(call))
    receiver = s.receiver(call)
    segments = s.path_segments(receiver) if receiver is not None else []
    bound = bindings.binding(file, receiver if receiver is not None else callee)
    library = bound.library if bound is not None else bindings.library(file, receiver if receiver is not None else callee)
    if library in services.AI_PACKAGES or library.startswith(services.AI_PACKAGE_SCOPES):
        return AI
    if library in services.MAIL_PACKAGES or name in services.MAIL_CALLS or _MAIL_NAME.match(name) \
            or ((name == 'send' or name in services.MAIL_SENDS) and any(seg in services.MAIL_CLIENTS for seg in segments)):
        return MAIL if not (bound is not None and bound.kind == packages.STORE) else None
    if name in services.SMS_CALLS or _SMS_NAME.match(name) or (
            segments and segments[0] in services.SMS_CLIENTS and name in ('create', 'send', 'publish')):
        return SMS
    if _asks_ai(name):
        return AI
    if callee.type == 'identifier':
        if name in http.LOOP_CLIENTS and (bound is None or bound.kind == packages.HTTP):
            return AI if _AI_REQUEST.search(call.text) else REMOTE
        return None
    if bound is not None and bound.kind == packages.HTTP or (segments and segments[0] in http.CLIENTS):
        if name not in http.METHODS and segments[1:]:
            return None
        return AI if _AI_REQUEST.search(call.text) else REMOTE
    if bound is not None and bound.kind in (packages.VALUE, packages.FILES, packages.HTTP):
        return None
    if receiver is not None and s.unwrap(receiver).type == 'this' and _store_subclass(file, call):
        return WRITE if name in _WRITES else READ if name in _STORE_METHODS else None
    if _store(file, call, name, segments, bound):
        return WRITE if name in _WRITES or _sql_write(call) else READ
    if _accessor_write(name, segments):
        return WRITE
    return None


def model_request(file: File, call: Node) -> bool:
    """``call`` asks a model's API over plain HTTP: ``fetch('https://api.replicate.com/v1/predictions',
    ...)``, ``axios.post(OPENAI_URL, { model, messages })`` (an HTTP client of the file's, its address or
    body naming a model API): each request spends the operator's credit as an SDK's call does
    (roomGPT's restore route, a real bug of holdout19)."""
    return call.type == 'call_expression' and does(file, call) == AI and _AI_REQUEST.search(call.text) is not None


def _asks_ai(name: str) -> bool:
    """A function or method named for asking a model (``getOpenAIResponseStream``, ``askGpt``,
    ``generateWithClaude``), not for its settings (``openaiConfig``)."""
    words = s.name_words(name)
    return len(words) > 1 and words[0] in _AI_VERBS and not services.AI_NAME_WORDS.isdisjoint(words[1:]) \
        and _AI_SETTINGS.isdisjoint(words)


_AI_VERBS = frozenset(('ask', 'chat', 'complete', 'generate', 'prompt', 'query', 'summarize', 'call', 'run',
                       'invoke', 'request', 'get', 'create', 'stream', 'fetch'))
_AI_SETTINGS = frozenset(('config', 'configs', 'settings', 'setting', 'options', 'status', 'usage', 'model', 'models',
                          'list', 'key', 'keys', 'client', 'instance', 'history'))
# A request to a model's API over plain HTTP: its address (`https://api.x.ai/v1/chat/completions`) or a
# body naming a model and what it is asked (`{ model: 'grok-4', messages }`).
_AI_REQUEST = lazyre.compile(
    rb'api\.openai\.com|api\.anthropic\.com|api\.x\.ai|api\.mistral\.ai|api\.groq\.com|openrouter\.ai|api\.deepseek\.com'
    rb'|api\.replicate\.com|api\.stability\.ai|api\.cohere\.(?:ai|com)|api-inference\.huggingface\.co|generativelanguage\.googleapis\.com|api\.perplexity\.ai|api\.together\.xyz|/chat/completions|/v1/messages\b'
    rb'|\bmodel\s*:[^\n]*\n?[^\n]*\b(?:messages|prompt)\b')


def _store(file: File, call: Node, name: str, segments: list[str], bound: bindings.Binding | None) -> bool:
    if not segments:
        return False
    words = {w for seg in segments for w in s.name_words(seg)}
    store = (bound is not None and bound.kind == packages.STORE) or segments[0].lower() in stores.DATABASE_ROOTS \
        or bool(words & stores.TABLE_ACCESSORS) or (len(segments) == 1 and bool(models.MODEL_NAME.match(segments[0]))
                                                    and segments[0] not in stores.GLOBALS)
    if not store or words & stores.NOT_QUERIED:
        return False
    if name in _STORE_METHODS:
        return True
    args = s.arguments(call)
    return name in _SQL_RUNNERS and bool(args) and _SQL.match(s.string_like_text(args[0]) or '') is not None


def _accessor_write(name: str, segments: list[str]) -> bool:
    """A table accessor instance's method named for a write (``this.assessmentRepository.createAssessment(a)``,
    ``userDao.insertUser(u)``: Clinical-Insight-Engine's facade over its repositories, holdout24); not a
    static call on the class (``OperationsRepository.createOperationDTO(row)`` builds a value)."""
    words = s.name_words(name)
    accessor = s.name_words(segments[-1]) if segments else []
    return len(words) > 1 and words[0] in stores.WRITE_VERBS | stores.DATA_LAYER_VERBS \
        and accessor[-1:] != [] and accessor[-1] in stores.TABLE_ACCESSORS and segments[-1][:1].islower() \
        and not any(w in stores.NOT_TRANSACTIONAL for seg in segments for w in s.name_words(seg))


def _store_subclass(file: File, call: Node) -> bool:
    """``call`` is a method of a class that extends a store library's class (TypeORM's ``class
    SubscriptionRepository extends Repository<Subscription>``): ``this.save()`` writes the store."""
    cls = s.inside(call, _CLASS_TYPES, stop_at_function=False)
    heritage = next((c for c in cls.named_children if c.type == 'class_heritage'), None) if cls is not None else None
    if heritage is None:
        return False
    base = next(iter(s.identifiers(heritage)), None)
    bound = bindings.binding(file, base) if base is not None else None
    return bound is not None and bound.kind == packages.STORE


def _sql_write(call: Node) -> bool:
    args = s.arguments(call)
    return bool(args) and _SQL_WRITE.match(s.string_like_text(args[0]) or '') is not None


def _label(call: Node) -> str:
    path = s.callee_path(call).replace('()', '')
    parts = path.split('.')
    if len(path) > 40 and len(parts) > 2:
        path = f'{parts[0]}...{".".join(parts[-2:])}'
    return f'new {path}()' if call.type == 'new_expression' else f'{path}()'


def _parameter_names(fn: Node) -> list[frozenset[bytes]]:
    """Each parameter's names (a destructured one binds several)."""
    out = []
    for p in s.parameters(fn):
        out.append(frozenset(n.text for n in s.identifiers(p, frozenset(('identifier', 'shorthand_property_identifier_pattern')))
                             if s.parent_of(n) is None or s.parent_of(n).type != 'type_annotation'))
    return out


def _derived(body: Node, params: list[frozenset[bytes]]) -> list[frozenset[bytes]]:
    """Each parameter's names and the locals computed from them (``const key = input.id``, the
    variable of a loop over it), in one walk of the body."""
    derived = [set(p) for p in params]
    for target, value in _declarations(body):
        used = {n.text for n in s.identifiers(value)}
        for names in derived:
            if used & names:
                names.update(n.text for n in s.identifiers(target, frozenset(('identifier', 'shorthand_property_identifier_pattern'))))
    return [frozenset(names) for names in derived]


def _reaching(call: Node, params: list[frozenset[bytes]]) -> frozenset[int]:
    """The parameters whose names (or a local computed from them) the call's arguments or receiver
    mention (``Model.findOne({ id })``, ``row.save()``: a record handed in and saved)."""
    if not any(params):
        return frozenset()
    mentioned = {n.text for a in s.arguments(call) for n in s.identifiers(a, frozenset(('identifier', 'shorthand_property_identifier')))}
    receiver = s.receiver(call)
    if receiver is not None:
        mentioned.update(n.text for n in s.identifiers(receiver))
    return frozenset(i for i, names in enumerate(params) if names & mentioned)


def _mentioned(arg: Node, params: list[frozenset[bytes]]) -> frozenset[int]:
    used = {n.text for n in s.identifiers(arg, frozenset(('identifier', 'shorthand_property_identifier')))}
    return frozenset(i for i, names in enumerate(params) if names & used)


def _declarations(body: Node) -> Iterator[tuple[Node, Node]]:
    """(what is declared, from what), in order: ``const x = value``, the variable of a
    ``for (const x of xs)`` loop, the parameters of a callback of ``xs.map(...)``."""
    stack = [body]
    while stack:
        node = stack.pop()
        if node.type == 'variable_declarator':
            target, value = node.child_by_field_name('name'), node.child_by_field_name('value')
            if target is not None and value is not None:
                yield target, value
        elif node.type == 'for_in_statement':
            target, value = node.child_by_field_name('left'), node.child_by_field_name('right')
            if target is not None and value is not None:
                yield target, value
        elif node.type in s.FUNCTION_TYPES and node != body:
            call = s.parent_of(s.parent_of(node))
            receiver = s.receiver(call) if call is not None and call.type == 'call_expression' else None
            params = node.child_by_field_name('parameters') or node.child_by_field_name('parameter')
            if receiver is not None and params is not None:
                yield params, receiver
        stack.extend(reversed(node.named_children))
