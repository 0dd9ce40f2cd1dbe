// Types of scripts/build-library.mjs, for the tests that import it.
export declare const tsc: string;
export declare function libraryIsFresh(root?: string): boolean;
export declare function buildLibrary(root?: string, stdio?: "inherit" | "pipe" | "ignore"): boolean;
