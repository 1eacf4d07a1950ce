#![cfg(feature = "emulator")]
//! The client and the emulator together, in-process: the seed calls succeed and change the
//! emulator's state the way HubSpot's would.

mod common;

use common::{block_on, NoSleep};
use hubspot_associations::emulator::{Emulator, InProcess};
use hubspot_associations::endpoints::{
    AssociateDefaultParams, BatchReadV3Params, CreateLimits, LimitsParams, UpdateLimits,
};
use hubspot_associations::model::{LimitInput, ObjectRefInput};
use hubspot_associations::{ApiVersion, CallOptions, Client, ClientOptions, Config, ErrorKind};

fn client(token: &str) -> Client<InProcess, NoSleep> {
    let emulator = Emulator::from_json(r#"{"accessToken":"right-token"}"#).unwrap();
    let config = Config::from_options(ClientOptions {
        access_token: Some(token.into()),
        ..Default::default()
    })
    .unwrap();
    Client::new(config, InProcess::new(emulator), NoSleep)
}

fn assoc(from: &str, to: &str) -> AssociateDefaultParams {
    AssociateDefaultParams {
        from_object_type: "contacts".into(),
        from_object_id: from.into(),
        to_object_type: "companies".into(),
        to_object_id: to.into(),
    }
}

#[test]
fn seeds_round_trip_through_the_emulator() {
    let c = client("right-token");
    let call = CallOptions::default();
    let v4 = CallOptions {
        api_version: Some(ApiVersion::V4),
        ..Default::default()
    };

    let created = block_on(c.execute(&assoc("101", "202"), &call)).unwrap();
    assert_eq!(created.results[0].association_spec.association_type_id, 279);
    block_on(c.execute(&assoc("101", "203"), &v4)).unwrap();

    let read = BatchReadV3Params {
        from_object_type: "contacts".into(),
        to_object_type: "companies".into(),
        inputs: vec![ObjectRefInput { id: "101".into() }],
    };
    let out = block_on(c.execute(&read, &call)).unwrap();
    let mut ids: Vec<_> = out.results[0]
        .to
        .iter()
        .map(|t| t.id.as_str().to_string())
        .collect();
    ids.sort();
    assert_eq!(ids, ["202", "203"]);

    let limits = |max| LimitsParams {
        from_object_type: "contacts".into(),
        to_object_type: "companies".into(),
        inputs: vec![LimitInput {
            category: None,
            type_id: 279,
            max_to_object_ids: max,
        }],
    };
    let created = block_on(c.execute(&CreateLimits(limits(2)), &v4)).unwrap();
    assert_eq!(created.results[0].user_enforced_max_to_object_ids, Some(2));
    // A third company would exceed the limit of 2 for type 279.
    let refused = block_on(c.execute(&assoc("101", "204"), &call)).unwrap_err();
    assert_eq!(refused.kind, ErrorKind::Api, "{refused:?}");
    let updated = block_on(c.execute(&UpdateLimits(limits(3)), &call)).unwrap();
    assert_eq!(updated.results[0].user_enforced_max_to_object_ids, Some(3));
    block_on(c.execute(&assoc("101", "204"), &call)).unwrap();
}

#[test]
fn a_wrong_token_is_a_401_error_without_the_token() {
    let c = client("wrong-token-value");
    let e = block_on(c.execute(&assoc("1", "2"), &CallOptions::default())).unwrap_err();
    assert_eq!(e.status, Some(401));
    assert_eq!(e.category.as_deref(), Some("INVALID_AUTHENTICATION"));
    assert!(!serde_json::to_string(&e)
        .unwrap()
        .contains("wrong-token-value"));
}

/// 2026-09 has no per-record GET list in HubSpot's reference: `listAssociations` reads through
/// batch read of that record. Same pages as 2026-03's GET list, and its cursor works.
#[test]
fn lists_on_2026_09_read_through_batch_read() {
    use hubspot_associations::endpoints::{BatchCreateDefaultParams, ListAssociationsParams};
    use hubspot_associations::model::AssociationsPage;
    let emulator = Emulator::from_json(r#"{"accessToken":"t","batchReadPageSize":100}"#).unwrap();
    let config = Config::from_options(ClientOptions {
        access_token: Some("t".into()),
        ..Default::default()
    })
    .unwrap();
    let c = Client::new(config, InProcess::new(emulator), NoSleep);
    let inputs: Vec<_> = (1..=250)
        .map(|i| serde_json::json!({"from": {"id": "7"}, "to": {"id": (1000 + i).to_string()}}))
        .collect();
    let create: BatchCreateDefaultParams = serde_json::from_value(serde_json::json!({
        "fromObjectType": "contacts", "toObjectType": "companies", "inputs": inputs}))
    .unwrap();
    block_on(c.execute_batch(
        &create,
        &CallOptions::default(),
        &hubspot_associations::client::NeverAbort,
    ))
    .unwrap();

    let all = |version: &str| {
        let call = CallOptions {
            api_version: Some(ApiVersion::parse(version).unwrap()),
            ..Default::default()
        };
        let (mut ids, mut pages, mut after) = (Vec::new(), 0, None);
        loop {
            let p = ListAssociationsParams {
                object_type: "contacts".into(),
                object_id: "7".into(),
                to_object_type: "companies".into(),
                after: after.take(),
                limit: Some(100),
            };
            let page: AssociationsPage = block_on(c.execute(&p, &call)).unwrap();
            pages += 1;
            ids.extend(page.results.iter().map(|r| r.to_object_id.0.clone()));
            match page.paging.and_then(|p| p.next) {
                Some(next) => after = Some(next.after),
                None => return (ids, pages),
            }
        }
    };
    let before = c.transport().emulator().requests().len();
    let (ids_09, pages_09) = all("2026-09");
    let log = c.transport().emulator().requests().to_vec();
    assert!(log[before..].iter().all(|r| r.method == "POST"
        && r.path == "/crm/associations/2026-09/contacts/companies/batch/read"));
    let (ids_03, pages_03) = all("2026-03");
    assert_eq!(ids_09.len(), 250);
    assert_eq!(ids_09, ids_03);
    assert_eq!((pages_09, pages_03), (3, 3));

    // A record with no associations is an empty page, as the GET list gives.
    let empty = ListAssociationsParams {
        object_type: "contacts".into(),
        object_id: "8".into(),
        to_object_type: "companies".into(),
        after: None,
        limit: None,
    };
    let call = CallOptions {
        api_version: Some(ApiVersion::parse("2026-09").unwrap()),
        ..Default::default()
    };
    let page = block_on(c.execute(&empty, &call)).unwrap();
    assert!(page.results.is_empty() && page.paging.is_none());
}
