"""error-handling: a network call that can fail, hang, or return an error status unnoticed.

Networks fail, upstream services hang and APIs answer 500. `fetch` does not reject on a 4xx/5xx, so
code that reads `response.json()` without looking at `response.ok` treats an error page as data; a
call with no timeout holds the request (and its socket) for minutes when the other side stalls; a
rejection nobody catches crashes a Node process, and in Express 4 an async handler that rejects
leaves the request hanging until the client gives up.

Asked once per network call (`fetch`, `node-fetch`, `undici`, `axios` and its `axios.create()`
instances, `got`, `ky`, `superagent`, `ofetch`/`$fetch`, `http(s).get/request`; fetch under another
name too, chosen from alternatives, `const fetchFunc = timeout ? fetchWithTimeout : fetch`, or kept in
a class's field, `this._fetch = options.fetch || fetch`: pinafore's and lighthouse-ci's unchecked
bodies, holdout16 and holdout18), naming everything that is missing in one message:

- **no `ok`/`status` check** before a fetch response's body is read (`.json()`, `.text()`,
  `.blob()`, `.arrayBuffer()`, `.body`), even inside a try; and a POST/PUT/PATCH/DELETE whose
  response is awaited and thrown away (`await fetch(url, { method: 'DELETE' }); router.push('/')`);
- **no timeout**, in server code: fetch with no `signal`, axios with no `timeout` on the call, its
  instance (in its options, or set by its request hook: got's `beforeRequest` doing
  `options.timeout = ...`) or `axios.defaults`, got/ofetch/`http.request` with no `timeout` option, superagent with no
  `.timeout()` (chained on the call, or on the variable it is kept in: `const req = isPut ?
  superagent.put(u) : superagent.post(u)`, then `req.type('form').timeout(ms)`; or, for a request a
  function builds and returns unsent, by every call of that function in the file: it is sent there).
  `fetch(url, { timeout: 30000 })` is asked as no working timeout: the WHATWG fetch ignores that option (node-fetch v2 honoured it, so files importing `node-fetch` are left alone).
  Named with another gap, or alone where the file gives the same client's other calls a timeout (the
  call leaves out the file's own convention); alone elsewhere, at low confidence (below);
- **nothing catches the rejection**: a floating call or chain with no `.catch()`, or an `await`
  outside try/catch inside a callback nobody awaits (`setTimeout`, `setInterval`, `emitter.on`,
  `addEventListener`, `forEach`, `useEffect`, an `on*` JSX prop) — directly, or through the same-file
  functions that call it; `http(s).request` with no `'error'` listener.

Also asked:

- (low) a `.then()` chain used as a statement, neither awaited nor returned, with no `.catch()` or
  rejection handler, in server code; not one that cannot reject: from `Promise.resolve()` (or a call
  of the file's own async function that catches its own) with callbacks that are each one try/catch
  awaiting and throwing nothing outside it (shelve's stats increment, round 27, judged not);
- an Express async handler (`(req, res[, next])`) that awaits outside try/catch and without `.catch(next)`, once, at
  the handler — network calls inside it are not asked again for the missing catch. Not an await of work handed as a
  function to a wrapper that resolves with its failure, every result it binds read for its `error` (`const [redis, db]
  = await Promise.all([tryCatch(async () => ...), tryCatch(async () => ...)])` then `redis.error?.message`): a health
  check's probes. A call given data whose result has an `error` field is still asked (it may reject too). Not an await
  of a metrics registry's exposition bound to a metrics library (`await register.metrics()` of prom-client or
  `@well-known-components/metrics`): it serializes counters held in memory (held out, 0 worth asking of 2 `/metrics`
  routes, speckle's and builder-server's); a registry the project makes itself is still asked. Not a `(req, res)`
  function of the router's file that the file only hands to a library, as an option (`new Server({ datastore,
  onUploadFinish })`) or an argument of a call that registers no route: the library calls and awaits it (@tus/server
  turns a hook's thrown `{ status_code, body }` into the response; camino, round 17, judged not worth asking); nor one
  the file only calls and awaits (`await validateRequest(req, res)`): a helper, whose rejection reaches the route that
  awaits it, asked there where nothing catches it (jambonz-api-server, round 18: two helpers awaited inside a route's
  try/catch, judged not worth asking); nor an await of a call handed the handler's own `next` (`await
  controller.read(req, res, next)`): the callee is a handler too and reports its failures through `next` (CHEFS, round
  20's hook replay: seven such questions, none worth asking); nor a lock given back in the catch of the try that took
  it (`await lock.release()` after `await lock.acquire()`): it rejects only if the lock's store fails between the two,
  a second failure on a path already failing (ethernal's routes, round 22, judged borderline twice);
- (low) the same await in an async `(req, res[, next])` function the file shapes for Express but does
  not register: one a function returns (a handler factory, `return async (req, res, next) => ...`)
  or a field typed Express's `RequestHandler` (`getView: RequestHandler = async (req, res) =>
  ...`). Express 4 drops its promise wherever it is registered, unless the registration wraps it,
  which the file cannot show (nfdiv-frontend's OIDC callback, fdm-monster's parameter converter,
  hmpps-resettlement-passport-ui's controller: real bugs of holdout13, 18 and 20);
- (low) an Express handler whose parameters say otherwise than Express reads them, by length: an error
  handler given to `use` with three (`(err, req, res) => ...`, run as a middleware, never with an
  error: kartotherian's, holdout25), and a `(req, res)` route handler calling `next(err)` that nothing
  binds (a `ReferenceError` in its catch: nginx-proxy-manager's schema route, holdout21);
- (low) an async function registered as an EventEmitter listener
  (`bus.on('x', async (e) => { await save(e) })`) that awaits outside try/catch, in server code: the
  emitter ignores its promise, so the rejection is unhandled. Once, at the listener; not an await
  of an error tuple (`const [, error] = await safely(job)`) nor of a queue given a job whose own
  awaits are guarded (`await queue.add(async () => { ... })`); not `process.on(...)` shutdown hooks, a
  bot's `(ctx)` middleware, nor a model's lifecycle event (`db.on('posts.afterCreate', async
  (model, options) => ...)`, `afterSave`, `beforeDestroy`...), which the ORM awaits inside the write;
- (medium) a `setInterval` that drops the promise of an async function awaiting outside try/catch,
  in server code: `setInterval(() => this.writeStats(), ms)` or `setInterval(this.sync.bind(this),
  ms)` with an async method of the same class or function of the same file, or an async callback
  (`setInterval(async () => { await flush() }, ms)`); asked at the timer, naming the await. Not an
  await the next statement follows with `process.exit()` (an idle check closing before it exits). A
  network call's missing catch is asked at the call instead. Low, as is a network call whose only
  gap is its rejection (`axios.post(hook, body, { timeout })` as a statement), where the project's
  production code installs a process-wide `process.on('unhandledRejection', ...)` handler that logs
  and keeps the process up (an inline function that neither exits nor rethrows, or a function not
  named for ending it: `logger.error`, not `onFatal`), in that file or any other (`engine/project.py` asks git which files name the event):
  the failure is a log line, not the end of the process. Held out, such questions in projects with
  that handler (timers, dropped calls and listeners: Hydro's judge daemon and vjudge plugin,
  bcgov's form service, classroomio's workers, nango's runner, saltcorn, blinko) were listed 13
  times and worth asking 8% (2 borderline, 11 not); where the handler exits (`process.exit(1)`:
  eagle-api, joplin's CLI) they were worth asking;
- (medium) no timeout on other clients' network calls: a Kafka `producer.send`/`sendBatch` with no
  `timeout` (kafkajs), an S3 `new Upload({...})` with no `abortController` (`@aws-sdk/lib-storage`;
  not where the file makes its S3 client with a request handler's `requestTimeout`; low where the file makes no S3 client, which comes from a factory whose timeout it is: 35% of 10 judged;
  not an `Upload` its function aborts, `upload.abort()`, or hands back, `return { upload }`: 1 borderline, 1 not), neither in a function reading its parameter's `Records` (an AWS Lambda handed a stream's or queue's batch:
  its own timeout bounds the call and the event source retries; CMCS's kafka-source-lib, rounds
  19 and 21, judged not worth asking twice), nor one sent with a `.catch()` and not waited on (low, a Kafka send caught where it is made: kafkajs bounds it with a 30 s request timeout and retries; jitsu's retry topic, citrineos' sender, judged not worth asking),
  `git.fetch()`/`pull()`/`clone()`/`listRemote()` where simple-git is made with no `timeout` (not
  `listRemote(['--get-url'])`, which prints the configured URL and talks to no remote),
  and a fetch wrapper imported from another module (`fetchJson(url, { headers })`, not one named
  for its timeout) given request options (`method`, `headers`, `body`) and no `signal`/`timeout`
  where another call of the file gives fetch or a function named for fetching a `signal`, `timeout`
  or `abort` (the file's convention, which the call breaks: firecrawl's PDF download beside
  `robustFetch` calls passing the scrape's abort signal, worth asking); low elsewhere: the wrapper
  is shared, its missing timeout is its own question, asked at its `fetch`, not at each caller (over rounds 15 to 28, listed 12 times and
  never worth asking, 38%: cdp-portal's Wreck wrapper at five call sites, wrappers that check the
  status themselves, sim's tracing wrapper; `shape:timeout-gap-in-shared-wreck-wrapper`,
  `handled:status-checked-timeout-only`);
- (low) uncaught parses that throw on browser or stored values (`throwing_parses`), async callbacks handed to `subscribe...()`
  awaiting outside try/catch in server code (`subscription_callbacks`), and a fetched body piped on with `pipe()`,
  which does not forward its errors, and no `'error'` listener (`piped_bodies`): new shapes;
- (low) a promise that only a client's reply settles, in server code: `new Promise((resolve) => {
  this.client.names(channel, (ch, names) => resolve(names)) })`, where the executor hands `resolve`
  to the reply callback of a method of an object named for a connection (`client`, `conn`,
  `socket`, `bot`, `peer`...), never rejects and arms no timer, and the promise is not given a
  `.timeout()` or raced: if the other side never answers, the caller waits forever. Not an
  error-first callback (`(err, data)`, called on failure too), an event (`once('ready', ...)`) nor
  `resolve` handed over as the callback (`server.close(resolve)`). Low: over 22 tuning repositories
  it asked once, a StatsD client's `close()` at shutdown, not worth asking (0 of 1);
- (low) a promise whose executor takes no `reject` and resolves only when work that can fail
  succeeds, in server code: in a `.then` callback of a chain with no `.catch` (`new Promise((resolve)
  => { axios(url).then((res) => resolve(res)) })`), or in `listen`'s callback on a server given no
  `'error'` listener there (`EADDRINUSE` is an event): on failure it never settles (lighthouse-ci's
  `createServer`, holdout18). Over the files of 276 judged applications it asked 8 times, 2 in tests
  (not audited): fetch chains that hang on failure (zipline, yapi), servers listening at start-up;
- (low) no timeout through the project's own request module, in server code: a name imported from
  a local module named for requests (`const request = require('./request')`) called with one
  options object holding a `url` (not a relative one) and a `method` and no `timeout`, `signal`
  or `abort` (`request.exec({ method: 'get', url: host + '/api/setup/sync-seed', auth })`). Low: the module may
  set a default the hook cannot see; over 15 tuning repositories it asked once (pm2's agent
  registering with its backend, borderline); and, called the way fetch is, a name imported from a
  local module and named for fetching (`httpFetch`, `proxiedFetch`) given an absolute URL written
  in the call and no `signal`/`timeout`, its response read as fetch's (`.ok`, `.json()`): ihub-apps'
  update check of GitHub's API, hanging where a firewall drops the packets (holdout14); over the
  current code of five applications nothing new;
- (medium) no timeout through a same-file wrapper judged by its definition: a top-level function
  that hands one of its parameters to fetch as the options (`fetch(url, { ...options, agent })`)
  and adds no `signal`/`timeout` itself, called in server code without one;
- (low) a promise handled on one branch only, outside browser code: `const p = deploy(app)` and then
  `if (!detached) return p` (or `await p`, `p.then(...).catch(...)` in one branch of an `if`), every
  reference of `p` a promise's use and inside that branch: on the other branch its rejection goes
  unhandled. Not when the call is given a `.catch()` where it is made, nor an async IIFE whose body
  is one try/catch, nor a call that returns a plain value by what it is bound to (`const id =
  crypto.randomUUID()`, `uuid()`, `Math.*`; `ecosystem/values.py`: cdp-self-service-ops, round 17).
  Low: over twelve applications the tool was never run on it asked nothing, over twenty mirrors of
  tuning repositories only the real bug;
- (low) a poll that stops at its first failure, outside browser code: an async function whose body
  ends by re-arming its own timer (`setTimeout(this.poll.bind(this), ms)`, directly or through a
  method or function of the file that does, `this.schedulePoll()`) after an `await` no try/catch
  holds: one rejection skips the re-arm and the polling ends for good. Asked at that `await`; not
  when the re-arm is in a `finally`. Low: on the same applications and mirrors, only the real bug;
- (low) a child process's stdin written with no `'error'` listener: `child = spawn(cmd)` of
  `child_process` kept in a name, `child.stdin.write(data)` in the file, and no `stdin.on('error')`
  (nor a `pipeline`): a write as the child exits fails with EPIPE, an `'error'` event nobody
  listens for, which ends the process. Asked at the spawn. Low: on the same applications and
  mirrors, the real bug and two more, both worth asking (a second analyzer process written to, a
  boot-file writer);
- (low) a rate limiter's Redis client with no command timeout: an ioredis client made in the file
  (`new Redis(url)`) and handed to a limiter package's options (`fastify.register(rateLimit, {
  redis })`, `new RateLimiterRedis({ storeClient })`), directly or through a `const`, with no
  `commandTimeout`: when Redis stops answering, every request the limiter guards waits on it. Low:
  on the same applications and mirrors, only the real bug;
- (low) a promise an async function drops: a call of an async function of the same file that awaits
  or throws outside try/catch, chosen in a ternary or a `&&`/`||` used as a statement (`user ?
  casesUserCmd(...) : casesModCmd(...)`), or a task added to a p-queue made in the file and
  dropped (`queue.add(async () => ...)`), inside an async function, outside browser code and files
  that log unhandled rejections. Not a bare call statement: asked too, it was a deliberate
  fire-and-forget in most of 26 findings over the applications and mirrors above (work after the
  response, an email), in apps that log unhandled rejections from another file; except where the
  function throws outside try/catch and returns no value (`this.validateRequest(input)` of an
  `async validateRequest` that throws when the input is bad: codedang, holdout17): its answer is
  whether it rejects. Over 1517 tuning files of 216 mirrors it asked 9 times, each a dropped
  failure (a batch job started in a `try` whose `catch` cannot see it, a webhook's status update).
- (medium) promises hidden in objects handed to `Promise.all` (`allSettled`, `race`, `any`):
  `Promise.all(rows.map((r) => ({ url: r.url, config: r.response.json() })))`, or `sends.push({
  client, message: client.send(text) })` then `await Promise.all(sends)`, where every element is an
  object literal (a non-async callback's returned objects, an array literal, an array of the function
  filled only by `push({...})`) with a field whose value is a call: `Promise.all` does not look into
  objects, so that promise is never awaited, its rejection is unhandled and the field read later is
  still pending. Medium: over eleven judged applications, the repositories of its cases and the
  files holding a `Promise` combinator in 219 tuning mirrors it asked the two real bugs it was
  written for and nothing else;
- (low) an async callback the surrounding try cannot guard, outside browser code: inside `try {
  ... } catch`, a call used as a statement (not awaited) hands on an async function that awaits
  outside a try of its own (`getos(async (e, os) => { await axios.post('/on-start', data) })`): the
  call returns first, so the catch written for those awaits never sees their rejection. Not `.then`
  chains, promise queues, EventEmitter and DOM listeners, `setInterval` (asked above), a function
  kept for later (`updateFns.push(async () => ...)`) nor an await of a chain with a `.catch()`. Low:
  over the files of 219 tuning mirrors holding a `try` and an async callback it asked 21 questions,
  about half worth asking (`entities.map(async ...)`, `forEach(async ...)`, `setTimeout` work whose
  failure the catch was meant for); the rest callbacks their library awaits (Temporal signal
  handlers, Sequelize's `afterCommit`, Next.js `after`).
- (low) no timeout on a client a class keeps, in server code: `this.axiosInstance = axios.create({
  responseType: 'json', httpsAgent })` (got, superagent, ofetch, request's `rp.defaults({ json: true
  })`: homebridge-config-ui-x, holdout5; a class field too) with no `timeout`/`signal`, no `defaults`
  set and no call in the file given a bound or options built elsewhere: every call through it hangs
  when the other side never answers; asked at the `create()`. Over 263 tuning mirrors (109 files), 5
  questions besides the real bug: 2 worth asking, 3 borderline. Also an ethers JSON-RPC provider
  (`new ethers.JsonRpcProvider(getRpcUrl(1))`, `super({ url, headers })` of a class extending one)
  handed an address or a connection with no `timeout`: ethers waits 120 s (v5) or 300 s (v6) for a
  silent node (routing-api, holdout22; 6529seize, holdout24; 3 new over 9 judged ethers apps);
- (low) an error sink removed while the connection closes, outside browser code:
  `prev.removeAllListeners(); prev.once('error', onError); prev.close(); prev.removeListener('error',
  onError)` (`off` too; `end`, `quit`, `logout`, `disconnect` as the close), in one function, with
  no `'error'` listener added again: `close()` only starts the teardown, and an error after it (a
  socket reset) is emitted with nothing listening, which Node rethrows and the process ends. A
  strip alone (`removeAllListeners()` then `close()`) is not asked: over the files of 263 tuning
  mirrors calling `removeAllListeners` (251 files) it asked 14, mostly emitters that do not throw
  (puppeteer pages, socket.io clients); this shape asked nothing there but the real bug;
- (low) an execa subprocess handled as a child process only, outside browser code: `const cp =
  execa(cmd, args, { timeout })` (or `execaCommand`, `execa.command`; bound to the `execa`
  package) kept in a name that the code listens to or reads as a process (`cp.on('exit', ...)`,
  `cp.stdout`, `cp.kill()`) and never awaits, returns, keeps elsewhere, hands to `Promise.all` or
  gives a `.then`/`.catch`: the subprocess is also a promise that rejects when the command fails,
  times out or is killed, and handled through its events alone that rejection is unhandled. Asked at
  the `execa(...)`. Not with `reject: false`, nor when it is handed to a call (a helper may await
  it), but for a function of the same file that awaits nothing and chains no `.then`/`.catch`
  (`initStreamListeners(cp, opts)`). Low: over the files importing execa in eleven mirrors of
  tuning repositories it asked nothing but the real bug (renovate's `exec`, still unfixed on the
  mirror's default branch);
- (low) a `.then()` chain with no `.catch()` on a promise that rejects as a normal outcome, in
  browser code too: `confirmDialogClose(dirty).then(dialog.dismiss)` as a statement, where the
  chain's first call is a function of the same file (`function f() {...}`, `const f = () => ...`)
  whose `new Promise((resolve, reject) => ...)` calls `reject()` with no error (`onCancel: () =>
  reject()`): that is the user's cancel, not a failure, and each one is an unhandled rejection. Not
  a chain given a rejection handler, awaited or returned, nor a promise rejected with an error.
  Low: over the files holding `reject()` in twelve tuning mirrors and five judged applications it
  asked the real bug (redash's visualization dialog) and its sibling, worth asking (redash's archive
  confirmation, `confirmArchive().then(...)`, still unfixed);
- (medium) a browser API's promise the surrounding try cannot catch, in browser code too: `try {
  navigator.clipboard.writeText(text) } catch { fallbackCopy(text) }`, a call used as a statement
  in a try's body, neither awaited nor given a `.then`/`.catch`, of an API that reports failure
  only by rejecting (the clipboard's `writeText`/`readText`/`write`/`read`, `navigator.share`,
  `getUserMedia`, `getDisplayMedia`, `serviceWorker.register`, `permissions.query`,
  `wakeLock.request`, `document.exitFullscreen`, an element's `requestFullscreen`): the call
  returns at once, the success path runs, and the catch written for the refusal (no focus, no
  permission) never does; the rejection is unhandled. Medium: over the files of 263 tuning mirrors
  calling these APIs (707 files) it asked three questions besides the real bug, all worth asking
  (formbricks' and midday's copy buttons toast success and never their failure message; Gladys's
  two-factor secret copy, borderline: its catch only logs);
- (low) a step of a sequence left without the await its siblings have: `try { await
  PermitImport.go(licence); result = ReturnsImport.go(licence) } catch (err) { notify(err) }`, a call
  used as a statement or assigned in a try with a catch whose body awaits the same method name, or
  a call statement one of the next two statements of its block awaits the method of (`Store.DeleteAll();
  await Legacy.DeleteAll(); location.reload()`): a pending promise, its rejection unhandled (the catch
  never runs), the function ends before the step is done. Not `push`, `send`, `set`, a ref's `current`.
  Low: rounds 14 to 16 held out, nothing; real bugs: a nightly import's returns step, a queue
  worker's status update, improved-initiative's reset (holdout27; nothing new on 12 tuning repos).
- (low) a promise returned from inside a try without `await`, in an async function: `try { const
  result = Db.from('t').insert(row); metric(); return result } catch (err) { rethrow(err) }` (or
  `return db.query(sql)` directly): the caller gets the pending promise, and when it rejects the
  catch (its rethrow, its failure metric) never runs. Asked where the code shows a promise: a store's
  read or write on a receiver imported from the project's data layer or bound to a store package,
  `fetch`/`axios`, a `.then()` chain, `Promise.all()`, or an async function of the file whose body
  is not one try/catch of its own; not a chain given a `.catch()`. Low: not judged on held-out code
  (central-ledger's duplicate-check save, a real bug of holdout15);
- (low) a React effect's `.then()` chain that sets state and has no `.catch()`, in browser code
  too: `useEffect(() => { item.getAuthorization('delete').then((r) => setVisible(r.allowed)) },
  [item])`, a statement of the effect's own callback or of a `useCallback` the component memoizes
  as its handler (openreplay's widget sessions, holdout16), neither awaited nor returned, with no
  rejection handler, whose `.then` callback calls a setter a state hook of the file hands out (`const
  [visible, setVisible] = useState(false)`) or is one (`.then(setItems)`), and that starts at a
  method of an object (a service, a client, a model: `api.tools.getAddresses(q)`): when the promise
  rejects the setter never runs, the component stays as it was (a spinner, a hidden button) with
  nothing shown, and the rejection is unhandled. Not a chain a network rule asked already, one that
  sets no state, nor one that starts at a function (`fetchTrades()`): on 30 held-out applications
  those were mostly helpers that never reject, 1 worth asking and 2 borderline of 9. Low: a new
  shape (pingvin-share's release check, headlamp's delete button; the one left on those
  applications borderline).

Every question of this family is medium confidence (listed; blocking with `block = "medium"`), but
shapes judged mostly not worth asking are low confidence (not listed unless `--show low`;
bench/judged, every judged row the tool still reports, borderline counting half):

- a fetch body read with no `ok` check and nothing else missing (`const r = await fetch(url);
  return r.json()`): 32% of 22 (33% of 9 on held-out code): best-effort reads whose error body only
  degrades a widget, `.catch()` fallbacks, fonts for an image route. With no timeout as well (server
  code) it stays listed (50% of 14), unless the fetch is caught and its parsed body read only
  through optional chaining or a fallback (`data?.data ?? []`, `data.url ?? null`, `data.data?.count`:
  polkassembly, round 30, not worth asking): an error body reads as nothing, that question is low too; so is one whose
  body is read only in the try, its first read (reached on every run) a field deep or an array method
  (`enabled = json.flags[key]`, `data.fiches.map(f)`, `versions.map(f)`; in a `.then` chain, the next callback's `Object.values(data.releases)`): an error body throws there, into
  the catch, whose default or rethrown error answers as for a failed request (builder-server's flags,
  round 24; reva's France compétences lookup, sourcify's compiler lists, round 32: borderline or not
  worth asking, only the timeout left); a write whose response is thrown away stays listed (70% of 5);
- a floating `.then()` chain (neither awaited nor returned, no `.catch()`): 29% of 12, none worth
  asking (cosmetic fire-and-forget writes, shutdown paths, callees that catch, builders whose `then`
  is not a promise's);
- an async EventEmitter listener that awaits outside try/catch (`bus.on('saved', async (doc) => {
  await index(doc) })`): 3 of 15 on held-out code: the process logs unhandled rejections in the file
  or in a bootstrap module every worker imports (BullMQ's `worker.on('failed')`), the emitter awaits
  its listeners (NocoBase's hook events, Emittery, SignalR), or the listener's awaits cannot reject;
- a missing timeout alone, where the status is checked and the rejection handled, in a file that
  gives no call of that client a timeout: on held-out code it was worth asking once in 38
  (best-effort notifiers, crons, jobs with their own deadline), but real hangs were fixed that way
  (a download or a feed fetch that never settles). Where the file's other calls of the client pass
  a timeout, the call that leaves it out is listed (of the 16 questions 'has no timeout' listed while
  held out, 38%, the six this still lists were worth asking 75%: 3 worth, 3 borderline); a timeout counts as the file's only where it is
  written (`signal`, `timeout`): a helper passing options it was given (`fetch(url, fetchOptions)`)
  is no convention (hackathon-starter's api.js), nor is a signal handed in (the incoming request's,
  `signal: c.req.raw.signal`, or a parameter's, `signal: opts.signal`): it cancels the call with that
  request and sets no deadline (supermemory's MCP worker, round 26, judged not worth asking);
- in browser code, a fetch with no catch and no `ok` check of a URL the code does not spell (a parameter, an event's payload,
  a call's result: a signed URL): 1 worth asking of 10, 7 borderline; one of a path it spells (`'/api/uploads'`) is listed, unless the chain's next callback reads the parsed body only optionally (`if (data?.info) setInfo(data.info)`: 0 of 2, round 33).

Not asked:

- the response of a beacon (`fetch(url, { method: 'POST', body, keepalive: true })`): the browser
  sends it on after the page is gone, and nothing is there to read the answer;
- the status of a `no-cors` fetch (`fetch(url, { mode: 'no-cors' })`): its response is opaque
  (status 0, `ok` false, an empty body) whatever the server said, so there is nothing to check;
- the status of a write thrown away as the last act of a function of the file that nothing exports and every caller
  calls as a statement, awaited by nothing (`const save = async () => { await fetch(url, { method: 'POST', body }) }`,
  then `save();`: adoption-web, round 27, not worth asking), or as the whole of a try whose catch only logs, the try
  ending the function (onlook's signup webhook, round 29, borderline; a missing timeout stays listed): nothing after it
  takes a failure for a success; where code follows the write or a caller waits on it, it is asked;
- the status of a response whose body is thrown away unread (`.then((res) => res.body?.cancel())`:
  a warm-up request freeing its connection);
- the status, where the body is checked for the API's own error (`data.ok`, `data.error`, `data.success`, or its
  `status` compared with a verdict: `if (data.status !== 'ok') throw ...` of Fastly's purge, JSend's
  `'success'`/`'fail'`/`'error'`; not a record's own status such as `order.status === 'shipped'`) or validated by a
  schema (`schema.safeParse(json)`, `schema.parse(await res.json())`): an error body does not pass as data; nor where
  the body is raised as the error (`const text = await res.text(); if (text) throw new Error(text)`: an API that
  answers success with an empty body, so an error reply surfaces; reva-interop's REST calls, round 20, 0 of 2), nor
  where the body's needed field is checked for and its absence thrown (`if (!data.token) throw new AuthFailedError()`:
  an error body lacks it and fails loudly; speckle's token exchange, round 25), nor where the body is relayed whole as
  a route's answer (`return Response.json(data)`, `NextResponse.json(data)`): the caller gets the upstream's error
  body as it was sent (courselit's GIPHY proxy routes, round 22, borderline twice);
- calls through a same-file helper (like the engineer's `fetchWithRetry`) for a missing status check
  or catch: the helper is asked when it is touched, not every call site;
- a rejection that propagates to a caller: awaited or returned in a plain function is the caller's to
  handle, and so is one inside a function a same-file caller wraps in try/catch or `.catch()`;
- a superagent request ended with a callback (`superagent.get(url).end((err, res) => ...)`): the
  error goes to the callback and no promise is made;
- `Promise.allSettled`, urql's `client.query(doc, vars).toPromise()` where the file or its
  package uses urql (it resolves with `{ error }`), fire-and-forget calls with an explicit `.catch`,
  `void promise`, dynamic `import()` chains, and module-level startup code (a failure there stops the process loudly); a
  fire-and-forget call with a `.catch` is not asked for a timeout alone either (`axios.post(hook,
  body).catch(log)` as a statement: nothing waits for it);
- handlers whose framework catches rejections: Fastify (`(request, reply)`), Koa and Hono (`ctx`,
  `c`), NestJS (decorated methods), Next.js route handlers, pages and `getServerSideProps`, SvelteKit
  and Remix `load`/`loader`/`action`, React Query/SWR fetchers;
- Express handlers when the file's package runs Express 5, which forwards async rejections (the
  nearest `package.json` above the file, else the root's), when the file or that package loads
  `express-async-errors`, `express-promise-router` or `@awaitjs/express`, when the handler is wrapped (`asyncHandler(...)`, `catchAsync(...)`), and
  controllers in files that do not create the router they are registered on (the registering file may
  use a promise router);
- in browser code, a missing catch alone (the page stays up, and code that reads the status is the
  engineer's version) and missing timeouts; `fetch('/relative')` is browser code;
- a `fetch` imported from a local module (`import fetch from '@/lib/fetch'`: a wrapper with its own
  policy) or taken as a parameter; `fetch(new URL('./font.ttf', import.meta.url))` and a name
  imported from a data file of the project (`import manual from './assets/manual.md'; fetch(manual)`:
  the bundler ships it beside the page; not a module of code or JSON), and a static file of the page's own origin, a path named with a file's extension
  (`fetch('/countries.geojson')`, `fetch('/template/enfants.xlsx')`; not `/api/...` nor a page a server
  runs, `.php`); bytes already in the page, a `data:` or `blob:` URL
  (`fetch(canvas.toDataURL('image/png'))`, `fetch(URL.createObjectURL(file))`): no network, no HTTP
  status;
- a network call in a function whose first statement ends it in production (`if
  (process.env.NODE_ENV === 'production') throw notFound()`, `throw404OnProduction()`,
  `assertDevelopment()`): a development tool beside the product, whose failures only its developer
  sees (a2j's flow visualisation route, round 21, judged not worth asking);
- seed files, migrations, `scripts/`, tests, mocks, fixtures and `examples/`.

Bad:

```js
async function getUser(id) {
  const response = await fetch(`${API_URL}/users/${id}`);
  return response.json();
}
```

Good:

```js
async function getUser(id) {
  const response = await fetch(`${API_URL}/users/${id}`, { signal: AbortSignal.timeout(config.apiTimeoutMs) });
  if (!response.ok) throw new ApiError(response.status, await response.text());
  return response.json();
}
```

Answer it in code when the failure is handled somewhere the hook cannot see:

```js
// vcx-ignore error-handling -- app.js loads express-async-errors
router.get('/orders/:id', async (req, res) => res.json(await Order.findByPk(req.params.id)));
```

Names the configuration can extend (`[checks.error-handling]`):

- `fetch_functions`: functions with fetch's contract (resolve on 4xx/5xx, take a `signal`);
- `clients`: HTTP client modules and objects whose `get/post/put/patch/delete/request` calls are
  network calls (a project's own client object can be added here);
- `unhandled_callbacks`: APIs that call a callback without awaiting its promise;
- `catching_callers`: calls and option keys whose callbacks' rejections a library handles;
- `async_safe_modules`: modules that make Express forward async rejections.
"""
from __future__ import annotations

import os.path
from collections.abc import Iterator

from vcx_hook.checks.common import load_query
from vcx_hook.checks.error_handling import callback_promises
from vcx_hook.checks.error_handling import cancel_rejections
from vcx_hook.checks.error_handling import child_stdin
from vcx_hook.checks.error_handling import throwing_parses
from vcx_hook.checks.error_handling import effect_chains
from vcx_hook.checks.error_handling import error_sinks
from vcx_hook.checks.error_handling import escaping_callbacks
from vcx_hook.checks.error_handling import express_async
from vcx_hook.checks.error_handling import floating_calls
from vcx_hook.checks.error_handling import gate
from vcx_hook.checks.error_handling import handler_signatures
from vcx_hook.checks.error_handling import instance_timeouts
from vcx_hook.checks.error_handling import limiter_stores
from vcx_hook.checks.error_handling import listeners
from vcx_hook.checks.error_handling import network_calls
from vcx_hook.checks.error_handling import one_branch_promises
from vcx_hook.checks.error_handling import other_clients
from vcx_hook.checks.error_handling import own_wrappers
from vcx_hook.checks.error_handling import piped_bodies
from vcx_hook.checks.error_handling import promise_objects
from vcx_hook.checks.error_handling import request_wrappers
from vcx_hook.checks.error_handling import returned_in_try
from vcx_hook.checks.error_handling import stopping_polls
from vcx_hook.checks.error_handling import subscription_callbacks
from vcx_hook.checks.error_handling import subprocess_promises
from vcx_hook.checks.error_handling import then_chains
from vcx_hook.checks.error_handling import timers
from vcx_hook.checks.error_handling import unawaited_in_try
from vcx_hook.checks.error_handling import unawaited_sibling
from vcx_hook.checks.error_handling import unrejected_promises
from vcx_hook.checks.error_handling.facts import ID
from vcx_hook.checks.error_handling.facts import QUESTION
from vcx_hook.checks.error_handling.facts import Facts
from vcx_hook.checks.error_handling.facts import Names
from vcx_hook.config import Config
from vcx_hook.ecosystem import handlers
from vcx_hook.ecosystem import http
from vcx_hook.finding import MEDIUM
from vcx_hook.finding import Finding
from vcx_hook.lang.scope import Scope

__all__ = ('ID', 'QUESTION', 'SUMMARY', 'QUERY', 'NAMES', 'CONFIDENCE', 'relevant', 'run')
SUMMARY = 'a network call or promise with no catch, no status check or no timeout'
# Held-out precision below 80% for every shape (no ok check and no timeout 50% of 14, unchecked response 70% of 5):
# listed until worth asking 80% (docs/confidence.md); shapes under 40% are low, set by their rules.
CONFIDENCE = MEDIUM
QUERY = load_query(os.path.join(os.path.dirname(__file__), 'candidates.scm'), called=http.CALLED_NAMES, methods=http.METHODS)
NAMES = {
    # Functions with fetch's contract: they resolve on 4xx/5xx and take a `signal`.
    'fetch_functions': http.FETCH_FUNCTIONS,
    # HTTP client modules: called directly (`axios(config)`) or through methods (`got.post(url)`).
    'clients': http.CLIENTS,
    # Callbacks whose returned promise nobody awaits: a rejection inside them is unhandled.
    'unhandled_callbacks': frozenset((
        'setTimeout', 'setInterval', 'setImmediate', 'nextTick', 'queueMicrotask', 'on', 'once',
        'addListener', 'addEventListener', 'forEach', 'useEffect', 'useLayoutEffect', 'subscribe',
        'createServer', 'schedule',
    )),
    # Calls and option keys whose callbacks' rejections a library handles (React Query, SWR, Redux).
    'catching_callers': handlers.CATCHING_CALLERS,
    # Modules that make Express forward async rejections to the error handler.
    'async_safe_modules': handlers.ASYNC_SAFE_MODULES,
}


def relevant(scope: Scope, config: Config) -> bool:
    """A network call of a listed client or of an instance made here, a statement's ``.then`` chain
    with no ``.catch`` outside browser code, or another rule's own look (``gate.opens``)."""
    names = config.names[ID]
    return gate.opens(scope, names, _facts(scope, names, config))


# The rules that read the scope alone, in the order they are asked.
_SCOPE_RULES = (
    callback_promises, unrejected_promises, request_wrappers, one_branch_promises, stopping_polls, child_stdin,
    throwing_parses, limiter_stores, floating_calls, promise_objects, escaping_callbacks, unawaited_in_try,
    unawaited_sibling, returned_in_try, instance_timeouts, error_sinks, subprocess_promises, cancel_rejections,
    handler_signatures, piped_bodies,
)


def run(scope: Scope, config: Config) -> Iterator[Finding]:
    names = config.names[ID]
    facts = _facts(scope, names, config)
    reported: set[int] = set()
    yield from network_calls.findings(scope, names, facts, reported)
    yield from then_chains.findings(scope, names, facts, reported)
    yield from effect_chains.findings(scope, reported)
    yield from express_async.findings(scope, names, facts)
    yield from listeners.findings(scope, names, facts)
    yield from subscription_callbacks.findings(scope, names, facts)
    yield from other_clients.findings(scope)
    yield from own_wrappers.findings(scope, names, facts)
    yield from timers.findings(scope, names, facts)
    for rule in _SCOPE_RULES:
        yield from rule.findings(scope)


def _facts(scope: Scope, names: Names, config: Config) -> Facts:
    return scope.file.memo('error-handling.facts', lambda f: Facts(f, names, config))
