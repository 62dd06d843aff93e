"""race-condition: a read and a dependent write with room for another request in between.

With one user in development, every request finishes before the next starts. In production two
requests interleave at every `await`: both read `views: 10` and both write `11`, both find no user
with that email and both create one, both see the coupon unused and both redeem it, both see one
ticket left and both buy it. Nothing fails; the numbers are just wrong, and it cannot be reproduced
on a laptop.

Asked in a touched server function (UI files are left alone) for:

- read-modify-write: a record read from a database, cache or file (`findUnique`, `findById`,
  `redis.get`, `fs.readFile`, a `getX()`/`loadX()` helper, or the object's own `this.getBalance()`
  whose method in the class reads a store) and written back computed from what was read — arithmetic
  (`post.views + 1`, `balance - amount`), an array spread or `concat`, directly, via a local, a local
  moved in place (`balance += amount; await this.saveBalance(balance)`), or by mutating the document (`product.stock -= 1`)
  and calling `save()`. The message names the write, the expression and the read's line;
- check-then-act: a single-record read or a count (`findUnique`, `findOne`, `exists`, `count`,
  `redis.get`...; a Redis set's size, `zcard`/`scard`/`llen`, added to with `zadd`/`sadd`/`rpush` at
  low: odota's login pool refill, a real bug of holdout13) tested in an `if`, then a create on the same model or store (`create`, `insert`,
  `save` of a new document, `set`) inside the `if` or after it returns/throws, awaited or returned for
  the caller to await (`return this.repo.save(row)`); and a status or flag checked and then set to a new value (`status: 'paid'`, `redeemed: true`) when the function then
  does something that costs to do twice (charge, send, payout, grant, create...); also rows read
  earlier searched in memory for the record (`rows.find((r) => r.key === key)`, `rows.some(...)`)
  and created when it is missing, a store reached by key (`ctx.db[listKey].count()`), and the one store a module's own
  data helper reads, writing nothing (`getActivationRequest(venueId)` returning `prisma.x.findFirst(...)`, then
  `prisma.x.create(...)`: avoqado-server's delivery activation, a real bug of holdout24). A client
  that names its table first is read by that name (`db.findFirst('consent', ...)`, then
  `tx.create('consent', ...)` in `db.transaction(async (tx) => ...)`: a check outside the
  transaction, the create inside, at low confidence; c15t's POST /subjects, a real bug of holdout8);
  a check inside a transaction's callback read through the client that opened it instead of the
  transaction it handed the callback (`prisma.$transaction(async (tx) => { await
  prisma.user.findFirst(...); ...; await tx.user.create(...) })`) is outside the transaction and
  asked like one with none (RecipeSage's registration, a real bug of holdout14); a check and its
  act both inside a transaction that takes no lock (no `FOR UPDATE`, `forUpdate()`, `lock:`,
  serializable isolation or advisory lock) at low confidence: under read committed both read before
  either writes, and a Mongo session's transaction lets two inserts of one key commit (not its
  updates of one document, which conflict, nor Firestore's `runTransaction`, which retries; AFFiNE's
  snapshot upsert and hawk's release documents, real bugs of holdout10 and holdout13);
  a SQL `SELECT` run by a runner (`client.query(...)`) tested by how many rows came back
  (`existing.rows.length > 0`, `rowCount`), then an `INSERT INTO` its table, at low confidence; an
  upsert settles it when the body does one, not when the function's name says one
  (`upsertStepData`: SparkyFitness' step sync, a real bug of holdout13);
- a number computed from a count (`count + 1`, also added to the awaited count itself: `(await
  db.ticket.count(...)) + 1`, through `String()`, `padStart()`, templates and locals) and stored by
  a create: two requests store the same invoice number or position;
- rows selected by a named state (`where: { status: 'pending' }`) and then updated by their ids to a
  new state (`where: { id: { in: rows.map((r) => r.id) } }, data: { status: 'hold' }`) without
  repeating it: a row that changed state in between is written anyway;
- a delete and a write of the same store and key started together in `Promise.all`: the delete can
  remove what the write made;
- a file read and written back in a promise chain (`loadFile(p).then((data) => { ...;
  return writeFile(p, JSON.stringify(obj)); })`) with what was read: two calls both read it before
  either writes (not asked when the chain waits on the previous write, or under a lock);
- low confidence (`--show low`): a temp file named only after its target (`${path}.tmp`, `path +
  '.$$$'`) moved onto it with `fs.rename`/`fs-extra` `move` (with or without an `await`): two
  concurrent writes of the same path share the temp file (not asked with a unique part, a lock, or a
  per-path lock map, nor when it is written and moved synchronously, `writeFileSync` then
  `renameSync` with nothing in between that yields). Low: worth asking 7% of 7 times on held-out
  code (a build script, startup and single-threaded writers, callers passing unique paths);
- a loaded record writing one of its own fields back moved from the value it holds
  (`this.$query().patch({ count: this.count + 1 })` in a model's method, `user.update({ credits:
  user.credits - cost })`): the value is the one loaded earlier, by this request or another; and at
  low confidence (`--show low`, not yet judged), one field written by name through a key-value call
  with a value moved from the record's own field (`storage.setField(id, 'dl', meta.dl + 1)`,
  `redis.hset(key, 'views', post.views + 1)`, also through a local): the record was read earlier,
  here or by a middleware (a real bug of issue 18);
- module-level mutable state (`let` at the top of the file, or a top-level object, array or map
  mutated) read before an `await` and written after it inside an async request handler — either a
  stale copy written back (`const n = counter; await x(); counter = n + 1`) or a check whose act comes
  after the await (`if (left > 0) { await charge(); left -= 1 }`); not in an AWS Lambda's exported
  `handler(event, context)`, run one event at a time per environment (round 26's sst build runner);
- low confidence (`--show low`): a module-level `let` that functions assign per call (`options =
  common.getOptions(req)`), given this call's values field by field (`options.url = base +
  '/v1/graph/node/' + peer.pub_key`) and then handed to an asynchronous call (`return
  request(options).then(...)`, `await fetch(url, options)`): every call of every request shares the
  one object, and a concurrent call sets its own `url`, body or credentials in between (a real bug
  of issue 18; a copy per call, `{ ...options, url }`, or a local `const` keeps them apart). Not a
  `const`, a `let` set only at the top level, or a name a parameter or local shadows. Low: over
  seventeen applications it asked only in RTL, in each of its 66 controller functions of that shape;
- low confidence (`--show low`): a record read by one store call, handed to a checking helper in an
  `if` (`if (!(await validateTakeBuyOrder(ctx, user, order))) return;`: the helper tests its
  status), then moved to a new state on the loaded instance (`order.status = 'WAITING_PAYMENT'`)
  and saved whole (`await order.save()`): two requests that loaded it before either saved both pass
  the check and both take it (a real bug of issue 18; a conditional update, `findOneAndUpdate({ _id,
  status: 'PENDING' }, ...)`, checks and moves in one step). Low: not yet judged; over seventeen
  applications (Mongoose, TypeORM, Sequelize among them) it asked nothing else;
- low confidence (`--show low`): a record looked up by a data helper of an object
  (`this.db.getPlaybackSession(id)`, `tempbans.findExistingTempbanForUserId()`, `yield
  store.getMatrixPmRoom()` in a coroutine) or asked whether it exists (`hasPackageVersionFiles()`),
  tested for absence (also by an `if (!user) { ... } else { ... return }` whose branch for a found
  record leaves, then the create after it: communities' registration, a real bug of holdout12),
  then made by a helper about the same record by the nouns of the names or the
  create's first string (`insertEntity('session', ...)`, `addTempban()`, `createRoom()`,
  `syncPackageVersionFiles()`) where it is missing; also a bare `insert`/`create` of the object
  the lookup asked (`EntityService.getNull()`, then `EntityService.insert()`), and a `let` assigned
  the lookup and then, where it is empty, what a function named for making it returns (`customer =
  await CusService.getByIdOrInternalId(...)`, `if (!customer) customer = await
  handleCreateCustomer(...)`: autumn's entity and customer get-or-create, real bugs of holdout14); not asked for list lookups (`getRoles`),
  writes where the record was found, another record made, or under a lock, an upsert or a handled
  unique violation. Low because few judged (2 on tuning applications, 1.5 worth asking);
- low confidence (`--show low`): a Redis hash, set, list or sorted set counted (`hlen`, `scard`,
  `llen`, `zcard`), found empty and deleted in another round trip (`if (remaining === 0) await
  redis.del(roomKey)`, or after `if (n > 0) return`): a member another request adds between the count
  and the delete goes with it (a real bug of issue 18). Not asked under a script (`eval`), a
  `MULTI`/`WATCH` or a lock, or for a delete of another key. Low: not yet judged;
- low confidence (`--show low`): a lock made by hand with Redis `setnx(key, token)` whose token is
  only a time and is handed back to the holder (`const token = `${Date.now() + ttl}`; ...; return
  token`: two callers in one millisecond hold the same token, and an unlock that compares it frees
  the other's lock; a real bug of issue 18), or, for a key or function named for a lock, whose expiry
  comes in a separate `expire` call (a crash between them leaves a lock nobody can take). Not asked
  for a token with a random, unique or owner part, or a `setnx` that keeps a value and is no lock.
  Low: not yet judged;
- low confidence (`--show low`): a member of a long-lived object (`this.clients`, `this.numbers[id]`,
  a class's static `Reranker.#model`) tested in an `if` and set only after an `await` or in a `.then`
  callback that follows (`if (this.clients.has(team)) return; const c = await start(); this.clients.set(team, c)`),
  or a naive queue (`if (this.lastOp) await this.lastOp;`, set after another wait: passport, holdout22), also
  in browser code for a service's class (`ApiClientContextService`, `...Manager`, `...Store`; requestly):
  concurrent calls all pass the test and each starts the client, loads the model or takes the same
  number. Not asked when the member (or a pending promise, a lock) is set before the wait, when the
  write clears it (`null`), in ORM record classes (`extends Model`), or for members named like caches.
  Low: most such members cache an idempotent value (4 real bugs in holdout2/3; 3 of 25 judged worth);
- low confidence (`--show low`): a row read (also by a query builder's chain awaited as it is,
  `await knex('user_stats').where('user_id', id)`, or its first row, `const stats = res[0]`), one
  of its fields moved in JavaScript (`stats.posts += 1`, or `stats[name] = val` after `let val =
  parseInt(stats[name]); val += 1`) and the whole row handed back to a write (`...update(stats)`):
  a concurrent update of the row is lost (a real bug of issue 18, freefeed-server). Not asked in a
  transaction, under `FOR UPDATE` or a lock, or when no number moved. Low: not yet judged;
- low confidence (`--show low`), check-then-act in SQL text: a single-row `SELECT ... FROM t`
  (`db.oneOrNone`, `LIMIT 1`) tested in an `if`, then an `INSERT INTO t` of the same table run by
  a SQL runner (`db.none`, `db.query`, `pool.query`): two consumers both miss the row and both
  insert it (a real bug of issue 18, crowd.dev). Not asked for an insert into another table, an
  `ON CONFLICT`/`INSERT IGNORE`/`WHERE NOT EXISTS` insert, or under a lock (a Redis `SET NX`,
  `setIfNotExists`, counts as one). `await db.oneOrNone<Row>(sql)` (a call with type arguments,
  which the TypeScript grammar parses with the `await` inside the call) is read like any awaited call;
- check-then-act where the create is a record built with `new` and saved (`const pp = new
  PendingPayment({ ... }); await pp.save()`: a create of `PendingPayment`, after
  `PendingPayment.findOne(...)` found none; lnp2pBot's earnings withdrawal, a real bug of
  holdout5), at the confidence of the same check before `PendingPayment.create()`; and, at low
  confidence (`--show low`), a lookup and a create of one record in one expression (`(await
  findUser(email)) ?? (await createUser(email))`, `await User.findOne(q) || await User.create(q)`:
  helpers about the same noun, or one receiver): two requests both miss and both create (freeCodeCamp
  chapter's first login, holdout7). Over thirty held-out applications (rounds 14-16) they asked
  once, listed: eagle-api's sign-up of a project's advisory-committee member, checked by e-mail
  then saved and welcomed by mail (worth asking);
- low confidence (`--show low`), check-then-insert through a query builder: rows of a table
  selected by a builder chain (Drizzle's `db.select().from(volunteers).where(...).limit(1)`,
  Kysely's `db.selectFrom('members')...`), found empty in an `if` (`if (rows.length > 0) return
  rows[0]`, `if (!member) { ... }`), then a row inserted into that table by the same client
  (`db.insert(volunteers).values(...)`, `db.insertInto('members')`) where none was found: two
  requests both find none and both insert (a real bug of holdout8, talawa-api). Not asked for an
  insert that settles its conflict (`onConflictDoNothing()`), in a transaction, under a lock, with a
  unique violation handled, or setting a unique key its migrations declare (Kysely's `.addColumn('link',
  'text', (c) => c.unique())`: round 26's oyster). Low: a unique index the tool cannot see settles many;
- low confidence (`--show low`): a record's state checked outside a transaction and set inside the
  transaction's callback that the function opens (`if (existing.revokedAt) return; await
  transaction(async (trx) => { const pair = await insertTokenPair(trx, ...); await
  Token.query(trx).findById(existing.id).patch({ revokedAt: now }) })`), with something costly
  made in that callback before or after the write: the transaction does not cover the check, and
  two requests both pass it (a real bug of issue 18, argos). objection is known here: `patch` writes,
  `withGraphFetched` is the same query, `Model.query()` is the model's store, a data-first write
  repeats the check in its chain (`.whereNull('revokedAt').patch(...)`), and `UniqueViolationError`
  settles a duplicate. Low: not yet judged;
- low confidence (`--show low`): a record of a key-value store merged and put back under its key
  (`const item = await this.get(id) ?? {}; const value = this.getUpdatedValue(item, update);
  await this.put(id, value)`, or `{ ...item, ...update }`): the same receiver, the same key, the
  value made from the awaited get. Two updates of one key both read the old record and the later
  put drops the fields the other merged in (a real bug of holdout9, hop-node's LevelDB
  TransferRootsDb.update). Not asked under a lock (`runExclusive`, a mutex) or in a transaction,
  nor for a get that is not awaited (a `Map`). Low: not yet judged. The same for a record a
  data-access object's read helper returns (`const instance = await
  candidateDeciderDao.getInstance(uuid)`, a receiver named dao, repository, store or db) spread
  into a new record (`{ ...instance, candidates: ... }`) and handed whole to the same object's
  write helper about the same noun (`candidateDeciderDao.updateInstance(updated)`): idol's
  Firestore document, a real bug of holdout12;
- low confidence (`--show low`): a module-level `let`/`var` that a factory sets from its parameter
  (`module.exports = function (allowedCards) { allowed = _.clone(allowedCards); return { checkCard
  } }`) and that a function the factory returns reads (`checkCard` filters `allowed`): each call
  makes a new object, but every object reads the one variable the latest call set, so a request
  checks against another request's values (a real bug of holdout9, pay-frontend's card model). Low, not yet
  judged. Not a value cached once (`if (!x) x = await load()`), but an object constructed after that `await`
  (`agent = new Agent()`) is (`lazy_singletons`: two first calls make two, one left open; holdout23);
- low confidence (`--show low`): an array field of a record read from a store or by a read helper
  (`const team = await this.fetchTeam(teamId)`) grown in JavaScript (`team.event_names.push(event)`)
  and then handed whole to a write (`UPDATE posthog_team SET event_names = $1 ...` with
  `JSON.stringify(team.event_names)`, `teams.update(id, { event_names: team.event_names })`): two
  workers each append their entry and the later write drops the other's (a real bug of holdout9,
  PostHog plugin-server); or the record itself saved (`await box.save()`, `repo.save(box)`: porybox's
  Waterline boxes, holdout13), not in a project on Mongoose, whose documents save a push as an atomic
  `$push`. Not asked under a lock or in a transaction. Low: not yet judged;
- low confidence (`--show low`): read-modify-write of a document in two forms the first question
  does not follow: the record a single-record read hands to its node-style callback
  (`Incident.findById(id, function (err, incident) { ... })`), or a field moved through a local
  taken from it (`let total = incident.totalReports; total = total + 1; incident.totalReports =
  total`), then the document saved (`incident.save()`): two callers both move the value they
  loaded and the later save drops the other's change (aggie's report count kept in a model-event
  listener, a real bug of holdout12). Not asked under a lock, in a transaction or beside a `$inc`.
  Low: not yet judged;
- low confidence (`--show low`): a function a scheduler runs (`new CronJob(spec, onTick)` of
  `cron`, `cron.schedule(spec, fn)` of `node-cron`, `scheduleJob` of `node-schedule`, `new Cron` of
  `croner`, `setInterval(fn)`, a poll that re-arms itself with `setTimeout(start, ms)`) reads the
  items to work on (`const pending = await doiService.getPendingSubmissions()`) and hands each to
  awaited work (`asyncMap(pending, async (job) => { await markRegistered(job) })`) with nothing
  that claims them (a lock, `FOR UPDATE SKIP LOCKED`, a leader): every replica of the service runs
  the schedule, so two of them do the same items twice (desci-labs' DOI queue mailed each owner
  once per replica, a real bug of holdout13). Low: a service run as one process answers it.
- low confidence (`--show low`, `listed_saves`): each row of a list read (`const due = await
  Reminder.find({ active: true })`) moved in place in a `for ... of` over it and saved
  (`reminder.remaining -= 1; await reminder.save()`): asked like one record's read-modify-write
  (lnp2pBot's scheduled orders, a real bug of holdout5). Over shelf.nu, dub, audiobookshelf,
  lnp2pBot and cgm-remote-monitor it asked once more (lnp2pBot's payment retries, `pending.attempts++`
  in a job: worth asking where two runs overlap). Low: a job run by one process answers it.
- low confidence (`--show low`, `limit_checks`): an amount read from a store compared with a limit
  in an `if` that returns or throws (`if (memberCount >= quota.memberLimit) throw`, `const full =
  request.filled >= request.quantity; if (full) return`), then an awaited write that uses it up
  (`create`, `grant`, `update`, `increment`...): two requests read the same amount under the limit
  and both act (AFFiNE's invite, shelf.nu's model requests: real bugs of holdout10 and holdout3). A
  transaction alone does not hold the row; not asked under a lock, `FOR UPDATE` or serializable
  isolation. Low: not yet judged; over shelf.nu, dub, audiobookshelf, lnp2pBot and
  cgm-remote-monitor (1.2 MLOC) it asked 15 times (0.01 a kLOC), 13 of them plan limits in dub
  (tags, domains, tokens, groups, invites per workspace), each a real way past the limit by
  concurrent requests.
- low (`effect_responses`), in browser code: a React effect with dependencies writing a server's answer into state with no cleanup or ignore flag.

How sure: every question is low (`--show low`; docs/confidence.md): listed, the family was worth
asking 29% of 38 times held out over rounds 15 to 27 (5 worth asking, 12 borderline, 21 not), 19%
of 8 over rounds 25 to 27, no template listed five times at 40% (`bench/judged/shapes.py --check
race-condition`). What makes a question wrong (start-up work, an unseen unique key, a user's own
double click) is mostly not in the function. The split the shapes had until round 28:

- a record's existence checked before a create (`findFirst` then `create`, `redis.exists` then
  `set`) is listed when the function also does something outside the store that a second request
  repeats: a call of a payment, mail or text-message client (`stripe.customers.create()`), or a send,
  charge, grant, publish, or a project's own create that is no store call (`sendInvitationEmail()`,
  `CreateTask()`), before the act or after it. The message names it ("and both run
  `stripe.customers.create()`"). Judged (bench/judged, the 68 race-condition rows re-run on their
  files): 7 such findings, 79% (4 worth, 3 borderline; held-out 3, 83%);
- without one it is low: 31 judged, 15% (no worth, 9 borderline; held-out 20, 10%): a unique key
  the tool cannot see, a cache fill, a migration or a one-off setup, a double submit of an admin form.
  Over every held-out round the existence check was listed worth asking 17% of 26 times (before
  this split; `python bench/judged/shapes.py --held-out --check race-condition`); its judged rows
  re-run, the 3 listed today name what they run twice (2 worth asking, 1 borderline), the rest are
  low or no longer asked; asked with what it runs twice, 70% of the 5 listed today of 6 judged;
  with rounds 15 and 16, 39% of 9 held-out: where what it runs twice comes after a create the store
  refuses twice (an account checked by its sign-in name, `getUserByEmail(email)`, `findOne({
  username })`; a record created under the very key checked, `getPaymentJournal(id)` then
  `createPaymentJournal(id, data)`; a record whose data sets a key the schema keeps unique,
  `createUtilisateur(pool, { email })` of a table whose SQL migration declares `UNIQUE (email)` or
  whose Liquibase changelog marks `unique="true"`), the second create fails before it: low (the 4
  not-worth rows of the 9; the 6 left, 75%: 3 worth asking, 3 borderline; round 17's camino first
  sign-in, borderline, the third shape). With round 19, 13 held-out, 38%: aphw-ddi-api's court and
  insurer names, unique in its XML changelog, are the third shape too; the 6 still listed, 75% (3
  worth, among them a police force's name the changelog names a constraint for but never makes, 3 borderline);
- read-modify-write (7 judged, 79%; the one not worth asking, rows cached in Redis, is no longer
  asked), a checked field set to a new value, a count, a search in memory
  and the other shapes below stay listed (too few judged to move);
- a count of the whole store (`count({})`) tested against a cap (`>= 1000`, round 26's engine) or, where no
  request comes, for emptiness (first-boot seeding, round 27's FlowFuse) before a create is low;
- a number read and written back, or made from a count, stored in a column of a unique key of the
  project's schemas (`number: issueNumber + 1` of `@@unique([teamId, number])`, a `@unique`
  `sequence_no`; TypeORM, Sequelize, Mongoose and SQL keys as below) is low, its message saying so:
  two calls that read the same number both store it and the database refuses the second, an
  error for its caller but no lost update (round 24's tegon issue moved to another team, not worth
  asking; trackdechets' transporter segment number, with no unique key, worth asking and listed);
- a checked field set to a new value is asked only with something after it that costs to do
  twice; where that is only in the other branch of the write's `if` (`if (chip) { chip.number = n;
  await chip.save() } else await createMicrochip(n)`), or after a `return` or `throw` that follows
  the write in its block (`if (found) { ...; await found.update(...); return dto } await create()`),
  it is low: the pass that saves never runs it (round 20's nr-compliance-enforcement legislation
  source, `not`). Held-out, the checked field was worth asking 43% of 7 times (round 19's aphw-ddi-api
  microchip, `not`, last-writer-wins, was this shape); the 6 left, 50% (1 worth, 4 borderline, 1 not);
- any of them on the requesting user's own session (`req.session`, `request.yar`, hapi's
  `request.cache().helpers.status.get()` then `.set(...)`) is low: only that user's own requests (a
  double click) share it. Held-out, 3 such rows of rod-licensing (round 16), none worth asking (1
  listed, race:per-session-cache-single-user; 2 low already);

Not asked:

- atomic updates: `{ increment: 1 }`, `$inc`, `INCR`, `SET n = n + 1`, `updateMany` with the
  condition in its `where` (`where: { id, balance: { gte: amount } }`, `where: { id, status:
  'pending' }`): no value was read first, or the write repeats the check;
- upserts, `ON CONFLICT`/`onConflict`, `skipDuplicates`, `SET NX`, `$setOnInsert`, and a handler for
  the unique violation (`P2002`, `E11000`, `23505`, `ER_DUP_ENTRY`, `'duplicate key'`,
  `isDuplicateError()`...) in the function: the database decides. A log line or a comment that says
  "duplicate" (`'Duplicate consent detected'`, "avoid duplicate query") handles nothing;
- `SELECT ... FOR UPDATE` (knex's and Kysely's `forUpdate()`, Drizzle's `.for('update')`: sim's
  storage payer transfer, round 25), serializable isolation, pessimistic locks, mutexes and
  distributed locks (`runExclusive`, `acquire`, `withLock`, Redlock) anywhere in the function; check-then-act inside
  callbacks that open a transaction (`$transaction`, `transaction`, `withTransaction`,
  `runTransaction`...) or on a transaction object (`tx`, `trx`, `queryRunner`...);
- a function that, before its first `await`, leaves when a shared map or set holds a key and then
  puts the key in it (`if (cooldowns.get(key)) return; cooldowns.set(key, Date.now());`: a cooldown
  or an in-flight guard, `lang/claims.py`): JavaScript runs it uninterrupted up to that `await`, so
  of concurrent calls for one key in a process only the first gets past. Round 23's openstad
  widget report, a count bumped once per widget and domain every five minutes, was judged not
  worth asking (`race:serialized-by-cooldown`); a claim after an `await` or in a map made per call
  is no guard;
- a read after a guard that leaves every process of the cluster but one (`if
  (process.env.NODE_APP_INSTANCE !== '0') return;`, `if (!cluster.isPrimary) return;`) or in the
  branch only the primary takes (`ecosystem/instances.py`): start-up work run once (Hydro's
  schedules seeded by a count and an add, round 21: not worth asking twice);
- a check that reads by a key the database keeps unique (Prisma's `findUnique`, `findById`,
  `findByPk`, a filter on `id`/`_id` alone, a `findFirst` whose filter holds an `@id`, `@unique` or
  `@@unique([...])` key of the project's Prisma schemas, a TypeORM `manager.findOne(Entity, ...)`
  whose filter holds a `@Unique`/`@Index(..., { unique: true })`/`@Column({ unique: true })` key of
  the entity's `*.entity.ts` file, a Mongoose `User.findOne({ email })` whose filter holds a key
  of the schema `mongoose.model('User', schema)` names (`{ type: String, unique: true }`,
  `schema.index({ a: 1, b: 1 }, { unique: true })`), or a project helper named for the model, `getUser({ email })`
  over a `User` whose `email` is `@unique`, or a key of a table's SQL (`*.sql`: `UNIQUE`, `PRIMARY
  KEY`, `ADD CONSTRAINT ... UNIQUE (...)`, `CREATE UNIQUE INDEX`) or Knex migrations (`.unique()`),
  read in a project that declares a SQL driver or Knex; schemas, entities and migrations read as
  committed) before a create: the create either sets that key and the
  database refuses the second, or makes another record than the one checked; and a create or set that
  runs only where the record was found (`if (!session) return; await redis.set(key, next)`): an update;
- a value read by a project helper and written by another helper about a different record by the
  nouns of their names (`fetchAccessToken()` then `updateGitea()`, `loadItems()` then
  `createProject()`);
- list reads (`findMany`, `find`) tested for emptiness, ownership checks (`post.authorId !== me`)
  before an edit, a flag set twice to the same value with nothing else done, clearing a field
  (`null`), values computed from a read but only returned or logged; cache-aside (`const hit =
  await redis.get(k); if (hit) return JSON.parse(hit); ...; await redis.set(k, value)`: the hit is
  used and the same key filled, two misses compute the same value; a dedupe marker whose value is
  never used stays asked), and rows of one store computed into a value cached in another
  (`redis.set(key, [...await db.tag.findMany()])`); a count only shown; rows selected by a flag or
  an empty field (`disabledAt: null`) and set again, or set to the very value they were selected by
  (`file_name: dto.file_name` in both: round 26's Panora); a delete and a write of different keys, or
  awaited one after the other;
- state taken before the first `await` (`left -= 1; await charge()`), compensating writes after it,
  and module-level caches (names with `cache`, `memo`, `pending`, `promise`...): a duplicate fill is
  harmless.

Bad:

```js
app.post('/posts/:id/view', async (req, res) => {
  const post = await prisma.post.findUnique({ where: { id: req.params.id } });
  await prisma.post.update({ where: { id: post.id }, data: { views: post.views + 1 } });
  res.json({ ok: true });
});
```

Good:

```js
app.post('/posts/:id/view', async (req, res) => {
  await prisma.post.update({ where: { id: req.params.id }, data: { views: { increment: 1 } } });
  res.json({ ok: true });
});
```

Answer it in code when only one request can run this at a time:

```js
// vcx-ignore race-condition -- runs from a single-instance cron with concurrency 1
await prisma.stats.update({ where: { id }, data: { total: stats.total + batch.length } });
```

Names the configuration can extend (`[checks.race-condition]`):

- `data_receivers`: words in a receiver path that mark a store (`prisma`, `db`, `redis`, `fs`...);
- `read_methods`, `single_reads`: reads, and the single-record reads whose absence or count is checked;
- `write_methods`, `create_methods`: writes, and the ones that create a record;
- `cache_names`: module-level names that are caches, never asked about.
"""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.race_condition import browser
from vcx_hook.checks.race_condition import builder_inserts
from vcx_hook.checks.race_condition import callback_saves
from vcx_hook.checks.race_condition import check_then_act
from vcx_hook.checks.race_condition import constructed
from vcx_hook.checks.race_condition import validated_moves
from vcx_hook.checks.race_condition import concurrent_writes
from vcx_hook.checks.race_condition import derived_numbers
from vcx_hook.checks.race_condition import emptied
from vcx_hook.checks.race_condition import found_or_made
from vcx_hook.checks.race_condition import factory_state
from vcx_hook.checks.race_condition import field_writes
from vcx_hook.checks.race_condition import file_rewrites
from vcx_hook.checks.race_condition import helper_checks
from vcx_hook.checks.race_condition import instance_state
from vcx_hook.checks.race_condition import kv_merges
from vcx_hook.checks.race_condition import lazy_singletons
from vcx_hook.checks.race_condition import limit_checks
from vcx_hook.checks.race_condition import listed_saves
from vcx_hook.checks.race_condition import naive_locks
from vcx_hook.checks.race_condition import pushed_fields
from vcx_hook.checks.race_condition import read_modify_write
from vcx_hook.checks.race_condition import row_write_back
from vcx_hook.checks.race_condition import scheduled_claims
from vcx_hook.checks.race_condition import self_writes
from vcx_hook.checks.race_condition import shared_options
from vcx_hook.checks.race_condition import shared_state
from vcx_hook.checks.race_condition import sql_inserts
from vcx_hook.checks.race_condition import stale_selection
from vcx_hook.checks.race_condition import temp_paths
from vcx_hook.checks.race_condition.calls import is_kind
from vcx_hook.checks.race_condition.calls import read_of
from vcx_hook.checks.race_condition.calls import serialized
from vcx_hook.checks.race_condition.candidates import returned_calls
from vcx_hook.checks.race_condition.candidates import store_calls
from vcx_hook.config import Config
from vcx_hook.config import packages_near
from vcx_hook.ecosystem import instances
from vcx_hook.ecosystem import stores
from vcx_hook.finding import Finding
from vcx_hook.finding import LOW
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

ID = 'race-condition'
QUESTION = 'What happens when two requests run this at the same time?'
CONFIDENCE = LOW  # listed, worth asking 29% of 38 times held out (rounds 15-27); the rules keep their split
SUMMARY = 'read-modify-write, check-then-act or shared state with an await in between'
QUERY = ''  # candidates come from the `await` keywords (`candidates.awaits`), not a query walk of every tree
NAMES = {
    'data_receivers': stores.SHARED_STATE_RECEIVERS,
    # Reads whose result can go stale (generic names such as `get` need a data receiver).
    'read_methods': stores.STALE_READS | stores.REDIS_SIZES,
    'write_methods': stores.STATE_WRITES,
    # Single-record reads whose absence (or a count) is checked before creating.
    'single_reads': stores.SINGLE_READS | stores.REDIS_SIZES,
    # Writes that create a record (the "act" after an existence or count check).
    'create_methods': stores.CREATE_METHODS | stores.REDIS_ADDS,  # and module-level caches (a duplicate fill is harmless):
    'cache_names': frozenset(('cache', 'cached', 'memo', 'pending', 'inflight', 'promise', 'client', 'instance')),
}


def relevant(scope: Scope, config: Config) -> bool:
    """Most findings need an ``await`` in the scope; a promise chain's file rewrite a ``.then``, a temp file a
    move, a record written back from itself an ``update``/``patch``; UI files what ``browser`` asks."""
    return (scope.holds(b'await') or file_rewrites.possible(scope) or temp_paths.possible(scope)
            or self_writes.possible(scope) or browser.possible(scope)
            or helper_checks.possible(scope) or shared_options.possible(scope)
            or factory_state.possible(scope) or callback_saves.possible(scope)) \
        and (not s.is_ui_file(scope.file) or browser.possible(scope))


def run(scope: Scope, config: Config) -> Iterator[Finding]:
    if s.is_ui_file(scope.file):
        yield from (scope.finding(n, ID, m, QUESTION, evidence=e, confidence=LOW) for n, m, e in browser.find(scope))
        return
    names = config.names[ID]
    calls = store_calls(scope)
    writes: list[Node] | None = None  # asked only after a read: most scopes have none
    reported: set[int] = set()
    for call in calls:
        if not is_kind(call, names, 'read') or serialized(scope, call) or instances.one_instance(call):
            continue  # a lock around it, or one process of the cluster runs it (start-up work)
        if writes is None:
            writes = [c for c in calls if is_kind(c, names, 'write') or is_kind(c, names, 'create')]
            writes += [c for c in returned_calls(scope) if is_kind(c, names, 'create')]  # `return repo.save(row)`
            writes += [c for c in sql_inserts.inserts(scope) if c not in writes]  # `await db.none('INSERT INTO t ...')`
            writes += [c for c in constructed.saves(scope) if c not in writes]  # `const pp = new Model(...); await pp.save()`
        read = read_of(scope, call, names)
        for finding_node, message, confidence in (
                *read_modify_write.find(scope, read, names, config.uniques),
                *((n, m, row_write_back.CONFIDENCE) for n, m in row_write_back.find(scope, read, names)),
                *check_then_act.find(scope, read, writes, names, config.uniques),
                *derived_numbers.find(scope, read, names, config.uniques),
                *((n, m, '') for n, m in stale_selection.find(scope, read, writes, names)),
                *((n, m, validated_moves.CONFIDENCE) for n, m in validated_moves.find(scope, read, writes)),
                *((n, m, listed_saves.CONFIDENCE) for n, m in listed_saves.find(scope, read, names))):
            if finding_node.start_byte not in reported:
                reported.add(finding_node.start_byte)
                yield scope.finding(finding_node, ID, message, QUESTION, evidence=(read.call,), confidence=confidence)
    for call in row_write_back.builder_reads(scope):
        if not serialized(scope, call):
            for write, message in row_write_back.find(scope, read_of(scope, call, names), names):
                if write.start_byte not in reported:
                    reported.add(write.start_byte)
                    yield scope.finding(write, ID, message, QUESTION, evidence=(call,), confidence=row_write_back.CONFIDENCE)
    for write, message in self_writes.find(scope):
        if write.start_byte not in reported:
            reported.add(write.start_byte)
            yield scope.finding(write, ID, message, QUESTION)
    for write, message, evidence in concurrent_writes.find(scope, names):
        if write.start_byte not in reported:
            reported.add(write.start_byte)
            yield scope.finding(write, ID, message, QUESTION, evidence=evidence)
    for write, message, evidence in file_rewrites.find(scope):
        yield scope.finding(write, ID, message, QUESTION, evidence=evidence)
    for move, message, evidence in temp_paths.find(scope):
        yield scope.finding(move, ID, message, QUESTION, evidence=evidence, confidence=temp_paths.CONFIDENCE)
    for write, message, evidence in shared_state.find(scope, names):
        yield scope.finding(write, ID, message, QUESTION, evidence=evidence)
    for node, message, evidence in pushed_fields.find(scope, packages_near(config, scope.file.path)):
        if node.start_byte not in reported:
            reported.add(node.start_byte)
            yield scope.finding(node, ID, message, QUESTION, evidence=evidence, confidence=pushed_fields.CONFIDENCE)
    for rule in (helper_checks, field_writes, emptied, naive_locks, instance_state, shared_options, builder_inserts,
                 kv_merges, factory_state, found_or_made, callback_saves, scheduled_claims, limit_checks, lazy_singletons):
        found = builder_inserts.find(scope, config.uniques) if rule is builder_inserts \
            else lazy_singletons.find(scope, names) if rule is lazy_singletons else rule.find(scope)
        for node, message, evidence in found:
            if node.start_byte not in reported:
                reported.add(node.start_byte)
                yield scope.finding(node, ID, message, QUESTION, evidence=evidence, confidence=rule.CONFIDENCE)
