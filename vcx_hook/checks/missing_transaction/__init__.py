"""missing-transaction: two related writes in sequence with no transaction around them.

Two writes that belong together commit separately without a transaction. When the second fails — a
constraint, a lock timeout, a deploy killing the process mid-request — the first has already
committed: money debited and never credited, an order without its invoice, a user without the
workspace every page expects. In development it almost never happens; under production load it
happens every week, and the half-written rows are found by customers.

Asked once per function, at the second write (the message names both writes and their lines), when a
touched function performs two or more data-store writes in sequence and nothing opens a transaction
(awaited one after the other, or one per step of a promise chain: `knex('Claim').insert(c).then(()
=> knex('ClaimChild').insert(children))`, whose `.then` callbacks run in turn, a `return` in any
of them handing on to the next; apvs's claim copy, a real bug of holdout12; a `.catch` callback
runs only on failure and is not in the sequence; over thirty held-out applications of rounds 14-16
the chains added no question):

- ORM writes (`create`, `update`, `upsert`, `delete`, `save`, `insert`, `increment`, `destroy`,
  `bulkCreate`, Mongoose `findByIdAndUpdate`, MikroORM `nativeDelete`/`removeAndFlush`: Talo, holdout16...) on the data layer: `prisma.x`, `db`, `knex('t')`,
  model classes (`User`, `models.User`; Sails' globals too, with a table-kind prefix: `TDocument`,
  `JDocumentLanguage`, grottocenter's document creation, a real bug of holdout13), repositories (`this.userRepository`), and the creates of a
  service layer (`this.experimentService.create(e)`);
- writes through Objection's queries of a loaded record (`step.$query().delete()`,
  `step.$relatedQuery('executionSteps').delete()`), like the model's own `Step.query()` (plumber's
  deleteStep, a real bug of holdout8);
- `.save()`/`.update()`/`.destroy()` on a record loaded or built in the function
  (`const order = new Order(...)`, `const user = await User.findById(id)`) — two Mongoose documents
  saved one after the other count;
- SQL `INSERT`/`UPDATE`/`DELETE` run through `query`/`execute`/`$executeRaw`..., as a literal or a
  statement built by a SQL tag (`` pool.query(sql`INSERT ...`) ``, slonik's and Drizzle's `sql`);
- SQL writes run through a runner of the project's own, known by its definition in the file: a
  function or method that hands its first parameter to one of those (`postgresQuery(text, values) {
  return this.postgres.query(text, values) }`, then `this.postgresQuery('DELETE FROM person ...')`;
  PostHog plugin-server's deletePerson, a real bug of holdout9);
- helpers whose names say they write: `updateBalance`, `debit`, `credit`, `insert*`, `save*`,
  `delete*`, `upsert*`... called bare, on `this`, or on a service/repository. A name says that a
  helper writes, not where: two such helpers in sequence are asked only when one moves money or
  stock (`updateBalance`, `insertLedgerEntry`, `decrementStock`), and at low confidence (below);
  with a store write they are; a repository's or a DAO's own (`this.orgRepository.saveOrg(org)`, and
  `create`/`set`/`add`/`remove` ones: `walletDao.addTransaction()`, shadow, holdout23) writes the store
  it fronts, and saving a record the function builds (`const org = Org.create({...})`) makes it;
- methods of an object the project's data layer exports (imported or required from a `models`,
  `db`, `database`, `repositories`, `dao` or `queries` module: `import { dbAdapter } from
  '../models'`), which write the store it fronts, also when their first word is `create`, `set`,
  `add` or `remove` (`dbAdapter.setUserAdminRole()` then `dbAdapter.createAdminAction()`: a role
  changed with no journal entry when the second fails; FreeFeed's promoteModerator, a real bug of
  holdout6), or from a monorepo's own package named for one (`operations.createProject(ctx.db, ...)`
  of `'@tambo-ai-cloud/db'`: tambo-cloud's project and thread operations, holdout22). Not a pub/sub or
  realtime object the layer also exports (`pubSub.removeCommentLike()`);
- and, in a function that opens a transaction for its other writes, a write left before it whose
  record the transaction uses (`const folder = await prisma.folder.upsert(...)`, then
  `tx.program.create({ data: { folderId: folder.id } })` in `prisma.$transaction`), at medium
  confidence: if the transaction fails, the folder stays. Low for a helper known only by its name
  (`persistPost(db, note)`: what it writes, and what it fetches, the code does not say; hollo, round 21, not).
- a write inside a transaction's callback sent through the client that opened it instead of the
  transaction the callback was handed (`knex.transaction(async (trx) => { await
  knex('tenants').insert(row); ... })`, `prisma.user.create()` in `prisma.$transaction(async (tx) =>
  ...)`), at medium confidence: it commits on its own, and a rollback leaves it (a real bug of issue
  18). Not asked when the write is handed the transaction as an argument (`Model.create(values,
  transaction)`), when the callback's parameter shadows the client (`sql.begin(async (sql) => ...)`),
  for a callback with no parameter (a managed transaction that passes itself), or for the one write
  of a callback that only reads through its handle (podkrepi's donation sync, round 23, borderline);
- at low confidence (`--show low`): a record built on the transaction's handle and saved by its own argument-less
  `save()` (`await manager.create(QuestionType, {...}).save()`): the active record writes through the default
  connection (helpme's question type, a real bug of holdout26);
- at low confidence (`--show low`): a write in a transaction's callback left without the transaction
  its siblings are handed, where the callback passes its handle to a write of the same kind: the
  same method on another record (`classe.save({ session: transaction })` beside
  `planDeTransport.save({ fromUser })` in `withTransaction(transaction, async () => ...)`) or
  another method of the same repository (`this.usersRepository.findOrCreatePendingByEmail(email,
  entityManager)` beside `this.usersRepository.findOrCreateByWalletAddress(address)`): it commits
  alone, and a rollback of the others leaves it (real bugs of holdout9, safe-client-gateway, and
  holdout11, service-national-universel). Low because the method may open its own transaction or
  carry the caller's implicitly; over thirty held-out applications (rounds 14-16) it asked nothing;
- at low confidence (`--show low`, not yet judged): writes in a transaction's callback that never names the transaction it was handed (`db.txIf(async
  (transaction) => { await saveDeployment(this.components, ...); await this.updateActiveEntities(...) })`, the callback's first parameter named like a
  transaction): each commits alone through another client (a real bug of holdout7, catalyst). Not for a callback with no parameter (a managed
  transaction passes itself), unless it is Prisma's `$transaction(async () => ...)`, which keeps nothing in context: its writes go through the outer
  client (supaglue's connection create, a real bug of holdout19); low because a transaction carried implicitly (continuation-local storage) needs no
  handle;
- at low confidence (`--show low`, not yet judged): writes between a transaction the function opens by hand and its commit that are not handed it
  (`const t = await sequelize.transaction()`, then `Note.destroy({ where })` with no `transaction: t`; a query runner's `startTransaction()`, then
  `this.tagsRepo.delete(id)` through the default repository, not `queryRunner.manager`), when the function ends that handle itself (`t.commit()`,
  `t.rollback()`, `rollbackTransaction()`): each commits alone, and a rollback leaves it (OpenPrep-AI's subject cascade delete and marxan-cloud's
  feature tag, real bugs of holdout24 and holdout21); low because Sequelize's continuation-local storage joins writes that do not name the handle;
- at low confidence (`--show low`, not yet judged): one SQL write run for each table of a list of two or more names the code holds
  (`tables.forEach(function (table) { ... query('DELETE FROM ' + table + ' WHERE uid = ?') })`, `for (const table of ['posts', 'comments'])`, a
  `.bind(this)` callback too) with no transaction in the function: a failure midway leaves some tables written (a real bug of issue 18; mostly one
  record's rows deleted across tables, which a retry finishes);
- at low confidence (`--show low`, not yet judged): rows read from a table (`const rows = await knex('monitoring_data').select(...)`, `(await
  prisma.participation.findMany(...)).map(...)`) and then updated one by one in a loop over them (`for (const row of rows) await
  knex('monitoring_data') .where(...).update(...)`, `Promise.all(rows.map(...))`; for SQL text, the `UPDATE` of the table the read selected `FROM`)
  with no transaction, where no two writes of the function are asked as a pair: a failure midway leaves part of the set changed (real bugs of
  holdout2, kener, and holdout8, wise-old-man); or a list the function is handed (a parameter or its field, `for (const id of input.userIds)`, a
  renamed field of one, `async ({ input: projectIds }) => ...`, `Promise.all(records.map(...))`) written once per element, a store write or a helper
  named for one (`await updateCoursePermissionsRole(...)`): the caller's bulk edit is half applied (BanManager, ffc-ahwr, PrairieLearn: holdout13-15;
  over four applications, one more: papermark's folders); an index loop over it too (`for (let i = 0; i < itemIds.length; i++)`: stacker.news'
  bookmark reorder, holdout18; over the index loops of four tuning applications nothing new); also through a `const` of the function holding it
  (`const input = req.body.assessments`) or filled from it in a `for ... of` (`rows.push(...)` per element of a parameter), and an imported
  helper judged by the write its body makes, not its object's name (`storage.createAssessment()` of a facade over repositories): real bugs of
  holdout24 (Clinical-Insight-Engine's bulk assessments) and holdout21 (treetracker-wallet-api's batch wallets), with `--tree`;
- at low confidence (`--show low`, not yet judged): writes through the project's own functions in another file, whose names say nothing of a write
  (`resolveInPlaceEdit({ db, ... })`, `subscriptionRepository.activate()` of `connection.getCustomRepository(SubscriptionRepository)`, an injected
  service's method) but whose bodies write the store, read one hop away (`ecosystem.helper_effects`, a barrel's re-exports followed once): two in
  sequence, or one beside a write of this file (autumn's plan items retired and then replaced, retro-board's subscription activated and then its user
  saved: holdout14 and 17); and one such call whose body deletes a set and then writes it again (`this.delete({ session })`, then `this.save(column)`
  per column): a failure after the delete leaves nothing in place. Not a helper that only reads, whose every write is an upsert or goes to a log,
  a cache or a queue, nor a call handed a transaction (`{ db: trx }`), nor writes on the handle its callback is handed (`withLock(k, async (tx) => ...)`);
- at low confidence (`--show low`, not yet judged): a statement prepared from SQL that writes (`const stmt = await db.prepare('INSERT INTO
  document_vectors ...')`) and run in a loop of the function that prepared it (`for (const v of vectors) stmt.run([...])`, `rows.forEach((r) =>
  stmt.run(r))`) with no transaction: a failure midway leaves part of the rows written, and SQLite commits each run on its own (a real bug of
  holdout9, vector-admin);
- at low confidence (`--show low`, not yet judged): a write in a Sequelize model hook (`User.addHook('afterCreate', fn)`, `User.afterCreate(fn)`,
  `hooks: { afterCreate: fn }`, in a file importing Sequelize) — a model write, or a helper named for making or changing records
  (`seedSystemTagsForUser(user.id)`) — when the callback neither names `transaction` nor reads the hook's options: the save that fired the hook may
  run in a transaction, the hook's writes are not part of it (and on SQLite wait on its lock; a real bug of issue 18);
- a transaction opened by hand (`query('BEGIN')`, a query runner's `startTransaction()`) and
  committed in the same function with no `ROLLBACK`/`rollback` anywhere in it, at medium
  confidence: when a statement in between throws, the connection stays in the transaction with its
  locks;
- a statement run on the same connection after the `COMMIT` of a transaction opened by hand, in the
  commit's own block (`await client.query('BEGIN'); ...; await client.query('COMMIT'); await
  client.query(insert)`), at medium confidence: it runs outside the transaction and the `ROLLBACK`
  in the `catch` undoes nothing (a real bug of issue 18; no finding on three tuning repositories that
  open transactions by hand);
- `BEGIN` and `COMMIT` sent to a connection pool itself (`pool.query('BEGIN')` on `new Pool()` of
  `pg`, `mysql.createPool()`), not to one client it checks out (`await pool.connect()`), at medium
  confidence: each query takes whichever connection is free, so the statements between autocommit.

Two writes with no transaction around them are low since round 26 (`--show low`): listed, 38% of 133
judged on held-out code were worth asking over rounds 15 to 26, 28% of 74 over rounds 21 to 26
(docs/confidence.md). Where a function has several pairs, the question names the first of these:

- preferred: writes tied by data flow or by what moves between them. A record made and then another
  written, its child, its link or its owner (`db.project.create()` then `db.client.create()`, a
  workspace then the member who can reach it, an invite's user then the invite marked used); the
  second using what the first returned (a template inserted `returning *`, then its first version
  with `templateId: template.id`); the rows that hang on a record rewritten after the
  record is changed by its key (`db.update(webhooks)...where(eq(webhooks.id, webhookId))` then
  `db.delete(webhookEvents).where(eq(webhookEvents.webhookId, webhookId))`, or by the record the
  update returned); a set deleted by a key and inserted again with that key (a document's values
  replaced: a failed insert loses the old ones); money or stock moved (a write whose helper, table
  or fields name a balance, credits, stock, an amount, a payout...); and two records of one table
  changed in place one after the other (a debit and a credit, an ownership passed on; not one row
  both filters name, `eq(task.id, taskId)`: a status claimed, then moved on; sim, round 25).
  Not when the first write is a helper known only by its name (`withdrawReferral()`, a
  `saveChargeVersion()` per uploaded row, `updateBalance()` twice): what it writes, and where, the
  code does not say (a remote API, a mapper named `update*`, a loop whose status is written after it,
  another database). Over every held-out round to 14 (round 14's builders, pools closed and test
  helpers now quiet), those pairs were worth asking 18% of 20 times (1 worth, 5 borderline, 14 not)
  and come after; the pairs preferred, a store write first, 69% of 58 on their judged rows re-run (33 worth, 14 borderline, 11
  not). Not a record made and then a delete (an archive copy, then the row it copies; a blacklist
  entry, then the rows it bans; the member, then the invitation): the safe order of a move, whose
  half-done state is both, which a retry or the next run finishes; worth asking 23% of 11 times
  over every held-out round to 15 (1 worth, 3 borderline, 7 not), low. Not a second write alone in
  a `try` (the first outside it) whose `catch` goes on, or with a `.catch((e) => ...)` of its own
  that neither throws nor returns (`await rating.save()`, then `prisma.rating.upsert(...)` copying it
  to Postgres with `.catch((e) => logger.error('replication failed', e))`): the author chose to keep
  the first write when the copy fails, and no transaction spans two databases; not worth asking 7 of
  7 times in round 17's replay of held-out history (bench/judged/replay/round17.csv), low, money or
  stock in its fields or not (an account's opening recorded in its activity log after the account,
  with its credit limit, is saved: onroutebc, round 18, not worth asking). Not two writes through
  repositories of one object a parameter brings, when the function names two or more of its
  repositories (`build(async ({ inputParams, uow }) => { await uow.conventionRepository.save(c);
  await uow.outboxRepository.save(event) })`): a unit of work, whose performer opens the transaction
  and builds every repository on it (immersion-facile's use cases, round 18: not worth asking 8 of 8,
  six listed), low, as the performer may run some outside one. Not a write through a NestJS provider
  whose method calls another service over HTTP and no store (`this.actionMiloRepository.save(a)`,
  where a module binds its `@Inject` token, or its type names, `ActionMiloHttpRepository`, whose
  `save()` posts to an API; read once from the project's files, one hop): no transaction of this
  database spans it (pass-emploi-api, round 18, not worth asking), low;
- then: a helper known only by its name first, a record made and then a delete, and the rest — a delete first (children before their parent: a retry finishes it), updates of two
  tables, a row made twice in one table (a seed in parts, a row and then its status), a run's log
  made when a batch starts and closed by its own key when it ends (`const run = await
  prisma.batchExecution.create({ data: { key, startedAt } })` ... `update({ where: { id: run.id }
  })`) beside the batch's writes that never use it (reva's payment batches, round 20: rows marked
  sent after an FTP upload, listed for the payment in their table's name, not worth asking twice;
  the log keeps a failed run's start, and no transaction takes the upload back), or by a key made
  before it and written into it (an importer's status record, `insertOne({ _id: importId, status:
  'pending' })` ... `updateOne({ _id: importId }, ...)`: api-apprentissage, round 21, twice not), the record a
  create made written again by its key (an import row, then its job id; a payment flow's provider
  id, `update(flow.id, ...)` after the provider call: beabee, round 23, not; a run made `processing`
  and then set `failed` by the key it was made with, even with credit figures in its fields), a diff (some rows deleted by
  id, others inserted: re-sending it converges), a write in a `catch` (it records or undoes a
  failure), a write made for each element of a loop that is over before the second runs, unless
  money or stock moves (a sync's items, then the folders it deletes; an import's items, then their
  tags: a batch in phases, which a retry or the next run finishes; joplin, round 12: four not worth
  asking, and ferdium's import of every service then every workspace, judged worth asking, now
  asked low), a counter written from a count of the first write's table (`Pool.update({ likes })`,
  `likes` from `PoolLike.count()`: the next write heals it), and a compensation: a `catch` around
  both, or an `if` on the second's result, deleting from the first one's table (`if (!saved.success)
  await db.delete(workflow)`; builder-server, round 24, sim, 25: not worth asking).

Not asked:

- writes around a transaction that do not feed it (a cleanup before it, a status set after it);
- a transaction anywhere in the function or around it: `prisma.$transaction`, `knex.transaction`,
  `sequelize.transaction`, `dataSource.transaction`/a query runner's `startTransaction`, Mongoose
  `startSession`/`withTransaction`, `db.transaction` (Drizzle), a project's `doInTransaction(fn)`,
  `BEGIN`/`START TRANSACTION`, a `@Transactional()` method (not one opened only in other `case`s of
  a `switch` than the writes': a webhook's handler per event type, unkey's, a real bug of holdout2); and a callback handed to a function of the project that opens a
  transaction around it, read where it is declared, one hop (`startKyselyTransaction(async () => {
  ... })`, imported from a module whose `startKyselyTransaction(cb)` returns
  `kysely.transaction().execute((trx) => storage.run({ transaction: trx }, cb))`): it keeps the
  transaction where the repositories find it without a handle (AsyncLocalStorage; zero-logement-vacant's
  controllers, round 20: four not worth asking). A function the project declares that opens none is
  no transaction, whatever its name (`recordTransaction(async () => ...)` of a ledger); one it does
  not declare (a package's, a method) is judged by its name's last word, `transaction`;
- writes on a transaction object (`tx`, `trx`, `t`, `session`, `queryRunner`...) or on what it
  handed out (`const repo = tx.getRepository(Label)`), with
  `{ transaction: t }`/`{ session }`/`{ tx }` options (or a transaction's name as an option's value:
  `{ client: trx }`; vao's `insertSvaTimer({ agrementId, tx })`, round 20, not worth asking) or
  `.session(s)`/`.transacting(trx)` on the chain;
- writes on a client or connection the caller passed in (`async function move(client, ...)`), or run
  with one (`insert('t').given(d).execute(connection)`, Objection's `Model.query(trx)`), or its SQL
  tag (postgres.js's `` sql`...` `` in `f(sql: PgSqlClient)` or a closure there; round 25, five not
  worth asking): the caller owns the transaction. Not a parameter typed as the whole Prisma client (`client: PrismaClient`, a
  project's `ExtendedPrismaClient`): Prisma's transaction client cannot be passed as one, so no
  caller's transaction reaches its writes, which are asked like any others (a real bug of holdout8,
  managed-care-review: a question's response made, then the rate's date moved, on the bare client);
- a method of a class built on the client it is handed (`constructor(private db: Database)`) whose
  every caller in the project builds it on a transaction's client (`opts.db.transaction(async (tx) =>
  { const repo = new GraphRepository(tx, orgId); await repo.move(m) })`), when its writes go through
  that client (`this.db.insert(...)`, or a repository built on it): they commit with the caller's
  transaction. The callers are read once from the project's files (one hop: a caller's callers are
  not followed) when files are audited whole or a staged file declares such a class; one caller on
  the bare client (`new GraphRepository(opts.db, orgId)`), or a method with no caller found, is still
  asked (cosmo's repositories, round 12: three not worth asking quiet, its two worth kept);
- a function every use in the project hands to a transaction call, when its writes go through what
  it is handed: trackdechets' repository builders (`export function buildCreateBsff(deps) { return
  async (args) => { const { prisma } = deps; ... } }`), named only in `useTransaction(buildCreateBsff)`,
  whose wrapper calls them with the transaction's client, and a builder such a one calls with its
  own client (`buildUpdateBsff(deps)`). Read with the callers above; one other use (a call on the
  bare client) keeps them asked, and a write on an imported client still is (round 14: five not
  worth asking quiet);
- two writes of one record: a status set before some work and after it (`run.update()` twice on a
  loaded record, `prisma.job.update({ where })` twice with the same `where`, `updateJobById(id, ...)`
  twice with the same id, a query chain's `update` twice with the same filter:
  `supabase.from('accounts').update(v).eq('id', id)`, `db.update(t).set(v).where(eq(t.id, id))`):
  each write is a state of that record, and no other record disagrees with it. Two records of one
  table (a debit and a credit), and an update of every row, are still asked;
- two helpers known only by their names that move no money or stock (`updateDeploymentStatus()`
  then `updateApplicationStatus()`, `deleteLoopsContact()` then `deletePosthogUser()`): they may
  write to other services, or set a status;
- an upsert first (`prisma.user.upsert(...)` then `prisma.membership.create(...)`), an insert
  that settles its conflict (Drizzle `.onConflictDoNothing()`, knex `.onConflict().merge()`,
  `{ upsert: true }`, `{ skipDuplicates: true }`, `{ onConflictDoNothing: true }`, SQL
  `ON CONFLICT`/`ON DUPLICATE KEY`), a helper named for an upsert (`this.pageService.upsertPage()`),
  or a create that runs only where a lookup found nothing (`if (!member) await Member.create(m)`,
  `if (existing) ...; else await Role.create(r)`, a get-or-create: `if (!event) event = await
  prisma.event.create(...)`), or a NestJS provider's method that is one (`this.addressService.save(a)`
  where `AddressService.save` returns what its lookup found, or saves by its key, `{ id: found?.id }`;
  read one hop away with the providers that call out: vao, round 20, gamevault, 24, not worth asking):
  running it all again finds it done and goes on; and two `updateMany` sweeps of one table by
  filters (a cron publishing due posts and expiring old drafts);
- writes that cannot both run: the two sides of an `if`/`else`, a ternary or a `switch`, a `try` and
  its `catch`, a block that returns or throws before the second write (an `if` branch, a `catch`) or
  `continue`s to the next element, and consecutive
  `if (x === 'a')`/`if (x === 'b')` blocks;
- `destroy()` with no arguments on a data source, a Knex instance or a model class
  (`AppDataSource.destroy()`, `knex.destroy()`): it closes the connection pool (Sequelize's
  `Model.destroy()` needs a `where`; a record's `record.destroy()` is asked);
- an entity made in memory, by the library its receiver is bound to (`ecosystem/entities.py`):
  TypeORM's `this.toponymesRepository.create(data)` and `manager.create(User, data)`, MikroORM's
  `em.create(User, data)`, Sequelize's `Model.build()`; they write nothing until a `save()` or a
  `flush()` (mes-adresses-api, round 17: a create and the save of what it built, judged not worth
  asking). Prisma's, Sequelize's and Mongoose's `create` write, and are asked;
- writes to caches, logs and audit logs, queues and jobs, email and notifications, files and object
  storage, search indexes, cookies and sessions (`not_stores`): if one of those fails the data is
  still consistent; but a model of the database client named for jobs (`prisma.repoIndexingJob`,
  `this.db.job`) is a table holding the job's state, and is asked;
- writes in different functions: each callback (`items.forEach(async (i) => ...)`, a route's handler)
  is its own function, but not a callback of `xs.map()` handed to `Promise.all`, which runs in the
  function like a loop's body (`Promise.all(input.commits.map((cid) => pool.query(sql`INSERT ...`)))`
  after the version it belongs to was inserted: graphql-hive, a real bug of holdout10);
- UI code (components, `'use client'`, browser globals): each call is a request, and the server
  owns the transaction;
- seed files, migrations and files under `scripts/`.

Bad:

```js
async function transferMoney(from, to, amount) {
  await prisma.account.update({ where: { id: from }, data: { balance: { decrement: amount } } });
  await prisma.account.update({ where: { id: to }, data: { balance: { increment: amount } } });
}
```

Good:

```js
async function transferMoney(from, to, amount) {
  await prisma.$transaction(async (tx) => {
    await tx.account.update({ where: { id: from }, data: { balance: { decrement: amount } } });
    await tx.account.update({ where: { id: to }, data: { balance: { increment: amount } } });
  });
}
```

Answer it in code when a partial write is harmless or repaired elsewhere:

```js
// vcx-ignore missing-transaction -- the nightly reconcile job recomputes link counters
await prisma.link.update({ where: { id }, data: { sales: { increment: 1 } } });
```

Names the configuration can extend (`[checks.missing-transaction]`):

- `data_receivers`: words in a receiver path that mark the data layer (`prisma`, `db`, `repository`...);
- `write_methods`: ORM/driver methods that write;
- `record_write_methods`: methods that write a loaded or new record (`save`, `update`, `destroy`...);
- `write_helpers`: first words of helper names that say they write (`update`, `debit`, `credit`...);
- `data_layer_helpers`: first words of method names that write when the method is on an object the
  project's data layer exports (`create`, `set`, `add`, `remove`);
- `not_stores`: words of receivers and helpers that are not the data store (`cache`, `log`, `queue`...);
- `transaction_calls`: calls that open a transaction (`$transaction`, `transaction`, `withTransaction`...);
- `transaction_names`: names of transaction objects (`tx`, `trx`, `session`...);
- `sql_runners`: calls that run SQL text (`query`, `execute`, `$executeRaw`...).
"""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.missing_transaction import bypassed
from vcx_hook.checks.missing_transaction import caller_lists
from vcx_hook.checks.missing_transaction import half_made
from vcx_hook.checks.missing_transaction import grouped
from vcx_hook.checks.missing_transaction import hooks
from vcx_hook.checks.missing_transaction import imported
from vcx_hook.checks.missing_transaction import per_table
from vcx_hook.checks.missing_transaction import prepared_loops
from vcx_hook.checks.missing_transaction import early_commit
from vcx_hook.checks.missing_transaction import own_runners
from vcx_hook.checks.missing_transaction import own_saves
from vcx_hook.checks.missing_transaction import pooled_begin
from vcx_hook.checks.missing_transaction import unhanded
from vcx_hook.checks.missing_transaction import unrolled
from vcx_hook.checks.missing_transaction import unused_handle
from vcx_hook.checks.missing_transaction import unused_manual
from vcx_hook.checks.missing_transaction.candidates import runner_keys
from vcx_hook.checks.missing_transaction.candidates import sql_write_literal
from vcx_hook.checks.missing_transaction.candidates import write_call_in
from vcx_hook.checks.missing_transaction.outside import outside_write
from vcx_hook.checks.missing_transaction.sequence import sequences
from vcx_hook.checks.missing_transaction.transactions import callers_own
from vcx_hook.checks.missing_transaction.transactions import handed_own
from vcx_hook.checks.missing_transaction.transactions import other_cases
from vcx_hook.checks.missing_transaction.transactions import transactional
from vcx_hook.checks.missing_transaction.transactions import with_wrappers
from vcx_hook.config import Config
from vcx_hook.ecosystem import stores
from vcx_hook.finding import Finding
from vcx_hook.finding import LOW
from vcx_hook.finding import MEDIUM
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope

ID = 'missing-transaction'
QUESTION = 'If the second write fails, what state is the data left in?'
# Listed, not blocking, until a shape is worth asking 80% of the time held out (docs/confidence.md); two
# writes with no transaction around them are low (half_made.CONFIDENCE: 38% of 133 held out).
CONFIDENCE = MEDIUM
SUMMARY = 'two related writes in sequence with no transaction around them'
# Executed calls are found from the names of writes (`executed_calls`), not by a query walk.
QUERY = ''
NAMES = {
    # Words in a receiver path that mark the data layer (`prisma.user`, `this.userRepository`).
    'data_receivers': stores.WRITE_RECEIVERS,
    # ORM/driver methods that write.
    'write_methods': stores.WRITE_METHODS,
    # Methods that write a loaded or new record: `user.save()`, `order.destroy()`.
    'record_write_methods': stores.RECORD_WRITE_METHODS,
    # First words of helper names that say they write: `updateBalance`, `debit`, `saveOrder`.
    'write_helpers': stores.WRITE_VERBS,
    # ... and, on an object the project's data layer exports, these too: `dbAdapter.setUserAdminRole()`.
    'data_layer_helpers': stores.DATA_LAYER_VERBS,
    # Words of receivers and helpers that are not the data store (a failed second write there
    # leaves the data consistent): caches, logs, queues, email, files, UI state.
    'not_stores': stores.NOT_TRANSACTIONAL,
    # Calls that open a transaction (anywhere in the function, or around it as a callback).
    'transaction_calls': stores.TRANSACTION_CALLS,
    # Names of transaction objects: writes on them are inside a transaction.
    'transaction_names': stores.TRANSACTION_NAMES,
    # Calls that run SQL text.
    'sql_runners': stores.WRITE_SQL_RUNNERS,
}


def relevant(scope: Scope, config: Config) -> bool:
    """A call in the scope that ``write_label`` takes for a write, found from the names of the
    three write lists (any case: helper names are split into lower-case words); or a SQL runner's
    name in the scope with a literal in the file that starts with a SQL write (the runner's
    argument may be a ``const`` held elsewhere); or a ``commit`` in the scope (``unrolled``); or a
    Sequelize hook's name in a file importing Sequelize (``hooks``); or a transaction call, whose
    callback's writes are known by their names' words (``unhanded``)."""
    names = own_runners.with_own(scope.file, config.names[ID])
    runners = runner_keys(names['sql_runners'])
    lower = scope.file.lower
    opened = (
        scope.file.memo(f'{ID}:sql-write', sql_write_literal)
        and any(lower.find(r, a, b) != -1 for r in runners for a, b in scope.ranges)
    ) or write_call_in(scope, names) or unrolled.possible(scope) or hooks.possible(scope) \
        or unhanded.possible(scope, names) or imported.possible(scope, config.helper_effects)
    return opened and not s.is_ui_file(scope.file)


def run(scope: Scope, config: Config) -> Iterator[Finding]:
    if s.is_ui_file(scope.file):
        return
    names = with_wrappers(own_runners.with_own(scope.file, config.names[ID]), config.transaction_wrappers)
    for begin, message, evidence, confidence in pooled_begin.opened(scope, names):
        yield scope.finding(begin, ID, message, QUESTION, evidence=evidence, confidence=confidence)
    for statement, begin, commit in early_commit.find(scope, names):
        yield scope.finding(
            statement, ID,
            f'`{s.normalized(statement, 40)}` runs after the commit on line {commit.start_point.row + 1}: outside '
            f'the transaction the begin on line {begin.start_point.row + 1} opened, so a rollback cannot undo it',
            QUESTION, evidence=(begin, commit), confidence=early_commit.CONFIDENCE,
        )
    for write, tables, loop in per_table.find(scope, names):
        yield scope.finding(
            write, ID,
            f'`{s.normalized(s.callee(write) or write, 30)}()` writes once per table of `{tables}` (line '
            f'{loop.start_point.row + 1}) with no transaction: a failure midway leaves some tables written',
            QUESTION, evidence=(loop,), confidence=per_table.CONFIDENCE,
        )
    for run_call, loop, prepare in prepared_loops.find(scope, names):
        yield scope.finding(
            run_call, ID,
            f'`{s.normalized(s.callee(run_call) or run_call, 30)}()` runs the write prepared on line '
            f'{prepare.start_point.row + 1} once per element (line {loop.start_point.row + 1}) with no transaction: '
            'a failure midway leaves part of the rows written',
            QUESTION, evidence=(loop, prepare), confidence=prepared_loops.CONFIDENCE,
        )
    for write, hook in hooks.find(scope, names):
        yield scope.finding(
            write, ID,
            f'`{s.normalized(s.callee(write) or write, 40)}()` writes in the `{hook}` hook without its '
            "`options.transaction`: outside the save's transaction, which a rollback does not undo",
            QUESTION, confidence=hooks.CONFIDENCE,
        )
    for write, message, evidence in (*unhanded.find(scope, names), *own_saves.find(scope, names)):
        yield scope.finding(write, ID, message, QUESTION, evidence=evidence, confidence=LOW)
    by_owner = grouped.by_owner(scope, config, names)
    in_callbacks = sorted((w for _, found in by_owner.values() for w in found.values()), key=lambda w: w.node.start_byte)
    asked: set[int] = set()
    for write, tx, handle in bypassed.find(in_callbacks, names):
        asked.add(tx.start_byte)
        yield scope.finding(
            write.node, ID,
            f'`{write.label}` writes through `{s.dotted(s.receiver(tx))}`, not the transaction\'s `{handle}` '
            f'(line {tx.start_point.row + 1}): it commits alone, a rollback leaves it',
            QUESTION, evidence=(tx,), confidence=bypassed.CONFIDENCE,
        )
    for write, tx, handle in unused_handle.find(in_callbacks, names):
        if tx.start_byte not in asked:
            yield scope.finding(write.node, ID, unused_handle.message(write, tx, handle), QUESTION, evidence=(tx,),
                                confidence=unused_handle.CONFIDENCE)
    for owner, found in by_owner.values():
        if (manual := unused_manual.ask(scope, owner, found.values(), ID, QUESTION)) is not None:
            yield manual
            continue
        apart = other_cases(scope, owner, found, names) if transactional(scope, owner, names) else None
        if apart is not None:
            outside = outside_write(scope, owner, sorted((w for k, w in found.items() if k not in apart),
                                                         key=lambda w: w.node.start_byte), names)
            if outside is not None:
                write, tx = outside
                yield scope.finding(
                    write.node, ID,
                    f'`{write.label}` (line {write.node.start_point.row + 1}) writes outside the transaction '
                    f'`{s.callee_path(tx)}()` (line {tx.start_point.row + 1}) opens for the other writes',
                    QUESTION, evidence=(tx,), confidence=LOW if write.named_only or write.via else MEDIUM,
                )
            if not apart:
                continue
            found = apart  # a switch's cases the transaction is not in: asked as if none were open
        if callers_own(owner, found.values(), config.transaction_callers) \
                or handed_own(owner, found.values(), config.transaction_handed):
            continue
        ordered = sorted(found.values(), key=lambda w: w.node.start_byte)
        picked = half_made.pick(sequences(ordered)) if len(found) > 1 else None
        if picked is None:
            replaced = imported.replacing(ordered, scope.file, config.helper_effects, names)
            if replaced is not None:
                yield scope.finding(replaced[0].node, ID, replaced[1], QUESTION, confidence=imported.CONFIDENCE)
                continue
            for write, evidence, message in caller_lists.per_element(ordered, owner):
                yield scope.finding(write.node, ID, message, QUESTION, evidence=evidence, confidence=caller_lists.CONFIDENCE)
        else:
            first, second = picked
            yield scope.finding(
                second.node, ID,
                f'`{first.label}` (line {first.node.start_point.row + 1}) and `{second.label}` '
                f'(line {second.node.start_point.row + 1}) write with no transaction around them'
                f'{imported.where_written(first, second)}',
                QUESTION, evidence=(first.node,), confidence=half_made.CONFIDENCE,
            )

