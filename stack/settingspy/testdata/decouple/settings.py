from decouple import config, Csv

SECRET_KEY = config('SECRET_KEY', default='not-secret')
DEBUG = config('DEBUG', default=False, cast=bool)
ALLOWED_HOSTS = config('ALLOWED_HOSTS', default='localhost,127.0.0.1', cast=Csv())
USE_WHITENOISE = config('USE_WHITENOISE', default='on', cast=bool)
CACHE_SECONDS = config('CACHE_SECONDS', default=0, cast=int)
EXTRA_MIDDLEWARE = config('EXTRA_MIDDLEWARE', default='myproject.middleware.A, myproject.middleware.B', cast=Csv())

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

if USE_WHITENOISE:
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

if CACHE_SECONDS:
    MIDDLEWARE = ["django.middleware.cache.UpdateCacheMiddleware"] + MIDDLEWARE + ["django.middleware.cache.FetchFromCacheMiddleware"]

MIDDLEWARE += EXTRA_MIDDLEWARE
