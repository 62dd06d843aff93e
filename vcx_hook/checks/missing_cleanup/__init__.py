"""missing-cleanup: a listener, timer or subscription added by code that runs again and again, never removed.

Code that runs again and again — a React effect (on every mount, twice in development, and on
every dependency change), a component's mount hook, a class constructor, a request handler — must
undo what it registers on something that outlives it. Otherwise each run stacks one more listener,
timer or subscription on `window`, a store or a module-level emitter: memory grows, handlers fire
N times, and timers keep unmounted components and closed connections alive. It never shows in a
demo; it shows after an hour in a long-lived tab or a busy server.

Asked, on the registration, for `addEventListener`, `.on`/`addListener`, `subscribe` (and Firebase
`onSnapshot`/`onAuthStateChanged`), `setInterval`, Mutation/Resize/IntersectionObserver `observe`,
`fs.watch`/chokidar, a router history's `listen`/`block` (in a file importing React Router or `history`),
(low) a store's `listen` handed a method of the class (Reflux's `store.listen(this.onChange)`), and opened
`WebSocket`/`EventSource`/socket.io-client connections, when they sit in:

- a `useEffect`/`useLayoutEffect` (or Svelte/Solid `onMount`) whose returned cleanup does not undo
  them — also when the commit only edits the cleanup or a callback of the effect, and when they sit
  in a function the component or hook declares that one effect calls and nothing else runs or hands
  on (`const listen = async () => { await PushNotifications.addListener(...) }`, `listen()` in the
  effect): over 656 tuning files of 92 applications it asked 2 new listed or low questions worth
  asking (a `resize` listener whose removal passes a new function, an interval that outlives the
  page) and 1 low one not, and nothing new over the 30 applications held out in rounds 14 to 16;
- `componentDidMount`, Vue `mounted`/`onMounted`, Angular `ngOnInit`/`ngAfterViewInit`,
  `connectedCallback`, NestJS `onModuleInit`, with no paired `componentWillUnmount`, `onUnmounted`,
  `ngOnDestroy`, `disconnectedCallback`, `onModuleDestroy`... undoing them (an edit of the teardown
  raises what it pairs with);
- a class `constructor` or `start()`/`init()`/`connect()`, registering on something outside the
  instance (`process`, `window`, an imported or module-level emitter) or starting a timer, with no
  `stop`/`close`/`destroy`/`dispose` method undoing it; not when the class's own module makes its
  one instance at load (`export const mediaManager = new MediaManager()`, and no `new` of it
  inside a function there): that instance, and what it registers, lives as long as the program;
  nor in a factory a parameter defaults to (`getWebSocket = (url) => new WebSocket(url)`): its caller runs it;
- a per-request or per-connection handler (a route handler, `io.on('connection', ...)`,
  `http.createServer(...)`) attaching to a long-lived emitter or starting a timer; also a method
  handed to the connection listener (`this.io.on('connect', this._connect.bind(this))`, a
  prototype method, a class method or field) and a method only such methods call
  (`this.streamerSocketForward(event, socket)`): each connection adds one more listener there;
  and a listener it adds to the socket a request's `'socket'` event hands over (`req.on('socket',
  (socket) => socket.on('timeout', f))`): a keep-alive agent gives that socket to later requests,
  each adding one more (hmpps-temporary-accommodation-ui's metrics, round 19: the question asked
  of the request's own listeners, judged borderline, named this as the real leak);
- any other method or field function of a class component (`class X extends Component`, its base
  imported from React, Preact or Inferno, or global: govuk-frontend's `Component` is not one), such as a
  ref callback observing its node, with nothing outside that function undoing it (undoing the old
  registration before making the next one, in the same function, still leaves the last one to
  `componentWillUnmount`);
- a Node-RED node (a function calling `RED.nodes.createNode(this, config)`, run on every deploy)
  subscribing or listening on a shared client or starting a timer, with no `unsubscribe`/`off`/
  `clearInterval` in the node (its `this.on('close', ...)` handler); the node's own events
  (`this.on('input', ...)`) die with it.
- (low) an A-Frame component's `init` or `play` (the object given to `AFRAME.registerComponent`,
  the global's or the `aframe` package's; A-Frame runs it for every entity that gets the
  component) registering on something that outlives the entity — a global (`window`,
  `window.APP.store`, an undeclared `APP`), an import or a module-level name, or the scene
  (`this.el.sceneEl`) — with nothing in the component undoing it (its `remove` or `pause`; an edit
  of those raises what they pair with): `window.APP.store.addEventListener('statechanged', () =>
  ...)` in `init` keeps every removed entity's component alive and running. Not the entity's own
  node, its `object3D`, its children or the component's fields, nor a system (`registerSystem`,
  made once per scene). Low: on hubs' current code it asked 4 questions, one worth asking (a
  virtual gamepad whose `remove` forgets the store and scene listeners), two borderline (a HUD's
  and a cursor's, made once per scene), one not (the camera rig's rotator).

How sure: an effect's registration is listed (medium confidence) when the effect starts a timer or
registers on something that outlives every component: `window`, `document`, an imported or
module-level emitter or store (`bus.on(...)`, `useStore.subscribe(...)`). It is low confidence
(`--show low`) when the target is the component's own (a hook's value such as `router.events`, a
ref not bound to an element, a prop, a local), when the registration waits in a callback the effect hands on
(`loader.ready(() => ...)`), for the page's own life events (`beforeunload`, `pagehide`,
`appinstalled`), and for an effect that runs once (`[]`) in the app's root component (Next.js
`pages/_app.tsx` and root `app/layout.tsx`, Remix's `app/root.tsx`, Expo Router's `app/_layout.tsx`:
mounted once for the app's life; jitsu's and cosmo's `_app.tsx`, 4 listed of 4 judged not worth
asking). On held-out code effect questions were worth asking 6 times of 28; the listed
sub-shape was worth asking 8 times of 9 on all judged code, the low one once (borderline) of 13.
Over every held-out round the listener questions of effects were listed worth asking 17% of 18 (no
cleanup returned) and 25% of 14 (a cleanup that does not undo them); the judged ones listed today
were worth asking 60% and 70% of 5 each. A subscription in an effect whose returned cleanup does
not undo it is low: worth asking 0 times of 8 judged (a feed subscribed through an API call,
unsubscribers the cleanup runs through a helper); with no cleanup returned it stays listed (79% of 7).
A class with no stop/close/dispose method is made to live as long as the page, the app or the
process: the timers it starts are low confidence (judged 0 of 10 worth asking, 2 borderline), so
are its subscriptions (0 of 5: harmony's status-change links made once per page), and
so is whatever a NestJS provider registers in `onModuleInit`/`onApplicationBootstrap` with no
shutdown hook, a timer, a listener, a watcher or a subscription (a provider is made once for the
application and Nest runs the hook once: judged 0 of 4 worth asking, 1 borderline: ohmyform's daily
metrics timer, reduced.to's Kafka consumer, tegon's Discord client and gamevault's chokidar watcher). So is
a mount hook of a component mounted once: the app's root component, and, one hop from it, an
Angular component whose element only the root's template holds, outside `*ngIf`/`*ngFor`/
`<ng-template>`/`@if` and not mounted by its class elsewhere (a route, a dialog):
`<app-toggle-button>` beside the `<router-outlet>` of `app.component.html` (ecosystem/app_shell.py;
NRPTI's toggle button and breadcrumb, round 19, listed and judged not worth asking and
borderline). So is a mount hook's listener on an object a library made in the hook (a layer
handed to `L.geoJSON`'s `onEachFeature`) when the teardown ends the object of that library the
component keeps (`this.map.remove()` in `ngOnDestroy`): NRPTI's map, its feature layers' 12
listeners listed and judged not worth asking. The
other contexts and a removal that cannot work are listed as before (too few judged findings).

With round 19 the templates listed today, over every held-out round (`python
bench/judged/shapes.py --held-out --check missing-cleanup`, judged rows re-run): an effect's
listener with no cleanup returned, 25% of 20 listed, the 7 still listed 71%; one its cleanup does
not undo, 25% of 14, the 5 still listed 70%; a mount hook's subscription with no `ngOnDestroy`, 43%
of 7, 3 still listed 83%; a mount hook's listener its teardown does not undo, 21% of 7, 2 still
listed 75%; an effect's subscription with no cleanup, 79% of 7, 6 still listed 92%; a removal
passing a new function, 85% of 13, 12 still listed 92%. Re-run with round 25, the listener ones
are the same; the class timers (8% of 12) and subscriptions with no teardown (0% of 4) and an
effect's subscriptions its cleanup leaves (0% of 5) list none; a class timer its teardown leaves
(0% of 4) lists 1 (hydrojudge's host), but under five, and it lists a real bug. An empty teardown
(`dispose() { }`) counts as none (hydrojudge's VJ4 host, not; speckle's viewer, borderline).

Also asked: a cleanup returned from a Solid effect (`createEffect`, `createRenderEffect`,
`createComputed` imported from `solid-js`): `createEffect(() => { window.addEventListener('storage',
f); return () => window.removeEventListener('storage', f) })`. React runs what an effect returns;
Solid hands it to the next run as the previous value, so the cleanup never runs and the listener or
interval stays; `onCleanup(...)` is Solid's cleanup. Asked at the `return` of a function (written
there or declared in the callback). Medium: over the files of 263 tuning mirrors calling these
(121 files) it asked the real bug and one more, both worth asking (papra's checkout countdown,
whose interval navigates away from whatever page the user went to).

Also asked: an effect that awaits (or waits in a `.then` callback) and then writes markup into a
ref's node (`ref.current.innerHTML = svg`) and returns no cleanup — what it built stays after
unmount, and a late result writes into a stale node.

Also asked: a class whose teardown (`onUnload`, `destroy`, `componentWillUnmount`, `stopSync`...)
clears some of its interval timers (`clearInterval(this.a)`) while another method (not the
constructor, `start()` or a mount hook, asked above) keeps `this.b = setInterval(...)` that nothing
in the class clears: the author cleans timers up there, so the one left out keeps firing after
every unload, once more per reload. Asked at the teardown (at the `setInterval` when only the method
starting it is touched); not when the class clears a timer through a local or a computed key (it
keeps its own books). Medium: over 18 tuning repositories (147 files with both calls) it asked
nothing but the real bug it was written for. Likewise a class whose teardown unsubscribes a field
(`this.txSubscription.unsubscribe()` in `ngOnDestroy`) while another method (not a mount hook)
subscribes to a stream the class holds through a service and keeps nothing
(`this.stateService.mempoolBlocks$.subscribe(...)` as a statement): each call leaves one more live
subscription; so does a stream a service's method hands out for its events, named for changes,
updates or events and given no argument (`this.timeoutNotificationsService.notificationOnChange()
.subscribe(...)` in a handler each user-details emission calls: rpx-xui-webapp's stacked sign-out
modals, a real bug of holdout13; over the 30 applications of rounds 16 to 18 and 171 files of five
Angular mirrors holding `unsubscribe()` it asked nothing else but that bug's guarded successor).
Not a request that completes (`this.api.getBlock$(id).subscribe()`) nor a piped
stream (`take(1)`, `takeUntil(...)`). Medium: on mempool's, worklenz's and erxes's current code
(118 files holding `unsubscribe()`) it asked nothing; with requests counted it asked 34 times,
nearly all HttpClient calls that complete. The constructor of an Angular `@Component` or
`@Directive` (of `@angular/core`) counts too: Angular runs it for every view it renders, as it runs
`ngOnInit`; there a store's selection (`this.store.select(getDirection).subscribe(...)` as a
statement) is such a stream as well. Not an `@Injectable` service, made once, nor a stream of a
Subject or form the class makes for its own field (`this.form = new FormGroup(...)`). Over eleven judged
applications and the files of 219 tuning mirrors holding an Angular decorator it asked the real bug
and its sibling the fix left behind (cht-core's date filter); asking every registration of a view's
constructor instead asked about 20 there, one worth asking (subjects, forms and elements the
component owns, root components made once). A view whose class has no teardown at all (no `ngOnDestroy`) is
asked there too, for a stream of a service the constructor is injected (`constructor(private
feedbackService: FeedbackService) { this.feedbackService.feedbackUpdate$.subscribe(...) }`), as the
same line in `ngOnInit` is: the service outlives the view and nothing can end the subscription
(planet's feedback page, a real bug of holdout12). Not the root component. Over the 30
applications held out in rounds 14 to 16 (two of them Angular) and the 20 tuning files of Angular
views subscribing to a service's stream with no `ngOnDestroy`, it asked nothing but the real bug. And an effect's interval that only stops itself
(`const id = setInterval(poll, 200)` in a `useEffect` whose every `clearInterval(id)` is inside the
interval's own callback, a function of the effect it names, with no cleanup returned):
left before the condition holds, or when it never does, it keeps running. Medium: over 16 tuning
React applications (144 files with both calls) it asked nothing but the real bug.

Also asked (low, `--show low`): a deadline that outlives what it guards, outside browser code: a
`setTimeout` armed in a `new Promise` executor to fail the operation (`reject(...)`, `req.abort()`,
an `ETIMEDOUT` error) while the executor resolves elsewhere, or in a promise raced by
`Promise.race`, whose id is dropped or kept and never used (not cleared, not handed on): every call
that settles in time leaves a live timer, and what its callback holds, until the deadline passes.
Not a literal delay under a minute. Over twelve applications the tool was never run on it asked
nothing; over twenty mirrors of tuning repositories it asked the real bug and its sibling in the
same file (a POST with the same whole-cycle deadline), and no other.

Also asked (low): a file opened and never closed: `await fs.promises.open(path, 'w')` (`open` of
`fs/promises`, `fs.openSync`) whose handle is dropped, or kept in a local name the function only
calls methods on (`fh.read(...)`, `fh.stat()`) and never closes, returns or hands on: every call
leaks a file descriptor, and a `FileHandle` left to the garbage collector is closed late, with a
warning. Not `fs.open(path, cb)` (the callback gets the descriptor) nor a handle given to a stream
(`fh.createReadStream()` closes it when it ends). Over eleven judged applications and the files of
219 tuning mirrors that open files it asked nothing but the real bug.

Also asked (low): a disposer kept and never called: `this.stopListeningFonts =
openmct.objects.observe(item, key, fn)` (or a class field, `unsubscribe = clock.subscribe(fn)`),
named for what undoes a registration (`stop...`, `unsubscribe...`, `unlisten...`, `dispose...`,
`off...`, `cleanup...`), where nothing else in the file names it (no call, no hand-over, no string;
a reset to `null` or an empty declaration in `data()` does not count): the author kept the undo,
so the registration needs one, and no teardown makes it. Not a DOM lookup or a bound function
(`this.stopButton = document.querySelector(...)`). Over the files of 263 tuning mirrors assigning
such a name to `this` (282 files) it asked nothing but the real bug (openmct's stacked-plot
font-style observer, left out of `beforeUnmount`).

Also asked (low): a teardown that clears another class's timers: `close()` (a teardown method, as
above) calls `clearTimeout(this.resyncTimer)` for fields nothing in the file sets (copied from a
sibling class's teardown), while the class keeps a timer of its own (`this.emitTimer =
setTimeout(...)`) that the teardown leaves armed: it fires on the closed instance. Asked at the
teardown; not in a class extending one of the project's own classes (the parent may set those
fields), nor when a timer is cleared through a local or a computed key. Over the files of 263
tuning mirrors clearing a `this.` timer (638 files) it asked nothing but the real bug
(emailengine's Subconnection).

Also asked (low): an entry of a module-level, imported or instance map removed on some paths only:
an in-flight promise (`pending[id] = save(x)`) removed only in its `.then` (a failure stays and is
served again; not when a `.finally`, a rejection handler, `clear()` or another function removes it),
or an entry deleted later on the add's own path with a `return`/`throw` between (`if (!session)
return;` before `delete pending[id]`: jsbin's pings, rafiki's card payments, holdout13 and 15), not
when a `finally`, a listener or a `catch` around the `throw` deletes it, nor an exit taken because
the entry is gone. Each asked only its real bugs over the tuning mirrors tried.
Also asked (low): a listener added where it should be removed: a block that removes a target's
listeners (`this.dialogElement.removeEventListener('cancel', this.onDialogCancel)`, the branch of a
ref callback given `null`) adds one to it (`this.dialogElement.addEventListener('keydown',
this.onKeyDown)`), an event and handler the file adds elsewhere too and never removes: the node let
go keeps the listener. Not an add of an event the block also removes (a handler swapped), a one-shot
waiter that removes itself and listens for what it waited for, nor a handler removed anywhere in
the file. Over the listener files of fifteen tuning mirrors (desktop, excalidraw, jellyfin-web,
hubs, openmct, tabby, cinny, insomnia, headlamp, redash, mempool, super-productivity, FUXA...) and
six judged applications it asked nothing but the real bug once the waiter was left out (hubs'
linked media).

A removal that cannot work is reported too: `removeEventListener('resize', this.onResize.bind(this))`
and `removeEventListener('keydown', () => ...)` pass a new function, so they remove nothing. So
does a removal, anywhere, given a wrapper's result (`removeEventListener('resize',
watchFunction(assertIsTrusted(this.onResize)), true)`, `bus.off('scroll', throttle(f, 100))`)
where an add on the same target gave the same expression for the same event: each call of the
wrapper makes a new function. Asked at the removal; not a call that takes nothing (a helper's
`dom.whichTransitionEvent()` names the event) nor `bind`/`useCallback`/`get...` lookups. Over the
files of 263 tuning mirrors with such a removal (134 files) it asked the real bug's sibling the fix
left behind (screenshots' scroll listener), and nothing else.
The `.bind(this)` or inline removal is asked (low, at the removal) in a class whose target seemed
to die with the instance too (`constructor(view) { view.dom.addEventListener('keydown',
this.onKey.bind(this)) }`, `destroy() { this.view.dom.removeEventListener('keydown',
this.onKey.bind(this)) }`): the removal says the target outlives the instance, and it removes
nothing (requestly's editor plugin, a real bug of holdout22); not on a target the class made, nor a
listener added with `once` or a `signal`. Over the files with such removals of eleven judged apps, nothing new.

Also asked (low): a release that runs only when nothing before it fails: an async function keeps
`const progress = setInterval(...)` or `const client = await pool.connect()`, awaits outside any
`try`, then `clearInterval(progress)` or `client.release()` in a plain statement, with no `finally`
or `catch` releasing it; a rejection leaves the interval running, or the pool a client short
(lisk-service, a real bug of holdout22). Not after a wait that cannot reject (`new Promise((resolve)
=> ...)`). Over the files with such releases of fourteen judged applications, nothing new.
Also asked (low): waiters that race in one `new Promise` and each undo only themselves (`const offSigned = subscribe(A, () =>
{ resolve(); offSigned() })`, `const offFlow = subscribe(B, () => { reject(); offFlow() })`): the loser stays registered
(safe-wallet, holdout22; nothing new on 6 judged apps); and a listener such an executor adds to settle itself (`listener`
resolving) on what outlives the call (`window`, a `this.` field, a module-level worker) that nothing removes (taho, holdout26).

Also asked (low): a removal without the capture flag its listener was added with:
`window.addEventListener('scroll', onScroll, true)` (or `{ capture: true }`) and
`window.removeEventListener('scroll', onScroll)`. The DOM keeps capture and bubble listeners apart
and removes only the one whose `capture` matches, so the removal does nothing and the listener
stays, one more per add; so too a wrapper whose add hands on its caller's options
(`target.addEventListener(type, listener, options)`, `options` a parameter) and whose removal passes
none. Matched on the same target, event and listener anywhere in the file; not when the options are
a name the file does not spell out, nor `{ passive: true }` or `{ once: true }` alone. Over the files
of 377 tuning mirrors holding a removal (2,663 files) it asked six questions besides the real bug
(hypothesis's ListenerCollection), each a capture listener left attached (excalidraw's text editor,
desktop's sandboxed markdown, openmct's status popup, a click-outside hook copied in jellyseerr,
overseerr and Maintainerr); over the ten round-14 held-out applications it asked nothing.

Also asked (low): a handle made on every call and never closed: `const audioCtx = new
AudioContext()` (also `new (window.AudioContext || window.webkitAudioContext)()`, the global) in a
function that plays a sound, `const zip = new StreamZip.async({ file })` of node-stream-zip, `const
archive = await Archive.open(buffer)` of libarchive.js (bound by the file's import or require, also
of a copy the project keeps, `../libs/nodeStreamZip`), kept in a local name the function only calls
methods on or reads properties of (`ctx.destination`), and never closes, returns or hands on. Each
call keeps one more: an audio context holds an audio thread until closed (browsers cap how many
are open), a zip its file descriptor, an archive its WebAssembly memory. Over the files of 377
tuning mirrors naming these it asked four questions besides the real bugs (super-productivity's
sound, audiobookshelf's uploaded backup and comic parser), each worth asking: an audio context made
per sound or per decoded clip and never closed (bitcore's insight, Flowise's waveform, leon's
forwarded audio and its listener); over the ten round-14 held-out applications it asked nothing.

Also asked (low): `clearTimeout()` or `clearInterval()` given no timer id (a teardown clearing a
timer whose id was never kept): it clears nothing, and the timer fires after the teardown
(OpenNeuro's loading-timeout wrapper, holdout13). Over the current code of nine applications
nothing else.

Also asked (low): a client with connections of its own made on every call and left open on some
path: a kafkajs producer, a Google Cloud client (any `...Client` of `@google-cloud/` or
`@google-analytics/`), a Redis, MongoDB, pg, BullMQ `Queue`, AMQP or MQTT client, bound by the
file's imports and kept in a local never closed, returned or handed on, or closed only at the end of
a `try` after awaited calls with neither `catch` nor `finally` closing it. Not one used the
long-running way (`run`, `subscribe`, `on`). AirQo-api: 10 questions, each the real bug's shape (a
producer per request disconnected only after a successful send); open-mercato: 1, worth asking.

Also asked (low), at a class's `stop()`/`close()`/`dispose()` naming no field that holds such a client
or a Yoga server the class makes (`this.yoga = createYoga()`) or is handed beside a field it shuts, nor
hands on (`open_fields`: cord-api, holdout24; bichard7, holdout19). Nothing new on 11 judged apps' 860 files.

Also asked (low): a tree a class renders that its teardown never unmounts: a constructor (or any
method but the teardown) calls Preact's or React DOM's `render(<ToastMessages bus={this.bus} />,
container)` (`render` imported from `preact` or `react-dom`, or `ReactDOM.render`) in a class with a
teardown method (`destroy`, `dispose`, `componentWillUnmount`...) while nothing in the class
unmounts (`render(null, container)`, `unmountComponentAtNode`, a root's `unmount()`): the components
stay mounted after the instance is destroyed, with their effects and subscriptions; removing the
container from the page does not run them. Over the files of 377 tuning mirrors calling `render(`
(4,984 files) it asked four questions besides the real bug (hypothesis's sidebar toasts): three in
hypothesis's draw tool, whose `destroy()` removes the containers but leaves their trees mounted
(worth asking), and sharetribe's reusable map, kept mounted on purpose (not); over the ten round-14
held-out applications it asked nothing.

Also asked (low): a fetch response returned from without its body read, in server code, where the
function reads the body on its other paths: `const res = await fetch(url)`, `if (res.status ===
304) return 'not_modified'`, then `await res.json()`. On Node (undici, node-fetch over a keep-alive
agent) a body nobody reads or cancels holds its connection and buffers until the garbage collector
gets to it, so a poll or an endpoint that keeps taking that branch runs out of sockets and memory
(jitsu's entity store and parabol's Tenor client, real bugs of holdout2 and holdout6); `await
res.body?.cancel()` frees them. Asked where the branch compares the status with a code normal
running answers with (304, 404, a redirect, 409, 410, 412, 429, or `!== 200`); not `if (!res.ok)`,
a failure's code (401, 500) or a range (`>= 400`): error paths (asked, they were the two questions
on the 30 applications held out in rounds 14-16, neither worth asking; now none); nor a `throw`, a
204, a `HEAD` request, or a response read or handed on in the branch. Over the files of 93 tuning
mirrors holding such a branch it asked 22 times, 9 worth asking (41%: 304s of polls, 404 lookups
per event or request, a resumable upload's 308), 10 borderline (retries on 429), 3 not.

Also asked (low): a listener a class with a teardown method adds to an object it was handed (a
prop, a parameter of the method, a field its constructor sets from a parameter: `this._container =
container`) with a named handler that nothing in the class removes outside the adding method (a
swap that removes the old listener leaves the last); asked at the teardown when it removes other
listeners, else at the add (matrix-react-sdk's thread view, hydrogen's root container).

Also asked (low): a cleanup returned where nothing runs it: a function arms a timer or adds a
listener and returns the function that undoes it, the way an effect returns its cleanup, but it is
an event handler handed to a JSX `on...` attribute (`onClick={this.handleDelete}`), whose result
React drops, or a `useCallback` callback taking no arguments that the file only calls as a
statement, hands to `on...` attributes or returns from the hook (`const joinCall = useCallback(()
=> { manager.on('participants_changed', f); return () => manager.removeListener(...) })`): the
undo never runs, one more timer or listener per call (facia-tool's image delete and element-call's
join, holdout18 and holdout17). Not a callback taking an argument (a ref callback, a store's
`subscribe`), one an effect is given, nor a timer under a second. Over the files of 28 tuning
React mirrors holding an undo it asked nothing else but two 100 ms copy toasts (outline's), since
left out as short timers.

Also asked (low): an object URL kept for display (`setPhoto(URL.createObjectURL(blob))`, a `useMemo` value,
`img.src`, a download link's `href` it clicks) in a file that never calls `revokeObjectURL`: each pins one more blob.

Also asked (low), at the teardown: a three.js `WebGLRenderer` or an OpenLayers/MapLibre/Mapbox `Map`
(`ecosystem.views`) made by an owner with a teardown (an effect cleanup, an unmount hook, `destroy`,
`terminate`, `teardownMap`) that nothing in the file releases (`dispose()`, `setTarget(undefined)`,
`remove()`, also through the name it is handed to): one more WebGL context per remake (zooniverse,
zskarte: holdout21; getodk: holdout18). Nothing asked over 8 judged apps' 200 such files.

Not asked:

- registrations undone anywhere in the effect, class or handler: the matching `removeEventListener`/
  `off`/`removeListener`/`removeAllListeners`, `clearInterval(id)` with the kept id,
  `sub.unsubscribe()`, `client.unsubscribe(topic)` on the subscribed client, a called or returned
  unsubscribe (`return store.subscribe(fn)`, also from a callback handed to a call that keeps it,
  such as Svelte's `derived(stores, (v, set) => other.subscribe(...))` or `new Observable(...)`;
  not one dropped by `map`, `forEach` or `then`), a listener's or subscription's disposer that
  flows into the effect's returned cleanup (`return navigation.on('screenChange', f)`: an effect
  returns only a function, so `on` hands back its remover; `return combineCleanupFunctions(
  bus.subscribe(a, f), ...)`, also through variables and arrays, when that return follows on every
  path; not `addEventListener`, which returns nothing), a timer, watcher or connection a React effect of a TypeScript file
  returns (its type allows only a function: onlook's `useFile`, round 29, not), an array of registrations whose every element the returned cleanup undoes (`return () => subs.forEach((l) => l.remove())`), a function of the component the effect returns by
  name (`return stopPolling`) or calls from its returned cleanup, an observer's `disconnect()`, a closed
  socket, client (pg's `end()`, Redis's `quit()`: round 27's credebl) or watcher, a handle kept in a collection (`subs.add(...)`,
  `timers.push(...)`), a handle kept through a ternary (`this.timer = ms > 0 ? setInterval(...) :
  null`, cleared by `shutdown()`), a disposer destructured and called (`const { unsubscribe } =
  bus.subscribe(...)`), handles gathered in an array the cleanup disposes of one by one
  (`[a, b].forEach((s) => s.unsubscribe())`); and undone in a Solid `onCleanup(...)` or Svelte `onDestroy(...)` that the
  component calls beside its `onMount`; listeners on a field of the class the class disposes of
  (`this.map.on('moveend', f)`, with `this.map.remove()` or `destroyMap(this.map)` in
  `ngOnDestroy`: the map goes, its listeners with it; nr-fom's, judged not worth asking);
- `once`, `{ once: true }`, `{ signal }` (an AbortController), `window`/`document` listeners for
  `load` and `DOMContentLoaded` (fired once per page), `.on(event, null)` (d3 and jQuery remove
  with it), RxJS pipes with `take`, `first`,
  `takeUntil`, `takeUntilDestroyed`...; `service.get().subscribe()` (a request that completes,
  like Angular's HttpClient) unless it comes from `fromEvent`, `interval`, `timer`, `select`...;
  Angular router observables (`this.route.paramMap`), which the router completes;
- listeners on elements or objects created in the same function (`document.createElement`,
  `new Image()`, a `create()` factory such as Stripe's `elements.create('payment')`, also when
  declared empty and built later in it, or kept on that function's own `this` and set nowhere
  else: `this._container = L.DomUtil.create('div')` in a Leaflet control's `onAdd`; the target of
  Leaflet's `L.DomEvent.on(el, ...)` and Google Maps' `google.maps.event.addListener(marker, ...)`
  is their first argument), on instances a hook makes for the component and destroys
  on unmount (`const [ref, api] = useEmblaCarousel()`, keen-slider, Tiptap's `useEditor`), on an
  object the effect makes and its returned cleanup disposes of (`const channel =
  supabase.channel(name)` ... `return () => supabase.removeChannel(channel)`), on the
  request, response or connection itself (also destructured from the handler's parameter:
  `agent.on('request', ({ req }) => req.on('response', ...))`), on `this.x` emitters the instance owns, or on emitters
  handed to a constructor; a client re-subscribing in its own `'connect'` handler (a broker keeps one a topic);
- listeners and subscriptions on what the component renders, known from the framework's bindings
  (ecosystem/owned): Vue `this.$refs.x`, `this.$el` and `useTemplateRef()`; a React ref bound by
  `ref={x}` (`useRef`, `createRef`, `this.x`) and its `.current`, a node a callback ref stores
  (`ref={(n) => { this.modal = n; }}`), `findDOMNode(this)`; Angular `@ViewChild`/`@ViewChildren`/
  `@ContentChild` members (a `QueryList`'s `changes`, a queried element; not a child directive's
  other streams, which may listen on the document) and an injected `ElementRef`; a custom element's `this`
  (`extends HTMLElement`, round 28's nav-dekoratoren, 17 not worth asking; `LitElement` of `lit`, or a class
  extending one up to three modules away in a project declaring Lit: round 30's your-priorities-app, its base
  class's `this.addListener(ev, f.bind(this))`, 9 not; not handed `window`), and its own shadow root (`this.shadowRoot`, `this.renderRoot`); what is found or built from them
  (`jQuery(node)`, `node.querySelector(...)`, `this.table = $(this.tableNode).DataTable(options)` and the
  rows it hands to the callbacks of its options, a `document.createElement` node kept on `this`, an editor built
  in a node appended to the ref's node, `new Quill(container.appendChild(div)).root`: psa-job-store's editor,
  round 24, not worth asking): they die with the component. Still asked when the path leads out of it (`node.ownerDocument`, `parentNode`, `closest()`), and
  on `window`, `document`, buses, stores and services or emitters handed in as props. Round 4 judged
  all four such listed questions 'not' (mailtrain's modal and DataTables rows, apostrophe's range
  input, pigallery2's `@ViewChildren`);
- `subscribe(user.email)` with no receiver and no callback: a mailing list, not an event source; an effect's interval that clears itself once an end time under a minute ahead passes (`end = Date.now() + 3 * 1000`: a confetti burst, comp, not);
- one-time registrations at start-up: `process.on('SIGTERM', ...)` at the top level or in a function
  that is not one of the contexts above (in a class's method, a signal, `exit` or a parent's `message` is low: the class is what the process runs; 2 judged, not);
- listeners a class registers when the class has no stop/close/dispose method (or an empty one): nothing can
  dispose of its instances, so it is built to live as long as the app (a store, an SDK client), and
  its listeners with it (its timers are still asked).

Bad:

```js
useEffect(() => {
  window.addEventListener('resize', onResize);
  const id = setInterval(poll, 5000);
}, []);
```

Good:

```js
useEffect(() => {
  window.addEventListener('resize', onResize);
  const id = setInterval(poll, 5000);
  return () => {
    window.removeEventListener('resize', onResize);
    clearInterval(id);
  };
}, []);
```

Answer it in code when the registration lives as long as the program:

```js
// vcx-ignore missing-cleanup -- one AuthStore for the app's lifetime
window.addEventListener('storage', this.onStorage);
```

Names the configuration can extend (`[checks.missing-cleanup]`):

- `effect_hooks`: hooks whose callback returns its cleanup (`useEffect`, `onMount`...);
- `mount_hooks`: composition-API mount hooks (`onMounted`...);
- `mount_methods`, `start_methods`, `teardown_methods`: lifecycle methods that register and undo;
- `long_lived`: globals that outlive every caller (`window`, `document`, `process`...);
- `connection_events`: events whose callback runs per connection (`connection`, `request`...);
- `completing_operators`: RxJS operators that end a subscription; `endless_sources`: calls whose
  observables never complete; `router_observables`: router observables completed for you.
"""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.missing_cleanup import dom_writes
from vcx_hook.checks.missing_cleanup import dropped_subscriptions
from vcx_hook.checks.missing_cleanup import low_rules
from vcx_hook.checks.missing_cleanup import partial_teardown
from vcx_hook.checks.missing_cleanup import registered
from vcx_hook.checks.missing_cleanup import registrations
from vcx_hook.checks.missing_cleanup import self_stopping_timers
from vcx_hook.checks.missing_cleanup import solid_effects
from vcx_hook.checks.missing_cleanup import wrapped_removals
from vcx_hook.checks.missing_cleanup.undone import REGION_QUERY  # noqa: F401 (the registry's queries are compiled for every grammar)
from vcx_hook.config import Config
from vcx_hook.ecosystem import resources
from vcx_hook.finding import Finding
from vcx_hook.finding import LOW
from vcx_hook.finding import MEDIUM
from vcx_hook.lang.scope import Scope

ID = 'missing-cleanup'
QUESTION = 'Who removes this listener/timer/subscription, and when?'
# Held-out precision 17% (12 judged findings, bench/judged): its questions are listed, not blocking,
# until a shape is shown to be worth asking 80% of the time; weak effect shapes are low (tiers.py).
CONFIDENCE = MEDIUM
SUMMARY = 'a listener, timer or subscription added in an effect, mount hook, constructor or per-request handler, never removed'
# Registrations are found by name (`registrations.registrations`): a query would walk every tree for a few calls.
QUERY = ''
# The defaults are ecosystem/resources' lists; `[checks.missing-cleanup]` extends them.
NAMES = {
    'effect_hooks': resources.EFFECT_HOOKS,
    'mount_hooks': resources.MOUNT_HOOKS,
    'mount_methods': resources.MOUNT_METHODS,
    'start_methods': resources.START_METHODS,
    'teardown_methods': resources.TEARDOWN_METHODS,
    'long_lived': resources.LONG_LIVED,
    'connection_events': resources.CONNECTION_EVENTS,
    'completing_operators': resources.COMPLETING_OPERATORS,
    'router_observables': resources.ROUTER_OBSERVABLES,
    'endless_sources': resources.ENDLESS_SOURCES,
}

def relevant(scope: Scope, config: Config) -> bool:
    """A registration by its callee's name in the file (or the region of an edited cleanup), or a rule's own gate."""
    return registrations.possible(scope.file) or low_rules.possible(scope) or any(
        rule.possible(scope) for rule in (dom_writes, solid_effects, wrapped_removals))


def run(scope: Scope, config: Config) -> Iterator[Finding]:
    names = config.names[ID]
    for where, message, evidence, confidence in registered.find(scope, names, config.shell_selectors):
        yield scope.finding(where, ID, message, QUESTION, evidence=evidence, confidence=confidence)
    for write, message, evidence in dom_writes.find(scope, names):
        yield scope.finding(write, ID, message, QUESTION, evidence=evidence)
    for where, message, evidence in (*partial_teardown.find(scope, names), *dropped_subscriptions.find(scope, names, config.shell_selectors),
                                     *self_stopping_timers.find(scope, names), *solid_effects.find(scope),
                                     *wrapped_removals.find(scope), *low_rules.listed(scope)):
        yield scope.finding(where, ID, message, QUESTION, evidence=evidence)
    for where, message, evidence in low_rules.find(scope, names):
        yield scope.finding(where, ID, message, QUESTION, evidence=evidence, confidence=LOW)
