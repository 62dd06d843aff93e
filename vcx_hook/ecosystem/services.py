"""Third-party services a request handler reaches per call, and the names that call them: mail,
SMS and push providers, password hashing, payment providers, AI APIs, uploads, file renderers and
child processes (what makes a route abusable or expensive, asked by missing-rate-limit)."""
from __future__ import annotations

from vcx_hook.ecosystem import packages
from vcx_hook.lang import lazyre

# Sends of mail, text messages and push notifications.  Those to a recipient the caller names (its
# first argument, or the message's `to`) are asked by unvalidated-input when the request names it;
# every send is abusable work missing-rate-limit asks about, also those to the account's own address.
MAIL_SENDS = frozenset(('sendMail', 'sendEmail', 'sendEmails', 'sendTemplateEmail', 'sendTransacEmail'))
INVITE_SENDS = frozenset(('sendInvite', 'sendInvitation', 'sendInviteEmail', 'sendInvitationEmail'))
ACCOUNT_MAIL_SENDS = frozenset((
    'sendVerificationEmail', 'sendPasswordResetEmail', 'sendResetPasswordEmail', 'sendWelcomeEmail',
    'sendMagicLink', 'sendLoginEmail',
))
MAIL_CALLS = MAIL_SENDS | INVITE_SENDS | ACCOUNT_MAIL_SENDS
# Receivers whose .send() sends mail: sgMail.send(msg), resend.emails.send(...).
# Plain words a mail client goes by (stores asks them too: a failed mail leaves the data consistent).
MAIL_WORDS = frozenset(('mailer', 'mail', 'emails'))
MAIL_CLIENTS = MAIL_WORDS | frozenset((
    'sgMail', 'sendgrid', 'resend', 'postmark', 'mailgun', 'mg',
    'ses', 'transporter', 'transport', packages.NODEMAILER, 'brevo', 'mailchimp', 'mandrill',
))
# Packages that send mail (hardcoded-config: a sender address written into a message they send).
MAIL_PACKAGES = frozenset((
    packages.NODEMAILER, '@sendgrid/mail', 'resend', 'postmark', 'mailgun.js', 'mailgun-js', 'emailjs',
    '@aws-sdk/client-ses', '@aws-sdk/client-sesv2', 'email-templates', 'mailersend', '@getbrevo/brevo',
    'sib-api-v3-sdk', '@mailchimp/mailchimp_transactional', 'nodemailer-mailgun-transport',
))
SMS_SENDS = frozenset(('sendSms', 'sendSMS', 'sendText', 'sendTextMessage'))
ACCOUNT_SMS_SENDS = frozenset(('sendOtp', 'sendOTP', 'sendCode'))
SMS_CALLS = SMS_SENDS | ACCOUNT_SMS_SENDS
# Receivers whose .send()/.create()/.publish() sends a text message (`twilio.messages.create`, `sms.send`).
SMS_CLIENTS = frozenset(('twilio', 'twilioClient', 'vonage', 'nexmo', 'plivo', 'messagebird', 'sns', 'telnyx', 'sms'))
PUSH_SENDS = frozenset(('sendNotification', 'sendPushNotification', 'sendPush'))
PUSH_CALLS = PUSH_SENDS | frozenset(('sendToDevice', 'sendMulticast', 'sendEachForMulticast', 'sendPushNotificationsAsync'))
# Chat and in-app messages to a named recipient (`sendMessage(req.body.userId, text)`).
MESSAGE_SENDS = frozenset(('sendMessage',))
# Password and one-time-code checks (bcrypt/argon2 roots are recognized by name): a provider's
# sign-in, which checks what it holds whatever it is given ...
SIGN_IN_CALLS = frozenset((
    'signInWithPassword', 'signInWithOtp', 'verifyOtp', 'verifyOTP', 'verifyTotp', 'verifyTOTP',
    'signInWithEmailAndPassword', 'createUserWithEmailAndPassword', 'sendPasswordResetEmail',
    'resetPasswordForEmail',
))
# ... of which those a hosted auth provider's client makes on its `auth` (`supabase.auth.verifyOtp()`),
# whose endpoint counts and limits the attempts (Supabase Auth's rate limits on sign-in and token
# verification) ...
PROVIDER_AUTH = 'auth'
PROVIDER_SIGN_INS = frozenset(('signInWithPassword', 'signInWithOtp', 'verifyOtp', 'resetPasswordForEmail'))
# ... and a project's own comparison, one only when it is given the stored hash too or is a method
# of the record that holds it (`verifyPassword(input, user.password)`, `user.comparePassword(input)`):
# with the new password alone (`validatePassword(pw)`) it is a strength rule.
PASSWORD_COMPARES = frozenset((
    'comparePassword', 'isPasswordMatch', 'validatePassword', 'verifyPassword', 'checkPassword',
    'isValidPassword', 'matchPassword', 'passwordMatches',
))
AUTH_CALLS = SIGN_IN_CALLS | PASSWORD_COMPARES
# Bytes that may hold a password comparison: a hasher's `compare`/`verify`, `timingSafeEqual`, a
# project's `verifyPassword(...)` (read before parsing, also to know which files' limiters to read).
CREDENTIAL_HINT = lazyre.compile(rb'\b(?:compare|compareSync|verify|timingSafeEqual|[a-z]*[Pp]assword[A-Za-z]*)\s*\(')

HASH_CLIENTS = frozenset((*packages.PASSWORD_HASHERS, 'argon2', 'argon'))
# Last words of a project's own module that hashes and checks passwords (`../data/hash`, `./passwords`).
HASHING_MODULES = HASH_CLIENTS | frozenset(('hash', 'hashing', 'hasher', 'password', 'passwords'))
STRIPE = 'stripe'
GATEWAY = 'gateway'  # a payment gateway, or a data gateway (data_access.WORDS) when nothing says payment
PAYMENT_CLIENTS = frozenset((STRIPE, 'paypal', 'braintree', 'razorpay', 'mollie', 'paddle', 'lemonsqueezy', GATEWAY))
PAYMENT_CALLS = frozenset(('createPaymentIntent', 'chargeCard', 'createCharge'))
# Objects of a payment client whose `create` charges no card: a hosted Checkout page or billing
# portal (the card is entered on the provider's page, behind its own fraud limits), a customer,
# a price, the caller's own subscription items (bench/judged: 5 of 5 such questions not worth asking).
PAYMENT_NOT_CHARGING = frozenset((
    'checkout', 'billingPortal', 'customers', 'subscriptionItems', 'prices', 'products', 'coupons',
    'promotionCodes', 'accountLinks', 'customerSessions',
))
# Receivers each call of which reaches a third party a repeated request pays for twice: a charge,
# a customer, a mail or a text message (race-condition lists a check-then-act around one).
OUTSIDE_CLIENTS = PAYMENT_CLIENTS | MAIL_CLIENTS | SMS_CLIENTS
AI_CLIENTS = frozenset((
    'openai', 'anthropic', 'claude', 'gemini', 'genAI', 'genai', 'replicate', 'cohere', 'groq',
    'mistral', 'together', 'deepseek', 'perplexity', 'hf', 'huggingface', 'llm', 'chatModel',
))
AI_CALLS = frozenset((
    'generateText', 'streamText', 'generateObject', 'streamObject', 'embedMany', 'generateImage',
    'experimental_generateImage', 'generateContent', 'generateContentStream', 'createCompletion',
    'createChatCompletion', 'createImage', 'createEmbedding', 'createTranscription',
))
# The packages of AI APIs, and the words of a local module's path that say it wraps one
# (`@/lib/ai`, `./openai`): a call named like an AI call (`createImage`) is one only when its name
# comes from there (or, unresolved, in a file importing such a package).
AI_PACKAGES = frozenset((
    'openai', '@anthropic-ai/sdk', 'ai', '@google/generative-ai', '@google/genai', 'replicate', 'cohere-ai',
    'groq-sdk', '@mistralai/mistralai', 'together-ai', 'ollama', 'langchain', '@huggingface/inference',
))
AI_PACKAGE_SCOPES = ('@ai-sdk/', '@langchain/', '@openai/', '@anthropic-ai/')
AI_MODULE_WORDS = frozenset(('ai', 'llm', 'llms', 'openai', 'anthropic', 'gemini', 'genai', 'gpt', 'models', 'inference'))
# Words of a function's name that say it asks a model (`askAi`, `chatReplyProcess` of `./chatgpt`).
AI_NAME_WORDS = frozenset(('ai', 'gpt', 'chatgpt', 'llm', 'openai', 'anthropic', 'claude', 'gemini'))
UPLOAD_CALLS = frozenset((
    'formidable', 'busboy', 'Busboy', 'uploadFile', 'uploadImage', 'upload_stream', 'uploadStream',
    'multer', 'IncomingForm', 'PutObjectCommand', 'Upload',
))
RENDER_CALLS = frozenset(('PDFDocument', 'Workbook', 'archiver', 'renderToBuffer', 'pdf', 'writeBuffer'))
PROCESS_CALLS = frozenset(('exec', 'execFile', 'spawn', 'fork', 'execSync', 'spawnSync', 'execFileSync', 'sharp', 'ffmpeg'))
# AWS SES commands (`new SendEmailCommand(...)`).
MAIL_COMMANDS = frozenset(('SendEmailCommand', 'SendRawEmailCommand'))
# Headless browsers (`puppeteer.launch()`).
BROWSERS = frozenset(('puppeteer', 'chromium', 'playwright'))
# Node's child_process module as a specifier, and its calls that run a command with a `timeout`
# option (hardcoded-config).
CHILD_PROCESS_PACKAGES = frozenset((packages.CHILD_PROCESS, f'node:{packages.CHILD_PROCESS}'))
# execa: its subprocess is a child process and a promise at once, which rejects when the command
# fails, times out or is killed (unless made with `reject: false`); `execa.command` and
# `execa.node` of its older default export make one too.
EXECA = 'execa'
EXECA_MAKERS = frozenset(('execa', 'execaCommand', 'execaNode'))
EXECA_METHODS = frozenset(('command', 'node'))
PROCESS_RUNS = frozenset(('exec', 'execFile', 'execSync', 'execFileSync', 'spawn', 'spawnSync'))
# Names of the child_process module (`cp.exec(...)`).
CHILD_PROCESS = frozenset((packages.CHILD_PROCESS, 'cp', 'childProcess'))
# In-process promise queues whose `add(task)` returns the task's promise (it rejects when the task
# does), and those calls (error-handling: a task added and dropped is an unhandled rejection).
PROMISE_QUEUES = frozenset(('p-queue',))
PROMISE_QUEUE_ADDS = frozenset(('add',))
# unvalidated-input: calls that run a shell command string, and the modules that give them.
# `exec`/`execSync` run their whole first argument through a shell.
SHELL_STRING_CALLS = frozenset(('exec', 'execSync'))
SHELL_CALLS = SHELL_STRING_CALLS | frozenset(('spawn', 'spawnSync'))
SHELL_MODULES = CHILD_PROCESS | frozenset(('shell', 'shelljs'))
# unvalidated-input: LDAP clients, whose search filters are asked (an import of one names it).
LDAP_PACKAGES = frozenset(('ldapjs', 'ldapts', 'ldapjs-client', 'activedirectory', 'activedirectory2'))

# unvalidated-input: calls whose first argument (or its `to`...) is the recipient, and receivers
# whose `.send(message)` sends mail or a text message.
RECIPIENT_SENDS = MAIL_SENDS | INVITE_SENDS | SMS_SENDS | PUSH_SENDS | MESSAGE_SENDS
RECIPIENT_CLIENTS = MAIL_CLIENTS | SMS_CLIENTS
# Keys of a message that name its recipient.
RECIPIENT_KEYS = frozenset(('to', 'recipient', 'recipients', 'cc', 'bcc', 'phone', 'phoneNumber', 'number'))
# Words of a request field that name where a message goes (an address, a number, a person, a device):
# the project's own send takes its recipient in the first argument only by convention, so a request
# value given there is taken for one only when its name says so (`req.body.phone`, not
# `req.body.job_id`, which picks the record whose recipients the send looks up).
RECIPIENT_WORDS = frozenset((
    'to', 'recipient', 'recipients', 'cc', 'bcc', 'email', 'emails', 'mail', 'address', 'phone', 'mobile',
    'number', 'user', 'member', 'device', 'token', 'contact',
))


def may_compare_password(data: bytes, hash_clients: frozenset[str] = HASH_CLIENTS) -> bool:
    """``data`` may hold a password comparison (``CREDENTIAL_HINT``), tested first for what each kind
    needs (a name holding ``assword``, ``timingSafeEqual``, or a hasher for ``compare``/``verify``),
    each a plain byte search: ``compare(`` alone is every sort's comparator."""
    if b'assword' not in data and b'timingSafeEqual' not in data and not any(c.encode() in data for c in hash_clients):
        return False
    return CREDENTIAL_HINT.search(data) is not None
