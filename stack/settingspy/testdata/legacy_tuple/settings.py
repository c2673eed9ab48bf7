# -*- coding: utf-8 -*-
# An old (Django 1.8 era) settings module: MIDDLEWARE_CLASSES as a tuple,
# backslash continuations and implicit string concatenation.
import os

BASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

DEBUG = False
TEMPLATE_DEBUG = DEBUG

ADMINS = (
    ('Ops', 'ops@example.com'),
)
MANAGERS = ADMINS

MIDDLEWARE_CLASSES = (
    'django.contrib.sessions.middleware.SessionMiddleware',
    'django.middleware.common.CommonMiddleware',
    'django.middleware.csrf.CsrfViewMiddleware',  # keep before auth
    'django.contrib.auth.middleware.'
        'AuthenticationMiddleware',
    'django.contrib.auth.middleware.SessionAuthenticationMiddleware',
    'django.contrib.messages.middleware.MessageMiddleware',
    'django.middleware.clickjacking.XFrameOptionsMiddleware',
    'django.middleware.security.SecurityMiddleware',
)

if DEBUG:
    MIDDLEWARE_CLASSES += \
        ('debug_toolbar.middleware.DebugToolbarMiddleware',)
else:
    MIDDLEWARE_CLASSES = ('django.middleware.gzip.GZipMiddleware',) + \
        MIDDLEWARE_CLASSES

TEMPLATE_DIRS = (os.path.join(BASE_DIR, 'templates'),)
