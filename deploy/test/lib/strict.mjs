// Unknown-field check. The kubernetes-models validators follow the OpenAPI schemas, which allow unknown properties,
// so a misspelt field (`readinessProbes`, `terminationGracePeriodSecond`) passes `.validate()` and is then dropped
// or rejected by the API server (kubectl's strict field validation). This walks the object against the same models'
// TypeScript declarations (.d.ts: one interface per API type, named properties, index signatures for maps) and
// reports every key that no declaration names.
import { readFileSync, existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { modelModulePath } from "./models.mjs";

const nodeModules = resolve(dirname(fileURLToPath(import.meta.url)), "../node_modules");
const fileCache = new Map(); // d.ts path -> { imports, interfaces, aliases }
const typeCache = new Map(); // d.ts path + type name -> descriptor

/** Keys of `object` that its kind's declarations do not name, as paths (`spec.template.spec.containers[0].foo`). */
export function unknownFields(object) {
  const root = rootDescriptor(modelModulePath(object.apiVersion, object.kind));
  const found = [];
  walk(object, root, "", found);
  return found.sort();
}

function walk(value, type, path, found) {
  if (type === null || value === null || typeof value !== "object") return;
  if (Array.isArray(value)) {
    if (type.array) value.forEach((item, i) => walk(item, type.array, `${path}[${i}]`, found));
    return;
  }
  if (!type.props && !type.index) return; // a scalar or free-form type: nothing to check
  for (const [key, child] of Object.entries(value)) {
    const childPath = path ? `${path}.${key}` : key;
    const childType = type.props?.get(key) ?? type.index;
    if (childType === undefined) found.push(childPath);
    else walk(child, childType(), childPath, found);
  }
}

function rootDescriptor(modulePath) {
  const file = declarationFile(modulePath);
  if (!file) throw new Error(`no type declarations for ${modulePath}`);
  const { interfaces } = parseFile(file);
  const [main] = interfaces.keys();
  return named(file, main);
}

function declarationFile(specifier, fromFile) {
  const base = specifier.startsWith(".") ? resolve(dirname(fromFile), specifier) : join(nodeModules, specifier);
  for (const candidate of [base.replace(/\.js$/, ".d.ts"), `${base}.d.ts`]) {
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

function parseFile(file) {
  let parsed = fileCache.get(file);
  if (parsed) return parsed;
  const text = readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  const imports = new Map();
  for (const [, names, from] of text.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+"([^"]+)"/g)) {
    for (const part of names.split(",")) {
      const [imported, local] = part.trim().split(/\s+as\s+/);
      if (imported) imports.set((local ?? imported).trim(), { from, name: imported.trim() });
    }
  }
  const interfaces = new Map();
  for (const match of text.matchAll(/export\s+interface\s+(\w+)(?:<[^>]*>)?(?:\s+extends\s+[^{]+)?\s*\{/g)) {
    interfaces.set(match[1], balanced(text, match.index + match[0].length - 1));
  }
  const aliases = new Map();
  // `export type { IContainer as IIoK8sApiCoreV1Container, ... }`: the long names other files import.
  for (const [, list] of text.matchAll(/export\s+type\s+\{([^}]*)\}/g)) {
    for (const part of list.split(",")) {
      const [original, alias] = part.trim().split(/\s+as\s+/);
      if (original && alias) aliases.set(alias.trim(), original.trim());
    }
  }
  for (const [, name, body] of text.matchAll(/export\s+type\s+(\w+)\s*=\s*([^;]+);/g)) aliases.set(name, body);
  parsed = { imports, interfaces, aliases };
  fileCache.set(file, parsed);
  return parsed;
}

/** The text between the brace at `open` and its match. */
function balanced(text, open) {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "{") depth++;
    else if (text[i] === "}" && --depth === 0) return text.slice(open + 1, i);
  }
  throw new Error("unbalanced braces");
}

/** Splits at `separator` outside of (), [], {}, <>. */
function splitTop(text, separator) {
  const parts = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if ("([{<".includes(c)) depth++;
    else if (")]}>".includes(c)) depth--;
    else if (c === separator && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

/** An object type from an interface or literal body: named properties and an optional index signature. */
function objectType(body, file) {
  const props = new Map();
  let index;
  for (const member of splitTop(body, ";")) {
    const indexMatch = member.match(/^\[\s*\w+\s*:\s*string\s*\]\s*:\s*([\s\S]+)$/);
    if (indexMatch) {
      index = lazy(() => typeOf(indexMatch[1], file));
      continue;
    }
    const prop = member.match(/^"?([^"?:\s]+)"?\s*\??\s*:\s*([\s\S]+)$/);
    if (prop) props.set(prop[1], lazy(() => typeOf(prop[2], file)));
  }
  return { props, index };
}

function lazy(compute) {
  let value;
  let done = false;
  return () => {
    if (!done) {
      value = compute();
      done = true;
    }
    return value;
  };
}

/** A descriptor for a type expression: { props, index } (object), { array } or null (scalar / anything). */
function typeOf(expression, file) {
  let text = expression.trim();
  while (text.startsWith("(") && text.endsWith(")")) text = text.slice(1, -1).trim();
  const union = splitTop(text, "|");
  if (union.length > 1) {
    // A union of scalars is a scalar; a union with object members accepts the fields of each.
    const members = union.map((member) => typeOf(member, file)).filter((d) => d !== null);
    if (members.length === 0) return null;
    if (members.length === 1) return members[0];
    return { props: new Map(members.flatMap((m) => [...(m.props ?? [])])), index: members.find((m) => m.index)?.index };
  }
  const array = text.match(/^Array<([\s\S]+)>$/) ?? text.match(/^([\s\S]+)\[\]$/);
  if (array) return { array: typeOf(array[1], file) };
  if (text.startsWith("{")) return objectType(text.slice(1, -1), file);
  if (/^\w+$/.test(text)) return named(file, text);
  return null; // string, number, literal types, Record<...>, any
}

function named(file, name) {
  const key = `${file}#${name}`;
  if (typeCache.has(key)) return typeCache.get(key);
  const descriptor = { props: new Map(), index: undefined };
  typeCache.set(key, descriptor); // before resolving: recursive types refer back to it
  const resolved = resolveNamed(file, name);
  if (resolved === null) {
    typeCache.set(key, null);
    return null;
  }
  Object.assign(descriptor, resolved);
  return descriptor;
}

function resolveNamed(file, name) {
  const { imports, interfaces, aliases } = parseFile(file);
  if (interfaces.has(name)) return objectType(interfaces.get(name), file);
  if (aliases.has(name)) {
    const target = aliases.get(name);
    return /^\w+$/.test(target) && target !== name ? named(file, target) : typeOf(target, file);
  }
  const imported = imports.get(name);
  if (imported) {
    const target = declarationFile(imported.from, file);
    return target ? named(target, imported.name) : null;
  }
  return null; // a built-in or unknown name: treat as scalar
}
