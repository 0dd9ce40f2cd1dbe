// Types of scripts/jupyter-home.mjs, for the TypeScript scripts and tests that import it.
export declare const root: string;
export declare const jupyterDir: string;
export declare const setupFile: string;
export declare const kernelSpecFile: string;
export declare function jupyterEnv(): NodeJS.ProcessEnv;
