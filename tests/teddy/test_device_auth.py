"""Only registered, unrevoked toys may use the toy API."""

import io

import pytest
from django.core.management import CommandError, call_command

from safety.models import Child, Parent
from teddy.models import Device, hash_token

pytestmark = pytest.mark.django_db


def post_tts(client, **headers):
    return client.post("/api/v1/tts", {"text": "Hello"}, format="json", **headers)


def test_missing_token_is_401_with_a_challenge(anonymous_client):
    response = post_tts(anonymous_client)

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_unknown_token_is_401(anonymous_client, toy):
    response = post_tts(anonymous_client, HTTP_AUTHORIZATION="Bearer tdy_not-a-real-token")

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_token"


@pytest.mark.parametrize(
    "header", ["Token abc", "Bearer", "Bearer a b", "Basic dXNlcjpwYXNz", "Bearer \u00e9t\u00e9"]
)
def test_malformed_authorization_headers_are_401(anonymous_client, toy, header):
    response = post_tts(anonymous_client, HTTP_AUTHORIZATION=header)

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_token"


def test_revoked_toy_is_401(toy_client, toy):
    toy.device.revoke()

    response = post_tts(toy_client)

    assert response.status_code == 401
    assert "revoked" in response.json()["error"]["message"]


def test_token_is_stored_only_as_a_hash(toy):
    stored = Device.objects.get(pk=toy.device.pk)

    assert toy.token not in (stored.token_hash, stored.token_hint, stored.name)
    assert stored.token_hash == hash_token(toy.token)


def test_register_device_prints_a_working_token_on_its_last_line(anonymous_client):
    parent = Parent.objects.create(name="Pat", email="pat@example.com")
    child = Child.objects.create(parent=parent, nickname="Sam", birth_year=2020, birth_month=5)
    out = io.StringIO()
    call_command("register_device", "bear-7", "--child", child.public_id, stdout=out)
    token = out.getvalue().strip().splitlines()[-1]

    response = post_tts(anonymous_client, HTTP_AUTHORIZATION=f"Bearer {token}")

    assert response.status_code == 200
    assert Device.objects.get(name="bear-7").child == child


def test_register_device_refuses_an_unknown_child():
    with pytest.raises(CommandError, match="no child"):
        call_command("register_device", "bear-8", "--child", "ch_nobody", stdout=io.StringIO())
    assert not Device.objects.filter(name="bear-8").exists()


def test_register_device_refuses_a_taken_name_unless_rotating(anonymous_client):
    out = io.StringIO()
    call_command("register_device", "bear-8", stdout=out)
    old = out.getvalue().splitlines()[-1]

    with pytest.raises(CommandError, match="--rotate"):
        call_command("register_device", "bear-8", stdout=io.StringIO())

    out = io.StringIO()
    call_command("register_device", "bear-8", "--rotate", stdout=out)
    new = out.getvalue().splitlines()[-1]
    assert post_tts(anonymous_client, HTTP_AUTHORIZATION=f"Bearer {old}").status_code == 401
    assert post_tts(anonymous_client, HTTP_AUTHORIZATION=f"Bearer {new}").status_code == 200


def test_a_console_session_is_not_a_toy(client, sre_alice):
    client.force_login(sre_alice)

    response = client.post("/api/v1/tts", {"text": "Hello"}, content_type="application/json")

    assert response.status_code == 401
