// as-pect configuration: firmware unit tests live next to the code as assembly/**/*.spec.ts.
export default {
  entries: ["assembly/**/*.spec.ts"],
  // as-pect needs its own assembly library included in every test module.
  include: ["node_modules/@as-pect/assembly/assembly/index.ts"],
  disclude: [/node_modules/],
  async instantiate(memory, createImports, instantiate, binary) {
    return instantiate(binary, createImports({ env: { memory } }));
  },
  outputBinary: false,
};
