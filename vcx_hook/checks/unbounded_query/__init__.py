"""unbounded-query: a read that loads a whole table or collection into memory.

A read with no filter and no limit loads a whole table into the process. With a thousand rows in
development it is instant; with ten million in production the request times out or the server runs
out of memory, and it gets worse every day the table grows. The fix is a `WHERE`, a page size, a
cursor or a stream.

Asked when a touched function runs the reads below. An ORM or driver read of every record
(Prisma, Drizzle, Sequelize, Mongoose/MongoDB, TypeORM) is asked only where the code shows the
table's size matters: its rows are then filtered or searched in memory (`rows.filter(...)`,
`rows.find(...)`, `.some()`: the filter belongs in the query), Prisma `distinct` deduplicates them in
the client, or the model names a table that grows with use (`growing_tables`: events, logs, errors,
messages, users, orders...). A whole read of a tenant's brands, boards or SSO providers, returned as
it is, is small by construction (bench/judged: of 27 such findings, 3 worth asking, 6 borderline).

Which of those are listed (medium) and which are low (`vcx audit --show low` lists them), from the
judged findings (bench/judged): a whole read whose rows are picked in memory by ids the function
holds (the posted ids, `rows.filter((p) => ids.includes(p.id))`; a parent's key, `tasks.filter((t)
=> t.projectId === project.id)`: a `WHERE id IN (...)` the query could do) or deduplicated by Prisma
`distinct` is listed (a `distinct` only where the model's name says it grows: one column of a
reference table deduplicated, round 18's licence plates of cloud products, judged not, is low;
those of errors, audit logs, tags and posts were worth asking 2 times of 4, borderline twice); one looked up by a name, a code or a path the function holds (`orgs.find((o)
=> o.code === ministryCode)`: a reference table read as a dictionary), narrowed only by the rows'
own fields or a constant, or asked only because its model's name grows, is low. Over every
held-out round through 18, the reads narrowed by a value of the function's were worth asking 39% of
9 times; picked by ids, 83% of 3; looked up otherwise, 17% of 6 (round 18's ministries by code, a
gallery's persons by name, a start page's apps, a desktop app's apps by path). A pick by id is low
too where the rows are a dictionary: looked up by a function the reader declares (`function get(id)
{ return content.find((c) => c.id === id) }`, called per key), in a callback over, or the body of a
`for ... of` loop over, the rows of another read or response (`emails.map((e) =>
segmentEmails.find((se) => se.emailId === e.id))`, `for (const row of response.data.rows)` picking
`organizations.find((o) => o.peoplesoft_id === row.SETID)`: two sets joined in memory), or used whole
besides (`segments` rendered, one of them also picked by the request's id): the read needs every row
whatever it picks. Round 23's three (beabee's admin pages: segments, content rows, ongoing e-mails)
and two loops (round 24's psa-job-store business units per PeopleSoft row, commonwealth's event
sources per chain node) were judged not worth asking; a pick per id of the function's input
(`projectIds.map((id) => tasks.filter(...))`, `for (const id of body.ids)`) is still listed.

A SQL or query-builder read of every row (the first and last items below, TypeORM's `getMany()`)
is listed on the same evidence, and where a filter on a value the function holds is commented out
beside it (in its statement or just above: `// where project_id = ${projectId}`, `// .where(eq(t.orgId,
orgId))`, a placeholder: every tenant's rows); else it is low, a table named at run time (``
`SELECT ... FROM ${this.table}` ``) too: held out, 30% of 5 worth asking (a document store's
index build worth asking, a generic model's list borderline; a one-row settings table and a
key-value store's migration, twice, not). Not a comparison with a literal
or another column (`where 1=1` in a note on a remote API's URL, the SQL a builder writes spelled out
above it): over every held-out round, the commented filters found anywhere in the function were
worth asking 1 of 3 times, those two not (camino, joplin). Most whole reads need every row
by design: a start-up cache, an allow or block list, a job that visits every organization, an
admin-curated table (held-out round 3: 2 of 12 listed worth asking, 2 borderline; both worth ones
are still listed). Over every held-out round through 18, the whole reads listed today (SQL,
builders and ORMs, judged rows re-run with `bench/judged/score.py --mirrors` over the files of
docs/confidence.md's last command; `python bench/judged/shapes.py --held-out --check
unbounded-query` for the templates) were worth asking 70% of 5 times: rows picked in memory by the
caller's ids (posted ids, a project's id, worth asking twice; posted tag ids, borderline) or
filtered commented out (worth asking), and one deduplicated by `distinct` (round 18's licence
plates, not); before round 18's fixes, 40% of 15.

- SQL `SELECT ... FROM t` with neither `WHERE` nor `LIMIT`/`TOP`/`FETCH FIRST`, passed to a runner
  (`db.query(...)`, `pool.query({ text })`, mysql's `{ sql }`, ClickHouse's `client.query({ query })`,
  a project's runner named for a query given one, `readOnlyQuery({ query })` (chmonitor's agent
  tool, a real bug of holdout18), `` sql`...` ``, `` prisma.$queryRaw`...` ``,
  `db.prepare(...).all()`), as a literal, a template, a `+` concatenation or a `const` holding one.
  Only the outer statement's own clauses count: a `WHERE` inside a subquery, a CTE or a `LEFT JOIN`
  does not bound it, a filtered `FROM (subquery)`, CTE or inner join does, and so does a recursive
  CTE's anchor member (`WITH RECURSIVE t AS (SELECT ... WHERE id = $1 UNION ALL SELECT ... JOIN t
  ...)`: the recursive member only follows what the anchor found). `GROUP BY` without a `LIMIT` is
  asked (one row per group can still be one row per user);
- Prisma `findMany()` and Drizzle `db.query.t.findMany()` with neither `where` (an empty `where: {}`
  is none) nor `take`/`limit`/`cursor`;
- Sequelize `findAll()`/`findAndCountAll()` with neither `where` nor `limit` (an `include` with a
  `where` filters too, and so does a `required: true` include whose own include has one);
- Mongoose/MongoDB `find()`/`find({})` with no `.limit()`/`limit` option (also `.toArray()` on a
  collection), on a model or collection known by its name or by its binding, whatever it is called
  (`private workspaces: Collection<Workspace>` of `mongodb`: hawk.workers' subscription check, a
  real bug of holdout13);
- (low, `--show low`) MongoDB/Mongoose `aggregate(pipeline)` materialised whole (`.toArray()`, or
  awaited) whose stages hold no `$match`, `$limit`, `$group`, `$count`, `$sample`... every run takes
  (one added only under an `if` bounds one branch): every document, joined and unwound
  (hawk.workers' limiter, a real bug of holdout13);
- (low, `--show low`) every row whose time has passed read at once: Drizzle `lt(t.expiresAt,
  Date.now())` in a `select().from(t)` with no `.limit()`, Prisma `{ expiresAt: { lt: new Date() } }`
  in a `findMany` with no `take`, MongoDB/Mongoose `Model.find({ deletedAt: { $lt: cutoff } })` with
  no `.limit()`, the bound now or a cutoff computed from it (`new Date(moment().subtract(90,
  'days'))`, `new Date(Date.now() - age)`), with no lower bound on the column: the backlog grows with
  every run a job misses (autumn's invoice cron, overleaf's expired deleted projects: real bugs of
  holdout14 and holdout22);
- TypeORM `find()` or `manager.find(Entity)` with neither `where` nor `take` (a second argument
  naming fields is a filter: MikroORM's `em.find(Note, { userId })`, its options third, round 26's
  schulcloud-server), and `createQueryBuilder(...)...getMany()` with no `.where()`/`.take()`;
- Knex `knex('t').select()` and Drizzle `db.select().from(t)` with neither `.where()` nor `.limit()`
  (nor a `.from()` or inner join of a subquery built with one: `const page = db.select()...limit(n)
  .as('page')`).

Also asked, at medium confidence, reads that are filtered but whose size nothing bounds:

- a top list whose N was forgotten: SQL grouped and ordered descending (`GROUP BY url ORDER BY
  count(*) DESC`) with no `LIMIT`, nothing built at run time after its `GROUP BY`, grouped by more
  than a small dimension (a country, a status, a day, a device, a `CASE` named in the SELECT list);
  listed when the groups are open-ended (a URL, a referrer, a visitor, or a column the SELECT list
  picks at run time: `select ${column} x, count(*) y ... group by 1`), low for another key (a user's
  rules, the routes of one changeset: 0 of 4 judged on held-out code worth asking), an account's
  included (`GROUP BY u.id, email`: one row per member, the team's list; Worklenz's three, round 35,
  judged not);
  a Prisma `groupBy()` ordered
  descending with no `take`, grouped by more than such a dimension (`by: ['currency']` has one
  group per currency: one user's balances by currency were judged not worth asking); low where the
  groups are ordered by their latest or earliest value (`orderBy: { _max: { updatedAt: 'desc' } }`:
  most recent activity first, the order a job works through every group in, not a ranking of sizes;
  round 30's one judged, a migration over every organization, not worth asking);
- a page with an offset and no page size: `findMany({ where, skip })` with no `take`, Sequelize
  `findAll({ offset })` with no `limit`; low where the offset is a number (`skip: 1` ordered newest
  first: every record but the latest, on purpose; round 17's one judged, not worth asking) and where
  the rows are read to be deleted (`skip: keepCount`, then only a `deleteMany()` of their ids and a
  test of their count read them: every version past the newest few, pruned; round 30's one judged,
  not worth asking), and where the filter names a user's key (`userId`, `authorId`, `ownerId`) with
  a parameter of the function, at any depth (`where: { [Op.or]: [{ userId }, ...] }` of
  `alerts(userId, { offset })`: the rows of one person; round 31's one judged, not worth asking).

- an HTTP API asked for every record: a page size of `-1` (`take`, `limit`, `per_page`...) in the
  query of a request (`this.url('/api/v1/request', { take: -1 })`, `params: { per_page: -1 }`).
  Not a method of the project's own code (of `this`, or of a name imported from a project module)
  called with no address beside the object (`contactTransformer.fetch(auth, { limit: -1 })`): most
  often the project's own paged database read, where -1 is "all" (round 23: beabee's transformers,
  7 listed, 0 worth asking, 4 borderline, 3 not);
- (low, `--show low`) a request handler that answers with every record a filtered ORM read finds
  (`KB.find({ id_project }, (err, kbs) => res.send(kbs))`, `Member.find({ where }).then((rows) =>
  res.json(rows))`, `const rows = await ...; return res.json(rows.map(...))`, a list a loop over the rows
  pushes each onto: `for (const a of albums) out.push(...)` then `res.send({ albums: out })`, chibisafe's
  albums, a real bug of holdout5; Prisma's `prisma.albums` model too) with no page size
  (`take`, `limit`, `skip`, `cursor`, `.limit()`): a parent's children come back whole however
  many there are. Also a tRPC query's value (`publicProcedure.query(async ({ ctx }) => ...)`), rows
  kept under another name first (`const shown = plans.map(...)`, `let acts = []; acts = await ...`,
  `return shown satisfies T[]`), options with a spread whose name says no page (`...planWithItems`),
  and a repository handed out for the entity (`em.repo(Activity).find()`, `getRepository(Event)`):
  RecipeSage's meal plans and Talo's auth activities, real bugs of holdout14/16; over three judged
  applications (papermark, Zero, zero-logement-vacant) 8 more in papermark's 190 kLOC (a dataroom's
  viewers and views, a user's teams). Low: of 7 such findings judged on tuning applications, 3 worth
  asking (a robot's runs, a project's transactions); the others a user's handful of robots, webhooks
  or invitations. Also rows streamed into the response (`const q = BucketEntry.find({ bucket }); q.cursor()
  .pipe(formatter).pipe(res)`: storj's bucket files, a real bug of holdout23), and SQL text read the same
  way: a SELECT of one parent's rows (a filter comparing a column named for another record's id,
  `WHERE gm."groupId" = :groupId`, `user_id = $1`, with a value given at run time) with no `LIMIT`,
  grouping or aggregate, not comparing the row's own `id`, and no clause built at run time after its
  `WHERE`, whose rows the handler answers with (citizenos' group members, holdout23). Over twelve judged
  applications (jambonz, ocean-node, water-abstraction, mailtrain, hcap, camino...) neither asked anything;
- (low, `--show low`) a function anywhere (a step of a request handler's promise chain too) that
  returns every record a filtered many-read finds (`const checks = await Check.find({ monitorId });
  return checks`, `return prisma.audit.findMany({ where: { orgId } })`, `return updates.sort(...)`) when the model is a history, records that pile up
  with use (events, logs, audits, activities, runs, executions, a doc's updates, a monitor's checks, a
  site's builds, versions, snapshots...), with no page size and no range in its filter (`createdAt: {
  gte, lt }`: a window). Not the things people make (users, files, tags), nor requests and errors
  (a workflow's few, a catalogue). Five real bugs (checkmate, sourcebot's audit log, AFFiNE's doc
  updates, sqlpad's query runs, cloud.gov Pages' site builds); over nine round-14 applications it asked nothing once narrowed (3 before: a day's
  pending membership requests, an application's change requests, a catalogue of e-Cert errors), and
  over kaneo, papra, lunary and nango once (a task's whole activity feed, borderline); and a handler
  answering with every record of a history read with no argument or an empty filter (`versionsRepository.findAll()`, `Sheet.find({})`:
  OpenTermsArchive's versions list, a real bug of holdout22), or of a model a request handler of the
  same file makes (`prisma.venue.upsert(...)` or an update with `{ upsert: true }` in its POST, `prisma.venue.findMany()` answered by its
  GET: every request adds a row the list sends back; WorkSphere's venues, a real bug of holdout24),
  not a catalogue nothing there adds to (OpenTermsArchive's declared services) nor a `small_tables` one;
- (low, `--show low`) a page cut in memory: the rows of a read (SQL run by a runner, `` $queryRaw`...` ``,
  an ORM's many-read, Supabase's `from(t).select(cols)` answering its rows in `data`) sliced to a page afterwards with bounds named for one (`rows.slice(skip, skip
  + take)`, also after `.map()`/`.filter()`): every page loads every row the query finds. Not when
  the read has a `take`/`limit` or its SQL a `LIMIT` or a tail built at run time (`${limit}`).
  Over twelve applications the tool was never run on it asked nothing; over twenty mirrors of
  tuning repositories it asked the real bug and a search that regex-filters every document of a
  type in memory before keeping `limit` of them (worth asking);
- (low, `--show low`) the top of an ordered read cut in memory: a read the query orders (an
  `order`/`orderBy`/`sort` option, a chained `.orderBy()`/`.sort()`, SQL with `ORDER BY`) and no
  page size, whose rows are cut to their first ones afterwards (`rows.slice(0, n)`): the database
  sorts and sends every row to keep a few, and the `n` is a forgotten `LIMIT` (a post's related posts
  ranked by shared tags). Not when the rows are read anywhere else (a top ten beside the sum of the
  others needs every row). Over 35 checkouts (24 judged applications, 11 mirrors) it asked only the
  real bug;
- (low, `--show low`) a list newest first with no page size: a read ordered by a time or a
  sequence, descending (`orderBy: { createdAt: 'desc' }`, `order: [['createdDate', 'DESC']]`,
  `.orderBy('number', 'desc')`, `.sort({ createdAt: -1 })`, SQL ending `ORDER BY updated_at DESC`),
  with no `take`/`limit`/`LIMIT` and no window in its filter (`gte`, `Between`): a feed, meant to be
  read from the top, whose length grows with every use, fetched whole. Not when its primary order is
  another column, nor when its filter names a person (`where: { student: { id } }`, `.where('user_id',
  '=', id)`: one person's rows are few). Real bugs of six repositories (shelf's audit notes and
  photos, argos' media versions, twikoo's comments of a page, FreeFeed's search, ffc-pay's debts,
  mission-control's export). Over thirty held-out applications (rounds 14-16) it asked 13 times: 5
  worth asking (every demand of a public statistics API, every job of an admin page, an object's
  versions, a company's forms awaiting grouping, an admin list of demands), 3 borderline
  (diagnostics listing faulty demands), 5 not (an application's bypasses, a list of versions the
  caller names, an organization's API credentials, billing batches by status);
- (low, `--show low`) the first of many: a library's many-read (Prisma `findMany`, Sequelize
  `findAll`, TypeORM `getMany`, MongoDB `find().toArray()`, pg-promise `manyOrNone`/`many`/`any`)
  with no page size (option, chained call or `LIMIT` in its SQL) whose rows are used only as the
  first (`rows[0]`, `rows.length` beside it, `const [first] = await ...`): every match is fetched to
  use one, where the library has a one-row read. Not pg's or mysql's `query()` nor a SQL tag
  (postgres.js's `const [row] = await sql` of a template), which have no one-row form;
- (medium) objection's `.first()` on an ordered query (`this.$relatedQuery('executions')
  .orderBy('created_at', 'desc').first()`, `Model.query().orderBy(...).first()`) with no `.limit()`:
  unlike Knex's, objection's `first()` adds no `LIMIT 1`, so every matching row is fetched to keep one.
- (low, `--show low`) a page size the client picks, with no cap: the request's `limit`
  (`searchParams.get('limit')`, `req.query.limit`, a body's `limit`, also through `parseInt`/`Number`)
  bound to a SQL `LIMIT ?`/`` LIMIT ${n} ``, a many-read's `take`/`limit` option or `.limit(n)` as it
  came: `?limit=1000000` (or `-1`, no limit in SQLite) returns the whole table in one response. Not
  through `Math.min(...)` or a schema's `parse`, nor when the function compares it (`if (limit >
  MAX)`) or the file declares a maximum (`maximum:`, `.max(`, express-validator's `isInt({ max: 200
  })`), nor handed to the project's own helper (which may cap it), nor named in a template that is no
  SQL (`` `Error retrieving agreements, offset ${offset}, limit ${limit}` ``: an untagged template
  with neither `LIMIT` in capitals nor `SELECT ... FROM`; round 26's interop routers). Over eleven applications (seven judged, four mirrors) it asked 13 times: 7 worth
  asking (a user's files, links, albums, snippets and tags; an LLM-run list; a notification batch), 6
  not (admin lists, a statistics chart's days).
- (low, `--show low`) a page size defaulted only when the caller gives none: `const first =
  args.first || DEFAULT_FIRST` then `.limit(first + 1)`, or `first !== undefined ? SQL` LIMIT
  ${first}` : SQL` LIMIT ${DEFAULT_LIMIT}``: the default says the size is the caller's to pick, and
  nothing caps what it picks (ems-backend's forms query and decentraland's owners list, real bugs of
  holdout26; Ocelot-Social's chat search, a `{ limit }` bound to a Cypher `LIMIT toInteger($limit)`,
  of holdout25). Not when the function or the file caps it (`Math.min`, `clamp`, a schema's `.max(`,
  a comparison with a number or a capitalised constant, a check it is handed to:
  `checkPageSize(first)`), nor for another size (a job's `opts.batchSize`), nor in UI code.
- (low, `--show low`) a page size a request's schema takes with no maximum: `limit:
  z.number().int().default(50)` (zod, also `z.coerce.number()`, joi's and yup's `number()`) under a
  page-size key (`limit`, `take`, `pageSize`, `perPage`, `per_page`) with no `.max()`/`.lte()` nor a
  `.transform()`/`.refine()`/`.pipe()` that may clamp it: the schema is where the request's bound goes,
  and `limit: 1000000` passes it (unkey's runtime logs, a tRPC input handed to ClickHouse: a real bug
  of holdout2); also kept in a `const` of that name the schemas share (`const limit =
  z.number().positive()`: near-explorer's validators, a real bug of holdout13). Server code only.
- (low, `--show low`) a page size applied only sometimes: a SQL `LIMIT` appended only when the limit
  is given (`if (limit) q.append(sql` LIMIT ${limit}`)`, `${conditional(!!options.limit, SQL`LIMIT
  ${options.limit}`)}`, a ternary or `&&` on it) with no other `LIMIT` when it is not: a caller that
  passes none, or 0, reads every row (decentraland events' attendees and livepeer's table reads, real
  bugs of holdout17 and holdout19). Over four SQL applications (stacks-blockchain-api,
  builder-server, mailtrain, camino) it asked once more (builder-server's optional pool-group limit).
  Its ORM form: a pagination helper that returns no `take` when handed no size (`if (perPage ===
  undefined) return {}`), or a size left `undefined` when the request has none and handed to a
  many-read (`findMany({ ...getPaginationParams(pageSize, cursor) })`): metiers-numeriques' and
  supaglue's lists (holdout26, holdout19). Not when the function caps or compares the size.
- (low, `--show low`) filters applied only sometimes: a Knex builder kept in a variable (`let q =
  knex('audit_log')`) whose every `.where()` is added under a condition (`if (input.userId) q =
  q.where('usid', input.userId)`), with no `.limit()`, and run here (`await q`, `query(pool,
  q.toString())`): a call that meets none of the conditions reads the whole table (lagoon's audit
  log and Spoke's opt-out cache, real bugs of holdout20 and holdout15). Not when the builder is
  handed to another function or returned (the other side may page it).
- (low, `--show low`) a page size parsed from the caller's text with nothing capping it: a page-size
  key (`pageSize: parseInt(query.pageSize)`) or the result of a function named for one
  (`getCount(countParam)`, `parseLimit(raw)`) that turns a parameter's text into a number and hands
  it on, with no `Math.min`, clamp or comparison in the function (hubble's HTTP API and balena's
  device logs, real bugs of holdout15 and holdout4). Server code only.
- (low, `--show low`) a page size whose only bound is the largest integer: set to it (`pageSize =
  MAX_INT; // No paging`, `limit: Number.MAX_SAFE_INTEGER`) or checked against it alone
  (`helper.checkMaxInt(pageSize)`, `pageSize > Number.MAX_SAFE_INTEGER`): tc-api's top members and
  payment search (real bugs of holdout22). Server code only.
- (low, `--show low`) a list the client sends, checked for being empty and never for its size, that
  drives the handler's work (`if (req.body.assets.length === 0) throw ...` then `assets.map(async (a)
  => ...)`, or `await compare(deps, ids)` of a body's `ids`): a request with a hundred thousand entries
  runs a hundred thousand lookups or one `IN (...)` that size (yoroi's multi-asset supply and helios'
  comparison, real bugs of holdout17 and holdout20). Server code; not a schema's result, uploaded
  files, nor a function that compares the length with another number, slices the list or names a
  maximum. Over seven judged applications it asked once more (lunary's legacy event ingestion,
  borderline: a batch endpoint the body-size limit bounds).
- (low, `--show low`) a relation loaded whole only to be counted: TypeORM's `relations: ['projects']`
  or Prisma's `include: { projects: true }` whose rows the function only counts (`user.projects.length`,
  `_size(user.projects)`): every child row comes back to make one number (swetrix's project limit,
  a real bug of holdout2); a `COUNT` gives it alone.
- (low, `--show low`) a scheduled job that holds every row a filtered many-read finds: in a cron
  job (a file under `crons/`/`cron/`, or a function a scheduler runs) a many-read with a filter
  (also one built elsewhere: `YoungModel.find(query)`) and no page size, cursor or stream, whose rows
  the job walks or hands on whole (`for (const y of youngs)`, `process(youngs)`, `.concat()`): the set
  a job visits grows with the table and is held in memory at once (three real bugs of holdout11,
  service-national-universel's daily crons). Not rows only counted.

A read inside `await Promise.all([...])` is run there, like an awaited one. Each question is also
about the end of the SQL text (where a `LIMIT` goes, also in a `const` elsewhere) and the first
later use of the rows it binds (its evidence, docs/changed.md).

Not asked:

- aggregates that return one row (`COUNT`, `SUM`, `MAX`... without `GROUP BY`, Drizzle
  `select({ n: count() })` and `` sql`SUM(x)`.as('total') ``, Knex `.count()`), `LIMIT 1`,
  `findFirst`/`findUnique`/`.first()`;
- streams and cursors: `.stream()`, `.cursor()`, `.iterate()`, `for await (const row of ...)`;
- queries whose filter is built at run time (`` `SELECT * FROM t ${where}` ``, `'... ' + clause`,
  `let sql` appended to later, options passed as a variable or spread) — the hook cannot see the
  filter, and guessing would be crying wolf;
- a query builder assembled elsewhere (`qb.getMany()` on a `qb` built in steps), or a query not run
  here (`const q = User.find()` kept for later);
- `findMany`/`findAll` on services and one-name receivers (`userService.findAll()`): the query lives
  in the service, which is asked when it is touched;
- lookup tables that are small by construction (`small_tables`: countries, currencies, languages,
  locales, time zones, roles, permissions, settings, plans, statuses, categories...), migration
  runners' ledgers (`knex_migrations`, `schema_migrations`, `_prisma_migrations`, `_db_migration`...)
  and system catalogues (`information_schema`, `pg_catalog`, `sqlite_master`). Tags are not on the
  list: users create them;
- seed files, migrations and files under `scripts/`: run once, by hand, on data the author knows.

Bad:

```js
async function exportData() {
  const records = await db.query('SELECT * FROM events');
  return records.map(formatRecord);
}
```

Good:

```js
async function* exportData() {
  for await (const row of db.query('SELECT * FROM events').stream()) {
    yield formatRecord(row);
  }
}
```

Answer it in code when the read is bounded by something the hook cannot see:

```js
// vcx-ignore unbounded-query -- at most 50 plans, seeded from config
const plans = await prisma.plan.findMany();
```

Names the configuration can extend (`[checks.unbounded-query]`):

- `sql_runners`: calls that run SQL text and return its rows (`query`, `execute`, `rawQuery`, `sql`...);
- `builder_roots`: roots of Knex/Drizzle builder chains (`knex`, `db`, `trx`...);
- `small_tables`: lookup tables that are small by construction (singular, lower case, no separators:
  `featureflag` matches `feature_flags`).
- `growing_tables`: the last word of a model that grows with use (`log` matches `auditLogs`,
  `event` matches `ErrorEventEntity`).
"""
from __future__ import annotations

import os.path
from collections.abc import Iterator

from vcx_hook.checks.unbounded_query import aggregations
from vcx_hook.checks.unbounded_query import api_reads
from vcx_hook.checks.unbounded_query import backlogs
from vcx_hook.checks.unbounded_query import client_limits
from vcx_hook.checks.unbounded_query import defaulted_sizes
from vcx_hook.checks.unbounded_query import counted_relations
from vcx_hook.checks.unbounded_query import first_of_many
from vcx_hook.checks.unbounded_query import first_rows
from vcx_hook.checks.unbounded_query import job_reads
from vcx_hook.checks.unbounded_query import max_pages
from vcx_hook.checks.unbounded_query import memory_pages
from vcx_hook.checks.unbounded_query import newest_first
from vcx_hook.checks.unbounded_query import optional_filters
from vcx_hook.checks.unbounded_query import optional_limits
from vcx_hook.checks.unbounded_query import orm_reads
from vcx_hook.checks.unbounded_query import parsed_sizes
from vcx_hook.checks.unbounded_query import reads
from vcx_hook.checks.unbounded_query import request_lists
from vcx_hook.checks.unbounded_query import route_lists
from vcx_hook.checks.unbounded_query import schema_limits
from vcx_hook.checks.unbounded_query import sql_lists
from vcx_hook.checks.unbounded_query import sql_reads
from vcx_hook.checks.unbounded_query import unset_sizes
from vcx_hook.checks.unbounded_query.orm_reads import Names
from vcx_hook.checks.common import load_query
from vcx_hook.config import Config
from vcx_hook.ecosystem import stores
from vcx_hook.finding import LOW
from vcx_hook.finding import MEDIUM
from vcx_hook.finding import Finding
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope

ID = 'unbounded-query'
QUESTION = 'What happens when this returns ten million rows?'
# Listed, not blocking, until a shape is worth asking 80% of the time on held-out code; the whole
# reads and rankings the judged findings show noisy are LOW (evidence.py, sql_reads.py; the docstring).
CONFIDENCE = MEDIUM
SUMMARY = 'a read with no filter and no limit loads a whole table into memory'
# The package's sibling query, unbounded_query.scm.
QUERY = load_query(os.path.dirname(__file__), many_reads=stores.MANY_READS)
NAMES = {
    # Calls that run SQL text and return every row (`db.query(sql)`, `` sql`...` ``, `prepare(sql).all()`).
    'sql_runners': stores.READ_SQL_RUNNERS,
    # Roots of Knex/Drizzle builder chains (`knex('users').select()`, `db.select().from(users)`).
    'builder_roots': stores.READ_BUILDER_ROOTS,
    # Lookup tables that are small by construction (singular, lower case, no separators).
    'small_tables': frozenset((
        'country', 'currency', 'language', 'locale', 'timezone', 'role', 'permission', 'setting',
        'config', 'configuration', 'featureflag', 'plan', 'status', 'province', 'region', 'category', 'dual',
        # Migration runners' ledgers: one row per migration file (knex, Rails and golang-migrate,
        # Prisma, Drizzle, TypeORM, MikroORM, Sequelize, a hand-made `_db_migration`).
        'migration', 'knexmigration', 'schemamigration', 'prismamigration', 'drizzlemigration',
        'typeormmigration', 'mikroormmigration', 'sequelizemeta', 'dbmigration',
    )),
    # Tables that grow with use (the last word of a model's name, singular): an ORM read of every
    # record of another table is asked only when its rows are filtered or deduplicated in memory.
    'growing_tables': frozenset((
        'event', 'log', 'error', 'message', 'notification', 'session', 'click', 'view', 'visit', 'pageview',
        'audit', 'history', 'activity', 'transaction', 'payment', 'order', 'comment', 'post', 'record',
        'metric', 'job', 'execution', 'run', 'request', 'user', 'customer', 'file', 'upload', 'attachment',
        'document', 'email', 'conversation', 'ticket', 'invoice', 'trace', 'span', 'observation', 'score',
        'entry', 'item', 'result', 'submission', 'response', 'reaction', 'like', 'vote', 'follow', 'image',
        'video', 'media', 'task', 'delivery', 'webhook', 'download', 'subscriber', 'contact', 'lead',
        'review', 'article', 'tag', 'answer', 'share', 'bookmark', 'feedback',
    )),
}

_QUERY_BUILDER = stores.QUERY_BUILDER.encode()


def relevant(scope: Scope, config: Config) -> bool:
    """SQL: a string in the file that starts with SELECT or WITH and reads a whole table (a
    ``const`` elsewhere may hold it), and a runner's name in the scope.  ORM: a method call of the
    ``unbounded-query.call`` pattern in the scope that ``orm_reads.orm_call`` reports."""
    names = config.names[ID]
    if first_rows.possible(scope, config) or route_lists.possible(scope) \
            or memory_pages.possible(scope) or first_of_many.possible(scope) or client_limits.possible(scope) or defaulted_sizes.possible(scope) \
            or newest_first.possible(scope) or aggregations.possible(scope) or schema_limits.possible(scope) \
            or job_reads.possible(scope) or backlogs.possible(scope) or parsed_sizes.possible(scope) or max_pages.possible(scope) \
            or optional_limits.possible(scope) or unset_sizes.possible(scope) or optional_filters.possible(scope, names) \
            or counted_relations.possible(scope) or request_lists.possible(scope) \
            or sql_lists.possible(scope, names['sql_runners']):
        return True
    if not scope.file.words.isdisjoint(api_reads.PAGE_WORDS) and (b'-1' in scope.text or b'- 1' in scope.text) \
            and api_reads.minus_one_page(scope.text):
        return True
    return _sql_or_orm(scope, names)


def _sql_or_orm(scope: Scope, names: Names) -> bool:
    """Where a SQL or an ORM read can be: without one, ``run`` need not run the family's query."""
    sql_file = scope.file.memo('unbounded-query.sql', sql_reads.sql_file)
    keys: tuple[bytes, ...]
    if sql_file is None:  # no `select` in any case: no SQL, and no `.select()`
        keys = orm_reads.ORM_KEYS_BUT_SELECT
    elif sql_file and sql_reads.runner_named(scope.text, names):
        return True
    else:
        keys = orm_reads.ORM_KEYS
    if _QUERY_BUILDER in scope.text:
        keys += orm_reads.QUERY_BUILDER_KEYS
    return orm_reads.orm_possible(scope, names, keys)


def run(scope: Scope, config: Config) -> Iterator[Finding]:
    names = config.names[ID]
    seen: set[int] = set()
    api = ((node, message, (), MEDIUM) for node, message in api_reads.all_records(scope))
    firsts = ((node, message, (), MEDIUM) for node, message in first_rows.find(scope, config))
    lists = ((node, message, (), route_lists.CONFIDENCE) for node, message in route_lists.find(scope, names['small_tables']))
    sql_children = ((node, message, (), LOW) for node, message in (
        sql_lists.find(scope, names['sql_runners']) if sql_lists.possible(scope, names['sql_runners']) else ()))
    pages = ((node, message, evidence, LOW) for node, message, evidence in memory_pages.find(scope, names['sql_runners']))
    firsts_of_many = ((node, message, evidence, LOW) for node, message, evidence in first_of_many.find(scope))
    client = ((node, message, (), LOW) for node, message in (*client_limits.find(scope), *defaulted_sizes.find(scope)))
    schemas = ((node, message, (), LOW) for node, message in schema_limits.find(scope))
    parsed = ((node, message, (), LOW) for node, message in (*parsed_sizes.find(scope), *max_pages.find(scope)))
    sent_lists = ((node, message, (), LOW) for node, message in request_lists.find(scope))
    counted = ((node, message, (), LOW) for node, message in counted_relations.find(scope))
    jobs = ((node, message, (), LOW) for node, message in job_reads.find(scope))
    newest = ((node, message, (), LOW) for node, message in newest_first.find(scope, names['sql_runners']))
    aggregated = ((node, message, (), aggregations.CONFIDENCE) for node, message in aggregations.find(scope))
    backlog = ((node, message, (), backlogs.CONFIDENCE) for node, message in backlogs.find(scope))
    optional = ((node, message, (), LOW) for node, message in (*optional_limits.find(scope), *unset_sizes.find(scope)))
    filters = ((node, message, (), LOW) for node, message in optional_filters.find(scope, names))
    queried = (*sql_reads.sql_findings(scope, names), *orm_reads.orm_findings(scope, names)) \
        if _sql_or_orm(scope, names) else ()
    for finding_node, message, evidence, confidence in (*queried, *api, *firsts, *lists, *sql_children, *pages, *firsts_of_many, *client, *schemas, *parsed, *sent_lists, *counted, *jobs, *newest, *aggregated, *backlog, *optional, *filters):
        key = finding_node.start_byte
        if key not in seen:
            seen.add(key)
            used = reads.consumer(s.chain_top(finding_node))
            evidence += () if used is None else (used,)
            yield scope.finding(finding_node, ID, message, QUESTION, evidence=evidence, confidence=confidence)
