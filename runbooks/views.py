"""The console: the SRE and compliance pages. Views read the same services the API uses."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from audio import health


@login_required
def home(request: HttpRequest) -> HttpResponse:
    roles = sorted(request.user.groups.values_list("name", flat=True))
    return render(request, "runbooks/home.html", {"health": health.audio_health(), "roles": roles})
