# Developer-specific overrides, usually not committed.
from .base import MIDDLEWARE

MIDDLEWARE = MIDDLEWARE + [
    "debug_toolbar.middleware.DebugToolbarMiddleware",
]
