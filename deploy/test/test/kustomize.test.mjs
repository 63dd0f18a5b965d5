// The kustomizations: what they list exists, every manifest is either in the base or deliberately left out, the
// default build has exactly one autoscaler for the worker, and (when kubectl is installed) kustomize really builds.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { parse, parseAllDocuments } from "yaml";
import { deployYamlFiles, exists, isKustomization, kustomizationObjects, read, repoRoot } from "../lib/files.mjs";

// Manifests kept out of every kustomization on purpose, and why (docs/operations.md).
const optional = {
  "deploy/k8s/secret.example.yaml": "placeholders: the real Secret comes from a secret store",
  "deploy/k8s/keda-scaledobject.yaml": "KEDA replaces deploy/hpa.yaml; applied by hand instead of it",
  "deploy/k8s/podmonitor.yaml": "needs the Prometheus operator's CRDs",
};

const kustomizations = deployYamlFiles().filter(isKustomization);

test("deploy/ and deploy/k8s/ are kustomizations", () => {
  assert.deepEqual(kustomizations.sort(), ["deploy/k8s/kustomization.yaml", "deploy/kustomization.yaml"]);
});

for (const file of kustomizations) {
  test(`${file}: every resource exists; a namespace is set`, () => {
    const k = parse(read(file));
    assert.equal(k.kind, "Kustomization");
    assert.equal(k.namespace, "chathub");
    const dir = file.replace(/\/kustomization\.yaml$/, "");
    for (const resource of k.resources) assert.ok(exists(`${dir}/${resource}`), `${dir}/${resource}`);
  });
}

test("every manifest in deploy/ is built by `kubectl apply -k deploy` or listed as optional", () => {
  const built = new Set(kustomizationObjects("deploy").map((o) => o.file));
  for (const file of deployYamlFiles().filter((f) => !isKustomization(f))) {
    assert.ok(built.has(file) !== Boolean(optional[file]), `${file}: ${optional[file] ? "optional, yet built" : "neither built nor optional"}`);
  }
});

test("the default build has the CPU HPA and no ScaledObject: one autoscaler per Deployment", () => {
  const objects = kustomizationObjects("deploy").map((o) => o.object);
  const scalers = objects.filter((o) => ["HorizontalPodAutoscaler", "ScaledObject"].includes(o.kind));
  assert.deepEqual(scalers.map((o) => `${o.kind}/${o.metadata.name}`), ["HorizontalPodAutoscaler/chathub-worker"]);
  const targets = scalers.map((o) => o.spec.scaleTargetRef.name);
  assert.equal(new Set(targets).size, targets.length);
  assert.ok(objects.every((o) => o.kind !== "Secret"), "no Secret in any build");
});

test("the base (deploy/k8s) has no autoscaler, so KEDA can be added to it", () => {
  const kinds = kustomizationObjects("deploy/k8s").map((o) => o.object.kind);
  assert.ok(!kinds.includes("HorizontalPodAutoscaler") && !kinds.includes("ScaledObject"));
  assert.ok(kinds.includes("Deployment"));
});

test("the image kustomize sets is the one the Deployments use", () => {
  const k = parse(read("deploy/k8s/kustomization.yaml"));
  const images = new Set(kustomizationObjects("deploy/k8s").filter((o) => o.object.kind === "Deployment")
    .flatMap((o) => o.object.spec.template.spec.containers.map((c) => c.image.replace(/:[^:/]+$/, ""))));
  assert.deepEqual([...images], k.images.map((i) => i.name));
});

const kubectl = spawnSync("kubectl", ["version", "--client"], { encoding: "utf8" });
test("kubectl kustomize deploy builds the same objects", { skip: kubectl.status === 0 ? false : "kubectl is not installed" }, () => {
  const output = execFileSync("kubectl", ["kustomize", "deploy"], { cwd: repoRoot, encoding: "utf8" });
  const built = parseAllDocuments(output).map((d) => d.toJS()).map((o) => `${o.kind}/${o.metadata.name}`).sort();
  const ours = kustomizationObjects("deploy").map((o) => `${o.object.kind}/${o.object.metadata.name}`).sort();
  assert.deepEqual(built, ours);
});
