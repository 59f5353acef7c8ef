"""Settings for one machine: `make run` and the `thidua` command."""
from config.django.base import *  # noqa: F401,F403
from config.env import env_bool

DEBUG = env_bool("THIDUA_DEBUG", False)
