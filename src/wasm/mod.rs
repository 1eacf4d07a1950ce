//! The only JS glue: the client's `Engine` (JSON text in and out, HTTP through a host object),
//! the `AbortSignal` bridge and `setTimeout`, and the emulator's `MockCore`. Everything else is
//! the pure core.

#[cfg(feature = "client")]
pub mod engine;
#[cfg(feature = "client")]
mod host;
#[cfg(feature = "emulator")]
mod mock;

use wasm_bindgen::prelude::*;

/// The allocator of both modules: talc, a few KB smaller than the default dlmalloc in the module
/// (about 1.5 KB gzipped off the client), and measured no slower and no hungrier here
/// (bench/quick-cpu.mjs, and the allPages read's peak RSS).
#[cfg(not(target_feature = "atomics"))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[wasm_bindgen(typescript_custom_section)]
const TS_MODEL_EXTRA: &'static str = crate::model::TS_EXTRA;

#[wasm_bindgen(typescript_custom_section)]
const TS_HOST: &'static str = r#"
/** What the client needs of a response: a status, and the body through `text()` (or `json()`). Headers are optional (hubspot.fetch hides them). */
export interface ResponseLike {
  status: number;
  headers?: { get(name: string): string | null } | { forEach(callback: (value: string, key: string) => void): void } | Record<string, string>;
  text?(): Promise<string>;
  json?(): Promise<unknown>;
}
/** The request the client hands to `fetch`: `body` is JSON text. */
export interface FetchInit {
  method: "GET" | "POST" | "PUT" | "DELETE";
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}
/** Any fetch-like function: `globalThis.fetch`, a mock's `fetch`, or an adapter such as hubspot.fetch's. */
export type FetchLike = (url: string, init: FetchInit) => Promise<ResponseLike> | ResponseLike;
"#;
