"""The project's own files as the audited code sees them: the configuration and package.json
are read from the index in staged mode, from the to-ref's tree in range mode, else from disk."""
from __future__ import annotations

import os
import posixpath
import subprocess
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Mapping
from typing import NamedTuple

from vcx_hook import config as config_mod
from vcx_hook.config import Config
from vcx_hook.ecosystem import app_limiters
from vcx_hook.ecosystem import app_shell
from vcx_hook.ecosystem import changelogs
from vcx_hook.ecosystem import dates
from vcx_hook.ecosystem import ddl
from vcx_hook.ecosystem import exports
from vcx_hook.ecosystem import importers
from vcx_hook.ecosystem import packages
from vcx_hook.ecosystem import found_or_made
from vcx_hook.ecosystem import remote_providers
from vcx_hook.ecosystem import roles
from vcx_hook.ecosystem import runtime
from vcx_hook.ecosystem import schemas
from vcx_hook.ecosystem import sequelize_keys
from vcx_hook.ecosystem import services
from vcx_hook.engine import git
from vcx_hook.engine import gitcli
from vcx_hook.engine.collect import Request
from vcx_hook.engine.limiter_files import registered
from vcx_hook.engine.limiter_files import used
from vcx_hook.engine.target import Target
from vcx_hook.engine.files import is_minified_name
from vcx_hook.engine.files import read_optional
from vcx_hook.lang import lazyre
from vcx_hook.errors import VcxError
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import grammar_for


def load_config(request: Request, repo: git.Repo | None, mode: str, cwd: str) -> Config:
    """The configuration the audited code is judged by, with the project's declared packages."""
    cfg = _load_config_file(request, repo, mode, cwd)
    manifest = project_file(request, repo, mode, cwd, 'package.json')
    return config_mod.with_packages(cfg, manifest[0] if manifest else None)


def with_runtimes(
        config: Config, request: Request, repo: git.Repo | None, mode: str, cwd: str, paths: Iterable[str],
) -> Config:
    """``config`` knowing where the code of each audited file's package runs: the nearest
    ``package.json`` or ``deno.json`` above it (and a Next.js package's ``next.config.*``), read as
    the audited code sees it (every folder of an audited file is in ``runtimes``, with its nearest
    package's runtime)."""
    folders: set[str] = set()
    for path in paths:
        folder = posixpath.dirname(path)
        while folder not in folders and not folder.startswith('..'):
            folders.add(folder)
            if not folder:
                break
            folder = posixpath.dirname(folder)
    runtimes: dict[str, str] = {}
    nested: dict[str, str] = {}  # a package's folders that run elsewhere than the package (Nuxt's `server/`)
    declared: dict[str, Mapping[str, str]] = {}
    scripts: set[str] = set()
    zoned: set[str] = set()  # packages whose own Dockerfile sets the zone (domifa's packages/backend)
    for folder in sorted(folders):  # a folder after its parent: a prefix sorts first
        for name in runtime.MANIFESTS:
            found = project_file(request, repo, mode, cwd, posixpath.join(folder, name))
            if found is not None:
                runtimes[folder] = runtime.manifest_runtime(name, found[0])
                if runtimes[folder] in (runtime.BOTH, runtime.DEVICE) and runtime.uses_next(found[0]) \
                        and _config_says(request, repo, mode, cwd, folder, runtime.NEXT_CONFIGS, runtime.static_export):
                    runtimes[folder] = runtime.BROWSER
                elif runtimes[folder] == runtime.BOTH and runtime.uses_nuxt(found[0]) \
                        and _config_says(request, repo, mode, cwd, folder, runtime.NUXT_CONFIGS, runtime.single_page):
                    runtimes[folder] = runtime.BROWSER
                    nested.update((posixpath.join(folder, sub), kind) for sub, kind in runtime.NUXT_SERVER_FOLDERS)
                if name == 'package.json':
                    scripts.update(roles.run_by_scripts(folder, found[0]))
                deps = config_mod.declared_packages(found[0]) if folder and name == 'package.json' else None
                if deps:
                    declared[folder] = deps
                image = project_file(request, repo, mode, cwd, posixpath.join(folder, 'Dockerfile')) if folder else None
                if image is not None and runtime.sets_zone(image[0]):
                    zoned.add(folder)
                break
        else:  # the nearest package above: one lookup per file in the audit
            runtimes[folder] = nested.get(folder) or (
                runtimes.get(posixpath.dirname(folder), runtime.UNKNOWN) if folder else runtime.UNKNOWN)
    zone_set = any(found is not None and runtime.sets_zone(found[0])
                   for found in (project_file(request, repo, mode, cwd, name) for name in runtime.ZONE_DOCS))
    return config._replace(runtimes=runtimes, folder_packages=declared, script_files=frozenset(scripts),
                           zone_set_by_user=zone_set, zoned_packages=frozenset(zoned))


def _config_says(
        request: Request, repo: git.Repo | None, mode: str, cwd: str, folder: str, names: Iterable[str],
        says: Callable[[bytes], bool],
) -> bool:
    """The framework's configuration in ``folder`` (the first of ``names`` found) ``says`` so: a
    Next.js static export, a Nuxt app without server rendering."""
    for name in names:
        found = project_file(request, repo, mode, cwd, posixpath.join(folder, name))
        if found is not None:
            return says(found[0])
    return False


def with_uniques(
        config: Config, request: Request, repo: git.Repo | None, mode: str, cwd: str, targets: Iterable[object],
) -> Config:
    """``config`` knowing the unique keys of the project's Prisma schemas, TypeORM entities,
    Mongoose models (JS/TS files whose bytes mention both ``mongoose`` and ``unique``), Sequelize
    models and migrations (``ecosystem.sequelize_keys``, in a project that declares it) and, in a
    project that declares a SQL driver, Knex or Sequelize, its SQL files and Knex migrations
    (``ecosystem.ddl``) and its Liquibase changelogs (``ecosystem.changelogs``),
    read as the audited code sees them; only when files are audited whole (``--all``) or a staged one
    makes a read such a key can settle, or, for SQL, a record (listing the index costs ~5 ms per
    thousand files)."""
    if repo is None or mode not in ('staged', 'range', 'all'):
        return config
    staged = [t.data for t in targets if isinstance(t, Target)] if mode != 'all' else []
    prisma = mode == 'all' or any(schemas.wanted(data) for data in staged)
    typeorm = mode == 'all' or any(schemas.wants_entities(data) for data in staged)
    # Mongoose models are found by reading every source: in staged mode only where a package declares
    # Mongoose (a Sequelize project's `User.findOne({ where })` reads no Mongoose model).
    mongoose = mode == 'all' or (any(schemas.wants_models(data) for data in staged)
                                 and _declares(config, frozenset((packages.MONGOOSE,))))
    # SQL and Knex migrations, in a project that writes SQL: where a staged file makes a record.
    sql = _declares(config, ddl.SQL_PACKAGES) and (mode == 'all' or any(ddl.wanted(data) for data in staged))
    # Sequelize models, like Mongoose's, are found by reading every source of a project that declares it.
    sequelize = _declares(config, sequelize_keys.PACKAGES) and (mode == 'all' or any(
        ddl.wanted(data) or schemas.wants_models(data) for data in staged))
    if not prisma and not typeorm and not mongoose and not sql and not sequelize:
        return config
    ref = (request.to_ref or 'HEAD') if mode == 'range' else ''
    suffixes = (schemas.SUFFIX,) * prisma + schemas.ENTITY_SUFFIXES * typeorm \
        + schemas.MODEL_SUFFIXES * (mongoose or sql or sequelize) \
        + (ddl.SQL_SUFFIX, *changelogs.SUFFIXES) * sql
    uniques = []
    changes: list[tuple[str, list[changelogs.Change]]] = []
    for path in git.paths_ending(repo, suffixes, ref):
        if sql and changelogs.named(path):
            found = project_file(request, repo, mode, cwd, path)
            if found is not None and changelogs.changelog(path, found[0]):
                changes.append((changelogs.order(path), changelogs.changes(path, found[0])))
            continue
        if not (prisma and path.endswith(schemas.SUFFIX) or typeorm and path.endswith(schemas.ENTITY_SUFFIXES) or mongoose
                or sequelize or path.endswith(ddl.SQL_SUFFIX) or ddl.MIGRATION_FOLDER.search(path)):
            continue  # a source of a project without Mongoose or Sequelize: only its migrations are read
        found = project_file(request, repo, mode, cwd, path)
        if found is not None:
            uniques.append(_uniques(path, found[0], typeorm, mongoose, sequelize))
    if changes:  # a Liquibase changelog's keys less those a later one drops, in the files' order
        uniques.append(changelogs.uniques(c for _, file in sorted(changes, key=lambda f: f[0]) for c in file))
    merged = schemas.merged(uniques)
    return config._replace(uniques=merged) if merged else config


def _uniques(path: str, data: bytes, typeorm: bool, mongoose: bool, sequelize: bool) -> schemas.Uniques:
    """The unique keys one schema, entity, model or migration file declares."""
    if path.endswith(schemas.SUFFIX):
        return schemas.prisma_uniques(data.decode('utf-8', 'replace'))
    if path.endswith(ddl.SQL_SUFFIX):
        return ddl.sql_uniques(data.decode('utf-8', 'replace'))
    found: dict[str, tuple[frozenset[str], ...]] = {}
    if typeorm and path.endswith(schemas.ENTITY_SUFFIXES):
        found.update(schemas.typeorm_uniques(data.decode('utf-8', 'replace')))
    if mongoose and schemas.maybe_models(data):
        found.update(schemas.mongoose_uniques(data.decode('utf-8', 'replace')))
    if ddl.knex_migration(path, data):
        found.update(ddl.knex_uniques(data.decode('utf-8', 'replace')))
    if sequelize and sequelize_keys.wanted(data):
        found = schemas.merged([found, sequelize_keys.uniques(data.decode('utf-8', 'replace'))])
    return found


def with_importers(
        config: Config, request: Request, repo: git.Repo | None, mode: str, cwd: str, targets: Iterable[object],
) -> Config:
    """``config`` knowing who imports each name of the project's files (``ecosystem.importers``),
    read as the audited code sees them: when files are audited whole (``--all``), or when a staged
    file that is not browser code by its path holds what timezone asks about (a helper that only
    browser files import runs in the browser)."""
    if repo is None or mode not in ('staged', 'range', 'all'):
        return config
    if mode != 'all' and not any(
            isinstance(t, Target) and not runtime.browser_path(t.path) and dates.local_time_candidate(t.data) for t in targets):
        return config  # what it costs (~0.5 s a thousand files) is paid only where timezone may ask
    ref = (request.to_ref or 'HEAD') if mode == 'range' else ''
    paths = git.paths_ending(repo, SOURCES, ref)
    folders = frozenset(part for path in paths for part in posixpath.dirname(path).split('/'))
    # A commit's files: only a file that names one of them (its stem, or its folder for an index) imports it.
    names = None if mode == 'all' else {_module_name(t.path) for t in targets if isinstance(t, Target)}
    files = []
    pinned = False  # production code that sets the process's zone (`process.env.TZ = "Europe/Paris"`)
    for path in paths:
        found = project_file(request, repo, mode, cwd, path)
        if found is None:
            continue
        pinned = pinned or (runtime.pins_zone(found[0]) and roles.role_of(path, found[0]) == roles.PRODUCTION)
        if any(w in found[0] for w in importers.WORDS) and (names is None or any(n in found[0] for n in names)):
            files.append((path, found[0]))

    def browser(path: str, source: bytes) -> bool:
        return runtime.browser_source(path, source, runtime.hint_for(path, config.runtimes))

    return config._replace(importers=importers.index(files, folders, browser),
                           zone_set_by_user=config.zone_set_by_user or pinned)


class RejectionSearch(NamedTuple):
    """``with_rejection_logger``'s search of the project, started early (``start_rejection_search``)."""
    proc: subprocess.Popen[bytes] | None
    ref: str


def start_rejection_search(
        config: Config, request: Request, repo: git.Repo | None, mode: str, targets: Iterable[object],
) -> RejectionSearch | None:
    """The search for files naming the ``unhandledRejection`` event, started when error-handling may
    ask about a dropped promise (files audited whole, or a staged file that may drop one), so that git
    reads the blobs while the other facts are read here; None when nothing is worth searching. For a
    commit only the top folders of its files that may drop one, and the root, are searched: the process
    that runs them starts there (Hydro's `packages/hydrojudge/src/daemon.ts` for its hosts, CHEFS's
    `app/app.js` for `app/src/`), and a commit to webpack's `lib/` reads 0.03 s of blobs, not 0.1 s."""
    if repo is None or mode not in ('staged', 'range', 'all') or _ERRORS not in config.enabled:
        return None
    dropping = [t.path for t in targets if isinstance(t, Target) and runtime.may_drop_promise(t.data)]
    if mode != 'all' and not dropping:
        return None
    folders = () if mode == 'all' or any('/' not in p for p in dropping) else tuple(sorted({p.split('/', 1)[0] for p in dropping}))
    ref = (request.to_ref or 'HEAD') if mode == 'range' else ''
    return RejectionSearch(gitcli.start_grep(repo, runtime.REJECTION_EVENT, ref, mode == 'staged', SOURCES, folders), ref)


def with_rejection_logger(
        config: Config, request: Request, repo: git.Repo | None, mode: str, cwd: str, search: RejectionSearch | None,
) -> Config:
    """``config`` knowing whether the project's production code installs a process-wide
    ``unhandledRejection`` handler that logs and keeps the process up (``runtime.logs_rejections``),
    read as the audited code sees it, from what ``search`` found: git finds the few files naming the
    event; only those are read."""
    if search is None:
        return config
    for path in gitcli.grep_result(search.proc, search.ref) or ():
        found = project_file(request, repo, mode, cwd, path)
        if found is not None and runtime.logs_rejections(found[0]) and roles.role_of(path, found[0]) == roles.PRODUCTION \
                and not runtime.browser_path(path):
            return config._replace(rejections_logged=True)
    return config


def with_app_limiters(
        config: Config, request: Request, repo: git.Repo | None, mode: str, cwd: str, targets: Iterable[object],
) -> Config:
    """``config`` knowing the limiters the project registers for every route of an app
    (``ecosystem.app_limiters``: a NestJS ``APP_GUARD``, an entry file's ``app.use(limiter)``), read
    as the audited code sees them: when files are audited whole (``--all``), or when a staged file
    registers a route missing-rate-limit may ask about, and then only the files of the folders above
    it.  Only files whose bytes may register one are parsed, once per blob id.

    And whether the project limits inside handlers only (``limits_per_handler``): when it declares
    a limiter package, every source file is looked at for how it uses one. And, when a sign-in route
    is in sight, where the project counts sign-in attempts (``counts_attempts``: every source file of
    the route's app, the folder above its routes folder)."""
    if repo is None or mode not in ('staged', 'range', 'all') or _RATE_LIMIT not in config.enabled:
        return config
    # A route, or a password comparison no route of its file runs (missing_rate_limit/password_checks.py),
    # by the default hashers: the names of the configuration would import every check here.
    routed_data = {t.path: t.data for t in targets if isinstance(t, Target)
                   and (app_limiters.ROUTE_HINT.search(t.data) or services.may_compare_password(t.data)
                        or app_limiters.may_mail_sign_in(t.data.lower()))}
    routed = set(routed_data)
    if mode != 'all' and not routed:
        return config
    names = config.names[_RATE_LIMIT]
    ref = (request.to_ref or 'HEAD') if mode == 'range' else ''
    found: list[app_limiters.AppLimiter] = []
    every = git.paths_ending(repo, SOURCES, ref)
    paths = every
    if mode != 'all' and routed <= set(every):
        # A commit's routes: only a file in a folder above one of them registers a limiter that covers it.
        above = app_limiters.folders_above(routed)
        paths = [p for p in every if posixpath.dirname(p) in above or app_limiters.middleware_app(p) in above]
    declared = _declares(config, names['limiter_packages'])
    uses: list[app_limiters.Use] = []
    wanted = set(paths)
    # A sign-in route in sight: the project's own attempt counter may limit it, in a file of the
    # route's app (under the folder above the routes file's: app_limiters.counted_near).
    apps = {posixpath.dirname(posixpath.dirname(p)) for p, data in routed_data.items() if _SIGN_IN_HINT.search(data)}
    attempts = mode == 'all' or bool(apps)
    counting = set(every) if mode == 'all' or '' in apps else {p for p in every if p.startswith(tuple(a + '/' for a in apps))}
    counts: set[str] = set()
    nest_apps: set[str] = set()  # folders of the files that bootstrap a NestJS application
    for path in every if declared else sorted(set(paths) | counting) if attempts else paths:
        data = project_file(request, repo, mode, cwd, path)
        if data is None:
            continue
        if attempts and path in counting and app_limiters.counts_sign_in_attempts(data[0]) and roles.role_of(path, data[0]) == roles.PRODUCTION:
            counts.add(posixpath.dirname(path))
        if path in wanted:
            found.extend(registered(path, data[0], names['limiters'], names['limiter_packages']))
            if app_limiters.bootstraps_nest(data[0]) and roles.role_of(path, data[0]) == roles.PRODUCTION:
                nest_apps.add(posixpath.dirname(path))
        if declared:
            uses.append(used(path, data[0], names['limiters'], names['limiter_packages']))
    if nest_apps and mode != 'all':
        # A commit's controllers: the global guard of their application may be provided by any of
        # its modules, in a folder beside theirs (git finds the few files naming APP_GUARD).
        for path in gitcli.grep_result(gitcli.start_grep(repo, app_limiters.APP_GUARD, ref, mode == 'staged', SOURCES,
                                                         tuple(sorted(f for f in nest_apps if f))), ref) or ():
            data = project_file(request, repo, mode, cwd, path) if path not in wanted else None
            if data is not None:
                found.extend(registered(path, data[0], names['limiters'], names['limiter_packages']))
    found = list(app_limiters.in_nest_apps(found, nest_apps))
    per_handler = any(u.imports for u in uses) and not any(u.mounts for u in uses)
    return config._replace(app_limiters=tuple(found), limits_per_handler=per_handler,
                           counts_attempts=frozenset(counts))


_SIGN_IN_HINT = lazyre.compile(rb'(?i)log_?in|sign_?in|otp')


def _declares(config: Config, packages: frozenset[str]) -> bool:
    """The root ``package.json`` or one below it declares one of ``packages`` (a limiter, Mongoose)."""
    return any(p in packages for p in config.packages) or any(
        p in packages for found in config.folder_packages.values() for p in found)


def source_files(config: Config, request: Request, repo: git.Repo, mode: str, cwd: str, ref: str) -> list[tuple[str, bytes]]:
    """The project's source files as the audited code sees them (the index, the range's end or the
    work tree), those the configuration excludes, minified ones and ones over the size limit aside."""
    sources = []
    for path in git.paths_ending(repo, SOURCES, ref):
        found = project_file(request, repo, mode, cwd, path)
        if found is not None and grammar_for(path) is not None and not config_mod.excluded(path, config) \
                and len(found[0]) <= config.max_file_bytes and not is_minified_name(path):
            sources.append((path, found[0]))
    return sources

def with_remote_methods(
        config: Config, request: Request, repo: git.Repo | None, mode: str, cwd: str, targets: Iterable[object],
) -> Config:
    """``config`` knowing the methods of the project's NestJS providers that call another service
    over HTTP, by class and by the token a module binds to the class (``ecosystem.remote_providers``),
    and those whose method finds a record before making one (``ecosystem.found_or_made``),
    read as the audited code sees the project: in a project declaring NestJS, when files are audited
    whole or a staged file injects a provider into its constructor. Only the files that import an
    HTTP client, then those binding one of its classes with ``useClass``, are parsed."""
    if repo is None or mode not in ('staged', 'range', 'all') or _TRANSACTION not in config.enabled \
            or not _declares(config, remote_providers.NEST_PACKAGES):
        return config
    if mode != 'all' and not any(b'constructor' in t.data and (b'@Inject' in t.data or b'Repository' in t.data or b'Service' in t.data)
                                 for t in targets if isinstance(t, Target)):
        return config
    ref = (request.to_ref or 'HEAD') if mode == 'range' else ''
    sources = source_files(config, request, repo, mode, cwd, ref)
    finders = found_or_made.methods(
        File.unparsed(path, data, grammar_for(path) or '') for path, data in sources if found_or_made.may_find_first(data))
    config = config._replace(found_or_made=frozenset((c, m) for c, names in finders.items() for m in names))
    classes = remote_providers.remote_methods(
        File.unparsed(path, data, grammar_for(path) or '') for path, data in sources if remote_providers.may_call_out(data))
    if not classes:
        return config
    tokens = remote_providers.tokens(
        [File.unparsed(path, data, grammar_for(path) or '') for path, data in sources
         if remote_providers.wanted(data, classes)], classes)
    methods = frozenset((key, m) for found in (classes, tokens) for key, names in found.items() for m in names)
    return config._replace(remote_methods=methods)


def with_shell_components(
        config: Config, request: Request, repo: git.Repo | None, mode: str, cwd: str, targets: Iterable[object],
) -> Config:
    """``config`` knowing the element selectors of the Angular components the app shell mounts once
    (``ecosystem.app_shell``: only the bootstrapped root's template holds them), read from the
    project's sources and ``.html`` templates as the audited code sees them: in a project declaring
    Angular, when files are audited whole or a staged file declares a component."""
    if repo is None or mode not in ('staged', 'range', 'all') or _CLEANUP not in config.enabled \
            or not _declares(config, frozenset((app_shell.ANGULAR,))):
        return config
    if mode != 'all' and not any(b'@Component' in t.data for t in targets if isinstance(t, Target)):
        return config
    ref = (request.to_ref or 'HEAD') if mode == 'range' else ''
    sources = [(path, data) for path, data in source_files(config, request, repo, mode, cwd, ref) if path.endswith('.ts')]
    templates = [(path, found[0]) for path in git.paths_ending(repo, '.html', ref)
                 if (found := project_file(request, repo, mode, cwd, path)) is not None]
    shell = app_shell.shell_selectors(sources, templates)
    return config._replace(shell_selectors=shell) if shell else config


def unnamed_exports(
        request: Request, repo: git.Repo | None, mode: str, cwd: str, wanted: Mapping[str, frozenset[str]],
) -> set[tuple[str, str]]:
    """``(path, name)`` of the functions ``wanted`` (path -> exported names its file spells only
    where it declares them) that no other file of the project names either, read as the audited code
    sees the project: every source, template and configuration file is searched for the names once.
    Only when files are audited whole: a commit's new function may be called by the next commit."""
    if repo is None or mode != 'all' or not wanted:
        return set()
    ref = (request.to_ref or 'HEAD') if mode == 'range' else ''
    words = tuple({name.encode() for found in wanted.values() for name in found})
    files = []
    for path in git.paths_ending(repo, exports.SUFFIXES, ref):
        found = project_file(request, repo, mode, cwd, path)
        if found is not None and any(w in found[0] for w in words):
            files.append((path, found[0]))
    named = exports.named_elsewhere(wanted, files)
    return {(path, name) for path, found in wanted.items() for name in found if (path, name) not in named}


def _module_name(path: str) -> bytes:
    """What an import of the module at ``path`` spells: its stem, or its folder's name for an index."""
    stem = posixpath.basename(path).split('.')[0]
    return (posixpath.basename(posixpath.dirname(path)) if stem == 'index' else stem).encode('utf-8', 'surrogateescape')


_RATE_LIMIT = 'missing-rate-limit'
_ERRORS = 'error-handling'
_TRANSACTION = 'missing-transaction'
_CLEANUP = 'missing-cleanup'
SOURCES = ('.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx', '.vue', '.svelte')


def project_file(request: Request, repo: git.Repo | None, mode: str, cwd: str, name: str) -> tuple[bytes, str] | None:
    """A file of the project (``name`` relative to its root) as the audited code sees it: (bytes,
    where it came from)."""
    if repo is not None:
        if mode == 'staged':
            data = git.index_blob(repo, name)
            origin = f'{name} (staged)'
        elif mode == 'range':
            to_ref = request.to_ref or 'HEAD'
            data = git.tree_blob(repo, to_ref, name)
            origin = f'{name} (at {to_ref})'
        else:
            data = read_optional(os.path.join(repo.root, name))
            origin = name
    else:
        data = read_optional(os.path.join(cwd, name))
        origin = name
    return (data, origin) if data is not None else None


def _load_config_file(request: Request, repo: git.Repo | None, mode: str, cwd: str) -> Config:
    if request.config_file:
        path = os.path.join(cwd, request.config_file)
        try:
            with open(path, encoding='utf-8') as f:
                return config_mod.parse(f.read(), request.config_file)
        except OSError as e:
            raise VcxError(f'--config {request.config_file}: {e.strerror}') from None
    for name in config_mod.CONFIG_FILES:
        found = project_file(request, repo, mode, cwd, name)
        if found is None:
            continue
        cfg = config_mod.parse(found[0].decode('utf-8', 'replace'), found[1])
        if name == '.vcx.toml' or cfg.sources:
            return cfg
    return config_mod.default_config()
