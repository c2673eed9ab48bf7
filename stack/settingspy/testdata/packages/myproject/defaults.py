import os


def env_bool(name, default=False):
    value = os.environ.get(name, str(default))
    return value.strip().lower() in ('1', 'true', 'yes', 'on')


DEBUG = env_bool('DEBUG')

DJANGO_MIDDLEWARE_CLASSES = [
    'django.middleware.security.SecurityMiddleware',
    'django.contrib.sessions.middleware.SessionMiddleware',
    'django.middleware.common.CommonMiddleware',
    'django.middleware.csrf.CsrfViewMiddleware',
    'django.contrib.auth.middleware.AuthenticationMiddleware',
    'django.contrib.messages.middleware.MessageMiddleware',
]
