//! The operations by their JS names, JSON text in and JSON text out: what the wasm edge calls.
//! Params arrive as the JSON text of the caller's object (the operation's fields and the per-call
//! options); the answer leaves as the JSON text of the decoded result, ids as exact strings.
//! Each call is planned from its operation's row of [`crate::endpoints::table`], so the binary
//! holds no code per operation. The table here declares the TypeScript of the JS class
//! ([`CLIENT_TS`]) from the typed params and results, so the method names and their types are
//! written once; a test holds every row's plans equal to its typed operation's.

use super::plan::Step;
use super::{CallOptions, Config};
use crate::endpoints::params::{self, named, FromParams};
use crate::endpoints::*;
use crate::error::{Error, Result};
use serde_json::Value;

/// Parses the params of `method` from their JSON text: the operation's params and the call's
/// options. Errors are `invalid_input`, naming the method.
pub fn parse_params(method: &str, text: &str) -> Result<(Value, CallOptions)> {
    let value: Value = serde_json::from_str(text)
        .map_err(|e| Error::invalid_input(format!("{method}: params are not JSON: {e}")))?;
    if !value.is_object() {
        return Err(Error::invalid_input(format!(
            "{method} expects one params object"
        )));
    }
    let call = typed::<CallOptions>(method, &value)?;
    Ok((value, call))
}

/// `T` from a params object, errors naming the method.
fn typed<T: FromParams>(method: &str, value: &Value) -> Result<T> {
    params::read::<T>(value).map_err(|e| named(method, e))
}

/// The plan of `method` for these params through its typed operation, its result as JSON text;
/// bad params end it at once (what the table's plans are compared with).
#[cfg(test)]
fn plan_of<P: FromParams, O: super::Call>(
    method: &str,
    params: &Value,
    make: fn(P) -> O,
    version: ApiVersion,
    config: &Config,
) -> Step<String> {
    match params::read::<P>(params) {
        Ok(p) => make(p).plan_text(version, config),
        Err(why) => Step::Done(Err(named(method, why))),
    }
}

/// The plan of the operation whose JS name is `method` (bad params: a plan that ends at once with
/// their error); `None` for an unknown name. Every operation is described as data
/// ([`table::ENDPOINTS`]); the typed operations are for Rust callers.
pub fn plan(
    method: &str,
    params: Value,
    version: ApiVersion,
    config: &Config,
) -> Option<Step<String>> {
    let ep = table::find(method)?;
    Some(super::plan::data_plan(ep, params, version, config))
}

/// The JS index of the shape of `O`'s answer.
fn shape_of<P, O: Operation>(_: fn(P) -> O) -> u8 {
    <O::Output as crate::model::shape::Shaped>::JS
}

macro_rules! table {
    ($( $doc:literal fn $js:literal ($params:ty => $op:expr): $ts_in:literal -> $ts_out:literal; )*) => {
        /// The plan of the operation whose JS name is `method` through its typed operation
        /// (bad params: a plan that ends at once with their error); `None` for an unknown name.
        /// Only tests use it, to hold [`plan`]'s rows equal to the typed operations.
        #[cfg(test)]
        pub fn typed_plan(method: &str, params: &Value, version: ApiVersion, config: &Config) -> Option<Step<String>> {
            Some(match method {
                $( $js => plan_of::<$params, _>($js, params, $op, version, config), )*
                _ => return None,
            })
        }

        /// Every operation's JS name and the index of the shape (`Shaped::JS`) its answer is read
        /// by (0: none), for `js/shapes.js` (where the JS glue finds the shape to name for a call).
        pub fn answer_shapes() -> Vec<(&'static str, u8)> {
            vec![$( ($js, shape_of::<$params, _>($op)), )*]
        }

        /// The JS names of every operation.
        pub const METHODS: &[&str] = &[$($js),*];

        /// The TypeScript of the JS class `HubSpotAssociations` (js/client.js implements it).
        pub const CLIENT_TS: &str = concat!(
            "\n/** A client for HubSpot's CRM Associations API. Every method takes one params object (the operation's fields, plus `apiVersion`, `timeoutMs`, `maxRetries` and `signal` for that call) and returns a promise; no method throws synchronously. */\n",
            "export declare class HubSpotAssociations {\n",
            "  /** Creates a client; options are checked at once in Node and `/inline` (a bad `baseUrl` or `apiVersion` throws), on the first call in browsers. */\n",
            "  constructor(options?: ClientOptions);\n",
            "  /** The API version calls use unless they say otherwise. */\n",
            "  readonly apiVersion: ApiVersion;\n",
            "  /** Releases the client's wasm memory; later calls reject. */\n",
            "  free(): void;\n",
            "  [Symbol.dispose](): void;\n",
            $( "  /** ", $doc, " */\n  ", $js, "(params: ", $ts_in, "): ", $ts_out, ";\n", )*
            "}\n"
        );
    };
}

table! {
    "`PUT …/associations/default/{toObjectType}/{toObjectId}`: links two records with the pair's default type."
    fn "associateDefault" (AssociateDefaultParams => |p| p): "AssociateDefaultParams & CallOptions" -> "Promise<BatchResponse<DefaultAssociation>>";
    "`PUT …/associations/{toObjectType}/{toObjectId}`: links two records with the given types (labels)."
    fn "associate" (AssociateParams => |p| p): "AssociateParams & CallOptions" -> "Promise<LabelsBetweenObjectPair>";
    "`GET …/{objectType}/{objectId}/associations/{toObjectType}` (on 2026-09, batch read of that record): one page of a record's associations."
    fn "listAssociations" (ListAssociationsParams => |p| p): "ListAssociationsParams & CallOptions" -> "Promise<AssociationsPage>";
    "`DELETE …/associations/{toObjectType}/{toObjectId}`: removes every association between two records."
    fn "removeAssociations" (RemoveAssociationsParams => |p| p): "RemoveAssociationsParams & CallOptions" -> "Promise<void>";
    "`POST …/batch/read`: the associations of many records."
    fn "batchRead" (BatchReadParams => |p| p): "BatchReadParams & CallOptions" -> "Promise<BatchResponse<BatchReadResult>>";
    "`POST …/batch/create`: labelled associations for many pairs."
    fn "batchCreate" (BatchCreateParams => |p| p): "BatchCreateParams & CallOptions" -> "Promise<BatchResponse<LabelsBetweenObjectPair>>";
    "`POST …/batch/associate/default`: default associations for many pairs."
    fn "batchCreateDefault" (BatchCreateDefaultParams => |p| p): "BatchCreateDefaultParams & CallOptions" -> "Promise<BatchResponse<DefaultAssociation>>";
    "`POST …/batch/archive`: removes associations of many records (an empty envelope for v4's 204)."
    fn "batchArchive" (BatchArchiveParams => |p| p): "BatchArchiveParams & CallOptions" -> "Promise<BatchResponse<unknown>>";
    "`POST …/batch/labels/archive`: removes labels from many pairs (an empty envelope for v4's 204)."
    fn "batchArchiveLabels" (BatchCreateParams => BatchArchiveLabels): "BatchCreateParams & CallOptions" -> "Promise<BatchResponse<unknown>>";
    "`GET …/labels`: the association types of an object pair."
    fn "listLabels" (LabelsOfPairParams => ListLabels): "LabelsOfPairParams & CallOptions" -> "Promise<CollectionResponse<AssociationSpecWithLabel>>";
    "`POST …/labels`: creates a label."
    fn "createLabel" (CreateLabelParams => |p| p): "CreateLabelParams & CallOptions" -> "Promise<CollectionResponse<AssociationSpecWithLabel>>";
    "`PUT …/labels`: renames a label."
    fn "updateLabel" (UpdateLabelParams => |p| p): "UpdateLabelParams & CallOptions" -> "Promise<void>";
    "`DELETE …/labels/{associationTypeId}`: deletes a label."
    fn "deleteLabel" (DeleteLabelParams => |p| p): "DeleteLabelParams & CallOptions" -> "Promise<void>";
    "`GET …/definitions/configurations/all`: every association limit."
    fn "listAllLimits" (ListAllLimitsParams => |p| p): "(ListAllLimitsParams & CallOptions) | undefined" -> "Promise<CollectionResponse<LimitConfig>>";
    "`GET …/definitions/configurations/{from}/{to}`: the limits of an object pair."
    fn "listLimits" (LabelsOfPairParams => ListLimits): "LabelsOfPairParams & CallOptions" -> "Promise<CollectionResponse<LimitConfig>>";
    "`POST …/definitions/configurations/{from}/{to}/batch/create`: creates association limits."
    fn "createLimits" (LimitsParams => CreateLimits): "LimitsParams & CallOptions" -> "Promise<BatchResponse<LimitConfig>>";
    "`POST …/definitions/configurations/{from}/{to}/batch/update`: updates association limits."
    fn "updateLimits" (LimitsParams => UpdateLimits): "LimitsParams & CallOptions" -> "Promise<BatchResponse<LimitConfig>>";
    "`POST …/definitions/configurations/{from}/{to}/batch/purge`: removes association limits (an empty envelope for v4's 204)."
    fn "purgeLimits" (PurgeLimitsParams => |p| p): "PurgeLimitsParams & CallOptions" -> "Promise<BatchResponse<unknown>>";
    "`POST …/usage/high-usage-report/{userId}`: asks HubSpot to e-mail a report of records near their limits."
    fn "requestHighUsageReport" (HighUsageReportParams => |p| p): "HighUsageReportParams & CallOptions" -> "Promise<HighUsageReport>";
    "`POST /crm/v3/associations/{from}/{to}/batch/read`: the legacy v3 batch read."
    fn "batchReadV3" (BatchReadV3Params => |p| p): "BatchReadV3Params & CallOptions" -> "Promise<BatchResponse<V3AssociatedIds>>";
    "`POST /crm/v3/associations/{from}/{to}/batch/create`: the legacy v3 batch create."
    fn "batchCreateV3" (V3WriteParams => BatchCreateV3): "V3WriteParams & CallOptions" -> "Promise<BatchResponse<V3Association>>";
    "`POST /crm/v3/associations/{from}/{to}/batch/archive`: the legacy v3 batch archive (204: an empty envelope)."
    fn "batchArchiveV3" (V3WriteParams => BatchArchiveV3): "V3WriteParams & CallOptions" -> "Promise<BatchResponse<unknown>>";
    "`GET /crm/v3/associations/{from}/{to}/types`: the legacy v3 association types."
    fn "listTypesV3" (LabelsOfPairParams => ListTypesV3): "LabelsOfPairParams & CallOptions" -> "Promise<CollectionResponse<V3AssociationType>>";
}

#[cfg(all(test, feature = "emulator"))]
mod tests {
    use super::*;
    use crate::client::{Client, ClientOptions, NeverAbort};
    use crate::emulator::{Emulator, InProcess, SkipDelays};

    fn run(method: &str, params: &str) -> Result<String> {
        let emulator = Emulator::from_json(r#"{"accessToken":"t"}"#).unwrap();
        let config = Config::from_options(ClientOptions {
            access_token: Some("t".into()),
            ..Default::default()
        })
        .unwrap();
        let client = Client::new(config, InProcess::new(emulator), SkipDelays);
        let (value, call) = parse_params(method, params)?;
        let v = super::super::plan::version_of(client.config(), &call).clone();
        let step = plan(method, value, v, client.config()).expect("a known method");
        futures_executor::block_on(client.drive(method, step, &call, &NeverAbort))
    }

    #[test]
    fn json_in_json_out_with_ids_as_strings() {
        let out = run(
            "associateDefault",
            r#"{"fromObjectType":"contacts","fromObjectId":101,"toObjectType":"companies","toObjectId":"202","apiVersion":"v4"}"#,
        )
        .unwrap();
        let v: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["results"][0]["from"]["id"], "101");
        assert_eq!(v["results"][0]["associationSpec"]["associationTypeId"], 279);
        assert_eq!(
            run("removeAssociations", r#"{"objectType":"contacts","objectId":"101","toObjectType":"companies","toObjectId":"202"}"#).unwrap(),
            "null"
        );
    }

    #[test]
    fn bad_params_name_the_method() {
        let e = run("associate", r#"{"fromObjectType":"contacts"}"#).unwrap_err();
        assert_eq!(e.kind, crate::ErrorKind::InvalidInput);
        assert!(
            e.message.starts_with("associate: missing field"),
            "{}",
            e.message
        );
        let e = run("listLabels", "[1]").unwrap_err();
        assert_eq!(e.message, "listLabels expects one params object");
        let e = run(
            "listLabels",
            r#"{"fromObjectType":"contacts","toObjectType":"companies","apiVersion":"v9"}"#,
        )
        .unwrap_err();
        assert!(e.message.contains("apiVersion must be"), "{}", e.message);
    }

    /// A bad input of a call sent in chunks is refused before anything is sent, named by its place
    /// in the call, not in its chunk; good inputs go in chunks of the batch size.
    #[test]
    fn a_bad_input_of_a_chunked_call_is_named_by_its_place_in_the_call() {
        let config = Config::from_options(ClientOptions {
            access_token: Some("t".into()),
            batch_size: Some(crate::client::BatchSizeOption {
                read: None,
                write: Some(2),
            }),
            ..Default::default()
        })
        .unwrap();
        let pair =
            |from: &str, to: &str| serde_json::json!({"from": {"id": from}, "to": {"id": to}});
        let params = |inputs: Vec<Value>| serde_json::json!({"fromObjectType": "contacts", "toObjectType": "companies", "inputs": inputs});
        let step_of = |p: &Value| {
            let (value, call) = parse_params("batchCreateDefault", &p.to_string()).unwrap();
            let v = super::super::plan::version_of(&config, &call).clone();
            plan("batchCreateDefault", value.clone(), v, &config).unwrap()
        };
        // inputs[3] is the second input of the second chunk.
        let bad = params(vec![
            pair("1", "2"),
            pair("3", "4"),
            pair("5", "6"),
            pair("7", "x"),
            pair("9", "10"),
        ]);
        match step_of(&bad) {
            Step::Done(Err(e)) => assert_eq!(
                e.message,
                r#"inputs[3].to.id must be a record id (a string of digits); got "x""#
            ),
            _ => panic!("a bad input must end the call before anything is sent"),
        }
        let good = params(vec![pair("1", "2"), pair("3", "4"), pair("5", "6")]);
        match step_of(&good) {
            Step::Send(specs, _) => {
                assert_eq!(specs.len(), 2, "two chunks of at most 2");
                let body: Value = serde_json::from_value(specs[1].body.clone().unwrap()).unwrap();
                assert_eq!(body["inputs"], serde_json::json!([pair("5", "6")]));
            }
            _ => panic!("three good inputs are sent in two chunks"),
        }
        let empty = params(vec![]);
        match step_of(&empty) {
            Step::Done(Err(e)) => {
                assert_eq!(e.message, "batchCreateDefault: inputs must not be empty")
            }
            _ => panic!("no inputs: refused"),
        }
    }

    /// `batchRead` with `allPages` gathers its pages as text for JS: the same JSON as the typed
    /// result's, over several passes and with per-input errors.
    #[test]
    fn batch_read_pages_gathered_as_text_equal_the_typed_result() {
        use crate::client::CallOptions;
        let emulator = Emulator::from_json(r#"{"accessToken":"t","batchReadPageSize":7}"#).unwrap();
        let config = Config::from_options(ClientOptions {
            access_token: Some("t".into()),
            batch_size: Some(crate::client::BatchSizeOption {
                read: Some(3),
                write: None,
            }),
            ..Default::default()
        })
        .unwrap();
        let client = Client::new(config, InProcess::new(emulator), SkipDelays);
        let inputs: Vec<Value> = (1..=5)
            .flat_map(|f| (0..(f * 6)).map(move |t| serde_json::json!({"from": {"id": f.to_string()}, "to": {"id": (1000 * f + t).to_string()}})))
            .collect();
        let create: BatchCreateDefaultParams = serde_json::from_value(serde_json::json!({
            "fromObjectType": "contacts", "toObjectType": "companies", "inputs": inputs}))
        .unwrap();
        futures_executor::block_on(client.execute_batch(
            &create,
            &CallOptions::default(),
            &NeverAbort,
        ))
        .unwrap();
        for v in ["2026-03", "v4"] {
            let params = serde_json::json!({"fromObjectType": "contacts", "toObjectType": "companies", "allPages": true, "apiVersion": v,
                "inputs": [{"id": "1"}, {"id": "2"}, {"id": "3"}, {"id": "4"}, {"id": "5"}, {"id": "999"}, {"id": "6"}, {"id": "5"}, {"id": "5"}]});
            let (value, call) = parse_params("batchRead", &params.to_string()).unwrap();
            let version = super::super::plan::version_of(client.config(), &call).clone();
            let step = plan("batchRead", value.clone(), version.clone(), client.config()).unwrap();
            let text =
                futures_executor::block_on(client.drive("batchRead", step, &call, &NeverAbort))
                    .unwrap();
            let op: BatchReadParams = serde_json::from_value(params.clone()).unwrap();
            let typed =
                futures_executor::block_on(client.execute_batch_read(&op, &call, &NeverAbort))
                    .unwrap();
            let from_text: Value = serde_json::from_str(&text).unwrap();
            assert_eq!(from_text, serde_json::to_value(&typed).unwrap(), "{v}");
            assert_eq!(
                from_text["results"][4]["to"].as_array().unwrap().len(),
                30,
                "{v}: five pages of input 5"
            );
            // Input 5 asked for three times: read once, every page in each of its results.
            let fives: Vec<&Value> = from_text["results"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|r| r["from"]["id"] == "5")
                .collect();
            assert_eq!(fives.len(), 3, "{v}");
            assert_eq!(fives[0], fives[1], "{v}: all complete");
            assert_eq!(fives[0], fives[2], "{v}: all complete");
            assert!(
                from_text["numErrors"].as_u64().unwrap() >= 1,
                "{v}: per-input errors kept"
            );

            // Streamed (as the wasm engine runs it): every pass's associations are handed over
            // as parts, and appending them in order to the answer's results, as the JS glue does,
            // gives the same JSON.
            let streaming = Config {
                stream_pages: true,
                ..client.config().clone()
            };
            let step = plan("batchRead", value.clone(), version, &streaming).unwrap();
            let parts = std::cell::RefCell::new(Vec::new());
            let text = futures_executor::block_on(client.drive_parts(
                "batchRead",
                step,
                &call,
                &NeverAbort,
                &|t| parts.borrow_mut().push(t),
            ))
            .unwrap();
            let mut streamed: Value = serde_json::from_str(&text).unwrap();
            let parts = parts.into_inner();
            assert_eq!(
                parts.len(),
                5,
                "{v}: one part per pass, the first included (input 5: 30 = 7 + 7 + 7 + 7 + 2)"
            );
            assert!(
                streamed["results"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .all(|r| r["to"] == serde_json::json!([])),
                "{v}: the answer holds no association"
            );
            for part in parts {
                let part: Vec<(usize, Vec<Value>)> = serde_json::from_str(&part).unwrap();
                for (i, to) in part {
                    streamed["results"][i]["to"]
                        .as_array_mut()
                        .unwrap()
                        .extend(to);
                }
            }
            assert_eq!(streamed, from_text, "{v}: streamed");
        }
    }

    #[test]
    fn every_method_is_declared_in_the_typescript() {
        for m in METHODS {
            assert!(CLIENT_TS.contains(&format!("  {m}(params: ")), "{m}");
        }
        assert_eq!(METHODS.len(), 23);
    }
}

/// The operations described as data against their typed operations.
#[cfg(test)]
mod table_tests {
    use super::*;
    use crate::client::{BatchSizeOption, ClientOptions};
    use serde_json::json;

    /// A good params object of each operation in the table.
    fn good(method: &str) -> Value {
        let spec = json!({"associationCategory": "USER_DEFINED", "associationTypeId": 36});
        let pair = json!({"from": {"id": "1"}, "to": {"id": 2}});
        let mut p = match method {
            "associateDefault" => {
                json!({"fromObjectType": "contacts", "fromObjectId": 1, "toObjectType": "p_my type", "toObjectId": "2"})
            }
            "associate" => {
                json!({"fromObjectType": "contacts", "fromObjectId": "1", "toObjectType": "0-2", "toObjectId": 2, "types": [spec, {"associationCategory": "X", "associationTypeId": 1}]})
            }
            "removeAssociations" => {
                json!({"objectType": "contacts", "objectId": "1", "toObjectType": "companies", "toObjectId": 2})
            }
            "batchCreate" | "batchArchiveLabels" => json!({"inputs": [
                {"from": {"id": "1"}, "to": {"id": 2}, "types": [spec]},
                {"from": {"id": 3}, "to": {"id": "4"}, "types": [spec, spec], "extra": 1},
                {"from": {"id": "5"}, "to": {"id": "6"}, "types": [spec]}]}),
            "batchCreateDefault" => json!({"inputs": [pair, pair, pair]}),
            "batchArchive" => json!({"inputs": [
                {"from": {"id": "1"}, "to": [{"id": 2}, {"id": "3"}]},
                {"from": {"id": 4}, "to": [{"id": "5"}]},
                {"from": {"id": "6"}, "to": [{"id": "7"}]}]}),
            "createLabel" => {
                json!({"label": "Manager", "name": "manager", "inverseLabel": "Report"})
            }
            "updateLabel" => json!({"label": "Boss", "associationTypeId": 9}),
            "deleteLabel" => json!({"associationTypeId": 9}),
            "createLimits" | "updateLimits" => json!({"inputs": [
                {"typeId": 1, "maxToObjectIds": 5},
                {"category": "USER_DEFINED", "typeId": 2, "maxToObjectIds": 1},
                {"category": null, "typeId": 3, "maxToObjectIds": 7}]}),
            "purgeLimits" => json!({"inputs": [
                {"category": "USER_DEFINED", "typeId": 2}, {"category": "HUBSPOT_DEFINED", "typeId": 1},
                {"category": "WORK", "typeId": 3}]}),
            "requestHighUsageReport" => json!({"userId": 12}),
            "batchReadV3" => json!({"inputs": [{"id": "1"}, {"id": 2}, {"id": "3"}]}),
            "batchRead" => {
                json!({"inputs": [{"id": "1"}, {"id": 2, "after": "x"}, {"id": "3", "after": null}], "allPages": true})
            }
            "batchCreateV3" | "batchArchiveV3" => json!({"inputs": [
                {"from": {"id": "1"}, "to": {"id": 2}, "type": "contact_to_company"},
                {"from": {"id": 3}, "to": {"id": "4"}, "type": "x"},
                {"from": {"id": "5"}, "to": {"id": "6"}, "type": "y"}]}),
            "listAllLimits" => json!({}),
            "listAssociations" => {
                json!({"objectType": "contacts", "objectId": 1, "toObjectType": "0-2", "after": "MTA=", "limit": 5})
            }
            _ => json!({}),
        };
        if ![
            "associateDefault",
            "associate",
            "removeAssociations",
            "requestHighUsageReport",
            "listAllLimits",
            "listAssociations",
        ]
        .contains(&method)
        {
            p["fromObjectType"] = json!("contacts");
            p["toObjectType"] = json!("companies");
        }
        p
    }

    /// Bad (and odd) values tried in every place of the params.
    fn odd() -> Vec<Value> {
        vec![
            json!(null),
            json!(true),
            json!(1.5),
            json!(-1),
            json!(0),
            json!(3_000_000_000u64),
            json!(9_007_199_254_740_993u64),
            json!(""),
            json!("  "),
            json!("a/b"),
            json!(" x"),
            json!("12a"),
            json!("7"),
            json!([]),
            json!([7]),
            json!({}),
            json!(1e300),
        ]
    }

    /// `v` with each place (every field, every array entry, at every depth) changed to each odd
    /// value, and each field removed.
    fn variants(v: &Value) -> Vec<Value> {
        let mut out = Vec::new();
        match v {
            Value::Object(m) => {
                for (k, child) in m {
                    let mut removed = m.clone();
                    removed.remove(k);
                    out.push(Value::Object(removed));
                    for new in odd().into_iter().chain(variants(child)) {
                        let mut changed = m.clone();
                        changed.insert(k.clone(), new);
                        out.push(Value::Object(changed));
                    }
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    for new in odd().into_iter().chain(variants(child)) {
                        let mut changed = items.clone();
                        changed[i] = new;
                        out.push(Value::Array(changed));
                    }
                }
            }
            _ => {}
        }
        out
    }

    /// Every place in `v` (JSON pointers, the root aside).
    fn places(v: &Value, at: &str, out: &mut Vec<String>) {
        let children: Vec<(String, &Value)> = match v {
            Value::Object(m) => m.iter().map(|(k, c)| (k.clone(), c)).collect(),
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, c)| (i.to_string(), c))
                .collect(),
            _ => Vec::new(),
        };
        for (k, child) in children {
            let here = format!("{at}/{k}");
            out.push(here.clone());
            places(child, &here, out);
        }
    }

    /// `v` with two places (neither inside the other) changed at once, so that the order of the
    /// checks shows.
    fn pairs(v: &Value) -> Vec<Value> {
        let mut all = Vec::new();
        places(v, "", &mut all);
        let odd = [json!(""), json!(null), json!("a/b"), json!([])];
        let mut out = Vec::new();
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                if b.starts_with(&format!("{a}/")) {
                    continue;
                }
                for x in &odd {
                    for y in &odd {
                        let mut c = v.clone();
                        *c.pointer_mut(a).unwrap() = x.clone();
                        *c.pointer_mut(b).unwrap() = y.clone();
                        out.push(c);
                    }
                }
            }
        }
        out
    }

    /// What a plan does first: its requests, or its error.
    fn first(
        step: Step<String>,
    ) -> std::result::Result<Vec<crate::endpoints::RequestSpec>, (crate::ErrorKind, String)> {
        match step {
            Step::Send(specs, _) => Ok(specs),
            Step::Done(Err(e)) => Err((e.kind, e.message)),
            Step::Done(Ok(out)) => panic!("a plan that ends at once with {out}"),
            Step::Part(..) => panic!("a part first"),
        }
    }

    #[test]
    fn every_operation_in_the_table_plans_as_its_typed_operation() {
        let small = Config::from_options(ClientOptions {
            batch_size: Some(BatchSizeOption {
                read: Some(2),
                write: Some(2),
            }),
            ..Default::default()
        })
        .unwrap();
        let configs = [
            Config::from_options(ClientOptions::default()).unwrap(),
            small,
        ];
        let versions = ["v4", "2026-03", "2026-09"].map(|v| ApiVersion::parse(v).unwrap());
        let mut compared = 0;
        let mut refused = 0;
        for ep in table::ENDPOINTS {
            let good = good(ep.name);
            let mut cases = variants(&good);
            cases.extend(pairs(&good));
            cases.push(good.clone());
            cases.push(json!([1]));
            cases.push(json!("x"));
            for params in &cases {
                for v in &versions {
                    for config in &configs {
                        let typed = first(typed_plan(ep.name, params, v.clone(), config).unwrap());
                        let data = first(plan(ep.name, params.clone(), v.clone(), config).unwrap());
                        assert_eq!(data, typed, "{} {v} {params}", ep.name);
                        compared += 1;
                        refused += usize::from(typed.is_err());
                    }
                }
            }
            let ok = first(plan(ep.name, good.clone(), versions[0].clone(), &configs[1]).unwrap());
            assert!(ok.is_ok(), "{}: {ok:?}", ep.name);
        }
        // Both sides of the comparison are exercised.
        assert!(
            refused > compared / 4 && refused < compared,
            "{refused} of {compared}"
        );
        assert_eq!(table::ENDPOINTS.len(), METHODS.len());
        for m in METHODS {
            assert!(table::find(m).is_some(), "{m}");
        }
    }
}
