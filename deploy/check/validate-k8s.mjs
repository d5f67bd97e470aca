// Validates Kubernetes manifests offline against the API's OpenAPI schemas
// (kubernetes-models), so a typo in a field name or a wrong type fails CI
// without a cluster. Usage: node validate-k8s.mjs FILE.yaml...
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

// apiVersion -> module of kubernetes-models that holds its kinds.
const modules = {
  "v1": "kubernetes-models/v1",
  "apps/v1": "kubernetes-models/apps/v1",
  "autoscaling/v2": "kubernetes-models/autoscaling/v2",
  "policy/v1": "kubernetes-models/policy/v1",
};

let failures = 0;
let checked = 0;
for (const file of process.argv.slice(2)) {
  const docs = parseAllDocuments(readFileSync(file, "utf8"));
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      for (const e of doc.errors) console.error(`${file}: ${e.message}`);
      failures++;
      continue;
    }
    const obj = doc.toJS();
    if (obj == null) continue;
    if (obj.kind === "Kustomization") continue;
    const where = `${file}: ${obj.kind ?? "?"} ${obj.metadata?.name ?? "?"}`;
    const mod = modules[obj.apiVersion];
    if (mod === undefined) {
      console.error(`${where}: apiVersion ${obj.apiVersion} is not checked here`);
      failures++;
      continue;
    }
    const Kind = (await import(mod))[obj.kind];
    if (Kind === undefined) {
      console.error(`${where}: no kind ${obj.kind} in ${obj.apiVersion}`);
      failures++;
      continue;
    }
    try {
      new Kind(obj).validate();
      checked++;
    } catch (e) {
      console.error(`${where}: ${e.message}`);
      for (const d of e.errors ?? []) {
        console.error(`  ${d.instancePath || "/"} ${d.message} ${JSON.stringify(d.params)}`);
      }
      failures++;
    }
  }
}
console.log(`validate-k8s: ${checked} objects valid, ${failures} invalid`);
process.exit(failures === 0 ? 0 : 1);
