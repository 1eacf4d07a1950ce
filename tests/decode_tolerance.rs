//! A property of every documented answer: change the JSON type of any one field, and the call
//! still returns what the answer holds, or fails with `decode` carrying the raw body. It never
//! panics and never drops data silently. The answers are those of hubspot-api.md §2–§4 and the
//! seeds (whose errors carry `context` as a string), run through the real engine.

mod common;

use common::{block_on, NoSleep, Scripted};
use hubspot_associations::client::{Call, NeverAbort};
use hubspot_associations::endpoints::*;
use hubspot_associations::{ApiVersion, CallOptions, Client, ClientOptions, Config, ErrorKind};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

/// Errors as the seeds show them: `context` a string, `subCategory` a string, nested details.
fn seed_errors() -> Value {
    json!([{
        "status": "error", "category": "MISSING_SCOPES", "subCategory": "scopes",
        "message": "This app hasn't been granted all required scopes to make this call.",
        "context": "{missingScopes=[scope1, scope2]}", "id": "e-1",
        "links": {"scopes": "https://developers.hubspot.com/scopes"},
        "errors": [{"message": "One or more of the following scopes are required.", "in": "scope",
                    "code": "c", "subCategory": "s", "context": {"requiredScopes": ["crm.schemas.write"]}}]
    }])
}

fn envelope(results: Value) -> Value {
    json!({"status": "COMPLETE", "results": results, "numErrors": 1, "errors": seed_errors(),
           "startedAt": "2026-11-22T10:00:00.000Z", "completedAt": "2026-11-22T10:00:00.050Z",
           "requestedAt": "2026-11-22T09:59:59.990Z", "links": {"self": "https://api.hubapi.com/x"}})
}

fn spec_with_label() -> Value {
    json!([{"category": "HUBSPOT_DEFINED", "typeId": 1, "label": "Primary"},
           {"category": "HUBSPOT_DEFINED", "typeId": 279, "label": null}])
}

fn pair() -> Value {
    json!({"fromObjectTypeId": "0-1", "fromObjectId": "101", "toObjectTypeId": "0-2",
           "toObjectId": "5434402448", "labels": ["Manager", "Primary"]})
}

fn limit() -> Value {
    json!({"category": "USER_DEFINED", "typeId": 1000, "label": "Manager",
           "fromObjectTypeId": "0-1", "toObjectTypeId": "0-2", "userEnforcedMaxToObjectIds": 2})
}

fn client(status: u16, body: &str, version: &str) -> Client<Scripted, NoSleep> {
    let config = Config::from_options(ClientOptions {
        access_token: Some("pat-na1-token-0000".into()),
        base_url: Some("http://127.0.0.1:9".into()),
        api_version: Some(ApiVersion::parse(version).unwrap()),
        max_retries: Some(0),
        ..Default::default()
    })
    .unwrap();
    Client::new(config, Scripted::json(status, body), NoSleep)
}

/// Runs `op` against one answer; the output as JSON, or the error (unboxed, as the crate returns it).
#[allow(clippy::result_large_err)]
fn call<O>(
    op: &O,
    status: u16,
    body: &str,
    version: &str,
) -> Result<Value, hubspot_associations::Error>
where
    O: Call,
    O::Output: Serialize,
{
    let c = client(status, body, version);
    block_on(op.call(&c, &CallOptions::default(), &NeverAbort))
        .map(|out| serde_json::to_value(out).unwrap())
}

fn params<P: DeserializeOwned>(v: Value) -> P {
    serde_json::from_value(v).unwrap()
}

/// Every path in `v` (object keys, array indices), containers included, the root excluded.
fn paths(v: &Value, prefix: &mut Vec<Value>, out: &mut Vec<Vec<Value>>) {
    let children: Vec<(Value, &Value)> = match v {
        Value::Object(m) => m.iter().map(|(k, c)| (json!(k), c)).collect(),
        Value::Array(a) => a.iter().enumerate().map(|(i, c)| (json!(i), c)).collect(),
        _ => return,
    };
    for (key, child) in children {
        prefix.push(key);
        out.push(prefix.clone());
        paths(child, prefix, out);
        prefix.pop();
    }
}

fn at<'a>(v: &'a Value, path: &[Value]) -> Option<&'a Value> {
    path.iter().try_fold(v, |v, k| match k {
        Value::String(k) => v.get(k.as_str()),
        Value::Number(i) => v.get(i.as_u64()? as usize),
        _ => None,
    })
}

fn set(v: &mut Value, path: &[Value], new: Value) {
    let (last, parent) = path.split_last().unwrap();
    let parent = parent.iter().fold(v, |v, k| match k {
        Value::String(k) => &mut v[k.as_str()],
        Value::Number(i) => &mut v[i.as_u64().unwrap() as usize],
        _ => unreachable!(),
    });
    match last {
        Value::String(k) => parent[k.as_str()] = new,
        Value::Number(i) => parent[i.as_u64().unwrap() as usize] = new,
        _ => unreachable!(),
    }
}

fn kind(v: &Value) -> u8 {
    match v {
        Value::Null => 0,
        Value::Bool(_) => 1,
        Value::Number(_) => 2,
        Value::String(_) => 3,
        Value::Array(_) => 4,
        Value::Object(_) => 5,
    }
}

/// Every scalar of the answer reaches the output at the same place, as itself or as its text,
/// or (an entry replaced by a lenient decoder) inside the output there.
fn nothing_lost(input: &Value, output: &Value, mutated: &[Value]) -> Result<(), String> {
    let mut all = Vec::new();
    paths(input, &mut Vec::new(), &mut all);
    for p in all {
        let leaf = at(input, &p).unwrap();
        if matches!(leaf, Value::Null | Value::Array(_) | Value::Object(_)) {
            continue;
        }
        let text = match leaf {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        // A count that is not a number says nothing `errors` does not say.
        if p == mutated && p.last() == Some(&json!("numErrors")) && kind(leaf) != 2 {
            continue;
        }
        let kept = match at(output, &p) {
            Some(o) if o == leaf => true,
            Some(Value::String(s)) => *s == text,
            Some(o @ (Value::Array(_) | Value::Object(_))) => o.to_string().contains(&text),
            _ => false,
        } || {
            // A list whose `null` entries were dropped keeps the rest, shifted.
            let parent = at(output, &p[..p.len() - 1]);
            p.last().is_some_and(Value::is_number)
                && parent.is_some_and(|o| o.is_array() && o.to_string().contains(&text))
        };
        if !kept {
            return Err(format!("{leaf} at {p:?} is not in the output {output}"));
        }
    }
    Ok(())
}

/// The property, for one documented answer of one operation.
fn check<O>(name: &str, op: &O, status: u16, answer: Value, version: &str) -> usize
where
    O: Call,
    O::Output: Serialize,
{
    let text = answer.to_string();
    let out = call(op, status, &text, version)
        .unwrap_or_else(|e| panic!("{name}: the documented answer fails: {e:?}"));
    nothing_lost(&answer, &out, &[]).unwrap_or_else(|e| panic!("{name}, unchanged: {e}"));
    let replacements = [
        json!(null),
        json!(true),
        json!(7),
        json!("x"),
        json!([]),
        json!({}),
    ];
    let mut all = Vec::new();
    paths(&answer, &mut Vec::new(), &mut all);
    let mut cases = 0;
    for p in all {
        let original = at(&answer, &p).unwrap().clone();
        for r in &replacements {
            if kind(r) == kind(&original) {
                continue;
            }
            let mut mutated = answer.clone();
            set(&mut mutated, &p, r.clone());
            let body = mutated.to_string();
            cases += 1;
            match call(op, status, &body, version) {
                Ok(out) => nothing_lost(&mutated, &out, &p)
                    .unwrap_or_else(|e| panic!("{name}: {p:?} = {r}: {e}")),
                Err(e) => {
                    assert_eq!(e.kind, ErrorKind::Decode, "{name}: {p:?} = {r}: {e:?}");
                    assert_eq!(
                        e.body.as_deref(),
                        Some(body.as_str()),
                        "{name}: {p:?} = {r}: the body"
                    );
                    assert_eq!(
                        e.attempts, 1,
                        "{name}: {p:?} = {r}: a whole JSON answer is not retried"
                    );
                }
            }
        }
    }
    cases
}

#[test]
fn every_documented_answer_survives_one_changed_type() {
    let pair_params = json!({"fromObjectType": "contacts", "toObjectType": "companies"});
    let mut cases = 0;
    cases += check(
        "associateDefault",
        &params::<AssociateDefaultParams>(
            json!({"fromObjectType": "contacts", "fromObjectId": "101", "toObjectType": "companies", "toObjectId": "202"}),
        ),
        200,
        envelope(json!([{"from": {"id": "101"}, "to": {"id": "202"},
            "associationSpec": {"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 279}}])),
        "2026-03",
    );
    cases += check(
        "associate",
        &params::<AssociateParams>(
            json!({"fromObjectType": "contacts", "fromObjectId": "101", "toObjectType": "companies", "toObjectId": "202",
            "types": [{"associationCategory": "USER_DEFINED", "associationTypeId": 1000}]}),
        ),
        201,
        pair(),
        "2026-03",
    );
    cases += check(
        "listAssociations",
        &params::<ListAssociationsParams>(
            json!({"objectType": "contacts", "objectId": "101", "toObjectType": "companies"}),
        ),
        200,
        json!({"results": [{"toObjectId": 5434402448u64, "associationTypes": spec_with_label()}],
               "paging": {"next": {"after": "MjAy", "link": "https://api.hubapi.com/next"}}}),
        "v4",
    );
    cases += check(
        "batchRead",
        &params::<BatchReadParams>(
            json!({"fromObjectType": "contacts", "toObjectType": "companies", "inputs": [{"id": "101"}]}),
        ),
        207,
        envelope(
            json!([{"from": {"id": "101"}, "to": [{"toObjectId": "202", "associationTypes": spec_with_label()}],
            "paging": {"next": {"after": "MjAy"}}}]),
        ),
        "2026-03",
    );
    cases += check(
        "batchCreate",
        &params::<BatchCreateParams>(
            json!({"fromObjectType": "contacts", "toObjectType": "companies",
            "inputs": [{"from": {"id": "101"}, "to": {"id": "202"}, "types": [{"associationCategory": "USER_DEFINED", "associationTypeId": 1000}]}]}),
        ),
        201,
        envelope(json!([pair()])),
        "2026-03",
    );
    cases += check(
        "batchArchive",
        &params::<BatchArchiveParams>(
            json!({"fromObjectType": "contacts", "toObjectType": "companies",
            "inputs": [{"from": {"id": "101"}, "to": [{"id": "202"}]}]}),
        ),
        200,
        envelope(json!([])),
        "2026-03",
    );
    cases += check(
        "createLimits (v4, 207, the seed's errors)",
        &CreateLimits(params(
            json!({"fromObjectType": "contacts", "toObjectType": "companies",
            "inputs": [{"category": "USER_DEFINED", "typeId": 1000, "maxToObjectIds": 2}]}),
        )),
        207,
        envelope(json!([limit()])),
        "v4",
    );
    cases += check(
        "updateLimits",
        &UpdateLimits(params(
            json!({"fromObjectType": "contacts", "toObjectType": "companies",
            "inputs": [{"category": "USER_DEFINED", "typeId": 1000, "maxToObjectIds": 3}]}),
        )),
        200,
        envelope(json!([limit()])),
        "2026-03",
    );
    cases += check(
        "listLabels",
        &ListLabels(params(pair_params.clone())),
        200,
        json!({"results": [{"category": "USER_DEFINED", "typeId": 1000, "label": "Manager"}, {"category": "HUBSPOT_DEFINED", "typeId": 279, "label": null}]}),
        "2026-03",
    );
    cases += check(
        "listAllLimits",
        &params::<ListAllLimitsParams>(json!({})),
        200,
        json!({"results": [limit()]}),
        "2026-03",
    );
    cases += check(
        "requestHighUsageReport",
        &params::<HighUsageReportParams>(json!({"userId": 12})),
        200,
        json!({"enqueueTime": {"value": 1_764_000_000_000u64, "dateOnly": false, "timeZoneShift": 0}, "userEmail": "a@example.com", "userId": 12}),
        "2026-03",
    );
    cases += check(
        "batchReadV3",
        &params::<BatchReadV3Params>(
            json!({"fromObjectType": "contacts", "toObjectType": "companies", "inputs": [{"id": "1"}]}),
        ),
        207,
        envelope(
            json!([{"from": {"id": "1"}, "to": [{"id": 5434402448u64, "type": "contact_to_company"}]}]),
        ),
        "2026-03",
    );
    cases += check(
        "listTypesV3",
        &ListTypesV3(params(pair_params)),
        200,
        json!({"results": [{"id": "1", "name": "contact_to_company"}]}),
        "2026-03",
    );
    assert!(cases > 1000, "only {cases} mutations were tried");
}

/// The case the issue measured: a 207 of `createLimits` (v4) whose errors carry the seeds'
/// string `context` returns its results and keeps the context as sent.
#[test]
fn create_limits_207_with_string_context_decodes() {
    let op = CreateLimits(params(
        json!({"fromObjectType": "contacts", "toObjectType": "companies",
        "inputs": [{"category": "USER_DEFINED", "typeId": 1000, "maxToObjectIds": 2}]}),
    ));
    let out = call(&op, 207, &envelope(json!([limit()])).to_string(), "v4").unwrap();
    assert_eq!(out["results"][0]["userEnforcedMaxToObjectIds"], 2);
    assert_eq!(
        out["errors"][0]["context"],
        "{missingScopes=[scope1, scope2]}"
    );
    assert_eq!(
        out["errors"][0]["errors"][0]["context"]["requiredScopes"][0],
        "crm.schemas.write"
    );
    assert_eq!(out["numErrors"], 1);
}

/// An answer whose results cannot be used is `decode`, with the body, after one attempt; a
/// truncated one is retried.
#[test]
fn unusable_answers_fail_with_their_body() {
    let op = params::<AssociateDefaultParams>(
        json!({"fromObjectType": "contacts", "fromObjectId": "1", "toObjectType": "companies", "toObjectId": "2"}),
    );
    let body = r#"{"status":"COMPLETE","results":[{"from":{"id":{}},"to":{"id":"2"}}]}"#;
    let e = call(&op, 200, body, "2026-03").unwrap_err();
    assert_eq!(e.kind, ErrorKind::Decode);
    assert_eq!(e.body.as_deref(), Some(body));
    assert!(e.message.contains("decoded"), "{}", e.message);
}

/// A batch read answer that lists a record twice keeps both results (nothing is merged away); a
/// record's later pages are asked for once and appended to each of its results, so neither is left
/// short (they were appended to the first only, where the record's two cursors fetched each page
/// twice: the first result got them twice and the second none).
#[test]
fn batch_read_keeps_results_as_given_and_appends_pages_to_their_record() {
    let first = json!({"status": "COMPLETE", "results": [
        {"from": {"id": "1"}, "to": [{"toObjectId": 10, "associationTypes": []}], "paging": {"next": {"after": "a"}}},
        {"from": {"id": "1"}, "to": [{"toObjectId": 11, "associationTypes": []}]},
        {"from": {"id": "2"}, "to": [{"toObjectId": 20, "associationTypes": []}]}]});
    let page = json!({"status": "COMPLETE", "results": [
        {"from": {"id": "1"}, "to": [{"toObjectId": 12, "associationTypes": []}]},
        {"from": {"id": "3"}, "to": [{"toObjectId": 30, "associationTypes": []}]}]});
    let config = Config::from_options(ClientOptions {
        access_token: Some("pat-na1-token-0000".into()),
        base_url: Some("http://127.0.0.1:9".into()),
        api_version: Some(ApiVersion::parse("v4").unwrap()),
        max_retries: Some(0),
        ..Default::default()
    })
    .unwrap();
    let answers = [first, page]
        .map(|b| hubspot_associations::transport::HttpResponse::new(200, b.to_string()));
    let c = Client::new(config, Scripted::answering(answers), NoSleep);
    let op: BatchReadParams = params(
        json!({"fromObjectType": "contacts", "toObjectType": "companies",
        "inputs": [{"id": "1"}, {"id": "1"}, {"id": "2"}], "allPages": true}),
    );
    let out = block_on(op.call(&c, &CallOptions::default(), &NeverAbort)).unwrap();
    let ids: Vec<(String, Vec<String>)> = out
        .results
        .iter()
        .map(|r| {
            (
                r.from.id.to_string(),
                r.to.iter().map(|t| t.to_object_id.to_string()).collect(),
            )
        })
        .collect();
    assert_eq!(
        ids,
        [
            ("1".to_string(), vec!["10".to_string(), "12".to_string()]),
            ("1".to_string(), vec!["11".to_string(), "12".to_string()]),
            ("2".to_string(), vec!["20".to_string()]),
        ]
    );
}
