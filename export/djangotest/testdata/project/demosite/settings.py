"""The demo site's settings, as the conformance harness configures them
(oracle/run.py's DEFAULT_SETTINGS), with Django's default MIDDLEWARE: an
exported test overrides MIDDLEWARE and the settings the playground changed."""
import os

BASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

DEBUG = False
SECRET_KEY = 'playground-secret-key-not-for-production'
ALLOWED_HOSTS = ['testserver', 'example.com', 'www.example.com', 'localhost']
ROOT_URLCONF = 'myapp.urls'
INSTALLED_APPS = ['django.contrib.auth', 'django.contrib.contenttypes',
                  'django.contrib.sessions', 'django.contrib.messages',
                  'rest_framework', 'rest_framework.authtoken', 'corsheaders', 'myapp']
MIDDLEWARE = [
    'django.middleware.security.SecurityMiddleware',
    'django.contrib.sessions.middleware.SessionMiddleware',
    'django.middleware.common.CommonMiddleware',
    'django.middleware.csrf.CsrfViewMiddleware',
    'django.contrib.auth.middleware.AuthenticationMiddleware',
    'django.contrib.messages.middleware.MessageMiddleware',
    'django.middleware.clickjacking.XFrameOptionsMiddleware',
]
AUTHENTICATION_BACKENDS = ['django.contrib.auth.backends.ModelBackend',
                           'django.contrib.auth.backends.RemoteUserBackend']
REST_FRAMEWORK = {'UNAUTHENTICATED_USER': 'django.contrib.auth.models.AnonymousUser'}
DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': os.path.join(BASE_DIR, 'db.sqlite3')}}
CACHES = {'default': {'BACKEND': 'django.core.cache.backends.locmem.LocMemCache'}}
SESSION_ENGINE = 'django.contrib.sessions.backends.db'
PASSWORD_HASHERS = ['django.contrib.auth.hashers.MD5PasswordHasher']
TEMPLATES = []
USE_TZ = True
RATE_LIMIT = 3
CORS_ALLOWED_ORIGINS = ['https://app.example.com']
STATIC_URL = '/static/'
STATIC_ROOT = os.path.join(BASE_DIR, 'static')
DEFAULT_AUTO_FIELD = 'django.db.models.AutoField'
# Django logs every 500 a test provokes on purpose; the test output should
# show the tests' own messages.
LOGGING = {'version': 1, 'disable_existing_loggers': False,
           'loggers': {'django.request': {'level': 'CRITICAL'}, 'django.security': {'level': 'CRITICAL'},
                       'myapp': {'level': 'CRITICAL'}}}
