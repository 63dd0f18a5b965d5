// Every Kubernetes object under deploy/ is valid against its API schema: kubernetes-models for the built-in kinds,
// @kubernetes-models/keda and @kubernetes-models/prometheus-operator for the CRDs (ScaledObject, PodMonitor).
import { test } from "node:test";
import assert from "node:assert/strict";
import { deployYamlFiles, deployObjects, isKustomization, parseYamlDocuments } from "../lib/files.mjs";
import { modelFor } from "../lib/models.mjs";
import { unknownFields } from "../lib/strict.mjs";

test("deploy/ has manifests to check", () => {
  const files = deployYamlFiles();
  assert.ok(files.includes("deploy/hpa.yaml"), "deploy/hpa.yaml");
  assert.ok(files.some((f) => f.startsWith("deploy/k8s/")), "deploy/k8s/*.yaml");
});

for (const file of deployYamlFiles()) {
  test(`${file} parses as YAML (no syntax errors, no duplicate keys)`, () => {
    const docs = parseYamlDocuments(file);
    assert.ok(docs.length > 0, "at least one document");
    for (const doc of docs) assert.equal(typeof doc, "object", "each document is a mapping");
  });
}

for (const { file, index, object } of deployObjects()) {
  const name = `${file}#${index + 1} ${object.kind}/${object.metadata?.name}`;
  test(`${name} is valid against the ${object.apiVersion} ${object.kind} schema`, async () => {
    const Model = await modelFor(object.apiVersion, object.kind);
    assert.doesNotThrow(() => new Model(structuredClone(object)).validate());
  });

  test(`${name} has no fields the API does not know (typos are dropped or rejected by the API server)`, () => {
    assert.deepEqual(unknownFields(object), []);
  });
}

test("an invalid object fails validation (the validator is really checking)", async () => {
  const Deployment = await modelFor("apps/v1", "Deployment");
  const broken = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "x" },
    spec: {
      selector: { matchLabels: { a: "b" } },
      template: { metadata: { labels: { a: "b" } }, spec: { containers: [{ name: "c", ports: [{ containerPort: "http" }] }] } },
    },
  };
  assert.throws(() => new Deployment(broken).validate(), /containerPort/);
});

test("a misspelt field is reported by the unknown-field check", () => {
  const typo = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "x", labels: { a: "b" } },
    spec: {
      selector: { matchLabels: { a: "b" } },
      template: {
        metadata: { labels: { a: "b" } },
        spec: { terminationGracePeriodSecond: 45, containers: [{ name: "c", readinessProbes: {}, resources: { limits: { cpu: "1" } } }] },
      },
    },
  };
  assert.deepEqual(unknownFields(typo), [
    "spec.template.spec.containers[0].readinessProbes",
    "spec.template.spec.terminationGracePeriodSecond",
  ]);
});

test("kustomization files are not Kubernetes objects and are checked separately", () => {
  assert.ok(deployYamlFiles().filter(isKustomization).length >= 2);
});
