# A compact settings file: annotations, semicolons, raw and unicode
# prefixes, a docstring in the list's neighbourhood, a conditional
# expression, and a dict that is not the list.
'''Settings.'''
import os; from os import environ
DEBUG: bool = False; SECRET_KEY = r'r\aw'
LOGGING = {'version': 1, 'handlers': {'console': {'class': 'logging.StreamHandler'}}}
SECURITY = u'django.middleware.security.SecurityMiddleware'
MIDDLEWARE: list = [
    SECURITY,
    r'django.contrib.sessions.middleware.SessionMiddleware',
    """django.middleware.common.CommonMiddleware""",
    'django.middleware.csrf.CsrfViewMiddleware',
    f'django.contrib.auth.middleware.AuthenticationMiddleware',
    'django.contrib.messages.middleware.MessageMiddleware',
] + (['myproject.middleware.DebugOnlyMiddleware'] if DEBUG else [])
MIDDLEWARE.append('django.middleware.clickjacking.XFrameOptionsMiddleware'); MIDDLEWARE.append(environ.get('EXTRA', 'myproject.middleware.Extra'))
