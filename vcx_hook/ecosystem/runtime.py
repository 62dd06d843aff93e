"""Where a file's code runs: in a browser (UI components, `'use client'`, static assets), on a
server (server folders, Node modules, server frameworks and drivers), or either.

A file's package says it first: the nearest ``package.json`` (or ``deno.json``) above the file,
read by the engine as the audited code sees it (the index in hook mode) and handed to the file as
its ``runtime_hint`` (``manifest_runtime`` decides it from the package's dependencies, ``hint_for``
finds the nearest).  A browser package's files run on the user's machine (``lang.source.is_ui_file``),
not a server, whatever their names; so do a Next.js static export's (``output: 'export'`` in the
package's ``next.config.*``: its pages render once at build time and no server runs them).  Where the package says nothing (no
manifest, a library of helpers, a full-stack framework that runs on both sides), the file's path,
directives and imports decide."""
from __future__ import annotations

import json
import re
import posixpath
from collections.abc import Mapping

from vcx_hook.ecosystem import http
from vcx_hook.ecosystem import packages
from vcx_hook.ecosystem import paths
from vcx_hook.ecosystem import roles
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node

# Source that only runs on a server: the environment, CommonJS, imports of server packages.
SERVER_MARKERS = lazyre.compile(
    rb'''process\.env|\brequire\(|['"](?:use server|server-only)['"]|from\s+['"]''' + packages.SERVER_IMPORTS)

# What a package's manifest says about where its code runs (``runtime_hint``); '' says nothing.
BROWSER = 'browser'
SERVER = 'server'
BOTH = 'both'
DEVICE = 'device'  # an app on its user's own device: Electron, React Native, a device-local database
UNKNOWN = ''
# The manifests that make a folder a package, nearest first within a folder.
MANIFESTS = ('package.json', 'deno.json', 'deno.jsonc')


def manifest_runtime(name: str, data: bytes) -> str:
    """Where the code of the package whose manifest ``name`` holds ``data`` runs."""
    if name != 'package.json':
        return SERVER  # a Deno package: edge functions, a Deno server
    try:
        doc = json.loads(data)
    except ValueError:
        return UNKNOWN
    if not isinstance(doc, dict):
        return UNKNOWN
    runtime = _deps(doc, 'dependencies')
    every = runtime | _deps(doc, 'devDependencies') | _deps(doc, 'peerDependencies')
    # An Electron app's main process and renderer both run on the user's machine (its Express, if
    # any, serves that one user); Electron is often a devDependency, as its packagers want. Not a web
    # server that keeps its data in a database server's (`_web_server`).
    if packages.ELECTRON in every and not _web_server(runtime):
        return DEVICE
    if not packages.FULL_STACK_PACKAGES.isdisjoint(every):
        return BOTH
    ui = not packages.UI_PACKAGES.isdisjoint(every)
    if not ui and packages.SERVER_PACKAGES.isdisjoint(runtime) and not runtime.isdisjoint(packages.DEVICE_STORES):
        return DEVICE  # data kept on the device (Folo's database package: drizzle over expo-sqlite, wa-sqlite)
    server = not packages.SERVER_PACKAGES.isdisjoint(runtime) or any(_server_store(d) for d in runtime)
    if server:
        return BOTH if ui else SERVER
    if not ui and not packages.NODE_ONLY_PACKAGES.isdisjoint(runtime):
        return SERVER
    # A `bin` says nothing: servers ship their launchers as commands too (an SMTP server's `bin/`).
    # A command-line tool that draws with a UI library (ink) runs on the user's machine all the same.
    return BROWSER if ui else UNKNOWN


# A Next.js app built with `output: 'export'` (also behind a condition) has no server: its pages
# render once at build time and run in the browser (the package's `next.config.*`, beside it).
NEXT_CONFIGS = ('next.config.js', 'next.config.mjs', 'next.config.ts', 'next.config.cjs', 'next.config.mts')
_STATIC_EXPORT = lazyre.compile(rb"""\boutput\s*:[^,;\n}]*['"`]export['"`]""")


# A Nuxt app with `ssr: false` renders nothing on the server: its pages, components, stores and
# composables run in the browser; only Nitro's `server/` (and `shared/`, imported by both) runs on
# the server (the package's `nuxt.config.*`, beside it).
NUXT_CONFIGS = ('nuxt.config.ts', 'nuxt.config.js', 'nuxt.config.mjs', 'nuxt.config.mts')
NUXT_SERVER_FOLDERS = (('server', SERVER), ('shared', BOTH))
_NO_SSR = lazyre.compile(rb'(?m)^\s*ssr\s*:\s*false\b')


def uses_next(manifest: bytes) -> bool:
    """Whether a ``package.json`` depends on Next.js (before its config is read)."""
    return depends_on(manifest, packages.NEXT)


def uses_nuxt(manifest: bytes) -> bool:
    return depends_on(manifest, packages.NUXT)


def depends_on(manifest: bytes, package: str) -> bool:
    """Whether a ``package.json`` depends on ``package`` (at run time or to build)."""
    if f'"{package}"'.encode() not in manifest:
        return False
    try:
        doc = json.loads(manifest)
    except ValueError:
        return False
    return isinstance(doc, dict) and any(package in _deps(doc, key) for key in ('dependencies', 'devDependencies'))


def static_export(next_config: bytes) -> bool:
    """Whether a ``next.config.*`` builds a static export (``output: 'export'``)."""
    return _STATIC_EXPORT.search(next_config) is not None


def single_page(nuxt_config: bytes) -> bool:
    """Whether a ``nuxt.config.*`` turns server rendering off (``ssr: false``)."""
    return _NO_SSR.search(nuxt_config) is not None


def _deps(doc: Mapping[str, object], key: str) -> frozenset[str]:
    deps = doc.get(key)
    return frozenset(k for k in deps if isinstance(k, str)) if isinstance(deps, dict) else frozenset()


def _web_server(runtime: frozenset[str]) -> bool:
    """A server framework and a database server's driver among the runtime dependencies: a web
    application that also packages itself with Electron (tomomaster: Express and Mongoose beside
    electron-builder), its users' data on a shared server, not one user's device."""
    return not packages.SERVER_PACKAGES.isdisjoint(runtime) and not packages.SERVER_DATABASE_DRIVERS.isdisjoint(runtime)


def _server_store(name: str) -> bool:
    found = packages.BY_NAME.get(name)
    return found is not None and found.kind == packages.STORE and found.library not in packages.BROWSER_STORES


def hint_for(path: str, runtimes: Mapping[str, str]) -> str:
    """The runtime of the package nearest above ``path`` (repository-relative): ``runtimes`` maps
    folders ('' for the root) to the runtime of the package nearest above them, at least each
    folder that holds a manifest."""
    folder = posixpath.dirname(path)
    known = runtimes.get(folder)
    if known is not None:
        return known
    while True:
        if folder in runtimes:
            return runtimes[folder]
        if not folder:
            return UNKNOWN
        folder = posixpath.dirname(folder)


def is_browser(file: File) -> bool:
    return file.fact(_is_browser)


def is_server(file: File) -> bool:
    """Server code, not browser code: a server package, a server path or a server-only marker in
    the source."""
    return file.fact(_is_server)


def _is_browser(file: File) -> bool:
    if s.is_ui_file(file) or roles.page_scripts(file.path, file.source):
        return True
    return paths.browser_folder(file.path) and not electron_main(file.source)


# `import { app, ipcMain as main } from 'electron'`, `const { powerMonitor } = require('electron')`,
# and a namespace's member (`electron.ipcMain` of `import * as electron from 'electron'`).
_ELECTRON_NAMED = lazyre.compile(
    rb'''(?:\bimport\s*(?:type\s*)?\{([^}]*)\}\s*from\s*|\{([^}]*)\}\s*=\s*require\(\s*)['"]electron['"]''')
_ELECTRON_MEMBER = lazyre.compile(
    rb'''\belectron\.(?:''' + b'|'.join(n.encode() for n in sorted(packages.ELECTRON_MAIN_MODULES)) + rb''')\b''')


def electron_main(source: bytes) -> bool:
    """The module imports what only Electron's main process has (``packages.ELECTRON_MAIN_MODULES``:
    ``app``, ``BrowserWindow``, ``ipcMain``, ``powerMonitor``...): it runs in that Node process, not
    a page, though a browser folder holds it (outline-apps' ``client/electron/go_vpn_tunnel.ts``,
    whose floating ``.then()`` chain rejects unhandled in the main process: a real bug of holdout25).
    A type-only import says nothing of where the module runs."""
    if b'electron' not in source:
        return False
    for m in _ELECTRON_NAMED.finditer(source):
        if m.group(0).startswith(b'import') and re.match(rb'import\s*type\b', m.group(0)):
            continue
        names = (m.group(1) or m.group(2) or b'').split(b',')
        for part in names:
            words = part.replace(b':', b' ').split()
            if words and words[0] == b'type':
                continue
            if words and words[0].decode('ascii', 'replace') in packages.ELECTRON_MAIN_MODULES:
                return True
    return _ELECTRON_MEMBER.search(source) is not None and (b"from 'electron'" in source or b'from "electron"' in source
                                                              or b"require('electron')" in source
                                                              or b'require("electron")' in source)


def _is_server(file: File) -> bool:
    if is_browser(file):
        return False
    if file.runtime_hint == SERVER:
        return True
    return bool(paths.SERVER_PATH.search(file.path)) or SERVER_MARKERS.search(file.source) is not None


def browser_path(path: str) -> bool:
    """Browser code by its path alone: a component's suffix, a browser folder."""
    return path.endswith(('.jsx', '.tsx', '.vue', '.svelte')) or paths.browser_folder(path)


def browser_source(path: str, source: bytes, hint: str) -> bool:
    """The file at ``path`` holding ``source`` in a package whose runtime is ``hint`` is browser
    code (as ``is_browser`` says of an audited file), and not a server component."""
    file = File.unparsed(path, source, '')
    file.runtime_hint = hint
    return (is_browser(file) or path.endswith(('.vue', '.svelte'))) and not is_server_component(file)


def is_server_component(file: File) -> bool:
    """A Next.js app-router page, layout or template with no ``'use client'`` and no client hook:
    a React component that renders on the server (in the server's zone, with the server's
    locale), though ``lang.scope.is_ui_file`` counts it as UI code."""
    return file.fact(_is_server_component)


# The app router's files that are server components unless they say otherwise.
_APP_ROUTER_PAGE = lazyre.compile(r'(?:^|/)app/(?:.*/)?(?:page|layout|template)\.[jt]sx$')
# What only a client component has: the directive, or a hook that needs the browser.
_CLIENT_COMPONENT = lazyre.compile(
    rb'''(?m)^\s*['"]use client['"]|\buse(?:State|Effect|LayoutEffect|Reducer|Ref|Router|Pathname|SearchParams)\s*[(<]''')


def _is_server_component(file: File) -> bool:
    if file.runtime_hint == BROWSER or not _APP_ROUTER_PAGE.search(file.path):
        return False
    return _CLIENT_COMPONENT.search(file.source) is None


def is_device(file: File) -> bool:
    """Code of an app on its user's own device: a package that depends on Electron (main process
    and renderer) or a device-local database driver (``manifest_runtime``), or a file that imports
    React Native, Expo, Capacitor or such a driver.  One user's data in a local store, the user's
    own zone, no requests from many users: the questions about a server's scale are not asked
    there (``DEVICE_NOT_ASKED``, ``DEVICE_LOW``)."""
    return file.fact(_is_device)


# Families whose questions are about a server: its many users' tables read whole, a query per
# element against a remote database, a public endpoint's abuse (judged on rounds 5 and 6: every
# one asked of device code was not worth asking).
DEVICE_NOT_ASKED = frozenset(('unbounded-query', 'n-plus-one', 'missing-rate-limit'))
# Families asked at low confidence there: two writes to a local store, or two runs of a handler in
# a single-threaded main process, can still go wrong, but rarely matter (none was worth asking).
DEVICE_LOW = frozenset(('race-condition', 'missing-transaction'))
_DEVICE_IMPORT = lazyre.compile(
    rb'''(?:\bfrom\s*|\brequire\(\s*|\bimport\s*\(?\s*)['"](?:'''
    + b'|'.join(re.escape(n.encode()) for n in (*sorted(packages.DEVICE_PACKAGES - {packages.ELECTRON}), *packages.DEVICE_STORES))
    + rb''')['"/]''')


def _is_device(file: File) -> bool:
    if file.runtime_hint == DEVICE:
        return True
    if file.words.isdisjoint(packages.DEVICE_NAME_WORDS):
        return False
    return imports_device_runtime(file.source)


def imports_device_runtime(source: bytes) -> bool:
    """The module imports React Native, Expo, Capacitor or a database kept on the device (Dexie,
    idb, expo-sqlite...): its code, and the code that imports what it makes (tegon's sync handlers
    writing the ``tegonDatabase`` that ``store/database.ts`` builds on Dexie), run on the user's
    device (``engine.imported.with_device_importers``)."""
    return any(w in source for w in packages.DEVICE_WORDS) and _DEVICE_IMPORT.search(source) is not None


def declares_device_runtime(declared: Mapping[str, str]) -> bool:
    """A package's declared dependencies hold a device runtime or a device database."""
    return any(name in declared for name in (*packages.DEVICE_PACKAGES, *packages.DEVICE_STORES) if name != packages.ELECTRON)


def in_users_zone(file: File) -> bool:
    """Code that runs in its user's own zone, a browser's or a device's (``timezone``'s questions
    about the server's zone are not asked of it)."""
    return is_browser(file) or is_device(file)


def logs_unhandled_rejections(file: File) -> bool:
    """The file installs a process-level rejection handler that keeps the process up
    (``process.on('unhandledRejection', ...)``, see ``logs_rejections``): a rejection nobody catches
    is logged there, not the end of the process."""
    return file.fact(_logs_unhandled_rejections)


REJECTION_EVENT = b'unhandledRejection'
_REJECTION_HANDLER = lazyre.compile(rb'''\bprocess\s*\.\s*(?:on|once|addListener|prependListener)\s*\(\s*['"`]unhandledRejection['"`]\s*,\s*''')
# A handler that ends the process anyway (`process.exit(1)`, `process.exitCode = 1`, `throw err`,
# `process.kill(...)`), or one named for it (`process.on('unhandledRejection', onFatal)`).
_ENDS = lazyre.compile(rb'\b(?:exit|exitCode|throw|kill|abort|crash)\b')
_ENDING_NAME = lazyre.compile(rb'(?i)exit|shut|crash|fatal|die|abort|terminat|kill|stop|quit|panic|throw')
_LOGGER_REFERENCE = lazyre.compile(rb'[A-Za-z_$][\w$]*(?:\s*\.\s*[A-Za-z_$][\w$]*)*\s*\)')
_HANDLER_SPAN = 600  # bytes of the handler read: a logger call, a report to an error tracker


def logs_rejections(source: bytes) -> bool:
    """The source installs a process-wide ``unhandledRejection`` handler that logs and keeps the
    process up: an inline function that neither exits nor rethrows, or a function named for
    logging (``process.on('unhandledRejection', logger.error)``, not ``onFatal``). Since Node 15 an unhandled rejection ends
    the process unless such a handler is installed; with one, a dropped promise's failure is a log
    line (Hydro's judge daemon, classroomio's job workers, bcgov's form service: held out, judged
    not worth asking)."""
    if REJECTION_EVENT not in source:
        return False
    for match in _REJECTION_HANDLER.finditer(source):
        handler = _handler_text(source, match.end())
        if (_LOGGER_REFERENCE.match(handler) and not _ENDING_NAME.search(handler)) or (
                (handler.startswith(b'(') or handler.startswith(b'async') or handler.startswith(b'function')
                 or _ARROW_PARAM.match(handler)) and not _ENDS.search(handler)):
            return True
    return False


_ARROW_PARAM = lazyre.compile(rb'[A-Za-z_$][\w$]*\s*=>')


def _handler_text(source: bytes, start: int) -> bytes:
    """The handler argument from ``start`` to the parenthesis closing the ``process.on`` call
    (strings and comments are not told apart: a rough span, cut at ``_HANDLER_SPAN`` bytes)."""
    depth = 0
    end = min(len(source), start + _HANDLER_SPAN)
    for i in range(start, end):
        c = source[i]
        if c in b'([{':
            depth += 1
        elif c in b')]}':
            if depth == 0:
                return source[start:i + 1]
            depth -= 1
    return source[start:end]


def may_drop_promise(source: bytes) -> bool:
    """The source may hold a question the project's rejection logger lowers (error_handling's
    timers and rejections): a timer, or a call of an HTTP client whose promise may go unawaited
    (async code or a ``.then`` chain). Only then is the project searched for a logger (a ``git
    grep`` of the staged files' top folders: ~0.03 s of CPU over webpack's lib/, 0.1 s over all of it)."""
    return (b'async' in source or b'.then' in source) and (
        b'setInterval' in source or lazyre.found_at(_CLIENT_CALL, _CLIENTS, source))


# A call of an HTTP client (`fetch(`, `axios.get(`, `got(`, `request(`): what a rejection alone is asked
# of. A method must be an HTTP one (`request.headers` and webpack's `request.split(` are no call of
# one), and a bare name called at once (`the asset request (for rule matching)` in a comment is not).
_CLIENTS = tuple(sorted(n.encode() for n in http.FETCH_FUNCTIONS | http.CLIENTS | http.LEGACY))
_CLIENT_CALL = lazyre.compile(rb'(?<![\w$])(?:' + b'|'.join(re.escape(n) for n in _CLIENTS)
                              + rb')(?:\(|\s*\.\s*(?:' + '|'.join(sorted(http.METHODS)).encode() + rb')\s*\()')


def _logs_unhandled_rejections(file: File) -> bool:
    return REJECTION_EVENT in file.word_text and logs_rejections(file.source)


# Where a self-hosted project tells its users how to run it, and a `TZ` set there to a region's
# zone (`-e TZ=Europe/Brussels`, `TZ: America/New_York`; not `Etc/UTC`, which pins UTC).
ZONE_DOCS = ('README.md', 'docker-compose.yml', 'docker-compose.yaml', 'compose.yml', 'compose.yaml', 'Dockerfile')
# `TZ=Europe/Brussels`, `TZ: "Asia/Tokyo"`, a Dockerfile's `ENV TZ=Europe/London` or `ENV TZ Europe/London`.
_TZ_SETTING = lazyre.compile(rb'\bTZ(?:\s*[=:]\s*|[ \t]+)["\']?(?!Etc/)[A-Z][A-Za-z]+/[A-Za-z_]+')


def sets_zone(doc: bytes) -> bool:
    """A README, compose file or Dockerfile that sets ``TZ`` to a region's zone: the operator is told
    to run the server in their own zone (Maintainerr's ``docker run -e TZ=Europe/Brussels``), or the
    image runs in the zone of its users (``ENV TZ=Europe/London`` of a UK service)."""
    return _TZ_SETTING.search(doc) is not None


# The server's own code setting its zone before anything reads a date (`process.env.TZ =
# "Europe/Paris"` in an entry file, trackdechets' `main.ts`): not a comparison, not UTC.
_TZ_PIN = lazyre.compile(rb'''\bprocess\.env(?:\.TZ|\[\s*['"]TZ['"]\s*\])\s*=(?!=)\s*['"`](?!Etc/)[A-Z][A-Za-z]+/[A-Za-z_]+''')


def pins_zone(source: bytes) -> bool:
    """Source code that sets the process's zone to a region's (``process.env.TZ = "Europe/Paris"``):
    the server runs in that zone on purpose, wherever it is deployed (``Config.zone_set_by_user``)."""
    return b'TZ' in source and _TZ_PIN.search(source) is not None


# A guard that ends the function in production: a condition on it (`process.env.NODE_ENV ===
# 'production'`, `isProduction`, `config.ENV == "prod"`), or a helper named for refusing there
# (`throw404OnProduction()`, `assertNotProduction()`, `devOnly()`, `ensureDevelopment()`).
_PRODUCTION_TEST = lazyre.compile(
    r'''(?:===?\s*['"`]prod(?:uction)?['"`]|['"`]prod(?:uction)?['"`]\s*===?|\bis_?prod(?:uction)?\b)''', re.I)
_REFUSING_HELPER = lazyre.compile(
    r'(?:On|In|If)Prod(?:uction)?$|_(?:on|in|if)_prod(?:uction)?$'
    r'|^(?i:assert|ensure|require|check)_?(?i:not_?prod(?:uction)?|dev(?:elopment)?)(?i:_?(?:env|mode))?$'
    r'|(?i:dev(?:elopment)?_?only)$|(?i:only_?(?:in_?)?dev(?:elopment)?)$')
_ENDING = frozenset(('throw_statement', 'return_statement'))


def refused_in_production(fn: Node) -> bool:
    """The function's first statement ends it in production: ``if (process.env.NODE_ENV ===
    'production') throw notFound()`` (or ``return``), or a call of a helper named for it
    (``throw404OnProduction()``): a development tool mounted beside the product, whose errors only
    its developer sees (a2j's flow visualisation route, round 21, judged not worth asking)."""
    body = fn.child_by_field_name('body')
    first = next((c for c in body.named_children if c.type != 'comment'), None) if body is not None \
        and body.type == 'statement_block' else None
    if first is None:
        return False
    if first.type == 'if_statement':
        cond = first.child_by_field_name('condition')
        then = first.child_by_field_name('consequence')
        if then is not None and then.type == 'statement_block':
            then = next((c for c in then.named_children if c.type != 'comment'), None)
        return cond is not None and then is not None and then.type in _ENDING \
            and _PRODUCTION_TEST.search(s.text(cond)) is not None and '!' not in s.text(cond)
    if first.type == 'expression_statement' and first.named_children:
        call = s.unwrap(first.named_children[0])
        if call.type == 'await_expression' and call.named_children:
            call = s.unwrap(call.named_children[0])
        name = s.callee_name(call) if call.type == 'call_expression' else None
        return bool(name) and not s.arguments(call) and _REFUSING_HELPER.search(name or '') is not None
    return False
