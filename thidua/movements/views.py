"""Pages of movements: Sáng kiến, đề tài và hội đồng khoa học."""
from __future__ import annotations

from django.shortcuts import render

from thidua.core.views import page


@page
def index(request):
    return render(request, "movements/index.html", {"current": "movements-index"})
