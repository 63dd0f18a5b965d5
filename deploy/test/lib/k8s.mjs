// Small helpers for the semantic checks: quantities, label selectors, ports, durations.
const binary = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };
const decimal = { m: 1e-3, "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12 };

/** A Kubernetes quantity ("250m", "4", "512Mi", "4Gi") as a number (cores or bytes). */
export function quantity(value) {
  const match = String(value).match(/^([0-9]+(?:\.[0-9]+)?)(Ki|Mi|Gi|Ti|m|k|M|G|T)?$/);
  if (!match) throw new Error(`not a quantity: ${value}`);
  const unit = match[2] ?? "";
  return Number(match[1]) * (binary[unit] ?? decimal[unit]);
}

/** True when every matchLabels pair is in `labels` (matchExpressions are not used in deploy/). */
export function selects(selector, labels) {
  if (selector?.matchExpressions?.length) throw new Error("matchExpressions: not supported by these checks");
  const pairs = Object.entries(selector?.matchLabels ?? selector ?? {});
  return pairs.length > 0 && pairs.every(([k, v]) => labels?.[k] === v);
}

/** The container port a probe, Service or monitor refers to (by name or number), or undefined. */
export function findPort(container, port) {
  return (container.ports ?? []).find((p) => p.name === port || p.containerPort === port);
}

/** "00:00:10" or "00:01:00" (.NET TimeSpan) in seconds. */
export function timeSpanSeconds(text) {
  const match = String(text).match(/^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2}(?:\.\d+)?)$/);
  if (!match) throw new Error(`not a TimeSpan: ${text}`);
  const [, days = "0", h, m, s] = match;
  return Number(days) * 86400 + Number(h) * 3600 + Number(m) * 60 + Number(s);
}

/** Whether an Ingress path rule would route a request for `requestPath` (networking.k8s.io/v1 semantics). */
export function ingressPathMatches(rule, requestPath) {
  const path = rule.path ?? "/";
  switch (rule.pathType) {
    case "Exact":
      return requestPath === path;
    case "Prefix": {
      // Element-wise: /hubs/chat matches /hubs/chat and /hubs/chat/negotiate, not /hubs/chatter.
      const prefix = path.replace(/\/+$/, "").split("/");
      const request = requestPath.split("/");
      return prefix.every((element, i) => request[i] === element);
    }
    default:
      // ImplementationSpecific: assume the widest reading (a plain string prefix, as nginx does).
      return requestPath.startsWith(path);
  }
}

/** The env value of `name` set directly on a container (not from envFrom), or undefined. */
export const envValue = (container, name) => (container.env ?? []).find((e) => e.name === name)?.value;
