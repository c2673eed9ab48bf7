import os

ENVIRONMENT = os.environ.get('DJANGO_ENV', 'development')
DEBUG = os.environ.get("DEBUG", "False") == "True"
USE_CACHE = os.getenv('USE_CACHE', '1') in ('1', 'true', 'yes')
ENABLE_CORS = os.environ.get("ENABLE_CORS", "true").lower() == "true"
SENTRY_DSN = os.environ.get("SENTRY_DSN")

MIDDLEWARE = [
    'django.middleware.security.SecurityMiddleware',
    'django.contrib.sessions.middleware.SessionMiddleware',
    'django.middleware.common.CommonMiddleware',
    'django.middleware.csrf.CsrfViewMiddleware',
    'django.contrib.auth.middleware.AuthenticationMiddleware',
    'django.contrib.messages.middleware.MessageMiddleware',
    'django.middleware.clickjacking.XFrameOptionsMiddleware',
]

if ENABLE_CORS and ENVIRONMENT != 'test':
    MIDDLEWARE.insert(0, 'corsheaders.middleware.CorsMiddleware')

if USE_CACHE:
    MIDDLEWARE = ['django.middleware.cache.UpdateCacheMiddleware'] + MIDDLEWARE
    MIDDLEWARE.append('django.middleware.cache.FetchFromCacheMiddleware')

if ENVIRONMENT == 'production':
    MIDDLEWARE.insert(1, 'whitenoise.middleware.WhiteNoiseMiddleware')
elif ENVIRONMENT == 'staging' or SENTRY_DSN is not None:
    MIDDLEWARE.append('myproject.middleware.SentryContextMiddleware')
else:
    MIDDLEWARE.append('myproject.middleware.DevHeaderMiddleware')

if not DEBUG:
    MIDDLEWARE.insert(
        1,
        'myproject.middleware.RequestTimeMiddleware',
    )
elif 'debug_toolbar' not in os.environ.get('DISABLE', ''):
    MIDDLEWARE.insert(-1, 'debug_toolbar.middleware.DebugToolbarMiddleware')

RATE_LIMIT = int(os.environ.get('RATE_LIMIT', 100))
if RATE_LIMIT > 0 and not (ENVIRONMENT == 'test'):
    MIDDLEWARE.insert(2, 'myproject.middleware.RateLimitMiddleware')
