import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

// keepPlaceholder writes dist/.gitkeep into every build. The file is
// committed, so that a clean clone has a dist/ directory and `go build`
// (go:embed all:dist) compiles before the web app was ever built; the build
// empties dist/ first and would delete it otherwise.
function keepPlaceholder(): Plugin {
  return {
    name: 'ketenhub-keep-placeholder',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: '.gitkeep', source: '' });
    },
  };
}

export default defineConfig({
  plugins: [react(), keepPlaceholder()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    // React, React DOM and the Utrecht components: about 145 kB gzipped.
    chunkSizeWarningLimit: 700,
  },
});
