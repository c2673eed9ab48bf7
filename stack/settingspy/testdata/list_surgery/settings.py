DEBUG = False

_BASE = [
    'django.middleware.security.SecurityMiddleware',
    'django.contrib.sessions.middleware.SessionMiddleware',
    'django.middleware.common.CommonMiddleware',
    'django.middleware.csrf.CsrfViewMiddleware',
    'django.contrib.auth.middleware.AuthenticationMiddleware',
    'django.contrib.messages.middleware.MessageMiddleware',
    'django.middleware.clickjacking.XFrameOptionsMiddleware',
]

MIDDLEWARE = _BASE[:2] + ['django.middleware.locale.LocaleMiddleware'] + _BASE[2:]
MIDDLEWARE.insert(-1, 'django.contrib.auth.middleware.RemoteUserMiddleware')
MIDDLEWARE.insert(-100, 'django.middleware.cache.UpdateCacheMiddleware')
MIDDLEWARE.insert(100, 'django.middleware.cache.FetchFromCacheMiddleware')
MIDDLEWARE.extend((
    'myproject.middleware.AuditMiddleware',
    'myproject.middleware.GzipHintMiddleware',
))
MIDDLEWARE.append('django.middleware.gzip.GZipMiddleware')
MIDDLEWARE.remove('django.middleware.gzip.GZipMiddleware')
MIDDLEWARE = [m for m in MIDDLEWARE if not m.endswith('GzipHintMiddleware')]
MIDDLEWARE[MIDDLEWARE.index('myproject.middleware.AuditMiddleware')] = 'myproject.middleware.AuditLogMiddleware'
del MIDDLEWARE[0]
MIDDLEWARE = ['django.middleware.cache.UpdateCacheMiddleware', *MIDDLEWARE]
MIDDLEWARE = tuple(MIDDLEWARE)
MIDDLEWARE = list(MIDDLEWARE[::-1][::-1])
