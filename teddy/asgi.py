"""ASGI entry point: HTTP goes to Django, WebSockets to Channels consumers.

Django is set up before the routing modules are imported, because consumers import models.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teddy.settings")
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from audio.api.fast import CacheHitFastPath  # noqa: E402
from safety.engine import load_models  # noqa: E402
from teddy.routing import websocket_urlpatterns  # noqa: E402

load_models()  # the safety models, once per web process, before the first request

application = ProtocolTypeRouter(
    {
        "http": CacheHitFastPath(django_asgi_app),
        "websocket": URLRouter(websocket_urlpatterns),
    }
)
