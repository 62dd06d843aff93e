"""Effective configuration: defaults from the check modules, extended by the user's file."""
from __future__ import annotations

import functools
import re
import sys
from collections.abc import Callable
from collections.abc import Iterator
from collections.abc import Mapping
from typing import Any
from typing import TYPE_CHECKING
from typing import NamedTuple

from vcx_hook.ecosystem import names as ecosystem_names
from vcx_hook.finding import CONFIDENCES
from vcx_hook.finding import HIGH
from vcx_hook.finding import LOW
from vcx_hook.finding import MEDIUM

if TYPE_CHECKING:
    from vcx_hook.ecosystem.app_limiters import AppLimiter
    from vcx_hook.ecosystem.helper_effects import Effects
    from vcx_hook.ecosystem.importers import Importer

BLOCK = 'block'
WARN = 'warn'
ASK_CHANGED = 'changed'
ASK_TOUCHED = 'touched-functions'
# Test, story and declaration files do not run in production; `exclude = []` in the config audits them.
DEFAULT_EXCLUDE = (
    '**/*.test.*', '**/*.spec.*', '**/*.mock.*', '**/*.stories.*', '**/*.d.ts', '**/test_*.*',
    '**/test.*', '**/tests.*', '**/__tests__/**', '**/__mocks__/**', '**/__fixtures__/**',
    '**/test/**', '**/tests/**', '**/mocks/**', '**/stubs/**', '**/e2e/**', '**/cypress/**', '**/playwright/**',
)


class Config(NamedTuple):
    enabled: frozenset[str]
    severity: Mapping[str, str]  # check id -> 'block' | 'warn'
    names: Mapping[str, Mapping[str, frozenset[str]]]  # check id -> list name -> names
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    max_file_bytes: int = 1_000_000
    max_line_length: int = 10_000
    sources: Mapping[str, str] = {}  # noqa: RUF012  dotted key -> where its value came from
    packages: Mapping[str, str] = {}  # noqa: RUF012  the root package.json's dependencies -> version spec
    # Each audited file's folder ('' the root) -> where its package's code runs (ecosystem/runtime.py: 'browser', 'server'...).
    runtimes: Mapping[str, str] = {}  # noqa: RUF012
    # Each folder holding a package.json below the root -> its declared packages (as ``packages``),
    # for the audited files' folders: a monorepo's app declares its own framework versions.
    folder_packages: Mapping[str, Mapping[str, str]] = {}  # noqa: RUF012
    # The words of the root package.json's name (`snapshot-hub` -> snapshot), the project's own
    # domain's likely labels (hardcoded_config/addresses.own_domain), generic words left out.
    project_words: frozenset[str] = frozenset()
    ask: str = 'changed'  # which questions block: ASK_CHANGED or ASK_TOUCHED (see docs/changed.md)
    block: str = HIGH  # the lowest confidence that blocks: HIGH, MEDIUM or LOW (see docs/confidence.md)
    show: str = MEDIUM  # the lowest confidence listed: a blocking question is always listed
    shared: Mapping[str, frozenset[str]] = {}  # noqa: RUF012  `[names]` key -> the names the user added
    roles: Mapping[str, frozenset[str]] = {}  # noqa: RUF012  file role -> families audited there (none if absent)
    role_globs: tuple[tuple[str, str], ...] = ()  # (role, path glob) added by the configuration, asked first
    # Each model of the project's schemas (lower-cased) -> its unique key sets (ecosystem/schemas.py), read when a read needs them.
    uniques: Mapping[str, tuple[frozenset[str], ...]] = {}  # noqa: RUF012
    # Each name the project's files import -> who imports it, from where, whether from browser code (ecosystem/importers.py).
    importers: Mapping[str, tuple[Importer, ...]] = {}  # noqa: RUF012
    # The limiters the project registers for every route of an app (ecosystem/app_limiters.py: APP_GUARD, `app.use(limiter)`).
    app_limiters: tuple[AppLimiter, ...] = ()
    # The project limits requests inside handlers only: a file imports a limiter package and none mounts
    # one (`use`, `register`, a global guard, a middleware file), so a handler that calls none has none.
    limits_per_handler: bool = False
    counts_attempts: frozenset[str] = frozenset()  # folders of files counting sign-in attempts (app_limiters)
    # missing-transaction, read from the project (ecosystem/): transaction_callers/_wrappers.py, remote_providers.py, found_or_made.py.
    transaction_callers: frozenset[tuple[str, str]] = frozenset()
    transaction_handed: frozenset[str] = frozenset()
    transaction_wrappers: Mapping[str, bool] = {}  # noqa: RUF012  name -> runs the callback it is handed in a transaction
    remote_methods: frozenset[tuple[str, str]] = frozenset()
    found_or_made: frozenset[tuple[str, str]] = frozenset()
    # (audited file, specifier of an import of the project's own code) -> what its exported functions do (ecosystem/helper_effects.py).
    helper_effects: Mapping[tuple[str, str], Mapping[str, Effects]] = {}  # noqa: RUF012
    fold: bool = True  # one question per file for places asking it the same way (fold.py, docs/folding.md)
    # Files a package.json script runs by hand (`"delete-team": "node delete-team.js"`), not the server's start
    # (ecosystem/roles.py ``run_by_scripts``), for the audited files' packages: scripts.
    script_files: frozenset[str] = frozenset()
    # The project sets the server's zone: README, compose file or Dockerfile (`TZ=Europe/Brussels`), or code (`process.env.TZ = ...`).
    zone_set_by_user: bool = False
    rejections_logged: bool = False  # production code logs unhandled rejections (ecosystem/runtime.py)
    express_wrapped: bool = False  # production code wraps Express handlers to reach next(err) (ecosystem/handlers.py)
    zoned_packages: frozenset[str] = frozenset()  # audited package folders whose Dockerfile sets a region's zone (`packages/backend`)
    shell_selectors: frozenset[str] = frozenset()  # Angular components the app shell mounts once (ecosystem/app_shell.py)
    device_importers: frozenset[str] = frozenset()  # files importing a local module on a device database (engine/imported.py)
    element_bases: frozenset[tuple[str, str]] = frozenset()  # (path, class name): imported custom element bases (engine/imported.py)


def default_config() -> Config:
    from vcx_hook.checks import IDS

    return Config(
        enabled=frozenset(IDS),
        severity={i: BLOCK for i in IDS},
        names=DEFAULT_NAMES,
    )


class _DefaultNames(Mapping[str, Mapping[str, frozenset[str]]]):
    """The check modules' own ``NAMES``, read when first needed.

    A hook run reads its configuration in the parent process, which never runs a check: this
    spares it importing the ten modules.  Pickled (to the helper or a pool worker) as a reference.
    """

    _names: dict[str, Mapping[str, frozenset[str]]] | None = None

    def _load(self) -> dict[str, Mapping[str, frozenset[str]]]:
        if _DefaultNames._names is None:
            from vcx_hook.checks import CHECKS

            _DefaultNames._names = {c.ID: dict(c.NAMES) for c in CHECKS}
        return _DefaultNames._names

    def __getitem__(self, check_id: str) -> Mapping[str, frozenset[str]]:
        return self._load()[check_id]

    def __iter__(self) -> Iterator[str]:
        from vcx_hook.checks import IDS

        return iter(IDS)

    def __len__(self) -> int:
        from vcx_hook.checks import IDS

        return len(IDS)

    def __contains__(self, check_id: object) -> bool:
        from vcx_hook.checks import IDS

        return check_id in IDS

    def __eq__(self, other: object) -> bool:
        return other is self or super().__eq__(other)

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> str:
        return 'DEFAULT_NAMES'

    def __repr__(self) -> str:
        return 'DEFAULT_NAMES'


DEFAULT_NAMES = _DefaultNames()


@functools.lru_cache(maxsize=None)
def _glob(pattern: str) -> re.Pattern[str]:
    """Translate a path glob (``**`` any directories, ``*`` within one) to a regex."""
    out = []
    i = 0
    while i < len(pattern):
        if pattern.startswith('**/', i):
            out.append('(?:.*/)?')
            i += 3
        elif pattern.startswith('**', i):
            out.append('.*')
            i += 2
        elif pattern[i] == '*':
            out.append('[^/]*')
            i += 1
        elif pattern[i] == '?':
            out.append('[^/]')
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile(''.join(out) + r'\Z')


def excluded(path: str, config: Config) -> bool:
    return any(_glob(p).match(path) for p in config.exclude)


CONFIG_FILES = ('.vcx.toml', 'pyproject.toml')
_TOP_KEYS = ('ask', 'block', 'show', 'fold', 'roles', 'enable', 'disable', 'exclude', 'extend-exclude', 'max-file-bytes', 'max-line-length', 'names', 'checks')
_CHECK_KEYS = ('severity',)


def parse(text: str, origin: str, base: Config | None = None) -> Config:
    """Apply a configuration file's text to ``base`` (defaults).  Errors name file, key, allowed values."""
    from vcx_hook.errors import VcxError

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib

    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise VcxError(f'{origin}: not valid TOML: {e}') from None
    if 'pyproject.toml' in origin:
        table = doc.get('tool', {}).get('vcx')
        prefix = 'tool.vcx.'
        if table is None:
            return base or default_config()
    else:
        table = doc
        prefix = ''
    return _apply(table, origin, prefix, base or default_config())


def _apply(table: dict[str, Any], origin: str, prefix: str, cfg: Config) -> Config:
    from vcx_hook.errors import VcxError

    def fail(key: str, message: str) -> VcxError:
        return VcxError(f'{origin}: {prefix}{key}: {message}')

    known_ids = sorted(cfg.names)
    sources = dict(cfg.sources)
    for key in table:
        if key not in _TOP_KEYS:
            raise fail(key, f'unknown key; allowed: {", ".join(_TOP_KEYS)}')

    def id_list(key: str) -> list[str]:
        value = table[key]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail(key, 'must be a list of check ids')
        for v in value:
            if v not in cfg.names:
                raise fail(key, f'unknown check id {v!r}; allowed: {", ".join(known_ids)}')
        return value

    enabled = set(cfg.enabled)
    if 'enable' in table:
        enabled = set(id_list('enable'))
        sources['enable'] = origin
    if 'disable' in table:
        enabled -= set(id_list('disable'))
        sources['disable'] = origin

    exclude = cfg.exclude
    for key in ('exclude', 'extend-exclude'):
        if key in table:
            value = table[key]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise fail(key, 'must be a list of path globs (e.g. "src/legacy/**")')
            exclude = tuple(value) if key == 'exclude' else exclude + tuple(value)
            sources['exclude'] = origin

    limits = {'max-file-bytes': cfg.max_file_bytes, 'max-line-length': cfg.max_line_length}
    for key in limits:
        if key in table:
            value = table[key]
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise fail(key, 'must be a positive integer')
            limits[key] = value
            sources[key] = origin

    ask = cfg.ask
    if 'ask' in table:
        if table['ask'] not in (ASK_CHANGED, ASK_TOUCHED):
            raise fail('ask', f'must be "{ASK_CHANGED}" or "{ASK_TOUCHED}", not {table["ask"]!r}')
        ask = table['ask']
        sources['ask'] = origin

    block, show = cfg.block, cfg.show
    for key in ('block', 'show'):
        if key in table:
            if table[key] not in CONFIDENCES:
                raise fail(key, f'must be "{HIGH}", "{MEDIUM}" or "{LOW}", not {table[key]!r}')
            block, show = (table[key], show) if key == 'block' else (block, table[key])
            sources[key] = origin

    fold = cfg.fold
    if 'fold' in table:
        if not isinstance(table['fold'], bool):
            raise fail('fold', f'must be true or false, not {table["fold"]!r}')
        fold = table['fold']
        sources['fold'] = origin

    roles, role_globs = _roles(table.get('roles'), cfg, fail, sources, origin)

    severity = dict(cfg.severity)
    names = cfg.names
    shared = dict(cfg.shared)
    table_names = table.get('names', {})
    if not isinstance(table_names, dict):
        raise fail('names', 'must be a table of name lists')
    for key, value in table_names.items():
        where = f'names.{key}'
        if key not in ecosystem_names.BY_KEY:
            raise fail(where, f'unknown key; allowed: {", ".join(s.key for s in ecosystem_names.SHARED)}')
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise fail(where, 'must be a list of names to add')
        if names is cfg.names:  # copied on the first extension only
            names = {k: dict(v) for k, v in cfg.names.items()}
        for check_id, list_name in ecosystem_names.BY_KEY[key].lists:
            names[check_id][list_name] = names[check_id][list_name] | frozenset(value)  # type: ignore[index]
            sources.setdefault(f'checks.{check_id}.{list_name}', f'{origin} via {where}')
        shared[key] = shared.get(key, frozenset()) | frozenset(value)
        sources[where] = origin
    checks = table.get('checks', {})
    if not isinstance(checks, dict):
        raise fail('checks', 'must be a table of check ids')
    for check_id, opts in checks.items():
        if check_id not in cfg.names:
            raise fail(f'checks.{check_id}', f'unknown check id; allowed: {", ".join(known_ids)}')
        if not isinstance(opts, dict):
            raise fail(f'checks.{check_id}', 'must be a table')
        for key, value in opts.items():
            where = f'checks.{check_id}.{key}'
            if key == 'severity':
                if value not in (BLOCK, WARN):
                    raise fail(where, f'must be "{BLOCK}" or "{WARN}", not {value!r}')
                severity[check_id] = value
            elif key in names[check_id]:
                if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
                    raise fail(where, 'must be a list of names to add')
                if names is cfg.names:  # copied on the first extension only
                    names = {k: dict(v) for k, v in cfg.names.items()}
                names[check_id][key] = names[check_id][key] | frozenset(value)  # type: ignore[index]
            else:
                allowed = ', '.join([*_CHECK_KEYS, *sorted(names[check_id])])
                raise fail(where, f'unknown key; allowed: {allowed}')
            sources[where] = origin
    return cfg._replace(
        enabled=frozenset(enabled),
        severity=severity,
        names=names,
        shared=shared,
        exclude=exclude,
        max_file_bytes=limits['max-file-bytes'],
        max_line_length=limits['max-line-length'],
        sources=sources,
        ask=ask,
        block=block,
        show=show,
        fold=fold,
        roles=roles,
        role_globs=role_globs,
    )


def _roles(
        table: object, cfg: Config, fail: Callable[[str, str], Exception], sources: dict[str, str], origin: str,
) -> tuple[Mapping[str, frozenset[str]], tuple[tuple[str, str], ...]]:
    """``[roles.<role>]``: ``checks`` (the families audited in its files: a list of ids, or
    "all") and ``paths`` (globs added to the role)."""
    from vcx_hook.ecosystem.roles import NAMES

    if table is None:
        return cfg.roles, cfg.role_globs
    if not isinstance(table, dict):
        raise fail('roles', f'must be a table of roles: {", ".join(NAMES)}')
    roles, globs = dict(cfg.roles), list(cfg.role_globs)
    for name, opts in table.items():
        where = f'roles.{name}'
        if name not in NAMES:
            raise fail(where, f'unknown role; allowed: {", ".join(NAMES)}')
        if not isinstance(opts, dict) or set(opts) - {'checks', 'paths'}:
            raise fail(where, 'must be a table with "checks" and/or "paths"')
        if 'checks' in opts:
            checks = opts['checks']
            if checks == 'all':
                checks = sorted(cfg.names)
            if not isinstance(checks, list) or any(c not in cfg.names for c in checks):
                raise fail(f'{where}.checks', f'must be "all" or a list of check ids: {", ".join(sorted(cfg.names))}')
            roles[name] = frozenset(checks)
            sources[f'{where}.checks'] = origin
        if 'paths' in opts:
            paths = opts['paths']
            if not isinstance(paths, list) or not all(isinstance(p, str) and p for p in paths):
                raise fail(f'{where}.paths', 'must be a list of path globs (e.g. "ops/**")')
            globs += [(name, p) for p in paths]
            sources[f'{where}.paths'] = origin
    return roles, tuple(globs)


def role_checks(path: str, data: bytes, config: Config) -> frozenset[str] | None:
    """The families audited in the file at ``path``: None for production code (every enabled
    family), else its role's policy (often none)."""
    from vcx_hook.ecosystem.roles import PRODUCTION
    from vcx_hook.ecosystem.roles import role_of

    role = role_of(path, data, tuple((name, _glob(g)) for name, g in config.role_globs))
    if role == PRODUCTION and path in config.script_files:
        role = 'script'  # a command a package.json script runs by hand
    return None if role == PRODUCTION else config.roles.get(role, frozenset())


def describe(cfg: Config) -> str:
    """The effective configuration as TOML-like text, each value with where it came from."""
    def src(key: str) -> str:
        return cfg.sources.get(key, 'default')

    ordered = sorted(cfg.names)
    lines = [
        f'enable = {sorted(cfg.enabled)!r}  # {src("enable") if "enable" in cfg.sources else src("disable")}',
        f'exclude = {list(cfg.exclude)!r}  # {src("exclude")}',
        f'max-file-bytes = {cfg.max_file_bytes}  # {src("max-file-bytes")}',
        f'max-line-length = {cfg.max_line_length}  # {src("max-line-length")}',
        f'ask = "{cfg.ask}"  # {src("ask")}',
        f'block = "{cfg.block}"  # {src("block")}',
        f'show = "{cfg.show}"  # {src("show")}',
        f'fold = {str(cfg.fold).lower()}  # {src("fold")}',
    ]
    lines.append('')
    lines.append('[names]  # each adds to the lists of every family that asks it')
    for shared in ecosystem_names.SHARED:
        extends = ', '.join(f'{c}.{n}' for c, n in shared.lists)
        lines.append(f'{shared.key} = {sorted(cfg.shared.get(shared.key, ()))!r}  # {src(f"names.{shared.key}")}; extends {extends}')
    from vcx_hook.ecosystem.roles import ROLES

    for role in ROLES:
        lines.append('')
        lines.append(f'[roles.{role.name}]  # {role.what}')
        lines.append(f'checks = {sorted(cfg.roles.get(role.name, ()))!r}  # {src(f"roles.{role.name}.checks")}')
        extra = [g for name, g in cfg.role_globs if name == role.name]
        if extra:
            lines.append(f'paths = {extra!r}  # {src(f"roles.{role.name}.paths")}')
    for check_id in ordered:
        lines.append('')
        lines.append(f'[checks.{check_id}]')
        lines.append(f'severity = "{cfg.severity.get(check_id, BLOCK)}"  # {src(f"checks.{check_id}.severity")}')
        for key, values in sorted(cfg.names[check_id].items()):
            where = f'checks.{check_id}.{key}'
            note = ''
            if ' via names.' not in cfg.sources.get(where, ' via names.') and (check_id, key) in ecosystem_names.KEYS_OF:
                instead = ' or '.join(f'names.{k}' for k in ecosystem_names.KEYS_OF[check_id, key])
                note = f'; deprecated: {where} still works, {instead} adds to every family at once'
            lines.append(f'{key} = {sorted(values)!r}  # {src(where)}{note}')
    return '\n'.join(lines) + '\n'


def with_packages(cfg: Config, manifest: bytes | None) -> Config:
    """``cfg`` knowing the project's declared packages (``dependencies`` and friends of the root
    ``package.json``); a manifest that does not parse declares nothing."""
    declared = declared_packages(manifest) if manifest is not None else None
    cfg = cfg if declared is None else cfg._replace(packages=declared)
    words = project_words(manifest) if manifest is not None else frozenset()
    return cfg._replace(project_words=words) if words else cfg


# Words of package names that name no one's domain (`@acme/api`, `my-app-server`, `monorepo`).
_GENERIC_NAME_WORDS = frozenset((
    'api', 'app', 'apps', 'server', 'backend', 'frontend', 'client', 'core', 'main', 'root', 'monorepo',
    'workspace', 'workspaces', 'project', 'service', 'services', 'web', 'site', 'website', 'node', 'react',
    'next', 'nextjs', 'express', 'admin', 'platform', 'packages', 'package', 'turbo', 'template', 'starter',
    'demo', 'example', 'test', 'tests', 'docs', 'hub', 'open', 'source', 'self', 'hosted', 'your', 'the',
))


def project_words(manifest: bytes) -> frozenset[str]:
    """The words of a ``package.json``'s name and scope (``@snapshot-labs/hub`` -> snapshot, labs)
    of four letters or more that are not generic (``api``, ``server``, ``monorepo``)."""
    import json

    try:
        doc = json.loads(manifest)
    except ValueError:
        return frozenset()
    name = doc.get('name') if isinstance(doc, dict) else None
    if not isinstance(name, str):
        return frozenset()
    words = re.split(r'[^a-z0-9]+', name.lower())
    return frozenset(w for w in words if len(w) >= 4 and not w.isdigit() and w not in _GENERIC_NAME_WORDS)


def declared_packages(manifest: bytes) -> dict[str, str] | None:
    """A ``package.json``'s packages and their version specs (``dependencies`` winning over
    ``devDependencies`` and the others); None when it does not parse."""
    import json

    try:
        doc = json.loads(manifest)
    except ValueError:
        return None
    packages: dict[str, str] = {}
    if isinstance(doc, dict):
        for key in ('peerDependencies', 'optionalDependencies', 'devDependencies', 'dependencies'):
            deps = doc.get(key)
            if isinstance(deps, dict):
                packages.update((k, v) for k, v in deps.items() if isinstance(k, str) and isinstance(v, str))
    return packages


def packages_near(cfg: Config, path: str) -> Mapping[str, str]:
    """The packages declared for the file at ``path``: the nearest ``package.json`` above it
    (``folder_packages``) over the root's."""
    import posixpath

    folder = posixpath.dirname(path)
    while folder:
        near = cfg.folder_packages.get(folder)
        if near is not None:
            return {**cfg.packages, **near}
        folder = posixpath.dirname(folder)
    return cfg.packages


def major_version(spec: str) -> int | None:
    """The major version a dependency spec asks for: 5 for ``^5.0.1``, ``~5.1`` or ``>=5``."""
    m = re.search(r'(?<![\w.])(\d+)(?:\.|$|\s)', spec)
    return int(m.group(1)) if m else None
