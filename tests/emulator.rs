#![cfg(feature = "emulator")]
//! The HubSpot emulator through its public API: every endpoint per version family, labels,
//! limits, paging, partial results, auth, ids, the log and reset.

use std::collections::BTreeSet;

use hubspot_associations::emulator::{Emulator, EmulatorOptions};
use hubspot_associations::transport::{HttpRequest, HttpResponse, Method};
use serde_json::{json, Value};

use Method::{Delete, Get, Post, Put};

const NOW: u64 = 1_772_366_400_000; // 2026-03-01T12:00:00Z
const TOKEN: &str = "pat-na1-secret-token";
const FAMILIES: [&str; 3] = ["2026-03", "2026-09", "v4"];

fn emu() -> Emulator {
    Emulator::new(EmulatorOptions::default())
}

fn objects(v: &str) -> String {
    if v == "v4" {
        "/crm/v4/objects".into()
    } else {
        format!("/crm/objects/{v}")
    }
}

fn assoc(v: &str) -> String {
    if v == "v4" {
        "/crm/v4/associations".into()
    } else {
        format!("/crm/associations/{v}")
    }
}

fn configs(v: &str) -> String {
    if v == "v4" {
        "/crm/associations/v4/definitions/configurations".into()
    } else {
        format!("/crm/associations/{v}/definitions/configurations")
    }
}

/// 201 (or 207 with errors) except in 2026-09, which answers 200.
fn created(v: &str) -> u16 {
    if v == "2026-09" {
        200
    } else {
        201
    }
}

fn partial(v: &str) -> u16 {
    if v == "2026-09" {
        200
    } else {
        207
    }
}

fn send(
    e: &mut Emulator,
    method: Method,
    url: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> HttpResponse {
    let request = HttpRequest {
        method,
        url: url.to_string(),
        headers: headers
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        body: body.map(str::to_string),
        shape: 0,
    };
    e.handle(&request, NOW)
}

fn call_raw(e: &mut Emulator, method: Method, path: &str, body: Option<&str>) -> HttpResponse {
    let auth = format!("Bearer {TOKEN}");
    send(
        e,
        method,
        &format!("http://127.0.0.1:9{path}"),
        &[("Authorization", &auth)],
        body,
    )
}

/// Status and parsed body (`Null` when empty).
fn call(e: &mut Emulator, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
    let r = call_raw(e, method, path, body.map(|b| b.to_string()).as_deref());
    let v = if r.body.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&r.body).expect("JSON body")
    };
    (r.status, v)
}

fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|r| match &r["toObjectId"] {
            Value::Number(n) => n.to_string(),
            id => id.as_str().unwrap().to_string(),
        })
        .collect()
}

/// `toObjectId` as a read answers it: a number in v4 (HubSpot's wire), a string in date versions.
fn wire_id(v: &str, id: u64) -> Value {
    if v == "v4" {
        json!(id)
    } else {
        json!(id.to_string())
    }
}

fn type_ids(item: &Value) -> Vec<i64> {
    item["associationTypes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["typeId"].as_i64().unwrap())
        .collect()
}

fn assert_hubspot_error(body: &Value, category: &str) {
    assert_eq!(body["status"], "error", "{body}");
    assert_eq!(body["category"], category, "{body}");
    assert!(
        body["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{body}"
    );
    assert_eq!(
        body["correlationId"].as_str().map(str::len),
        Some(36),
        "{body}"
    );
}

fn pair_input(from: &str, to: &str) -> Value {
    json!({"from": {"id": from}, "to": {"id": to}})
}

fn labelled_input(from: &str, to: &str, category: &str, type_id: i64) -> Value {
    json!({"from": {"id": from}, "to": {"id": to}, "types": [{"associationCategory": category, "associationTypeId": type_id}]})
}

// ---- records paths ----

#[test]
fn associate_default_answers_an_envelope_of_both_directions_in_every_family() {
    for v in FAMILIES {
        let mut e = emu();
        let r = call_raw(
            &mut e,
            Put,
            &format!("{}/contacts/1/associations/default/companies/2", objects(v)),
            None,
        );
        assert_eq!(r.status, 200, "{v}");
        assert_eq!(
            r.header("content-type"),
            Some("application/json;charset=utf-8")
        );
        assert_eq!(r.header("x-hubspot-correlation-id").map(str::len), Some(36));
        let body: Value = serde_json::from_str(&r.body).unwrap();
        assert_eq!(body["status"], "COMPLETE");
        assert_eq!(body["startedAt"], "2026-03-01T12:00:00.000Z");
        assert_eq!(body["completedAt"], "2026-03-01T12:00:00.000Z");
        assert!(body.get("errors").is_none() && body.get("numErrors").is_none());
        assert_eq!(
            body["results"],
            json!([
                {"from": {"id": "1"}, "to": {"id": "2"}, "associationSpec": {"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 279}},
                {"from": {"id": "2"}, "to": {"id": "1"}, "associationSpec": {"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 280}}
            ])
        );
        // Seen from the company side too.
        let (s, list) = call(
            &mut e,
            Get,
            &format!("{}/companies/2/associations/contacts", objects(v)),
            None,
        );
        assert_eq!(s, 200);
        assert_eq!(
            list,
            json!({"results": [{"toObjectId": wire_id(v, 1), "associationTypes": [{"category": "HUBSPOT_DEFINED", "typeId": 280, "label": null}]}]})
        );
    }
}

#[test]
fn default_types_follow_the_builtin_table_per_direction() {
    let mut e = emu();
    for (from, to, expected, inverse) in [
        ("contacts", "companies", 279, 280),
        ("companies", "contacts", 280, 279),
        ("deals", "companies", 341, 342),
        ("deals", "contacts", 3, 4),
        ("contacts", "deals", 4, 3),
        ("tickets", "companies", 339, 340),
        ("contacts", "tickets", 15, 16),
        ("deals", "line_items", 19, 20),
        ("contacts", "notes", 201, 202),
        ("tickets", "tasks", 229, 230),
    ] {
        let (s, body) = call(
            &mut e,
            Put,
            &format!("/crm/v4/objects/{from}/7/associations/default/{to}/8"),
            None,
        );
        assert_eq!(s, 200);
        assert_eq!(
            body["results"][0]["associationSpec"]["associationTypeId"], expected,
            "{from}->{to}"
        );
        assert_eq!(
            body["results"][1]["associationSpec"]["associationTypeId"], inverse,
            "{from}->{to}"
        );
    }
}

#[test]
fn object_types_are_normalised_from_names_singulars_and_ids() {
    let mut e = emu();
    assert_eq!(
        call(
            &mut e,
            Put,
            "/crm/v4/objects/contact/1/associations/default/0-2/5",
            None
        )
        .0,
        200
    );
    for (ty, to) in [
        ("contacts", "companies"),
        ("contact", "company"),
        ("0-1", "0-2"),
        ("CONTACTS", "Companies"),
    ] {
        let (s, list) = call(
            &mut e,
            Get,
            &format!("/crm/v4/objects/{ty}/1/associations/{to}"),
            None,
        );
        assert_eq!(
            (s, ids(&list["results"])),
            (200, vec!["5".to_string()]),
            "{ty}"
        );
    }
    let (_, labelled) = call(
        &mut e,
        Put,
        "/crm/v4/objects/company/5/associations/contact/1",
        Some(json!([{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 2}])),
    );
    assert_eq!(
        labelled,
        json!({"fromObjectTypeId": "0-2", "fromObjectId": "5", "toObjectTypeId": "0-1", "toObjectId": "1", "labels": ["Contact with Primary Company"]})
    );
}

#[test]
fn custom_object_pairs_get_a_stable_invented_default_type() {
    let mut e = emu();
    let (s, body) = call(
        &mut e,
        Put,
        "/crm/objects/2026-03/2-123/1/associations/default/contacts/2",
        None,
    );
    assert_eq!(s, 200);
    let t = body["results"][0]["associationSpec"]["associationTypeId"]
        .as_i64()
        .unwrap();
    let inv = body["results"][1]["associationSpec"]["associationTypeId"]
        .as_i64()
        .unwrap();
    assert!(t >= 1000 && inv >= 1000 && t != inv, "{body}");
    let (_, again) = call(
        &mut e,
        Put,
        "/crm/objects/2026-03/2-123/3/associations/default/0-1/4",
        None,
    );
    assert_eq!(
        again["results"][0]["associationSpec"]["associationTypeId"],
        t
    );
    let (_, back) = call(
        &mut e,
        Put,
        "/crm/objects/2026-03/contacts/9/associations/default/2-123/8",
        None,
    );
    assert_eq!(
        back["results"][0]["associationSpec"]["associationTypeId"],
        inv
    );
    let (_, labels) = call(
        &mut e,
        Get,
        "/crm/associations/2026-03/2-123/contacts/labels",
        None,
    );
    assert_eq!(
        labels["results"],
        json!([{"category": "HUBSPOT_DEFINED", "typeId": t, "label": null}])
    );
}

#[test]
fn labelled_put_answers_201_with_labels_in_every_family() {
    for v in FAMILIES {
        let mut e = emu();
        let spec = json!([{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 1}]);
        let (s, body) = call(
            &mut e,
            Put,
            &format!("{}/contacts/1/associations/companies/2", objects(v)),
            Some(spec),
        );
        assert_eq!(s, 201, "{v}");
        assert_eq!(
            body,
            json!({"fromObjectTypeId": "0-1", "fromObjectId": "1", "toObjectTypeId": "0-2", "toObjectId": "2", "labels": ["Primary"]})
        );
        let (_, list) = call(
            &mut e,
            Get,
            &format!("{}/contacts/1/associations/companies", objects(v)),
            None,
        );
        assert_eq!(type_ids(&list["results"][0]), vec![1, 279]);
        assert_eq!(
            list["results"][0]["associationTypes"][0],
            json!({"category": "HUBSPOT_DEFINED", "typeId": 1, "label": "Primary"})
        );
    }
}

#[test]
fn a_type_id_of_the_other_direction_is_refused_with_hubspots_400() {
    for v in FAMILIES {
        let mut e = emu();
        let r = call_raw(
            &mut e,
            Put,
            &format!("{}/contacts/1/associations/companies/2", objects(v)),
            Some(r#"[{"associationCategory":"HUBSPOT_DEFINED","associationTypeId":280}]"#),
        );
        assert_eq!(r.status, 400);
        let body: Value = serde_json::from_str(&r.body).unwrap();
        assert_hubspot_error(&body, "VALIDATION_ERROR");
        assert_eq!(body["message"], "One or more associations are invalid");
        assert!(body["context"].is_object());
        assert_eq!(
            body["correlationId"].as_str(),
            r.header("x-hubspot-correlation-id")
        );
        // Wrong category for a right id, and an empty list, are refused too.
        let wrong_cat = json!([{"associationCategory": "USER_DEFINED", "associationTypeId": 279}]);
        assert_eq!(
            call(
                &mut e,
                Put,
                &format!("{}/contacts/1/associations/companies/2", objects(v)),
                Some(wrong_cat)
            )
            .0,
            400
        );
        assert_eq!(
            call(
                &mut e,
                Put,
                &format!("{}/contacts/1/associations/companies/2", objects(v)),
                Some(json!([]))
            )
            .0,
            400
        );
        let (_, list) = call(
            &mut e,
            Get,
            &format!("{}/contacts/1/associations/companies", objects(v)),
            None,
        );
        assert_eq!(list["results"], json!([]), "nothing was created");
    }
}

#[test]
fn delete_removes_the_pair_in_both_directions() {
    for v in FAMILIES {
        let mut e = emu();
        call(
            &mut e,
            Put,
            &format!("{}/deals/1/associations/contacts/2", objects(v)),
            Some(json!([{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 3}])),
        );
        call(
            &mut e,
            Put,
            &format!("{}/deals/1/associations/default/contacts/3", objects(v)),
            None,
        );
        let r = call_raw(
            &mut e,
            Delete,
            &format!("{}/deals/1/associations/contacts/2", objects(v)),
            None,
        );
        assert_eq!(
            (r.status, r.body.as_str(), r.header("content-type")),
            (204, "", None)
        );
        let (_, list) = call(
            &mut e,
            Get,
            &format!("{}/deals/1/associations/contacts", objects(v)),
            None,
        );
        assert_eq!(ids(&list["results"]), vec!["3"]);
        let (_, back) = call(
            &mut e,
            Get,
            &format!("{}/contacts/2/associations/deals", objects(v)),
            None,
        );
        assert_eq!(back["results"], json!([]));
    }
}

// ---- listing and paging ----

fn seed_many(e: &mut Emulator, from: &str, n: u64) {
    let inputs: Vec<Value> = (1..=n).map(|i| pair_input(from, &i.to_string())).collect();
    let (s, body) = call(
        e,
        Post,
        "/crm/v4/associations/contacts/companies/batch/associate/default",
        Some(json!({"inputs": inputs})),
    );
    assert_eq!(s, 200);
    assert_eq!(body["results"].as_array().unwrap().len() as u64, 2 * n);
}

fn list_all(e: &mut Emulator, base: &str, limit: Option<u32>) -> (Vec<String>, usize) {
    let (mut seen, mut pages, mut after) = (vec![], 0, None::<String>);
    loop {
        let mut q = vec![];
        if let Some(l) = limit {
            q.push(format!("limit={l}"));
        }
        if let Some(a) = &after {
            q.push(format!("after={a}"));
        }
        let (s, body) = call(e, Get, &format!("{base}?{}", q.join("&")), None);
        assert_eq!(s, 200);
        pages += 1;
        seen.extend(ids(&body["results"]));
        match body["paging"]["next"]["after"].as_str() {
            Some(a) => {
                assert!(body["paging"]["next"]["link"]
                    .as_str()
                    .unwrap()
                    .contains(&format!("after={a}")));
                after = Some(a.to_string());
            }
            None => return (seen, pages),
        }
    }
}

#[test]
fn paging_visits_every_association_exactly_once_in_numeric_order() {
    let mut e = emu();
    seed_many(&mut e, "1", 1234);
    let expected: Vec<String> = (1..=1234).map(|i: u32| i.to_string()).collect();
    for v in FAMILIES {
        let base = format!("{}/contacts/1/associations/companies", objects(v));
        let (seen, pages) = list_all(&mut e, &base, Some(100));
        assert_eq!((seen.clone(), pages), (expected.clone(), 13), "{v}");
        let (seen, pages) = list_all(&mut e, &base, None);
        assert_eq!(
            (seen, pages),
            (expected.clone(), 3),
            "{v}: default limit 500"
        );
        let (seen, pages) = list_all(&mut e, &base, Some(500));
        assert_eq!((seen.len(), pages), (1234, 3));
    }
}

#[test]
fn paging_stays_exact_when_associations_change_between_pages() {
    let mut e = emu();
    seed_many(&mut e, "1", 30);
    let (_, first) = call(
        &mut e,
        Get,
        "/crm/v4/objects/contacts/1/associations/companies?limit=10",
        None,
    );
    let after = first["paging"]["next"]["after"]
        .as_str()
        .unwrap()
        .to_string();
    call(
        &mut e,
        Delete,
        "/crm/v4/objects/contacts/1/associations/companies/3",
        None,
    ); // already seen
    call(
        &mut e,
        Delete,
        "/crm/v4/objects/contacts/1/associations/companies/15",
        None,
    ); // not yet seen
    let (_, second) = call(
        &mut e,
        Get,
        &format!("/crm/v4/objects/contacts/1/associations/companies?limit=10&after={after}"),
        None,
    );
    let expected: Vec<String> = (11..=21)
        .filter(|i| *i != 15)
        .map(|i: u32| i.to_string())
        .collect();
    assert_eq!(ids(&second["results"]), expected);
}

#[test]
fn list_limit_outside_1_to_500_is_a_validation_error() {
    let mut e = emu();
    for q in [
        "limit=501",
        "limit=0",
        "limit=-1",
        "limit=ten",
        "after=not-a-cursor",
    ] {
        let (s, body) = call(
            &mut e,
            Get,
            &format!("/crm/objects/2026-03/contacts/1/associations/companies?{q}"),
            None,
        );
        assert_eq!(s, 400, "{q}");
        assert_hubspot_error(&body, "VALIDATION_ERROR");
    }
    let (s, body) = call(
        &mut e,
        Get,
        "/crm/objects/2026-03/contacts/1/associations/companies?limit=500",
        None,
    );
    assert_eq!((s, body), (200, json!({"results": []})));
}

// ---- batch read ----

#[test]
fn batch_read_gives_results_and_per_input_errors() {
    for v in FAMILIES {
        let mut e = emu();
        call(
            &mut e,
            Put,
            &format!("{}/contacts/1/associations/default/companies/5", objects(v)),
            None,
        );
        let body = json!({"inputs": [{"id": "1"}, {"id": "x1"}, {"id": 999}]});
        let (s, env) = call(
            &mut e,
            Post,
            &format!("{}/contacts/companies/batch/read", assoc(v)),
            Some(body),
        );
        assert_eq!(s, partial(v), "{v}");
        assert_eq!(env["status"], "COMPLETE");
        assert_eq!(
            env["results"],
            json!([{"from": {"id": "1"}, "to": [{"toObjectId": wire_id(v, 5), "associationTypes": [{"category": "HUBSPOT_DEFINED", "typeId": 279, "label": null}]}]}])
        );
        assert_eq!(env["numErrors"], 2);
        let errors = env["errors"].as_array().unwrap();
        assert_eq!(errors[0]["category"], "VALIDATION_ERROR");
        assert_eq!(errors[0]["context"]["ids"], json!(["x1"]));
        assert_eq!(errors[1]["category"], "OBJECT_NOT_FOUND");
        assert_eq!(
            errors[1]["subCategory"],
            "crm.associations.NO_ASSOCIATIONS_FOUND"
        );
        assert_eq!(errors[1]["context"]["fromObjectId"], json!(["999"]));
        assert!(errors
            .iter()
            .all(|e| e["status"] == "error" && e["errors"].is_array()));
        // All good: 200 without errors.
        let (s, env) = call(
            &mut e,
            Post,
            &format!("{}/contacts/companies/batch/read", assoc(v)),
            Some(json!({"inputs": [{"id": 1}]})),
        );
        assert_eq!(s, 200);
        assert!(env.get("errors").is_none());
    }
}

#[test]
fn batch_read_pages_per_input() {
    let mut e = Emulator::from_json(r#"{"batchReadPageSize": 10}"#).unwrap();
    seed_many(&mut e, "1", 25);
    seed_many(&mut e, "2", 3);
    let (s, env) = call(
        &mut e,
        Post,
        "/crm/associations/2026-03/contacts/companies/batch/read",
        Some(json!({"inputs": [{"id": "1"}, {"id": "2"}]})),
    );
    assert_eq!(s, 200);
    let results = env["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    assert_eq!(results[0]["to"].as_array().unwrap().len(), 10);
    assert!(results[1].get("paging").is_none());
    assert_eq!(ids(&results[1]["to"]), vec!["1", "2", "3"]);
    let mut seen = ids(&results[0]["to"]);
    let mut after = results[0]["paging"]["next"]["after"]
        .as_str()
        .map(str::to_string);
    let mut calls = 1;
    while let Some(a) = after {
        let (_, env) = call(
            &mut e,
            Post,
            "/crm/associations/2026-03/contacts/companies/batch/read",
            Some(json!({"inputs": [{"id": "1", "after": a}]})),
        );
        seen.extend(ids(&env["results"][0]["to"]));
        after = env["results"][0]["paging"]["next"]["after"]
            .as_str()
            .map(str::to_string);
        calls += 1;
    }
    assert_eq!(calls, 3);
    assert_eq!(
        seen,
        (1..=25).map(|i: u32| i.to_string()).collect::<Vec<_>>()
    );
}

#[test]
fn batch_read_refuses_more_than_1000_inputs() {
    let mut e = emu();
    let inputs = |n: u32| json!({"inputs": (1..=n).map(|i| json!({"id": i.to_string()})).collect::<Vec<_>>()});
    let (s, body) = call(
        &mut e,
        Post,
        "/crm/v4/associations/contacts/companies/batch/read",
        Some(inputs(1001)),
    );
    assert_eq!(s, 400);
    assert_hubspot_error(&body, "VALIDATION_ERROR");
    let (s, body) = call(
        &mut e,
        Post,
        "/crm/v4/associations/contacts/companies/batch/read",
        Some(inputs(1000)),
    );
    assert_eq!((s, body["numErrors"].as_u64()), (207, Some(1000)));
}

// ---- batch writes ----

#[test]
fn batch_create_answers_201_or_207_per_family() {
    for v in FAMILIES {
        let mut e = emu();
        let url = format!("{}/contacts/companies/batch/create", assoc(v));
        let (s, env) = call(
            &mut e,
            Post,
            &url,
            Some(json!({"inputs": [labelled_input("1", "2", "HUBSPOT_DEFINED", 1)]})),
        );
        assert_eq!(s, created(v), "{v}");
        assert_eq!(
            env["results"],
            json!([{"fromObjectTypeId": "0-1", "fromObjectId": "1", "toObjectTypeId": "0-2", "toObjectId": "2", "labels": ["Primary"]}])
        );
        let body = json!({"inputs": [labelled_input("3", "4", "HUBSPOT_DEFINED", 279), labelled_input("3", "5", "HUBSPOT_DEFINED", 3), labelled_input("x", "5", "HUBSPOT_DEFINED", 279)]});
        let (s, env) = call(&mut e, Post, &url, Some(body));
        assert_eq!(s, partial(v), "{v}");
        assert_eq!(env["results"].as_array().unwrap().len(), 1);
        assert_eq!(env["results"][0]["toObjectId"], "4");
        assert_eq!(env["results"][0]["labels"], json!([]));
        assert_eq!(env["numErrors"], 2);
        assert_eq!(
            env["errors"][0]["message"],
            "One or more associations are invalid"
        );
        let (_, list) = call(
            &mut e,
            Get,
            &format!("{}/contacts/3/associations/companies", objects(v)),
            None,
        );
        assert_eq!(
            ids(&list["results"]),
            vec!["4"],
            "the failed inputs created nothing"
        );
    }
}

#[test]
fn batch_associate_default_answers_200_or_207() {
    for v in FAMILIES {
        let mut e = emu();
        let url = format!("{}/deals/companies/batch/associate/default", assoc(v));
        let (s, env) = call(
            &mut e,
            Post,
            &url,
            Some(json!({"inputs": [pair_input("1", "2"), pair_input("1", "3")]})),
        );
        assert_eq!(s, 200);
        let specs: Vec<(String, String, i64)> = env["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["from"]["id"].as_str().unwrap().into(),
                    r["to"]["id"].as_str().unwrap().into(),
                    r["associationSpec"]["associationTypeId"].as_i64().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            specs,
            vec![
                ("1".into(), "2".into(), 341),
                ("2".into(), "1".into(), 342),
                ("1".into(), "3".into(), 341),
                ("3".into(), "1".into(), 342)
            ]
        );
        let (s, env) = call(
            &mut e,
            Post,
            &url,
            Some(json!({"inputs": [pair_input("1", "4"), pair_input("1", "-4")]})),
        );
        assert_eq!((s, env["numErrors"].as_u64()), (partial(v), Some(1)));
    }
}

#[test]
fn batch_archive_is_204_in_v4_and_an_envelope_in_date_versions() {
    for v in FAMILIES {
        let mut e = emu();
        seed_many(&mut e, "1", 4);
        call(
            &mut e,
            Put,
            "/crm/v4/objects/contacts/1/associations/companies/2",
            Some(json!([{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 1}])),
        );
        let r = call_raw(
            &mut e,
            Post,
            &format!("{}/contacts/companies/batch/archive", assoc(v)),
            Some(r#"{"inputs":[{"from":{"id":"1"},"to":[{"id":"2"},{"id":3}]}]}"#),
        );
        if v == "v4" {
            assert_eq!(
                (r.status, r.body.as_str(), r.header("content-type")),
                (204, "", None)
            );
        } else {
            assert_eq!(r.status, 200, "{v}");
            let env: Value = serde_json::from_str(&r.body).unwrap();
            assert_eq!(
                (env["status"].as_str(), env["results"].clone()),
                (Some("COMPLETE"), json!([]))
            );
        }
        let (_, list) = call(
            &mut e,
            Get,
            &format!("{}/contacts/1/associations/companies", objects(v)),
            None,
        );
        assert_eq!(
            ids(&list["results"]),
            vec!["1", "4"],
            "{v}: every type of the pair is gone"
        );
        let (_, back) = call(
            &mut e,
            Get,
            &format!("{}/companies/2/associations/contacts", objects(v)),
            None,
        );
        assert_eq!(back["results"], json!([]));
    }
}

#[test]
fn batch_archive_labels_removes_only_those_types() {
    for v in FAMILIES {
        let mut e = emu();
        call(
            &mut e,
            Put,
            "/crm/v4/objects/contacts/1/associations/companies/2",
            Some(json!([{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 1}])),
        );
        let r = call_raw(
            &mut e,
            Post,
            &format!("{}/contacts/companies/batch/labels/archive", assoc(v)),
            Some(&json!({"inputs": [labelled_input("1", "2", "HUBSPOT_DEFINED", 1)]}).to_string()),
        );
        assert_eq!(r.status, if v == "v4" { 204 } else { 200 }, "{v}");
        let (_, list) = call(
            &mut e,
            Get,
            &format!("{}/contacts/1/associations/companies", objects(v)),
            None,
        );
        assert_eq!(
            type_ids(&list["results"][0]),
            vec![279],
            "{v}: the pair remains unlabelled"
        );
        let (_, back) = call(
            &mut e,
            Get,
            &format!("{}/companies/2/associations/contacts", objects(v)),
            None,
        );
        assert_eq!(type_ids(&back["results"][0]), vec![280]);
        // Removing the last type removes the pair.
        call_raw(
            &mut e,
            Post,
            &format!("{}/contacts/companies/batch/labels/archive", assoc(v)),
            Some(
                &json!({"inputs": [labelled_input("1", "2", "HUBSPOT_DEFINED", 279)]}).to_string(),
            ),
        );
        let (_, list) = call(
            &mut e,
            Get,
            &format!("{}/contacts/1/associations/companies", objects(v)),
            None,
        );
        assert_eq!(list["results"], json!([]));
    }
}

// ---- labels ----

#[test]
fn labels_list_shows_builtins_of_the_direction() {
    for v in FAMILIES {
        let mut e = emu();
        let (s, body) = call(
            &mut e,
            Get,
            &format!("{}/contacts/companies/labels", assoc(v)),
            None,
        );
        assert_eq!(s, 200);
        assert_eq!(
            body["results"],
            json!([{"category": "HUBSPOT_DEFINED", "typeId": 1, "label": "Primary"}, {"category": "HUBSPOT_DEFINED", "typeId": 279, "label": null}])
        );
        let (_, body) = call(
            &mut e,
            Get,
            &format!("{}/deals/contacts/labels", assoc(v)),
            None,
        );
        assert_eq!(
            body["results"],
            json!([{"category": "HUBSPOT_DEFINED", "typeId": 3, "label": null}])
        );
    }
}

#[test]
fn labels_can_be_created_used_updated_and_deleted() {
    for v in FAMILIES {
        let mut e = emu();
        let labels = format!("{}/contacts/companies/labels", assoc(v));
        let (s, body) = call(
            &mut e,
            Post,
            &labels,
            Some(json!({"label": "Manager", "name": "manager", "inverseLabel": "Managed company"})),
        );
        assert_eq!(s, 200, "{v}");
        let results = body["results"].as_array().unwrap();
        assert_eq!(results.len(), 2);
        let (fwd, inv) = (
            results[0]["typeId"].as_i64().unwrap(),
            results[1]["typeId"].as_i64().unwrap(),
        );
        assert!(fwd >= 1000 && inv >= 1000 && fwd != inv);
        assert_eq!(
            results[0],
            json!({"category": "USER_DEFINED", "typeId": fwd, "label": "Manager", "fromObjectTypeId": "0-1", "toObjectTypeId": "0-2"})
        );
        assert_eq!(
            results[1],
            json!({"category": "USER_DEFINED", "typeId": inv, "label": "Managed company", "fromObjectTypeId": "0-2", "toObjectTypeId": "0-1"})
        );
        let (_, list) = call(&mut e, Get, &labels, None);
        assert!(list["results"]
            .as_array()
            .unwrap()
            .contains(&json!({"category": "USER_DEFINED", "typeId": fwd, "label": "Manager"})));
        let (_, back) = call(
            &mut e,
            Get,
            &format!("{}/companies/contacts/labels", assoc(v)),
            None,
        );
        assert!(back["results"].as_array().unwrap().contains(
            &json!({"category": "USER_DEFINED", "typeId": inv, "label": "Managed company"})
        ));

        // Usable in creates (this direction only).
        let (s, pair) = call(
            &mut e,
            Put,
            &format!("{}/contacts/1/associations/companies/2", objects(v)),
            Some(json!([{"associationCategory": "USER_DEFINED", "associationTypeId": fwd}])),
        );
        assert_eq!((s, pair["labels"].clone()), (201, json!(["Manager"])));
        let (s, _) = call(
            &mut e,
            Put,
            &format!("{}/contacts/1/associations/companies/2", objects(v)),
            Some(json!([{"associationCategory": "USER_DEFINED", "associationTypeId": inv}])),
        );
        assert_eq!(s, 400);
        let (_, back) = call(
            &mut e,
            Get,
            &format!("{}/companies/2/associations/contacts", objects(v)),
            None,
        );
        assert!(back["results"][0]["associationTypes"]
            .as_array()
            .unwrap()
            .contains(
                &json!({"category": "USER_DEFINED", "typeId": inv, "label": "Managed company"})
            ));

        // Update.
        let (s, body) = call(
            &mut e,
            Put,
            &labels,
            Some(json!({"associationTypeId": fwd, "label": "Boss", "inverseLabel": "Bossed"})),
        );
        assert_eq!((s, body), (204, Value::Null));
        let (_, list) = call(
            &mut e,
            Get,
            &format!("{}/contacts/1/associations/companies", objects(v)),
            None,
        );
        assert!(list["results"][0]["associationTypes"]
            .as_array()
            .unwrap()
            .contains(&json!({"category": "USER_DEFINED", "typeId": fwd, "label": "Boss"})));
        let (s, body) = call(
            &mut e,
            Put,
            &labels,
            Some(json!({"associationTypeId": 279, "label": "Mine"})),
        );
        assert_eq!(s, 400);
        assert_hubspot_error(&body, "VALIDATION_ERROR");

        // Delete: the label and its associations go, the pair keeps its default type.
        let (s, _) = call(&mut e, Delete, &format!("{labels}/{fwd}"), None);
        assert_eq!(s, 204);
        let (_, list) = call(&mut e, Get, &labels, None);
        assert!(!list["results"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["typeId"] == fwd));
        let (_, list) = call(
            &mut e,
            Get,
            &format!("{}/contacts/1/associations/companies", objects(v)),
            None,
        );
        assert_eq!(type_ids(&list["results"][0]), vec![279]);
        let (s, body) = call(&mut e, Delete, &format!("{labels}/{fwd}"), None);
        assert_eq!(s, 404);
        assert_hubspot_error(&body, "OBJECT_NOT_FOUND");
    }
}

#[test]
fn label_ids_never_collide_and_names_are_unique_per_pair() {
    let mut e = emu();
    let mut seen = BTreeSet::new();
    for (pair, name, inverse) in [
        ("contacts/companies", "a", None),
        ("deals/contacts", "b", Some("B")),
        ("companies/companies", "c", None),
        ("companies/companies", "d", Some("D")),
    ] {
        let mut body = json!({"label": name.to_uppercase(), "name": name});
        if let Some(i) = inverse {
            body["inverseLabel"] = json!(i);
        }
        let (s, out) = call(
            &mut e,
            Post,
            &format!("/crm/v4/associations/{pair}/labels"),
            Some(body),
        );
        assert_eq!(s, 200);
        for r in out["results"].as_array().unwrap() {
            let id = r["typeId"].as_i64().unwrap();
            assert!(id >= 1000 && seen.insert(id), "{id} reused");
        }
    }
    // Different object types: one id per direction; same type without inverse: one symmetric id.
    assert_eq!(seen.len(), 2 + 2 + 1 + 2);
    let (s, body) = call(
        &mut e,
        Post,
        "/crm/v4/associations/contacts/companies/labels",
        Some(json!({"label": "Other", "name": "a"})),
    );
    assert_eq!(s, 409);
    assert_hubspot_error(&body, "CONFLICT");
    let (s, _) = call(
        &mut e,
        Post,
        "/crm/v4/associations/contacts/companies/labels",
        Some(json!({"label": "", "name": "z"})),
    );
    assert_eq!(s, 400);
}

// ---- limits ----

#[test]
fn limits_can_be_created_read_updated_and_purged() {
    for v in FAMILIES {
        let mut e = emu();
        let pair = format!("{}/contacts/companies", configs(v));
        let (s, env) = call(
            &mut e,
            Post,
            &format!("{pair}/batch/create"),
            Some(
                json!({"inputs": [{"category": "HUBSPOT_DEFINED", "typeId": 279, "maxToObjectIds": 5}]}),
            ),
        );
        assert_eq!(s, created(v), "{v}");
        assert_eq!(
            env["results"],
            json!([{"category": "HUBSPOT_DEFINED", "typeId": 279, "label": null, "userEnforcedMaxToObjectIds": 5}])
        );
        let (s, body) = call(&mut e, Get, &pair, None);
        assert_eq!((s, body["results"].clone()), (200, env["results"].clone()));
        let (_, all) = call(&mut e, Get, &format!("{}/all", configs(v)), None);
        assert_eq!(all["results"], env["results"]);

        // Update without category (defaults to the type's).
        let (s, env) = call(
            &mut e,
            Post,
            &format!("{pair}/batch/update"),
            Some(json!({"inputs": [{"typeId": 279, "maxToObjectIds": 7}]})),
        );
        assert_eq!(s, 200);
        assert_eq!(env["results"][0]["userEnforcedMaxToObjectIds"], 7);
        assert_eq!(env["results"][0]["category"], "HUBSPOT_DEFINED");

        // Bad inputs: 207 (200 in 2026-09) with errors; the good one applies.
        let body = json!({"inputs": [{"typeId": 1, "maxToObjectIds": 1}, {"typeId": 280, "maxToObjectIds": 1}, {"typeId": 279, "maxToObjectIds": 2}, {"typeId": 1, "category": "USER_DEFINED", "maxToObjectIds": 1}]});
        let (s, env) = call(&mut e, Post, &format!("{pair}/batch/create"), Some(body));
        assert_eq!(s, partial(v));
        assert_eq!(env["results"].as_array().unwrap().len(), 1);
        assert_eq!(env["numErrors"], 3);
        assert_eq!(
            env["errors"][1]["category"], "CONFLICT",
            "279 already has a limit"
        );

        // Purge.
        let r = call_raw(
            &mut e,
            Post,
            &format!("{pair}/batch/purge"),
            Some(r#"{"inputs":[{"category":"HUBSPOT_DEFINED","typeId":279}]}"#),
        );
        assert_eq!(r.status, if v == "v4" { 204 } else { 200 });
        assert_eq!(r.body.is_empty(), v == "v4");
        let (_, body) = call(&mut e, Get, &pair, None);
        assert_eq!(
            body["results"],
            json!([{"category": "HUBSPOT_DEFINED", "typeId": 1, "label": "Primary", "userEnforcedMaxToObjectIds": 1}])
        );
    }
}

#[test]
fn the_older_v4_configurations_alias_works() {
    let mut e = emu();
    call(
        &mut e,
        Post,
        "/crm/v4/associations/definitions/configurations/deals/contacts/batch/create",
        Some(
            json!({"inputs": [{"category": "HUBSPOT_DEFINED", "typeId": 3, "maxToObjectIds": 2}]}),
        ),
    );
    let (s, body) = call(
        &mut e,
        Get,
        "/crm/associations/v4/definitions/configurations/all",
        None,
    );
    assert_eq!((s, body["results"][0]["typeId"].as_i64()), (200, Some(3)));
    // Labels live under /crm/associations/v4 in HubSpot's current v4 reference, and under the
    // older /crm/v4/associations too; batches only under /crm/v4/associations.
    let (s, current) = call(
        &mut e,
        Get,
        "/crm/associations/v4/deals/contacts/labels",
        None,
    );
    let (_, older) = call(
        &mut e,
        Get,
        "/crm/v4/associations/deals/contacts/labels",
        None,
    );
    assert_eq!((s, &current), (200, &older));
    assert!(!current["results"].as_array().unwrap().is_empty());
    let read = json!({"inputs": [{"id": "1"}]});
    let (s, _) = call(
        &mut e,
        Post,
        "/crm/associations/v4/deals/contacts/batch/read",
        Some(read),
    );
    assert_eq!(s, 404);
}

#[test]
fn limits_are_enforced_for_single_and_batch_creates() {
    for v in FAMILIES {
        let mut e = emu();
        let (_, label) = call(
            &mut e,
            Post,
            &format!("{}/contacts/companies/labels", assoc(v)),
            Some(json!({"label": "Owner", "name": "owner"})),
        );
        let t = label["results"][0]["typeId"].as_i64().unwrap();
        let (s, _) = call(
            &mut e,
            Post,
            &format!("{}/contacts/companies/batch/update", configs(v)),
            Some(json!({"inputs": [{"typeId": t, "maxToObjectIds": 2}]})),
        );
        assert_eq!(s, 200);
        let spec = json!([{"associationCategory": "USER_DEFINED", "associationTypeId": t}]);
        for to in ["10", "11"] {
            assert_eq!(
                call(
                    &mut e,
                    Put,
                    &format!("{}/contacts/1/associations/companies/{to}", objects(v)),
                    Some(spec.clone())
                )
                .0,
                201
            );
        }
        // Re-adding an existing one is fine; a third is refused.
        assert_eq!(
            call(
                &mut e,
                Put,
                &format!("{}/contacts/1/associations/companies/10", objects(v)),
                Some(spec.clone())
            )
            .0,
            201
        );
        let (s, body) = call(
            &mut e,
            Put,
            &format!("{}/contacts/1/associations/companies/12", objects(v)),
            Some(spec.clone()),
        );
        assert_eq!(s, 400, "{v}");
        assert_hubspot_error(&body, "VALIDATION_ERROR");
        // Unlabelled associations are not limited; another contact has its own budget.
        assert_eq!(
            call(
                &mut e,
                Put,
                &format!(
                    "{}/contacts/1/associations/default/companies/12",
                    objects(v)
                ),
                None
            )
            .0,
            200
        );
        let body = json!({"inputs": [labelled_input("2", "10", "USER_DEFINED", t), labelled_input("2", "11", "USER_DEFINED", t), labelled_input("2", "12", "USER_DEFINED", t), labelled_input("1", "13", "USER_DEFINED", t)]});
        let (s, env) = call(
            &mut e,
            Post,
            &format!("{}/contacts/companies/batch/create", assoc(v)),
            Some(body),
        );
        assert_eq!(s, partial(v), "{v}");
        assert_eq!(env["numErrors"], 2);
        assert_eq!(env["results"].as_array().unwrap().len(), 2);
        let (_, list) = call(
            &mut e,
            Get,
            &format!("{}/contacts/2/associations/companies", objects(v)),
            None,
        );
        assert_eq!(ids(&list["results"]), vec!["10", "11"]);
    }
}

#[test]
fn limits_of_the_inverse_direction_are_enforced_too() {
    let mut e = emu();
    call(
        &mut e,
        Post,
        "/crm/v4/associations/definitions/configurations/companies/contacts/batch/create",
        Some(
            json!({"inputs": [{"category": "HUBSPOT_DEFINED", "typeId": 280, "maxToObjectIds": 1}]}),
        ),
    );
    assert_eq!(
        call(
            &mut e,
            Put,
            "/crm/v4/objects/contacts/1/associations/default/companies/9",
            None
        )
        .0,
        200
    );
    // Company 9 may have one contact: a second contact pointing at it is refused.
    let (s, body) = call(
        &mut e,
        Put,
        "/crm/v4/objects/contacts/2/associations/default/companies/9",
        None,
    );
    assert_eq!(s, 400);
    assert_hubspot_error(&body, "VALIDATION_ERROR");
}

// ---- usage report ----

#[test]
fn high_usage_report_is_enqueued() {
    for v in FAMILIES {
        let mut e = emu();
        let (s, body) = call(
            &mut e,
            Post,
            &format!("{}/usage/high-usage-report/42", assoc(v)),
            None,
        );
        assert_eq!(s, 200, "{v}");
        assert_eq!(
            body["enqueueTime"],
            json!({"value": NOW, "dateOnly": false, "timeZoneShift": 0})
        );
        assert_eq!(body["userId"], 42);
        assert!(body["userEmail"].as_str().unwrap().contains('@'));
        assert_eq!(
            call(
                &mut e,
                Post,
                &format!("{}/usage/high-usage-report/abc", assoc(v)),
                None
            )
            .0,
            400
        );
    }
}

// ---- v3 ----

#[test]
fn v3_create_read_types_and_archive() {
    let mut e = emu();
    let (s, types) = call(
        &mut e,
        Get,
        "/crm/v3/associations/contacts/companies/types",
        None,
    );
    assert_eq!(s, 200);
    assert_eq!(
        types["results"],
        json!([{"id": "1", "name": "contact_to_company"}, {"id": "279", "name": "contact_to_company_unlabeled"}])
    );
    let (_, types) = call(&mut e, Get, "/crm/v3/associations/deal/contact/types", None);
    assert_eq!(
        types["results"],
        json!([{"id": "3", "name": "deal_to_contact"}])
    );

    let body = json!({"inputs": [
        {"from": {"id": "1"}, "to": {"id": "2"}, "type": "contact_to_company"},
        {"from": {"id": "1"}, "to": {"id": "3"}, "type": "contact_to_company_unlabeled"},
        {"from": {"id": "1"}, "to": {"id": "4"}, "type": "company_to_contact"}
    ]});
    let (s, env) = call(
        &mut e,
        Post,
        "/crm/v3/associations/contacts/companies/batch/create",
        Some(body),
    );
    assert_eq!(s, 207);
    assert_eq!(
        env["results"][0],
        json!({"from": {"id": "1"}, "to": {"id": "2"}, "type": "contact_to_company"})
    );
    assert_eq!(
        (
            env["results"].as_array().unwrap().len(),
            env["numErrors"].as_u64()
        ),
        (2, Some(1))
    );
    let (s, _) = call(
        &mut e,
        Post,
        "/crm/v3/associations/contacts/companies/batch/create",
        Some(
            json!({"inputs": [{"from": {"id": "5"}, "to": {"id": "6"}, "type": "contact_to_company"}]}),
        ),
    );
    assert_eq!(s, 201);

    let (s, env) = call(
        &mut e,
        Post,
        "/crm/v3/associations/contact/company/batch/read",
        Some(json!({"inputs": [{"id": "1"}, {"id": "77"}]})),
    );
    assert_eq!(s, 207);
    assert_eq!(
        env["results"],
        json!([{"from": {"id": "1"}, "to": [
            {"id": "2", "type": "contact_to_company"}, {"id": "2", "type": "contact_to_company_unlabeled"},
            {"id": "3", "type": "contact_to_company_unlabeled"}]}])
    );
    let (_, env) = call(
        &mut e,
        Post,
        "/crm/v3/associations/company/contact/batch/read",
        Some(json!({"inputs": [{"id": "2"}]})),
    );
    assert_eq!(
        env["results"][0]["to"],
        json!([{"id": "1", "type": "company_to_contact"}, {"id": "1", "type": "company_to_contact_unlabeled"}])
    );

    let r = call_raw(
        &mut e,
        Post,
        "/crm/v3/associations/contacts/companies/batch/archive",
        Some(r#"{"inputs":[{"from":{"id":"1"},"to":{"id":"2"},"type":"contact_to_company"}]}"#),
    );
    assert_eq!((r.status, r.body.as_str()), (204, ""));
    let (_, list) = call(
        &mut e,
        Get,
        "/crm/v4/objects/contacts/1/associations/companies",
        None,
    );
    assert_eq!(
        type_ids(&list["results"][0]),
        vec![279],
        "only the archived type went"
    );
}

// ---- bodies, ids, routing ----

#[test]
fn ids_above_2_pow_53_are_kept_exactly() {
    let mut e = emu();
    let big = "9007199254740993";
    let r = call_raw(
        &mut e,
        Put,
        &format!("/crm/objects/2026-03/contacts/{big}/associations/default/companies/1"),
        None,
    );
    assert!(r.body.contains(&format!("\"{big}\"")), "{}", r.body);
    // A JSON number in a body is read without going through a float.
    let r = call_raw(
        &mut e,
        Post,
        "/crm/associations/2026-03/contacts/companies/batch/read",
        Some(&format!(r#"{{"inputs":[{{"id":{big}}}]}}"#)),
    );
    assert_eq!(r.status, 200);
    let env: Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(env["results"][0]["from"]["id"], big);
    let (_, list) = call(
        &mut e,
        Get,
        "/crm/objects/2026-03/companies/1/associations/contacts",
        None,
    );
    assert_eq!(ids(&list["results"]), vec![big]);
}

#[test]
fn malformed_bodies_are_validation_errors() {
    let mut e = emu();
    for body in [
        Some("{not json"),
        Some(r#"{"inputs": "x"}"#),
        Some(r#"{"inputs":[{"id":true}]}"#),
        Some("{}"),
        None,
    ] {
        let r = call_raw(
            &mut e,
            Post,
            "/crm/v4/associations/contacts/companies/batch/read",
            body,
        );
        assert_eq!(r.status, 400, "{body:?}");
        let v: Value = serde_json::from_str(&r.body).unwrap();
        assert_hubspot_error(&v, "VALIDATION_ERROR");
        assert!(
            v["message"]
                .as_str()
                .unwrap()
                .starts_with("Invalid input JSON"),
            "{v}"
        );
    }
    let (s, _) = call(
        &mut e,
        Put,
        "/crm/v4/objects/contacts/1/associations/companies/2",
        Some(json!([{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": "1"}])),
    );
    assert_eq!(s, 400);
    let (s, body) = call(
        &mut e,
        Put,
        "/crm/v4/objects/contacts/12a/associations/default/companies/2",
        None,
    );
    assert_eq!(s, 400);
    assert_hubspot_error(&body, "VALIDATION_ERROR");
}

#[test]
fn unknown_paths_types_and_methods() {
    let mut e = emu();
    let (s, body) = call(
        &mut e,
        Get,
        "/crm/v4/objects/widgets/1/associations/companies",
        None,
    );
    assert_eq!(s, 404);
    assert_hubspot_error(&body, "OBJECT_NOT_FOUND");
    assert_eq!(body["message"], "Unable to infer object type from: widgets");
    for path in [
        "/crm/v5/associations/contacts/companies/labels",
        "/crm/v4/associations/contacts/companies/batch/frobnicate",
        "/nothing",
        "/crm/associations/2026-13/contacts/companies/labels",
    ] {
        let (s, body) = call(&mut e, Get, path, None);
        assert_eq!(
            (s, body["message"].as_str()),
            (404, Some("resource not found")),
            "{path}"
        );
    }
    let r = call_raw(
        &mut e,
        Get,
        "/crm/v4/associations/contacts/companies/batch/read",
        None,
    );
    assert_eq!(r.status, 405);
    assert_eq!(
        call(
            &mut e,
            Post,
            "/crm/objects/2026-03/contacts/1/associations/companies",
            None
        )
        .0,
        405
    );
    // Any other date version works with the 2026-03 / 2026-09 rules.
    assert_eq!(
        call(
            &mut e,
            Get,
            "/crm/associations/2027-03/contacts/companies/labels",
            None
        )
        .0,
        200
    );
}

#[test]
fn urls_may_be_paths_or_absolute_with_any_host_and_encoded_segments() {
    let mut e = emu();
    let auth = format!("Bearer {TOKEN}");
    let h = [("authorization", auth.as_str())];
    assert_eq!(
        send(
            &mut e,
            Put,
            "/crm/v4/objects/contacts/1/associations/default/companies/2",
            &h,
            None
        )
        .status,
        200
    );
    assert_eq!(
        send(
            &mut e,
            Get,
            "https://api.hubapi.com/crm/v4/objects/con%74acts/1/associations/companies?limit=5#x",
            &h,
            None
        )
        .status,
        200
    );
    let r = send(
        &mut e,
        Get,
        "http://localhost:8080/crm/v4/objects/contacts/1/associations/companies?limit=1&after=",
        &h,
        None,
    );
    assert_eq!(r.status, 200);
    let log = e.requests();
    assert_eq!(
        log[1].path,
        "/crm/v4/objects/con%74acts/1/associations/companies"
    );
    assert_eq!(log[1].query, vec![("limit".to_string(), "5".to_string())]);
}

// ---- auth ----

#[test]
fn missing_or_empty_bearer_token_is_401() {
    let mut e = emu();
    let path = "http://127.0.0.1:9/crm/v4/associations/contacts/companies/labels";
    for headers in [
        vec![],
        vec![("Authorization", "Bearer ")],
        vec![("Authorization", "Basic abc")],
        vec![("Authorization", "")],
    ] {
        let r = send(&mut e, Get, path, &headers, None);
        assert_eq!(r.status, 401, "{headers:?}");
        let body: Value = serde_json::from_str(&r.body).unwrap();
        assert_hubspot_error(&body, "INVALID_AUTHENTICATION");
        assert!(body["message"]
            .as_str()
            .unwrap()
            .starts_with("Authentication credentials not found."));
    }
    // Any non-empty token is fine without a configured one; the scheme is case-insensitive.
    assert_eq!(
        send(
            &mut e,
            Get,
            path,
            &[("authorization", "bearer anything")],
            None
        )
        .status,
        200
    );
    assert_eq!(
        e.requests().iter().map(|r| r.status).collect::<Vec<_>>(),
        vec![401, 401, 401, 401, 200]
    );
}

#[test]
fn a_wrong_token_is_401_without_echoing_it() {
    let mut e = Emulator::new(EmulatorOptions {
        access_token: Some(TOKEN.into()),
        ..Default::default()
    });
    let path = "/crm/v4/associations/contacts/companies/labels";
    let r = send(
        &mut e,
        Get,
        path,
        &[("Authorization", "Bearer pat-na1-wrong-guess")],
        None,
    );
    assert_eq!(r.status, 401);
    assert!(!r.body.contains("wrong-guess"));
    let body: Value = serde_json::from_str(&r.body).unwrap();
    assert_hubspot_error(&body, "INVALID_AUTHENTICATION");
    assert_eq!(call(&mut e, Get, path, None).0, 200);
}

#[test]
fn no_auth_mode_needs_no_header() {
    let mut e = Emulator::from_json(r#"{"requireAuth": false}"#).unwrap();
    assert_eq!(
        send(
            &mut e,
            Get,
            "/crm/v4/associations/contacts/companies/labels",
            &[],
            None
        )
        .status,
        200
    );
}

// ---- records that must exist ----

#[test]
fn without_auto_create_only_seeded_records_exist() {
    let mut e = Emulator::from_json(r#"{"autoCreateRecords": false, "seed": {"records": {"contacts": ["1", 2], "companies": [10]}}}"#).unwrap();
    assert_eq!(
        call(
            &mut e,
            Put,
            "/crm/v4/objects/contacts/1/associations/default/companies/10",
            None
        )
        .0,
        200
    );
    let (s, body) = call(
        &mut e,
        Put,
        "/crm/v4/objects/contacts/1/associations/default/companies/11",
        None,
    );
    assert_eq!(s, 400);
    assert_hubspot_error(&body, "VALIDATION_ERROR");
    assert_eq!(
        body["context"]["INVALID_OBJECT_IDS"],
        json!(["COMPANY=11 is not valid"])
    );
    let (s, body) = call(
        &mut e,
        Get,
        "/crm/v4/objects/contacts/3/associations/companies",
        None,
    );
    assert_eq!(s, 404);
    assert_hubspot_error(&body, "OBJECT_NOT_FOUND");
    let (s, env) = call(
        &mut e,
        Post,
        "/crm/v4/associations/contacts/companies/batch/read",
        Some(json!({"inputs": [{"id": "1"}, {"id": "3"}]})),
    );
    assert_eq!((s, env["results"].as_array().unwrap().len()), (207, 1));
    assert_eq!(env["errors"][0]["category"], "OBJECT_NOT_FOUND");
    assert_eq!(env["errors"][0]["context"]["ids"], json!(["3"]));
}

// ---- seed, state, log, reset ----

#[test]
fn seeds_load_labels_associations_and_limits() {
    let options = r#"{"seed": {
        "records": {"contacts": ["1"]},
        "labels": [{"fromObjectType": "contacts", "toObjectType": "companies", "label": "Manager", "name": "manager", "inverseLabel": "Employer"}],
        "associations": [{"fromObjectType": "contact", "fromObjectId": 1, "toObjectType": "0-2", "toObjectId": "9007199254740993", "types": [{"label": "Manager"}, {"associationTypeId": 1}]}],
        "limits": [{"fromObjectType": "contacts", "toObjectType": "companies", "label": "Manager", "maxToObjectIds": 1}]}}"#;
    let mut e = Emulator::from_json(options).unwrap();
    let (_, list) = call(
        &mut e,
        Get,
        "/crm/v4/objects/contacts/1/associations/companies",
        None,
    );
    assert_eq!(ids(&list["results"]), vec!["9007199254740993"]);
    assert_eq!(type_ids(&list["results"][0]), vec![1, 279, 1000]);
    let (_, limits) = call(
        &mut e,
        Get,
        "/crm/associations/v4/definitions/configurations/contacts/companies",
        None,
    );
    assert_eq!(
        limits["results"],
        json!([{"category": "USER_DEFINED", "typeId": 1000, "label": "Manager", "userEnforcedMaxToObjectIds": 1}])
    );
    let state: Value = serde_json::from_str(&e.state_json()).unwrap();
    assert_eq!(state["records"]["0-2"], json!(["9007199254740993"]));
    assert_eq!(state["labels"][0]["name"], "manager");
    assert_eq!(state["labels"][1]["label"], "Employer");
    assert_eq!(
        state["associations"].as_array().unwrap().len(),
        2,
        "one entry per direction"
    );
    assert_eq!(state["limits"][0]["maxToObjectIds"], 1);

    assert!(e.seed_json(r#"{"records": {"widgets": ["1"]}}"#).is_err());
    assert!(e.seed_json(r#"{"associations": [{"fromObjectType": "contacts", "fromObjectId": 1, "toObjectType": "companies", "toObjectId": 2, "types": [{"associationTypeId": 280}]}]}"#).is_err());
    assert!(Emulator::from_json(r#"{"seed": {"records": {"contacts": ["x"]}}}"#).is_err());
    assert!(Emulator::from_json("{not json").is_err());
    e.seed_json(r#"{"records": {"deals": [5]}}"#).unwrap();
    let state: Value = serde_json::from_str(&e.state_json()).unwrap();
    assert_eq!(state["records"]["0-3"], json!(["5"]));
}

#[test]
fn reset_restores_the_seeded_state_and_clears_the_log() {
    let mut e = Emulator::from_json(r#"{"seed": {"associations": [{"fromObjectType": "deals", "fromObjectId": 1, "toObjectType": "contacts", "toObjectId": 2}]}}"#).unwrap();
    let initial = e.state_json();
    call(
        &mut e,
        Put,
        "/crm/v4/objects/deals/1/associations/default/contacts/3",
        None,
    );
    call(
        &mut e,
        Post,
        "/crm/v4/associations/deals/contacts/labels",
        Some(json!({"label": "X", "name": "x"})),
    );
    assert_ne!(e.state_json(), initial);
    assert_eq!(e.requests().len(), 2);
    e.reset();
    assert_eq!(e.state_json(), initial);
    assert!(e.requests().is_empty());
    let (_, list) = call(
        &mut e,
        Get,
        "/crm/v4/objects/deals/1/associations/contacts",
        None,
    );
    assert_eq!(ids(&list["results"]), vec!["2"]);
    // Label ids start again at 1000.
    let (_, label) = call(
        &mut e,
        Post,
        "/crm/v4/associations/deals/contacts/labels",
        Some(json!({"label": "X", "name": "x"})),
    );
    assert_eq!(label["results"][0]["typeId"], 1000);
}

#[test]
fn the_log_records_every_request_and_correlation_ids_repeat_across_runs() {
    let run = || {
        let mut e = emu();
        call_raw(
            &mut e,
            Post,
            "/crm/v4/associations/contacts/companies/batch/read?x=1+2&y=%2F",
            Some(r#"{"inputs":[]}"#),
        );
        send(
            &mut e,
            Get,
            "/crm/v4/associations/contacts/companies/labels",
            &[],
            None,
        );
        e
    };
    let (mut a, b) = (run(), run());
    assert_eq!(a.requests(), b.requests());
    let log = a.requests();
    assert_eq!(log.len(), 2);
    assert_eq!(
        (log[0].method.as_str(), log[0].path.as_str(), log[0].status),
        (
            "POST",
            "/crm/v4/associations/contacts/companies/batch/read",
            200
        )
    );
    assert_eq!(
        log[0].query,
        vec![
            ("x".to_string(), "1 2".to_string()),
            ("y".to_string(), "/".to_string())
        ]
    );
    assert_eq!(log[0].body.as_deref(), Some(r#"{"inputs":[]}"#));
    assert!(log[0].headers.iter().any(|(k, _)| k == "Authorization"));
    assert_eq!((log[1].status, log[1].body.clone()), (401, None));
    let json = serde_json::to_value(&log[1]).unwrap();
    assert_eq!(json["status"], 401);
    let c1 = call_raw(
        &mut a,
        Get,
        "/crm/v4/associations/contacts/companies/labels",
        None,
    );
    let c2 = call_raw(
        &mut a,
        Get,
        "/crm/v4/associations/contacts/companies/labels",
        None,
    );
    assert_ne!(
        c1.header("x-hubspot-correlation-id"),
        c2.header("x-hubspot-correlation-id")
    );
    a.clear_requests();
    assert!(a.requests().is_empty());
}

#[test]
fn the_request_log_never_holds_the_token() {
    let mut e = emu();
    let auth = format!("Bearer {TOKEN}");
    send(
        &mut e,
        Get,
        "/crm/v4/associations/contacts/companies/labels",
        &[("Authorization", auth.as_str())],
        None,
    );
    let logged = serde_json::to_string(e.requests()).unwrap();
    assert!(!logged.contains(TOKEN), "{logged}");
    assert!(
        logged.contains(&format!("Bearer …{}", &TOKEN[TOKEN.len() - 4..])),
        "{logged}"
    );
}

/// HubSpot's v4 answers reads with numeric `toObjectId`s (its reference says string); date
/// versions answer strings, as their reference says. `numericIds: false` turns v4's numbers off.
#[test]
fn v4_reads_carry_numeric_ids_unless_turned_off() {
    for (options, v4_numeric) in [(json!({}), true), (json!({"numericIds": false}), false)] {
        let mut e = Emulator::from_json(&options.to_string()).unwrap();
        let big = "9007199254740993";
        let put = format!("/crm/v4/objects/contacts/1/associations/default/companies/{big}");
        assert_eq!(call(&mut e, Put, &put, None).0, 200);
        for v in FAMILIES {
            let (_, list) = call(
                &mut e,
                Get,
                &format!("{}/contacts/1/associations/companies", objects(v)),
                None,
            );
            let body = json!({"inputs": [{"id": "1"}]});
            let (_, read) = call(
                &mut e,
                Post,
                &format!("{}/contacts/companies/batch/read", assoc(v)),
                Some(body),
            );
            for id in [
                &list["results"][0]["toObjectId"],
                &read["results"][0]["to"][0]["toObjectId"],
            ] {
                if v == "v4" && v4_numeric {
                    // Exact digits on the wire, beyond 2^53.
                    assert_eq!(id.to_string(), big, "{v} {options}");
                } else {
                    assert_eq!(id, &json!(big), "{v} {options}");
                }
            }
        }
    }
}
