"""Every fixture declares its expectations inline: ``// vcx-expect: <check-id>[, <check-id>]`` on
the line(s) before the line that must be reported; ``<check-id> (low)`` expects a low-confidence
question (not listed by default), a bare ``<check-id>`` a listed one (medium or high).  A fixture
with no marker must report nothing, at any confidence."""
from __future__ import annotations

import functools
import pathlib
import re

import pytest

from vcx_hook.checks import BY_ID
from vcx_hook import config as config_mod
from vcx_hook.config import default_config
from vcx_hook.ecosystem import app_limiters
from vcx_hook.ecosystem import app_shell
from vcx_hook.ecosystem import owned
from vcx_hook.ecosystem import changelogs
from vcx_hook.ecosystem import ddl
from vcx_hook.ecosystem import found_or_made
from vcx_hook.ecosystem import helper_effects
from vcx_hook.ecosystem import module_paths
from vcx_hook.ecosystem import importers
from vcx_hook.ecosystem import runtime
from vcx_hook.ecosystem import remote_providers
from vcx_hook.ecosystem import schemas
from vcx_hook.ecosystem import sequelize_keys
from vcx_hook.ecosystem import transaction_callers
from vcx_hook.ecosystem import transaction_wrappers
from vcx_hook.engine import audit
from vcx_hook.engine import project
from vcx_hook.finding import LOW
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import grammar_for

from tests import helpers


ROOT = helpers.FIXTURES
MARKER = re.compile(r'vcx-expect\b(?P<rest>.*)')
WELL_FORMED = re.compile(r'^: (?P<ids>[a-z-]+(?: \(low\))?(?:, [a-z-]+(?: \(low\))?)*)\s*(?:\*/\s*\}?)?\s*$')
LOW_MARK = ' (low)'


def fixture_files():
    return sorted(
        p for p in ROOT.rglob('*')
        if p.is_file() and grammar_for(p.name) and 'demo' not in p.relative_to(ROOT).parts
    )


def expectations(path: pathlib.Path) -> set[tuple[int, str]]:
    """(1-based line, check id, with ``LOW_MARK`` when the question is expected at low confidence)."""
    lines = path.read_text(encoding='utf-8').splitlines()
    expected: set[tuple[int, str]] = set()
    pending: list[str] = []
    for lineno, line in enumerate(lines, start=1):
        m = MARKER.search(line)
        if m is None:
            expected.update((lineno, i) for i in pending)
            pending = []
            continue
        wf = WELL_FORMED.match(m.group('rest'))
        if wf is None:
            raise AssertionError(f'{path}:{lineno}: malformed marker {line.strip()!r}')
        for check_id in wf.group('ids').split(', '):
            if check_id.removesuffix(LOW_MARK) not in BY_ID:
                raise AssertionError(f'{path}:{lineno}: unknown check id {check_id!r}')
            pending.append(check_id)
    if pending:
        raise AssertionError(f'{path}: marker on the last line expects nothing after it')
    return expected


@functools.cache
def _config():
    """The default configuration, knowing who imports what among the fixtures, the limiters they
    register for every route of an app and the runtimes their packages declare (as ``--all`` does)."""
    files = [(str(p.relative_to(ROOT)), p.read_bytes()) for p in fixture_files()]
    found = importers.index(files, frozenset(part for path, _ in files for part in pathlib.PurePosixPath(path).parent.parts),
                            lambda path, data: runtime.browser_source(path, data, ''))
    config = default_config()
    names = config.names['missing-rate-limit']
    registered = tuple(a for path, data in files
                       for a in project.registered(path, data, names['limiters'], names['limiter_packages']))
    # ... each NestJS global guard in the folder of the application that holds it (fixtures/missing-rate-limit/nest_feature_guard).
    registered = app_limiters.in_nest_apps(registered, frozenset(
        str(pathlib.PurePosixPath(path).parent) for path, data in files if app_limiters.bootstraps_nest(data)))
    # Each fixture package's runtime, from its manifest (an Electron app's package.json), as the
    # engine reads the nearest package.json above a file.
    runtimes = {str(p.parent.relative_to(ROOT)): runtime.manifest_runtime(p.name, p.read_bytes())
                for p in sorted(ROOT.rglob('package.json'))}
    # The project's name words (the engine reads the root package.json's): the fixtures' packages' names.
    words = frozenset(w for p in sorted(ROOT.rglob('package.json')) for w in config_mod.project_words(p.read_bytes()))
    # The methods every caller runs in a transaction (fixtures/missing-transaction/repositories).
    tx = config.names['missing-transaction']
    classes = frozenset().union(*(transaction_callers.writing_classes(data) for _, data in files))
    parsed = [File.unparsed(path, data, grammar_for(path) or '') for path, data in files if transaction_callers.wanted(data, classes)]
    callers = transaction_callers.covered(parsed, classes, tx['transaction_calls'], tx['transaction_names'])
    # ... and the functions every use hands to one (fixtures/missing-transaction/repository_builders).
    candidates = frozenset().union(*(transaction_callers.handed_candidates(data, tx['transaction_calls']) for _, data in files))
    handed = transaction_callers.handed([File.unparsed(path, data, grammar_for(path) or '') for path, data in files
                                         if transaction_callers.names_any(data, candidates)],
                                        candidates, tx['transaction_calls'], tx['transaction_names'])
    # ... and the project's own functions handed a callback, read where they are declared
    # (fixtures/missing-transaction/own_wrappers), as the engine reads them one hop away.
    looked_for = transaction_wrappers.wanted(files, tx['transaction_calls'])
    sources = dict(files)
    wrappers = transaction_wrappers.merged(
        transaction_wrappers.judged(File.unparsed(path, sources[path], grammar_for(path) or ''),
                                      transaction_wrappers.positions(looked_for), tx['transaction_calls'])
        for paths in transaction_wrappers.modules(looked_for, project.SOURCES)
        for path in [next((p for p in paths if p in sources), None)] if path is not None)
    # ... and the providers that call another service over HTTP (fixtures/missing-transaction/remote_providers).
    classes = remote_providers.remote_methods(
        File.unparsed(path, data, grammar_for(path) or '') for path, data in files if remote_providers.may_call_out(data))
    tokens = remote_providers.tokens([File.unparsed(path, data, grammar_for(path) or '') for path, data in files
                                      if remote_providers.wanted(data, classes)], classes)
    remote = frozenset((key, m) for found in (classes, tokens) for key, names in found.items() for m in names)
    # ... and the providers whose method finds a record before making one (fixtures/missing-transaction/found_or_made).
    finders = found_or_made.methods(
        File.unparsed(path, data, grammar_for(path) or '') for path, data in files if found_or_made.may_find_first(data))
    finding = frozenset((c, m) for c, names in finders.items() for m in names)
    # The unique keys of the fixtures' Mongoose models (fixtures/race-condition/mongoose_models).
    uniques = schemas.merged(schemas.mongoose_uniques(data.decode()) for _, data in files if schemas.maybe_models(data))
    # ... and of their SQL migrations (fixtures/race-condition/sql_keys).
    uniques = schemas.merged([uniques, *(ddl.sql_uniques(p.read_text()) for p in sorted(ROOT.rglob('*.sql')))])
    # ... and of their Knex and Kysely migrations (fixtures/race-condition/kysely_keys).
    uniques = schemas.merged([uniques, *(ddl.knex_uniques(data.decode()) for path, data in files if ddl.knex_migration(path, data))])
    # ... and of their Liquibase changelogs (fixtures/race-condition/liquibase_keys).
    logs = [p for p in sorted(ROOT.rglob('*')) if p.is_file() and changelogs.changelog(str(p.relative_to(ROOT)), p.read_bytes())]
    uniques = schemas.merged([uniques, changelogs.uniques(c for p in logs for c in changelogs.changes(p.name, p.read_bytes()))])
    # ... and of their Prisma schemas (fixtures/race-condition/unique_numbers).
    uniques = schemas.merged([uniques, *(schemas.prisma_uniques(p.read_text()) for p in sorted(ROOT.rglob('*.prisma')))])
    # ... and of their Sequelize models (fixtures/race-condition/sequelize_models).
    uniques = schemas.merged([uniques, *(sequelize_keys.uniques(data.decode()) for _, data in files if sequelize_keys.wanted(data))])
    # The Angular components the app shell mounts once (fixtures/missing-cleanup/app_shell).
    shell = app_shell.shell_selectors([(path, data) for path, data in files if path.endswith('.ts')],
                                      [(str(p.relative_to(ROOT)), p.read_bytes()) for p in sorted(ROOT.rglob('*.html'))])
    # The folders whose files count sign-in attempts (fixtures/missing-rate-limit/attempt_counter).
    counters = frozenset(pathlib.PurePosixPath(path).parent.as_posix() for path, data in files
                         if app_limiters.counts_sign_in_attempts(data))
    # What the project's own functions the fixtures import do (fixtures/*/imported_helpers), resolved
    # among the fixtures as the engine resolves them in the project.
    effects = {}
    for path, data in files:
        for spec in helper_effects.specifiers(File.unparsed(path, data, grammar_for(path) or '')):
            module = next((c for c in module_paths.candidates(path, spec) if c in sources), None)
            if module is not None:
                effects[(path, spec)] = helper_effects.exported(File.unparsed(module, sources[module], grammar_for(module) or ''))
    # The fixtures that import a module holding a device database (fixtures/n-plus-one/device_database),
    # one hop away, as the engine finds them in a package declaring one.
    device = frozenset(path for path, data in files if not runtime.imports_device_runtime(data) and any(
        runtime.imports_device_runtime(sources[module]) for spec in sorted({spec for _, spec in importers.imports(data)})
        for module in [next((c for c in module_paths.candidates(path, spec) if c in sources), None)] if module is not None))
    # The project's classes the fixtures extend that are custom elements (fixtures/missing-cleanup/lit_elements),
    # resolved among the fixtures as the engine resolves them in the project.
    known: dict[tuple[str, str], bool] = {}

    def resolve(importer, spec):
        module = next((c for c in module_paths.candidates(importer, spec) if c in sources), None)
        return (module, sources[module]) if module is not None else None

    elements = frozenset((path, name) for path, data in files
                         for name in owned.imported_element_bases(path, data, resolve, frozenset(), known))
    return config._replace(element_bases=elements, uniques=uniques, importers=found, helper_effects=effects, device_importers=device, app_limiters=registered, runtimes=runtimes, project_words=words,
                           counts_attempts=counters,
                           transaction_callers=callers, transaction_handed=handed, transaction_wrappers=wrappers, remote_methods=remote,
                           found_or_made=finding, shell_selectors=shell)


def reported(path: pathlib.Path) -> set[tuple[int, str]]:
    target = audit.Target(str(path.relative_to(ROOT)), path.read_bytes(), None)
    result = audit.audit(target, _config())
    return {(f.line, f.check_id + (LOW_MARK if f.confidence == LOW else '')) for f in result.findings}


@pytest.mark.parametrize(
    'path', fixture_files(), ids=lambda p: str(p.relative_to(ROOT)),
)
def test_fixture(path):
    assert sorted(reported(path)) == sorted(expectations(path))


@pytest.mark.parametrize(
    ('text', 'error'),
    (
        pytest.param('// vcx-expect timezone\nx()\n', 'malformed', id='missing colon'),
        pytest.param('// vcx-expect: time-zone\nx()\n', 'unknown check id', id='typo in id'),
        pytest.param('// vcx-expect: timezone,n-plus-one\nx()\n', 'malformed', id='comma without space'),
        pytest.param('x()\n// vcx-expect: timezone\n', 'last line', id='marker at end'),
        pytest.param('// vcx-expect: timezone (lo)\nx()\n', 'malformed', id='misspelt tier'),
        pytest.param('// vcx-expect: timezone(low)\nx()\n', 'malformed', id='tier without space'),
    ),
)
def test_malformed_marker_fails(tmp_path, text, error):
    p = tmp_path / 'bad.js'
    p.write_text(text)
    with pytest.raises(AssertionError, match=error):
        expectations(p)


def test_every_check_has_positive_and_negative_fixtures():
    for check_id in BY_ID:
        files = [p for p in fixture_files() if p.relative_to(ROOT).parts[0] == check_id]
        # A family low as a whole (hardcoded-config, n-plus-one) may have only low markers; the others need a listed one.
        positive = {check_id, check_id + LOW_MARK} if getattr(BY_ID[check_id], 'CONFIDENCE', '') == LOW else {check_id}
        marked = [p for p in files if any(i in positive for _, i in expectations(p))]
        clean = [p for p in files if not any(i.removesuffix(LOW_MARK) == check_id for _, i in expectations(p))]
        assert marked, f'{check_id}: no positive fixture under fixtures/{check_id}/'
        assert clean, f'{check_id}: no negative fixture (a file with no {check_id} marker) under fixtures/{check_id}/'


def test_a_marker_names_the_low_tier(tmp_path):
    p = tmp_path / 'tiers.js'
    p.write_text('// vcx-expect: timezone (low), n-plus-one\nx()\n// vcx-expect: race-condition\ny()\n')
    assert sorted(expectations(p)) == [(2, 'n-plus-one'), (2, 'timezone (low)'), (4, 'race-condition')]
