from .base import *
from .. import *


def flag(name, default='yes'):
    return os.getenv(name, default).lower() in ('yes', 'true', '1')


MIDDLEWARE = list(MIDDLEWARE)
MIDDLEWARE.insert(MIDDLEWARE.index('django.middleware.common.CommonMiddleware'), 'corsheaders.middleware.CorsMiddleware')
MIDDLEWARE += PROJECT_MIDDLEWARE

if flag('USE_WHITENOISE'):
    MIDDLEWARE.insert(1, 'whitenoise.middleware.WhiteNoiseMiddleware')
if flag('USE_SILK', default='no'):
    MIDDLEWARE.append('silk.middleware.SilkyMiddleware')
if DEBUG:
    MIDDLEWARE.append('debug_toolbar.middleware.DebugToolbarMiddleware')
try:
    UNLISTED
except NameError:
    MIDDLEWARE.append('star.import.honours.All')
