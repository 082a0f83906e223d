"""The OpenAPI document of the toy API, and hostile input against the live server.

1. ``/api/schema`` serves a valid OpenAPI 3 document (drf-spectacular) that lists every toy and
   parent endpoint with its error responses; generating it raises no warning.
2. Schemathesis reads that document from a real uvicorn server and throws generated requests
   at every operation (valid ones and deliberately invalid ones, as a toy's firmware bug or an
   attacker would send): no answer may be a 5xx, and every answer must be documented (status,
   content type, headers, body).
3. Hostile bodies schemathesis does not generate (lone surrogates, deep nesting, a file where a
   string belongs): each was a 500 before, each is a 400 now.
"""

from __future__ import annotations

import io
import itertools
import time
import zlib
from functools import cache

import pytest
import schemathesis
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from drf_spectacular.drainage import reset_generator_stats
from drf_spectacular.validation import validate_schema
from hypothesis import HealthCheck, Phase, settings
from rest_framework.test import APIClient
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.transport.serialization import Binary

from safety import coppa
from safety.models import Child, ConsentScope
from tests.audio_files import speech_wav
from tests.conftest import born_years_ago

SCHEMA_URL = "/api/schema"

TOY_OPERATIONS = {
    ("post", "/api/v1/tts"),
    ("post", "/api/v1/stt"),
    ("post", "/api/v1/audio/validate"),
    ("post", "/api/v1/safety/check"),
}
PARENT_OPERATIONS = {
    ("get", "/api/v1/parent/children"),
    ("get", "/api/v1/parent/children/{child_id}"),
    ("post", "/api/v1/parent/children/{child_id}/revoke"),
    ("post", "/api/v1/parent/children/{child_id}/delete"),
}


def _operations(document: dict) -> dict[tuple[str, str], dict]:
    return {
        (method, path): operation
        for path, item in document["paths"].items()
        for method, operation in item.items()
    }


def _schema_of(response: dict, media_type: str = "application/json") -> dict:
    return response["content"][media_type]["schema"]


# --- 1. the document --------------------------------------------------------------------------


def test_the_schema_is_public_and_valid_openapi(anonymous_client):
    # No token needed, and a bad one does not get in the way either.
    response = anonymous_client.get(
        SCHEMA_URL, {"format": "json"}, HTTP_AUTHORIZATION="Bearer not-a-token"
    )

    assert response.status_code == 200, response.content
    document = response.json()
    validate_schema(document)  # the OpenAPI 3.0 JSON Schema drf-spectacular ships
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == "Teddy Audio toy API"
    schemes = document["components"]["securitySchemes"]
    assert schemes["deviceToken"] == {**schemes["deviceToken"], "type": "http", "scheme": "bearer"}
    assert schemes["parentToken"]["scheme"] == "bearer"
    # YAML by default, for people; and a Swagger UI page over it.
    assert yaml.safe_load(anonymous_client.get(SCHEMA_URL).content)["paths"]
    docs = anonymous_client.get("/api/docs")
    assert docs.status_code == 200 and docs["Content-Type"].startswith("text/html")


def test_the_schema_lists_the_toy_and_parent_endpoints_with_their_errors(anonymous_client):
    document = anonymous_client.get(SCHEMA_URL, {"format": "json"}).json()
    operations = _operations(document)

    assert set(operations) == TOY_OPERATIONS | PARENT_OPERATIONS  # nothing internal
    error_ref = {"$ref": "#/components/schemas/Error"}
    for key in TOY_OPERATIONS:
        operation = operations[key]
        assert operation["security"] == [{"deviceToken": []}], key
        for status in ("400", "401", "415", "429"):
            assert _schema_of(operation["responses"][status]) == error_ref, (key, status)
        assert operation["responses"]["429"]["headers"]["Retry-After"]["required"] is True
    for key in PARENT_OPERATIONS:
        assert operations[key]["security"] == [{"parentToken": []}], key
        assert _schema_of(operations[key]["responses"]["401"]) == error_ref
    for key in PARENT_OPERATIONS - {("get", "/api/v1/parent/children")}:
        assert _schema_of(operations[key]["responses"]["404"]) == error_ref

    error = document["components"]["schemas"]["ErrorDetail"]
    assert set(error["required"]) == {"code", "message"}

    tts = operations[("post", "/api/v1/tts")]
    assert set(tts["requestBody"]["content"]) == {"application/json"}
    assert set(tts["responses"]["200"]["content"]) == {
        "audio/wav",
        "audio/mpeg",
        "audio/ogg",
        "audio/L16",
    }
    assert {"X-Cache", "X-TTS-Provider", "X-Safety-Action"} <= set(
        tts["responses"]["200"]["headers"]
    )
    assert {"403", "503"} <= set(tts["responses"])
    for path in ("/api/v1/stt", "/api/v1/audio/validate"):
        upload = operations[("post", path)]
        assert set(upload["requestBody"]["content"]) == {
            "multipart/form-data",
            "audio/*",
            "application/octet-stream",
        }
        assert "413" in upload["responses"]
    assert "403" in operations[("post", "/api/v1/stt")]["responses"]  # consent_required


def test_generating_the_schema_raises_no_warning(tmp_path):
    reset_generator_stats()  # count this generation's warnings only
    out = tmp_path / "schema.yaml"
    call_command(
        "spectacular", validate=True, fail_on_warn=True, file=str(out), stdout=io.StringIO()
    )

    assert "/api/v1/tts" in yaml.safe_load(out.read_text())["paths"]


# --- 2. hostile input against the live server -------------------------------------------------

#: Examples generated per operation (on top of the schema's own examples and schemathesis's
#: boundary cases), fixed seed: the same requests on every run, about 30 s in all.
EXAMPLES_PER_OPERATION = 15
SEED = 20250612
TIME_BUDGET_S = 90  # the run takes about a third of this; the bound catches a hang or a runaway


@pytest.fixture
def hostile_setup(live_server_url, family, settings):
    """The live server and a toy whose child's parent consented to speech-to-text, so that STT
    is reachable past its consent check."""
    settings.RATE_LIMIT_PER_HOUR = 100_000
    return {
        "url": f"http://{live_server_url}",
        "family": family,
        "started": time.monotonic(),
        "uploads": itertools.count(),
    }


@pytest.fixture
def live_schema(hostile_setup):
    config = schemathesis.Config.from_dict(
        {
            "seed": SEED,
            "generation": {"mode": "all", "max-examples": EXAMPLES_PER_OPERATION},
            "phases": {"stateful": {"enabled": False}},
            "request-timeout": 20,
        }
    )
    return schemathesis.openapi.from_url(
        f"{hostile_setup['url']}{SCHEMA_URL}?format=json", config=config, timeout=10
    )


schema = schemathesis.pytest.from_fixture("live_schema")


@pytest.fixture
def _schemathesis_node_id(request):
    """schemathesis 4.32 renames the test item per operation through ``Node._nodeid``, which
    pytest 9.2 no longer has (it keeps ``_id``); give it the attribute it reads. Harmless once
    schemathesis catches up: it only names the subtests in reports."""
    if not hasattr(request.node, "_nodeid"):
        request.node._nodeid = request.node.nodeid


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def _heads(value: object) -> bool:
    """A fair coin that lands the same way on every run (``hash`` is salted per process)."""
    return zlib.crc32(repr(value).encode()) % 2 == 1


def _sibling(family) -> str:
    """The toy's child's sibling, with consents, made again after a deletion. The parent
    endpoints are pointed at it half of the time (random ids only ever find a 404); the toy's
    own child is left alone, so that a deletion does not close STT for the rest of the run."""
    child = Child.objects.filter(parent=family.parent, nickname="Leo").first()
    if child is None:
        child = Child.objects.create(parent=family.parent, nickname="Leo", **born_years_ago(9))
        for scope in (ConsentScope.SPEECH_TO_TEXT, ConsentScope.INTERACTION_LOGS):
            coppa.grant_consent(child=child, scope=scope, method="signed_form", actor=None)
    return child.public_id


@cache
def _speech() -> bytes:
    return speech_wav("Hello teddy")


def _with_speech(value: object, uploads: itertools.count) -> object:
    """Every fifth generated upload becomes real speech followed by the generated bytes, so
    that the decoder, the transcriber and the 200 bodies are exercised too, not only the
    rejections of random bytes (not more: local speech-to-text takes most of a second)."""
    data = value.data if isinstance(value, Binary) else value
    if not isinstance(data, bytes) or next(uploads) % 5:
        return value
    return Binary(_speech() + data)


UPLOAD_PATHS = ("/api/v1/stt", "/api/v1/audio/validate")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_hostile_requests_get_documented_answers_and_no_5xx(
    case, hostile_setup, _schemathesis_node_id
):
    # The generated values may be shared between examples: replace them, never edit in place.
    family = hostile_setup["family"]
    if "/parent/" in case.path:
        token = family.parent_token
        if case.path_parameters and _heads(case.path_parameters.get("child_id")):
            case.path_parameters = {**case.path_parameters, "child_id": _sibling(family)}
    else:
        token = family.token
        # A random child_id is a 403 child_mismatch: half of the time, name the toy's own child.
        if isinstance(case.query, dict) and _heads(case.query.get("child_id")):
            case.query = {**case.query, "child_id": family.child.public_id}
        body = case.body
        if isinstance(body, dict) and "child_id" in body and _heads(body["child_id"]):
            case.body = {**body, "child_id": family.child.public_id}
        if case.path in UPLOAD_PATHS:
            uploads = hostile_setup["uploads"]
            if isinstance(body, dict) and "audio" in body:
                case.body = {**body, "audio": _with_speech(body["audio"], uploads)}
            else:
                case.body = _with_speech(body, uploads)
    case.call_and_validate(
        base_url=hostile_setup["url"],
        headers={"Authorization": f"Bearer {token}"},
        checks=CHECKS,
        timeout=20,
    )
    elapsed = time.monotonic() - hostile_setup["started"]
    assert elapsed < TIME_BUDGET_S, f"the hostile run took {elapsed:.0f} s"


# --- 3. hostile input the generator does not make ---------------------------------------------
# Schemathesis sends valid UTF-8 and schema-shaped bodies; these came from reading the parsers.


@pytest.mark.parametrize("url", ["/api/v1/tts", "/api/v1/safety/check"])
@pytest.mark.parametrize(
    "body",
    [
        pytest.param('{"text": "hello \\ud800"}', id="lone-surrogate"),
        pytest.param("[" * 50_000 + "]" * 50_000, id="nested-too-deeply"),
    ],
)
def test_malformed_json_is_a_400_not_a_500(family_toy_client, url, body):
    response = family_toy_client.post(url, body, content_type="application/json")

    assert response.status_code == 400, response.content
    assert response.json()["error"]["code"] in ("invalid_text", "invalid_json")


def test_a_parent_body_nested_too_deeply_is_a_400(family):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {family.parent_token}")
    url = f"/api/v1/parent/children/{family.child.public_id}/revoke"

    response = client.post(url, "[" * 50_000 + "]" * 50_000, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_json"


def test_a_language_sent_as_a_file_is_a_400(family_toy_client):
    response = family_toy_client.post(
        "/api/v1/stt",
        {
            "audio": SimpleUploadedFile("hello.wav", speech_wav("hello")),
            "language": SimpleUploadedFile("language.txt", b"en"),
        },
    )

    assert response.status_code == 400, response.content
    assert response.json()["error"]["code"] == "invalid_language"


def test_the_docs_page_uses_our_own_pinned_swagger_ui(client):
    page = client.get("/api/docs")

    assert page.status_code == 200
    assert "drf_spectacular_sidecar/swagger-ui-dist" in page.content.decode()
    assert "cdn.jsdelivr" not in page.content.decode()
