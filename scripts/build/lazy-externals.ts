/**
 * Deferred loading of the CLI bundle's heavy packages. Every command module is loaded at start
 * (commander needs each one's options for `--help`), and with them the AWS SDK clients, DuckDB
 * and the rest: ~400 ms of CPU before any command runs. The bundle's `require("<package>")` of
 * these packages becomes `__lazyRequire("<package>")`, an object that loads the package on its
 * first property access; esbuild reaches named imports as `import_x.Name`, so a package loads
 * when a command first uses it, and `pipeline --help` loads none of them.
 */

/** Packages whose load is deferred: large, and each used by some commands only. */
export const LAZY_PACKAGES = [
  '@aws-sdk/',
  '@aws-lambda-powertools/',
  '@duckdb/node-api',
  'avsc',
  'cli-progress',
] as const;

/** Defines `__lazyRequire` at the top of the bundle. */
export const LAZY_REQUIRE_BANNER = `var __lazyRequire = (id) => {
  let loaded;
  const load = () => (loaded ??= require(id));
  return new Proxy({}, {
    get: (_, key) => load()[key],
    has: (_, key) => key in load(),
    ownKeys: () => Reflect.ownKeys(load()),
    getOwnPropertyDescriptor: (_, key) => {
      const d = Object.getOwnPropertyDescriptor(load(), key);
      return d && { ...d, configurable: true };
    },
  });
};`;

const REQUIRE_CALL = /\brequire\("([^"]+)"\)/g;

const isLazy = (id: string): boolean =>
  LAZY_PACKAGES.some((p) => (p.endsWith('/') ? id.startsWith(p) : id === p));

/** The bundle's code with the requires of {@link LAZY_PACKAGES} deferred. */
export function deferHeavyRequires(code: string): string {
  return code.replace(REQUIRE_CALL, (call, id: string) =>
    isLazy(id) ? `__lazyRequire(${JSON.stringify(id)})` : call,
  );
}
