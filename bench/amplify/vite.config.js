// A plain Vite production build of a React app, as `npm create vite` sets
// one up (the React plugin, default minification and chunking): the
// reference is Amplify as most apps ship it, not a hand-tuned build.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  build: {
    // The build is measured, not shipped: no source maps to skew sizes.
    sourcemap: false,
  },
});
