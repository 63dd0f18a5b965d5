// docs/dashboards/chathub.json: a Grafana dashboard whose panels all query Prometheus through the datasource
// variable, and whose metric names are the Prometheus names of instruments the hub has (or is known to get).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { loadJson, repoRoot } from "../lib/files.mjs";

const dashboard = loadJson("docs/dashboards/chathub.json");
const flatten = (panels) => panels.flatMap((p) => [p, ...flatten(p.panels ?? [])]);
const panels = flatten(dashboard.panels);
const queryPanels = panels.filter((p) => p.type !== "row");
const exprs = queryPanels.flatMap((p) => p.targets.map((t) => t.expr));
const metricNames = new Set(exprs.flatMap((e) => e.match(/\bchathub_[a-z0-9_]+/g) ?? []));

// Instruments the dashboard shows before the code has them: name -> who adds it. Remove an entry when it lands
// under this name; rename the dashboard's metric (and the entry) if it lands under another.
const pending = {
  "chathub.platform.retries": "the channel adapters (issues 3-5): retries by channel and reason, 429 = rate limited",
};

test("the dashboard: schemaVersion >= 36, a uid and title, a Prometheus datasource variable", () => {
  assert.ok(dashboard.schemaVersion >= 36, `schemaVersion ${dashboard.schemaVersion}`);
  assert.ok(dashboard.uid && dashboard.title);
  const variable = dashboard.templating.list.find((v) => v.type === "datasource");
  assert.equal(variable?.query, "prometheus");
  assert.equal(variable.name, "datasource");
});

test("every panel has a datasource, a position and at least one target with an expr, all on the variable", () => {
  assert.ok(queryPanels.length >= 10);
  for (const panel of queryPanels) {
    assert.deepEqual(panel.datasource, { type: "prometheus", uid: "${datasource}" }, panel.title);
    assert.ok(panel.gridPos && panel.gridPos.w > 0 && panel.gridPos.h > 0, `${panel.title}: gridPos`);
    assert.ok(panel.targets?.length > 0, `${panel.title}: targets`);
    for (const target of panel.targets) {
      assert.ok(typeof target.expr === "string" && target.expr.trim().length > 0, `${panel.title}: expr`);
      assert.equal(target.datasource?.uid, "${datasource}", `${panel.title}: target datasource`);
    }
    const refIds = panel.targets.map((t) => t.refId);
    assert.equal(new Set(refIds).size, refIds.length, `${panel.title}: unique refIds`);
  }
});

test("panel ids are unique and panels do not overlap", () => {
  const ids = panels.map((p) => p.id);
  assert.equal(new Set(ids).size, ids.length);
  const cells = new Set();
  for (const { gridPos: g, title } of panels) {
    for (let x = g.x; x < g.x + g.w; x++) {
      for (let y = g.y; y < g.y + g.h; y++) {
        assert.ok(!cells.has(`${x},${y}`), `${title} overlaps at ${x},${y}`);
        cells.add(`${x},${y}`);
      }
    }
    assert.ok(g.x + g.w <= 24, `${title}: within 24 columns`);
  }
});

test("every expr is well-formed: balanced brackets, counters under rate()/increase(), quantiles over _bucket by le", () => {
  for (const expr of exprs) {
    const stack = [];
    for (const c of expr.replace(/"[^"]*"/g, '""')) {
      if ("([{".includes(c)) stack.push(c);
      else if (")]}".includes(c)) assert.equal(stack.pop(), { ")": "(", "]": "[", "}": "{" }[c], expr);
    }
    assert.equal(stack.length, 0, `unbalanced: ${expr}`);
    for (const [, fn, metric] of expr.matchAll(/(\w+)?\(?\s*(chathub_\w+_(?:total|bucket|sum|count))\b/g)) {
      assert.ok(new RegExp(`(rate|increase)\\(${metric}\\b`).test(expr), `${metric} must be under rate() or increase(): ${expr} (${fn})`);
    }
    if (expr.includes("histogram_quantile")) {
      assert.match(expr, /_bucket\b/, expr);
      assert.match(expr, /by \([^)]*\ble\b/, `histogram_quantile needs "by (le...)": ${expr}`);
    }
  }
});

test("the panels the runbooks rely on are there", () => {
  for (const metric of ["chathub_inbound_messages_total", "chathub_replies_total", "chathub_stage_duration_seconds_bucket",
    "chathub_bus_queue_depth", "chathub_dlq_messages_total", "chathub_cache_hits_total", "chathub_cache_misses_total",
    "chathub_moderation_matches_total", "chathub_rate_limited_total", "chathub_platform_retries_total",
    "chathub_inference_batch_size_bucket", "chathub_inference_tokens_total"]) {
    assert.ok(metricNames.has(metric), metric);
  }
  for (const q of ["0.50", "0.95", "0.99"]) {
    assert.ok(exprs.some((e) => e.startsWith(`histogram_quantile(${q}, sum by (le, stage) (rate(chathub_stage_duration_seconds_bucket`)), `stage p${q}`);
  }
});

/** Instrument names ("chathub.x.y") created in src/, with their kind and unit, read from the C# sources. */
function instrumentsInSource() {
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        if (!["bin", "obj", "node_modules"].includes(name)) walk(path);
      } else if (name.endsWith(".cs")) files.push(path);
    }
  };
  walk(join(repoRoot, "src"));
  const names = new Set();
  for (const file of files) {
    for (const [, name] of readFileSync(file, "utf8").matchAll(/"(chathub\.[a-z0-9_.]+)"/g)) names.add(name);
  }
  return names;
}

/** The instrument a Prometheus series name comes from: the OpenTelemetry-to-Prometheus naming, reversed. */
const instrumentOf = (series) => series.replace(/_(bucket|sum|count)$/, "").replace(/_total$/, "").replace(/_seconds$/, "");

test("every chathub_* metric in the dashboard is an instrument in src/ (dots as underscores) or a known pending one", (t) => {
  const inSource = new Map([...instrumentsInSource()].map((n) => [n.replace(/\./g, "_"), n]));
  const pendingNames = new Map(Object.keys(pending).map((n) => [n.replace(/\./g, "_"), n]));
  for (const series of metricNames) {
    const base = instrumentOf(series);
    assert.ok(inSource.has(base) || pendingNames.has(base), `${series}: no instrument ${base.replace(/_/g, ".")} in src/ (renamed?)`);
    if (inSource.has(base) && pendingNames.has(base)) t.diagnostic(`${pendingNames.get(base)} now exists in src/: drop it from pending`);
  }
});
