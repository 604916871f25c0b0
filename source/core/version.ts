// The package's version, put in by the build (scripts/build.mjs defines PGOPS_VERSION from package.json).
declare const PGOPS_VERSION: string | undefined;

export const pgOpsVersion = typeof PGOPS_VERSION === 'string' ? PGOPS_VERSION : 'development';
