"""Whatever a toy sends, it gets a clear JSON answer, never a 500."""

import pytest

from tests.helpers import metric_value

pytestmark = pytest.mark.django_db


def error_of(response) -> dict:
    body = response.json()
    assert set(body) == {"error"}
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    return body["error"]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({}, "invalid_text"),
        ({"text": ""}, "invalid_text"),
        ({"text": "   \n\t "}, "invalid_text"),
        ({"text": "\x00\x01"}, "unsupported_markup"),
        ({"text": 42}, "invalid_text"),
        ({"text": ["Hello"]}, "invalid_text"),
        ({"text": "a" * 4097}, "invalid_text"),
        ({"text": "Hi", "voice": "darth"}, "invalid_voice"),
        ({"text": "Hi", "voice": 7}, "invalid_voice"),
        ({"text": "Hi", "format": "flac"}, "invalid_format"),
        ({"text": "Hi", "language": "tlh"}, "invalid_language"),
        ({"text": "Hi", "child_id": {"a": 1}}, "invalid_child_id"),
        ({"text": "Hi", "stream": "yes"}, "invalid_stream"),
    ],
)
def test_each_invalid_field_has_its_own_code(toy_client, body, code):
    response = toy_client.post("/api/v1/tts", body, format="json")

    assert response.status_code == 400
    assert error_of(response)["code"] == code


def test_text_at_the_limit_after_trimming_is_accepted(toy_client, settings):
    settings.TTS_MAX_TEXT_LENGTH = 20
    response = toy_client.post("/api/v1/tts", {"text": "   " + "a" * 20 + "   "}, format="json")

    assert response.status_code == 200


def test_unknown_voice_lists_the_allowed_ones(toy_client):
    error = error_of(
        toy_client.post("/api/v1/tts", {"text": "Hi", "voice": "darth"}, format="json")
    )

    assert "nova" in error["message"]
    assert "nova" in error["details"]["allowed"]


def test_unknown_format_lists_the_allowed_ones(toy_client):
    error = error_of(
        toy_client.post("/api/v1/tts", {"text": "Hi", "format": "flac"}, format="json")
    )

    assert error["details"]["allowed"] == ["wav", "pcm", "mp3", "opus"]


def test_body_that_is_not_an_object(toy_client):
    response = toy_client.post("/api/v1/tts", ["Hello"], format="json")

    assert response.status_code == 400
    assert error_of(response)["code"] == "invalid_request"


def test_malformed_json(toy_client):
    response = toy_client.post("/api/v1/tts", b'{"text": "Hel', content_type="application/json")

    assert response.status_code == 400
    assert error_of(response)["code"] == "invalid_json"


def test_wrong_content_type(toy_client):
    response = toy_client.post("/api/v1/tts", b"text=Hello", content_type="text/plain")

    assert response.status_code == 415
    assert error_of(response)["code"] == "unsupported_media_type"


def test_wrong_method(toy_client):
    response = toy_client.get("/api/v1/tts")

    assert response.status_code == 405
    assert error_of(response)["code"] == "method_not_allowed"


def test_unknown_api_path_is_a_json_404(toy_client):
    response = toy_client.get("/api/v1/nothing-here")

    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_oversized_body_is_refused_cleanly(toy_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = toy_client.post("/api/v1/tts", {"text": "a" * 5000}, format="json")

    assert 400 <= response.status_code < 500
    assert "error" in response.json()


def test_rejections_are_counted(toy_client):
    before = metric_value(toy_client, "audio_validation_checks_total", error_type="invalid_voice")
    toy_client.post("/api/v1/tts", {"text": "Hi", "voice": "darth"}, format="json")

    assert (
        metric_value(toy_client, "audio_validation_checks_total", error_type="invalid_voice")
        == before + 1
    )
