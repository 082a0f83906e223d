from django.urls import path

from . import views

urlpatterns = [path("v1/safety/check", views.safety_check, name="api-safety-check")]
internal_urlpatterns = [path("safety/test", views.safety_test, name="api-internal-safety-test")]
