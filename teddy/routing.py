"""WebSocket routes. The toy's streaming socket and the console's live views join here."""

from django.urls import path

from audio.consumers import TTSConsumer

websocket_urlpatterns = [
    path("ws/v1/tts", TTSConsumer.as_asgi()),
]
