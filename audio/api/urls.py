from django.urls import path

from . import views

urlpatterns = [
    path("tts", views.tts, name="api-tts"),
]
