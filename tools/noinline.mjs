// asc transform (Makefile: --transform ./tools/noinline.mjs): honours a @noinline decorator on functions and methods.
// At optimizeLevel 2 Binaryen copies every function of up to 12 expressions into each caller, so a small cold
// helper with 70 call sites (an A-XDR encoder) costs 70 copies. Binaryen's "no-inline" pass flags the decorated
// functions before the optimizer runs. Compiles without this transform (as-pect, crypto-test.wasm) ignore the
// decorator: it changes size, never behaviour. Keep it off anything the sample loop or the 10 ms tick runs.
import { Transform } from "assemblyscript/transform";

export default class NoInline extends Transform {
  afterCompile(module) {
    for (const [name, element] of this.program.instancesByName) {
      const decorators = element.declaration?.decorators;
      if (!decorators || !decorators.some((d) => d.name?.text === "noinline")) continue;
      this.binaryen.setPassArgument("no-inline", name); // a name, not a pattern: no wildcard in internal names
      module.runPasses(["no-inline"]);
    }
    this.binaryen.clearPassArguments();
  }
}
