"""Background imports (huey): a large upload is previewed and imported by the worker, not the request.

The same job runs a file queued from the command line (`thidua import members --background`),
owned by the system actor: its user id is 0 (views.SYSTEM_OWNER).
"""
from __future__ import annotations

from huey.contrib.djhuey import db_task


@db_task()
def import_job(token: str, user_id: int | None, org_code: str, mode: str, skip_invalid: bool, on_iso: str,
               sheet: str | None = None, report: bool = False) -> None:
    from datetime import date

    from django.contrib.auth import get_user_model

    from thidua.core.permissions import SYSTEM
    from thidua.imports.views import run_job

    user = SYSTEM if not user_id else get_user_model().objects.get(pk=user_id)
    run_job(token, user=user, org_code=org_code, mode=mode, skip_invalid=skip_invalid, on=date.fromisoformat(on_iso),
            sheet=sheet, report=report)
