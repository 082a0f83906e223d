"""The baseline for the hot path: the smallest Django ASGI app that answers a POST with the same
number of bytes a cached TTS answer has, served by the same uvicorn command as the real stack.

    BENCH_BYTES=62000 uvicorn bench.minimal_asgi:application --workers 2 ...

No middleware, no database, no Redis: what is left is Django's request handling and the
server. The cache-hit TTS throughput is reported as a ratio to this.
"""

import os

from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-minimal",  # noqa: S106 - a local benchmark, nothing to protect
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
)

from django.core.asgi import get_asgi_application
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

BODY = os.urandom(int(os.environ.get("BENCH_BYTES", "60000")))


@csrf_exempt
def audio_bytes(request):
    return HttpResponse(BODY, content_type="audio/wav")


urlpatterns = [path("bytes", audio_bytes)]
application = get_asgi_application()
