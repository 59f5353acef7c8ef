"""Pages of campaigns: Phong trào thi đua: phát động, đợt cao điểm, hưởng ứng, mô hình, hội thi."""
from __future__ import annotations

from django.shortcuts import render

from thidua.core.views import page


@page
def index(request):
    return render(request, "campaigns/index.html", {"current": "campaigns-index"})
