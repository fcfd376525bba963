/** The model's entry points: buildModel and the types views read. */
export { buildModel, TraceModel, type ModelOptions } from "./build";
export type * from "./types";
