// The kubernetes-models class for an apiVersion/kind: the built-in API groups from kubernetes-models, KEDA's and the
// Prometheus operator's CRDs from their @kubernetes-models packages. Unknown kinds are an error, never a silent pass.
const packages = [
  // [group (from apiVersion), module prefix]
  ["", "kubernetes-models"], // core: apiVersion "v1"
  ["keda.sh", "@kubernetes-models/keda/keda.sh"],
  ["monitoring.coreos.com", "@kubernetes-models/prometheus-operator/monitoring.coreos.com"],
];

/** The module that exports the model of apiVersion/kind (`kubernetes-models/apps/v1/Deployment`). */
export function modelModulePath(apiVersion, kind) {
  if (typeof apiVersion !== "string" || typeof kind !== "string") {
    throw new Error(`apiVersion and kind must be strings (got ${apiVersion} / ${kind})`);
  }
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  const entry = packages.find(([g]) => g === group);
  return entry
    ? `${entry[1]}/${version}/${kind}`
    : `kubernetes-models/${group}/${version}/${kind}`; // apps, autoscaling, policy, networking.k8s.io, ...
}

export async function modelFor(apiVersion, kind) {
  const modulePath = modelModulePath(apiVersion, kind);
  let module;
  try {
    module = await import(modulePath);
  } catch (error) {
    throw new Error(`no model for ${apiVersion} ${kind} (${modulePath}): ${error.message}`);
  }
  const model = module[kind];
  if (typeof model !== "function") throw new Error(`${modulePath} exports no ${kind}`);
  return model;
}
