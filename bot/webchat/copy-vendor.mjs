// Copies the browser builds of the npm packages the web chat uses into static/vendor/
// (git-ignored; served by jeugdhulp/channels/webchat.py). Run by `make setup` after `npm ci`.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const vendor = join(here, "static", "vendor");

// [package, file inside the package, name in static/vendor]
const FILES = [
  ["socket.io-client", "dist/socket.io.min.js", "socket.io.min.js"],
  ["socket.io-client", "dist/socket.io.min.js.map", "socket.io.min.js.map"],
  ["markdown-it", "dist/browser/markdown-it.umd.min.js", "markdown-it.min.js"],
  ["markdown-it", "dist/browser/markdown-it.umd.min.js.map", "markdown-it.umd.min.js.map"],
  ["dompurify", "dist/purify.min.js", "purify.min.js"],
  ["dompurify", "dist/purify.min.js.map", "purify.min.js.map"],
];

rmSync(vendor, { recursive: true, force: true });
mkdirSync(vendor, { recursive: true });
const versions = {};
for (const [pkg, file, name] of FILES) {
  const root = join(here, "node_modules", pkg);
  copyFileSync(join(root, file), join(vendor, name));
  versions[pkg] = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version;
}
writeFileSync(join(vendor, "versions.json"), JSON.stringify(versions, null, 2) + "\n");
console.log(
  ">> Web chat assets copied to bot/webchat/static/vendor/ (" +
    Object.entries(versions).map(([p, v]) => `${p} ${v}`).join(", ") + ")"
);
