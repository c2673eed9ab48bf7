from .base import *  # noqa: F401,F403

ALLOWED_HOSTS = ["localhost", "127.0.0.1"]

INSTALLED_APPS += ["debug_toolbar"]
MIDDLEWARE += ["debug_toolbar.middleware.DebugToolbarMiddleware"]

# Profile requests locally, right after the session middleware.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware") + 1,
    "myproject.middleware.RequestTimeMiddleware",
)

INTERNAL_IPS = ["127.0.0.1"]
