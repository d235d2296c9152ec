// The module the integration serves and the chunk it loads, committed into the
// integration so users need no build step.
import { defineConfig } from "vitest/config";

export default defineConfig({
  build: {
    lib: {
      entry: "src/index.ts",
      formats: ["es"],
      fileName: () => "occupancy-manager-card.js",
    },
    outDir: "../custom_components/occupancy_manager/frontend",
    // Only the build lives there: an older build's chunk goes.
    emptyOutDir: true,
    rollupOptions: {
      // The card's code is a chunk the entry imports once the frontend is ready
      // (src/loader.ts); its name changes with its content, so browsers may cache it.
      output: { chunkFileNames: "occupancy-manager-card-[hash].js" },
    },
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
