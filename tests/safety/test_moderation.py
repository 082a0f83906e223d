"""OpenAI moderation as an extra layer: it can only add blocks, and its outage never lets
content through in strict mode, nor blocks everything otherwise."""

import pytest

from audio.pipeline import get_audio_service

pytestmark = pytest.mark.django_db
MODERATIONS = "/v1/moderations"


@pytest.fixture
def moderated(fake_openai, settings):
    settings.OPENAI_MODERATION = True
    settings.OPENAI_MODERATION_TIMEOUT = 0.5
    fake_openai.behave(flagged_words=["zebra"])
    return fake_openai


def check(text, **kw):
    return get_audio_service().check_text(text, **kw)


def test_flagged_text_is_blocked_by_the_moderation_layer(moderated):
    decision = check("Tell me about the zebra in the zoo")

    assert decision.action == "block"
    assert decision.layer == "moderation"
    assert decision.category == "violence"
    (call,) = moderated.calls(MODERATIONS)
    assert call.body == {
        "input": "Tell me about the zebra in the zoo",
        "model": "omni-moderation-latest",
    }


def test_unflagged_text_passes(moderated):
    assert check("Tell me about the giraffe").action == "allow"


def test_text_the_local_layers_block_never_reaches_openai(moderated):
    assert check("what the fuck").action == "block"
    assert moderated.calls(MODERATIONS) == []


def test_strict_mode_fails_closed_when_moderation_times_out(moderated, settings):
    settings.AUDIO_SAFETY_STRICT_MODE = True
    moderated.behave(mode="hang")

    decision = check("Tell me about the giraffe")

    assert decision.action == "block"
    assert decision.category == "moderation_unavailable"


def test_non_strict_mode_goes_on_without_moderation(moderated, settings):
    settings.AUDIO_SAFETY_STRICT_MODE = False
    moderated.behave(mode="error", status=500)

    assert check("Tell me about the giraffe").action == "allow"
    assert check("what the fuck").action == "block"  # the local layers still work


def test_moderation_is_off_unless_configured(fake_openai):
    check("Tell me about the zebra")

    assert fake_openai.calls(MODERATIONS) == []
