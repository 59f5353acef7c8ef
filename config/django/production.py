"""Production settings: secrets and hosts come from the environment, HTTPS everywhere."""
from django.core.exceptions import ImproperlyConfigured

from config.django.base import *  # noqa: F401,F403
from config.env import env, env_bool, env_list

SECRET_KEY = env("THIDUA_SECRET_KEY")
if not SECRET_KEY:
    raise ImproperlyConfigured("THIDUA_SECRET_KEY must be set in production.")
DEBUG = False
ALLOWED_HOSTS = env_list("THIDUA_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("THIDUA_CSRF_TRUSTED_ORIGINS")

# TLS ends at nginx, which sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("THIDUA_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(env("THIDUA_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
AXES_IPWARE_PROXY_COUNT = 1
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
