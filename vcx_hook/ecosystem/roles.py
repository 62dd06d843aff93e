"""What a file is for, from its path and its first lines: production code, or one of the roles
whose code does not serve production traffic (tests, migrations, seeds, fixtures, scripts and
tools, examples, templates, docs and stories, translations, build configuration, generated code).

Each role has a policy: the families audited in its files (none by default).  The configuration
changes a policy and adds path globs to a role (``[roles.<role>]``, docs/configuration.md)."""
from __future__ import annotations

import json
import posixpath
import re
from typing import NamedTuple

from vcx_hook.ecosystem import packages
from vcx_hook.lang import lazyre

PRODUCTION = 'production'


class Role(NamedTuple):
    name: str
    what: str  # for `vcx config` and the docs
    path: re.Pattern[str]  # searched in the repository-relative path


def _dirs(*names: str) -> str:
    """A path segment that is one of ``names`` (a folder, anywhere in the path)."""
    return r'(?:^|/)(?:' + '|'.join(names) + r')/'


def _stems(*names: str) -> str:
    """A file whose name has one of ``names`` as a dotted part before its suffix (``a.spec.ts``)."""
    return r'[./](?:' + '|'.join(names) + r')\.[cm]?[jt]sx?$'


def _words(*names: str) -> str:
    """A folder or file whose name holds one of ``names`` as a word between ``/``, ``_``, ``-``
    or ``.`` (``user_seed.js``, ``seed-users.ts``, ``20240101-add-migration.js``, ``seed-data/``)."""
    return r'(?:^|[/_.-])(?:' + '|'.join(names) + r')(?:[_.-][^/]*)?(?:/|\.[cm]?[jt]sx?$)'


def _camel(*names: str) -> str:
    """A file named for one of ``names`` followed by a capitalised word (``seedData.ts``), not a
    longer lower-case word (``seedling.ts``)."""
    return r'(?:^|/)(?-i:(?:' + '|'.join(names) + r')[A-Z])\w*\.[cm]?[jt]sx?$'


# A file under a templates folder that names templates among other words is the product's own
# feature (documenso's `server-only/template/find-templates.ts`, `templates/templates.controller.ts`,
# `resume-builder/templates/ClassicTemplate.tsx`), not a scaffold: `x.template.ts` and a bare
# `template.ts` stay scaffolding.
_TEMPLATES_FEATURE = (r'(?!(?:[^/]+/)*(?=[^/]*template)(?![^/]*\.(?:template|tmpl)\.)'
                      r'(?!templates?\.[cm]?[jt]sx?$)[^/]+$)')


# First match wins: a generated migration is generated, a test fixture is a test.
ROLES = (
    # Another project's code committed here: Yarn's own release, plugins and editor SDKs (`.yarn/`),
    # its Plug'n'Play loader (`.pnp.cjs`), installed packages, and the conventional folders for
    # third-party code at the top of the repository, of a package or of its static files
    # (`public/vendor/jquery.js`); deeper, a `vendor/` folder is often the product's own (a
    # marketplace's vendors).
    Role('vendored', "third-party code committed to the repository (Yarn's release, a vendor folder)", lazyre.compile(
        r'(?:^|/)\.yarn/|(?:^|/)\.pnp\.(?:c?js|loader\.mjs)$'
        # Also a copy of such a folder kept beside it (`bower_components.safe/`, `node_modules.bak/`).
        + '|' + _dirs(r'(?:node_modules|bower_components|jspm_packages)(?:[._-][\w.-]*)?', r'third[-_]party')
        + r'|^(?:(?:apps|packages)/[^/]+/)?(?:vendor/|(?:public|static|assets|www)/(?:(?:js|scripts|lib)/)?vendors?/)', re.I)),
    # Also committed build output: a `dist/` folder (the compiler's or the bundler's, whose source is
    # audited where it is written). At the HEAD of 780 mirrors, none of the 1,462 tracked JavaScript and TypeScript files under
    # a `dist/` folder is TypeScript or JSX source: tsc output, declaration files, Vite's hashed
    # chunks, a GitHub Action's ncc bundle, libraries' builds.
    Role('generated', 'generated code (a generated-file header, a bundle, generated folders, build output)', lazyre.compile(
        _dirs(r'__generated__', r'generated', r'gen', r'dist') + '|' + _stems(r'generated', r'gen', r'pb'), re.I)),
    Role('test', 'tests, mocks and end-to-end suites', lazyre.compile(
        _dirs(r'_{1,2}tests?_{1,2}', r'__e2e__', r'__mocks__', r'tests?', r'specs?', r'e2e', r'cypress', r'playwright', r'mocks?',
              r'stubs?', r'testing', r'test-?utils', r'tests?[-_]?help(?:ers?)?', r'tests?[-_]?support', r'[\w-]*[-_]tests?', r'tests-[\w-]+')
        + '|' + _stems(r'test', r'spec', r'e2e', r'e2e-spec', r'servertest', r'clienttest', r'mock', r'stub', r'cy', r'bench')
        # A suite's kind before its spec or test suffix (`x.repository.it-spec.ts`, `x.int-test.ts`).
        + r'|\.[a-z0-9]+-(?:spec|test)\.[cm]?[jt]sx?$'
        # An end-to-end suite's helper named so (`shared/lib/e2e-test-manager.ts`), not `e2e-encryption.ts`.
        + r'|(?:^|/)e2e[-_]tests?(?:[-_][\w.-]*)?\.[cm]?[jt]sx?$'
        + r'|(?:^|/)(?:test|tests|setup-?tests?|jest\.setup|vitest\.setup|test-?help(?:ers?)?|test-?utils?)\.[cm]?[jt]sx?$'
        # A test run by hand beside a package's manifest (`packages/uploadfs/test-sharp.js`).
        + r'|^(?:(?:apps|packages)/[^/]+/)?(?:test-[\w.-]+|[\w.-]+-test)\.[cm]?[jt]sx?$', re.I)),
    Role('migration', 'schema and data migrations, upgrades', lazyre.compile(
        _dirs(r'[\w-]*migrations?', r'migrate', r'upgrades?', r'[\w-]*upgrade-?scripts?')
        # A database's own updates folder (`src/db/updates/2.3.1.js`), a migration runner (`migrate.ts`),
        # one named for upgrading the database (`upgradeDB.js`, `migrateSchema.ts`; not `upgradePlan.ts`).
        + r'|(?:^|/)(?:db|database)/updates/|(?:^|/)(?-i:migrate)\.[cm]?[jt]sx?$'
        + r'|(?:^|/)(?-i:(?:upgrade|migrate)(?:DB|Db|Database|Schema))\.[cm]?[jt]sx?$'
        + '|' + _stems(r'migration', r'upgrade') + '|' + _words(r'migrations?'), re.I)),
    Role('seed', 'seed data', lazyre.compile(
        # ... and a generator of fake records to seed a system with (opencrvs' `src/data-generator/`, round 35).
        _dirs(r'seeds?', r'seeders?', r'seeding', r'(?:fake-?|test-?)?data-?generators?') + '|' + _stems(r'seeds?') + '|' + _words(r'seeds?', r'seeders?', r'seeding')
        + '|' + _camel(r'seed'), re.I)),
    Role('fixture', 'fixtures and sample data', lazyre.compile(
        _dirs(r'__fixtures__', r'fixtures?', r'mock-?data', r'sample-?data', r'fake-?data')
        + r'|(?:^|/)fixtures?\.[cm]?[jt]sx?$|' + _stems(r'fixtures?'), re.I)),
    Role('script', 'scripts and tools run by hand, in CI or by a coding assistant', lazyre.compile(
        _dirs(r'scripts?', r'\.github', r'ci', r'devtools?', r'_dev', r'benchmarks?', r'cli', r'[\w-]+-cli',
              r'\.claude', r'\.cursor', r'\.windsurf', r'\.husky', r'\.vscode', r'turbo/generators')
        # Turborepo's code generators (`turbo gen` reads `turbo/generators/config.ts`): run by hand.
        # A tools folder at the root or in a workspace package, or a workspace package of tools by
        # its whole name (`packages/tools/build-release-stats.ts`; not `packages/agent-tools/`, an
        # AI agent's tools, production code).
        + r'|^(?:(?:apps|packages)/[^/]+/)?(?:[\w-]+-)?(?:tools?|tooling|bin)/'
        + r'|^(?:apps|packages)/(?:tools?|tooling|dev-?tools|build-tools)/', re.I)),
    Role('example', 'examples, demos and playgrounds', lazyre.compile(
        _dirs(r'examples?', r'demos?', r'samples?', r'playgrounds?', r'sandbox(?:es)?', r'starters?')
        # A copy to start from (`config.example.js`); not a file named for an example, which is often
        # a product's own (`example-project-modal.tsx`, `demo-data.service.ts` of a demo mode).
        + '|' + _stems(r'example')
        # An example app at the root or as a workspace package (`dapp-example/`, `apps/api-example/`:
        # hiero's demo dApp, round 26); deeper, such a folder is often the product's own
        # (`client/src/lit/interactive-example/`, `src/example-status/`).
        + r'|^(?:(?:apps|packages)/)?(?:[\w-]+-examples?|examples?-[\w-]+)/', re.I)),
    Role('template', 'code templates and scaffolding', lazyre.compile(
        _dirs(r'templates?', r'boilerplates?', r'scaffolds?', r'blueprints?', r'skeletons?') + _TEMPLATES_FEATURE
        + '|' + _stems(r'template', r'tmpl'), re.I)),
    Role('docs', 'documentation sites and component stories', lazyre.compile(
        _dirs(r'\.storybook', r'storybook', r'stories')
        + r'|^(?:(?:apps|packages|sites?)/(?:(?!src/)[^/]+/){0,3})?(?:docs?|documentation|docs-site|website)/'
        + '|' + _stems(r'stories', r'story'), re.I)),
    Role('locale', 'translations and locales', lazyre.compile(
        _dirs(r'locales?', r'i18n', r'l10n', r'translations?'), re.I)),
    Role('build', 'build and tool configuration (webpack, vite, next, jest, eslint ...)', lazyre.compile(
        r'(?:^|/)[\w.-]+\.config\.[cm]?[jt]s$|(?:^|/)\.[\w-]+rc\.[cm]?[jt]s$|(?:^|/)(?:gulpfile|gruntfile|Jakefile)\.[cm]?[jt]s$',
        re.I)),
)
BY_NAME = {r.name: r for r in ROLES}
NAMES = tuple(BY_NAME)

# A header that says the file is written by a tool (in its first lines, as linters look for it).
GENERATED_HEADER = lazyre.compile(
    rb'@generated\b|\bauto-?generated\b|\bDO NOT EDIT\b|\bCode generated by\b|\bThis file (?:is|was) generated\b',
    re.I)
_HEADER_BYTES = 1024
# Every match of GENERATED_HEADER holds one of these, in any case: two byte searches of the lower-cased
# header before the case-blind regex (~20 µs a file, most of its role's cost).
_GENERATED_WORDS = (b'generated', b'do not edit')
# A command run by hand: an executable file (`#!/usr/bin/env node`), or one that asks its user
# questions in the terminal (an interactive prompt package imported in its first kilobyte).
_SHEBANG = b'#!'
_PROMPT_IMPORT = lazyre.compile(
    rb'''(?:\bfrom\s*|\brequire\(\s*|\bimport\s*\(?\s*)['"](?:inquirer|@inquirer/[\w-]+|prompts|enquirer|@clack/prompts)['"]''')
# Or Node's readline, asking a question (`rl.question('Migrate from HUSTOJ? ')`): an installer, a
# REPL (Hydro's `install/install.ts`, round 21). A server reading lines with readline asks none.
_READLINE_IMPORT = lazyre.compile(rb'''(?:\bfrom\s*|\brequire\(\s*|\bimport\s*\(?\s*)['"](?:node:)?readline(?:/promises)?['"]''')
_QUESTION = b'.question('
# A command of a command-line program: a file of a `commands/` folder, or a `commands.ts`, that imports
# an argument parser in its first lines (`import { CAC } from 'cac'`, packages.ARGUMENT_PARSERS): Hydro's
# `hydrooj install <url>`, france-chaleur-urbaine's `src/modules/*/commands.ts` (rounds 15 and 21,
# judged not worth asking as a server's). A bot's `commands/` imports its chat library instead.
_COMMANDS_PATH = lazyre.compile(r'(?:^|/)commands(?:/[^/]+|\.[cm]?[jt]s)$', re.I)
_ARGUMENT_PARSER_IMPORT = lazyre.compile(
    rb'''(?:\bfrom\s*|\brequire\(\s*|\bimport\s*\(?\s*)['"](?:'''
    + b'|'.join(re.escape(p.encode()) for p in packages.ARGUMENT_PARSERS) + rb''')['"]''')

# A file named for the minute it was written, as Knex and Sequelize name migrations, outside a
# migrations folder (`setup/knex/fixes/fix-20190726150000_shorten_field_column_names.js`): a change
# run once. At the HEAD of 169 mirrors, 2314 of the 2385 such files were migrations already, one production.
_TIMESTAMPED = lazyre.compile(r'(?:^|/)[^/]*(?<!\d)(?:19|20)\d{10,12}(?!\d)[^/]*\.[cm]?[jt]sx?$')

# What a build tool loads from its config file: the default export (`export default defineConfig(...)`,
# `module.exports = {`, `export =`).
_CONFIG_EXPORT = lazyre.compile(rb'\bexport\s+default\b|\bmodule\.exports\b|\bexport\s*=|\bexports\.default\b')


# The front end's own source kept in `app/scripts/` or `src/scripts/` (the Yeoman and Brunch layout:
# fxa-content-server's `app/scripts/views/`, openneuro's `app/src/scripts/dataset/`, keeweb's
# `app/scripts/framework/`), told from a backend's maintenance scripts kept there (camino's
# `src/scripts/daily.ts`) by what runs only in a page: a component's suffix, a UI package, an AMD
# module, jQuery.
_PAGE_SCRIPTS_DIR = lazyre.compile(r'(?:^|/)(?:app|src)/scripts/')
_PAGE_SUFFIX = lazyre.compile(r'\.[jt]sx$')
_PAGE_PACKAGES = (*packages.UI_PACKAGES, '@sentry/react', '@sentry/browser')
_PAGE_CODE = lazyre.compile(
    rb'''(?:\bfrom\s*|\brequire\(\s*)['"](?:''' + b'|'.join(re.escape(p.encode()) for p in sorted(_PAGE_PACKAGES)) + rb''')['"]'''
    rb'''|^\s*define\(\s*(?:\[|function\b)|\$\(|\bthis\.\$el\b''', re.M)


def page_scripts(path: str, data: bytes) -> bool:
    """A file of a page's scripts folder that only a page runs (above), not a script run by hand."""
    if not _PAGE_SCRIPTS_DIR.search(path) or _SCRIPT_FOLDER_ELSEWHERE.search(path):
        return False
    return bool(_PAGE_SUFFIX.search(path) or (data and _PAGE_CODE.search(data)))


# Another folder of the script role in the path (`app/scripts/cli/`, `.github/`): still a script.
_SCRIPT_FOLDER_ELSEWHERE = lazyre.compile(
    r'(?:^|/)(?:\.github|ci|devtools?|_dev|benchmarks?|cli|[\w-]+-cli|\.husky|\.vscode|bin|tools?)/|(?:^|/)scripts?/(?:.*/)?scripts?/', re.I)


# A bundle webpack (or ncc, webpack for Node) writes: its runtime's banner and names in the first
# kilobyte (`/******/ (() => { // webpackBootstrap`, `__nccwpck_require__`). A GitHub Action's
# committed `index.js`, a library's UMD build copied into the project's source (round 30).
# A chunk of a split bundle pushes itself onto webpack's chunk list (`(self.webpackChunkapp =
# self.webpackChunkapp || []).push(...)`): worklenz's Angular build committed under `public/`, round 35.
_BUNDLE_MARKS = (b'/******/', b'webpackBootstrap', b'webpackUniversalModuleDefinition', b'__nccwpck_require__',
                 b'.webpackChunk')


def _generated(head: bytes) -> bool:
    lower = head.lower()
    if any(m in head for m in _BUNDLE_MARKS):
        return True
    return any(w in lower for w in _GENERATED_WORDS) and GENERATED_HEADER.search(head) is not None


def role_of(path: str, data: bytes = b'', extra: tuple[tuple[str, re.Pattern[str]], ...] = ()) -> str:
    """The role of the file at ``path`` (repository-relative, '/'-separated) holding ``data``:
    a role name, or PRODUCTION.  ``extra`` are (role, compiled glob) pairs from the configuration,
    asked first."""
    for name, pattern in extra:
        if pattern.match(path):
            return name
    if data and _generated(data[:_HEADER_BYTES]):
        return 'generated'
    for role in ROLES:
        if role.path.search(path):
            if role.name == 'build' and data and not _CONFIG_EXPORT.search(data):
                break  # `inversify.config.ts` exporting functions: no tool loads it, the app runs it
            if role.name == 'script' and page_scripts(path, data):
                continue
            return role.name
    if data.startswith(_SHEBANG) or _PROMPT_IMPORT.search(data[:_HEADER_BYTES]) or _terminal_program(path, data):
        return 'script'
    if _SUITE_NAME.search(path) and _SUITE_CALL.search(data):
        return 'test'
    if _TIMESTAMPED.search(path):
        return 'migration'
    return PRODUCTION


# A suite named for its kind (`assign.integration.ts`, `orders.functional.js`) that describes tests:
# a test run by its own runner configuration (coop-mediation-numerique's jest.integration.config.ts,
# round 22: six listed questions in such files). Named so without a test in it, it is the product's
# (`github.integration.ts`, a NestJS integration with another service).
_SUITE_NAME = lazyre.compile(r'[./](?:integration|int|functional|acceptance|contract)\.[cm]?[jt]sx?$', re.I)
_SUITE_CALL = lazyre.compile(rb'^[ \t]*(?:describe|it|test|suite)(?:\.(?:each|only|skip|concurrent)\b[^(]*)?\s*\(', re.M)


def _terminal_program(path: str, data: bytes) -> bool:
    """A program its user runs in a terminal: it asks questions there (readline's ``question``), or
    it is a command of a command-line program (``_COMMANDS_PATH`` importing an argument parser)."""
    head = data[:_HEADER_BYTES]
    return (_QUESTION in data and _READLINE_IMPORT.search(head) is not None) or (
        _COMMANDS_PATH.search(path) is not None and _ARGUMENT_PARSER_IMPORT.search(head) is not None)


# What a package.json script runs a file with, and the file (`node scripts/x.js`, `tsx delete-team.ts`).
_RUNS = lazyre.compile(r'(?:^|[;&|]\s*|\s)(?:node|ts-node|tsx|bun|babel-node|vite-node|deno\s+run)(?:\s+-{1,2}[\w-]+(?:[= ][^\s-][^\s]*)?)*\s+([\w./-]+\.[cm]?[jt]sx?)\b')
# Scripts that start the product itself: what they run is production code, whatever else runs it.
_SERVING = lazyre.compile(r'^(?:start|dev|serve|server|prod|production|preview|worker|workers|debug|watch|main|app|api)(?::|$)', re.I)


def run_by_scripts(folder: str, manifest: bytes) -> frozenset[str]:
    """The files the package.json in ``folder`` runs from its scripts by hand (``"delete-team": "node
    delete-team.js"``, ``"db:setup": "tsx lib/db/setup.ts"``), as repository paths; not a file a
    start, dev or serve script runs (the server itself)."""
    try:
        scripts = json.loads(manifest).get('scripts')
    except (ValueError, AttributeError):
        return frozenset()
    if not isinstance(scripts, dict):
        return frozenset()
    by_hand: set[str] = set()
    serving: set[str] = set()
    for name, command in scripts.items():
        if not isinstance(name, str) or not isinstance(command, str):
            continue
        for m in _RUNS.finditer(command):
            path = posixpath.normpath(posixpath.join(folder, m.group(1)))
            (serving if _SERVING.match(name) else by_hand).add(path)
    return frozenset(by_hand - serving)
