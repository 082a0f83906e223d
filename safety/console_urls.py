"""The compliance console's pages, under ``/console/compliance/``."""

from django.urls import path

from . import console

urlpatterns = [
    path("", console.index, name="compliance-home"),
    path("consents/", console.consent_list, name="compliance-consents"),
    path(
        "consents/<int:consent_id>/revoke", console.consent_revoke, name="compliance-consent-revoke"
    ),
    path("children/<str:public_id>/", console.child_page, name="compliance-child"),
    path(
        "children/<str:public_id>/consents/new", console.consent_new, name="compliance-consent-new"
    ),
    path(
        "children/<str:public_id>/report.json",
        console.child_report_json,
        name="compliance-child-report",
    ),
    path("children/<str:public_id>/delete", console.child_delete, name="compliance-child-delete"),
    path("interactions/", console.interaction_list, name="compliance-interactions"),
    path("interactions.csv", console.interaction_csv, name="compliance-interactions-csv"),
    path("audit/", console.audit_trail, name="compliance-audit"),
    path("events/", console.event_list, name="compliance-events"),
    path("events/<int:event_id>/review", console.event_review, name="compliance-event-review"),
]
