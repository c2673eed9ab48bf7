from .base import *

try:
    from .secrets import *
except ImportError:
    pass

MIDDLEWARE.insert(4, 'django.contrib.sessions.middleware.SessionMiddleware')
