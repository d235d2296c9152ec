// A home of many locations drawn by the card in a page that has loaded its module:
// the time from the first message to the first painted frame, and which rows a change
// of one location redraws. The feed is a stand-in (the same messages the websocket
// sends), so only the browser's work is measured.
//
//   node browser/perf.mjs      # standalone: the built module in an empty page
import { fileURLToPath } from "node:url";

export async function measureHome(page, card, size = 200) {
  return page.evaluate(async ({ card, size }) => {
      const real = document.querySelector("home-assistant")?.hass ?? {
        language: "en", states: {}, localize: () => "", callService: async () => undefined,
      };
      const now = Date.now();
      const locations = [];
      const add = (id, parent, name, occupied) =>
        locations.push({
          id, name, parent, entity_id: `binary_sensor.${id}_occupancy`, occupied,
          state: occupied ? "occupied" : "vacant", since: new Date(now - 60000).toISOString(),
          reason: occupied ? `trigger:binary_sensor.${id}_motion` : null, changed_at: null,
          contributions: occupied
            ? [{ source_id: `binary_sensor.${id}_motion`, source_name: `${name} motion`, kind: "motion",
                 expires_at: new Date(now + 300000).toISOString(), remaining: 300, occupant: null }]
            : [],
          locked_by: [], lock_until: null, occupants: occupied ? ["Anna"] : [], problem_sources: [],
        });
      add("home", null, "Home", true);
      for (let f = 0; f < 10; f++) {
        add(`floor${f}`, "home", `Floor ${f}`, f % 2 === 0);
        for (let r = 0; r < 19; r++) add(`room${f}_${r}`, `floor${f}`, `Room ${f}.${r}`, r % 3 === 0);
      }
      locations.splice(size);
      let push;
      const fake = {
        ...real,
        connection: { subscribeMessage: async (cb) => ((push = cb), () => undefined) },
      };
      const element = document.createElement(card);
      element.setConfig({ type: `custom:${card}` });
      element.hass = fake;
      const holder = document.createElement("div");
      holder.style.cssText = "position:absolute;top:0;left:0;width:500px;z-index:99";
      holder.appendChild(element);
      document.body.appendChild(holder);
      await element.updateComplete;
      const painted = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
      await painted();
      const started = performance.now();
      // Resolves once the frame after the message has been painted (its callback is
      // queued before the card's own, so it sees what that frame drew).
      const firstFrame = painted();
      push({ full: true, locations });
      const rows = () => element.shadowRoot.querySelectorAll(".row");
      await firstFrame;
      const firstFrameMs = performance.now() - started;
      const firstFrameRows = rows().length;
      // The rest of a big tree follows in the next frames.
      while (rows().length < locations.length && performance.now() - started < 5000) await painted();
      const allRowsMs = performance.now() - started;
      const drawn = rows().length;
      const before = new Map(element.rowRenders);
      // Which rows' DOM changes (countdowns ticking aside): only the changed one may.
      const touched = new Set();
      const observer = new MutationObserver((records) => {
        for (const record of records) {
          const node = record.target.nodeType === 1 ? record.target : record.target.parentElement;
          if (node?.closest("occupancy-manager-countdown")) continue;
          const row = node?.closest(".row");
          touched.add(row ? row.dataset.location : "(outside the rows)");
        }
      });
      observer.observe(element.shadowRoot, { subtree: true, childList: true, attributes: true, characterData: true });
      const changed = { ...locations[58], occupied: true, state: "occupied", reason: "trigger:binary_sensor.x" };
      if (locations[58].occupied) throw new Error("the changed location must start vacant");
      const changeStarted = performance.now();
      push({ locations: [changed] });
      await element.updateComplete;
      await painted();
      const changeMs = performance.now() - changeStarted;
      observer.disconnect();
      const redrawn = [...element.rowRenders].filter(([id, n]) => before.get(id) !== n).map(([id]) => id);
      const result = { rows: drawn, firstFrameRows, firstFrameMs, allRowsMs, changeMs, redrawn, mutatedRows: [...touched], changedId: changed.id };
      holder.remove();
      return result;
  }, { card, size });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
  });
  const page = await browser.newPage();
  // The built module imports its chunk beside it: both served from one stand-in origin.
  const built = new URL("../../custom_components/occupancy_manager/frontend/", import.meta.url);
  await page.route("http://card.invalid/**", (route) =>
    route.request().url().endsWith("/")
      ? route.fulfill({ contentType: "text/html", body: "<!doctype html><html><body></body></html>" })
      : route.fulfill({ path: new URL(new URL(route.request().url()).pathname.slice(1), built).pathname }),
  );
  await page.goto("http://card.invalid/");
  await page.addScriptTag({ url: "http://card.invalid/occupancy-manager-card.js", type: "module" });
  await page.waitForFunction(() => customElements.get("occupancy-manager-card"));
  for (let run = 0; run < 3; run++) {
    const result = await measureHome(page, "occupancy-manager-card");
    console.log(JSON.stringify(result));
  }
  await browser.close();
}
