; Route registrations: app.post('/x', ...), router.post("documents.list", ...), fastify.put(`/x`, ...).
(call_expression
  function: (member_expression property: (property_identifier) @_missing-rate-limit.verb)
  arguments: (arguments . [(string) (template_string)] . (_))
  (#match? @_missing-rate-limit.verb "^(get|post|put|patch|delete|del|all)$")) @missing-rate-limit.route

; router.route('/x').post(handler) and fastify.route({ method, url, handler }).
(call_expression
  function: (member_expression property: (property_identifier) @_missing-rate-limit.route)
  arguments: (arguments . [(string) (template_string) (object)])
  (#eq? @_missing-rate-limit.route "route")) @missing-rate-limit.chain

; NestJS: @Post('login') on a controller method.
(decorator
  (call_expression
    function: (identifier) @_missing-rate-limit.nest
    (#match? @_missing-rate-limit.nest "^(Get|Post|Put|Patch|Delete|All)$"))) @missing-rate-limit.nest

; Limiters called inside a handler: ratelimit.limit(ip), limiter.consume(ip), checkRateLimit(req).
(call_expression
  function: (_) @_missing-rate-limit.guard
  (#match? @_missing-rate-limit.guard "(?i)rate.?limit|limiter|throttl|brute|slow.?down|\\.consume$")) @missing-rate-limit.guard

; Abusable or expensive work: mail/SMS/push, password checks, payments, AI and third-party APIs,
; uploads, file rendering, bulk writes, child processes.  Python decides by name.
(call_expression
  function: (_) @_missing-rate-limit.act
  (#match? @_missing-rate-limit.act "(?i)mail|magic|sms|push|notif|otp|twilio|vonage|messag|verif|stripe|paypal|braintree|razorpay|mollie|paddle|checkout|payment|charge|openai|anthropic|gemini|genai|replicate|cohere|groq|mistral|complet|generat|embed|stream|bcrypt|argon|password|passport|authenticat|sign_?in|sign_?up|log_?in|upload|multer|formidable|busboy|puppeteer|chromium|pdf|xlsx|archiver|createMany|insertMany|bulk|spawn|exec|fork|sharp|ffmpeg|fetch|axios|got|ky$|invoke|\\.run$")) @missing-rate-limit.action
(new_expression
  constructor: (_) @_missing-rate-limit.new
  (#match? @_missing-rate-limit.new "(?i)Command$|PDFDocument|Workbook|IncomingForm|Busboy|^Upload$")) @missing-rate-limit.action
(member_expression
  object: (identifier) @_missing-rate-limit.req
  property: (property_identifier) @_missing-rate-limit.files
  (#match? @_missing-rate-limit.req "^(req|request)$")
  (#match? @_missing-rate-limit.files "^files?$")) @missing-rate-limit.upload

; Machine callers: signature checks, and shared secrets compared in the handler
; (`authHeader !== \`Bearer ${process.env.CRON_SECRET}\``).
(call_expression
  function: (_) @_missing-rate-limit.sig
  (#match? @_missing-rate-limit.sig "(?i)signature|timingSafeEqual|safeCompare|constructEvent|verifyWebhook|\\.verify$")) @missing-rate-limit.machine
(member_expression
  property: (property_identifier) @_missing-rate-limit.secret
  (#match? @_missing-rate-limit.secret "^[A-Z0-9_]*(SECRET|TOKEN|API_KEY)[A-Z0-9_]*$")) @missing-rate-limit.machine
