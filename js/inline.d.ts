// hubspot-associations/inline: the same API as the main entry (only the wasm loads differently).
export * from "./index.js";
