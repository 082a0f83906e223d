from django.urls import path

from . import views

urlpatterns = [
    path("tts", views.tts, name="api-tts"),
    path("stt", views.stt, name="api-stt"),
    path("audio/validate", views.audio_validate, name="api-audio-validate"),
]
