"""WebSocket routes. The toy's streaming socket and the console's live views join here."""

websocket_urlpatterns: list = []
