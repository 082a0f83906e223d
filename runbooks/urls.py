from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="console-home"),
    path("slo/", views.board, name="console-board"),
    path("slo/partial", views.board_partial, name="console-board-partial"),
    path("actions/", views.actions_page, name="console-actions"),
    path("actions/emergency", views.emergency_action, name="console-action-emergency"),
    path("actions/flush", views.flush_action, name="console-action-flush"),
    path("actions/breaker-reset", views.breaker_reset_action, name="console-action-breaker"),
    path("actions/probe", views.probe_action, name="console-action-probe"),
    path("actions/safety-test", views.safety_test_action, name="console-action-safety-test"),
    path("actions/warmup", views.warmup_action, name="console-action-warmup"),
    path("actions/warmup/<str:task_id>", views.warmup_status, name="console-warmup-status"),
    path("config/", views.config_page, name="console-config"),
    path("rules/", views.rule_list, name="console-rules"),
    path("rules/try", views.rule_try, name="console-rule-try"),
    path("rules/new", views.rule_edit, name="console-rule-new"),
    path("rules/<int:rule_id>/", views.rule_edit, name="console-rule-edit"),
    path("runbooks/", views.runbook_list, name="console-runbooks"),
    path("runbooks/<slug:slug>/", views.runbook_page, name="console-runbook"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
