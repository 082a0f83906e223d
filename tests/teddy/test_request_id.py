"""Every HTTP answer carries a request id in ``X-Request-ID``, and every log line a request
causes carries the same id: Django's answers and the fast path's, the Celery task a request
starts, and everything a WebSocket session does. A client's own id is kept only if it is sane.
One access line per request, with its route, never its query string."""

from __future__ import annotations

import json
import time
import uuid

import httpx
import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import path
from websockets.sync.client import connect

from safety.models import AuditEntry
from teddy.requestid import is_sane

SANE = ["5f0c1e2a9b8d4c7e8f6a5b4c3d2e1f00", "5f0c1e2a-9b8d-4c7e-8f6a-5b4c3d2e1f00"]
INSANE = [
    "hello world",
    "abc",  # too short
    "not-a-uuid-but-plain",
    "{5f0c1e2a9b8d4c7e8f6a5b4c3d2e1f00}",
    "urn:uuid:" * 20 + "5f0c1e2a9b8d4c7e8f6a5b4c3d2e1f00",  # a UUID to Python, of any length
    "5f0c1e2a9b8d4c7e8f6a5b4c3d2e1f00" * 3,
]


def _boom(request):
    raise RuntimeError("a bug")


urlpatterns = [path("boom", _boom, name="boom")]


def access_lines(json_log) -> list[dict]:
    return [r for r in json_log() if r["logger"] == "teddy.access"]


def wait_for(json_log, found, timeout: float = 10.0) -> list[dict]:
    """The records once ``found(records)`` holds (a server thread may log a moment later)."""
    deadline = time.monotonic() + timeout
    while not found(logged := json_log()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return logged


# --- answers from Django ----------------------------------------------------------------------


def test_an_answer_carries_a_new_id_and_leaves_one_access_line_with_it(client, json_log):
    answer = client.get("/health/live")

    request_id = answer["X-Request-ID"]
    assert is_sane(request_id) and len(request_id) == 32
    [line] = access_lines(json_log)
    assert line["request_id"] == request_id and line["component"] == "teddy"
    assert (line["method"], line["route"], line["status"], line["outcome"]) == (
        "GET",
        "health-live",
        200,
        "ok",
    )
    assert isinstance(line["latency_ms"], float) and "device_id" not in line


def test_errors_carry_it_and_their_access_line_has_no_query_string(client, json_log):
    missing = client.get("/api/v1/nowhere?token=tdy_in-the-query-string&child=ch_0123")
    refused = client.post("/api/v1/tts", {"text": "hi"}, content_type="application/json")

    assert is_sane(missing["X-Request-ID"]) and is_sane(refused["X-Request-ID"])
    assert missing["X-Request-ID"] != refused["X-Request-ID"]
    lines = access_lines(json_log)
    assert [(line["route"], line["status"], line["outcome"]) for line in lines] == [
        ("/api/v1/nowhere", 404, "client_error"),
        ("api-tts", 401, "client_error"),
    ]
    logged = json.dumps(json_log())
    assert "tdy_in-the-query-string" not in logged and "ch_0123" not in logged


@pytest.mark.urls(__name__)
def test_a_server_error_carries_it_too(json_log):
    answer = Client(raise_request_exception=False).get("/boom?secret=1")

    assert answer.status_code == 500
    [line] = access_lines(json_log)
    assert line["request_id"] == answer["X-Request-ID"]
    assert (line["route"], line["outcome"]) == ("boom", "server_error")
    [error] = [r for r in json_log() if r["logger"] == "django.request"]
    assert error["request_id"] == answer["X-Request-ID"] and "RuntimeError" in error["exc_info"]
    assert "secret" not in json.dumps(json_log())


@pytest.mark.parametrize("given", SANE)
def test_a_sane_id_from_the_client_is_kept(client, given, json_log):
    answer = client.get("/health/live", HTTP_X_REQUEST_ID=given)

    assert answer["X-Request-ID"] == given
    assert access_lines(json_log)[0]["request_id"] == given


@pytest.mark.parametrize("given", INSANE)
def test_an_insane_id_is_replaced(client, given, json_log):
    answer = client.get("/health/live", HTTP_X_REQUEST_ID=given)

    assert answer["X-Request-ID"] != given and is_sane(answer["X-Request-ID"])
    assert [line["request_id"] for line in access_lines(json_log)] == [answer["X-Request-ID"]]


def test_a_toys_access_line_names_its_device_not_its_token(toy, toy_client, json_log):
    answer = toy_client.post("/api/v1/tts", {"text": "Hello there, friend!"}, format="json")

    assert answer.status_code == 200
    [line] = access_lines(json_log)
    assert (line["route"], line["device_id"]) == ("api-tts", toy.device.pk)
    assert toy.token not in json.dumps(json_log())


# --- the fast path (cache hits answered before Django) ----------------------------------------


def tts(url: str, token: str, request_id: str | None = None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"}
    if request_id is not None:
        headers["X-Request-ID"] = request_id
    return httpx.post(
        f"http://{url}/api/v1/tts", json={"text": "Good night, little bear."}, headers=headers
    )


def test_the_fast_path_answers_with_the_id_and_logs_under_it(live_server_url, family, json_log):
    miss = tts(live_server_url, family.token)  # passed on to Django
    hit = tts(live_server_url, family.token, SANE[1])
    replaced = tts(live_server_url, family.token, INSANE[4])

    assert (miss.headers["x-cache"], hit.headers["x-cache"]) == ("MISS", "HIT")
    assert hit.headers["x-request-id"] == SANE[1]
    assert is_sane(replaced.headers["x-request-id"]) and replaced.headers["x-cache"] == "HIT"
    ids = [answer.headers["x-request-id"] for answer in (miss, hit, replaced)]
    lines = access_lines(json_log)
    # One line each, under the id its answer carried: the miss's from Django, which took up
    # the id the fast path had made; the hits' from the fast path's thread.
    assert [line["request_id"] for line in lines] == ids
    assert [(line["route"], line["status"]) for line in lines] == [("api-tts", 200)] * 3
    assert {line["device_id"] for line in lines} == {family.device.pk}


def test_the_fast_paths_429_carries_the_id(live_server_url, family, settings, json_log):
    settings.RATE_LIMIT_PER_HOUR = 2
    answers = [tts(live_server_url, family.token, str(uuid.uuid4())) for _ in range(3)]

    assert [a.status_code for a in answers] == [200, 200, 429]
    assert answers[2].headers["x-request-id"] == access_lines(json_log)[2]["request_id"]
    assert access_lines(json_log)[2]["outcome"] == "client_error"


# --- what a request starts --------------------------------------------------------------------


def sre_client() -> Client:
    sre = User.objects.create_user("sre-sam", password="correct horse battery staple")
    sre.groups.add(Group.objects.get_or_create(name="sre")[0])
    client = Client()
    client.force_login(sre)
    return client


def test_a_celery_task_started_by_a_request_logs_under_its_id(
    transactional_db, settings, monkeypatch, json_log
):
    """Run eagerly, inside the request (its transaction commits before the answer)."""
    from teddy.celery import app

    monkeypatch.setattr("audio.tasks.load_phrases", lambda: ["Time for a story!"])
    settings.CELERY_TASK_ALWAYS_EAGER = True
    app.conf.update(task_always_eager=True)
    try:
        answer = sre_client().post("/console/actions/warmup", {"reason": "cold start"})
    finally:
        app.conf.update(task_always_eager=False)

    request_id = answer["X-Request-ID"]
    assert answer.status_code == 302 and is_sane(request_id)
    logged = json_log()
    [finished] = [r for r in logged if r["message"] == "cache warm-up finished"]
    [access] = [r for r in logged if r["logger"] == "teddy.access" and r["status"] == 302]
    assert finished["request_id"] == access["request_id"] == request_id  # not cleared by it
    assert finished["component"] == "audio" and finished["done"] == 1
    assert finished["celery_current_id"] != request_id  # the task's own, beside its parent's
    celery_lines = [r for r in logged if r["component"] == "celery"]
    assert celery_lines and {r["request_id"] for r in celery_lines} == {request_id}
    assert not any("args" in r.get("data", {}) for r in celery_lines)
    assert logged.index(finished) < logged.index(access)  # during the request
    assert AuditEntry.objects.get(action="cache.warmup").request_id == request_id


# --- WebSocket sessions -----------------------------------------------------------------------


def speak_once(url: str, token: str, request_id: str | None = None) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    if request_id is not None:
        headers["X-Request-ID"] = request_id
    with connect(f"ws://{url}/ws/v1/tts", additional_headers=headers, open_timeout=10) as ws:
        ws.send(json.dumps({"type": "speak", "text": "Once upon a time."}))
        while isinstance(ws.recv(timeout=30), bytes):
            pass


def sessions(json_log, count: int) -> dict[str | None, list[str]]:
    """What each session logged (its stream ended or was cancelled), by request id."""

    def all_closed(records: list[dict]) -> bool:
        return sum(r["message"] == "tts session closed" for r in records) >= count

    found: dict[str | None, list[str]] = {}
    for record in wait_for(json_log, all_closed):
        if record["logger"] == "audio.consumers":
            message = record["message"]
            kind = "tts stream" if message.startswith("tts stream") else message
            found.setdefault(record.get("request_id"), []).append(kind)
    return found


def test_a_toys_session_logs_under_one_id(live_server_url, toy, settings, json_log):
    settings.TTS_STREAM_LEAD_S = 0
    speak_once(live_server_url, toy.token, SANE[0])
    speak_once(live_server_url, toy.token)
    speak_once(live_server_url, toy.token, INSANE[0])

    found = sessions(json_log, 3)
    assert len(found) == 3 and SANE[0] in found  # one id per session; the sane one kept
    assert all(is_sane(request_id) for request_id in found)  # INSANE[0] replaced
    for kinds in found.values():
        assert kinds == ["tts session opened", "tts stream", "tts session closed"]
    assert toy.token not in json.dumps(json_log())


def test_the_slo_boards_session_logs_under_its_id(live_server_url, json_log):
    client = sre_client()
    headers = {
        "Cookie": f"sessionid={client.cookies['sessionid'].value}",
        "Origin": f"http://{live_server_url}",
        "X-Request-ID": SANE[0],
    }
    with connect(
        f"ws://{live_server_url}/ws/console/slo", additional_headers=headers, open_timeout=10
    ) as ws:
        ws.recv(timeout=10)

    def closed(records: list[dict]) -> bool:
        return any(r["message"] == "slo board closed" for r in records)

    lines = [r for r in wait_for(json_log, closed) if r["logger"] == "runbooks.consumers"]
    assert [r["message"] for r in lines] == ["slo board opened", "slo board closed"]
    assert {r["request_id"] for r in lines} == {SANE[0]}
