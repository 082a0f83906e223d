"""OpenAPI pieces shared by the toy API and the parent API (drf-spectacular).

The serializers here only *describe* bodies for the schema at ``/api/schema``: the views keep
their own validation (``audio.validation``, ``safety.api``), whose rejections are the error
shape ``{"error": {"code", "message"}}`` documented once here as the ``Error`` component.

Importing this module registers the two Bearer schemes (toy and parent tokens) with
drf-spectacular; the views import it, so the schema always has them.
"""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema_field
from rest_framework import serializers

from audio.postprocess import FORMATS
from audio.providers.local import LANGUAGE_VOICES, VOICE_VARIANTS
from audio.validation import AudioLimits
from safety.engine import AGE_GROUPS, DIRECTIONS
from safety.models import ConsentScope, Severity

# --- security schemes -------------------------------------------------------------------------


class DeviceTokenScheme(OpenApiAuthenticationExtension):
    target_class = "teddy.auth.DeviceTokenAuthentication"
    name = "deviceToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A toy's device token: `Authorization: Bearer tdy_...`.",
        }


class ParentTokenScheme(OpenApiAuthenticationExtension):
    target_class = "safety.api.parent.ParentTokenAuthentication"
    name = "parentToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A parent's token: `Authorization: Bearer ptn_...`.",
        }


# --- the error shape --------------------------------------------------------------------------


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable, machine-readable: firmware branches on it.")
    message = serializers.CharField(help_text="For people; may change.")
    details = serializers.JSONField(
        required=False, help_text="Extra facts for some codes, e.g. the allowed values."
    )


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


# What each status means across the API, and the codes it carries.
ERROR_DESCRIPTIONS = {
    400: "The request is malformed: `invalid_request`, `invalid_json`, `invalid_text`, "
    "`invalid_voice`, `invalid_format`, `invalid_language`, `invalid_child_id`, "
    "`invalid_stream`, `invalid_age_group`, `invalid_direction`, `invalid_scope`, "
    "`missing_audio`, `invalid_sample_rate`, `empty_audio`, `unsupported_format`, "
    "`corrupt_audio`, `too_long`, `unsupported_sample_rate`, `too_many_channels`, "
    "`silent_audio`, `bad_request`, `unsupported_markup` (the text carries speech-engine "
    "markup: `[[...]]` phoneme input, SSML or HTML tags, character references, control or "
    "bidirectional-text characters; send plain words only).",
    401: "No token, or a token that is not valid (`not_authenticated`, `invalid_token`).",
    403: "Authenticated but not allowed: `child_mismatch` (the toy is not registered to that "
    "child), `consent_required` (no active parental consent), `permission_denied`.",
    404: "`not_found`: no such child in your family (another family's child looks the same).",
    413: "`too_large`: the upload is larger than the limit.",
    415: "`unsupported_media_type`: the body's Content-Type is not one this endpoint reads.",
    422: "`language_not_supported`: the text is in a language the child-safety filter cannot "
    "judge (it covers English, Spanish, German, French, Italian, Portuguese and Dutch); for a "
    "child under 13 (or of unknown age) such text is refused, never passed unjudged. "
    "`details.detected` names the language found.",
    429: "`rate_limited`: the toy's (or its child's) hourly budget is spent; retry after "
    "`Retry-After` seconds.",
    503: "`service_unavailable` / `provider_unavailable`: nothing can serve it right now; "
    "retrying later can help.",
}

RETRY_AFTER = OpenApiParameter(
    "Retry-After",
    OpenApiTypes.INT,
    OpenApiParameter.HEADER,
    required=True,
    description="Seconds until one more request fits the hourly budget.",
    response=[429],
)


def errors(*statuses: int) -> dict[int, OpenApiResponse]:
    """The error responses of an operation, each the ``Error`` shape."""
    return {
        status: OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[status])
        for status in statuses
    }


# --- text to speech ---------------------------------------------------------------------------


@extend_schema_field(
    {
        "oneOf": [{"type": "string"}, {"type": "integer"}],
        "description": "The toy's own child (optional); any other child answers 403 "
        "`child_mismatch`.",
    }
)
class ChildIdField(serializers.Field):
    pass


class TTSSerializer(serializers.Serializer):
    text = serializers.CharField(
        min_length=1,
        max_length=settings.TTS_MAX_TEXT_LENGTH,
        trim_whitespace=False,
        help_text="What Teddy says, in plain words: engine markup is refused (400 "
        "`unsupported_markup`); English, Spanish, German, French, Italian, Portuguese or Dutch "
        "(another language is refused with 422 `language_not_supported` for a young child).",
    )
    voice = serializers.ChoiceField(choices=tuple(VOICE_VARIANTS), required=False)
    format = serializers.ChoiceField(choices=FORMATS, required=False, default="wav")
    language = serializers.ChoiceField(choices=tuple(LANGUAGE_VOICES), required=False)
    child_id = ChildIdField(required=False)
    stream = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Chunked audio, sentence by sentence, while the rest is being made.",
    )


TTS_MEDIA_TYPES = ("audio/wav", "audio/mpeg", "audio/ogg", "audio/L16")
TTS_AUDIO = OpenApiResponse(
    OpenApiTypes.BINARY,
    description="The speech, in the requested `format`: `audio/wav`, `audio/mpeg`, "
    "`audio/ogg; codecs=opus` or `audio/L16; rate=...; channels=1` (raw 16-bit PCM). Blocked "
    "text is answered with a safe spoken redirection and `X-Safety-Action: blocked`. With "
    '`"stream": true` the body is chunked (`X-Stream: sentences`).',
)


def _header(name: str, description: str, *, enum=None, required: bool = False):
    return OpenApiParameter(
        name,
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        required=required,
        description=description,
        enum=enum,
        response=[200],
    )


TTS_HEADERS = [
    _header("X-TTS-Provider", "The voice that made the audio.", required=True),
    _header("X-Cache", "Whether the audio came from the cache.", enum=["HIT", "MISS"]),
    _header(
        "X-Safety-Action",
        "What the child-safety layer did to the text.",
        enum=["allow", "blocked", "redacted"],
    ),
    _header("X-Safety-Category", "Why the text was blocked or redacted."),
    _header("X-Audio-Duration", "Seconds of audio (not on streams)."),
    _header("X-Stream", "`sentences` on a chunked answer.", enum=["sentences"]),
]

# --- audio uploads ----------------------------------------------------------------------------


class AudioUploadSerializer(serializers.Serializer):
    audio = serializers.FileField(
        help_text="WAV, MP3, Ogg/Opus, WebM or FLAC (identified from its bytes), or raw "
        "16-bit PCM with `sample_rate`."
    )
    sample_rate = serializers.IntegerField(
        required=False,
        min_value=AudioLimits.min_rate,
        max_value=AudioLimits.max_rate,
        help_text="Hz; needed only for raw PCM.",
    )


class SpeechUploadSerializer(AudioUploadSerializer):
    language = serializers.ChoiceField(
        choices=("en", "es", "fr", "de", "it", "pt", "nl"), required=False, default="en"
    )


RAW_AUDIO = {
    "type": "string",
    "format": "binary",
    "description": "The audio file itself. For raw PCM, say its rate: "
    "`Content-Type: audio/L16; rate=16000` or `?sample_rate=16000`.",
}


def upload_body(form: type[serializers.Serializer]) -> dict:
    return {
        "multipart/form-data": form,
        "audio/*": RAW_AUDIO,
        "application/octet-stream": RAW_AUDIO,
    }


SAMPLE_RATE = OpenApiParameter(
    "sample_rate",
    {"type": "integer", "minimum": AudioLimits.min_rate, "maximum": AudioLimits.max_rate},
    description="Hz of a raw PCM body (or a form field); other rates are 400 "
    "`unsupported_sample_rate`.",
)


class AudioReportSerializer(serializers.Serializer):
    format = serializers.CharField(help_text='The container; "wav (truncated)" when cut short.')
    codec = serializers.CharField()
    sample_rate = serializers.IntegerField()
    channels = serializers.IntegerField()
    duration_s = serializers.FloatField()
    rms_dbfs = serializers.FloatField()
    peak_dbfs = serializers.FloatField()
    clipping_ratio = serializers.FloatField(min_value=0, max_value=1)
    silence_ratio = serializers.FloatField(min_value=0, max_value=1)
    snr_db = serializers.FloatField()
    speech_ratio = serializers.FloatField(min_value=0, max_value=1)
    has_speech = serializers.BooleanField()
    quality_score = serializers.FloatField(min_value=0, max_value=1)
    warnings = serializers.ListField(child=serializers.CharField())


# --- safety -----------------------------------------------------------------------------------


class SafetyCheckSerializer(serializers.Serializer):
    text = serializers.CharField(
        min_length=1, max_length=settings.TTS_MAX_TEXT_LENGTH, trim_whitespace=False
    )
    age_group = serializers.ChoiceField(choices=AGE_GROUPS, required=False, default="unknown")
    direction = serializers.ChoiceField(choices=DIRECTIONS, required=False, default="to_child")


class SafetyDecisionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=("allow", "block", "redact"))
    category = serializers.CharField(allow_null=True)
    severity = serializers.ChoiceField(choices=Severity.choices, allow_null=True)
    redacted_text = serializers.CharField(allow_blank=True)
    reasons = serializers.ListField(child=serializers.CharField())
    layer = serializers.CharField(help_text="Which layer decided (`none` when nothing matched).")
    needs_review = serializers.BooleanField(
        help_text="A child's words that disclose harm: compliance staff are shown a safety event."
    )
    language = serializers.CharField(help_text="The language the text was judged as.")


class TranscriptSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True, help_text="PII is already redacted.")
    language = serializers.CharField()
    duration_s = serializers.FloatField()
    provider = serializers.CharField()
    safety = SafetyDecisionSerializer()
    reply = serializers.CharField(
        allow_null=True,
        help_text="When the words were blocked, a gentle pre-approved answer for the bear to say.",
    )
    quality = AudioReportSerializer()


# --- the parent API ---------------------------------------------------------------------------


class ParentChildSerializer(serializers.Serializer):
    id = serializers.CharField()
    nickname = serializers.CharField(allow_blank=True)
    age_group = serializers.CharField()
    active_consents = serializers.ListField(
        child=serializers.ChoiceField(choices=ConsentScope.choices)
    )


class ParentChildrenSerializer(serializers.Serializer):
    children = ParentChildSerializer(many=True)


class ReportChildSerializer(serializers.Serializer):
    id = serializers.CharField()
    nickname = serializers.CharField(allow_blank=True)
    birth_year = serializers.IntegerField()
    birth_month = serializers.IntegerField()
    age_group = serializers.CharField()
    created_at = serializers.DateTimeField()


class ReportParentSerializer(serializers.Serializer):
    name = serializers.CharField(allow_blank=True)
    email = serializers.CharField(allow_blank=True)


class ReportDeviceSerializer(serializers.Serializer):
    name = serializers.CharField()
    registered_at = serializers.DateTimeField()


class ReportConsentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    scope = serializers.ChoiceField(choices=ConsentScope.choices)
    status = serializers.CharField()
    method = serializers.CharField()
    verified_by = serializers.CharField(allow_blank=True)
    granted_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField(allow_null=True)
    revoked_at = serializers.DateTimeField(allow_null=True)
    retention_days = serializers.IntegerField()


class ReportInteractionSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    kind = serializers.CharField()
    text = serializers.CharField(allow_blank=True)
    safety_action = serializers.CharField()
    safety_category = serializers.CharField(allow_blank=True)


class ChildReportSerializer(serializers.Serializer):
    child = ReportChildSerializer()
    parent = ReportParentSerializer()
    devices = ReportDeviceSerializer(many=True)
    consents = ReportConsentSerializer(many=True)
    interactions = ReportInteractionSerializer(many=True)
    interactions_total = serializers.IntegerField()
    audio_recordings = serializers.IntegerField(help_text="Always 0: audio is never kept.")


class RevokeSerializer(serializers.Serializer):
    scope = serializers.ChoiceField(choices=ConsentScope.choices)


class RevokeResponseSerializer(serializers.Serializer):
    scope = serializers.ChoiceField(choices=ConsentScope.choices)
    revoked = serializers.ListField(child=serializers.IntegerField())
    interaction_records_deleted = serializers.IntegerField()


class DeletedCountsSerializer(serializers.Serializer):
    interaction_records = serializers.IntegerField()
    consents = serializers.IntegerField()
    devices_unlinked = serializers.IntegerField()
    children = serializers.IntegerField()


class DeleteResponseSerializer(serializers.Serializer):
    deleted = DeletedCountsSerializer()


CHILD_ID_PATH = OpenApiParameter(
    "child_id", OpenApiTypes.STR, OpenApiParameter.PATH, description="The child's public id."
)
