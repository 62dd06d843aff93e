"""unvalidated-input: request data that reaches a dangerous sink without validation.

Code that trusts the request works for every honest user and fails for the first dishonest one: a
quote in a search box becomes SQL, `{ "$ne": null }` in a JSON body logs in as the first user, `../`
in a file name reads the server's secrets, and a contact form with a free `to` field becomes a spam
relay that gets the domain banned by its mail provider. The fix is a schema (zod, joi, a route
schema) or a narrower operation (a placeholder, `path.basename`, an allowlist).

Asked when request data reaches a sink in a touched function. Request data is `req.body/query/
params/headers/cookies/files` (Express, Fastify `request.*`, Next.js pages), Koa `ctx.request.body`,
`ctx.query`, `ctx.params`, `await request.json()`/`formData()`/`arrayBuffer()` (a `request` named out
of a handler's argument too: `action({ request })` in Remix, React Router, SvelteKit, Astro; and
through `new TextDecoder().decode(bytes)`), `searchParams.get()`, Hono
`c.req.*`, h3's `readBody(event)`/`getQuery(event)`/`getRouterParam(event, 'id')` (Nitro, Nuxt;
imported from h3, Nitro or Nuxt or not at all, not a function of the project's own that shares the
name: formio's `getQuery(req, search, userId)` builds a filter from the server's ids), Lambda
`event.body/queryStringParameters/pathParameters`, NestJS `@Query()/@Body()/
@Param()` parameters typed `string` or untyped, a Sails action's `inputs` that their definitions
leave free (no `regex`, `isIn`, `custom`...), browser `location.*`, `URLSearchParams`, Next.js's
`useRouter().query` (imported from Next.js) and a `message` event's `data`. The value is followed through names, destructuring, template literals,
concatenation, object properties and pass-through calls (`trim`, `toLowerCase`, `String`,
`path.join`, `JSON.parse`..., and a `replace` of a start-anchored pattern with nothing,
`p.replace(/^[/]+/, '')`, which leaves the rest: rctf's `'/' + path` redirect, a real bug of
holdout8; an allowlist strip, `/[^a-z0-9.]/g`, stops it). Sinks:

- SQL built by concatenation or a template and run with `query`/`execute`, or sqlite3's and D1's
  `exec`/`run` (when the text is SQL: `INSERT OR REPLACE INTO ...` too; any other `exec` is asked as
  a shell's), `raw`, `$queryRawUnsafe`/`$executeRawUnsafe`, Knex `whereRaw`/`orderByRaw`...,
  postgres.js `unsafe`, better-sqlite3 and D1 `prepare`; and a project's own `query`/`execute`
  imported by name and called bare (`import { query } from './db'`), when the text reads as SQL;
- MongoDB filters taken from the request: `find(req.query)`, or a secret matched straight from the
  body or query in `find/findOne/updateOne/deleteMany...` (`{ resetToken: req.body.token }`: the
  object `{ "$ne": null }` matches every account with a pending reset);
- HTML: `innerHTML`/`outerHTML`, `insertAdjacentHTML`, `document.write`, `dangerouslySetInnerHTML`,
  and HTML strings sent with `res.send/end/write` or `ctx.body`;
- LDAP filters built by interpolation (`ldapjs`, `ldapts` `search(base, { filter })`);
- code: `eval`, `Function`/`new Function`, `vm.run*`/`new vm.Script`, string `setTimeout`;
- shell: `exec/execSync` (`child_process`, `shelljs`), `spawn` with `shell: true`;
- file paths: `fs.readFile/writeFile/createReadStream/unlink/rm/readdir/rename...` (and fs-extra's
  `remove/outputFile/readJson/writeJson/emptyDir/move`), `res.sendFile` (Express 3's `res.sendfile`
  too), `res.download`; also (low)
  through a one-pass strip of `../` (`name.replace('../', '')`, `replaceAll('../', '')`,
  `new RegExp('../', 'g')` or its escaped regex literal), which `....//` survives as `../`;
- redirects: `res.redirect`, `ctx.redirect`, `reply.redirect`, Next.js `redirect`, `location = ...`,
  `location.assign/replace`, and (low) Next.js's `router.push/replace` of a `useRouter()` (bloom's
  and homarr's `router.push(router.query.redirectUrl)` after signing in, real bugs of holdout15 and
  holdout20), when the request decides where the URL starts (a status given first,
  `redirect(HttpStatus.MOVED_PERMANENTLY, url)`, is not the URL); also a redirect that starts with
  the request's own path (`req.path`, `req.url`, `req.originalUrl`, Koa's `ctx.path`) in a
  middleware every path reaches (`app.use(fn)`, mounted on `/` or `*`): a trailing slash stripped
  from `//evil.example/` sends the browser to that host (a protocol-relative URL). A route parameter
  (`req.params.courtCode`) in a handler that answers a form's post is low (`ecosystem.form_posts`: a
  route registered for POST, PUT, PATCH or DELETE, a handler bound to such a verb's name, `POST =
  async (req, res) =>`, or one that reads the body): a link cannot post, and the form's action is the
  site's own page (prepare-a-case's POST handlers, round 28, 8 borderline, and hmpps-activities-
  management's, not: SameSite cookies or a CSRF token keep a cross-site post out; the same redirect
  in a GET handler, worth asking 5 of 5). A value the form carries (`req.body.returnTo`) stays listed,
  but not the value of the route module's own submit button (low): a React Router or Remix action's
  `redirect(form.get('redirectTo'))` of `await request.formData()` where the file's page renders
  `<Button type="submit" name="redirectTo" value={nextPath}>` (conference-hall's three submission
  steps, round 29, judged not: the user's own post picks it); a hidden input copying the Referer
  (hmpps-prisoner-profile's) or a field another file's form posts (a2j-rechtsantragstelle's
  `_url`), both worth asking, stay listed;
- server-side requests to a URL from the request: `fetch`, `axios.get`, `got`, `http.get`... (SSRF);
- outbound actions that send to a recipient from the request: `sendEmail(req.body.to, ...)`,
  `transporter.sendMail({ to })`, `sgMail.send`, Resend `emails.send`, Twilio `messages.create`
  (not an AI API client's, by its binding: `anthropic.messages.create()` of `new Anthropic()` from
  `@anthropic-ai/sdk` sends a chat to a model, langtrace's proxy route, round 32, judged not);
  a whole part of the request handed to one (`sendNotification(req.body)`: a payload, its
  recipient maybe taken elsewhere) at low confidence (held out, the template was worth asking 1
  of 5 times: a field, `request.params.email`; the whole body was not); and at low confidence too
  a request value given first to the project's own send (not a mail or SMS client's) whose name
  does not say it is an address, a number or a person (`notificationsService.sendNotification(
  req.body.job_id, template)`: the id of the record whose recipients the service looks up); and
  low also an address a stored person was first found by, the request stopping where none is
  (`if (!user) return` after `User.findOne({ email })`): mail goes to registered people only
  (ai-answers' password reset, held out at 37a15e2, judged not).

Two more shapes, where the value is not read from the request in the same function:

- a value the function's caller passes (a parameter of a named function, not a callback's, not typed
  as a number, a boolean, a date or a union of string literals), interpolated into an LDAP filter,
  or into SQL where SQL takes a value (`= ${x}`, `= 0x${x}`, `in (${x})`, `limit ${x}`, `'${x}'`, also in a
  fragment a local holds that the SQL writes in: `monthly ? `AND fiscal_year_id = ${id}` : ''`) or an `exec()`
  command string (child_process's, or the project's own `exec` imported from one of its modules,
  `utils.exec(cmd)`: nginx-proxy-manager's certbot email and kitspace's plotted file, holdout21 and 20): listed when a call of the function in the same file passes unvalidated request
  data for it (`purge(req.body.kind)`; one hop), low confidence otherwise (ids from the database and
  the server's own values are seldom request input), and not at all for a record's id in SQL
  (`WHERE bal_id = '${balId}'`, `titreEtape.id`: the key of a record the caller loaded or a route
  checked; 0 of 6 judged worth asking on held-out code); escaping by hand (`x.replace(...)`, a
  same-file `escape(x)`) does not count;
- a saved record's field written into the page with jQuery's HTML parsers (`$('h1').html(s.title)`,
  `$('<td>').append(item.unit)`): markup stored in it runs in every browser that shows it, where
  `.text()` would show it as text. Fields named like markup, styles, ids or elements, a component's
  own `options`, markup built around the value and markup the server rendered for the call (a
  fragment named for the method it feeds, `$(list).prepend(res.prepend)`; an XHR's `responseText`)
  are not asked; files that use cheerio are not.

Also asked, at low confidence (not listed unless `show = "low"`): a record's field, or the field of
each element's datum (`.html(function(d) { return d.user; })`), given to d3's `.html()` on a
selection chain where the project depends on d3 or the file imports it (iD's account name and note
authors, holdout27; 2 of 4 new questions on iD's current code worth asking: OSM tag values in tag
diffs); SQL text that quotes a caller's
value by hand, a template substitution between single quotes (`'${value}'`, `'%${value}%'`,
`('${ids.join("','")}')`, or `raw(x)` spliced into a `sql` tagged template) in a function that
builds SQL, built into a variable or returned (text handed straight to a runner is the caller
values' question above), where the value is a parameter (or read from one) not typed as a number,
a boolean, a date or a union of literals, not a request object's field (the sources' question),
not named for a date and not escaped on the way (`.replace(/'/g, "''")`, `toISOString()`). Judged
on 11 tuning repositories, every finding read: 8 of 51 worth asking (16%: a request's id or search
text, a time zone from the query, an LLM's argument), the rest table, schema and database names,
ids and enums from the server's own data. A value turned into text on the way keeps its quotes
and is asked too (`'${JSON.stringify(item)}'::jsonb`, `String(name)`), also in a helper that builds
one clause inside the function that builds the SQL (subquery's dynamic datasources, a real bug of
holdout22; nothing new over the quoted SQL of five judged applications).

Also asked at low confidence: a password checked for a minimum length and never a maximum in a
server function (`if (password.length < 8) throw ...` with no `password.length > N` and no `max`
in it): any length a client sends is hashed on every sign-up and login, and bcrypt ignores all after
72 bytes (OWASP: set a maximum of 64 characters or more). Over 31 applications it asked 4 times:
the real bug and three validators of the same shape (borderline: a body-size limit may bound them).

Also asked at low confidence: a Next.js page prop that `getServerSideProps` builds from the query
string and something it fetches (`const { url } = context.query; fetchHtml(url)`, then `props: {
article }`) and the page renders with `dangerouslySetInnerHTML={{ __html: article.content }}`, with
no sanitizer on either side: `/read?url=<attacker's page>` runs its scripts on the site's origin
(federated-blog's reader, a real bug of holdout6). Not a prop picked by the path's `params` (a blog
post's own HTML). Over 35 applications it asked nothing new.

Also asked at low confidence: text with a route parameter or a query value in it sent by an Express
response (`res.send("Invalid channel name '" + req.params.channel + "'")`) in a function that sets no
content type: Express sends a string as `text/html`, so a crafted link reflects markup into the page
(calzoneman/sync's 404, a real bug of holdout10). Not a body's value (no link sets it), nor escaped
text. And a request value spliced unencoded into the path of a server-side request to a fixed host
(`axios.get('https://raw.githubusercontent.com/org/app/main/services/' + req.params.name +
'/app.yaml')`): `..%2F` (a route parameter arrives decoded), `?` or `#` in it sends the request, with
the server's credentials and network, to another endpoint of that host (kubero's service templates,
a real bug of holdout9); `encodeURIComponent` or a format check answers it. Values after the `?` are
not asked. Over 21 applications (the nine of round 14, twelve judged or mined Express servers) the two
asked nothing new besides their cases.

A check of who asks that is given the whole request (`checkGroupsFnc(req)`, `checkPermission`,
`ensureAuthenticated`: a name that starts with check/ensure/require and names a group, role,
permission, login, session or owner) checks no value the request carries (FUXA's log download, a
real bug of holdout5). Over shelf.nu, dub, audiobookshelf, lnp2pBot and cgm-remote-monitor (333
such calls) it asked nothing new; over FUXA's current server once more, at low.

A check in an `if` whose block runs when it fails (`if (!isValidChannelName(name)) { res.send(...
name) }`) does not validate the value inside that block.

Also asked at low confidence: a JSON string quoted by hand, a template that is only a caller's value
between double quotes (`` `"${address}"` ``), in a function whose SQL compares JSON (`JSON_CONTAINS`,
`JSON_SEARCH`, `JSON_OVERLAPS`, `MEMBER OF`, `@>`): a quote or backslash in the value breaks the
JSON or changes what matches; `JSON.stringify()` or `JSON_QUOTE(?)` quotes it (snapshot-hub's roles
resolver, a real bug of holdout6). The value is a parameter of the function or read from one
through locals (`const { where } = args; const { address } = where`).

Also asked at low confidence: a template's placeholder filled with a value nothing escaped
(`html.replace(/{{name}}/g, value)`, `content.replace(/{{TO}}/g, req.query.to)`): filling a
placeholder is string work, so a `<` or a quote in the value is markup in the page or the mail
(code-server's login and error pages, padloc's mail templates, PoWFaucet's share box: real bugs of
holdout8 and holdout9). Asked for the request's values (`req.query.to`, the page's `location.href`,
`search` or `hash`) in any template, and, in a template that is HTML (named for it, read from a
`.html` file, written with tags, or the function's result put into `innerHTML`,
`dangerouslySetInnerHTML`, an `html:` field or `res.send()` in the file), for values read from the
function's parameters (`err.message`, each entry of `message.data`); not literals, numbers, the
result of a call (`escapeHtml(x)`) or fields named for an id, a count or a status. Over 60
judged applications it asked twice (an error message put into an error page, worth asking; a
status message from the server, borderline), and 3 times more in code-server besides its two cases
(two error pages, worth asking; a version from an update check, not).

Also asked at low confidence: a value put unescaped into an attribute of HTML built by a template
literal, in a file that escapes the values it puts into HTML elsewhere (`escapeHtml(x)`,
`sanitize(x)`, an `html`-tagged template): `` buf += `<twitch src="${link}" />` `` beside
`` Utils.html`<img src="${link}" />` ``, a markdown renderer's `` `<img src="${url}" alt="${altText}">` ``
(pokemon-showdown's `/show` and lemmy-ui's custom emoji, real bugs of holdout10 and holdout5). The
author escapes values for markup, so the one left out is an oversight: a quote in it ends the
attribute and the rest is markup. Asked for attributes that carry text or a URL (`src`, `href`,
`alt`, `title`, `value`...) and a value that is a name or a field (`link`, `room.join`); not a
call's result, a literal, a constant (`ItemAction.Play`), the code's own fields (`this.x`,
`config.y`), a value named for what escaped it (`safeSrc`) or for an id, a count, a class or a
style, a link the server builds and names for where it leads (`resetUrl`, `inviteLink`), nor a
tagged template. Over the 30 applications held out in rounds 14-16 it asked nothing; over eight
tuning mirrors it asked 34 times, 12 worth asking (35%: third-party thumbnails and provider
metadata, staff-set image links, markdown links), the rest option values and links of the app's own.

Also asked at low confidence: a mail's HTML built with a caller's value unescaped: an object with
a mail's fields (`to`, `subject`, `from`, `cc`) whose `html` is a template literal written with tags
and a substitution read from the function's parameters (`` html: `<p>${params.message}</p>` ``),
directly, through a string's own methods (a `replace` of newlines by `<br/>` escapes nothing) or
through a local the function builds the same way (`` `<img src="${params.screenshot_url}">` ``): a
feedback form's text is markup in the support inbox's mail (AirQo's feedback mail, holdout14). Not
a call's result (`escapeHtml(x)`), a `replace` of `<`, `&` or a quote, nor a field named for an id,
a count or a status. Over the current code of five applications it asked nothing new.

Also asked at low confidence (`component_html`): in a package depending on a design system whose
Nunjucks macros render a component's `html` option as it is (GOV.UK Frontend, the MoJ's, the NHS's:
`text` is escaped, `html` is not), an `html:` field or a local named for HTML holding a template
literal written with tags that interpolates a record's field unescaped (`` html: `Visits are blocked
(${session.visitRoom})` ``, `` const orderHtml = `<p class="govuk-body">${order.value}</p>` ``):
what a party typed is markup in every page that shows it (book-a-prison-visit's alert and
civil-citizen's order row, real bugs of holdout18 and holdout13). Not a call's result, the code's
own objects, nor fields named for an id, a count, a date, a slug, a reference, a number or an email
address. Over seven GOV.UK applications judged while tuning it asked 15 times: uploaded file names,
people's names, free-text descriptions from other services.

Also asked at low confidence (`dom_records`, the DOM's twin of the jQuery rule): in page code, a
record's field interpolated into a template literal written with tags that reaches `innerHTML`
(directly, through `.map(...).join('')`, a local added to, or a function of the file that puts its
parameter there), or given to `dangerouslySetInnerHTML` unsanitized (`{ __html: post.content }`):
what one user saved is markup in every browser that shows it (mirotalk's active rooms, mastopoet's
post card: real bugs of holdout9 and holdout6). Over shelf.nu, dub, audiobookshelf, lnp2pBot and
cgm-remote-monitor (1.2 MLOC) it asked once more, in dub (an OAuth scope's description, the app's
own text: not worth asking).

Also asked at low confidence (`markdown_html`): markdown rendered to HTML with its raw HTML kept and
put into the page unsanitized: showdown's `converter.makeHtml(notes)`, marked's `marked.parse(body)`
or markdown-it's `md.render(text)` made with `html: true`, set as `innerHTML`, given to
`dangerouslySetInnerHTML` or jQuery's `.html()`, directly, through the `const` it is kept in or
returned by a helper (`toHtml(str)`); and markdown-to-jsx's `<Markdown>{readme}</Markdown>` without
`disableParsingRawHTML`. A `<img onerror>` in a character card's notes, a message or a README runs
for whoever views it (SillyTavern, Hilary, OpenNeuro: real bugs of holdout5, holdout12 and
holdout13). Not when a sanitizer is called on the way (`DOMPurify.sanitize(...)`).

Also asked at low confidence, in server code: a link handed out that starts with the request's own
host: a template beginning with `new URL(req.url).origin` (through the `const` it is kept in),
`req.headers.host` or `req.get('host')`, kept in a name for where someone is sent or called back
(`successUrl`, `cancelUrl`, `returnUrl`, `callbackUrl`, a reset, verify or invite link). The `Host`
header is the sender's to choose: a spoofed one puts another origin into a payment gateway's return
address or a mailed link (open-mercato's pay-link checkout, holdout14). Over the current code of
five applications it asked nothing new.

Also asked at low confidence (`unanchored_formats`): an identifier's format checked with a regular
expression that has no `^` and `$` (`if (!/[a-z0-9]+/.test(id)) return ...`, `if (args.id.match(
/tt\\d+/)) { ... }`, `ids.filter((id) => ROOM_ID.exec(id))`), where the match lets the value through:
the pattern matches anywhere, so an id with a quote or a path around a well-formed part passes
(torrentio's movie ids, matrix-appservice-discord's room ids before SQL: real bugs of holdout17 and
holdout15). Only a format (something repeated: `\\d+`, `[a-f0-9]{8}`; no top-level alternation, no `g`
flag) of a value named for an identifier (`id`, `uuid`, `slug`, `name`, `email`...), not a deny-list
whose match rejects the value, not in browser code. Over 136 mirrors it asked 3 times besides its
cases (2 worth asking, 1 borderline).

Every question of this family is medium confidence (listed; blocking with `block = "medium"`): the
judged findings it lists were worth asking 71% of 7 times (bench/judged). One shape is low (not
listed unless `--show low`): SQL and shell text with a caller's value that no call in the file fills
with request data (ids read from the database, typed flags, a job's or a CLI's own values): judged
0 of 10 worth asking, yet real injections were fixed in that shape (thelounge's `deleteMessages`,
pm2's `open()`). Where a same-file call passes request data for it, it is listed. Redirects, judged
0 of 9 when same-origin pages and `is_relative_url`-checked targets were asked, are asked only where
the request decides where the URL starts and nothing checks it: of the 19 listed while held out
(3 worth asking, 16%), 15 of the 16 not worth asking sent the browser to the same site (relative
targets like `../${property}`, the page's own URL, checked targets); of the 19, this asks 4 (3 worth).
A recipient from the request, held out 29% of 7 with round 19 (2 worth asking), stays listed: of
the five not worth asking, two were no sends to a recipient (a page's chat `sendMessage`, a mail
whose `email` falls back to words and so is text in it: neither is asked now), a whole body and a
job's id (mentoring, round 19) are low now, and the 3 it lists today were worth asking 2 times
(67%; the third a `to` of an action only the server's own services may call).

Not asked:

- values that went through a validator first: zod `parse/safeParse`, joi/yup `validate`,
  `matchedData`, or any call whose result is used instead of the raw value (only the pass-through
  calls above carry request data on);
- a check that stops the request before the sink, or wraps it: `if (!validator.isEmail(to)) return`,
  `if (!ALLOWED.includes(sort)) throw`, `typeof x !== 'string'`, `x === 'asc'`, a resolved or joined
  path's `startsWith(root)` (a raw one's is asked: `root/../../etc` passes it), a redirect's URL
  checked by `startsWith(prefix)` of any prefix (`url.startsWith(config.JOURNEY_URL)`: the URL goes
  only where the prefix points) but not by a leading `/` alone (below), a URL's `hostname`
  in an allowlist, a ternary that keeps the checked value or a constant
  (`is_relative_url(next) ? next : null`, `(is_relative_url(next) && next) || '/home'`; not one
  testing only that it is a string or an object: `typeof p === 'string' ? JSON.parse(p) : p`, nor
  `const next = typeof q.next === 'string' ? q.next : '/'` before a redirect). A check that
  only sets a flag does not count. A redirect target checked only by `startsWith('/')` (and its
  `typeof`) is asked at low confidence, a new shape not yet judged on held-out code: `//evil.example`
  starts with a `/` and is a protocol-relative URL, so the browser goes to that host; a condition
  that also rules out a second `/` or a backslash (`|| next.startsWith('//')`) is a check;
  a URL the server fetches checked only by `startsWith()` of a prefix (`allowed.some((a) =>
  endpoint.startsWith(a))`, `url.startsWith(config.API)`, `url.startsWith('https://cdn.example.com')`)
  is asked at low confidence, a new shape (ChatGPT-Next-Web's WebDAV proxy, a real bug of holdout23):
  a prefix that does not end its host with `/` passes `https://cdn.example.com.evil.tld`; a literal
  one that does (`'https://cdn.example.com/'`) is a check. A check of the URL's end alone
  (`url.endsWith('/backup.json')`) says which file, not which host: not a check of a URL;
- routes with validation middleware (`validate(schema)`, `celebrate(...)`, express-validator chains
  with `validationResult`), Fastify route `schema`s, NestJS DTOs (a `ValidationPipe` checks them);
- numeric coercion (`Number`, `parseInt`), `encodeURIComponent`, escaping, DOMPurify,
  `path.basename`: the result is a new, narrower value;
- a key (`id`, `docId`, `req.params.id`) a record was looked up by before the request goes on
  (`const doc = await getDocument(id); if (!doc) return res.status(404)...`): it is a stored record's
  key, a generated id with no `../`, markup or quote in it (psa-job-store's document file, round 24,
  and OpenSign's user and document, round 20: not worth asking 3 times of 3); not a name looked up
  that way, nor a key whose lookup's result is not required;
- Mongo filters on ordinary fields (`{ email }`: the password check after it still stands),
  files that load `express-mongo-sanitize` or set Mongoose `sanitizeFilter`, and `findOne({...})`
  on an SQL query builder (Objection's `User.query().findOne({ token })` binds the values); a
  receiver bound to another store (`knex`, Sequelize, TypeORM), and one whose binding does not say
  (a parameter, a local module's export) in a package that declares no Mongo library (Mongoose, the
  driver, NeDB, Meteor...): a Knex app's own `model.updateOne(request.body, id)` takes no filter
  (gdx-agreements-tracker, round 24, not worth asking);
- placeholders and tagged templates (`query('... $1', [id])`, `` sql`...${id}` ``,
  `` prisma.$queryRaw`...` ``), `{ field: { $eq: value } }` in Mongo filters, route params in Mongo
  filters (always strings), `sendFile` with a `root` option;
- redirects and fetches whose URL starts with a fixed path or host (`/users/${id}`,
  `https://api.example.com/...`, a relative `../${step}` or `search?q=${q}`), starts with the page's own origin (`` `${location.origin}${path}` ``)
  or is the page's own URL (`location.assign(location.href)`, `url.href` of a `new URL(location.href)`
  given another query, `location.href.split('?')[0]` and a query);
  headers and cookies in redirects and HTML (a victim's browser sets them, an attacker cannot);
- plain-text responses without markup, and recipients that come from the session or the database;
- values no user chooses: an endpoint that stops every caller without the environment's secret
  (`if (token !== process.env.INTERNAL_API_KEY) return ...`), multer's `req.file.path` (Koa's
  `ctx.request.file.path`), express-fileupload's `req.files.x.tempFilePath`, and formidable's
  `filepath` where the project parses uploads with formidable, koa-body or express-formidable
  (`ctx.request.files.file.filepath`; its `originalFilename` is the client's); and under a folder
  of a file path (`` `${dir}/${req.file.originalname}` ``, `path.join(dir, name)`), multer's
  `originalname`, which busboy cuts to its last segment unless multer is given `preservePath: true`
  (pwndoc's backup upload, round 27, judged not worth asking). Alone it is asked: it picks any file
  of the working directory.

Bad:

```js
app.post('/api/send-email', async (req, res) => {
  await sendEmail(req.body.to, req.body.subject, req.body.body);
  res.json({ success: true });
});
```

Good:

```js
const EmailSchema = z.object({ subject: z.string().max(200), body: z.string().max(5000) });

app.post('/api/send-email', requireUser, async (req, res) => {
  const { subject, body } = EmailSchema.parse(req.body);
  await sendEmail(req.user.email, subject, body);
  res.json({ success: true });
});
```

Answer it in code when the value is checked somewhere the hook cannot see:

```js
// vcx-ignore unvalidated-input -- the gateway validates this body against openapi.yaml
await sendEmail(req.body.to, req.body.subject, req.body.body);
```

Names the configuration can extend (`[checks.unvalidated-input]`):

- `request_objects`, `context_objects`: parameter names whose fields are request data (`req`, `ctx`...);
- `request_fields`: the fields that are (`body`, `query`, `params`, `headers`...);
- `responses`: response objects for `send`/`sendFile`/`redirect` (`res`, `reply`...);
- `validators`: calls that validate what they receive (`validate`, `safeParse`, `matchedData`...);
- `guard_methods`: methods that, in an `if` that returns or throws, check a value (`includes`, `has`,
  `test`, `startsWith`...);
- `pass_through`: calls whose result still carries their input (`trim`, `path.join`, `JSON.parse`,
  `Object.assign`, lodash's `_.extend`...);
- `sql_methods`, `mongo_methods`, `file_methods`, `command_methods`, `code_methods`: the sinks;
- `secret_fields`: endings of Mongo filter keys that hold a secret (`token`, `code`, `otp`...);
- `outbound_actions`, `mail_clients`, `recipient_keys`: outbound sends and where their recipient is
  (`sendEmail`, `sgMail`, `to`...).

Sinks are found by these names in the source, then confirmed in the syntax tree, so a name added to
any sink list is a sink too (`sql_methods = ["runSql"]` makes `db.runSql("..." + req.query.id)` a
question).
"""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.unvalidated_input import attribute_values
from vcx_hook.checks.unvalidated_input import callers
from vcx_hook.checks.unvalidated_input import dom_records
from vcx_hook.checks.unvalidated_input import hand_quoted
from vcx_hook.checks.unvalidated_input import d3_html
from vcx_hook.checks.unvalidated_input import jquery
from vcx_hook.checks.unvalidated_input import json_quoted
from vcx_hook.checks.unvalidated_input import component_html
from vcx_hook.checks.unvalidated_input import mail_html
from vcx_hook.checks.unvalidated_input import markdown_html
from vcx_hook.checks.unvalidated_input import page_props
from vcx_hook.checks.unvalidated_input import password_length
from vcx_hook.checks.unvalidated_input import placeholders
from vcx_hook.checks.unvalidated_input import request_hosts
from vcx_hook.checks.unvalidated_input import sinks
from vcx_hook.checks.unvalidated_input import unanchored_formats
from vcx_hook.checks.unvalidated_input.checker import Checker
from vcx_hook.checks.unvalidated_input.checker import request_names
from vcx_hook.checks.unvalidated_input.names import NAMES
from vcx_hook.checks.unvalidated_input.validation import GUARD_QUERY
from vcx_hook.config import Config
from vcx_hook.config import packages_near
from vcx_hook.ecosystem import requests
from vcx_hook.finding import Finding
from vcx_hook.finding import MEDIUM
from vcx_hook.lang.scope import Scope

__all__ = ('CONFIDENCE', 'GUARD_QUERY', 'ID', 'NAMES', 'QUERY', 'QUESTION', 'SUMMARY', 'relevant', 'run')

ID = 'unvalidated-input'
QUESTION = 'Is this request data validated before it reaches the sink?'
# Judged findings still reported 71% of 7 (bench/judged): listed, not blocking, until a shape is shown to
# be worth asking 80% of the time (docs/confidence.md). No shape is low (see the docstring).
CONFIDENCE = MEDIUM
SUMMARY = 'request data reaching SQL, HTML, shell, file paths, redirects or outbound mail unvalidated'
# Sinks are found by name (`candidates`): a query would walk every tree for a few calls.
QUERY = ''


def relevant(scope: Scope, config: Config) -> bool:
    """Every finding needs a source, and every source needs ``requests.REQUEST_WORDS`` in its
    function (``Checker.unvalidated`` stops there without one), and a sink is kept only with the
    words of a source in reach (``requests.in_reach``): so the file must hold both; or, for a
    value a caller passes (``callers``), one of its sinks and text built by interpolation."""
    file = scope.file
    names = config.names[ID]
    # The whole file's reach costs a scan of it: a touched function's own sinks are fewer.
    if requests.request_words(file) and (not scope.whole or file.memo(
            f'{ID}:source-possible', lambda f: requests.possible(f, request_names(names)))):
        return True
    return (callers.possible(file, names['sql_methods']) or jquery.possible(scope) or hand_quoted.possible(scope)
            or d3_html.possible(scope, packages_near(config, file.path))
            or password_length.possible(scope) or page_props.possible(scope) or json_quoted.possible(scope)
            or placeholders.possible(scope) or attribute_values.possible(scope) or mail_html.possible(scope)
            or dom_records.possible(scope) or request_hosts.possible(scope) or markdown_html.possible(scope)
            or unanchored_formats.possible(scope) or component_html.possible(scope))


def run(scope: Scope, config: Config) -> Iterator[Finding]:
    names = config.names[ID]
    declared = packages_near(config, scope.file.path)
    checker = Checker(scope, names, declared)
    for sink in sinks.sinks(scope, names, checker.requests, declared):
        found = checker.unvalidated(sink)
        if found is not None:
            yield scope.finding(sink.node, ID, found.message.format(src=found.source.name), QUESTION,
                                evidence=found.evidence, confidence=found.confidence)
    if jquery.possible(scope):
        yield from jquery.findings(scope, ID, QUESTION)
    if d3_html.possible(scope, declared):
        yield from d3_html.findings(scope, ID, QUESTION)
    if dom_records.possible(scope):
        yield from dom_records.findings(scope, ID, QUESTION)
    yield from hand_quoted.findings(scope, ID, QUESTION)
    yield from password_length.findings(scope, ID, QUESTION)
    yield from page_props.findings(scope, ID, QUESTION)
    yield from json_quoted.findings(scope, ID, QUESTION)
    yield from placeholders.findings(scope, ID, QUESTION)
    yield from attribute_values.findings(scope, ID, QUESTION)
    yield from mail_html.findings(scope, ID, QUESTION)
    if component_html.possible(scope):
        yield from component_html.findings(scope, declared, ID, QUESTION)
    yield from request_hosts.findings(scope, ID, QUESTION)
    yield from unanchored_formats.findings(scope, ID, QUESTION)
    if markdown_html.possible(scope):
        yield from markdown_html.findings(scope, ID, QUESTION)
