//! Request bodies as JSON values, built field by field. serde's `Serialize` into a `Value` (the
//! `json!` macro with fields in it, `to_value`) would put serde_json's value serialiser and one
//! serialiser per input type into the wasm module, for bodies this small; the derives stay for
//! Rust users, and a test holds both writings equal, text and all.

use super::{BatchArchiveInput, BatchCreateInput, BatchReadInput, DefaultPairInput};
use crate::model::{
    AssociationCategory, AssociationSpec, LimitInput, LimitPurgeInput, ObjectId, ObjectRef,
    ObjectRefInput, V3AssociationInput,
};
use serde_json::{Map, Value};

/// A value as the JSON HubSpot is sent (what its `Serialize` writes).
pub trait ToJson {
    /// The JSON value.
    fn to_json(&self) -> Value;
}

/// An object of these fields, in this order (`None` values are left out).
pub fn object<const N: usize>(fields: [(&str, Option<Value>); N]) -> Value {
    let mut m = Map::new();
    for (k, v) in fields {
        if let Some(v) = v {
            m.insert(k.to_string(), v);
        }
    }
    Value::Object(m)
}

/// `{"inputs": [...]}`, the body of every batch request.
pub fn inputs<T: ToJson>(items: &[T]) -> Value {
    object([("inputs", Some(items.to_json()))])
}

impl<T: ToJson> ToJson for [T] {
    fn to_json(&self) -> Value {
        Value::Array(self.iter().map(ToJson::to_json).collect())
    }
}

impl ToJson for ObjectId {
    fn to_json(&self) -> Value {
        Value::from(self.0.as_str())
    }
}

impl ToJson for AssociationCategory {
    fn to_json(&self) -> Value {
        Value::from(self.as_str())
    }
}

impl ToJson for ObjectRefInput {
    fn to_json(&self) -> Value {
        object([("id", Some(self.id.to_json()))])
    }
}

impl ToJson for ObjectRef {
    fn to_json(&self) -> Value {
        object([("id", Some(self.id.to_json()))])
    }
}

impl ToJson for AssociationSpec {
    fn to_json(&self) -> Value {
        object([
            (
                "associationCategory",
                Some(self.association_category.to_json()),
            ),
            ("associationTypeId", Some(self.association_type_id.into())),
        ])
    }
}

impl ToJson for BatchReadInput {
    fn to_json(&self) -> Value {
        object([
            ("id", Some(self.id.to_json())),
            ("after", self.after.as_deref().map(Value::from)),
        ])
    }
}

impl ToJson for BatchCreateInput {
    fn to_json(&self) -> Value {
        object([
            ("from", Some(self.from.to_json())),
            ("to", Some(self.to.to_json())),
            ("types", Some(self.types.to_json())),
        ])
    }
}

impl ToJson for DefaultPairInput {
    fn to_json(&self) -> Value {
        object([
            ("from", Some(self.from.to_json())),
            ("to", Some(self.to.to_json())),
        ])
    }
}

impl ToJson for BatchArchiveInput {
    fn to_json(&self) -> Value {
        object([
            ("from", Some(self.from.to_json())),
            ("to", Some(self.to.to_json())),
        ])
    }
}

impl ToJson for V3AssociationInput {
    fn to_json(&self) -> Value {
        object([
            ("from", Some(self.from.to_json())),
            ("to", Some(self.to.to_json())),
            ("type", Some(Value::from(self.type_.as_str()))),
        ])
    }
}

impl ToJson for LimitInput {
    fn to_json(&self) -> Value {
        object([
            ("category", self.category.as_ref().map(ToJson::to_json)),
            ("typeId", Some(self.type_id.into())),
            ("maxToObjectIds", Some(self.max_to_object_ids.into())),
        ])
    }
}

impl ToJson for LimitPurgeInput {
    fn to_json(&self) -> Value {
        object([
            ("category", Some(self.category.to_json())),
            ("typeId", Some(self.type_id.into())),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;

    /// Written by hand as serde writes it: the same text (same fields, same order).
    fn same<T: ToJson + Serialize + ?Sized>(x: &T) {
        let ours = serde_json::to_string(&x.to_json()).unwrap();
        let serde = serde_json::to_string(x).unwrap();
        assert_eq!(ours, serde);
    }

    #[test]
    fn bodies_are_written_as_serde_writes_them() {
        let r = |id: &str| ObjectRefInput { id: id.into() };
        let categories = [
            AssociationCategory::HubspotDefined,
            AssociationCategory::UserDefined,
            AssociationCategory::IntegratorDefined,
            AssociationCategory::Work,
            AssociationCategory::Other("NEW \"kind\"".into()),
        ];
        for (i, c) in categories.into_iter().enumerate() {
            let spec = AssociationSpec {
                association_category: c.clone(),
                association_type_id: i as i32 * 1000 - 1,
            };
            same(&spec);
            same(&[spec.clone(), spec.clone()][..]);
            same(&BatchCreateInput {
                from: r("1"),
                to: r("9007199254740993"),
                types: vec![spec.clone()],
            });
            same(&LimitInput {
                category: Some(c.clone()),
                type_id: i as i32,
                max_to_object_ids: i64::MAX - i as i64,
            });
            same(&LimitInput {
                category: None,
                type_id: -(i as i32),
                max_to_object_ids: 0,
            });
            same(&LimitPurgeInput {
                category: c,
                type_id: i32::MIN + i as i32,
            });
        }
        same(&r("\u{1}\"\\ü"));
        same(&ObjectRef { id: "42".into() });
        same(&BatchReadInput {
            id: "7".into(),
            after: None,
        });
        same(&BatchReadInput {
            id: "7".into(),
            after: Some("MTA=".into()),
        });
        same(&DefaultPairInput {
            from: r("1"),
            to: r("2"),
        });
        same(&BatchArchiveInput {
            from: r("1"),
            to: vec![],
        });
        same(&BatchArchiveInput {
            from: r("1"),
            to: vec![r("2"), r("3")],
        });
        same(&V3AssociationInput {
            from: r("1"),
            to: r("2"),
            type_: "contact_to_company".into(),
        });
        let ins = [
            BatchReadInput {
                id: "1".into(),
                after: None,
            },
            BatchReadInput {
                id: "2".into(),
                after: Some("x".into()),
            },
        ];
        assert_eq!(
            serde_json::to_string(&inputs(&ins)).unwrap(),
            serde_json::to_string(&serde_json::json!({ "inputs": ins })).unwrap()
        );
    }
}
