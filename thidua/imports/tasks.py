"""Background imports (huey): a large upload is previewed and imported by the worker, not the request."""
from __future__ import annotations

from huey.contrib.djhuey import db_task


@db_task()
def import_job(token: str, user_id: int, org_code: str, mode: str, skip_invalid: bool, on_iso: str) -> None:
    from datetime import date

    from django.contrib.auth import get_user_model

    from thidua.imports.views import run_job

    user = get_user_model().objects.get(pk=user_id)
    run_job(token, user=user, org_code=org_code, mode=mode, skip_invalid=skip_invalid, on=date.fromisoformat(on_iso))
