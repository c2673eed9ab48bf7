MIDDLEWARE = [
    'django.middleware.security.SecurityMiddleware,
]
