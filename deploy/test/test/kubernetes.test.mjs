// Semantic checks of the Kubernetes manifests: what the schemas cannot see (probes on the right endpoints, resources,
// security, graceful shutdown, selectors that select, ports that exist, what the Ingress exposes, autoscaling).
import { test } from "node:test";
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { deployObjects, parseYamlDocuments } from "../lib/files.mjs";
import { envValue, findPort, ingressPathMatches, quantity, selects, timeSpanSeconds } from "../lib/k8s.mjs";

const objects = deployObjects();
const all = (kind) => objects.filter((o) => o.object.kind === kind).map((o) => o.object);
const one = (kind, name) => {
  const found = all(kind).filter((o) => o.metadata?.name === name);
  assert.equal(found.length, 1, `exactly one ${kind} ${name} in deploy/`);
  return found[0];
};

const roles = ["ingress", "worker", "egress"];
const deployments = all("Deployment");
const config = one("ConfigMap", "chathub-config").data;
const hubContainer = (deployment) => deployment.spec.template.spec.containers.find((c) => c.name === "hub");

test("there is one Deployment per role, named chathub-<role>, and no other", () => {
  assert.deepEqual(deployments.map((d) => d.metadata.name).sort(), roles.map((r) => `chathub-${r}`).sort());
});

for (const role of roles) {
  const name = `chathub-${role}`;
  const deployment = () => one("Deployment", name);
  const pod = () => deployment().spec.template.spec;
  const hub = () => hubContainer(deployment());

  test(`${name}: selector matches the pod template's labels, and the component label is the role`, () => {
    const d = deployment();
    assert.ok(selects(d.spec.selector, d.spec.template.metadata.labels));
    assert.equal(d.spec.template.metadata.labels["app.kubernetes.io/component"], role);
    assert.equal(d.spec.template.metadata.labels["app.kubernetes.io/name"], "chathub");
  });

  test(`${name}: runs Hub__Roles=${role}`, () => {
    assert.ok(hub(), "a container named hub");
    assert.equal(envValue(hub(), "Hub__Roles"), role);
  });

  test(`${name}: readiness on /readyz and liveness on /healthz, on a declared container port`, () => {
    const c = hub();
    for (const [probe, path] of [["readinessProbe", "/readyz"], ["livenessProbe", "/healthz"]]) {
      assert.equal(c[probe]?.httpGet?.path, path, `${probe} path`);
      assert.ok(findPort(c, c[probe].httpGet.port), `${probe} port ${c[probe].httpGet.port} is a container port`);
      assert.ok(c[probe].periodSeconds > 0 && c[probe].failureThreshold >= 2, `${probe} period and threshold`);
      assert.ok(c[probe].timeoutSeconds < c[probe].periodSeconds, `${probe} timeout shorter than its period`);
    }
    if (c.startupProbe) {
      assert.equal(c.startupProbe.httpGet?.path, "/healthz", "the startup probe waits for the process, not its dependencies");
      assert.ok(findPort(c, c.startupProbe.httpGet.port));
    }
  });

  test(`${name}: the container listens on ASPNETCORE_HTTP_PORTS from the ConfigMap`, () => {
    assert.equal(findPort(hub(), "http")?.containerPort, Number(config.ASPNETCORE_HTTP_PORTS));
  });

  test(`${name}: CPU and memory requests and limits, requests within limits`, () => {
    const { requests, limits } = hub().resources ?? {};
    for (const resource of ["cpu", "memory"]) {
      assert.ok(requests?.[resource], `requests.${resource}`);
      assert.ok(limits?.[resource], `limits.${resource}`);
      assert.ok(quantity(requests[resource]) <= quantity(limits[resource]), `${resource}: request <= limit`);
    }
  });

  test(`${name}: non-root, read-only root file system, no capabilities, seccomp RuntimeDefault (restricted PSS)`, () => {
    const p = pod();
    const c = hub();
    assert.equal(p.securityContext?.runAsNonRoot ?? c.securityContext?.runAsNonRoot, true, "runAsNonRoot");
    assert.ok((c.securityContext?.runAsUser ?? p.securityContext?.runAsUser) > 0, "a non-zero runAsUser");
    assert.equal(c.securityContext?.readOnlyRootFilesystem, true, "readOnlyRootFilesystem");
    assert.equal(c.securityContext?.allowPrivilegeEscalation, false, "allowPrivilegeEscalation");
    assert.deepEqual(c.securityContext?.capabilities?.drop, ["ALL"], "drop ALL capabilities");
    assert.equal(c.securityContext?.capabilities?.add, undefined, "no added capabilities");
    assert.equal(p.securityContext?.seccompProfile?.type ?? c.securityContext?.seccompProfile?.type, "RuntimeDefault");
    assert.notEqual(c.securityContext?.privileged, true);
    assert.ok(!p.hostNetwork && !p.hostPID && !p.hostIPC, "no host namespaces");
    const allowedVolumes = ["emptyDir", "configMap", "secret", "persistentVolumeClaim", "projected", "downwardAPI", "ephemeral"];
    for (const volume of p.volumes ?? []) {
      assert.ok(Object.keys(volume).some((k) => allowedVolumes.includes(k)), `volume ${volume.name}: a restricted volume type`);
    }
    assert.equal(p.automountServiceAccountToken, false, "no service-account token (the hub never calls the API)");
  });

  test(`${name}: /tmp is a writable emptyDir (the root file system is read-only)`, () => {
    const mount = hub().volumeMounts?.find((m) => m.mountPath === "/tmp");
    assert.ok(mount, "a /tmp mount");
    assert.ok(pod().volumes.find((v) => v.name === mount.name)?.emptyDir, "/tmp is an emptyDir");
  });

  test(`${name}: grace period (> 40 s) covers the preStop sleep plus the host shutdown, which covers the drain`, () => {
    const grace = pod().terminationGracePeriodSeconds;
    assert.ok(grace > 40, `terminationGracePeriodSeconds ${grace} > 40`);
    const preStop = hub().lifecycle?.preStop;
    assert.ok(preStop, "a preStop hook");
    const sleep = preStop.sleep?.seconds ?? Number(preStop.exec?.command?.at(-1));
    assert.ok(sleep > 0, "the preStop hook sleeps");
    const shutdown = Number(config.DOTNET_SHUTDOWNTIMEOUTSECONDS);
    assert.ok(sleep + shutdown < grace, `preStop ${sleep} s + shutdown ${shutdown} s < grace ${grace} s`);
    const drain = timeSpanSeconds(config.Kafka__Consumer__DrainTimeout ?? "00:00:10");
    assert.ok(drain < shutdown, `Kafka drain ${drain} s < host shutdown ${shutdown} s`);
    assert.ok(10 < shutdown, "in-process drain (Bus:InProcess:DrainTimeout, 10 s default) < host shutdown");
  });

  test(`${name}: spread over zones and nodes, selecting its own pods`, () => {
    const constraints = pod().topologySpreadConstraints ?? [];
    const keys = constraints.map((c) => c.topologyKey);
    assert.ok(keys.includes("topology.kubernetes.io/zone") && keys.includes("kubernetes.io/hostname"), keys.join());
    for (const c of constraints) assert.ok(selects(c.labelSelector, deployment().spec.template.metadata.labels), c.topologyKey);
  });

  test(`${name}: its ServiceAccount, ConfigMap, Secret and claims exist in deploy/`, () => {
    one("ServiceAccount", pod().serviceAccountName);
    const envFrom = hub().envFrom ?? [];
    const configMaps = envFrom.filter((e) => e.configMapRef).map((e) => e.configMapRef.name);
    const secrets = envFrom.filter((e) => e.secretRef).map((e) => e.secretRef.name);
    assert.deepEqual(configMaps, ["chathub-config"]);
    assert.deepEqual(secrets, ["chathub-secrets"]);
    for (const name of configMaps) one("ConfigMap", name);
    for (const name of secrets) one("Secret", name); // secret.example.yaml
    for (const volume of pod().volumes ?? []) {
      if (volume.persistentVolumeClaim) one("PersistentVolumeClaim", volume.persistentVolumeClaim.claimName);
    }
  });

  test(`${name}: a PodDisruptionBudget that selects its pods and still lets a node drain`, () => {
    const budgets = all("PodDisruptionBudget").filter((b) => selects(b.spec.selector, deployment().spec.template.metadata.labels));
    assert.equal(budgets.length, 1, "exactly one PDB");
    const [budget] = budgets;
    const replicas = deployment().spec.replicas ?? 5; // the worker: the HPA's minimum
    if (budget.spec.minAvailable !== undefined) {
      assert.ok(typeof budget.spec.minAvailable === "number" && budget.spec.minAvailable < replicas);
    } else {
      const max = budget.spec.maxUnavailable;
      assert.ok(typeof max === "number" ? max >= 1 : Number.parseInt(max, 10) > 0, `maxUnavailable ${max}`);
    }
  });
}

test("every hub container runs the same image", () => {
  const images = new Set(deployments.map((d) => hubContainer(d).image));
  assert.equal(images.size, 1, [...images].join());
});

test("the worker: a startup probe long enough to load a model, no fixed replica count, the model path on a volume", () => {
  const worker = one("Deployment", "chathub-worker");
  const hub = hubContainer(worker);
  const startup = hub.startupProbe;
  assert.ok(startup, "a startupProbe");
  assert.ok(startup.periodSeconds * startup.failureThreshold >= 120, "at least 2 minutes to start");
  assert.equal(worker.spec.replicas, undefined, "spec.replicas is owned by the autoscaler");
  const modelPath = envValue(hub, "Inference__Model__Path");
  assert.ok(modelPath, "Inference__Model__Path");
  const mount = hub.volumeMounts.find((m) => modelPath.startsWith(`${m.mountPath}/`));
  assert.ok(mount, `a volume mounted above ${modelPath}`);
  assert.equal(mount.readOnly, true, "the models volume is read-only");
  for (const role of ["ingress", "egress"]) {
    assert.equal(envValue(hubContainer(one("Deployment", `chathub-${role}`)), "Inference__Model__Path"), undefined, `${role} loads no model`);
  }
  assert.equal(config.Inference__Model__Path, undefined, "not in the shared ConfigMap (every role would load it)");
  const threads = Number(envValue(hub, "Inference__Model__Threads") ?? 0);
  assert.ok(threads === 0 || threads === quantity(hub.resources.limits.cpu), "llama.cpp threads = the CPU limit");
});

test("the worker is the biggest role (CPU and memory)", () => {
  const size = (role, resource) => quantity(hubContainer(one("Deployment", `chathub-${role}`)).resources.requests[resource]);
  for (const resource of ["cpu", "memory"]) {
    assert.ok(size("worker", resource) > size("ingress", resource) && size("worker", resource) > size("egress", resource), resource);
  }
});

test("deploy/hpa.yaml: the worker Deployment, 5-40 replicas at 70% CPU", () => {
  const hpa = one("HorizontalPodAutoscaler", "chathub-worker");
  assert.deepEqual(hpa.spec.scaleTargetRef, { apiVersion: "apps/v1", kind: "Deployment", name: "chathub-worker" });
  one("Deployment", hpa.spec.scaleTargetRef.name);
  assert.equal(hpa.spec.minReplicas, 5);
  assert.equal(hpa.spec.maxReplicas, 40);
  assert.deepEqual(hpa.spec.metrics, [
    { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } },
  ]);
  assert.ok(hubContainer(one("Deployment", "chathub-worker")).resources.requests.cpu, "utilization needs a CPU request");
});

test("chat.inbound has at least as many partitions as the most workers any autoscaler starts", () => {
  const partitions = Number(config.Kafka__DefaultPartitions);
  const hpa = one("HorizontalPodAutoscaler", "chathub-worker");
  const keda = one("ScaledObject", "chathub-worker");
  assert.ok(partitions >= hpa.spec.maxReplicas, `${partitions} partitions >= HPA max ${hpa.spec.maxReplicas}`);
  assert.ok(partitions >= keda.spec.maxReplicaCount, `${partitions} partitions >= KEDA max ${keda.spec.maxReplicaCount}`);
});

test("keda-scaledobject.yaml: the worker, on consumer lag of chathub-worker on chat.inbound, like the HPA's bounds", () => {
  const scaled = one("ScaledObject", "chathub-worker");
  const hpa = one("HorizontalPodAutoscaler", "chathub-worker");
  assert.equal(scaled.spec.scaleTargetRef.name, "chathub-worker");
  assert.equal(scaled.spec.minReplicaCount, hpa.spec.minReplicas);
  assert.equal(scaled.spec.maxReplicaCount, hpa.spec.maxReplicas);
  const kafka = scaled.spec.triggers.filter((t) => t.type === "kafka");
  const inbound = kafka.find((t) => t.metadata.topic === "chat.inbound");
  assert.ok(inbound, "a kafka trigger on chat.inbound");
  for (const trigger of kafka) {
    assert.equal(trigger.metadata.consumerGroup, "chathub-worker", "the worker's consumer group (WorkerService.ConsumerGroup)");
    assert.equal(trigger.metadata.bootstrapServers, config.Kafka__BootstrapServers, "the brokers the hub uses");
    assert.ok(Number(trigger.metadata.lagThreshold) > 0, "a lag threshold");
    assert.ok(["chat.inbound", "chat.inbound.bulk"].includes(trigger.metadata.topic), trigger.metadata.topic);
  }
  // The HPA KEDA creates must not take the name of deploy/hpa.yaml's.
  assert.notEqual(scaled.spec.advanced?.horizontalPodAutoscalerConfig?.name ?? `keda-hpa-${scaled.metadata.name}`, hpa.metadata.name);
});

test("keda-scaledobject.yaml: a fallback only with AverageValue triggers and no cpu/memory trigger (KEDA's rule)", () => {
  const scaled = one("ScaledObject", "chathub-worker");
  if (!scaled.spec.fallback) return;
  for (const trigger of scaled.spec.triggers) {
    assert.ok(!["cpu", "memory"].includes(trigger.type), `fallback with a ${trigger.type} trigger is rejected`);
    assert.equal(trigger.metricType ?? "AverageValue", "AverageValue", `fallback needs AverageValue (${trigger.type})`);
  }
});

test("the Service selects the ingress pods and targets a port they declare", () => {
  const service = one("Service", "chathub-ingress");
  const selected = deployments.filter((d) => selects(service.spec.selector, d.spec.template.metadata.labels));
  assert.deepEqual(selected.map((d) => d.metadata.name), ["chathub-ingress"]);
  for (const port of service.spec.ports) {
    assert.ok(findPort(hubContainer(selected[0]), port.targetPort ?? port.port), `targetPort ${port.targetPort}`);
  }
});

const ingresses = all("Ingress");
const routed = (requestPath) =>
  ingresses.flatMap((ingress) =>
    ingress.spec.rules.flatMap((rule) => rule.http.paths.filter((p) => ingressPathMatches(p, requestPath)).map(() => ingress.metadata.name)));

test("the Ingress routes the chat page, the widget, SignalR and the webhooks", () => {
  for (const path of ["/", "/widget.js", "/hubs/chat", "/hubs/chat/negotiate", "/webhooks/telegram", "/api/messages"]) {
    assert.ok(routed(path).length > 0, `${path} is routed`);
  }
});

test("the Ingress does not expose /admin, /metrics, /healthz or /readyz", () => {
  for (const path of ["/admin", "/admin/users", "/admin/users/u1/audit", "/metrics", "/healthz", "/readyz"]) {
    assert.deepEqual(routed(path), [], `${path} must not be public`);
  }
});

test("the Ingress paths point at the ingress Service's declared ports", () => {
  const service = one("Service", "chathub-ingress");
  for (const ingress of ingresses) {
    for (const path of ingress.spec.rules.flatMap((r) => r.http.paths)) {
      assert.equal(path.backend.service.name, service.metadata.name);
      const port = path.backend.service.port;
      assert.ok(service.spec.ports.some((p) => p.name === port.name || p.port === port.number), JSON.stringify(port));
    }
  }
});

test("the Ingress serves TLS for every host it routes", () => {
  for (const ingress of ingresses) {
    const tlsHosts = (ingress.spec.tls ?? []).flatMap((t) => t.hosts);
    for (const rule of ingress.spec.rules) assert.ok(tlsHosts.includes(rule.host), `${ingress.metadata.name}: TLS for ${rule.host}`);
  }
});

test("SignalR's Ingress: long proxy timeouts for WebSockets and cookie affinity usable cross-site", () => {
  const realtime = ingresses.filter((i) => i.spec.rules.some((r) => r.http.paths.some((p) => ingressPathMatches(p, "/hubs/chat"))));
  assert.equal(realtime.length, 1);
  const a = realtime[0].metadata.annotations;
  const prefix = "nginx.ingress.kubernetes.io/";
  assert.ok(Number(a[`${prefix}proxy-read-timeout`]) >= 300, "proxy-read-timeout");
  assert.ok(Number(a[`${prefix}proxy-send-timeout`]) >= 300, "proxy-send-timeout");
  assert.equal(a[`${prefix}affinity`], "cookie");
  assert.ok(a[`${prefix}session-cookie-name`]);
  assert.equal(a[`${prefix}session-cookie-samesite`], "None", "the widget calls /hubs/chat from other sites");
  assert.equal(a[`${prefix}session-cookie-secure`], "true", "SameSite=None requires Secure");
});

test("the ConfigMap holds no secret-looking setting; the Secret example holds only placeholders", () => {
  for (const key of Object.keys(config)) {
    assert.doesNotMatch(key, /password|secret|token|apikey|ConnectionStrings/i, `${key} belongs in the Secret`);
  }
  const [secret] = parseYamlDocuments("deploy/k8s/secret.example.yaml");
  assert.ok(Object.keys(secret.stringData).length > 0);
  for (const [key, value] of Object.entries(secret.stringData)) {
    assert.match(value, /CHANGE-ME/, `${key} must be a placeholder`);
  }
  assert.equal(secret.data, undefined, "no base64 data (it could hide a real value)");
  // The placeholders are invalid on purpose, so a forgotten one stops the hub at start instead of running with it.
  const key = Buffer.from(secret.stringData.Channels__WebChat__TokenKey, "base64");
  assert.ok(key.length < 32 || !/^[A-Za-z0-9+/=]+$/.test(secret.stringData.Channels__WebChat__TokenKey), "TokenKey placeholder is not a usable key");
  const adminKeys = Object.entries(secret.stringData).filter(([k]) => k === "Admin__ApiKey" || k.startsWith("Admin__Keys__"));
  assert.ok(adminKeys.length > 0, "the example shows how to set an admin key");
  for (const [name, value] of adminKeys) {
    assert.ok(value.length < 16, `${name} placeholder is shorter than the 16 characters the hub requires`);
  }
});

test("the namespace enforces the restricted Pod Security Standard", () => {
  const ns = one("Namespace", "chathub");
  assert.equal(ns.metadata.labels["pod-security.kubernetes.io/enforce"], "restricted");
});
