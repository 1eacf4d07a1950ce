//! # hubspot-associations
//!
//! A typed client for HubSpot's CRM Associations API (date versions such as `2026-03`, `v4`, and
//! the legacy `v3`), as a pure Rust core that compiles natively and to WebAssembly. The core is
//! generic over a [`transport::Transport`] and a [`transport::Sleep`]; the `wasm` module (only on
//! `wasm32`) is the thin JS glue. With the `emulator` feature, [`emulator`] is an offline HubSpot.
//!
//! ```
//! # #[cfg(feature = "emulator")] {
//! use hubspot_associations::emulator::{Emulator, InProcess, SkipDelays};
//! use hubspot_associations::endpoints::AssociateDefaultParams;
//! use hubspot_associations::{CallOptions, Client, ClientOptions, Config};
//!
//! // Any Transport + Sleep will do; here the emulator, in-process.
//! let emulator = Emulator::from_json(r#"{"accessToken":"secret-token"}"#).unwrap();
//! let options = ClientOptions { access_token: Some("secret-token".into()), ..Default::default() };
//! let client = Client::new(Config::from_options(options).unwrap(), InProcess::new(emulator), SkipDelays);
//! let params = AssociateDefaultParams {
//!     from_object_type: "contacts".into(),
//!     from_object_id: "101".into(),
//!     to_object_type: "companies".into(),
//!     to_object_id: "202".into(),
//! };
//! let created = futures_executor::block_on(client.execute(&params, &CallOptions::default())).unwrap();
//! assert_eq!(created.results[0].association_spec.association_type_id, 279);
//! # }
//! ```

#![warn(missing_docs)]
// `HubSpotError` carries everything HubSpot said (about 250 bytes). Errors are the rare path and
// callers match on its fields directly, so it stays unboxed.
#![allow(clippy::result_large_err)]

pub mod client;
pub mod endpoints;
pub mod error;
pub mod limiter;
pub mod model;
pub mod retry;
pub mod shared;
mod text;
pub mod transport;

#[cfg(feature = "emulator")]
pub mod emulator;

/// The JS glue (wasm32 only). Public so that wasm-bindgen tests can reach the exported classes;
/// JS users see them through the npm package.
#[cfg(target_arch = "wasm32")]
#[doc(hidden)]
pub mod wasm;

pub use client::{CallOptions, Client, ClientOptions, Config};
pub use endpoints::{ApiVersion, Operation};
pub use error::{Error, ErrorKind, HubSpotError, Result};
