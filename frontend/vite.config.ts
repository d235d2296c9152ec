// One ES module, committed into the integration so users need no build step.
import { defineConfig } from "vitest/config";

export default defineConfig({
  build: {
    lib: {
      entry: "src/index.ts",
      formats: ["es"],
      fileName: () => "occupancy-manager-card.js",
    },
    outDir: "../custom_components/occupancy_manager/frontend",
    emptyOutDir: false,
    target: "es2021",
    minify: true,
    sourcemap: false,
    reportCompressedSize: false,
  },
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
  },
});
