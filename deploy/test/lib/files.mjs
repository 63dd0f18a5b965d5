// Loading the artefacts under test: every YAML document in deploy/ (multi-document files included), the
// kustomizations, docker-compose.yml, the Dockerfile and the Grafana dashboard. Paths are relative to the repository.
import { readFileSync, readdirSync, statSync, existsSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments, parse } from "yaml";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
export const deployDir = join(repoRoot, "deploy");

export const rel = (path) => relative(repoRoot, path);
export const read = (path) => readFileSync(join(repoRoot, path), "utf8");
export const exists = (path) => existsSync(join(repoRoot, path));

/** Every .yaml/.yml file under deploy/, except this test suite's own folder. Sorted, repository-relative. */
export function deployYamlFiles() {
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        if (path !== join(deployDir, "test") && name !== "node_modules") walk(path);
      } else if (/\.ya?ml$/.test(name)) {
        files.push(rel(path));
      }
    }
  };
  walk(deployDir);
  return files.sort();
}

/** Parses a (multi-document) YAML file strictly: any syntax error or duplicate key throws, naming the file. */
export function parseYamlDocuments(path) {
  const docs = parseAllDocuments(read(path), { prettyErrors: true, uniqueKeys: true });
  const list = Array.isArray(docs) ? docs : [docs];
  const values = [];
  for (const [index, doc] of list.entries()) {
    if (doc.errors.length > 0) {
      throw new Error(`${path}, document ${index + 1}: ${doc.errors.map((e) => e.message).join("; ")}`);
    }
    const value = doc.toJS({ maxAliasCount: 100 });
    if (value !== null && value !== undefined) values.push(value);
  }
  return values;
}

/** A kustomization file is configuration for kustomize, not a Kubernetes object. */
export const isKustomization = (path) => /(^|\/)kustomization\.ya?ml$/.test(path);

/** Every Kubernetes object in deploy/: { file, index, object }. */
export function deployObjects() {
  const objects = [];
  for (const file of deployYamlFiles().filter((f) => !isKustomization(f))) {
    parseYamlDocuments(file).forEach((object, index) => objects.push({ file, index, object }));
  }
  return objects;
}

/**
 * The objects a kustomization builds (resources only: files, and folders with their own kustomization), the way
 * kustomize resolves them, with the kustomization's namespace applied. Enough for what deploy/ uses.
 */
export function kustomizationObjects(dir) {
  const kustomization = parse(read(join(dir, "kustomization.yaml")));
  const objects = [];
  for (const resource of kustomization.resources ?? []) {
    const path = join(dir, resource);
    if (exists(join(path, "kustomization.yaml"))) {
      objects.push(...kustomizationObjects(path));
    } else {
      parseYamlDocuments(path).forEach((object, index) => objects.push({ file: path, index, object }));
    }
  }
  if (kustomization.namespace) {
    for (const { object } of objects) {
      if (object.kind !== "Namespace") object.metadata = { ...object.metadata, namespace: kustomization.namespace };
    }
  }
  return objects;
}

export const loadJson = (path) => JSON.parse(read(path));
