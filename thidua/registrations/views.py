"""Pages of registrations: Đăng ký thi đua đầu năm."""
from __future__ import annotations

from django.shortcuts import render

from thidua.core.views import page


@page
def index(request):
    return render(request, "registrations/index.html", {"current": "registrations-index"})
