from django.urls import path

from . import parent, views

urlpatterns = [
    path("v1/safety/check", views.safety_check, name="api-safety-check"),
    path("v1/parent/children", parent.children, name="api-parent-children"),
    path("v1/parent/children/<str:child_id>", parent.child_data, name="api-parent-child"),
    path("v1/parent/children/<str:child_id>/revoke", parent.revoke, name="api-parent-revoke"),
    path("v1/parent/children/<str:child_id>/delete", parent.delete, name="api-parent-delete"),
]
internal_urlpatterns = [path("safety/test", views.safety_test, name="api-internal-safety-test")]
