// docker-compose.yml (no Docker engine here: checked by reading). Parsed like Compose does (YAML merge keys,
// ${VAR:-default} interpolation with the defaults).
import { test } from "node:test";
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { parse } from "yaml";
import { read } from "../lib/files.mjs";

const text = read("docker-compose.yml");
const interpolate = (value) =>
  typeof value === "string" ? value.replace(/\$\{(\w+)(?::?-([^}]*))?\}/g, (_, name, fallback) => fallback ?? "") : value;
const compose = parse(text, { merge: true, uniqueKeys: true });
const services = compose.services;
const env = (service) => {
  const raw = services[service].environment ?? {};
  const entries = Array.isArray(raw) ? raw.map((e) => e.split(/=(.*)/s).slice(0, 2)) : Object.entries(raw);
  return Object.fromEntries(entries.map(([k, v]) => [k, String(interpolate(v ?? ""))]));
};
const roles = ["ingress", "worker", "egress"];
const seconds = (duration) => {
  const match = String(duration).match(/^(?:(\d+)m)?(?:(\d+)s)?$/);
  return Number(match?.[1] ?? 0) * 60 + Number(match?.[2] ?? 0);
};

test("docker-compose.yml parses (merge keys resolved) and has redis, kafka and the three hub roles", () => {
  assert.deepEqual(Object.keys(services).sort(), ["egress", "ingress", "kafka", "redis", "worker"]);
});

for (const role of roles) {
  test(`${role}: runs the hub image with Hub__Roles=${role}, Redis and Kafka`, () => {
    assert.equal(services[role].image, "chathub:local");
    const e = env(role);
    assert.equal(e.Hub__Roles, role);
    assert.equal(e.ConnectionStrings__Redis.split(":")[0], "redis");
    const [kafkaHost, kafkaPort] = e.Kafka__BootstrapServers.split(":");
    assert.equal(kafkaHost, "kafka");
    const advertised = services.kafka.environment.KAFKA_ADVERTISED_LISTENERS;
    assert.ok(advertised.split(",").some((l) => l.endsWith(`//kafka:${kafkaPort}`)), `kafka advertises kafka:${kafkaPort} (${advertised})`);
  });

  test(`${role}: starts after healthy Redis and Kafka, and has a readiness healthcheck`, () => {
    const dependsOn = services[role].depends_on;
    assert.equal(dependsOn.redis.condition, "service_healthy");
    assert.equal(dependsOn.kafka.condition, "service_healthy");
    assert.match(services[role].healthcheck.test.join(" "), /\/readyz/);
  });

  test(`${role}: read-only root with a /tmp tmpfs, and a stop grace longer than the drain`, () => {
    assert.equal(services[role].read_only, true);
    assert.ok(services[role].tmpfs.includes("/tmp"));
    assert.ok(seconds(services[role].stop_grace_period) > 40, services[role].stop_grace_period);
    assert.ok(Number(env(role).DOTNET_SHUTDOWNTIMEOUTSECONDS) < seconds(services[role].stop_grace_period));
  });
}

test("exactly one hub service builds the image; only ingress publishes a port (8080)", () => {
  assert.deepEqual(roles.filter((r) => services[r].build), ["ingress"]);
  assert.equal(services.ingress.build.dockerfile, "Dockerfile");
  assert.deepEqual(services.ingress.ports, ["8080:8080"]);
  for (const role of ["worker", "egress"]) {
    assert.equal(services[role].ports, undefined);
    assert.ok(services[role].depends_on.ingress, `${role} waits for the image built by ingress`);
  }
});

test("every node shares one valid web-chat TokenKey (base64, >= 32 bytes)", () => {
  const keys = new Set(roles.map((r) => env(r).Channels__WebChat__TokenKey));
  assert.equal(keys.size, 1);
  const [key] = keys;
  assert.match(key, /^[A-Za-z0-9+/]+=*$/);
  assert.ok(Buffer.from(key, "base64").length >= 32);
});

test("no hub service sets an admin key empty or short (the hub refuses to start with a key under 16 characters)", () => {
  for (const role of roles) {
    for (const [name, key] of Object.entries(env(role)).filter(([k]) => k === "Admin__ApiKey" || k.startsWith("Admin__Keys__"))) {
      assert.ok(key.length >= 16, `${role}: ${name} "${key}"`);
    }
  }
});

test("only the worker is given a model path, and it is empty (off) by default", () => {
  assert.equal(env("worker").Inference__Model__Path, "");
  for (const role of ["ingress", "egress"]) assert.equal(env(role).Inference__Model__Path, undefined);
});

test("kafka: single-node KRaft (broker and controller), replication factors of 1, a healthcheck", () => {
  const e = services.kafka.environment;
  assert.match(services.kafka.image, /^apache\/kafka:3\.9/);
  assert.equal(e.KAFKA_PROCESS_ROLES, "broker,controller");
  assert.equal(e.KAFKA_CONTROLLER_QUORUM_VOTERS, `${e.KAFKA_NODE_ID}@kafka:29093`);
  assert.equal(Number(e.KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR), 1);
  assert.match(e.CLUSTER_ID, /^[A-Za-z0-9_-]{22}$/, "a base64url UUID");
  assert.equal(Buffer.from(e.CLUSTER_ID, "base64url").length, 16);
  assert.ok(services.kafka.healthcheck.test.join(" ").includes("kafka-broker-api-versions.sh"));
  for (const role of roles) assert.equal(env(role).Kafka__ReplicationFactor, "1", `${role}: one broker, one replica`);
});

test("redis: a healthcheck", () => {
  assert.deepEqual(services.redis.healthcheck.test, ["CMD", "redis-cli", "ping"]);
});

test("host ports other than the hub's are bound to localhost only", () => {
  for (const name of ["redis", "kafka"]) {
    for (const port of services[name].ports ?? []) assert.match(port, /^127\.0\.0\.1:/, `${name}: ${port}`);
  }
});
