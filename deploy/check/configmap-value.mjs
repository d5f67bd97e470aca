// Prints one data entry of a ConfigMap manifest, so the real server can load
// it. Usage: node configmap-value.mjs FILE.yaml KEY
import { readFileSync } from "node:fs";
import { parse } from "yaml";

const [file, key] = process.argv.slice(2);
const value = parse(readFileSync(file, "utf8"))?.data?.[key];
if (typeof value !== "string") {
  console.error(`${file}: no data entry "${key}"`);
  process.exit(1);
}
process.stdout.write(value);
