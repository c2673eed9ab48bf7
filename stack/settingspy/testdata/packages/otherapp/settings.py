# Settings in another folder of the same repository, reading the project's
# by their absolute dotted path.
from myproject.settings.local import *

MIDDLEWARE = [m for m in MIDDLEWARE if 'silk' not in m] + ['otherapp.middleware.Tenant']
