"""WebSocket routes. Toys authenticate with their device token (``audio/consumers.py``);
console pages with the staff session, from an allowed origin only."""

from channels.auth import AuthMiddlewareStack
from channels.security.websocket import AllowedHostsOriginValidator
from django.urls import path

from audio.consumers import TTSConsumer
from runbooks.consumers import SLOBoardConsumer


def staff(consumer):
    return AllowedHostsOriginValidator(AuthMiddlewareStack(consumer.as_asgi()))


websocket_urlpatterns = [
    path("ws/v1/tts", TTSConsumer.as_asgi()),
    path("ws/console/slo", staff(SLOBoardConsumer)),
]
