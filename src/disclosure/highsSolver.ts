import highsModule from 'highs';

/**
 * HiGHS (compiled to WebAssembly) loaded once for the process: the runtime is
 * loaded asynchronously, solves are synchronous, so the callers of the audit
 * (which are synchronous) use it as a plain function.
 *
 * The package's ES module exports the loader as its default, while its type
 * declarations are written as CommonJS (TypeScript then sees the loader under
 * `.default`): take whichever the runtime gives.
 */
type Loader = typeof highsModule.default;
const loader = (typeof highsModule === 'function' ? highsModule : highsModule.default) as unknown as Loader;
export const highs = await loader();
