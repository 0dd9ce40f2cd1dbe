/**
 * Datasets the notebooks train on: seeded synthetic series, real series and text corpora.
 * One module per dataset; each is re-exported here and, through lib/index.ts, from the package.
 */
export * from "./icecream";
export * from "./series";
export * from "./text";
