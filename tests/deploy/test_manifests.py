"""The Kubernetes manifests in ``deploy/k8s/``: valid for Kubernetes 1.30 (offline, strict
schemas), and in agreement with each other and with the app they run (settings, URLs, metrics,
runbook commands), so neither side can drift without a test saying so."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml
from django.urls import Resolver404, resolve

from tests.deploy.promql import exposed_metric_names, metric_names

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
KUBERNETES_VERSION = "1.30"
NAMESPACE = "teddy-audio"
CRD_GROUPS = ("argoproj.io/",)  # kinds the offline schemas do not know
TMP = "/tmp"  # noqa: S108 - the in-memory emptyDir inside the pods, not a file of this test


def _load() -> list[tuple[str, dict[str, Any]]]:
    documents = []
    for path in sorted(K8S.glob("*.yaml")):
        for document in yaml.safe_load_all(path.read_text()):
            if document is not None:
                documents.append((path.name, document))
    return documents


DOCUMENTS = _load()


def _is_crd(document: dict[str, Any]) -> bool:
    return document["apiVersion"].startswith(CRD_GROUPS)


CORE = [(name, doc) for name, doc in DOCUMENTS if not _is_crd(doc)]
CRDS = [(name, doc) for name, doc in DOCUMENTS if _is_crd(doc)]


def _id(item: tuple[str, dict[str, Any]]) -> str:
    name, document = item
    return f"{name}:{document['kind']}/{document['metadata']['name']}"


def get(kind: str, name: str) -> dict[str, Any]:
    found = [d for _, d in DOCUMENTS if d["kind"] == kind and d["metadata"]["name"] == name]
    assert len(found) == 1, f"expected exactly one {kind}/{name} in deploy/k8s, found {len(found)}"
    return found[0]


def of_kind(kind: str) -> list[dict[str, Any]]:
    return [d for _, d in DOCUMENTS if d["kind"] == kind]


def pod_spec(workload: dict[str, Any]) -> dict[str, Any]:
    return workload["spec"]["template"]["spec"]


def containers(workload: dict[str, Any]) -> list[dict[str, Any]]:
    spec = pod_spec(workload)
    return spec.get("initContainers", []) + spec["containers"]


def main_container(workload: dict[str, Any]) -> dict[str, Any]:
    (container,) = pod_spec(workload)["containers"]
    return container


WORKLOADS = [d for _, d in DOCUMENTS if d["kind"] in ("Deployment", "StatefulSet", "Job")]
APP_WORKLOADS = [d for d in WORKLOADS if d["metadata"]["name"] != "redis"]


def _workload_id(workload: dict[str, Any]) -> str:
    return f"{workload['kind']}/{workload['metadata']['name']}"


# --- (a) schema validity ---------------------------------------------------------------------


def test_the_folder_holds_the_expected_resources():
    kinds = {(d["kind"], d["metadata"]["name"]) for _, d in DOCUMENTS}
    assert {
        ("Namespace", NAMESPACE),
        ("Secret", "teddy-secrets"),
        ("ConfigMap", "audio-config"),
        ("ConfigMap", "tts-cache-config"),
        ("StatefulSet", "redis"),
        ("Service", "redis"),
        ("Job", "migrate"),
        ("Deployment", "web"),
        ("Service", "web"),
        ("Deployment", "worker"),
        ("Deployment", "beat"),
        ("HorizontalPodAutoscaler", "web"),
        ("PodDisruptionBudget", "web"),
        ("Rollout", "web"),
        ("AnalysisTemplate", "web-canary-health"),
    } <= kinds
    assert len(CORE) >= 13


@pytest.mark.parametrize("item", CORE, ids=_id)
def test_core_document_is_valid_for_kubernetes_1_30(item):
    _, document = item
    # Strict: unknown fields (a typo such as `readinessprobe`) are errors too. Raises on error.
    kubernetes_validate.validate(document, KUBERNETES_VERSION, strict=True)


def test_crd_resources_live_in_files_of_their_own():
    crd_files = {name for name, _ in CRDS}
    assert crd_files == {"rollout-canary.yaml", "analysis-template.yaml"}
    for name, document in DOCUMENTS:
        if name in crd_files:
            assert _is_crd(document), f"{name} mixes a core kind with the Argo resources"


@pytest.mark.parametrize(
    ("file", "kind"),
    [("rollout-canary.yaml", "Rollout"), ("analysis-template.yaml", "AnalysisTemplate")],
)
def test_crd_files_parse_with_the_expected_kind(file, kind):
    documents = [d for name, d in DOCUMENTS if name == file]
    assert [(d["apiVersion"], d["kind"]) for d in documents] == [("argoproj.io/v1alpha1", kind)]
    assert documents[0]["metadata"]["namespace"] == NAMESPACE


def test_every_namespaced_resource_is_in_the_teddy_audio_namespace():
    for name, document in DOCUMENTS:
        if document["kind"] == "Namespace":
            assert document["metadata"]["name"] == NAMESPACE
        else:
            assert document["metadata"].get("namespace") == NAMESPACE, _id((name, document))


def test_numbered_files_sort_in_apply_order():
    order = [d["kind"] for name, d in DOCUMENTS if name[0].isdigit()]
    first = {kind: order.index(kind) for kind in order}
    assert first["Namespace"] == 0
    assert first["Secret"] < first["ConfigMap"] < first["StatefulSet"] < first["Job"]
    assert first["Job"] < first["Deployment"] < first["HorizontalPodAutoscaler"]


# --- (b) the web tier ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def web() -> dict[str, Any]:
    return get("Deployment", "web")


def test_web_runs_three_replicas_and_never_goes_below_them_while_rolling(web):
    assert web["spec"]["replicas"] == 3
    assert web["spec"]["strategy"] == {
        "type": "RollingUpdate",
        "rollingUpdate": {"maxSurge": 1, "maxUnavailable": 0},
    }


def test_web_runs_the_uvicorn_command(web):
    container = main_container(web)
    assert container["command"] == shlex.split(
        "uvicorn teddy.asgi:application --host 0.0.0.0 --port 8000 --workers 2 "
        "--http httptools --loop uvloop --lifespan off --no-access-log"
    )
    env = {e["name"]: e.get("value") for e in container["env"]}
    assert env["PROMETHEUS_MULTIPROC_DIR"] == f"{TMP}/prometheus"
    assert (
        env["WEB_CONCURRENCY"] == container["command"][container["command"].index("--workers") + 1]
    )


def test_web_probes(web):
    container = main_container(web)
    readiness, liveness, startup = (
        container["readinessProbe"],
        container["livenessProbe"],
        container["startupProbe"],
    )
    assert readiness["httpGet"] == {"path": "/health/audio", "port": 8000}
    assert (readiness["periodSeconds"], readiness["failureThreshold"]) == (10, 3)
    assert readiness["timeoutSeconds"] == 5
    assert liveness["httpGet"] == {"path": "/health/live", "port": 8000}
    assert (liveness["initialDelaySeconds"], liveness["periodSeconds"]) == (10, 20)
    assert startup["httpGet"]["path"] == "/health/live"
    assert container["ports"] == [{"name": "http", "containerPort": 8000}]


@pytest.mark.parametrize("path", ["/health/audio", "/health/live", "/metrics"])
def test_the_paths_the_cluster_calls_are_routed_by_the_app(path):
    try:
        resolve(path)
    except Resolver404:
        pytest.fail(f"the manifests call {path}, which teddy/urls.py does not route")


def test_web_is_scraped_by_prometheus(web):
    annotations = web["spec"]["template"]["metadata"]["annotations"]
    assert annotations == {
        "prometheus.io/scrape": "true",
        "prometheus.io/port": "8000",
        "prometheus.io/path": "/metrics",
    }


def test_the_multiprocess_metrics_directory_exists_before_the_app_starts(web):
    """prometheus_client fails at import when PROMETHEUS_MULTIPROC_DIR does not exist, and /tmp
    is an empty emptyDir: an init container sharing that volume must create the directory."""
    (init,) = pod_spec(web)["initContainers"]
    assert "mkdir -p /tmp/prometheus" in " ".join(init["command"])
    assert {m["name"] for m in init["volumeMounts"]} == {"tmp"}
    assert init["image"] == main_container(web)["image"]


def test_web_drains_before_stopping(web):
    spec = pod_spec(web)
    pre_stop = main_container(web)["lifecycle"]["preStop"]
    sleep_s = int(pre_stop["exec"]["command"][-1])
    assert pre_stop["exec"]["command"][0] == "sleep"
    assert spec["terminationGracePeriodSeconds"] == 30
    assert 5 <= sleep_s < spec["terminationGracePeriodSeconds"] - 10  # time left for uvicorn


def test_web_spreads_across_nodes(web):
    constraints = pod_spec(web)["topologySpreadConstraints"]
    labels = web["spec"]["template"]["metadata"]["labels"]
    by_key = {c["topologyKey"]: c for c in constraints}
    assert "kubernetes.io/hostname" in by_key
    for constraint in constraints:
        assert constraint["labelSelector"]["matchLabels"].items() <= labels.items()


def _mebibytes(quantity: str) -> float:
    number, unit = re.fullmatch(r"(\d+)(Mi|Gi)", quantity).groups()
    return int(number) * (1024 if unit == "Gi" else 1)


def test_web_resources_hold_every_worker_at_its_memory_budget(web):
    sys.path.insert(0, str(ROOT / "bench"))
    from load_bench import GOALS

    container = main_container(web)
    resources = container["resources"]
    args = container["args"] if "args" in container else container["command"]
    workers = int(args[args.index("--workers") + 1])
    requested = _mebibytes(resources["requests"]["memory"])
    # The scheduler reserves what the workers use: each may peak at the bench's RSS budget.
    assert requested >= workers * GOALS["web_rss_mib_max"]
    assert requested <= _mebibytes(resources["limits"]["memory"])
    assert resources["requests"]["cpu"] == "500m"
    assert resources["limits"]["cpu"] == "2"


def test_web_env_sources(web):
    env_from = main_container(web)["envFrom"]
    assert env_from == [
        {"configMapRef": {"name": "audio-config"}},
        {"configMapRef": {"name": "tts-cache-config"}},
        {"secretRef": {"name": "teddy-secrets"}},
    ]


def test_probes_and_scrapes_pass_django_host_validation(web):
    """Kubelet and Prometheus send the pod IP as Host: ALLOWED_HOSTS must include it."""
    env = main_container(web)["env"]
    names = [e["name"] for e in env]
    allowed = next(e for e in env if e["name"] == "ALLOWED_HOSTS")
    pod_ip = next(e for e in env if e["name"] == "POD_IP")
    assert pod_ip["valueFrom"]["fieldRef"]["fieldPath"] == "status.podIP"
    assert "$(POD_IP)" in allowed["value"] and "$(ALLOWED_HOSTS)" in allowed["value"]
    assert names.index("POD_IP") < names.index("ALLOWED_HOSTS")


def _config_keys(name: str, kind: str) -> set[str]:
    document = get(kind, name)
    return set(document.get("data", {})) | set(document.get("stringData", {}))


@pytest.mark.parametrize("workload", WORKLOADS, ids=_workload_id)
def test_env_references_resolve(workload):
    """Kubernetes expands $(NAME) only from variables defined before it (envFrom counts)."""
    for container in containers(workload):
        known: set[str] = set()
        for source in container.get("envFrom", []):
            if "configMapRef" in source:
                known |= _config_keys(source["configMapRef"]["name"], "ConfigMap")
            if "secretRef" in source:
                known |= _config_keys(source["secretRef"]["name"], "Secret")
        for var in container.get("env", []):
            for ref in re.findall(r"\$\((\w+)\)", var.get("value", "")):
                assert ref in known, f"{var['name']} uses $({ref}) before it is defined"
            known.add(var["name"])


# --- security: non-root, read-only, audio only in memory ------------------------------------


@pytest.mark.parametrize("workload", WORKLOADS, ids=_workload_id)
def test_every_container_is_locked_down(workload):
    spec = pod_spec(workload)
    assert spec["securityContext"]["runAsNonRoot"] is True
    assert spec["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
    assert spec.get("automountServiceAccountToken") is False
    for container in containers(workload):
        context = container["securityContext"]
        assert context["runAsNonRoot"] is True, container["name"]
        assert context["readOnlyRootFilesystem"] is True, container["name"]
        assert context["allowPrivilegeEscalation"] is False, container["name"]
        assert context["capabilities"] == {"drop": ["ALL"]}, container["name"]
        assert context["seccompProfile"] == {"type": "RuntimeDefault"}, container["name"]
        assert "resources" in container and container["resources"]["limits"], container["name"]


@pytest.mark.parametrize("workload", APP_WORKLOADS, ids=_workload_id)
def test_app_pods_run_as_user_10001_and_write_only_to_memory(workload):
    """Audio is processed in memory only: the one writable place is /tmp, a tmpfs."""
    spec = pod_spec(workload)
    assert spec["securityContext"]["runAsUser"] == 10001
    volumes = {v["name"]: v for v in spec["volumes"]}
    for container in containers(workload):
        assert container["securityContext"]["runAsUser"] == 10001
        mounts = container.get("volumeMounts", [])
        assert [m["mountPath"] for m in mounts] == [TMP], container["name"]
        for mount in mounts:
            assert volumes[mount["name"]]["emptyDir"]["medium"] == "Memory"


def test_web_tmp_is_an_in_memory_empty_dir(web):
    volumes = {v["name"]: v for v in pod_spec(web)["volumes"]}
    (mount,) = main_container(web)["volumeMounts"]
    assert mount["mountPath"] == TMP
    assert volumes[mount["name"]]["emptyDir"]["medium"] == "Memory"
    assert main_container(web)["securityContext"]["readOnlyRootFilesystem"] is True
    assert main_container(web)["securityContext"]["runAsNonRoot"] is True


# --- workers and beat ------------------------------------------------------------------------


def test_beat_is_a_single_replica_that_never_overlaps():
    beat = get("Deployment", "beat")
    assert beat["spec"]["replicas"] == 1
    assert beat["spec"]["strategy"] == {"type": "Recreate"}
    command = main_container(beat)["command"]
    assert command[:4] == ["celery", "-A", "teddy", "beat"]
    assert command[command.index("--schedule") + 1].startswith(f"{TMP}/")
    for hpa in of_kind("HorizontalPodAutoscaler"):
        assert hpa["spec"]["scaleTargetRef"]["name"] != "beat"


def test_worker_runs_celery_and_is_pinged_for_liveness():
    worker = get("Deployment", "worker")
    container = main_container(worker)
    assert worker["spec"]["replicas"] == 2
    assert container["command"] == shlex.split(
        "celery -A teddy worker --loglevel INFO --concurrency 2"
    )
    assert "-B" not in container["command"]  # beat runs once, in its own pod
    probe = container["livenessProbe"]["exec"]["command"]
    # Exec probes are not run through a shell: $HOSTNAME needs one.
    assert probe[:2] == ["/bin/sh", "-c"]
    assert "celery -A teddy inspect ping -d" in probe[2] and "celery@$HOSTNAME" in probe[2]
    web_limits = main_container(get("Deployment", "web"))["resources"]["limits"]
    assert container["resources"]["limits"] != web_limits


def test_migrate_job_runs_the_migrations():
    job = get("Job", "migrate")
    assert main_container(job)["command"] == ["python", "manage.py", "migrate", "--noinput"]
    assert pod_spec(job)["restartPolicy"] == "Never"


def test_all_app_pods_run_the_same_image():
    images = {c["image"] for w in APP_WORKLOADS for c in containers(w)}
    assert len(images) == 1


# --- references between resources -----------------------------------------------------------


@pytest.mark.parametrize("workload", WORKLOADS, ids=_workload_id)
def test_every_config_map_and_secret_a_workload_uses_is_defined_here(workload):
    config_maps = {d["metadata"]["name"] for d in of_kind("ConfigMap")}
    secrets = {d["metadata"]["name"] for d in of_kind("Secret")}
    for container in containers(workload):
        for source in container.get("envFrom", []):
            if "configMapRef" in source:
                assert source["configMapRef"]["name"] in config_maps
            if "secretRef" in source:
                assert source["secretRef"]["name"] in secrets
        for var in container.get("env", []):
            value_from = var.get("valueFrom", {})
            if "configMapKeyRef" in value_from:
                ref = value_from["configMapKeyRef"]
                assert ref["key"] in _config_keys(ref["name"], "ConfigMap")
            if "secretKeyRef" in value_from:
                ref = value_from["secretKeyRef"]
                assert ref["key"] in _config_keys(ref["name"], "Secret")


def pod_spec_labels(workload: dict[str, Any]) -> dict[str, str]:
    return workload["spec"]["template"]["metadata"]["labels"]


def _pod_labels() -> list[dict[str, str]]:
    return [pod_spec_labels(w) for w in WORKLOADS]


def test_every_service_selects_pods_and_a_named_port():
    for service in of_kind("Service"):
        selector = service["spec"]["selector"]
        matching = [w for w in WORKLOADS if selector.items() <= pod_spec_labels(w).items()]
        assert matching, f"Service {service['metadata']['name']} selects no pods"
        ports = {
            p["name"]: p["containerPort"] for w in matching for p in main_container(w)["ports"]
        }
        for port in service["spec"]["ports"]:
            assert port["targetPort"] in ports


def test_web_service_maps_80_to_8000():
    service = get("Service", "web")
    assert service["spec"]["type"] == "ClusterIP"
    (port,) = service["spec"]["ports"]
    container_ports = {
        p["name"]: p["containerPort"] for p in main_container(get("Deployment", "web"))["ports"]
    }
    assert port["port"] == 80 and container_ports[port["targetPort"]] == 8000


def test_hpa_scales_web_between_3_and_10_on_cpu():
    hpa = get("HorizontalPodAutoscaler", "web")
    assert hpa["apiVersion"] == "autoscaling/v2"
    target = hpa["spec"]["scaleTargetRef"]
    get(target["kind"], target["name"])  # exists
    assert (target["kind"], target["name"]) == ("Deployment", "web")
    assert (hpa["spec"]["minReplicas"], hpa["spec"]["maxReplicas"]) == (3, 10)
    assert hpa["spec"]["minReplicas"] == get("Deployment", "web")["spec"]["replicas"]
    (metric,) = hpa["spec"]["metrics"]
    assert metric["resource"]["name"] == "cpu"
    assert metric["resource"]["target"] == {"type": "Utilization", "averageUtilization": 70}


def test_pdb_keeps_two_web_pods():
    pdb = get("PodDisruptionBudget", "web")
    assert pdb["spec"]["minAvailable"] == 2
    assert (
        pdb["spec"]["selector"]["matchLabels"].items()
        <= pod_spec_labels(get("Deployment", "web")).items()
    )
    assert (
        pdb["spec"]["minAvailable"] < get("HorizontalPodAutoscaler", "web")["spec"]["minReplicas"]
    )


# --- Redis -------------------------------------------------------------------------------------


def _size_bytes(text: str) -> int:
    number, unit = re.fullmatch(r"(\d+)([a-z]*)", text.lower()).groups()
    return int(number) * {"": 1, "kb": 1024, "mb": 1024**2, "gb": 1024**3}[unit]


def test_redis_is_a_bounded_non_persistent_cache():
    redis = get("StatefulSet", "redis")
    service = get("Service", "redis")
    assert redis["spec"]["replicas"] == 1
    assert redis["spec"]["serviceName"] == "redis" and service["spec"]["clusterIP"] == "None"
    assert "volumeClaimTemplates" not in redis["spec"]
    container = main_container(redis)
    assert container["image"] == "redis:7-alpine"
    args = container["args"]
    assert args[args.index("--save") + 1] == ""
    assert args[args.index("--maxmemory-policy") + 1] == "noeviction"
    assert all("emptyDir" in v for v in pod_spec(redis)["volumes"])


def test_redis_has_room_beside_the_cache_bound():
    """The app keeps the cache under TTS_CACHE_MAX_SIZE_MB (audio bytes only); Redis also holds
    the Celery queue, Channels, counters and switches, and refuses every write at maxmemory
    under noeviction. So maxmemory must stay clearly above the cache bound."""
    args = main_container(get("StatefulSet", "redis"))["args"]
    maxmemory = _size_bytes(args[args.index("--maxmemory") + 1])
    cache_mb = int(get("ConfigMap", "tts-cache-config")["data"]["TTS_CACHE_MAX_SIZE_MB"])
    assert maxmemory >= cache_mb * 2**20 + 512 * 2**20
    limit = main_container(get("StatefulSet", "redis"))["resources"]["limits"]["memory"]
    assert _size_bytes(limit.replace("Gi", "gb").replace("Mi", "mb")) > maxmemory


# --- the app's settings ------------------------------------------------------------------------

SETTINGS_SOURCES = [ROOT / "teddy" / "settings.py"]
# Read by Django's entry points, not by settings.py itself.
ENTRY_POINTS = [ROOT / "manage.py", ROOT / "teddy" / "asgi.py", ROOT / "teddy" / "celery.py"]


def _quoted_in(name: str, paths: list[Path]) -> bool:
    return any(f'"{name}"' in p.read_text() or f"'{name}'" in p.read_text() for p in paths)


@pytest.mark.parametrize(
    ("kind", "name"),
    [("ConfigMap", "audio-config"), ("ConfigMap", "tts-cache-config"), ("Secret", "teddy-secrets")],
)
def test_every_key_is_a_setting_the_app_reads(kind, name):
    for key in _config_keys(name, kind):
        if key == "DJANGO_SETTINGS_MODULE":
            assert _quoted_in(key, ENTRY_POINTS)
        else:
            assert _quoted_in(key, SETTINGS_SOURCES), f"{name}: teddy/settings.py never reads {key}"


def test_the_app_starts_with_these_settings(tmp_path):
    """Import teddy/settings.py with exactly the ConfigMaps' and the Secret's values: every
    value must parse (a typo stops start-up with ImproperlyConfigured)."""
    env = {"PATH": os.environ.get("PATH", ""), "TEDDY_VAR_DIR": str(tmp_path)}
    for kind, name in [
        ("ConfigMap", "audio-config"),
        ("ConfigMap", "tts-cache-config"),
        ("Secret", "teddy-secrets"),
    ]:
        document = get(kind, name)
        env.update(document.get("data", {}))
        env.update(document.get("stringData", {}))
    probe = (
        "import json, teddy.settings as s; print(json.dumps({"
        "'provider': s.TTS_PROVIDER, 'cache_mb': s.TTS_CACHE_MAX_SIZE_MB, "
        "'strategy': s.TTS_CACHE_STRATEGY, 'strict': s.AUDIO_SAFETY_STRICT_MODE, "
        "'emergency': s.EMERGENCY_SAFETY_MODE, 'db': s.DATABASES['default']['ENGINE'], "
        "'hosts': s.ALLOWED_HOSTS}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded["provider"] == "openai"
    assert loaded["cache_mb"] == 2048 and loaded["strategy"] == "cost_aware"
    assert loaded["strict"] is True and loaded["emergency"] is False
    assert loaded["db"] == "django.db.backends.postgresql"
    assert "web" in loaded["hosts"]


def test_secret_is_only_a_template():
    secret = get("Secret", "teddy-secrets")
    values = secret["stringData"]
    assert set(values) == {
        "SECRET_KEY",
        "OPENAI_API_KEY",
        "DATABASE_URL",
        "REDIS_URL",
        "OPENAI_API_KEY_CREATED_AT",
    }
    assert "CHANGE-ME" in values["SECRET_KEY"] and "CHANGE-ME" in values["OPENAI_API_KEY"]
    assert values["DATABASE_URL"].startswith("postgres://")
    assert values["REDIS_URL"] == "redis://redis:6379/0"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", values["OPENAI_API_KEY_CREATED_AT"])
    assert "secret store" in (K8S / "10-secret.yaml").read_text()


def test_configmap_values():
    audio = get("ConfigMap", "audio-config")["data"]
    cache = get("ConfigMap", "tts-cache-config")["data"]
    assert audio["TTS_CHILD_SAFETY"] == "true"
    assert audio["AUDIO_SAFETY_STRICT_MODE"] == "true"
    assert audio["EMERGENCY_SAFETY_MODE"] == "false"
    assert audio["STT_PROVIDER"] == "local"
    assert audio["DJANGO_SETTINGS_MODULE"] == "teddy.settings"
    assert cache == {
        "TTS_CACHE_ENABLED": "true",
        "TTS_CACHE_TTL": "3600",
        "TTS_CACHE_MAX_SIZE_MB": "2048",
        "TTS_CACHE_COMPRESSION": "2",
        "TTS_CACHE_STRATEGY": "cost_aware",
    }


# --- the canary ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rollout() -> dict[str, Any]:
    return get("Rollout", "web")


def test_canary_steps_are_10_25_50_100_with_pauses(rollout):
    assert rollout["spec"]["strategy"]["canary"]["steps"] == [
        {"setWeight": 10},
        {"pause": {"duration": "5m"}},
        {"setWeight": 25},
        {"pause": {"duration": "10m"}},
        {"setWeight": 50},
        {"pause": {"duration": "10m"}},
        {"setWeight": 100},
    ]


def test_rollout_takes_over_the_web_deployment(rollout):
    ref = rollout["spec"]["workloadRef"]
    web = get(ref["kind"], ref["name"])
    assert (ref["kind"], ref["name"]) == ("Deployment", "web")
    assert rollout["spec"]["selector"] == web["spec"]["selector"]


def test_rollout_analysis_uses_the_template_and_its_arguments(rollout):
    analysis = rollout["spec"]["strategy"]["canary"]["analysis"]
    (template_ref,) = analysis["templates"]
    template = get("AnalysisTemplate", template_ref["templateName"])
    assert {a["name"] for a in analysis["args"]} == {a["name"] for a in template["spec"]["args"]}


def test_analysis_fails_on_one_percent_errors_or_a_p95_over_five_seconds():
    metrics = {
        m["name"]: m for m in get("AnalysisTemplate", "web-canary-health")["spec"]["metrics"]
    }
    errors, latency = metrics["tts-error-ratio"], metrics["tts-latency-p95"]
    assert errors["failureCondition"] == "result[0] > 0.01"
    assert latency["failureCondition"] == "result[0] > 5"
    error_query = errors["provider"]["prometheus"]["query"]
    latency_query = latency["provider"]["prometheus"]["query"]
    assert 'status="error"' in error_query
    assert metric_names(error_query) == {"tts_requests_total"}
    assert "histogram_quantile(0.95" in latency_query
    assert metric_names(latency_query) == {"tts_processing_duration_seconds_bucket"}
    for query in (error_query, latency_query):
        assert "{{args.canary-hash}}" in query  # only the canary's pods
        assert metric_names(query) <= exposed_metric_names()


# --- runbook commands -------------------------------------------------------------------------


def test_runbook_commands_name_resources_that_exist():
    """The console's runbooks give SREs kubectl commands to copy: they must name this namespace
    and resources defined here."""
    from runbooks.catalog import RUNBOOKS

    commands = [
        s.command for r in RUNBOOKS for s in r.steps if s.command and "kubectl" in s.command
    ]
    assert commands
    kinds = {"deploy": "Deployment", "sts": "StatefulSet", "statefulset": "StatefulSet"}
    pod_labels = _pod_labels()
    for command in commands:
        words = shlex.split(command.split("|")[0])
        namespace = words[words.index("-n") + 1]
        assert namespace == NAMESPACE, command
        for short, name in re.findall(r"\b(deploy|sts|statefulset)/([\w-]+)", command):
            get(kinds[short], name)
        if "rollouts" in words and "undo" in words:
            get("Rollout", words[words.index("undo") + 1])
        for key, value in re.findall(r"-l\s+([\w./-]+)=([\w.-]+)", command):
            assert any(labels.get(key) == value for labels in pod_labels), command


def test_config_backups_are_a_daily_cronjob_onto_a_volume_of_their_own():
    job = get("CronJob", "config-backup")
    spec = job["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    (container,) = spec["containers"]
    env = {e["name"]: e["value"] for e in container["env"]}
    mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
    volumes = {v["name"]: v for v in spec["volumes"]}

    assert container["command"] == ["python", "manage.py", "export_config", "--backup"]
    assert job["spec"]["concurrencyPolicy"] == "Forbid"
    claim = volumes[mounts[env["CONFIG_BACKUP_DIR"]]]["persistentVolumeClaim"]["claimName"]
    assert get("PersistentVolumeClaim", claim)
    assert volumes[mounts[TMP]]["emptyDir"]["medium"] == "Memory"
    assert container["securityContext"]["readOnlyRootFilesystem"] is True
    # ... and beat does not also send the task to workers that cannot write it.
    assert get("ConfigMap", "audio-config")["data"]["CONFIG_BACKUP_BEAT"] == "false"
