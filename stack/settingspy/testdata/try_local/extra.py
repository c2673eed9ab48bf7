EXTRA_MIDDLEWARE = [
    'myproject.middleware.TenantPrefixMiddleware',
]
