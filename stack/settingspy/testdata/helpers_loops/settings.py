import os
import sys


def env_flag(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in ('1', 'true', 'yes', 'on')


def middleware(*names, prefix='django.middleware.'):
    return [prefix + n for n in names]


TESTING = len(sys.argv) > 1 and sys.argv[1] == 'test'
OPTIONAL = {
    'corsheaders': 'corsheaders.middleware.CorsMiddleware',
    'whitenoise': 'whitenoise.middleware.WhiteNoiseMiddleware',
    'silk': 'silk.middleware.SilkyMiddleware',
}
ENABLED = ['whitenoise', 'corsheaders']

MIDDLEWARE = middleware('security.SecurityMiddleware')
for app in ENABLED:
    if app == 'silk' and not DEBUG:
        continue
    MIDDLEWARE.append(OPTIONAL[app])
MIDDLEWARE += ['django.contrib.sessions.middleware.SessionMiddleware']
MIDDLEWARE += middleware('common.CommonMiddleware', 'csrf.CsrfViewMiddleware')
for path in (
    'django.contrib.auth.middleware.AuthenticationMiddleware',
    'django.contrib.messages.middleware.MessageMiddleware',
):
    MIDDLEWARE.append(path)
else:
    MIDDLEWARE.append('django.middleware.clickjacking.XFrameOptionsMiddleware')

if env_flag('PROFILE', default=DEBUG) and not TESTING:
    MIDDLEWARE.insert(0, 'myproject.middleware.RequestTimeMiddleware')

i = 0
while i < len(MIDDLEWARE):
    if MIDDLEWARE[i].startswith('corsheaders'):
        MIDDLEWARE.insert(0, MIDDLEWARE.pop(i))
        break
    i += 1
