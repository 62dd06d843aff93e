"""What the project's own functions that the audited files import do, read one hop away
(``ecosystem.helper_effects``): the engine's half, which finds the modules as the audited code sees
the project (``project.project_file``: the index, the range's end or the work tree)."""
from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Mapping

from vcx_hook.config import Config
from vcx_hook.config import packages_near
from vcx_hook.ecosystem import helper_effects
from vcx_hook.ecosystem import importers
from vcx_hook.ecosystem import module_exports
from vcx_hook.ecosystem import module_paths
from vcx_hook.ecosystem import owned
from vcx_hook.ecosystem import packages
from vcx_hook.ecosystem import runtime
from vcx_hook.engine import git
from vcx_hook.engine.collect import Request
from vcx_hook.engine.files import is_minified_name
from vcx_hook.engine.project import project_file
from vcx_hook.engine.target import Target
from vcx_hook.lang import lazyre
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import grammar_for


def with_helper_effects(
        config: Config, request: Request, repo: git.Repo | None, mode: str, cwd: str, targets: Iterable[object],
) -> Config:
    """``config`` knowing what the project's own functions that the audited files import do
    (``ecosystem.helper_effects``): each audited file's imports of a relative path or of a
    ``tsconfig.json`` path alias are resolved (``ecosystem.module_paths``) to the module as the
    audited code sees the project, which is parsed once per blob id. Only the audited files' imports
    are followed, one hop, and only in async code (a helper that queries or sends is awaited)."""
    if repo is None or mode not in ('staged', 'range', 'all') or not _HELPER_FAMILIES & config.enabled:
        return config
    table: dict[tuple[str, str], Mapping[str, helper_effects.Effects]] = {}
    configs: dict[str, module_paths.Aliases | None] = {}
    for target in targets:
        path = getattr(target, 'path', '')
        data = target.data if isinstance(target, Target) else None
        if data is None and path and grammar_for(path) is not None:
            found = project_file(request, repo, mode, cwd, path)
            data = found[0] if found is not None else None
        if data is None or grammar_for(path) is None or not _ASYNC.search(data):
            continue
        specs = {m.group(1).decode('utf-8', 'replace') for m in lazyre.finditer_at(_LOCAL_SPECIFIER, _SPECIFIER_STARTS, data)}
        words = _Words(data)  # read once a file, and only when a barrel asks (not once an import)
        for spec in specs:
            exports = _module_exports(request, repo, mode, cwd, path, spec, configs, config.max_file_bytes, words=words)
            if exports:
                table[(path, spec)] = exports
    return config._replace(helper_effects=table) if table else config


_HELPER_FAMILIES = frozenset(('n-plus-one', 'missing-rate-limit', 'missing-transaction', 'error-handling'))
_ASYNC = lazyre.compile(rb'\bawait\b|\.then\(|Promise\.')
# `from './x'`, `require('../x')`, `import('@/x')`: a relative or aliased specifier (not a package's).
_LOCAL_SPECIFIER = lazyre.compile(rb"""(?:\bfrom|\brequire\(|\bimport\()\s*['"]((?:\.{1,2}/|[@~#]\w*/|src/)[^'"\n]+)['"]""")
_SPECIFIER_STARTS = (b'from', b'require(', b'import(')
# `export { default as Users } from './Users'`, `export * from './users'`: a barrel module.
_RE_EXPORT = lazyre.compile(rb"""\bexport\s*(?:\*|\{[^}]*\})\s*from\s*['"]\.""")
_WORD = lazyre.compile(rb'[A-Za-z_$][\w$]*')
# A folder's barrel re-exports its handful of modules (`export * from './x.service'`); a package's
# entry re-exports all of it (autumn's shared/index.ts: 192), whose reading would cost the hook more
# than the audit.
_STARS = 12
# (path, blob id) -> its exports' effects, and what it re-exports from other modules (a barrel's)
_EFFECTS: dict[tuple[str, str], tuple[dict[str, helper_effects.Effects], tuple[module_exports.ReExport, ...]]] = {}


def _module_exports(
        request: Request, repo: git.Repo | None, mode: str, cwd: str, importer: str, spec: str,
        configs: dict[str, module_paths.Aliases | None], limit: int, words: _Words | None = None,
) -> Mapping[str, helper_effects.Effects] | None:
    """What the functions of the module ``spec`` (imported by ``importer``) export do, or None when
    it is not found or does nothing to ask about. A barrel's re-exports (``export { default as
    Users } from './Users'``, ``export * from './users.service'`` in an ``index.ts``) are read from
    the modules they name, once more (with ``words``, the importer's: not a barrel's barrel): a
    named one where the importer spells its name, every ``export *`` of a folder's barrel, none of
    a package's (a shared package's ``index.ts`` re-exporting its hundreds of modules)."""
    aliases = None if spec.startswith('.') else _aliases_for(request, repo, mode, cwd, importer, configs)
    if not spec.startswith('.') and aliases is None:
        return None
    for candidate in module_paths.candidates(importer, spec, aliases):
        grammar = grammar_for(candidate)
        found = project_file(request, repo, mode, cwd, candidate) if grammar is not None else None
        if found is None:
            continue
        data = found[0]
        barrel = _RE_EXPORT.search(data) is not None
        if len(data) > limit or is_minified_name(candidate) \
                or not (barrel or helper_effects.may_act(data)):
            return None
        key = (candidate, hashlib.sha1(b'blob %d\0' % len(data) + data).hexdigest())  # noqa: S324 (git's blob id)
        if key not in _EFFECTS:
            module = File.unparsed(candidate, data, grammar or '')
            _EFFECTS[key] = (helper_effects.exported(module), tuple(module_exports.re_exports(module)) if barrel else ())
        exports, handed_on = _EFFECTS[key]
        if not handed_on or words is None:
            return exports
        merged = dict(exports)
        stars = sum(h.name == '*' for h in handed_on)
        for handed in handed_on:
            if not handed.specifier.startswith('.') or (handed.name == '*' and stars > _STARS) \
                    or (handed.name != '*' and handed.exported.encode() not in words.of()):
                continue
            inner = _module_exports(request, repo, mode, cwd, candidate, handed.specifier, configs, limit)
            merged.update(_renamed(inner or {}, handed))
        return merged
    return None


class _Words:
    """The words of an importer's bytes, read when first asked."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._words: frozenset[bytes] | None = None

    def of(self) -> frozenset[bytes]:
        if self._words is None:
            self._words = frozenset(_WORD.findall(self._data))
        return self._words


def _renamed(effects: Mapping[str, helper_effects.Effects], handed: module_exports.ReExport) -> dict[str, helper_effects.Effects]:
    """The effects of a re-exported module's functions under the names the barrel gives them."""
    if handed.name == '*':
        return {name: e for name, e in effects.items() if name != 'default' and not name.startswith('default.')}
    return {handed.exported + name[len(handed.name):]: e for name, e in effects.items()
            if name == handed.name or name.startswith(f'{handed.name}.')}


def _aliases_for(
        request: Request, repo: git.Repo | None, mode: str, cwd: str, importer: str,
        configs: dict[str, module_paths.Aliases | None],
        read: Callable[[str, bytes], module_paths.Aliases | None] = module_paths.aliases,
) -> module_paths.Aliases | None:
    """What ``read`` finds (the path aliases, or with ``module_paths.base_url`` the ``baseUrl``) in
    the nearest ``tsconfig.json`` or ``jsconfig.json`` above ``importer`` that declares some;
    ``configs`` caches it by folder for one ``read``."""
    for folder in module_paths.folders_up(importer):
        if folder not in configs:
            configs[folder] = None
            for name in module_paths.CONFIGS:
                found = project_file(request, repo, mode, cwd, posixpath.join(folder, name))
                if found is not None:
                    configs[folder] = read(folder, found[0])
                    break
        if configs[folder] is not None:
            return configs[folder]
    return None


def with_device_importers(
        config: Config, request: Request, repo: git.Repo | None, mode: str, cwd: str, targets: Iterable[object],
) -> Config:
    """``config`` knowing the audited files that import a module of the project holding a device
    runtime or database (``runtime.imports_device_runtime``: tegon's ``store/database.ts``, a Dexie
    database its sync handlers write): they run on the user's device too. Only in a package that
    declares one (Dexie, idb, expo-sqlite, React Native...), for the families device code is not
    asked or asked low; each module is read once, one hop away (a relative specifier, a path alias
    or the ``baseUrl`` of the nearest ``tsconfig.json``)."""
    if repo is None or mode not in ('staged', 'range', 'all') or not _DEVICE_FAMILIES & config.enabled:
        return config
    found: set[str] = set()
    held: dict[str, bool] = {}  # module path -> holds a device runtime
    configs: dict[str, module_paths.Aliases | None] = {}
    for target in targets:
        path = getattr(target, 'path', '')
        if grammar_for(path) is None or not runtime.declares_device_runtime(packages_near(config, path)):
            continue
        data = target.data if isinstance(target, Target) else None
        if data is None:
            got = project_file(request, repo, mode, cwd, path)
            data = got[0] if got is not None else None
        if data is None or runtime.imports_device_runtime(data):
            continue  # a device file already (runtime.is_device)
        declared = packages_near(config, path)
        for spec in sorted({spec for _, spec in importers.imports(data)}):
            if not spec.startswith('.') and packages.package_name(spec) in declared:
                continue
            aliases = None if spec.startswith('.') else _aliases_for(request, repo, mode, cwd, path, configs, module_paths.base_url)
            if not spec.startswith('.') and aliases is None:
                continue
            module = next((c for c in module_paths.candidates(path, spec, aliases)
                           if c in held or project_file(request, repo, mode, cwd, c) is not None), None)
            if module is None:
                continue
            if module not in held:
                got = project_file(request, repo, mode, cwd, module)
                held[module] = got is not None and len(got[0]) <= config.max_file_bytes and runtime.imports_device_runtime(got[0])
            if held[module]:
                found.add(path)
                break
    return config._replace(device_importers=frozenset(found)) if found else config


_DEVICE_FAMILIES = runtime.DEVICE_NOT_ASKED | runtime.DEVICE_LOW


def with_element_bases(
        config: Config, request: Request, repo: git.Repo | None, mode: str, cwd: str, targets: Iterable[object],
) -> Config:
    """``config`` knowing the classes the audited files extend, imported from the project's own
    modules, that are custom elements (``ecosystem.owned.element_base_of``: a Lit web component's
    ``class AcSettings extends YpBaseElement``, ``YpBaseElement extends LitElement`` in another
    module, round 30's your-priorities-app): followed up to three modules away (a relative specifier,
    a path alias or the ``baseUrl`` of the nearest ``tsconfig.json``), each module read once; in a
    project declaring ``lit`` or ``lit-element``."""
    if repo is None or mode not in ('staged', 'range', 'all') or _CLEANUP not in config.enabled or not (
            owned.LIT_PACKAGES.intersection(config.packages)
            or any(owned.LIT_PACKAGES.intersection(found) for found in config.folder_packages.values())):
        return config  # only in a project declaring Lit
    found: set[tuple[str, str]] = set()
    known: dict[tuple[str, str], bool] = {}  # (module path, class name) -> an element class
    configs: dict[str, module_paths.Aliases | None] = {}
    sources: dict[str, bytes | None] = {}

    def read(path: str) -> bytes | None:
        if path not in sources:
            got = project_file(request, repo, mode, cwd, path)
            sources[path] = got[0] if got is not None and len(got[0]) <= config.max_file_bytes else None
        return sources[path]

    def resolve(importer: str, spec: str) -> tuple[str, bytes] | None:
        aliases = None if spec.startswith('.') else _aliases_for(request, repo, mode, cwd, importer, configs, module_paths.base_url)
        if not spec.startswith('.') and aliases is None:
            return None
        for candidate in module_paths.candidates(importer, spec, aliases):
            source = read(candidate)
            if source is not None:
                return candidate, source
        return None

    for target in targets:
        path = getattr(target, 'path', '')
        if grammar_for(path) is None:
            continue
        if isinstance(target, Target):
            data: bytes | None = target.data
        else:
            got = project_file(request, repo, mode, cwd, path)
            data = got[0] if got is not None else None
        if data is None or b'extends' not in data:
            continue
        declared = packages_near(config, path)
        found.update((path, name) for name in owned.imported_element_bases(path, data, resolve, declared, known))
    return config._replace(element_bases=frozenset(found)) if found else config


_CLEANUP = 'missing-cleanup'
