"""The SLO board is pushed over a WebSocket to SREs, and refused to everyone else."""

import pytest
from django.contrib.auth.models import Group, User
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import connect


def board_socket(url: str, client) -> object:
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    return connect(
        f"ws://{url}/ws/console/slo",
        additional_headers={"Cookie": cookie, "Origin": f"http://{url}"},
        open_timeout=10,
    )


def user_with(role: str | None, name: str) -> User:
    user = User.objects.create_user(name, password="correct horse battery staple")
    if role:
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user


def test_sre_gets_the_board_at_once_and_again_after_an_action(live_server_url, client):
    client.force_login(user_with("sre", "alice"))
    with board_socket(live_server_url, client) as ws:
        first = ws.recv(timeout=10)
        client.post(
            "/console/actions/emergency",
            {"on": "true", "reason": "drill", "confirm": "EMERGENCY ON"},
        )
        pushed = ws.recv(timeout=4)  # sooner than the 5 s tick: the action announced itself
        client.post(
            "/console/actions/emergency",
            {"on": "false", "reason": "drill over", "confirm": "EMERGENCY OFF"},
        )

    assert first.startswith('<div id="board" hx-swap-oob="innerHTML">')  # htmx swaps it in
    assert 'data-slo="availability"' in first
    assert "emergency safety mode ON" in pushed


@pytest.mark.parametrize("role", ["compliance", None])
def test_others_are_refused(live_server_url, client, role):
    client.force_login(user_with(role, "bob"))
    with board_socket(live_server_url, client) as ws, pytest.raises(ConnectionClosed) as closed:
        ws.recv(timeout=10)
    assert closed.value.rcvd.code == 4403


def test_a_foreign_origin_is_refused(live_server_url, client):
    client.force_login(user_with("sre", "mallory"))
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    with pytest.raises(InvalidStatus) as refused:  # the handshake itself is rejected
        connect(
            f"ws://{live_server_url}/ws/console/slo",
            additional_headers={"Cookie": cookie, "Origin": "http://evil.example"},
            open_timeout=10,
        )
    assert refused.value.response.status_code == 403


def test_the_board_keeps_coming_every_few_seconds(live_server_url, client):
    """The socket outlives the channel layer's 5 s blocking read on Redis (a client socket
    timeout shorter than that once closed every board after five seconds)."""
    client.force_login(user_with("sre", "carol"))
    with board_socket(live_server_url, client) as ws:
        pushes = [ws.recv(timeout=8) for _ in range(3)]

    assert all('data-slo="availability"' in p for p in pushes)
