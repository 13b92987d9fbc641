import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

export default defineConfig({
  // Tessera's widgets are custom elements: Vue leaves them to the browser instead of resolving components.
  plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('tessera-') } } })],
});
