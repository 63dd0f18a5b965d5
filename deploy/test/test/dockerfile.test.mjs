// The Dockerfile and .dockerignore (no Docker engine here: checked by reading; see docs/operations.md).
import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "yaml";
import { read } from "../lib/files.mjs";

/** Instructions with line continuations joined and comments dropped: [{ instruction, args }]. */
function instructions(text) {
  const result = [];
  let current = "";
  for (const line of text.split("\n")) {
    if (/^\s*#/.test(line) && current === "") continue;
    if (/^\s*#/.test(line)) continue; // a comment inside a continued instruction
    current += line.replace(/\\$/, " ");
    if (!line.endsWith("\\")) {
      if (current.trim()) {
        const [, instruction, args] = current.trim().match(/^(\w+)\s*(.*)$/s);
        result.push({ instruction: instruction.toUpperCase(), args: args.trim() });
      }
      current = "";
    }
  }
  return result;
}

const dockerfile = instructions(read("Dockerfile"));
const stages = [];
for (const i of dockerfile) {
  if (i.instruction === "FROM") stages.push({ from: i.args, body: [] });
  else if (stages.length) stages.at(-1).body.push(i);
}
const args = Object.fromEntries(dockerfile.filter((i) => i.instruction === "ARG" && i.args.includes("="))
  .map((i) => i.args.split("=")));
const expand = (s) => s.replace(/\$\{(\w+)\}/g, (_, n) => args[n] ?? "");
const runtime = stages.at(-1);
const build = stages.find((s) => / AS build$/i.test(s.from));
const body = (stage, instruction) => stage.body.filter((i) => i.instruction === instruction).map((i) => i.args);

test("multi-stage: build on the .NET 10 SDK image, run on the ASP.NET 10 runtime image (glibc >= 2.34)", () => {
  assert.ok(build, "a stage named build");
  assert.match(expand(build.from), /^mcr\.microsoft\.com\/dotnet\/sdk:10\.0(-noble)? AS build$/i);
  assert.match(expand(runtime.from), /^mcr\.microsoft\.com\/dotnet\/aspnet:10\.0(-noble)? AS runtime$/i);
});

test("the SDK image matches global.json's major version", () => {
  const sdk = JSON.parse(read("global.json")).sdk.version;
  assert.ok(expand(build.from).includes(`:${sdk.split(".")[0]}.0`), `global.json ${sdk}`);
});

test("the build stage has Node and npm (widget bundle, llama.cpp package) and publishes src/Hub to /app", () => {
  assert.ok(body(build, "COPY").some((c) => c.includes("/usr/local/bin/node")), "node copied in");
  assert.ok(body(build, "RUN").some((r) => r.includes("npm-cli.js")), "npm linked");
  const publish = body(build, "RUN").find((r) => r.includes("dotnet publish"));
  assert.match(publish, /dotnet publish src\/Hub\/ChatHub\.Hub\.csproj -c Release -o \/app/);
  assert.doesNotMatch(publish, /ChatHubSkipWidgetBuild=true/, "the widget is built, not skipped");
  assert.match(publish, /-r linux-x64\b/, "one platform's natives (librdkafka.redist, llama.cpp), not every platform's");
  assert.match(publish, /centos8-librdkafka\.so/, "the bundled librdkafka is checked for");
});

test("the runtime stage: no OS packages (librdkafka comes with the app), the app from the build stage, /models, port 8080, non-root, dotnet entrypoint", () => {
  assert.ok(!body(runtime, "RUN").some((r) => /apt-get install/.test(r)), "no apt-get install: librdkafka.redist is in /app");
  assert.ok(body(runtime, "COPY").some((c) => /--from=build\b.*\/app/.test(c)));
  assert.ok(body(runtime, "RUN").some((r) => r.includes("mkdir -p /models")));
  assert.ok(body(runtime, "ENV").some((e) => /ASPNETCORE_HTTP_PORTS=8080\b/.test(e)));
  assert.deepEqual(body(runtime, "EXPOSE"), ["8080"]);
  const users = body(runtime, "USER");
  assert.ok(users.length > 0 && ["$APP_UID", "1654", "app"].includes(users.at(-1)), `USER ${users.at(-1)}`);
  assert.deepEqual(JSON.parse(body(runtime, "ENTRYPOINT")[0]), ["dotnet", "ChatHub.Hub.dll"]);
});

test("the HEALTHCHECK probes /healthz on the exposed port with what the image has (bash, no curl)", () => {
  const [check] = body(runtime, "HEALTHCHECK");
  const argv = JSON.parse(check.slice(check.indexOf("CMD") + 3)); // exec form: valid JSON, run without a shell
  assert.deepEqual(argv.slice(0, 2), ["bash", "-c"]);
  assert.match(check, /\/dev\/tcp\/127\.0\.0\.1\/8080/);
  assert.match(check, /GET \/healthz /);
  assert.doesNotMatch(check, /\bcurl\b|\bwget\b/);
});

test("compose's healthchecks use the same probe shape on the same port", () => {
  const compose = parse(read("docker-compose.yml"), { merge: true });
  for (const role of ["ingress", "worker", "egress"]) {
    assert.match(compose.services[role].healthcheck.test.join(" "), /\/dev\/tcp\/127\.0\.0\.1\/8080 .*GET \/readyz /);
  }
});

/**
 * .dockerignore as Docker reads it: patterns relative to the context root, `**` for any number of folders, `!` to
 * re-include, the last matching pattern wins; a folder's exclusion excludes what is inside it.
 */
function dockerignore(text) {
  const rules = text.split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#")).map((line) => {
    const negate = line.startsWith("!");
    const pattern = (negate ? line.slice(1) : line).replace(/^\/+|\/+$/g, "");
    const source = pattern.split("/").map((part) => (part === "**" ? "(?:.*)" :
      part.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*").replace(/\?/g, "[^/]"))).join("/")
      .replace(/\(\?:\.\*\)\//g, "(?:.*/)?");
    return { negate, regex: new RegExp(`^${source}(?:/.*)?$`) };
  });
  return (path) => rules.reduce((excluded, rule) => (rule.regex.test(path) ? !rule.negate : excluded), false);
}

test(".dockerignore keeps what `dotnet publish src/Hub` needs and drops host build outputs", () => {
  const excluded = dockerignore(read(".dockerignore"));
  for (const path of ["global.json", "Directory.Build.props", "Directory.Packages.props", ".editorconfig", "src/Hub/ChatHub.Hub.csproj",
    "src/Hub/Program.cs", "src/Hub/Widget/package-lock.json", "src/Hub/Widget/src/index.js",
    "src/Inference/LlamaCpp/native/package-lock.json", "src/Kafka/ChatHub.Kafka.csproj", "content/knowledge.md"]) {
    assert.equal(excluded(path), false, `${path} must be in the build context`);
  }
  for (const path of ["src/Hub/bin/Release/net10.0/ChatHub.Hub.dll", "src/Hub/obj/project.assets.json", "src/Hub/Widget/node_modules/esbuild/x",
    "src/Inference/LlamaCpp/native/node_modules/@node-llama-cpp/linux-x64/bins/linux-x64/libllama.v0.5.0.so",
    "src/Hub/wwwroot/dist/widget.js", ".git/HEAD", "tests/ChatHub.Hub.Tests/x.cs", "models/model.gguf", "artifacts/test-results/x.trx"]) {
    assert.equal(excluded(path), true, `${path} must not be in the build context`);
  }
});
