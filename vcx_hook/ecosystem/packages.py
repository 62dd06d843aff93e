"""What an imported package is (a data store, an HTTP client, files, or something else) and where
its code runs (server, both sides, a browser: asked by ``runtime``).

The one table a binding's kind comes from (``ecosystem.bindings``).  A package is looked up by its
name (``drizzle-orm`` for ``drizzle-orm/node-postgres``, ``@mikro-orm/core`` whole), then by its
scope (``@mikro-orm/``).  A package in no table is unknown: it may be the project's own workspace
package wrapping a store (``@acme/db``), so a name bound to it is judged by its spelling.
"""
from __future__ import annotations

from typing import NamedTuple

# What a name is bound to.
STORE = 'store'  # a database, ORM, query builder, Redis or other record store
HTTP = 'http'  # an HTTP client
FILES = 'files'  # the file system
PACKAGE = 'package'  # a known package that is none of those (lodash, zod, @nestjs/common)
MODULE = 'module'  # a package this table does not know (a workspace package, a plugin)
LOCAL = 'local'  # a relative or aliased import of the project's own code
VALUE = 'value'  # a value made here: a literal, an array, a Map, a function


class Package(NamedTuple):
    kind: str
    library: str  # the library it belongs to: 'prisma' for '@prisma/client' and 'prisma'


# -- Packages other modules name: spelled here only (tests/ecosystem/literals_test.py) --------------
# HTTP clients (``http`` gives their contracts; a client module is called by its package's name).
AXIOS = 'axios'
GOT = 'got'
KY = 'ky'
SUPERAGENT = 'superagent'
OFETCH = 'ofetch'
NEEDLE = 'needle'
UNDICI = 'undici'
NODE_FETCH = 'node-fetch'
CROSS_FETCH = 'cross-fetch'
REQUEST = 'request'  # deprecated
NODE_HTTP = 'http'  # Node's http and https modules
JQUERY = 'jquery'
# UI libraries (``resources``: Vue's `watch` is no file watcher).
VUE = 'vue'
ANGULAR_CORE = '@angular/core'
SOLID = 'solid-js'
REACT = 'react'
PREACT = 'preact'
# Lit, the web components' library, under its name and its older one.
LIT = 'lit'
LIT_PACKAGES = frozenset((LIT, 'lit-element'))
# What renders a component tree into a DOM node (`render(<App />, el)`): missing-cleanup's mounted trees.
DOM_RENDERERS = frozenset((PREACT, 'preact/compat', 'react-dom'))
REACT_NATIVE = 'react-native'
# Frameworks (``handlers`` and ``routes`` ask them; Express apps are made by calling `express()`).
EXPRESS = 'express'
KOA = 'koa'
KOA_ROUTERS = ('@koa/router', 'koa-router')
FASTIFY = 'fastify'
HONO = 'hono'
GRAPHQL_YOGA = 'graphql-yoga'
POLKA = 'polka'
RESTIFY = 'restify'
NEXT = 'next'
NUXT = 'nuxt'
NEST_SCOPE = '@nestjs/'
# NestJS's own packages: a package declaring one injects its providers (ecosystem/remote_providers).
NEST_COMMON, NEST_CORE = '@nestjs/common', '@nestjs/core'
H3 = 'h3'
NUXT = 'nuxt'
NITRO = 'nitropack'
SOLID_START = '@solidjs/start'  # its `/http` re-exports h3's readers
VINXI = 'vinxi'  # its `/http` too: SolidStart builds on it
# Metrics libraries (``metrics``): a registry's exposition serializes what is in memory.
METRICS_LIBRARIES = ('prom-client', '@well-known-components/metrics')
# socket.io's browser and Node client: `io(url)` connects to the app's own realtime server.
SOCKET_IO_CLIENT = 'socket.io-client'
# Date libraries (``dates``): date-fns's functions, and Moment's and Day.js's chains.
DATE_FNS = 'date-fns'
MOMENT = 'moment'
DAYJS = 'dayjs'
LUXON = 'luxon'
DATE_LIBRARIES = (DATE_FNS, DAYJS, MOMENT, LUXON)
# Packages of pure functions, which return values and never promises (``values``): `uuid()`, `_.pick()`.
# Command-line argument parsers: a file of a `commands/` folder importing one is a command of a
# command-line program (roles.py).
ARGUMENT_PARSERS = ('cac', 'commander', '@commander-js/extra-typings', 'yargs', 'yargs/yargs', '@oclif/core',
                    'clipanion', 'citty', 'sade', 'meow')
VALUE_LIBRARIES = ('lodash', 'lodash-es', 'underscore', 'ramda', 'uuid')
# Validation libraries, whose names a project's validating middleware takes (`zodValidate`).
VALIDATION_LIBRARIES = ('zod', 'yup', 'joi')
# Their number schema (`z.number()`, `z.coerce.number()`, `Joi.number()`, `yup.number()`), and the steps
# of its chain that bound it or may (`.max(100)`, `.lte(100)`, a `.transform()` that clamps it).
VALIDATION_NUMBER = 'number'
VALIDATION_BOUNDS = frozenset(('max', 'lte', 'lt', 'less', 'transform', 'refine', 'superRefine', 'pipe', 'preprocess', 'test', 'custom'))
# Stores (``stores``): their libraries, and the names their clients go by (`prisma.user`, `knex('t')`).
PRISMA = 'prisma'
# The last words of a type naming Prisma's client class (`PrismaClient`) or a project's alias of it
# (`ExtendedPrismaClient`): a value of it is the whole client, never a transaction client (which
# lacks `$transaction` and is not assignable to it).
PRISMA_CLIENT_TYPE = (PRISMA, 'client')
MONGOOSE = 'mongoose'
MONGODB = 'mongodb'
# Packages whose queries take Mongo's `$` operators: the drivers, their ODMs, and the stores that
# copy the query language (NeDB); Meteor apps declare `meteor-node-stubs` and query through `meteor/mongo`.
MONGO_QUERY_PACKAGES = frozenset((
    MONGOOSE, '@nestjs/mongoose', '@typegoose/typegoose', MONGODB, 'mongojs', 'monk', 'mongoist',
    '@mikro-orm/mongodb', 'nedb', '@seald-io/nedb', 'nedb-promises', 'meteor-node-stubs',
))
SEQUELIZE = 'sequelize'
TYPEORM = 'typeorm'
MIKRO_ORM = 'mikro-orm'
KNEX = 'knex'
OBJECTION = 'objection'  # over Knex
DRIZZLE = 'drizzle'
KYSELY = 'kysely'
PG = 'pg'
MYSQL = 'mysql'
SQLITE = 'sqlite'
REDIS = 'redis'
IOREDIS = 'ioredis'
BULLMQ = 'bullmq'
BULL = 'bull'
SUPABASE = 'supabase'
FIRESTORE = 'firestore'
DYNAMODB = 'dynamodb'
# The file system: Node's modules and fs-extra.
FS = 'fs'
FS_PROMISES = 'fs/promises'
FS_EXTRA = 'fs-extra'
# Upload parsers built on formidable (``uploads``): formidable itself, and the middleware that call it.
FORMIDABLE_PARSERS = ('formidable', 'koa-body', 'express-formidable', 'formidable-serverless')
# Services (``services``): mail, password hashing, child processes.
NODEMAILER = 'nodemailer'
PASSWORD_HASHERS = ('bcrypt', 'bcryptjs')
CHILD_PROCESS = 'child_process'
# Node's builtin modules named by plain words, which the tables also hold as a request's fields,
# a cursor's methods and validators' calls (`req.path`, `cursor.stream()`, `assert(x)`).
NODE_WORDS = (
    'events', 'path', 'url', 'util', 'os', 'crypto', 'stream', 'zlib', 'buffer', 'assert', 'querystring',
    'readline', 'cluster', 'net', 'dns', 'tls', 'timers',
)


def _table(kind: str, libraries: dict[str, tuple[str, ...]]) -> dict[str, Package]:
    return {name: Package(kind, library) for library, names in libraries.items() for name in names}


BY_NAME: dict[str, Package] = {
    **_table(STORE, {
        PRISMA: ('@prisma/client', PRISMA, '@prisma/adapter-pg', '@prisma/adapter-neon'),
        TYPEORM: (TYPEORM, '@nestjs/typeorm'),
        MONGOOSE: (MONGOOSE, '@nestjs/mongoose', '@typegoose/typegoose'),
        MONGODB: (MONGODB,),
        SEQUELIZE: (SEQUELIZE, 'sequelize-typescript', '@nestjs/sequelize'),
        KNEX: (KNEX, 'nestjs-knex', OBJECTION),
        DRIZZLE: ('drizzle-orm',),
        KYSELY: (KYSELY,),
        'slonik': ('slonik',),
        PG: (PG, 'pg-promise', 'pg-pool', 'postgres', '@neondatabase/serverless', '@vercel/postgres'),
        MYSQL: (MYSQL, 'mysql2', '@planetscale/database'),
        SQLITE: (SQLITE, 'sqlite3', 'better-sqlite3', '@libsql/client'),
        'mssql': ('mssql', 'tedious'),
        REDIS: (
            REDIS, IOREDIS, '@redis/client', '@upstash/redis', '@vercel/kv', '@nestjs-modules/ioredis',
            '@liaoliaots/nestjs-redis',
        ),
        SUPABASE: ('@supabase/supabase-js', '@supabase/ssr'),
        FIRESTORE: ('@google-cloud/firestore', 'firebase-admin/firestore', 'firebase/firestore'),
        DYNAMODB: ('@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb'),
    }),
    **_table(HTTP, {
        AXIOS: (AXIOS, '@nestjs/axios'),
        GOT: (GOT,),
        NODE_FETCH: (NODE_FETCH, CROSS_FETCH, 'isomorphic-fetch', 'isomorphic-unfetch', '@whatwg-node/fetch'),
        UNDICI: (UNDICI,),
        KY: (KY, 'ky-universal'),
        SUPERAGENT: (SUPERAGENT,),
        OFETCH: (OFETCH, 'ohmyfetch'),
        NEEDLE: (NEEDLE,),
        REQUEST: (REQUEST, 'request-promise', 'request-promise-native'),
        NODE_HTTP: (NODE_HTTP, 'https', 'node:http', 'node:https'),
    }),
    **_table(FILES, {FS: (FS, FS_PROMISES, 'node:fs', 'node:fs/promises', FS_EXTRA, 'graceful-fs')}),
    # Well-known packages that hold no store and make no request: a name bound to one of them
    # is not a store whatever its spelling (`import { map } from 'lodash'`).
    **_table(PACKAGE, {name: (name,) for name in (
        *VALUE_LIBRARIES, 'rxjs', 'immutable', 'immer', *VALIDATION_LIBRARIES,
        'class-validator', 'class-transformer', *DATE_LIBRARIES, 'nanoid',
        REACT, 'react-dom', PREACT, VUE, 'svelte', SOLID, EXPRESS, KOA, FASTIFY, HONO,
        *NODE_WORDS, CHILD_PROCESS, 'worker_threads',
        'jsonwebtoken', *PASSWORD_HASHERS, 'winston', 'pino', 'chalk', *ARGUMENT_PARSERS,
        NEST_COMMON, NEST_CORE, '@nestjs/config', '@nestjs/jwt', '@nestjs/passport',
        '@nestjs/event-emitter', '@nestjs/schedule', '@nestjs/swagger', '@nestjs/graphql',
    )}),
}
BY_SCOPE: dict[str, Package] = {'@mikro-orm/': Package(STORE, MIKRO_ORM)}


# -- Where a package's code runs (asked by ``runtime``) ------------------------------------------
# Imports that only server code makes (`from 'node:fs'`, `from 'express'`): a pattern of the text
# after `from '`.
SERVER_IMPORTS = (
    rb'''(?:node:|fs['"/]|path['"]|https?['"]|''' + '|'.join((EXPRESS, FASTIFY, KOA, HONO)).encode()
    + f'|{NEXT}/server|{NEST_SCOPE}|'.encode() + rb'''@prisma/client|mongoose|pg['"]|mysql2)''')
# Packages whose presence among a package's dependencies makes it a server.
SERVER_PACKAGES = frozenset((
    EXPRESS, FASTIFY, KOA, *KOA_ROUTERS, HONO, '@hono/node-server', NEST_CORE,
    '@hapi/hapi', RESTIFY, POLKA, H3, 'elysia', '@trpc/server', '@apollo/server', 'apollo-server',
    'apollo-server-express', GRAPHQL_YOGA, 'socket.io', 'ws', BULLMQ, BULL, NODEMAILER,
    'firebase-admin', 'firebase-functions', '@aws-sdk/client-s3', 'sails', 'loopback', '@loopback/core',
))
# Packages only Node runs, no server framework: a package depending on one and on no UI library is
# server code (homarr's request handlers, a real bug of cases.csv: undici, Node's own HTTP client).
NODE_ONLY_PACKAGES = frozenset((UNDICI,))
# Store libraries that browsers use too: their presence says nothing about a server.
BROWSER_STORES = frozenset((SUPABASE, FIRESTORE))
# Frameworks whose packages run code on both sides: the file's own conventions decide.
FULL_STACK_PACKAGES = frozenset((
    NEXT, NUXT, '@remix-run/node', '@remix-run/react', '@react-router/node', '@sveltejs/kit',
    '@tanstack/react-start', '@tanstack/start', '@tanstack/solid-start', 'astro', '@builder.io/qwik-city',
    SOLID_START, 'meteor-node-stubs', '@redwoodjs/web', 'blitz', 'vike', 'waku',
))
# Runtimes of an app on its user's own device (a desktop app's main process and renderer, a
# mobile app): one user, the device's zone, no server to protect.
ELECTRON = 'electron'
DEVICE_PACKAGES = frozenset((ELECTRON, REACT_NATIVE, 'expo', '@capacitor/core'))
# Electron's modules that only its main process has (a Node process, not a page): a module importing
# one runs there, whatever folder holds it (outline-apps' `client/electron/`). The renderer's and
# the preload script's (`ipcRenderer`, `contextBridge`, `webFrame`) and those of both (`shell`,
# `clipboard`) are not among them.
ELECTRON_MAIN_MODULES = frozenset((
    'app', 'BrowserWindow', 'BrowserView', 'WebContentsView', 'BaseWindow', 'ipcMain', 'powerMonitor',
    'powerSaveBlocker', 'Menu', 'MenuItem', 'Tray', 'dialog', 'globalShortcut', 'protocol', 'session',
    'autoUpdater', 'systemPreferences', 'utilityProcess', 'webContents', 'safeStorage', 'nativeTheme',
    'TouchBar', 'contentTracing', 'netLog', 'inAppPurchase', 'pushNotifications', 'MessageChannelMain',
))
# Drivers of a database server (no embedded or on-device mode): a package holding one beside a server
# framework keeps its users' data on a shared server, whatever else it packages for the desktop.
SERVER_DATABASE_DRIVERS = frozenset((
    'mongoose', 'mongodb', 'pg', 'mysql', 'mysql2', 'mssql', 'tedious', 'oracledb', 'cassandra-driver',
    '@elastic/elasticsearch',
))
# Database drivers that keep their store on the user's device (SQLite in a phone, a WebAssembly
# SQLite or IndexedDB in the page): a package depending on one, with no server package, is device
# code, and so is a file that imports one (drizzle's adapters for them too).
DEVICE_STORES = (
    'expo-sqlite', '@op-engineering/op-sqlite', '@capacitor-community/sqlite', 'jeep-sqlite', 'sql.js', 'wa-sqlite',
    'sqlocal', '@sqlite.org/sqlite-wasm', 'idb', 'dexie', 'idb-keyval', 'drizzle-orm/expo-sqlite', 'drizzle-orm/op-sqlite',
    'drizzle-orm/sql-js',
)
# Every import of one of those holds one of these: byte searches before ``runtime``'s pattern, which
# is tried at every byte of the file.
DEVICE_WORDS = (b'react-native', b'expo', b'capacitor', b'sqlite', b'sql.js', b'sql-js', b'sqlocal', b'idb', b'dexie')
# And one of these words (``File.words``): a set lookup first, since ``expo`` is in every ``export``.
DEVICE_NAME_WORDS = frozenset((b'native', b'expo', b'capacitor', b'sqlite', b'sql', b'sqlocal', b'idb', b'dexie'))
# UI libraries: a package with one of them and no server package runs in a browser (or on a device).
UI_PACKAGES = frozenset((
    REACT, 'react-dom', VUE, 'svelte', ANGULAR_CORE, SOLID, PREACT, LIT, JQUERY,
    REACT_NATIVE, 'expo', '@ionic/core', 'backbone', 'ember-source', 'alpinejs', 'mithril',
))

def package_name(specifier: str) -> str:
    """The package of a bare import specifier: ``@scope/name`` or ``name`` (``node:`` kept)."""
    parts = specifier.split('/')
    if specifier.startswith('@'):
        return '/'.join(parts[:2])
    return parts[0]


def is_local(specifier: str) -> bool:
    """A relative or aliased path of the project's own code (``./db``, ``@/lib/prisma``, ``~/db``)."""
    return specifier.startswith(('.', '/', '~/', '@/', '#', 'src/', '~~/'))


def of(specifier: str) -> Package:
    """What the module ``specifier`` names."""
    if is_local(specifier):
        return Package(LOCAL, specifier)
    found = BY_NAME.get(specifier) or BY_NAME.get(package_name(specifier))
    if found is not None:
        return found
    for scope, package in BY_SCOPE.items():
        if specifier.startswith(scope):
            return package
    return Package(MODULE, package_name(specifier))
# Where a class component's base (`Component`, `PureComponent`) comes from: govuk-frontend's, Lit's or
# Stencil's are other classes (missing-cleanup's class components).
COMPONENT_PACKAGES = frozenset((REACT, PREACT, REACT_NATIVE, 'inferno', 'nervjs'))
# Design systems whose Nunjucks macros render a component's `html` option unescaped (its `text`
# option is escaped): GOV.UK Frontend, the MoJ's and the NHS's (unvalidated-input's component_html).
DESIGN_SYSTEMS = frozenset(('govuk-frontend', '@ministryofjustice/frontend', 'nhsuk-frontend', 'hmpo-components'))
