# An absolute import of the project's own module, and a setting aliased
# from another name.
from myproject.defaults import *

MIDDLEWARE = DJANGO_MIDDLEWARE_CLASSES
