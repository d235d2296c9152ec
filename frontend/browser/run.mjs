// Runs the card's browser test against a fresh Home Assistant (serve-hass, which prints
// BROWSER-HASS {json} and serves until its stdin closes).
//   node browser/run.mjs                       # minimum end: PYTHON or pyenv's 3.13.0
//   BROWSER_HASS_CMD='flock /tmp/sid.lock ../shared/tools/sid-python . frontend/browser/serve-hass' \
//     node browser/run.mjs                     # newest end
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const command = process.env.BROWSER_HASS_CMD ?? "frontend/browser/serve-hass";
const server = spawn("bash", ["-c", command], { cwd: root, stdio: ["pipe", "pipe", "inherit"] });
let code = 1;
const info = await new Promise((resolve, reject) => {
  let buffer = "";
  server.stdout.on("data", (chunk) => {
    buffer += chunk;
    process.stdout.write(chunk);
    const match = /^BROWSER-HASS (.*)$/m.exec(buffer);
    if (match) resolve(match[1]);
  });
  server.on("exit", (status) => reject(new Error(`Home Assistant exited (${status}) before it served`)));
});
try {
  const test = spawn(process.execPath, [join(here, "card.test.mjs")], {
    stdio: "inherit",
    env: { ...process.env, BROWSER_HASS: info },
  });
  code = await new Promise((resolve) => test.on("exit", resolve));
} finally {
  server.stdin.end();
  const served = await new Promise((resolve) => server.on("exit", resolve));
  if (served !== 0) code = code || served;
}
process.exit(code);
