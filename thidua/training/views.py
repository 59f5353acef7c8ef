"""Pages of training: Đào tạo, bồi dưỡng và trình độ chuyên môn."""
from __future__ import annotations

from django.shortcuts import render

from thidua.core.views import page


@page
def index(request):
    return render(request, "training/index.html", {"current": "training-index"})
