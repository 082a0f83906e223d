from django.urls import path

from . import views

urlpatterns = [
    path("tts", views.tts, name="api-tts"),
    path("safety/check", views.safety_check, name="api-safety-check"),
]
