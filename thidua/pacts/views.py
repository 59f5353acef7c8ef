"""Pages of pacts: Giao ước thi đua, cụm và khối thi đua."""
from __future__ import annotations

from django.shortcuts import render

from thidua.core.views import page


@page
def index(request):
    return render(request, "pacts/index.html", {"current": "pacts-index"})
