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
