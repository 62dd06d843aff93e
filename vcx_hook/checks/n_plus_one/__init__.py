"""n-plus-one: a query made once per element of a loop, where one batched query would do.

A query inside a loop costs one database round trip per element. With ten rows in development
nobody notices; with ten thousand in production the request makes ten thousand round trips, holds
a connection for all of them, and times out. One query with `IN (...)`, a join or an `include`
does the same work in one trip.

Asked when a touched function awaits a call to a data store, with an argument that comes from the
element (the loop variable, `xs[i]`, or a name computed from them in the body, also a local whose
field the body sets from them: `const where = filterOf(event); where.number = payment.number;
findOne({ where })`):

- in the body of a `for`, `for-of`, `for-in`, `while` or `do` loop;
- in a `forEach`/`map`/`flatMap`/`reduce` callback (`await` inside it), or returned from a `map`
  callback whose promises are gathered (`Promise.all(xs.map(x => ...))`, also when the
  `Promise.all` is returned or the mapped array is kept in a `const` first), `Promise.map`, `pMap`,
  and the callback of a helper named for running once per element of the list it takes first
  (`executeAsynchronously(refs, async (ref) => ...)`, `batchProcessPromiseAll(pages, 20, fn)`,
  `async.eachLimit(items, 5, fn)`; metriport and growi, real bugs of holdout12); a helper the
  file declares itself counts only when its body goes through that first argument (loops over,
  maps, slices or measures it, or hands it on), whatever its name: `mapError(context, fn)` is not
  one. Over thirty held-out applications of rounds 14-16 these helpers added 19 low questions,
  mostly import jobs' and crons' `asyncForEach` and a lowercase `bluebird.map`: 3 worth asking,
  11 borderline, 5 not;
- pushed into an array of promises in the loop, or gathered in `Promise.all([...])` inside it;
- in TypeORM's `afterLoad` (an entity subscriber's, a class decorated `@EventSubscriber()` or
  implementing `EntitySubscriberInterface`, or an entity's `@AfterLoad()` method), which runs once
  for every entity a query returns, at low confidence: the loop is the query's rows, out of sight
  (bichard7's note author looked up per note, a real bug of holdout12);
- in a GraphQL field resolver (NestJS `@ResolveField()`, TypeGraphQL `@FieldResolver()`) a query
  awaited or returned with what its `@Parent()`/`@Root()` object holds (`this.conversationService.
  getConversationMembers(conversation.id)`, or a local taken from it), at low confidence: GraphQL
  runs the method once for every object of its type in a response, so a list of fifty parents runs
  fifty queries (alkemio's conversations and explore-spaces lists, real bugs of holdout14); not
  with a DataLoader (`loader.load(key)`, a `@Loader()` parameter). Over alkemio's current server,
  built of such resolvers, 54 low questions; a field under one object only (a viewer's profile)
  is asked too, hence low;
- a recursive walk of a tree (the loop or callback calls the function around it again, by its name,
  `this.expand(sub)` or through the object holding it, `DocumentService.deepPopulateChildren(child)`)
  whose function queries with what it is given, at low confidence: one query per descendant, over
  a record's parts (`doc.children`) that a plain loop would leave alone (grottocenter's document
  tree, a real bug of holdout13);
- `Promise.all(userIds.map(getUser))`: a loader helper handed to `map` by name;
- a helper the file defines, handed the element (awaited, gathered, returned from a gathered
  callback, also as a conditional's branch, `return ctx ? this.withSecurity(ctx, [id]) : null`, or queued as
  `await queue.add(() => processAlert(alert))`), whose body awaits a query keyed by what it was
  given (`AlertHistory.find({ alert: alert.id })`, `repo.findById(json.parentId)`, or the parameter
  itself under an id key, `findOneBy({ id: src })`: sharkey's files packed per id, holdout15), at low
  confidence: one hop down, not a query in a loop of the helper's own, next to a request to
  another service with it, or in the branch taken when another parameter is missing (`moveCounts ?
  moveCounts[task.id] : await countMoves(task.id)`: the batch handed down, the query a fallback).
  Two real bugs of issue 18 (hyperdx, tududi); on tuning code 8 new, about half worth asking.
  The query may be a builder the helper holds in a local and runs (`const qb =
  CauseProject.createQueryBuilder('cp').where('cp.causeId = :id', { id: cause.id }); return
  qb.getMany()`), and the helper may run it through an executor it constructs from the element
  (`new SequelizeQueryExecutor(record.sequelize)`: what runs the query, not its filter); two more
  real bugs of issue 18 (impact-graph, crowd.dev). An insert of a record made from what it was
  given counts too (`collection.insertOne({ ...candidate })`, `create`/`insert`; not `save`, an
  update as often): one insert per element where a bulk write takes them all (epr, holdout24);
- a function of the project's own module in another file (imported from a relative path, a
  `tsconfig.json` path alias, or reached through an injected service's class), handed the element,
  whose body reads or writes the store with the parameter it was handed
  (`journalSubmissionService.getFeaturedPublicationDetails(publication.id)` where the module runs
  `prisma.journalSubmission.findUnique({ where: { id } })`), at low confidence: read one hop away
  (`ecosystem.helper_effects`), not judged on held-out code.
- a GET of an API path built from the element (`namespaces.map((ns) => admin.getJSON(
  `/api/editorData/${ns.name}.json`))`), or through a helper of the file handed the element that
  awaits or returns one built from its parameter (`fetchIdentifierSources(type.uuid)` returning
  `cacheAndFetch(`${restBaseUrl}/idgen/identifiersource?identifierType=${identifierType}`)`), at low
  confidence: one round trip to the API per element where an endpoint taking the list would do one
  (owid's chart editor and openmrs's identifier sources, real bugs of holdout17 and holdout18). Only
  reads: a fetch-like callee (`fetch`, `cacheAndFetch`, `getJSON`, a client's `get`) with no
  `method` but GET, and a path, not a static file (`/icons/${name}.svg`); not judged on held-out code.
- a read of another service's API through a client object, handed the element, at low confidence:
  a resource getter of a client named for an API (`userNames.map((u) => oauthApi.userDetails(ctx,
  u))`, `await this.clientRequestManager.getTorrentTrackers(torrent.hash)`: a read verb or a record
  noun, `ecosystem.api_clients`; not a store's client, `redisClient`, nor a bare `client`), or a GET
  of a fixed path of the app's API whose parameters carry the element (`roles.map((role) =>
  panoptes.get('/users', { id: role.links.owner.id }))`): one round trip per element where a request
  for the list would do (digital-prison-services', flood's and zooniverse's, real bugs of holdout18,
  17 and 21, each fixed by a batch request); not judged on held-out code.
- a read of a blockchain's node through its JSON-RPC client, handed what the element holds
  (`mapAsync(deposits, (d) => provider.getTransactionReceipt(d.txId))`, `addresses.map((a) =>
  provider.call({ to: a, data }))`, `client.getBlock({ blockNumber })`), in a file importing ethers,
  viem or web3 or a package declaring one (`ecosystem.chain_nodes`), at low confidence: one request
  per element to a rate-limited node, where a multicall or one log query over the range answers for
  the list (across-protocol's Binance deposits, twice, and snapshot's voting-proxy sources, real
  bugs of holdout22); on four tuning applications built on ethers, 3 new questions (a receipt per
  indexed log, a block per rewards pool, a contract read per expired allocation through `pFilter`,
  which, like `filterAsync`, now counts as running once per element).

Low confidence, every question (`vcx audit --show low` lists them; `block = "low"` makes them
block): a query per element of a loop, whatever the loop's syntax, was worth asking 21% of the 87
times it was listed on code the tool was never tuned on (11 worth asking, 14 borderline, 62 not: the
for-of loops 19% of 58, the `map`/`forEach` callbacks 18% of 17, the `for` loops 25% of 8, "once per
element" 50% of 4; `python bench/judged/shapes.py --held-out --check n-plus-one`), under
docs/confidence.md's 40% over five: mostly a handful of elements, or per-item work the loop needed.
Those listed were all of the sub-shape that had looked best, which the code still tells apart
(`rows.CONFIDENCE`, for a later held-out round to measure): the loop walks what an awaited store
read in the same function returned (`const monitors = await db.monitor.findMany(...)`, also through
array methods, a schema's `parse`, `[...rows]` or a destructured `{ rows }`), and the per-element
call is a query on a store the line shows. Those rows grow with a table. A loader imported from the
project's data module (`import { getUsers, getProfile } from '../lib/db'`) counts as a store read on
both sides; not when an outer loop awaits, for its own element, a request to another service (an LLM
completion per prompt around an insert per criterion: each outer element already costs a slower
round trip), nor when the loop walks the distinct references of those rows (`this.unique(cases,
'project_id')`, `SELECT DISTINCT "CollectiveId"`, `_.uniq(rows.map((r) => r.userId))`): one element
per record they point to, the projects of a collection's cases or the organizations billed in a
month, which held-out rounds judged small or the per-record work inherent (0 of 5 worth asking); the
rows' own key (`distinct('_id')`, `uniqBy(rows, 'id')`) is still one element per row; nor when the
read sets a page size the code chose (`take: 50`, `.limit(20)`, `{ skip, limit }`, `LIMIT 20`): the
loop walks one page, which held-out rounds judged bounded (0 of 4 worth asking, 3 borderline: a cron
paging free trials 20 at a time, a batch of expired messages). A page size the client sends
(`.limit(req.query.rowsPerPage)`) bounds nothing, and the loop stays in the sub-shape. Nor is it in
the sub-shape when the call per row updates or deletes one record (`for (const contract of
contracts) await repo.delete(contract.id)`, `update({ where: { id: e.id }, data: { status:
'cancelled' } })`, `DELETE FROM ...`): the state change each row needed, over the rows a filter
picked (a graph's contracts, the accounts a cron un-flags, the executions a user stops, a folder's
subfolders), often through a model's own delete with its hooks and cascades (judged: none of 15
listed worth asking, 4 borderline). A read per row, the classic N+1, an insert per row (`createMany`
does them in one) and a set operation per row (`deleteMany({ where: { noteId: note.id } })`: the
same call with `{ in: ids }`) stay in it. The others were asked at low confidence before: a loop
over a parameter, a request's array, a record's parts or an API's answer, and a service's or another
helper of the project's called per element (`this.teamService.findAll(user.id)`, `fetchJobs(id)`); a
loader handed to `map` by name (`ids.map(getProfile)`) follows the same rule. Before that sub-shape
was chosen, on the 17 applications judged while held out then, n-plus-one's questions were worth
asking 12% of the time (38 judged); the rows of a read with a visible query carried both
worth-asking ones (50% of 6), the rest 5% of 32. Over every judged repository: 59% of 17 listed, 14%
of 59 low.

Data stores known by name: Prisma (`prisma.user.findUnique`, `db.user...`, `tx...`), Sequelize
(`User.findByPk`, association getters such as `post.getComments()` on the element; a loaded
document saving itself, `page.save()` on the element, is one update per element), TypeORM
(repositories, `manager`, query builders), Mongoose and the MongoDB driver (`Model.findById`,
`db.collection('x').findOne`), Knex (`knex('users').where(...).first()`, `db.table('users').where(...)` awaited as is), node-postgres and mysql2
(`pool.query`, `conn.execute`, SQL runners and their variants, `database.queryWithValues(sql)`: catalyst, holdout7), Drizzle (`db.select()...`, `db.insert(t).values()`,
`db.query.t.findFirst`), PgTyped (`getUsers.run({ ids }, db)` of a query its `sql` tag made, bound to
`@pgtyped/runtime`: accounter's query per owner id, a real bug of holdout20), Redis (`redis.get`, or any `client` in a file importing a Redis client),
search engines (`esClient.search`, `client.get`, a receiver named like a client in a file importing
Elasticsearch or OpenSearch, for its types too: the client often comes from the project's own
factory; in a helper of the file handed the element, a search built from the element is asked too,
since one `msearch` sends every query: opencrvs's count per workqueue, a real bug of holdout12),
service and repository methods (`this.usersService.findById`), a data access object's method
named for a store operation whatever follows the verb (a receiver whose last word is repository,
repo, gateway or dao, not one named for a payment, SMS or mail service:
`BlocksRepository.$saveFirstSeenTime(block.hash)`, `this.jeuneGateway.countAffectedByLigneDeBus(ligne.id)`,
real bugs of holdout3 (mempool) and holdout11 (service-national-universel); over 30 applications it
asked nothing else once a domain action such as `acceptRevisionRequestApproval` was left out), or,
in server code, one whose name says nothing but whose declared TypeScript type ends in one of those
words or in `Store` (`meta: MetaStore`, also destructured from a value whose declared interface has
that field, `const { meta } = deps` with `deps: Deps`: `meta.listMemberships(ws.id)` per workspace,
`meta.createNotification(row)` per recipient, derive's, real bugs of holdout25; on four tuning
applications with such types, agir-back, undb, adsp and akash's console, nothing new), the
same for an object imported from the project's data layer (`import { dbAdapter } from '../models'`,
`dbAdapter.createEvent(...)` per mentioned user: FreeFeed, a real bug of holdout6), any method,
whatever it is named and given an argument, of an object the function builds on its database
connection (`new ProjectService(connection)`, the connection from a call named for one,
`getDBConnection(token)`, or a pool's `connect()`: `projectService.projectPublishStatus(project.id)`,
biohubbc's, a real bug of holdout11; over the 30 applications of rounds 16-18 nothing new, over
biohubbc's current code five deletes and inserts per posted id, 3 worth asking), and
helpers whose names say they load a record (`getProfile`, `fetchUser`, `loadOrder`, `findXById`)
when given the element's id, key, slug or email.

Not asked:

- an entity built in memory per element (TypeORM's and MikroORM's `repository.create({ name })`,
  Sequelize's `build()`, by what the receiver is bound to: `ecosystem/entities.py`), then saved
  together: no query runs in the loop;
- loops with no element: pagination (`do { ... cursor = page.next } while (cursor)`), retries
  (`for (let attempt = 0; ...)`), counters used only as numbers; except, at low confidence, a
  counted loop (`while (attempts < 5)`, `for (let tries = 0; tries < 5; tries++)`) that awaits a
  single-record lookup (`findUnique`, `findOne`...) of a candidate and leaves when none is found
  (`if (!taken) return username`): one query per attempt where the candidates could be made first
  and looked up in one (two real bugs of issue 18; on tuning applications 2 findings, a referral
  code and a partner username, both the same shape; a walk up a chain of parents is not asked, nor a
  poll that looks the same key up again until its status changes, `while (elapsed < max) { const
  run = await db.run.findUnique({ where: { id } }); if (!run) return; ... }`: the lookup must take
  a value the loop makes anew on each pass, twice judged not worth asking on held-out code); and,
  the same way, one that leaves with the first record that matches (`for (let i = n; i > 0; i--) {
  where.paymentRequestNumber = i; const prev = await db.reportData.findOne({ where }); if
  (SETTLED.includes(prev?.status)) return prev.paymentRequestNumber }`: one query per number, where
  one ordered by it finds the record; ffc-pay-tracking, a real bug of holdout12);
- `for await (const doc of cursor)`: reading a cursor or stream is already batched (not a `for
  await` over a plain array, `const chunk: Member[] = members.splice(0, 1000)`: an ordinary loop,
  one query per element; spacebar's member presences, a real bug of holdout2);
- calls whose arguments do not come from the element (the same query every time is a different
  smell, and usually cached);
- batching APIs: DataLoader `.load`, `createMany`/`insertMany`/`bulkCreate`/`bulkWrite`, and loops
  over chunks (`for (const batch of chunk(ids, 500))`, `batches[i]`) handed to a batch call;
- loops over a short literal list or a constant (`for (const role of ['admin', 'user'])`,
  `ROLES`, also `for (let i = 0; i < ROLES.length; i++)`), the keys or values of an enum or of an
  object another module exports (`Object.values(ListIds)` with `import { ListIds } from
  './constant'`: nine newsletter lists; not a `const x = []` the function pushes into in a loop or
  a callback, as long as what that walks: rechat's new contacts, holdout24, where the contact model
  is an object merging the project's model modules, `{ ...require('../contact/get'), ... }`, bound
  as they are), and over files, tables, schemas or migrations (the loop is
  about them, not records; but files that are the rows of a query in the same function, `const files
  = await db.table('files').whereIn(...)`, are records: chibisafe's album page, holdout5);
- loops over what a session holds (`req.session.user.services.map(...)`): one signed-in user's
  selections, a handful (0 of 2 judged worth asking on held-out code);
- loops over configuration, a name or a segment of its path with the word `config` (`for (const
  planConfig of spendingPlanConfigs)`, `Config.Users.enforcedUsers`, `this.config.mediaPick`, also
  through a local and array methods: `const plansToAdd = spendingPlanConfigs.filter(...)`): entries
  an operator or an admin set up, a handful, walked at start-up or per job run (0 of 7 judged worth
  asking over five held-out rounds: hiero-json-rpc-relay's spending plans in round 26, pigallery2's,
  Maintainerr's, heimdall2's; n1:bounded-config-list-startup);
- a write to a table the element names (`` tx(`subscription__${list.id}`).del() ``, one table per
  list): each table needs its own statement. A read of each is still asked: one `UNION ALL` could
  replace them;
- loops over tenants: organizations, teams, workspaces, projects (`for (const org of ownedOrgs)`
  when an account is deleted, a billing job deciding for every workspace, the projects a member is
  removed from): a user has a handful, and the work for each one is the point of the loop. Their
  members are still asked, and so, at low confidence, is a loop over their ids that only looks
  each one up (`pMap(teamIds, (teamId) => Team.findOne({ teamId }))`: one `IN (...)`; cnpmcore's
  team lookups, a real bug of issue 18), and a list page of them: the tenant records a function
  taking the response reads as its list (`const projects = await projectService.getProjectList(...)`,
  a `findMany`/`findAll`) and then walks, one query each on every load (biohubbc's project list);
- loops over the database's own objects, read from its catalog (`SELECT tablename FROM pg_tables`,
  `pg_stat_activity`, `information_schema`, `db.listCollections()`): one statement per table,
  collection or session (`DROP TABLE`, `deleteMany({})`) is the point, and they are a handful;
- loops over the parts of one record or one request (`invite.projectAccess`, `workflow.steps`,
  `Object.entries(tier.prices)`, also through a `const` that names them: `const steps =
  workflow.steps`): as many as one record holds. The rows of a read (`result.rows`,
  `response.data`, `page.items`), the people a record gathers (`group.members`) and the parts of
  every element of an outer loop (`for (const icon of group.icons)` inside `for (const group of
  groups)`) are still asked;
- creates or updates whose returned records are used (`createMany` returns none), and updates or
  upserts whose values differ for every element collected for one `prisma.$transaction([...])` or a
  `bulkWrite` (one round trip). Updates and upserts whose values differ for every element, awaited
  one by one (`for (const role of roles) await prisma.archivedRole.upsert({ ..., create: { name:
  role.name } })`), are asked at low confidence: Prisma and Sequelize have no single statement for
  them, but a `CASE`, `createMany({ skipDuplicates })` or a batched transaction replaces them (a
  real bug of issue 18; of 14 new findings on civitai judged, about 4 worth asking);
- SQL fragments built per element (`Prisma.sql`...``, drizzle's `sql`...``, bound to their
  imports, and a Knex `raw()` handed to a clause of another query: `.select([knex.raw('? AS list',
  [list.id])])`): pieces of one query that runs later;
- a query in a `catch` block (it runs when one element fails) or returned from a loop (it runs
  once, for the first match), and promises that are never awaited;
- a query in a loop whose body also awaits, for the element, a request to another service (an HTTP
  call, a mail, a queued job, an upload: `await axios.get(`.../payment/${payment.id}`)` next to
  `findUnique({ where: { paymentId: payment.id } })`): the loop already costs one request per
  element, and batching the query would not change that. A request in an inner loop, or one that
  does not take the element, does not count;
- HTTP calls (`fetch`, `axios`, `api.*`), object storage and helpers named for something other
  than a record (`getSignedUrl`, `getFileSize`, `fetchAnalytics`), and loader helpers, services
  and other objects in browser code (`suggestionService.update(...)` in a component: there they
  are requests to the app's API, or IndexedDB in the same tab; 0 of 3 judged worth asking). A
  database client is still one there (`db.`, `prisma.`, one bound to Supabase or Firestore);
- a loader helper the file defines (a function, or a method of the class: `this.getThread(id)`)
  whose body reads a file or calls an HTTP API and reaches no store and no helper defined
  elsewhere (`getFeatureData(slug)` that parses `content/${slug}.json`);
- seed files, migrations and `scripts/`, and a function registered as a migration in code
  (`self.apos.migration.add('redirect:unlocalized', async () => { ... })`, `addMigration(...)`).

Bad:

```js
async function getPostsWithAuthors(postIds) {
  const posts = await db.posts.findMany({ where: { id: { in: postIds } } });
  for (const post of posts) {
    post.author = await db.users.findUnique({ where: { id: post.authorId } });
  }
  return posts;
}
```

Good:

```js
async function getPostsWithAuthors(postIds) {
  return db.posts.findMany({
    where: { id: { in: postIds } },
    include: { author: true },
  });
}
```

Answer it in code when the loop is bounded by something the hook cannot see:

```js
// vcx-ignore n-plus-one -- at most three payment providers per account
for (const provider of account.providers) {
  await db.providerStatus.findUnique({ where: { id: provider.id } });
}
```

Names the configuration can extend (`[checks.n-plus-one]`):

- `data_receivers`: words in a receiver path that mark the data layer (`prisma`, `db`, `repository`,
  `service`...);
- `query_methods`: ORM, driver and query-builder methods that read or write records;
- `sql_runners`: calls that run SQL text (`query`, `execute`, `$queryRaw`, `sql`...);
- `builder_roots`: roots of Knex builder chains called with a table name (`knex`, `db`, `trx`...);
- `redis_methods`: Redis commands asked on Redis clients;
- `not_stores`: words of receivers that are not a database (`api`, `mail`, `queue`, `storage`...),
  unless the path goes through one (`prisma.sentEmail` is a table);
- `loader_verbs`: first words of helpers that load one record (`get`, `fetch`, `load`, `find`...);
- `not_records`: words in helper names that are not records in a store (`url`, `file`, `response`...);
- `not_elements`: words of loop variables that are not records (`file`, `table`, `migration`...).
"""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.config import Config
from vcx_hook.config import packages_near
from vcx_hook.ecosystem import stores
from vcx_hook.finding import Finding
from vcx_hook.finding import LOW
from vcx_hook.lang.scope import Scope

from vcx_hook.checks.n_plus_one import client_reads
from vcx_hook.checks.n_plus_one import free_candidates
from vcx_hook.checks.n_plus_one import iterations
from vcx_hook.checks.n_plus_one import field_resolvers
from vcx_hook.checks.n_plus_one import load_hooks
from vcx_hook.checks.n_plus_one import node_reads
from vcx_hook.checks.n_plus_one import imported_helpers
from vcx_hook.checks.n_plus_one import own_helpers
from vcx_hook.checks.n_plus_one import remote_reads
from vcx_hook.checks.n_plus_one.by_reference import per_reference
from vcx_hook.checks.n_plus_one.candidates import helper_words
from vcx_hook.checks.n_plus_one.candidates import inside_any
from vcx_hook.checks.n_plus_one.candidates import iterations_in
from vcx_hook.checks.n_plus_one.candidates import outermost
from vcx_hook.checks.n_plus_one.candidates import used_calls
from vcx_hook.checks.n_plus_one.own_helpers import per_helper
from vcx_hook.checks.n_plus_one.imported_helpers import per_import
from vcx_hook.checks.n_plus_one.per_element import per_element

ID = 'n-plus-one'
QUESTION = 'Could one batched query replace the query made for every element?'
# Every shape is LOW: a query per element, whatever the loop's syntax, was worth asking 21% of the 87
# times it was listed on held-out code (rows.CONFIDENCE, the docstring: docs/confidence.md).
CONFIDENCE = LOW
SUMMARY = 'a query awaited once per element of a loop'
# Candidates are found from keywords, punctuation and names (`iterations_in`, `used_calls`).
QUERY = ''
NAMES = {
    # Words in a receiver path that mark the data layer (`prisma.user`, `this.userRepository`, `ctx.db`).
    'data_receivers': stores.LOOP_RECEIVERS,
    # ORM, driver and query-builder methods that read or write records.
    'query_methods': stores.QUERY_METHODS,
    # Calls that run SQL text (`pool.query(sql, [id])`, `` sql`... ${id}` ``).
    'sql_runners': stores.LOOP_SQL_RUNNERS,
    # Roots of Knex builder chains called with a table name (`knex('users')`, `trx('users')`).
    'builder_roots': stores.BUILDER_ROOTS,
    # Redis commands, asked on receivers named like Redis (or any client in a file importing one).
    'redis_methods': stores.REDIS_METHODS,
    # First words of helpers that load a record (`getProfile(u.id)`, `fetchUser(id)`).
    'loader_verbs': stores.LOADER_VERBS,
    # Words of receivers that are not a database: HTTP clients, batching loaders, caches, mail,
    # queues, files (`api.users.get(id)`, `userLoader.load(id)`, `this.mailService.create(...)`).
    'not_stores': stores.NOT_QUERIED,
    # Words of loop variables that are not records: one statement per file or table is the point.
    'not_elements': frozenset((
        'file', 'files', 'path', 'paths', 'dir', 'directory', 'table', 'tablename', 'schema',
        'migration', 'locale', 'language', 'lang', 'attempt', 'retry',
        # Tenants: a user owns a handful, and a job over all of them does each one's work on its own.
        # Projects too, the tenant of most SaaS apps (bench/judged n1:bounded-org-projects: 4 of 4 not).
        *iterations.TENANT_WORDS,
    )),
    # Words in helper names that are not records in a store (`getSignedUrl`, `getFileSize`).
    'not_records': frozenset((
        'url', 'urls', 'uri', 'file', 'files', 'image', 'images', 'path', 'paths', 'config', 'env',
        'hash', 'icon', 'signed', 'html', 'text', 'content', 'contents', 'template', 'stream',
        'buffer', 'blob', 'size', 'width', 'height', 'color', 'style', 'locale', 'translation',
        'translations', 'element', 'node', 'dom', 'bounds', 'position', 'token', 'secret', 'env',
        'dir', 'directory', 'module', 'package', 'schema', 'type', 'time', 'date', 'avatar',
        'response', 'request', 'analytics', 'metric', 'metrics', 'preview', 'embedding', 'embeddings',
        'completion', 'screenshot', 'thumbnail', 'favicon', 'dns', 'weather',
    )),
}


def relevant(scope: Scope, config: Config) -> bool:
    """Every finding is a call inside an iteration the query takes (a ``for``/``while``/``do``
    loop, or a callback of one of ``ITERATION_WORDS``), or a function handed by name to
    ``map``/``flatMap``/``forEach``: the file must hold one of those words."""
    return not scope.file.words.isdisjoint(_ITERATION_WORDS) or bool(helper_words(scope.file)) \
        or load_hooks.possible(scope) or field_resolvers.possible(scope)


# The loop keywords and the callback methods of the query (tests/checks/n_plus_one_test.py holds them to the .scm).
ITERATION_WORDS = frozenset((
    'for', 'while', 'do', 'map', 'forEach', 'flatMap', 'reduce', 'reduceRight',
    'pMap', 'pMapSeries', 'pEachSeries', 'mapSeries', 'each',
))
_ITERATION_WORDS = frozenset(w.encode() for w in ITERATION_WORDS)


def run(scope: Scope, config: Config) -> Iterator[Finding]:
    names = config.names[ID]
    bodies, refs = iterations_in(scope)
    inside = inside_any(bodies)
    if inside is not None:
        seen: set[tuple[int, int]] = set()
        chain = node_reads.possible(scope, packages_near(config, scope.file.path))
        # Only inside the iterations (an eighth of webpack's bytes).
        for call in used_calls(scope.file, outermost(bodies)):
            key = (call.start_byte, call.end_byte)
            if key in seen or not inside(call.start_byte):
                continue
            seen.add(key)
            found = per_element(scope, call, names)
            if found is not None:
                message, loop, confidence = found
                yield scope.finding(call, ID, message, QUESTION, evidence=(loop,), confidence=confidence)
                continue
            through = per_helper(scope, call, names)
            if through is not None:
                yield scope.finding(call, ID, through[0], QUESTION, evidence=(through[1],), confidence=own_helpers.CONFIDENCE)
                continue
            imported = per_import(scope, call, names, config.helper_effects)
            if imported is not None:
                yield scope.finding(call, ID, imported[0], QUESTION, evidence=(imported[1],),
                                    confidence=imported_helpers.CONFIDENCE)
                continue
            remote = remote_reads.per_request(scope, call, names)
            if remote is not None:
                yield scope.finding(call, ID, remote[0], QUESTION, evidence=(remote[1],), confidence=remote_reads.CONFIDENCE)
                continue
            client = client_reads.per_client_read(scope, call, names) or client_reads.per_sdk_helper(scope, call, names)
            if client is not None:
                yield scope.finding(call, ID, client[0], QUESTION, evidence=(client[1],), confidence=client_reads.CONFIDENCE)
                continue
            node = node_reads.per_node_read(scope, call, names) if chain else None
            if node is not None:
                yield scope.finding(call, ID, node[0], QUESTION, evidence=(node[1],), confidence=node_reads.CONFIDENCE)
    for ref in refs:
        by_name = per_reference(scope, ref, names)
        if by_name is not None:
            yield scope.finding(ref, ID, by_name[0], QUESTION, confidence=by_name[1])
    for query, message, hook in load_hooks.find(scope, names):
        yield scope.finding(query, ID, message, QUESTION, evidence=(hook,), confidence=load_hooks.CONFIDENCE)
    for query, message, method in field_resolvers.find(scope, names):
        yield scope.finding(query, ID, message, QUESTION, evidence=(method,), confidence=field_resolvers.CONFIDENCE)
    if free_candidates.possible(scope):
        for lookup, message, loop in free_candidates.find(scope):
            yield scope.finding(lookup, ID, message, QUESTION, evidence=(loop,), confidence=free_candidates.CONFIDENCE)

