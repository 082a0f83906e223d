"""The console needs a login; once in, staff see the service's status."""

import pytest

pytestmark = pytest.mark.django_db


def test_console_asks_for_a_login(client):
    response = client.get("/console/")

    assert response.status_code == 302
    assert response["Location"].startswith("/console/login/")


def test_sre_logs_in_and_sees_the_status(client, sre_alice):
    response = client.post(
        "/console/login/",
        {"username": "alice", "password": "correct horse battery staple"},
        follow=True,
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Service status" in page
    assert "healthy" in page
    assert "sre" in page


def test_wrong_password_is_refused(client, sre_alice):
    response = client.post("/console/login/", {"username": "alice", "password": "nope"})

    assert response.status_code == 200
    assert "didn't match" in response.content.decode()


def test_unknown_console_page_is_html_not_json(client):
    response = client.get("/console/does-not-exist/")

    assert response.status_code == 404
    assert not response["Content-Type"].startswith("application/json")
