//! Every operation as plain data: its params (which are also the JS params and their TypeScript),
//! how it becomes a request for a given API version, and what its answer decodes to. Nothing here
//! does I/O; the engine in [`crate::client`] executes descriptions.

mod batch;
pub mod body;
mod labels;
mod limits;
pub mod params;
pub mod path;
mod records;
pub mod table;
mod v3;

pub use batch::{
    BatchArchive, BatchArchiveInput, BatchArchiveLabels, BatchArchiveParams, BatchCreate,
    BatchCreateDefault, BatchCreateDefaultParams, BatchCreateInput, BatchCreateParams, BatchRead,
    BatchReadInput, BatchReadParams, DefaultPairInput, MAX_READ_INPUTS,
};
pub use labels::{
    CreateLabelParams, DeleteLabelParams, HighUsageReportParams, LabelsOfPairParams, ListLabels,
    UpdateLabelParams,
};
pub use limits::{
    CreateLimits, LimitsParams, ListAllLimitsParams, ListLimits, PurgeLimitsParams, UpdateLimits,
};
pub use path::ApiVersion;
pub(crate) use records::page_of_record;
pub use records::{
    AssociateDefaultParams, AssociateParams, ListAssociationsParams, RemoveAssociationsParams,
    MAX_LIST_LIMIT,
};
pub use v3::{BatchArchiveV3, BatchCreateV3, BatchReadV3Params, ListTypesV3, V3WriteParams};

use crate::error::{Error, ErrorKind, Result};
use crate::model::shape::{Kind, Shaped};
use crate::transport::Method;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// A request as an operation describes it, before the engine adds the base URL and headers.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestSpec {
    /// The method.
    pub method: Method,
    /// The path, segments already checked and percent-encoded.
    pub path: String,
    /// Query parameters (unencoded).
    pub query: Vec<(String, String)>,
    /// The JSON body, if any.
    pub body: Option<Value>,
    /// The JS glue may read this request's 2xx answer itself, by the shape at this index of its
    /// table ([`Shaped::JS`]); 0: it may not. Set only by the wasm engine, on the one request of a
    /// call whose answer the glue can read (see `client::dispatch::answer_shape`).
    pub shape: u8,
}

impl RequestSpec {
    /// A request with no query and no body.
    pub fn new(method: Method, path: String) -> Self {
        RequestSpec {
            method,
            path,
            query: Vec::new(),
            body: None,
            shape: 0,
        }
    }

    /// Sets the JSON body.
    pub fn with_body(mut self, body: Value) -> Self {
        self.body = Some(body);
        self
    }
}

/// One HubSpot operation.
pub trait Operation {
    /// What a successful answer decodes to.
    type Output: DeserializeOwned + Shaped;

    /// The operation's name in the JS API (used in messages).
    const NAME: &'static str;

    /// Checks the params and describes the request for `version`. Errors are `invalid_input`.
    fn describe(&self, version: &ApiVersion) -> Result<RequestSpec>;

    /// Reads a 2xx body of the request [`Self::describe`] gave for `version` into the JSON text
    /// of [`Self::Output`] (see [`crate::model::shape`]): ids as exact strings, lenient metadata,
    /// defaults filled in. An empty body (v4's 204) reads as `{}`, so envelopes come back empty
    /// rather than failing. Operations whose request differs by version (a list read through
    /// batch read) override this.
    fn decode_text(&self, version: &ApiVersion, body: &str) -> Result<String> {
        let _ = version;
        decode_shape(body, <Self::Output as Shaped>::shape())
    }
    /// Decodes a 2xx body into [`Self::Output`]: [`Self::decode_text`], typed.
    fn decode_for(&self, version: &ApiVersion, body: &str) -> Result<Self::Output> {
        typed(&self.decode_text(version, body)?, body)
    }
    /// [`Self::decode_for`] where the version does not matter.
    fn decode(body: &str) -> Result<Self::Output>
    where
        Self: Sized,
    {
        decode_json(body)
    }
}

/// The error of a 2xx body that cannot be read.
pub fn undecodable(why: impl std::fmt::Display, body: &str) -> Error {
    let mut err = Error::new(
        ErrorKind::Decode,
        format!("HubSpot's answer could not be decoded: {why}"),
    );
    err.body = Some(body.to_string());
    err
}

/// Reads a 2xx body by `shape` into its normalised JSON text (an empty body as `{}`).
pub fn decode_shape(body: &str, shape: &Kind) -> Result<String> {
    crate::model::stream::to_text(body, shape).map_err(|e| undecodable(e, body))
}

/// The typed form of a normalised answer.
pub fn typed<T: DeserializeOwned>(text: &str, body: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|e| undecodable(e, body))
}

/// Decodes a 2xx body as JSON of type `T`, an empty body as `{}`.
pub fn decode_json<T: DeserializeOwned + Shaped>(body: &str) -> Result<T> {
    typed(&decode_shape(body, T::shape())?, body)
}

/// A batch operation: its inputs can be split into chunks that are sent as separate requests and
/// whose envelopes merge back into one.
pub trait Batchable: Operation<Output = crate::model::BatchResponse<Self::Item>> {
    /// One result of the envelope.
    type Item: serde::Serialize + DeserializeOwned;
    /// One input.
    type Input: Clone + serde::Serialize + body::ToJson;
    /// Writes are chunked by the write size (100), reads by the read size (1000).
    const WRITE: bool;
    /// The inputs.
    fn inputs(&self) -> &[Self::Input];
    /// The same operation over other inputs.
    fn with_inputs(&self, inputs: Vec<Self::Input>) -> Self;
}

macro_rules! batchable {
    ($($op:ty => $item:ty, $input:ty, $write:expr, $($field:tt).+;)*) => {$(
        impl Batchable for $op {
            type Item = $item;
            type Input = $input;
            const WRITE: bool = $write;
            fn inputs(&self) -> &[$input] {
                &self.$($field).+
            }
            fn with_inputs(&self, inputs: Vec<$input>) -> Self {
                let mut op = self.clone();
                op.$($field).+ = inputs;
                op
            }
        }
    )*};
}

use crate::model::{
    BatchReadResult, DefaultAssociation, LabelsBetweenObjectPair, LimitConfig, LimitInput,
    LimitPurgeInput, ObjectRefInput, V3AssociatedIds, V3Association, V3AssociationInput,
};

batchable! {
    BatchReadParams => BatchReadResult, BatchReadInput, false, inputs;
    BatchCreateParams => LabelsBetweenObjectPair, BatchCreateInput, true, inputs;
    BatchArchiveLabels => Value, BatchCreateInput, true, 0.inputs;
    BatchCreateDefaultParams => DefaultAssociation, DefaultPairInput, true, inputs;
    BatchArchiveParams => Value, BatchArchiveInput, true, inputs;
    CreateLimits => LimitConfig, LimitInput, true, 0.inputs;
    UpdateLimits => LimitConfig, LimitInput, true, 0.inputs;
    PurgeLimitsParams => Value, LimitPurgeInput, true, inputs;
    BatchReadV3Params => V3AssociatedIds, ObjectRefInput, false, inputs;
    BatchCreateV3 => V3Association, V3AssociationInput, true, 0.inputs;
    BatchArchiveV3 => Value, V3AssociationInput, true, 0.inputs;
}

/// The answer of operations that return nothing (HubSpot's 204): any body is accepted and
/// ignored; JS callers get `undefined`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NoContent;

impl<'de> serde::Deserialize<'de> for NoContent {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        serde::de::IgnoredAny::deserialize(d).map(|_| NoContent)
    }
}

impl serde::Serialize for NoContent {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_unit()
    }
}

/// `/{from}/{to}` of a pair path, both checked and encoded.
pub(crate) fn pair(from: &str, to: &str) -> Result<String> {
    Ok(format!(
        "/{}/{}",
        path::object_type("fromObjectType", from)?,
        path::object_type("toObjectType", to)?
    ))
}

/// `POST {prefix}/{from}/{to}/batch/{action}` with `body`, the object types checked: every batch
/// request (one place in the binary for their paths).
pub(crate) fn batch_post(
    prefix: &str,
    from: &str,
    to: &str,
    action: &str,
    body: Value,
) -> Result<RequestSpec> {
    let path = format!("{prefix}{}/batch/{action}", pair(from, to)?);
    Ok(RequestSpec::new(Method::Post, path).with_body(body))
}

/// Refuses an empty `inputs` list before anything is sent.
pub(crate) fn require_inputs<T>(op: &str, inputs: &[T]) -> Result<()> {
    if inputs.is_empty() {
        Err(no_inputs(op))
    } else {
        Ok(())
    }
}

/// [`require_inputs`]'s error (not inlined: that one is, once per input type).
#[inline(never)]
fn no_inputs(op: &str) -> Error {
    Error::invalid_input(format!("{op}: inputs must not be empty"))
}

impl Shaped for NoContent {
    const SHAPE: Kind = Kind::Nothing;
    fn shape() -> &'static Kind {
        &Kind::Nothing
    }
}
