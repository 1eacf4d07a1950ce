//! `HubSpotAssociations`: the JS class over the core client. Each method parses its one params
//! object (the operation's params plus `apiVersion`, `timeoutMs`, `signal`), runs the operation,
//! and returns plain JS data or rejects with a `HubSpotError`.

use super::fetch::FetchTransport;
use super::host::{JsAbort, TimerSleep};
use super::{to_js, to_js_error};
use crate::client::{Call, CallOptions, Client, ClientOptions, Config, NeverAbort};
use crate::endpoints::*;
use crate::error::{Error, Result};
use js_sys::{Function, Promise, Reflect};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::future_to_promise;

/// A client for HubSpot's CRM Associations API.
#[wasm_bindgen(js_name = HubSpotAssociations)]
pub struct JsClient {
    inner: Rc<Client<FetchTransport, TimerSleep>>,
}

/// Parses `value` as `T`, naming the method in the message of an `invalid_input` error.
fn parse<T: DeserializeOwned>(method: &str, value: &JsValue) -> Result<T> {
    if value.is_undefined() {
        // Methods without required params (listAllLimits) may be called with nothing.
        return parse(method, &js_sys::Object::new().into());
    }
    if !value.is_object() {
        return Err(Error::invalid_input(format!(
            "{method} expects one params object"
        )));
    }
    serde_wasm_bindgen::from_value(value.clone())
        .map_err(|e| Error::invalid_input(format!("{method}: {e}")))
}

/// An optional function-valued option.
fn function_option(
    options: &JsValue,
    key: &str,
    message: &str,
) -> std::result::Result<Option<Function>, JsValue> {
    match Reflect::get(options, &key.into()) {
        Ok(f) if f.is_undefined() || f.is_null() => Ok(None),
        Ok(f) => f
            .dyn_into::<Function>()
            .map(Some)
            .map_err(|_| to_js_error(&Error::invalid_input(message))),
        Err(_) => Ok(None),
    }
}

#[wasm_bindgen(js_class = HubSpotAssociations)]
impl JsClient {
    /// Creates a client; options are checked at once (a bad `baseUrl` or `apiVersion` throws).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "ClientOptions | undefined")] options: JsValue,
    ) -> std::result::Result<JsClient, JsValue> {
        let options = if options.is_undefined() || options.is_null() {
            js_sys::Object::new().into()
        } else {
            options
        };
        let parsed: ClientOptions =
            parse("new HubSpotAssociations", &options).map_err(|e| to_js_error(&e))?;
        let fetch = function_option(
            &options,
            "fetch",
            "fetch must be a function (url, init) => Promise<Response>",
        )?;
        let on_event = function_option(
            &options,
            "onEvent",
            "onEvent must be a function (event) => void",
        )?;
        let config = Config::from_options(parsed).map_err(|e| to_js_error(&e))?;
        let mut client = Client::new(config, FetchTransport { fetch }, TimerSleep);
        if let Some(f) = on_event {
            // A throwing listener must not break the call.
            client = client.with_events(move |e| {
                if let Ok(v) = to_js(e) {
                    let _ = f.call1(&JsValue::UNDEFINED, &v);
                }
            });
        }
        Ok(JsClient {
            inner: Rc::new(client),
        })
    }

    /// The API version calls use unless they say otherwise.
    #[wasm_bindgen(getter, js_name = apiVersion, unchecked_return_type = "ApiVersion")]
    pub fn api_version(&self) -> String {
        self.inner.config().api_version.to_string()
    }

    fn run<P, O>(&self, method: &'static str, params: JsValue, op: fn(P) -> O) -> Promise
    where
        P: DeserializeOwned,
        O: Call + 'static,
        O::Output: Serialize,
    {
        let inner = self.inner.clone();
        let parsed = parse::<P>(method, &params)
            .and_then(|p| Ok((op(p), parse::<CallOptions>(method, &params)?)));
        let abort = JsAbort::from_params(&params);
        future_to_promise(async move {
            let (op, call) = parsed.map_err(|e| to_js_error(&e))?;
            let out = match &abort {
                Some(a) => op.call(&inner, &call, a).await,
                None => op.call(&inner, &call, &NeverAbort).await,
            };
            to_js(&out.map_err(|e| to_js_error(&e))?)
        })
    }
}

/// Declares the JS methods: name, params type, operation, TypeScript in and out.
macro_rules! methods {
    ($( $(#[$doc:meta])* fn $rust:ident = $js:tt ($params:ty => $op:expr): $ts_in:tt -> $ts_out:tt; )*) => {
        #[wasm_bindgen(js_class = HubSpotAssociations)]
        impl JsClient {
            $(
                $(#[$doc])*
                #[wasm_bindgen(js_name = $js, unchecked_return_type = $ts_out)]
                pub fn $rust(&self, #[wasm_bindgen(unchecked_param_type = $ts_in)] params: JsValue) -> Promise {
                    self.run::<$params, _>($js, params, $op)
                }
            )*
        }
    };
}

methods! {
    #[doc = "`PUT …/associations/default/{toObjectType}/{toObjectId}`: links two records with the pair's default type."]
    fn associate_default = "associateDefault" (AssociateDefaultParams => |p| p): "AssociateDefaultParams & CallOptions" -> "Promise<BatchResponse<DefaultAssociation>>";
    #[doc = "`PUT …/associations/{toObjectType}/{toObjectId}`: links two records with the given types (labels)."]
    fn associate = "associate" (AssociateParams => |p| p): "AssociateParams & CallOptions" -> "Promise<LabelsBetweenObjectPair>";
    #[doc = "`GET …/{objectType}/{objectId}/associations/{toObjectType}`: one page of a record's associations."]
    fn list_associations = "listAssociations" (ListAssociationsParams => |p| p): "ListAssociationsParams & CallOptions" -> "Promise<AssociationsPage>";
    #[doc = "`DELETE …/associations/{toObjectType}/{toObjectId}`: removes every association between two records."]
    fn remove_associations = "removeAssociations" (RemoveAssociationsParams => |p| p): "RemoveAssociationsParams & CallOptions" -> "Promise<void>";
    #[doc = "`POST …/batch/read`: the associations of many records."]
    fn batch_read = "batchRead" (BatchReadParams => |p| p): "BatchReadParams & CallOptions" -> "Promise<BatchResponse<BatchReadResult>>";
    #[doc = "`POST …/batch/create`: labelled associations for many pairs."]
    fn batch_create = "batchCreate" (BatchCreateParams => |p| p): "BatchCreateParams & CallOptions" -> "Promise<BatchResponse<LabelsBetweenObjectPair>>";
    #[doc = "`POST …/batch/associate/default`: default associations for many pairs."]
    fn batch_create_default = "batchCreateDefault" (BatchCreateDefaultParams => |p| p): "BatchCreateDefaultParams & CallOptions" -> "Promise<BatchResponse<DefaultAssociation>>";
    #[doc = "`POST …/batch/archive`: removes associations of many records (an empty envelope for v4's 204)."]
    fn batch_archive = "batchArchive" (BatchArchiveParams => |p| p): "BatchArchiveParams & CallOptions" -> "Promise<BatchResponse<unknown>>";
    #[doc = "`POST …/batch/labels/archive`: removes labels from many pairs (an empty envelope for v4's 204)."]
    fn batch_archive_labels = "batchArchiveLabels" (BatchCreateParams => BatchArchiveLabels): "BatchCreateParams & CallOptions" -> "Promise<BatchResponse<unknown>>";
    #[doc = "`GET …/labels`: the association types of an object pair."]
    fn list_labels = "listLabels" (LabelsOfPairParams => ListLabels): "LabelsOfPairParams & CallOptions" -> "Promise<CollectionResponse<AssociationSpecWithLabel>>";
    #[doc = "`POST …/labels`: creates a label."]
    fn create_label = "createLabel" (CreateLabelParams => |p| p): "CreateLabelParams & CallOptions" -> "Promise<CollectionResponse<AssociationSpecWithLabel>>";
    #[doc = "`PUT …/labels`: renames a label."]
    fn update_label = "updateLabel" (UpdateLabelParams => |p| p): "UpdateLabelParams & CallOptions" -> "Promise<void>";
    #[doc = "`DELETE …/labels/{associationTypeId}`: deletes a label."]
    fn delete_label = "deleteLabel" (DeleteLabelParams => |p| p): "DeleteLabelParams & CallOptions" -> "Promise<void>";
    #[doc = "`GET …/definitions/configurations/all`: every association limit."]
    fn list_all_limits = "listAllLimits" (ListAllLimitsParams => |p| p): "(ListAllLimitsParams & CallOptions) | undefined" -> "Promise<CollectionResponse<LimitConfig>>";
    #[doc = "`GET …/definitions/configurations/{from}/{to}`: the limits of an object pair."]
    fn list_limits = "listLimits" (LabelsOfPairParams => ListLimits): "LabelsOfPairParams & CallOptions" -> "Promise<CollectionResponse<LimitConfig>>";
    #[doc = "`POST …/definitions/configurations/{from}/{to}/batch/create`: creates association limits."]
    fn create_limits = "createLimits" (LimitsParams => CreateLimits): "LimitsParams & CallOptions" -> "Promise<BatchResponse<LimitConfig>>";
    #[doc = "`POST …/definitions/configurations/{from}/{to}/batch/update`: updates association limits."]
    fn update_limits = "updateLimits" (LimitsParams => UpdateLimits): "LimitsParams & CallOptions" -> "Promise<BatchResponse<LimitConfig>>";
    #[doc = "`POST …/definitions/configurations/{from}/{to}/batch/purge`: removes association limits (an empty envelope for v4's 204)."]
    fn purge_limits = "purgeLimits" (PurgeLimitsParams => |p| p): "PurgeLimitsParams & CallOptions" -> "Promise<BatchResponse<unknown>>";
    #[doc = "`POST …/usage/high-usage-report/{userId}`: asks HubSpot to e-mail a report of records near their limits."]
    fn request_high_usage_report = "requestHighUsageReport" (HighUsageReportParams => |p| p): "HighUsageReportParams & CallOptions" -> "Promise<HighUsageReport>";
    #[doc = "`POST /crm/v3/associations/{from}/{to}/batch/read`: the legacy v3 batch read."]
    fn batch_read_v3 = "batchReadV3" (BatchReadV3Params => |p| p): "BatchReadV3Params & CallOptions" -> "Promise<BatchResponse<V3AssociatedIds>>";
    #[doc = "`POST /crm/v3/associations/{from}/{to}/batch/create`: the legacy v3 batch create."]
    fn batch_create_v3 = "batchCreateV3" (V3WriteParams => BatchCreateV3): "V3WriteParams & CallOptions" -> "Promise<BatchResponse<V3Association>>";
    #[doc = "`POST /crm/v3/associations/{from}/{to}/batch/archive`: the legacy v3 batch archive (204: an empty envelope)."]
    fn batch_archive_v3 = "batchArchiveV3" (V3WriteParams => BatchArchiveV3): "V3WriteParams & CallOptions" -> "Promise<BatchResponse<unknown>>";
    #[doc = "`GET /crm/v3/associations/{from}/{to}/types`: the legacy v3 association types."]
    fn list_types_v3 = "listTypesV3" (LabelsOfPairParams => ListTypesV3): "LabelsOfPairParams & CallOptions" -> "Promise<CollectionResponse<V3AssociationType>>";
}
