//! Every operation's request description, per version family, without any I/O.

use hubspot_associations::endpoints::*;
use hubspot_associations::model::*;
use hubspot_associations::transport::Method::{self, Delete, Get, Post, Put};
use hubspot_associations::ApiVersion;
use serde_json::{json, Value};

fn versions() -> [(ApiVersion, &'static str, &'static str, &'static str); 3] {
    [
        (
            ApiVersion::parse("2026-03").unwrap(),
            "/crm/objects/2026-03",
            "/crm/associations/2026-03",
            "/crm/associations/2026-03/definitions/configurations",
        ),
        (
            ApiVersion::parse("2026-09").unwrap(),
            "/crm/objects/2026-09",
            "/crm/associations/2026-09",
            "/crm/associations/2026-09/definitions/configurations",
        ),
        (
            ApiVersion::V4,
            "/crm/v4/objects",
            "/crm/v4/associations",
            "/crm/associations/v4/definitions/configurations",
        ),
    ]
}

fn check<O: Operation>(op: &O, v: &ApiVersion, method: Method, path: &str, body: Option<Value>) {
    let spec = op.describe(v).unwrap();
    let full = if spec.query.is_empty() {
        spec.path.clone()
    } else {
        format!(
            "{}?{}",
            spec.path,
            spec.query
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("&")
        )
    };
    assert_eq!((spec.method, full.as_str()), (method, path), "{}", O::NAME);
    assert_eq!(spec.body, body, "{}", O::NAME);
}

fn r(id: &str) -> ObjectRefInput {
    ObjectRefInput { id: id.into() }
}

#[test]
fn every_operation_in_every_family() {
    let spec = AssociationSpec {
        association_category: AssociationCategory::UserDefined,
        association_type_id: 1001,
    };
    let pair = LabelsOfPairParams {
        from_object_type: "contacts".into(),
        to_object_type: "companies".into(),
    };
    for (v, objects, assoc, configs) in versions() {
        // Labels live under `/crm/associations/{ver}` in every family's current reference (v4 too).
        let labels = format!("/crm/associations/{}", v.as_str());
        check(
            &AssociateParams {
                from_object_type: "contacts".into(),
                from_object_id: "1".into(),
                to_object_type: "companies".into(),
                to_object_id: "2".into(),
                types: vec![spec.clone()],
            },
            &v,
            Put,
            &format!("{objects}/contacts/1/associations/companies/2"),
            Some(json!([{"associationCategory":"USER_DEFINED","associationTypeId":1001}])),
        );
        check(
            &ListAssociationsParams {
                object_type: "contacts".into(),
                object_id: "1".into(),
                to_object_type: "companies".into(),
                after: Some("x".into()),
                limit: Some(10),
            },
            &v,
            if v.as_str() == "2026-09" { Post } else { Get },
            &if v.as_str() == "2026-09" {
                // 2026-09's reference has no per-record GET list: batch read of that record.
                format!("{assoc}/contacts/companies/batch/read")
            } else {
                format!("{objects}/contacts/1/associations/companies?after=x&limit=10")
            },
            (v.as_str() == "2026-09").then(|| json!({"inputs":[{"id":"1","after":"x"}]})),
        );
        check(
            &RemoveAssociationsParams {
                object_type: "contacts".into(),
                object_id: "1".into(),
                to_object_type: "companies".into(),
                to_object_id: "2".into(),
            },
            &v,
            Delete,
            &format!("{objects}/contacts/1/associations/companies/2"),
            None,
        );
        check(
            &BatchReadParams {
                from_object_type: "contacts".into(),
                to_object_type: "companies".into(),
                inputs: vec![BatchReadInput {
                    id: "1".into(),
                    after: Some("7".into()),
                }],
                all_pages: Some(true),
            },
            &v,
            Post,
            &format!("{assoc}/contacts/companies/batch/read"),
            Some(json!({"inputs":[{"id":"1","after":"7"}]})),
        );
        let create = BatchCreateParams {
            from_object_type: "contacts".into(),
            to_object_type: "companies".into(),
            inputs: vec![BatchCreateInput {
                from: r("1"),
                to: r("2"),
                types: vec![spec.clone()],
            }],
        };
        let body = json!({"inputs":[{"from":{"id":"1"},"to":{"id":"2"},"types":[{"associationCategory":"USER_DEFINED","associationTypeId":1001}]}]});
        check(
            &create,
            &v,
            Post,
            &format!("{assoc}/contacts/companies/batch/create"),
            Some(body.clone()),
        );
        check(
            &BatchArchiveLabels(create),
            &v,
            Post,
            &format!("{assoc}/contacts/companies/batch/labels/archive"),
            Some(body),
        );
        check(
            &BatchCreateDefaultParams {
                from_object_type: "contacts".into(),
                to_object_type: "companies".into(),
                inputs: vec![DefaultPairInput {
                    from: r("1"),
                    to: r("2"),
                }],
            },
            &v,
            Post,
            &format!("{assoc}/contacts/companies/batch/associate/default"),
            Some(json!({"inputs":[{"from":{"id":"1"},"to":{"id":"2"}}]})),
        );
        check(
            &BatchArchiveParams {
                from_object_type: "contacts".into(),
                to_object_type: "companies".into(),
                inputs: vec![BatchArchiveInput {
                    from: r("1"),
                    to: vec![r("2"), r("3")],
                }],
            },
            &v,
            Post,
            &format!("{assoc}/contacts/companies/batch/archive"),
            Some(json!({"inputs":[{"from":{"id":"1"},"to":[{"id":"2"},{"id":"3"}]}]})),
        );
        check(
            &ListLabels(pair.clone()),
            &v,
            Get,
            &format!("{labels}/contacts/companies/labels"),
            None,
        );
        check(
            &CreateLabelParams {
                from_object_type: "contacts".into(),
                to_object_type: "companies".into(),
                label: "A".into(),
                name: "a".into(),
                inverse_label: None,
            },
            &v,
            Post,
            &format!("{labels}/contacts/companies/labels"),
            Some(json!({"label":"A","name":"a"})),
        );
        check(
            &UpdateLabelParams {
                from_object_type: "contacts".into(),
                to_object_type: "companies".into(),
                association_type_id: 1001,
                label: "B".into(),
                inverse_label: Some("C".into()),
            },
            &v,
            Put,
            &format!("{labels}/contacts/companies/labels"),
            Some(json!({"associationTypeId":1001,"label":"B","inverseLabel":"C"})),
        );
        check(
            &DeleteLabelParams {
                from_object_type: "contacts".into(),
                to_object_type: "companies".into(),
                association_type_id: 1001,
            },
            &v,
            Delete,
            &format!("{labels}/contacts/companies/labels/1001"),
            None,
        );
        check(
            &HighUsageReportParams { user_id: 5 },
            &v,
            Post,
            &format!("{assoc}/usage/high-usage-report/5"),
            None,
        );
        check(
            &ListAllLimitsParams {},
            &v,
            Get,
            &format!("{configs}/all"),
            None,
        );
        check(
            &ListLimits(pair.clone()),
            &v,
            Get,
            &format!("{configs}/contacts/companies"),
            None,
        );
        check(
            &PurgeLimitsParams {
                from_object_type: "contacts".into(),
                to_object_type: "companies".into(),
                inputs: vec![LimitPurgeInput {
                    category: AssociationCategory::UserDefined,
                    type_id: 1001,
                }],
            },
            &v,
            Post,
            &format!("{configs}/contacts/companies/batch/purge"),
            Some(json!({"inputs":[{"category":"USER_DEFINED","typeId":1001}]})),
        );
        let v3 = V3WriteParams {
            from_object_type: "contacts".into(),
            to_object_type: "companies".into(),
            inputs: vec![V3AssociationInput {
                from: r("1"),
                to: r("2"),
                type_: "contact_to_company".into(),
            }],
        };
        let v3body =
            json!({"inputs":[{"from":{"id":"1"},"to":{"id":"2"},"type":"contact_to_company"}]});
        check(
            &BatchCreateV3(v3.clone()),
            &v,
            Post,
            "/crm/v3/associations/contacts/companies/batch/create",
            Some(v3body.clone()),
        );
        check(
            &BatchArchiveV3(v3),
            &v,
            Post,
            "/crm/v3/associations/contacts/companies/batch/archive",
            Some(v3body),
        );
        check(
            &ListTypesV3(pair.clone()),
            &v,
            Get,
            "/crm/v3/associations/contacts/companies/types",
            None,
        );
    }
}

#[test]
fn no_content_answers_decode_from_anything() {
    assert_eq!(DeleteLabelParams::decode("").unwrap(), NoContent);
    assert_eq!(UpdateLabelParams::decode("{\"x\":1}").unwrap(), NoContent);
    let archived = <BatchArchiveParams as Operation>::decode("").unwrap();
    assert!(archived.results.is_empty());
}
