// The custom-elements manifest (widgets/dist/custom-elements.json) for IDEs, docs and Storybook:
// attributes, properties, events, parts, CSS properties and states from each element's JSDoc.
export default {
  globs: ['src/**/*.element.ts', 'src/shared/tessera-element.ts'],
  exclude: ['src/**/*.test.ts'],
  outdir: 'dist',
  litelement: true,
};
