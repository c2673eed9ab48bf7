from .settings_base import *

MIDDLEWARE = list(MIDDLEWARE)

try:
    from .local_settings import *  # not in the repository
except ImportError:
    MIDDLEWARE.append('myproject.middleware.NoLocalSettingsMiddleware')

try:
    from .extra import *
except (ImportError, KeyError):
    pass
else:
    MIDDLEWARE = MIDDLEWARE + EXTRA_MIDDLEWARE
finally:
    MIDDLEWARE = tuple(MIDDLEWARE)

try:
    _ = _PRIVATE_MIDDLEWARE
except NameError:
    MIDDLEWARE += ('myproject.middleware.StarImportSkipsPrivateNames',)
