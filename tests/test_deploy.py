"""Production settings pass Django's deployment checks and refuse to start without a secret."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _check(env_extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("THIDUA_")}
    env.update({"DJANGO_SETTINGS_MODULE": "config.django.production", **env_extra})
    return subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                          cwd=ROOT, env=env, capture_output=True, text=True)


def test_production_settings_pass_check_deploy():
    result = _check({"THIDUA_SECRET_KEY": "k" * 20 + "x7#Qz!9LmPq2@vR5tY8wE1uI4oP6aS3dF", "THIDUA_ALLOWED_HOSTS": "thidua.example.vn"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = _check({"THIDUA_ALLOWED_HOSTS": "thidua.example.vn"})
    assert result.returncode != 0
    assert "THIDUA_SECRET_KEY" in result.stderr
