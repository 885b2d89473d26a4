"""deploy/kubernetes: rendered with kustomize (kubectl's built-in), every object validated offline
against the Kubernetes JSON schemas bundled by kubernetes-validate (strict: unknown fields fail),
and the objects cross-checked against each other and against deploy/broker.
"""
import glob
import os
import re
import shutil
import subprocess

import kubernetes_validate
import pytest
import yaml

from skyrelay_lab.deploy_broker import BROKER_DIR
from skyrelay_lab.paths import REPO
from cli_support import swift_cli_flags

K8S = os.path.join(REPO, "deploy", "kubernetes")
SECRETS_EXAMPLE = os.path.join(K8S, "secrets.example.yaml")


def kubectl():
    path = shutil.which("kubectl")
    if not path:
        pytest.fail("kubectl (for kustomize) not found: run scripts/install-deps")
    return path


@pytest.fixture(scope="module")
def rendered():
    out = subprocess.run([kubectl(), "kustomize", K8S], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return [d for d in yaml.safe_load_all(out.stdout) if d]


def by_kind(objects, kind):
    return {o["metadata"]["name"]: o for o in objects if o["kind"] == kind}


def one(objects, kind, name):
    found = by_kind(objects, kind)
    assert name in found, f"no {kind}/{name} in {sorted(found)}"
    return found[name]


def pod_specs(objects):
    for o in objects:
        if o["kind"] in ("Deployment", "StatefulSet"):
            yield o, o["spec"]["template"]["spec"]


def source_documents():
    paths = [p for p in glob.glob(os.path.join(K8S, "**", "*.yaml"), recursive=True)
             if os.path.basename(p) != "kustomization.yaml"]
    for path in sorted(paths):
        for doc in yaml.safe_load_all(open(path)):
            if doc:
                yield os.path.relpath(path, REPO), doc


def test_every_source_manifest_is_schema_valid():
    checked = 0
    for path, doc in source_documents():
        try:
            kubernetes_validate.validate(doc, kubernetes_validate.latest_version(), strict=True)
        except kubernetes_validate.ValidationError as error:
            pytest.fail(f"{path} {doc['kind']}/{doc['metadata']['name']}: {error.message}")
        checked += 1
    assert checked >= 14


def test_rendered_output_is_schema_valid_and_namespaced(rendered):
    kinds = sorted({o["kind"] for o in rendered})
    for wanted in ("Namespace", "Deployment", "Service", "PodDisruptionBudget", "HorizontalPodAutoscaler",
                   "StatefulSet", "ConfigMap", "NetworkPolicy"):
        assert wanted in kinds
    for o in rendered:
        kubernetes_validate.validate(o, kubernetes_validate.latest_version(), strict=True)
        if o["kind"] != "Namespace":
            assert o["metadata"].get("namespace") == "skyrelay", o["metadata"]["name"]


def test_the_validator_rejects_broken_manifests():
    # Guards against a validator that silently passes everything (e.g. a schema it cannot find).
    deployment = yaml.safe_load(open(os.path.join(K8S, "ground", "deployment.yaml")))
    deployment["spec"]["replica"] = 2
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, kubernetes_validate.latest_version(), strict=True)
    hpa = yaml.safe_load(open(os.path.join(K8S, "ground", "horizontalpodautoscaler.yaml")))
    hpa["spec"]["minReplicas"] = "two"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(hpa, kubernetes_validate.latest_version(), strict=True)


def test_broker_configmap_is_generated_from_deploy_broker(rendered):
    maps = [o for o in rendered if o["kind"] == "ConfigMap" and o["metadata"]["name"].startswith("mosquitto-config-")]
    assert len(maps) == 1, "expected one hash-suffixed ConfigMap from deploy/broker/kustomization.yaml"
    data = maps[0]["data"]
    for name in ("mosquitto.conf", "drones.acl", "services.acl"):
        assert data[name] == open(os.path.join(BROKER_DIR, name)).read()
    assert not glob.glob(os.path.join(K8S, "**", "mosquitto.conf"), recursive=True), "keep one copy"
    mosquitto = one(rendered, "StatefulSet", "mosquitto")
    sources = mosquitto["spec"]["template"]["spec"]["volumes"][0]["projected"]["sources"]
    assert sources[0]["configMap"]["name"] == maps[0]["metadata"]["name"], "StatefulSet must follow the hash"


def test_broker_pod_provides_every_file_mosquitto_conf_names(rendered):
    conf = open(os.path.join(BROKER_DIR, "mosquitto.conf")).read()
    wanted = set(re.findall(r"^\w+\s+/etc/mosquitto/skyrelay/(\S+)", conf, re.M)) | {"mosquitto.conf"}
    mosquitto = one(rendered, "StatefulSet", "mosquitto")
    pod = mosquitto["spec"]["template"]["spec"]
    container = pod["containers"][0]
    mounts = {m["name"]: m["mountPath"] for m in container["volumeMounts"]}
    assert container["command"] == ["mosquitto", "-c", "/etc/mosquitto/skyrelay/mosquitto.conf"]
    assert mounts["config"] == "/etc/mosquitto/skyrelay"
    provided = set()
    config_map = next(o for o in rendered if o["kind"] == "ConfigMap" and o["metadata"]["name"].startswith("mosquitto-config"))
    for source in pod["volumes"][0]["projected"]["sources"]:
        if "configMap" in source:
            provided |= set(config_map["data"])
        else:
            provided |= {item["path"] for item in source["secret"]["items"]}
    assert wanted <= provided, f"missing in the pod: {wanted - provided}"
    persistence = re.search(r"^persistence_location\s+(\S+)", conf, re.M).group(1)
    assert persistence.rstrip("/") == mounts["data"], "persistence must live on the PersistentVolumeClaim"
    assert mosquitto["spec"]["volumeClaimTemplates"][0]["metadata"]["name"] == "data"
    ports = {p["containerPort"] for p in container["ports"]}
    conf_ports = {int(p) for p in re.findall(r"^listener\s+(\d+)\s*$", conf, re.M)}
    assert conf_ports == ports == {8883, 8884}, "exposed ports are the non-loopback listeners"


def test_secret_references_match_the_example_template(rendered):
    example = {d["metadata"]["name"]: set(d["stringData"]) for d in yaml.safe_load_all(open(SECRETS_EXAMPLE)) if d}
    referenced = set()
    for workload, pod in pod_specs(rendered):
        for container in pod["containers"]:
            for env in container.get("env", []):
                ref = env.get("valueFrom", {}).get("secretKeyRef")
                if ref:
                    referenced.add((ref["name"], ref["key"]))
        for volume in pod.get("volumes", []):
            secrets = [volume["secret"] | {"name": volume["secret"]["secretName"]}] if "secret" in volume else []
            secrets += [s["secret"] for s in volume.get("projected", {}).get("sources", []) if "secret" in s]
            for secret in secrets:
                referenced |= {(secret["name"], item["key"]) for item in secret["items"]}
    assert referenced, "the manifests should read secrets"
    for name, key in sorted(referenced):
        assert key in example.get(name, set()), f"secret {name}/{key} is used but not in secrets.example.yaml"
    assert not [o for o in rendered if o["kind"] == "Secret"], "real secrets are created out of band"
    assert "CHANGE-ME" in open(SECRETS_EXAMPLE).read()


def test_configmap_references_resolve(rendered):
    maps = by_kind(rendered, "ConfigMap")
    for workload, pod in pod_specs(rendered):
        for container in pod["containers"]:
            available = {}
            for source in container.get("envFrom", []):
                name = source["configMapRef"]["name"]
                assert name in maps, f"{workload['metadata']['name']}: no ConfigMap {name}"
                available |= maps[name]["data"]
            available |= {e["name"]: e for e in container.get("env", [])}
            for arg in container.get("args", []) + container.get("command", []):
                for var in re.findall(r"\$\((\w+)\)", arg):
                    assert var in available, f"{workload['metadata']['name']}: $({var}) is not defined"


def test_ground_deployment_probes_scaling_and_security(rendered):
    deployment = one(rendered, "Deployment", "ground-control")
    pod = deployment["spec"]["template"]["spec"]
    container = pod["containers"][0]
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        assert container[probe]["httpGet"]["path"] == "/health"
    assert container["resources"]["requests"]["cpu"], "the HPA needs a CPU request"
    assert container["securityContext"]["readOnlyRootFilesystem"] is True
    assert pod["securityContext"]["runAsNonRoot"] is True
    env = {e["name"] for e in container["env"]}
    assert {"DATABASE_URL", "SKYRELAY_MQTT_URL", "SKYRELAY_OPERATOR_KEY"} <= env
    service = one(rendered, "Service", "ground-control")
    assert service["spec"]["selector"].items() <= labels.items()
    pdb = one(rendered, "PodDisruptionBudget", "ground-control")
    assert pdb["spec"]["selector"]["matchLabels"].items() <= labels.items()
    hpa = one(rendered, "HorizontalPodAutoscaler", "ground-control")
    assert hpa["apiVersion"] == "autoscaling/v2"
    assert hpa["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": "ground-control"}
    assert hpa["spec"]["minReplicas"] > pdb["spec"]["minAvailable"], "a drain must be able to evict one pod"


def test_every_pod_is_hardened(rendered):
    for workload, pod in pod_specs(rendered):
        name = workload["metadata"]["name"]
        assert pod["securityContext"]["runAsNonRoot"] is True, name
        for container in pod["containers"]:
            sc = container["securityContext"]
            assert sc["allowPrivilegeEscalation"] is False and sc["capabilities"]["drop"] == ["ALL"], name
            assert "memory" in container["resources"]["limits"], name
            assert container.get("readinessProbe"), name


def test_network_policies_select_existing_pods(rendered):
    pod_labels = [w["spec"]["template"]["metadata"]["labels"] for w, _ in pod_specs(rendered)]
    for policy in by_kind(rendered, "NetworkPolicy").values():
        selectors = [policy["spec"]["podSelector"]["matchLabels"]]
        for rule in policy["spec"]["ingress"]:
            selectors += [peer["podSelector"]["matchLabels"] for peer in rule.get("from", []) if "podSelector" in peer]
        for selector in selectors:
            assert any(selector.items() <= labels.items() for labels in pod_labels), (policy["metadata"]["name"], selector)


def test_ground_args_are_real_ground_control_flags(rendered):
    flags = swift_cli_flags("ground/Sources/ground-control")
    container = one(rendered, "Deployment", "ground-control")["spec"]["template"]["spec"]["containers"][0]
    used = {arg.split("=", 1)[0] for arg in container["args"] if arg.startswith("--")}
    assert used <= flags, f"unknown ground-control flags: {used - flags}"
