"""File roles: what a file is for decides which families audit it (none, for most roles)."""
from __future__ import annotations

import pytest

from vcx_hook import checks
from vcx_hook.ecosystem.roles import PRODUCTION
from vcx_hook.ecosystem.roles import role_of
from vcx_hook.main import main

from tests.helpers import git


@pytest.mark.parametrize(('path', 'role'), [
    ('src/server/users.ts', 'production'),
    ('lib/ai/tools/search.ts', 'production'),
    ('src/docs/editor.ts', 'production'),
    ('server/models/Document.ts', 'production'),
    ('backend/saas-migrations/frontline/commands/migrateChannel.ts', 'migration'),
    ('server/upgrades/v3.js', 'migration'),
    ('src/db/20240101.migration.ts', 'migration'),
    ('packages/importers/src/providers/betterstack/fixtures.ts', 'fixture'),
    ('src/__tests__/a.ts', 'test'),
    ('web/src/__test__/a.ts', 'test'),
    ('web/src/__e2e__/traces.servertest.ts', 'test'),
    ('web/src/features/x.servertest.ts', 'test'),
    ('src/users.spec.ts', 'test'),
    ('apps/api/test/app.e2e-spec.ts', 'test'),
    ('apps/api/src/drizzle/sql-session.repository.it-spec.ts', 'test'),
    ('src/orders.int-test.js', 'test'),
    ('src/features/ab-test.ts', 'production'),
    ('shared/lib/e2e-test-manager.ts', 'test'),
    ('src/data-generator/declare.ts', 'seed'),
    ('packages/api/src/generators/users.ts', 'production'),
    ('src/crypto/e2e-encryption.ts', 'production'),
    ('apps/web/e2e/login.ts', 'test'),
    ('packages/api/integration-tests/x.ts', 'test'),
    ('libs/back/tests-integration/src/index.ts', 'test'),
    ('packages/esm-patient-tests-app/src/test-results/filter/filter-context.tsx', 'production'),
    pytest.param('integration_tests/pages/apply/arrival.ts', 'test', id='integration_tests'),
    pytest.param('apps/api/src/route-controllers/exception/_tests_/helper.ts', 'test', id='_tests_'),
    ('src/unit_test/users.ts', 'test'),
    ('src/contests/entries.ts', 'production'),
    ('src/latest/feed.ts', 'production'),
    ('prisma/seed.ts', 'seed'),
    ('seed.ts', 'seed'),
    ('src/db/user_seed.js', 'seed'),
    ('src/db/seed-users.ts', 'seed'),
    ('src/seed-data/plans.ts', 'seed'),
    ('src/seedling.ts', 'production'),
    ('prisma/seedData.ts', 'seed'),
    ('src/seedsService.ts', 'production'),
    ('src/reseed.ts', 'production'),
    ('db/20240101-add-migration.js', 'migration'),
    ('src/migration-runner/run.ts', 'migration'),
    ('src/migrationHelper.ts', 'production'),
    ('src/db/updates/2.3.1.js', 'migration'),
    ('src/updates/checker.ts', 'production'),
    ('src/lib/db/migrate.ts', 'migration'),
    ('src/migrateUser.ts', 'production'),
    ('src/client/Migrate.tsx', 'production'),
    pytest.param('src/upgradeDB.js', 'migration', id='named-for-upgrading-the-database'),
    ('lib/db/migrateSchema.ts', 'migration'),
    pytest.param('src/billing/upgradePlan.ts', 'production', id='upgrading-something-else'),
    pytest.param('server/setup/knex/fixes/fix-20190726150000_shorten_field_column_names.js', 'migration', id='timestamped'),
    pytest.param('db/seeders/20190726150000-demo-users.js', 'seed', id='timestamped-seed'),
    pytest.param('src/utils/base20240101.ts', 'production', id='a-date-is-not-a-timestamp'),
    ('src/tests/seed.ts', 'test'),
    ('db/seeds/users.js', 'seed'),
    ('scripts/backfill.ts', 'script'),
    ('tools/release.js', 'script'),
    ('packages/tools/build-release-stats.ts', 'script'),
    ('packages/dev-tools/fetchPosts.js', 'script'),
    ('packages/lib/services/tools.ts', 'production'),
    ('packages/agent-tools/src/search.ts', 'production'),
    ('packages/cli/bin/run.js', 'script'),
    ('packages/apostrophe/claude-tools/mongo-close-test.js', 'script'),
    ('build-tools/release.js', 'script'),
    ('src/admin-tools/panel.ts', 'production'),
    ('packages/uploadfs/test-sharp.js', 'test'),
    ('packages/db/leak-test.js', 'test'),
    ('test-connection.js', 'test'),
    ('src/routes/test-email.ts', 'production'),
    ('src/ab-test.ts', 'production'),
    ('.claude/skills/audit/run.ts', 'script'),
    ('apps/web/.cursor/rules/lint.mjs', 'script'),
    ('.husky/install.mjs', 'script'),
    ('turbo/generators/config.ts', 'script'),
    ('packages/ui/turbo/generators/templates/component.ts', 'script'),
    ('src/claude/client.ts', 'production'),
    ('examples/basic/index.js', 'example'),
    ('config/config.example.js', 'example'),
    ('src/components/example-project-modal.tsx', 'production'),
    ('dapp-example/src/App.js', 'example'),
    ('apps/api-example/src/index.ts', 'example'),
    ('client/src/lit/interactive-example/index.js', 'production'),
    ('packages/bruno-common/src/example-status/index.ts', 'production'),
    ('src/demo-data/demo-data.service.ts', 'production'),
    ('templates/next-app/app/page.tsx', 'template'),
    ('packages/create-app/templates/default/src/index.ts', 'template'),
    ('src/templates/user.template.ts', 'template'),
    ('apps/dokploy/templates/templates.ts', 'template'),
    ('packages/lib/server-only/template/find-templates.ts', 'production'),
    ('src/controllers/settings/templates/templates.controller.ts', 'production'),
    ('client/src/resume-builder/templates/ClassicTemplate.tsx', 'production'),
    ('packages/server/src/resolver/template/use-template.resolver.ts', 'production'),
    ('docs/snippets/x.js', 'docs'),
    ('apps/docs/pages/a.tsx', 'docs'),
    ('packages/core/client/docs/zh-CN/models/index.tsx', 'docs'),
    ('packages/core/client/src/docs/panel.tsx', 'production'),
    ('packages/server/auth/testhelp.js', 'test'),
    ('src/test-utils.ts', 'test'),
    ('test-helpers/mongo-helpers.js', 'test'),  # bench/judged cdp-self-service-ops, role:test-helper
    ('src/test_helpers/db.ts', 'test'),
    # bench/judged cath-service (round 29, role:not-production-code): E2E seeding routes, mounted outside production.
    ('libs/test-support/src/routes/test-support/users.ts', 'test'),
    ('src/support/users.ts', 'production'),
    ('_dev/saml_config/boxyhq.js', 'script'),
    ('src/dev/panel.ts', 'production'),
    ('src/Button.stories.tsx', 'docs'),
    ('src/locales/en.ts', 'locale'),
    ('app/i18n/de.ts', 'locale'),
    ('webpack.config.js', 'build'),
    ('apps/web/.eslintrc.cjs', 'build'),
    ('src/generated/graphql.ts', 'generated'),
    ('src/api.pb.ts', 'generated'),
    # statescan-v2 (untuned, round 30): Yarn's release committed in three packages drew three size notes.
    ('backend/.yarn/releases/yarn-4.12.0.cjs', 'vendored'),
    ('.pnp.cjs', 'vendored'),
    ('vendor/jquery.js', 'vendored'),
    ('packages/web/public/js/vendor/chart.js', 'vendored'),
    ('lib/third_party/polyfill.js', 'vendored'),
    ('src/modules/vendors/vendor.controller.ts', 'production'),  # a marketplace's vendors
    # your-priorities-app (round 30): a backup copy of bower_components/ beside it, judged role:vendored.
    ('webApps/old/client/bower_components.safe/recordrtc/RecordRTC.js', 'vendored'),
    ('app/node_modules.bak/lodash/index.js', 'vendored'),
    ('src/bower_componentsX/a.js', 'production'),
    # Committed build output (round 30: tsc's server_api/dist/, Vite's hashed chunks in client/dist/).
    ('server_api/dist/controllers/allOurIdeas.js', 'generated'),
    ('server_api/webAppsDist/client/dist/BzuEDm4F.js', 'generated'),
    ('src/distance/route.ts', 'production'),
    ('src/dist-utils.ts', 'production'),
    ('src/vendor/vendor.service.ts', 'production'),
])
def test_role_of_a_path(path, role):
    assert role_of(path) == role


@pytest.mark.parametrize('header', [
    b'// Code generated by protoc-gen-ts. DO NOT EDIT.\n',
    b'/* eslint-disable */\n/**\n * This file was generated by openapi-typescript.\n */\n',
    b'// @generated by kysely-codegen\n',
    # Round 30: a GitHub Action's ncc bundle (ctrlplane's github/get-job-inputs/index.js), a library's
    # webpack UMD build copied into src/ (your-priorities-app's RecordRTC.js).
    b'import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";\n/******/ var __webpack_modules__ = ({\n',
    b'/******/ (() => { // webpackBootstrap\n',
    b'(function webpackUniversalModuleDefinition(root, factory) {\n',
    b'var __nccwpck_require__ = {};\n',
    # Round 35: a split bundle's chunk committed under public/ (worklenz's 823.6c1e987f275ca088.js).
    b'"use strict";(self.webpackChunkworklenz=self.webpackChunkworklenz||[]).push([[823],{31215:(H,T,o)=>{}}]);\n',
])
def test_a_generated_header_makes_a_file_generated(header):
    assert role_of('src/client.ts', header + b'export const x = 1;\n') == 'generated'


@pytest.mark.parametrize(('path', 'data', 'role'), [
    pytest.param('vite.config.ts', b'export default defineConfig({ plugins: [] });\n', 'build', id='default export'),
    pytest.param('jest.config.js', b'module.exports = { testEnvironment: "node" };\n', 'build', id='module.exports'),
    pytest.param('src/inversify.config.ts', b'export function createContainer() {}\nexport const container = createContainer();\n',
                 'production', id='no default export: the app runs it'),
])
def test_a_config_file_is_a_build_tools_when_it_exports_a_default(path, data, role):
    assert role_of(path, data) == role


@pytest.mark.parametrize(('path', 'data', 'role'), [
    pytest.param('app/src/scripts/dataset/dataset.jsx', b'import React from "react"\n', 'production', id='a component'),
    pytest.param('app/scripts/views/sign_in.js', b'define(function (require, exports, module) {\n', 'production',
                 id='an AMD module'),
    pytest.param('app/scripts/framework/views/scrollable.js', b'const f = { createScroll() { this.$el.find(".x") } }\n',
                 'production', id='jQuery'),
    pytest.param('packages/app/src/scripts/sentry.ts', b'import * as Sentry from "@sentry/react"\n', 'production',
                 id='a UI package'),
    pytest.param('packages/api/src/scripts/daily.ts', b'import { knex } from "../knex"\n', 'script', id='a backend script'),
    pytest.param('app/scripts/check-m365-client-flow.ts', b'const res = await fetch(url)\n', 'script', id='no page code'),
    pytest.param('scripts/build.jsx', b'import React from "react"\n', 'script', id='the root scripts folder'),
    pytest.param('app/scripts/cli/run.jsx', b'', 'script', id='a cli folder inside'),
])
def test_a_pages_scripts_folder_is_production(path, data, role):
    assert role_of(path, data) == role


@pytest.mark.parametrize(('path', 'data', 'role'), [
    pytest.param('install/setup.ts', b"import { createInterface } from 'readline/promises';\nconst a = await rl.question('Continue? ');\n",
                 'script', id='an installer asking in the terminal'),
    pytest.param('src/prompt.js', b"const readline = require('node:readline');\nrl.question('Token: ', (t) => save(t));\n",
                 'script', id='a callback question'),
    pytest.param('src/import/lines.ts', b"import readline from 'readline';\nfor await (const line of readline.createInterface({ input })) {}\n",
                 'production', id='readline reading a file asks nothing'),
    pytest.param('src/quiz.ts', b"import { db } from './db';\nexport const next = (quiz) => quiz.question(1);\n",
                 'production', id='a question method without readline'),
    pytest.param('packages/core/src/commands/install.ts', b"import { CAC } from 'cac';\nexport function register(cli: CAC) {}\n",
                 'script', id='a CLI command'),
    pytest.param('src/modules/stats/commands.ts', b"import { Command } from '@commander-js/extra-typings';\n", 'script',
                 id='a commands module'),
    pytest.param('src/commands/ping.ts', b"import { SlashCommandBuilder } from 'discord.js';\n", 'production',
                 id="a bot's command"),
    pytest.param('src/commands/handlers/create-user.handler.ts', b"import { CommandHandler } from '@nestjs/cqrs';\n",
                 'production', id='a CQRS command handler'),
    pytest.param('src/server.ts', b"import { program } from 'commander';\nprogram.parse();\n", 'production',
                 id='a server parsing its options'),
])
def test_a_program_run_in_a_terminal_is_a_script(path, data, role):
    assert role_of(path, data) == role


def test_a_header_after_the_first_kilobyte_is_not_read():
    assert role_of('src/client.ts', b'//' + b' ' * 1100 + b'\n// DO NOT EDIT\n') == 'production'


NIGHTLY = 'export function nightly() {\n  const d = new Date();\n  d.setHours(0, 0, 0, 0);\n  return d;\n}\n'


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv('GIT_INDEX_FILE', raising=False)
    git(tmp_path, 'init', '-q')
    for path in ('src/jobs.js', 'scripts/jobs.js', 'ops/jobs.js'):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(NIGHTLY)
    return tmp_path


def _asked(capsys):
    return [line.split(':')[0] for line in capsys.readouterr().out.splitlines() if ': timezone' in line]


def test_only_production_code_is_asked_by_default(repo, capsys):
    (repo / '.vcx.toml').write_text('enable = ["timezone"]\nblock = "low"\n')
    git(repo, 'add', '.')
    assert main(['audit']) == 1
    assert _asked(capsys) == ['ops/jobs.js', 'src/jobs.js']


def test_a_role_policy_and_paths_come_from_the_configuration(repo, capsys):
    (repo / '.vcx.toml').write_text(
        'enable = ["timezone"]\nblock = "low"\n[roles.script]\nchecks = ["timezone"]\n[roles.test]\npaths = ["ops/**"]\n')
    git(repo, 'add', '.')
    assert main(['audit']) == 1
    assert _asked(capsys) == ['scripts/jobs.js', 'src/jobs.js']
    assert main(['config']) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[out.index('[roles.script]  # scripts and tools run by hand, in CI or by a coding assistant') + 1] == \
        "checks = ['timezone']  # .vcx.toml (staged)"
    assert out[out.index('[roles.test]  # tests, mocks and end-to-end suites') + 1:][:2] == [
        'checks = []  # default', "paths = ['ops/**']  # .vcx.toml (staged)",
    ]


SEED_LOOP = (
    'export async function seed(db, users) {\n'
    '  for (const u of users) {\n'
    '    await db.user.create({ data: u });\n'
    '  }\n'
    '}\n'
)


def test_the_seed_role_decides_for_every_family(repo, capsys):
    """A seed under a name the families once skipped on their own (``user_seed.js``) is asked
    about by n-plus-one once the configuration audits seeds: the role alone decides."""
    (repo / 'src/db').mkdir(parents=True)
    (repo / 'src/db/user_seed.js').write_text(SEED_LOOP)
    git(repo, 'add', 'src/db/user_seed.js')
    assert main(['audit', '--format', 'json']) == 0
    capsys.readouterr()
    (repo / '.vcx.toml').write_text('block = "low"\n[roles.seed]\nchecks = ["n-plus-one"]\n')
    git(repo, 'add', '.vcx.toml')
    assert main(['audit', 'src/db/user_seed.js']) == 1
    assert [line.split(' ')[0] for line in capsys.readouterr().out.splitlines() if 'n-plus-one' in line] == [
        'src/db/user_seed.js:3:11:']


@pytest.mark.parametrize(('text', 'error'), [
    ('[roles.tests]\nchecks = []', 'roles.tests: unknown role; allowed: vendored, generated, test, migration, seed, fixture, script, example, template, docs, locale, build'),
    ('[roles.test]\nchecks = ["timezon"]', 'roles.test.checks: must be "all" or a list of check ids: ' + ', '.join(sorted(checks.IDS))),
    ('[roles.test]\npaths = "ops"', 'roles.test.paths: must be a list of path globs (e.g. "ops/**")'),
    ('[roles.test]\naudit = true', 'roles.test: must be a table with "checks" and/or "paths"'),
])
def test_a_bad_roles_table_is_one_line_exit_2(repo, capsys, text, error):
    (repo / '.vcx.toml').write_text(text + '\n')
    git(repo, 'add', '.')
    assert main(['config']) == 2
    assert capsys.readouterr().err == f'vcx: .vcx.toml (staged): {error}\n'


def test_a_file_a_package_script_runs_by_hand_is_a_script(repo, capsys):
    """``"delete-team": "node ops/jobs.js"``: a command the operator runs, not production; a file the
    start script runs stays production, even if another script runs it too."""
    (repo / 'package.json').write_text(
        '{"scripts": {"start": "node src/jobs.js", "cleanup": "node src/jobs.js --all",'
        ' "delete-team": "node --env-file=.env ops/jobs.js"}}\n')
    (repo / '.vcx.toml').write_text('enable = ["timezone"]\nblock = "low"\n')
    git(repo, 'add', '.')
    assert main(['audit']) == 1
    assert _asked(capsys) == ['src/jobs.js']
    assert main(['audit', '--all']) == 1
    assert _asked(capsys) == ['src/jobs.js']


@pytest.mark.parametrize(('scripts', 'expected'), [
    ({'delete-team': 'node delete-team.js'}, {'app/delete-team.js'}),
    ({'db:setup': 'npx tsx lib/db/setup.ts', 'db:seed': 'tsx lib/db/seed.ts && echo ok'}, {'app/lib/db/setup.ts', 'app/lib/db/seed.ts'}),
    ({'start': 'node server.js', 'warm': 'node server.js --warm'}, set()),
    ({'dev:api': 'ts-node src/api.ts', 'build': 'tsc', 'test': 'jest'}, set()),
])
def test_run_by_scripts(scripts, expected):
    import json

    from vcx_hook.ecosystem.roles import run_by_scripts

    assert run_by_scripts('app', json.dumps({'scripts': scripts}).encode()) == frozenset(expected)
    assert run_by_scripts('app', b'not json') == frozenset()



@pytest.mark.parametrize(('path', 'data', 'role'), [
    ('apps/web/src/cra/db/assign.integration.ts', b"import { prisma } from '@app/prisma'\n\ndescribe('assign', () => {\n  it('works', async () => {})\n})\n", 'test'),
    ('src/orders/orders.functional.js', b"test.each([1, 2])('orders %d', async (n) => {})\n", 'test'),
    ('src/integrations/github.integration.ts', b'export class GithubIntegration {\n  async sync() {}\n}\n', PRODUCTION),
    ('src/sync.integration.ts', b'', PRODUCTION),  # nothing read: the name alone says nothing
])
def test_a_suite_named_for_its_kind_is_a_test_when_it_describes_tests(path, data, role):
    assert role_of(path, data) == role
