# The project package: `from .. import *` in the settings reads this.
__all__ = ['PROJECT_MIDDLEWARE']

PROJECT_MIDDLEWARE = ['myproject.middleware.RequestIdMiddleware']
UNLISTED = ['myproject.middleware.NotExported']
