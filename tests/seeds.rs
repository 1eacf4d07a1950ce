//! The five seed endpoints: the request each describes per version, and the decoding of what
//! HubSpot answers (hubspot-api.md §2–§4), through the real engine with a scripted transport.

mod common;

use common::{block_on, InstantSleep, NoSleep, Scripted};
use hubspot_associations::endpoints::{
    AssociateDefaultParams, BatchReadV3Params, CreateLimits, LimitsParams, UpdateLimits,
};
use hubspot_associations::model::{AssociationCategory, LimitInput, ObjectRefInput};
use hubspot_associations::transport::{Method, TransportError};
use hubspot_associations::{ApiVersion, CallOptions, Client, ClientOptions, Config, ErrorKind};
use serde_json::{json, Value};

const TOKEN: &str = "pat-na1-11111111-2222-3333-4444-555555555555";

fn client<S: hubspot_associations::transport::Sleep>(
    t: Scripted,
    s: S,
    version: &str,
) -> Client<Scripted, S> {
    let config = Config::from_options(ClientOptions {
        access_token: Some(TOKEN.into()),
        base_url: Some("http://127.0.0.1:9/".into()),
        api_version: Some(ApiVersion::parse(version).unwrap()),
        // These tests are about one exchange; retries have their own tests (tests/retries.rs).
        max_retries: Some(0),
        ..Default::default()
    })
    .unwrap();
    Client::new(config, t, s)
}

fn assoc(from: &str, to: &str) -> AssociateDefaultParams {
    AssociateDefaultParams {
        from_object_type: "contacts".into(),
        from_object_id: from.into(),
        to_object_type: "companies".into(),
        to_object_id: to.into(),
    }
}

fn body_of(r: &hubspot_associations::transport::HttpRequest) -> Value {
    serde_json::from_str(r.body.as_deref().expect("a body")).unwrap()
}

const DEFAULT_ANSWER: &str = r#"{"status":"COMPLETE","results":[{"from":{"id":"101"},"to":{"id":"202"},
  "associationSpec":{"associationCategory":"HUBSPOT_DEFINED","associationTypeId":279}}],
  "startedAt":"2026-11-22T10:00:00.000Z","completedAt":"2026-11-22T10:00:00.050Z"}"#;

#[test]
fn associate_default_in_each_version_family() {
    for (version, path) in [
        (
            "2026-03",
            "/crm/objects/2026-03/contacts/101/associations/default/companies/202",
        ),
        (
            "2026-09",
            "/crm/objects/2026-09/contacts/101/associations/default/companies/202",
        ),
        (
            "v4",
            "/crm/v4/objects/contacts/101/associations/default/companies/202",
        ),
    ] {
        let c = client(Scripted::json(200, DEFAULT_ANSWER), NoSleep, version);
        let out = block_on(c.execute(&assoc("101", "202"), &CallOptions::default())).unwrap();
        let r = c.transport().only_request();
        assert_eq!(r.method, Method::Put);
        assert_eq!(r.url, format!("http://127.0.0.1:9{path}"));
        assert_eq!(
            r.header("authorization"),
            Some(format!("Bearer {TOKEN}").as_str())
        );
        assert_eq!(r.body, None);
        assert_eq!(r.header("content-type"), None);
        assert_eq!(out.results[0].association_spec.association_type_id, 279);
        assert_eq!(out.results[0].to.id.as_str(), "202");
        assert_eq!(out.started_at, "2026-11-22T10:00:00.000Z");
    }
}

#[test]
fn a_call_can_override_the_client_version() {
    let c = client(Scripted::json(200, DEFAULT_ANSWER), NoSleep, "2026-03");
    let call = CallOptions {
        api_version: Some(ApiVersion::V4),
        ..Default::default()
    };
    block_on(c.execute(&assoc("1", "2"), &call)).unwrap();
    assert!(c
        .transport()
        .only_request()
        .url
        .contains("/crm/v4/objects/contacts/1/"));
}

#[test]
fn create_limits_v4_sends_category_only_when_given() {
    let answer = r#"{"status":"COMPLETE","results":[{"category":"USER_DEFINED","typeId":35,"label":"Billing","userEnforcedMaxToObjectIds":3}],"startedAt":"s","completedAt":"c"}"#;
    let c = client(Scripted::json(201, answer), NoSleep, "v4");
    let p = LimitsParams {
        from_object_type: "contacts".into(),
        to_object_type: "companies".into(),
        inputs: vec![
            LimitInput {
                category: Some(AssociationCategory::UserDefined),
                type_id: 35,
                max_to_object_ids: 3,
            },
            LimitInput {
                category: None,
                type_id: 36,
                max_to_object_ids: 5,
            },
        ],
    };
    let out = block_on(c.execute(&CreateLimits(p), &CallOptions::default())).unwrap();
    let r = c.transport().only_request();
    assert_eq!(r.method, Method::Post);
    assert_eq!(r.url, "http://127.0.0.1:9/crm/associations/v4/definitions/configurations/contacts/companies/batch/create");
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(
        body_of(&r),
        json!({"inputs":[{"category":"USER_DEFINED","typeId":35,"maxToObjectIds":3},{"typeId":36,"maxToObjectIds":5}]})
    );
    assert_eq!(out.results[0].user_enforced_max_to_object_ids, Some(3));
    assert_eq!(out.results[0].label.as_deref(), Some("Billing"));
}

#[test]
fn update_limits_2026_03_path_and_body() {
    let answer = r#"{"status":"COMPLETE","results":[{"category":"HUBSPOT_DEFINED","typeId":1,"userEnforcedMaxToObjectIds":2}],"startedAt":"s","completedAt":"c"}"#;
    let c = client(Scripted::json(200, answer), NoSleep, "2026-03");
    let p = LimitsParams {
        from_object_type: "0-1".into(),
        to_object_type: "0-2".into(),
        inputs: vec![LimitInput {
            category: None,
            type_id: 1,
            max_to_object_ids: 2,
        }],
    };
    let out = block_on(c.execute(&UpdateLimits(p), &CallOptions::default())).unwrap();
    let r = c.transport().only_request();
    assert_eq!(r.url, "http://127.0.0.1:9/crm/associations/2026-03/definitions/configurations/0-1/0-2/batch/update");
    assert_eq!(
        body_of(&r),
        json!({"inputs":[{"typeId":1,"maxToObjectIds":2}]})
    );
    assert_eq!(out.results[0].category, AssociationCategory::HubspotDefined);
}

#[test]
fn batch_read_v3_ignores_the_version_and_sends_string_ids() {
    let answer = r#"{"status":"COMPLETE","results":[{"from":{"id":9007199254740993},"to":[{"id":5434402448,"type":"contact_to_company"}]}],"startedAt":"s","completedAt":"c"}"#;
    for version in ["2026-03", "v4"] {
        let c = client(Scripted::json(200, answer), NoSleep, version);
        let p = BatchReadV3Params {
            from_object_type: "contacts".into(),
            to_object_type: "companies".into(),
            inputs: vec![
                ObjectRefInput {
                    id: "9007199254740993".into(),
                },
                ObjectRefInput { id: 42u64.into() },
            ],
        };
        let out = block_on(c.execute(&p, &CallOptions::default())).unwrap();
        let r = c.transport().only_request();
        assert_eq!(
            r.url,
            "http://127.0.0.1:9/crm/v3/associations/contacts/companies/batch/read"
        );
        assert_eq!(
            body_of(&r),
            json!({"inputs":[{"id":"9007199254740993"},{"id":"42"}]})
        );
        assert_eq!(out.results[0].from.id.as_str(), "9007199254740993");
        assert_eq!(out.results[0].to[0].id.as_str(), "5434402448");
        assert_eq!(out.results[0].to[0].type_, "contact_to_company");
    }
}

#[test]
fn partial_207_is_data() {
    let answer = r#"{"status":"COMPLETE","results":[],"numErrors":1,"errors":[{"status":"error","category":"OBJECT_NOT_FOUND","message":"not found","context":{"ids":["7"]},"errors":[]}],"startedAt":"s","completedAt":"c","newField":true}"#;
    let c = client(Scripted::json(207, answer), NoSleep, "2026-03");
    let p = BatchReadV3Params {
        from_object_type: "contacts".into(),
        to_object_type: "deals".into(),
        inputs: vec![ObjectRefInput { id: "7".into() }],
    };
    let out = block_on(c.execute(&p, &CallOptions::default())).unwrap();
    assert_eq!(out.num_errors, Some(1));
    assert_eq!(
        out.errors.unwrap()[0].context.as_ref().unwrap()["ids"],
        json!(["7"])
    );
}

#[test]
fn unknown_enum_values_are_kept() {
    let answer = r#"{"status":"SOMETHING_NEW","results":[{"from":{"id":"1"},"to":{"id":"2"},"associationSpec":{"associationCategory":"BRAND_NEW","associationTypeId":9}}],"startedAt":"s","completedAt":"c"}"#;
    let c = client(Scripted::json(200, answer), NoSleep, "2026-03");
    let out = block_on(c.execute(&assoc("1", "2"), &CallOptions::default())).unwrap();
    assert_eq!(out.status, "SOMETHING_NEW");
    assert_eq!(
        out.results[0].association_spec.association_category,
        AssociationCategory::Other("BRAND_NEW".into())
    );
}

#[test]
fn an_empty_2xx_body_is_an_empty_envelope() {
    let c = client(Scripted::json(204, ""), NoSleep, "v4");
    let out = block_on(c.execute(&assoc("1", "2"), &CallOptions::default())).unwrap();
    assert!(out.results.is_empty());
}

#[test]
fn a_2xx_that_is_not_json_is_a_decode_error() {
    let c = client(Scripted::json(200, "<html>oops</html>"), NoSleep, "v4");
    let e = block_on(c.execute(&assoc("1", "2"), &CallOptions::default())).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Decode);
    assert_eq!(e.body.as_deref(), Some("<html>oops</html>"));
}

#[test]
fn error_answers_become_errors_with_hubspots_fields() {
    let cases: &[(u16, &str, ErrorKind, Option<&str>)] = &[
        (
            400,
            r#"{"status":"error","message":"One or more associations are invalid","correlationId":"8db6","context":{"INVALID_OBJECT_IDS":["CONTACT=38374264688 is not valid"]},"category":"VALIDATION_ERROR"}"#,
            ErrorKind::Api,
            Some("VALIDATION_ERROR"),
        ),
        (
            401,
            r#"{"status":"error","message":"Authentication credentials not found.","correlationId":"c1","category":"INVALID_AUTHENTICATION"}"#,
            ErrorKind::Api,
            Some("INVALID_AUTHENTICATION"),
        ),
        (
            403,
            r#"{"status":"error","message":"This app hasn't been granted all required scopes to make this call.","errors":[{"message":"One or more of the following scopes are required.","context":{"requiredScopes":["crm.objects.contacts.write"]}}],"category":"MISSING_SCOPES","correlationId":"c2"}"#,
            ErrorKind::Api,
            Some("MISSING_SCOPES"),
        ),
        (
            429,
            r#"{"status":"error","message":"You have reached your ten_secondly_rolling limit.","errorType":"RATE_LIMIT","correlationId":"c3","policyName":"TEN_SECONDLY_ROLLING","requestId":"r"}"#,
            ErrorKind::RateLimited,
            None,
        ),
        (
            500,
            r#"{"status":"error","message":"internal error","correlationId":"c4"}"#,
            ErrorKind::Api,
            None,
        ),
        (
            502,
            "<html><head><title>502 Bad Gateway</title></head></html>",
            ErrorKind::Api,
            None,
        ),
    ];
    for (status, body, kind, category) in cases {
        let c = client(Scripted::json(*status, body), NoSleep, "2026-03");
        let e = block_on(c.execute(&assoc("1", "2"), &CallOptions::default())).unwrap_err();
        assert_eq!(e.kind, *kind, "{status}");
        assert_eq!(e.status, Some(*status));
        assert_eq!(e.category.as_deref(), *category);
        assert_eq!(e.attempts, 1);
        assert!(
            e.message.starts_with(&format!("HubSpot answered {status}")),
            "{}",
            e.message
        );
    }
}

#[test]
fn the_token_is_redacted_even_when_a_server_echoes_it() {
    let body = format!(r#"{{"message":"bad token {TOKEN}","context":{{"token":["{TOKEN}"]}}}}"#);
    let c = client(Scripted::json(401, &body), NoSleep, "2026-03");
    let e = block_on(c.execute(&assoc("1", "2"), &CallOptions::default())).unwrap_err();
    let everything = serde_json::to_string(&e).unwrap() + &e.to_string();
    assert!(!everything.contains(TOKEN), "{everything}");
    assert!(everything.contains("[redacted]"));
}

#[test]
fn bad_input_is_refused_before_sending() {
    for (from, to) in [("12/../34", "1"), ("", "1"), ("1", "abc"), ("1", "1?x=1")] {
        let c = client(Scripted::default(), NoSleep, "2026-03");
        let e = block_on(c.execute(&assoc(from, to), &CallOptions::default())).unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidInput, "{from} {to}");
        assert_eq!(e.attempts, 0);
        assert!(c.transport().sent.borrow().is_empty());
    }
    let c = client(Scripted::default(), NoSleep, "2026-03");
    let mut p = assoc("1", "2");
    p.to_object_type = "companies/../../x".into();
    assert_eq!(
        block_on(c.execute(&p, &CallOptions::default()))
            .unwrap_err()
            .kind,
        ErrorKind::InvalidInput
    );
    let empty = LimitsParams {
        from_object_type: "contacts".into(),
        to_object_type: "companies".into(),
        inputs: vec![],
    };
    let e = block_on(c.execute(&CreateLimits(empty), &CallOptions::default())).unwrap_err();
    assert_eq!(e.message, "createLimits: inputs must not be empty");
    assert!(c.transport().sent.borrow().is_empty());
}

#[test]
fn object_types_are_percent_encoded() {
    let c = client(Scripted::json(200, DEFAULT_ANSWER), NoSleep, "2026-03");
    let mut p = assoc("1", "2");
    p.to_object_type = "p_my object".into();
    block_on(c.execute(&p, &CallOptions::default())).unwrap();
    assert!(c
        .transport()
        .only_request()
        .url
        .ends_with("/default/p_my%20object/2"));
}

#[test]
fn an_attempt_that_outlives_its_timeout_fails_with_kind_timeout() {
    let sleep = InstantSleep::default();
    let c = client(Scripted::hanging(), sleep, "2026-03");
    let call = CallOptions {
        timeout_ms: Some(50),
        ..Default::default()
    };
    let e = block_on(c.execute(&assoc("1", "2"), &call)).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Timeout);
    assert_eq!(e.attempts, 1);
}

#[test]
fn network_failures_have_kind_network() {
    let t = Scripted::default();
    t.answers
        .borrow_mut()
        .push_back(Some(Err(TransportError::Network(
            "connect ECONNREFUSED 127.0.0.1:9".into(),
        ))));
    let c = client(t, NoSleep, "2026-03");
    let e = block_on(c.execute(&assoc("1", "2"), &CallOptions::default())).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Network);
    assert!(e.message.contains("ECONNREFUSED"));
}

#[test]
fn client_options_are_checked() {
    let bad = |o: ClientOptions| Config::from_options(o).unwrap_err().kind;
    assert_eq!(
        bad(ClientOptions {
            base_url: Some("ftp://x".into()),
            ..Default::default()
        }),
        ErrorKind::InvalidInput
    );
    assert_eq!(
        bad(ClientOptions {
            access_token: Some("a b".into()),
            ..Default::default()
        }),
        ErrorKind::InvalidInput
    );
    assert_eq!(
        bad(ClientOptions {
            timeout_ms: Some(0),
            ..Default::default()
        }),
        ErrorKind::InvalidInput
    );
    let ok = Config::from_options(ClientOptions {
        base_url: Some("/api/hubspot/".into()),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(ok.base_url, "/api/hubspot");
    assert_eq!(
        Config::from_options(ClientOptions::default())
            .unwrap()
            .api_version
            .as_str(),
        "2026-03"
    );
}
