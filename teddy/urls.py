from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from audio import views as audio_views
from safety.api import urls as safety_urls

urlpatterns = [
    path("api/schema", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/v1/", include("audio.api.urls")),
    path("api/", include(safety_urls.urlpatterns)),
    path("api/internal/", include(safety_urls.internal_urlpatterns)),
    path("health/live", audio_views.health_live, name="health-live"),
    path("health/audio", audio_views.health_audio, name="health-audio"),
    path("health/audio/tts", audio_views.health_tts, name="health-audio-tts"),
    path("health/audio/metrics", audio_views.health_metrics, name="health-audio-metrics"),
    path("metrics", audio_views.metrics, name="metrics"),
    path("console/compliance/", include("safety.console_urls")),
    path("console/", include("runbooks.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "teddy.errors.handler400"
handler403 = "teddy.errors.handler403"
handler404 = "teddy.errors.handler404"
handler500 = "teddy.errors.handler500"
