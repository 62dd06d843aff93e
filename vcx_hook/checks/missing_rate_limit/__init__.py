"""missing-rate-limit: a route that does something abusable or expensive, with no rate limiter.

An endpoint works the same for one caller and for a script in a loop. When each call sends an
email or SMS, checks a password, charges a card, calls a paid AI or third-party API, takes an upload
or renders an export, the loop costs money (the provider bills or bans you), reputation (your mail
domain is blocklisted) or CPU (bcrypt and PDF rendering are slow on purpose), and a sign-in route
without a limit is a credential-stuffing target.

Asked once per route, on the line that registers it (`app.post(...)`, the `@Post()` decorator, the
exported Next.js handler) — also when the commit only edits the handler's body — for:

- Express, Koa, Hono and Fastify routes (`app.post('/x', ...)`, `router.route('/x').post(...)`,
  `fastify.route({ method, url, handler })`), NestJS controller methods (the path joins the
  `@Controller` prefix), Next.js API routes (`pages/api/*` default exports, `export async function
  POST` in `app/**/route.ts`, with the path taken from the file path), Nitro (Nuxt, h3) server routes
  (`export default defineEventHandler(...)` in `server/api/**`, the method from a `.post.ts` suffix),
  hapi route objects (`{ method: 'POST', path: '/x', handler }`, the handler also in `config` or
  `options`) wherever they stand, in an array a module returns for the server to register, and
  route modules a loader registers (`export const options = { url: '/auth/login', method: 'post' }`
  beside `export const run = async (req, res) => ...`; the options' other keys are its middleware,
  Fastify's `options: { rateLimit }` too), low like hapi's, as the loader may add a limiter;
  and the actions of a controller module (a file under `controllers/` or named for one,
  `UserController.js`, not a NestJS controller): its classes' methods, its exported object's
  functions and its top-level functions that take `(req, res)`, mounted by a routes file out of
  sight (`router.post('/users', (req, res, next) => userController.postUsers(req, res))`, Sails'
  `'POST /login': 'UserController.login'`), the action's name standing for its path (`login`,
  `forgotPassword` is `/forgot-password`; a sign-in name only where the action reads what the
  caller submits, `req.body` or a passport strategy, not a `login` that redirects to an identity
  provider): low, as the routes file may put a limiter in front of it (communities' registration,
  holdout12; Gladys' Sails login, holdout); and in any file, a function or method that takes
  Express's response by its type (`handleSendTokenEmail(email, force, res: Response)` of a user
  service a route hands `res` to: zupass' login-code mail, holdout13), low for the same reason;
- whose handler (inline, or a function of the same file passed by name) or route middleware does
  abusable or expensive work: sends mail (`sendEmail`, `SendEmail`, `transporter.sendMail`, `resend.emails.send`,
  `SendEmailCommand`), SMS (`sendSms`, Twilio `messages.create`) or push notifications (a function
  the handler itself declares is judged by the calls in its body, not its name: an event-stream
  route's `const sendNotification = (id) => res.write(...)` sends nothing); checks
  passwords or one-time codes (`bcrypt.compare/hash`, argon2, `passport.authenticate('local')`,
  `signInWithPassword`, `verifyOtp`; a project's own `verifyPassword`/`comparePassword` when it is
  given the stored hash too, `verifyPassword(input, user.password)`, or is a method of the user
  record, `user.comparePassword(input)`, not a strength rule given the new password alone,
  `userSystem.validatePassword(pw)`: nothing stored is compared, judged 0 of 4); starts payments that charge
  a card the caller gives (`stripe.paymentIntents.create`, `createPaymentIntent`: card testing), not a
  hosted Checkout or billing-portal session, a customer or the caller's own subscription items; calls an AI API (`openai.*`, `anthropic.*`,
  `generateText`, `streamText`..., or any method of a client an AI package made, also one a function
  of the file declared to return it hands out: `const client = getAnthropicClient(); client.messages.stream()`,
  octopus's chat, a real bug of holdout14; or a plain HTTP request to a model's API, its address or
  body naming one: `fetch('https://api.replicate.com/v1/predictions', ...)`, roomGPT's restore
  route, a real bug of holdout19); takes uploads (`upload.single()`, `req.file(s)`, `formidable`,
  `s3.upload`); renders files (`puppeteer.launch`, `new PDFDocument`); bulk-writes (`createMany`,
  `insertMany`, `bulkCreate`; not of rows the code spells out, `createMany({ data: [a, b] })`);
  spawns processes; a NestJS route taking uploads through its interceptors
  (`@UseInterceptors(FilesInterceptor('attachments'))` of @nestjs/platform-express) as an upload
  middleware (swetrix's feedback, holdout2);
- or whose path alone says sign-in, sign-up, password reset, one-time code or single sign-on
  (`POST /login`, `/auth/forgot-password`, `/verify-otp`, `/auth/saml/verify`; a single sign-on word
  only next to a sign-in one: `/api/v1/sso/exists` manages connections, and at low confidence: the
  identity provider posts a signed assertion or a code, judged 1 of 3 worth asking, dub's SAML verify
  a real bug), also in a router or controller file (`router.post('/login', auth.login)`) of a
  project that depends on no limiter package: nothing can stand at its mount (judged 69% of 8:
  plunk, undb, bulletproof-nodejs and Mailtrain worth asking, nestjs-boilerplate's social sign-ins,
  which exchange a provider's token, not; low where the handler reads nothing from the body but a
  token, `body.token`, `req.body.idToken`: a JWT or a provider's credential exchanged for a
  session, nothing to guess, block-explorer's `POST /auth/login`, round 29, judged not); or, where
  the whole request pipeline is in view (a file
  that creates the app, a Next.js handler), export (`/export`): low behind sign-in (its middleware,
  or the handler's own 401 answer or role check, `enforceIsAdmin(user)`): an account that loops an
  export of its own data is bounded (judged 0 worth of 9 signed-in exports, 5 borderline; a share
  link's export that needs no session was worth asking);
- or (low, `--show low`, any route file) a `POST` that no sign-in middleware guards whose path says it
  makes an account (a create word and an account word: `/create/device-account`, `/users/create`):
  a script mints accounts without end (a real bug of issue 18; not yet judged, and a limiter the
  handler's domain call applies is out of sight).

Also asked, at medium confidence, for entry points called by name rather than by URL: Next.js
server actions (the exported functions of a `'use server'` file), next-safe-action actions
(`actionClient.schema(s).action(fn)`), tRPC mutations (`name: procedure.input(s).mutation(fn)`) and a
NextAuth credentials provider's `authorize()` (always when its `credentials` take a password, PIN or
one-time code, or are not declared: it is the sign-in form; not when they take only a one-time OAuth
code to exchange, as an IdP-initiated SSO step does). They are asked for
the work above, and, like routes, when the handler compares a submitted password, PIN or code with
the stored one itself (`if (survey.pin !== parsedInput.pin)`) or checks the caller's current
password (`input.currentPassword`): each call is one guess. Not a new password compared with its
confirmation field (`password !== passwordConfirmation`, `data.get('repeatPin') !== pin`): a typing
mistake on a form, nothing stored is guessed (reva's reset-password action, round 20, judged not).
Nor a server action that takes no arguments and signs in (`devLogin()` calling `signInWithPassword`
with a seeded user's fixed credentials: onlook's, round 29, judged not): no caller hands it a guess.

Each question is also about the handler and the call or middleware that does the work (its
evidence, docs/changed.md). Every question of this family is medium confidence (listed; blocking
with `block = "medium"`; bench/judged: a route checking passwords 64% of 7, a route taking an upload
middleware 67% of 3), but for work whose abuse an account bounds, judged mostly not worth asking and
so low confidence (not listed unless `--show low`):

- mail and AI calls that only signed-in callers reach (`ecosystem.callers`: auth middleware on the
  route, or a permission or role check, which only an account passes, `acl.hasPermission('x')`,
  `checkRole('editor')`, a NestJS controller method no `@Public()` opens, a tRPC builder other than
  `publicProcedure`, a next-safe-action client named for auth): mail 0% of 5 (admins creating
  users, members inviting, tenants mailing their own invoices), AI 17% of 6 (the organization's own
  key, a signed-in team, a cheap model), and bulk writes (0% of 2: a member forking their own
  thread, a campaign's tasks behind the project's secret key: middleware named for a secret or API
  key counts as signing in), files rendered and media processed (30% of 5: hollo's media upload,
  pwndoc's admin backup); these three also where the handler reads its caller's session and answers
  401 without one, or sends them to the sign-in page (`redirect('/login')`), a Next.js API route's own
  sign-in (ztnet's zip, egapro's PDF: not, borderline; langtrace's dataset rows, round 32: not).
  The anonymous contact form and AI endpoint stay listed;
- mail from a server action or route handler that reads its caller's session (`await
  requireAuthenticated()`, `getServerSession()`, `auth()`) to people the application already knows
  (every recipient read from a record looked up there or from the session: `to: assignee.email`
  after `prisma.users.findFirst()`; a message naming no address, only a record's key, `sendVerificationEmail({
  userId: member.uuid })`, which the mail helper looks up: espace-membre's new-member validation,
  round 20, judged not) or through the caller's own mail account (a
  `nodemailer.createTransport()` the handler makes with a password read from the caller's records,
  not the environment): assignment notifications and a built-in mail client, 0 of 4. Mail to an
  address the caller names (`to: input.to`) stays listed (an invoice mailed to any address from the
  organization's domain, worth asking), and so does an anonymous handler mailing a stored user (a
  password reset floods anyone's inbox);
- AI calls through a client the handler makes with a key that is not the operator's (`new OpenAI({
  apiKey: profile.openai_api_key })`, `new GoogleGenerativeAI(profile.google_gemini_api_key)`: not
  `process.env`, a constant or the configuration): each caller spends their own key (chatbot-ui's
  chat routes, judged 0 of 6);
- a password or code checked by a hosted auth provider, a sign-in method of its client's `auth`
  (`supabase.auth.signInWithPassword()`, `supabase.auth.verifyOtp()`, `signInWithOtp`,
  `resetPasswordForEmail`): the provider's endpoint counts and limits the attempts (Supabase Auth's
  rate limits on sign-in and token verification). Judged 0 worth asking of the 5 listed on held-out
  code (capgo's invitation sign-in, borderline, and its impersonation's `verifyOtp`, not; midday's
  code step, borderline; morphic's emailed `token_hash`, not; onlook's seeded dev sign-in, not). A
  project's own hash comparison (`bcrypt.compare`) stays listed;
- an upload seen only in the handler's body (`req.file`, `new PutObjectCommand()`, `s3.upload()`):
  0% of 3 (a server-side copy, an API-key route); an upload middleware on the route stays listed
  where anonymous callers reach it (workadventure's audio upload, worth asking), and is low behind
  sign-in middleware (`validateUserHasRequiredRoles(['admin'])`, `authCheck`): held out, the uploads
  (on the route or in the handler) that only signed-in callers reach were judged worth asking 21% of
  12 times (0 worth asking, 5 borderline: food-oasis's admin-role CSV import, superuser and admin
  asset uploads, a self-hosted app's own users); the upload middleware listed before, 50% of 3 (the
  anonymous one worth asking, the two behind sign-in 25%).
- a call handed an array of command-line options (`run(url, ['--skip-download', '--cookies',
  path])`, also through a `const` of the handler): a helper of the project that runs a program
  (YoutubeDL-Material's cookie test, a real bug of issue 18). Not judged on held-out code;
- a call that asks an AI model through the project's own code: a function of a local module named
  for one (`chatReplyProcess()` of `./chatgpt`, anything of `@/lib/openai`) or a method whose name
  says it asks one (`dataRequestController.askAi()`), not one that reads its settings (`chatConfig()`):
  the helper, out of this file's sight, may limit or cache (chatgpt-web's `/chat-process`, a real bug
  of holdout8; chartbrew's `askAi` route, of holdout3). Over 27 applications, 15 of them built on AI
  APIs, it asked nothing besides those two. In a project that depends on an AI package, also a local
  function named for a chat and nothing else (`chat()` of `./services/chat.service`: planet's chat
  gateway, holdout12);
- a call to the project's own function in another file (imported from a relative path or a
  `tsconfig.json` path alias, a class constructed from one or injected) whose body sends mail or SMS
  or asks a paid AI API (`new ConversationService(form).getNextQuestion()` whose service asks OpenAI,
  `fetchSentimentBatch()` posting to xAI's chat completions: ConvoForm's and temple-stuart's routes,
  real bugs of holdout14), read one hop away (`ecosystem.helper_effects`); not judged on held-out code;
- a route whose handler takes a person's password from the request body (`req.body.password`,
  `const { password } = request.payload`, `ctx.request.body`) when nothing else raises it: a
  sign-in, a dashboard password, an account set up from an invitation (caprover's login router, a
  real bug of issue 18). Not a service's credentials: a password taken with a `host`, `url` or
  `port`, or kept as a record's data (`{ ...body, password: req.body.password }`);
- a route whose path says sign-in only by naming a second factor (`POST /2fa`, `/:id/mfa`, `/totp`)
  that only signed-in callers reach (its middleware, a Fastify route hook the file defines that
  verifies the caller's token or answers 401, `{ preValidation }` calling `request.jwtVerify()`,
  a NestJS or routing-controllers controller no decorator opens, or an earlier path-less `use()` of its router demanding a signed-in caller:
  `auth.use(loginRequired)`, not `use(session(...))`; or, where a route has no middleware, a handler
  that reads its caller's session and answers 401 without one: `await auth.api.getSession(...)` in a
  Next.js API route): the account sets up or removes its own
  factor with a secret it supplies, nothing to guess (hollo's `/auth/2fa` and beabee's
  `/contact/:id/mfa`, round 23, and pwndoc's `POST /api/users/totp` behind
  `acl.hasPermission('validtoken')`, round 27: not worth asking 3 of 3, all listed before; ztnet's
  session-gated `/api/auth/two-factor/totp/setup`, `enable` and `disable`, round 28: 1 not, 2
  borderline, a stolen session's guesses at a factor). So is a path whose only sign-in word is
  `password` on such a route (`PATCH /account/me/password`, `PUT /users/password/:email`): the
  account changes its own password, judged 12% of 4 (schulcloud's, credebl's and api-subventions'
  not, saas-starter-kit's borderline), while the two a signed-out caller reaches were worth asking
  (joplin's and paas-admin's reset mail); a handler that checks the current password in sight is
  asked for that, as before (karakeep's `changePassword`, a real bug). So is a second factor's
  set-up by its path alone (`/2fa/setup`, `/totp/enable`, `/2fa/disable`, `/2fa/backup-codes`), its
  guard out of sight (a proxy forwarding the cookie to the API): a factor is enrolled into an account
  (Palmr's proxies, round 34, and ztnet's routes: 0 of 7 worth asking, 3 borderline). The second-factor
  check of a login, reached before sign-in (hollo's `/login/otp`, worth asking), stays listed;
- a route whose path names a one-time code or second factor only inside a longer segment
  (`/verify-totp-auth`, `/login-otp`, `/check-2fa-code`): a sign-in step that takes a short code,
  whose whole-word `/otp` is listed (oneuptime's TOTP step, a real bug of holdout19; not judged on
  held-out code);
- a POST route that no sign-in middleware guards whose path says it checks or re-sends an emailed or
  texted code (`/verify-email`, `/resend-otp`, `/resend-verify-email`, any segment that re-sends:
  `/resend-confirmation`): a six-digit code is guessed in a loop, a resend mails whoever the body
  names (InternHack's `/verify-email`, a real bug of holdout6; ayunis' `/users/resend-confirmation`,
  of holdout25; not judged on held-out code, and a link's long token is no guess);
- an anonymous POST route that makes an account (`new User()` then `u.create()`, `User.create()`,
  `prisma.user.create()`, `createUser()`) with no sign-in middleware and no read of an
  `authorization` header, `req.user` or a session in its handler (LndHub's `POST /create`, a real
  bug of issue 18), or that makes it where the handler found no caller (the `else` of `if
  (currentUser)`: a signed-in caller invites, an anonymous one registers);
- a write route (POST, PUT, PATCH, DELETE) left out of the limiter its neighbours take: at least
  two other write routes of the same router in this file, and half of them, pass one limiter
  (`router.post('/addinvoice', postLimiter, ...)`) and this one none, whatever it does (LndHub's
  `/payinvoice`, a real bug of issue 18). A limiter on fewer of them is for one purpose (the
  sign-in steps, key management) and says nothing about the rest;
- a write route that no sign-in middleware guards, of a resource whose other route in this file takes
  a limiter (the same receiver and path once its parameters are left out: `app.get('/invoice/:id',
  { config: { rateLimit } }, ...)` beside `app.post('/invoice', optional, invoices.create)`): reading
  it was limited and making it was not (coinos's invoices, a real bug of holdout8). Over 21
  applications it asked nothing else;
- a route that may be limited out of this file's sight: in a router or controller file, a Next.js
  handler or a tRPC procedure when the project depends on a limiter package (applied where they are
  mounted: `app.use`, a global `ThrottlerGuard`, Next.js middleware, a base procedure), a sign-in
  path alone included. Low keeps them for recall (dub's SAML verify route, pingvin-share's
  `auth/signIn`, real bugs fixed by adding a limiter there). A credential's route (sign-in,
  sign-up, password, code) is not low when the project mounts no limiter anywhere (no file `use`s
  or `register`s one, no global guard, no middleware file names one) and a file imports a limiter
  package: the project calls its limiter in the handlers that want one (joplin's login calls
  `limiterLoginBruteForce(ip)`, a helper over rate-limiter-flexible), so a sign-up or
  password-reset handler that calls none has none (both judged worth asking in round 12;
  `ecosystem.app_limiters.mounts`, every source file read when a route is in the commit). Other
  work stays low there: papermark's team invitations and bulk edits, behind a session;
  and every hapi route object, registered by a server
  out of sight whose plugins or the project's own limiter service (fxa's `customs.check()`) may
  cover it: of 10 on fxa-auth-server, most handlers call that service themselves or through a
  helper (a real bug of issue 18 was the one verification route that did not).
- a sign-in or code-check route (`POST /email/login`, `/verify-otp`; not a sign-up or a reset, whose
  mail no counter bounds) of a routes file whose handler is imported, in an app that counts sign-in
  attempts (a file beside the routes' folder, not below it, keeps `login_attempts`, `otpAttempts`,
  or calls `recordLoginAttempt()`/`verifyLoginAttempt()`: `ecosystem.app_limiters`, every source file
  read when a sign-in route is in the commit): the handler may lock the account after too many tries,
  a limiter of the project's own (vao's two logins, round 20, judged not worth asking twice);
- a password compared where no route of the file runs it (`password_checks.py`): a password
  hasher's `compare`/`verify` given two values (`bcrypt.compare(password, userData.password)` in a
  user service's `authenticate()`; a bare `verify` imported from a hasher or from the project's module
  named for one, `const { verify } = require('../data/hash')`: BanManager's login, holdout13; a
  promisified alias of one, `const bcryptCompare = thenify(bcrypt.compare)`: ShieldBattery's login, holdout24), a project's `verifyPassword` given the stored hash too or in a
  function that reads a password from the request body (a handler a project's own helper registers),
  `crypto.timingSafeEqual` of a value named for a password; not a hasher's compare of an API key
  (`compare(apiKey, key.hashedKey)`: made from random bytes, no guess finds it; akash's, round 31,
  judged not worth asking twice); not where the function names a limiter
  in its code, nor in a file an app-wide limiter covers. Whatever calls it, each call is one guess
  (wildduck's application passwords, of holdout; persona's `authenticate_user`, of holdout11). Over
  30 applications it asked 4 times, each a sign-in or password change no limiter covers (3 of them
  also asked on the route or `authorize()` that reaches them);
- a one-time code compared with the stored one where no route of the file runs it (`code_checks.py`):
  an equality between a value named for a code (`otp`, `pin`, `tfaCode`, or a `code`/`token` the
  names around it say is mailed or texted for a sign-in or a verification: `EmailTokenService.
  checkTokenCorrect()`) read from a record the function fetched, and one that reaches the function
  through its parameters (`authenticationCode === user.tfaCode` in a GraphQL mutation's
  `mutateAndGetPayload`: tracker's second factor and zupass' login code, real bugs of holdout17 and
  holdout13); not a record's own code (`category.code !== doc.code`), nor the environment's. Over
  eight tuning applications with such comparisons it asked once: proconnect's e-mail PIN check,
  whose route takes a limiter (not worth asking there); a first version that took any `code` asked
  a dozen categories' and units' codes in erxes;
- a sign-in link or code mailed where no route of the file runs it (`login_links.py`): a function
  named for one (`sendMagicLink`, `loginMagicLink`, `sendLoginCode`, `sendOtpEmail`; not `verifyOtp`)
  whose body sends the mail, in a service a GraphQL resolver or a routes file elsewhere calls; not
  where the function names a limiter, nor in a file an app-wide limiter covers. Each call mails
  whoever the caller names (klicker's `sendMagicLink` mutation, cobudget's `loginMagicLink`: real
  bugs of holdout16 and 18). Over six tuning applications with such names it asked 4 times: an
  anonymous GraphQL mutation mailing a magic link (worth asking), two mail helpers whose routes are
  out of sight (borderline), a helper whose route takes a limiter named for it (not). Texted too
  (`sendSms`, `twilio.messages.create`, Twilio Verify's `verifications.create({ to, channel: 'sms'
  })` in manifold's `requestOTP`, a real bug of holdout19): each text costs money (SMS pumping);

Held out, the listed templates under 40% (`python bench/judged/shapes.py --held-out --check
missing-rate-limit`) are narrowed to a part worth asking by the rules above, judged rows re-run:
an AI call in a handler, 36% of 11, keeps 4 listed, all worth asking (lunary's anonymous prompt
routes, litlyx's report), 6 low (the caller's own key); a sign-in path in a handler, 28% of 9,
keeps 3 (50%: a sign-up mailing any address, a signed-in password change, a reset behind a long
token), 3 low (identity-provider callbacks), 3 no longer asked (connection APIs under `sso`); mail
from an action, 17% of 6, keeps 2 (50%: an invoice to any address, a welcome mail behind a token),
4 low (assignees, the caller's own mail account); mail from a NestJS route, 0% of 4, and an AI
call in a tRPC procedure, 10% of 5, keep none; a password check on a route, 20% of 5, keeps the
worth-asking login, the strength rules low or no longer asked.

Not asked:

- a limiter on the route (`app.post('/x', loginLimiter, ...)`, `rateLimit({...})` inline, Fastify
  `config: { rateLimit }`, hapi's `plugins: { 'hapi-rate-limit': {...} }`), on its router or in an `app.use(...)`/`router.use(...)` earlier in the
  file (or one that mounts the router; also the row of a mount table that names the router's module,
  by binding, whose rows a `use` spreads: `[['/auth', authLimiter, authRoutes(components)], ...].map(
  ([path, ...rest]) => app.use(path, ...rest))`, catalogue-apprentissage's sign-in and password
  routers, round 31, judged not worth asking; a row with no limiter is asked), `fastify.register(rateLimit)`, `@Throttle()`/`ThrottlerGuard`
  or any `@nestjs/throttler` import in a controller, one the project registers for every route of
  its app in another file (`ecosystem.app_limiters`: a NestJS `{ provide: APP_GUARD, useClass:
  ThrottlerGuard }` or a project guard named for throttling, `app.useGlobalGuards(new
  ThrottlerGuard())`, an entry file's `app.use(limiter)` with no path or one every request matches
  (`app.use('*', limiter)`), or `fastify.register(rateLimit)`
  not `global: false`; it covers the route files in folders below its own, not a file that makes its
  own app (a Hono file makes one only when it serves it or exports it as the default: a router is
  `export const authRouter = new Hono()`), unless the entry file mounts that file's app after its limiter: `app.use('/account',
  accountApp.handlers)` of `import * as accountApp from './app-account.js'`; a NestJS `APP_GUARD` covers the
  whole application whichever of its modules provides it: the folder of the file that starts it,
  `NestFactory.create(AppModule)`, and below, as credebl's gateway, whose `GeoLocationModule` in a
  folder of its own provides a `RateLimiterGuard` (round 27, three listed questions judged borderline
  or not: the claim of no limiter was wrong); a Next.js middleware's list of the API paths it limits,
  named for limiting, in `middleware.ts` (`proxy.ts` since Next.js 16) or a module of a `middleware/` folder beside it that reads
  `next/server` (`const RATE_LIMITED_API_PREFIXES = ['/api/prompt', ...]`, checked with
  `pathname.startsWith(prefix)`), covers the Next.js handlers of that app whose path starts with one,
  and only those (openlit's, round 32: two routes under the list judged not worth asking; its
  sign-in, not in the list, stays asked)), or a limiter called in the handler (Upstash
  `ratelimit.limit(ip)`, rate-limiter-flexible `limiter.consume(ip)`, `checkRateLimit(req)`).
  Limiters are recognized by package (express-rate-limit, rate-limiter-flexible, express-brute,
  express-slow-down, @fastify/rate-limit, koa-ratelimit, hono-rate-limiter, @nestjs/throttler,
  @upstash/ratelimit...) whatever they are called locally, and by name (`rate limit`, `limiter`,
  `throttle`, `brute`, `slow down`). `@SkipThrottle()` on the controller or the handler takes a
  NestJS route out of them: it is asked again, as if no limiter were in sight;
- routes called by machines: paths, directories or file names with `webhook`, `cron`, `callback`, `internal`,
  `health`; handlers that check a signature (`constructEvent`, `verifySignature`,
  `receiver.verify({ signature })`) or compare a shared secret (`` `Bearer ${process.env.CRON_SECRET}` ``),
  also in an earlier path-less `use()` of their router (openstad's image server, round 23, not);
  and `admin` routes, also where an earlier path-less `use()` of the route's router admits staff
  only (`app.use(isAdmin)`: beabee's legacy mailing routes, round 23, judged not worth asking);
- handlers that limit their callers themselves: they answer 429 or an error named for a rate limit
  or a quota (a per-user count of today's messages checked against an allowance, then
  `Response.json({ code: 'rate_limit:chat' }, { status: 429 })`), or handle the refusal of a
  provider that limits them (Cognito's `LimitExceededException`, a `TooManyRequestsException`);
  not a log line that names a quota (`console.warn('quota exceeded, using fallback')`: it answers
  nobody; FitMart's chat, a real bug of holdout27);
- Next.js handlers wrapped in a project wrapper (`export const POST = withWorkspace(...)`): the
  wrapper is the request pipeline, where auth and limits usually live, out of this file's sight;
- reads, plain single-record writes and GETs of sign-in pages;
- HTTP clients and tests that call routes (`axios.post('/login', ...)`, `request(app).post(...)`,
  a project's client named for one, `apiClient.post('/signup', formValues)`, MSW mocks).

Bad:

```js
app.post('/api/send-email', async (req, res) => {
  await sendEmail(req.body.to, req.body.subject, req.body.body);
  res.json({ success: true });
});
```

Good:

```js
const emailLimiter = rateLimit({ windowMs: 60_000, limit: 5 });

app.post('/api/send-email', requireUser, emailLimiter, async (req, res) => {
  await sendEmail(req.user.email, req.body.subject, req.body.body);
  res.json({ success: true });
});
```

Answer it in code when the limit lives where the hook cannot see it:

```js
// vcx-ignore missing-rate-limit -- /auth is mounted behind authLimiter in app.js
router.post('/login', validate(loginSchema), authController.login);
```

Names the configuration can extend (`[checks.missing-rate-limit]`):

- `limiters`: middleware and calls that limit requests (beyond names that say rate limit/throttle);
- `limiter_packages`: packages whose imports are limiters whatever their local name (and whose
  presence in `package.json` covers files mounted elsewhere);
- `mail_calls`, `mail_clients`, `sms_calls`, `sms_clients`, `push_calls`: outbound messages;
- `auth_calls`, `hash_clients`: password and one-time-code checks;
- `payment_clients`, `payment_calls`, `ai_clients`, `ai_calls`: paid third-party APIs;
- `upload_calls`, `render_calls`, `bulk_writes`, `process_calls`: uploads and expensive work;
- `auth_words`, `export_words`: route path words that raise the question on their own;
- `skip_words`: route path, directory or file name words of machine-called routes (`webhook`, `cron`...).
"""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.missing_rate_limit import code_checks
from vcx_hook.checks.missing_rate_limit import limited
from vcx_hook.checks.missing_rate_limit import login_links
from vcx_hook.checks.missing_rate_limit import password_checks
from vcx_hook.checks.missing_rate_limit import work
from vcx_hook.checks.missing_rate_limit.work import HANDLER_QUERY
from vcx_hook.config import Config
from vcx_hook.config import packages_near
from vcx_hook.ecosystem import app_limiters
from vcx_hook.ecosystem import limiters
from vcx_hook.ecosystem import procedures
from vcx_hook.ecosystem import routes
from vcx_hook.ecosystem import services
from vcx_hook.ecosystem import stores
from vcx_hook.finding import LOW
from vcx_hook.finding import MEDIUM
from vcx_hook.finding import Finding
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope

__all__ = ('CONFIDENCE', 'HANDLER_QUERY', 'ID', 'NAMES', 'QUERY', 'QUESTION', 'SUMMARY', 'relevant', 'run')

ID = 'missing-rate-limit'
# Held-out precision below 80% (bench/judged: a route that checks passwords 25% of 2): listed, not
# blocking, until a shape is shown to be worth asking 80% of the time (docs/confidence.md).
CONFIDENCE = MEDIUM
QUESTION = 'What stops a script from calling this route 10,000 times a minute?'
SUMMARY = 'a route that mails, logs in, pays, calls paid APIs or takes uploads with no rate limiter'
# Routes are found by name (`ecosystem.routes`): a query would walk every tree for a few calls.
QUERY = ''
NAMES = {
    'limiters': limiters.NAMES,
    'limiter_packages': limiters.PACKAGES,
    'mail_calls': services.MAIL_CALLS,
    'mail_clients': services.MAIL_CLIENTS,
    'sms_calls': services.SMS_CALLS,
    'sms_clients': services.SMS_CLIENTS,
    'push_calls': services.PUSH_CALLS,
    'auth_calls': services.AUTH_CALLS,
    'hash_clients': services.HASH_CLIENTS,
    'payment_clients': services.PAYMENT_CLIENTS,
    'payment_calls': services.PAYMENT_CALLS,
    'ai_clients': services.AI_CLIENTS,
    'ai_calls': services.AI_CALLS,
    'upload_calls': services.UPLOAD_CALLS,
    'render_calls': services.RENDER_CALLS,
    'bulk_writes': stores.ROUTE_BULK_WRITES,
    'process_calls': services.PROCESS_CALLS,
    # Route path words: auth routes are asked even when the handler lives in another file.
    'auth_words': frozenset((
        'login', 'log-in', 'signin', 'sign-in', 'signup', 'sign-up', 'register', 'forgot',
        'forgot-password', 'reset-password', 'password', 'otp', '2fa', 'mfa', 'totp', 'verify-otp',
        'magic-link', 'resend-verification',
    )),
    'export_words': frozenset(('export', 'exports')),
    # Routes (or route files under directories) called by machines or staff, not by the public.
    'skip_words': frozenset((
        'webhook', 'webhooks', 'cron', 'crons', 'callback', 'callbacks', 'health', 'healthz',
        'internal', 'admin',
    )),
}
_WHERE = {
    routes.ROUTER: 'no rate limiter on the route or an earlier `use()`',
    routes.NEST: 'no `@Throttle()` or `ThrottlerGuard`',
    routes.FILE: 'no rate limiter in the handler',
    routes.OBJECT: 'no rate limiter in its options or handler',
    routes.CONTROLLER: 'no rate limiter in the action, and its route is mounted out of sight',
    'action': 'no rate limiter in the action',
    'trpc': 'no rate limiter on the procedure',
    'credentials': 'no rate limiter before the credentials are checked',
}


def relevant(scope: Scope, config: Config) -> bool:
    """A route somewhere in the file (a touched handler raises a route registered outside it):
    a Next.js API route by its path, a ``route`` chain or object, a NestJS verb decorator, or a
    verb call on a receiver whose first argument is a string or template literal."""
    return routes.possible(scope.file) or procedures.possible(scope.file) \
        or password_checks.possible(scope.file, config.names[ID]['hash_clients']) or login_links.possible(scope.file) \
        or code_checks.possible(scope.file)


def run(scope: Scope, config: Config) -> Iterator[Finding]:
    names = config.names[ID]
    for route in (*routes.raised(scope), *procedures.raised(scope)):
        if limited.skipped(scope.file, route, names) or limited.limited(scope.file, route, names, config.app_limiters):
            continue
        what = work.work(scope, route, names, packages_near(config, scope.file.path), config.helper_effects)
        if what is not None:
            # A limiter package in the project may cover it where it is mounted: low, kept for recall;
            # not a credential's route when the project mounts none and calls its limiter in the
            # handlers that want one (its sign-in does).
            # So may the server that registers a route object (hapi plugins, a project's own limiter service),
            # and the routes file that mounts a controller's action.
            elsewhere = route.kind in (routes.OBJECT, routes.CONTROLLER) or not (config.limits_per_handler and what.credential) and limited.limited_elsewhere(
                scope.file, route, names, packages_near(config, scope.file.path)) \
                or (what.phrase == work.PATH_SIGN_IN and limited.counted_elsewhere(scope.file, route, config.counts_attempts))
            finding = scope.finding(route.node, ID, f'`{route.label}` {what.phrase}; {_WHERE[route.kind]}', QUESTION,
                                    evidence=what.evidence, confidence=LOW if elsewhere else what.confidence)
            # Grouped with the handler's other questions, and never folded with other routes.
            handler = s.function_name(route.handlers[-1]) if route.handlers else None
            yield finding._replace(function=handler or route.label)
    if not any(app_limiters.covers(scope.file, kind, config.app_limiters) for kind in (routes.ROUTER, routes.NEST)):
        for call, fn in password_checks.checks(scope, names):
            name = s.function_name(fn)
            where = f'`{name}`' if name else 'a function'
            finding = scope.finding(call, ID, f'`{s.normalized(s.callee(call) or call, 30)}()` checks a password in {where} that '
                                    'no route of this file runs and that names no limiter: each call is one guess, and '
                                    'nothing in sight limits its callers', QUESTION,
                                    confidence=LOW)
            yield finding._replace(function=name or finding.function)
        for cmp, fn in code_checks.checks(scope):
            name = s.function_name(fn) or ''
            finding = scope.finding(cmp, ID, f'`{s.normalized(cmp, 50)}` compares a one-time code with the stored one in '
                                    f'`{name or "a function"}` that no route of this file runs and that names no limiter: '
                                    'each call is one guess at a short code, and nothing in sight counts the attempts',
                                    QUESTION, confidence=LOW)
            yield finding._replace(function=name or finding.function)
        for send, fn in login_links.checks(scope, names):
            name = s.function_name(fn) or ''
            finding = scope.finding(send, ID, f'`{name}` sends a sign-in link or code (`{s.normalized(s.callee(send) or send, 30)}()`) '
                                    'where no route of this file runs it and names no limiter: each call reaches whoever '
                                    'the caller names, and nothing in sight limits its callers', QUESTION,
                                    confidence=LOW)
            yield finding._replace(function=name or finding.function)
