# Optional dependencies, as real projects test for them: an import in a
# try block succeeds for a package the project lists and fails for one it
# does not; contextlib.suppress runs its body and swallows what it names.
from contextlib import suppress

DEBUG = False

INSTALLED_APPS = [
    'django.contrib.admin',
    'django.contrib.auth',
    'django.contrib.contenttypes',
    'django.contrib.sessions',
]
THIRD_PARTY_APPS = ['django_extensions']

MIDDLEWARE = [
    'django.middleware.security.SecurityMiddleware',
    'django.contrib.sessions.middleware.SessionMiddleware',
    'django.middleware.common.CommonMiddleware',
    'django.middleware.csrf.CsrfViewMiddleware',
    'django.contrib.auth.middleware.AuthenticationMiddleware',
]

with suppress(ImportError):
    import debug_toolbar
    if DEBUG:
        INSTALLED_APPS += ['debug_toolbar']
        MIDDLEWARE.insert(0, 'debug_toolbar.middleware.DebugToolbarMiddleware')

try:
    import django_extensions
    INSTALLED_APPS += THIRD_PARTY_APPS
except ImportError:
    pass

try:
    import silk
    MIDDLEWARE.append('silk.middleware.SilkyMiddleware')
except ImportError:
    MIDDLEWARE.append('no.silk.Fallback')

try:
    import sentry_sdk
    HAS_SENTRY = True
except ImportError:
    HAS_SENTRY = False
if HAS_SENTRY:
    MIDDLEWARE.append('sentry.middleware.SentryMiddleware')

try:
    import whitenoise
except ImportError:
    whitenoise = None
if whitenoise is not None:
    MIDDLEWARE.insert(1, 'whitenoise.middleware.WhiteNoiseMiddleware')

with suppress(KeyError, IndexError):
    MIDDLEWARE.append('before.Raise')
    {}['missing']
    MIDDLEWARE.append('never.Reached')
MIDDLEWARE += ['after.Suppress']
