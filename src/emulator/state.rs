//! The emulated portal: records, the association graph, association types (built-in, invented
//! defaults, user-defined labels) and limit configurations. Every write goes through here.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Value};

use super::types::{self, TypeDef};
use super::wire::{fail, invalid, Fail};

/// First id handed out to labels and invented default types (built-ins stay below).
pub(crate) const FIRST_CUSTOM_TYPE_ID: u32 = 1000;

/// (fromType, fromId, toType): the associations of one record to one object type.
type From = (String, u64, String);

/// The mutable portal.
#[derive(Debug, Clone)]
pub(crate) struct State {
    pub auto_create: bool,
    pub records: BTreeMap<String, BTreeSet<u64>>,
    /// toId -> type ids, per from-record and to-type; every edge is stored in both directions.
    pub edges: BTreeMap<From, BTreeMap<u64, BTreeSet<u32>>>,
    pub types: BTreeMap<u32, TypeDef>,
    /// (fromType, toType, typeId) -> userEnforcedMaxToObjectIds.
    pub limits: BTreeMap<(String, String, u32), u32>,
    pub next_type_id: u32,
}

/// `CONTACT=12` as HubSpot names an object in messages.
pub(crate) fn object_ref(ty: &str, id: u64) -> String {
    format!("{}={id}", types::singular(ty).to_ascii_uppercase())
}

impl State {
    pub fn new(auto_create: bool) -> State {
        State {
            auto_create,
            records: BTreeMap::new(),
            edges: BTreeMap::new(),
            types: types::builtins().into_iter().map(|t| (t.id, t)).collect(),
            limits: BTreeMap::new(),
            next_type_id: FIRST_CUSTOM_TYPE_ID,
        }
    }

    /// Whether a record exists (always, when records are created on first use).
    pub fn exists(&self, ty: &str, id: u64) -> bool {
        self.auto_create || self.records.get(ty).is_some_and(|s| s.contains(&id))
    }

    /// 404 OBJECT_NOT_FOUND unless the record exists (for reads).
    pub fn must_exist(&self, ty: &str, id: u64) -> Result<(), Fail> {
        if self.exists(ty, id) {
            return Ok(());
        }
        Err(fail(
            404,
            "OBJECT_NOT_FOUND",
            format!("Object not found: {} does not exist", object_ref(ty, id)),
        )
        .context("ids", vec![id.to_string()]))
    }

    /// HubSpot's 400 "One or more associations are invalid" for records that do not exist (for writes).
    pub fn must_exist_both(&self, a: &str, aid: u64, b: &str, bid: u64) -> Result<(), Fail> {
        let missing: Vec<String> = [(a, aid), (b, bid)]
            .iter()
            .filter(|(t, i)| !self.exists(t, *i))
            .map(|(t, i)| format!("{} is not valid", object_ref(t, *i)))
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        Err(invalid("One or more associations are invalid").context("INVALID_OBJECT_IDS", missing))
    }

    pub fn add_record(&mut self, ty: &str, id: u64) {
        self.records.entry(ty.to_string()).or_default().insert(id);
    }

    /// The association types from `a` to `b`, by id.
    pub fn pair_types<'s>(
        &'s self,
        a: &'s str,
        b: &'s str,
    ) -> impl Iterator<Item = &'s TypeDef> + 's {
        self.types
            .values()
            .filter(move |t| t.from == a && t.to == b)
    }

    fn type_def(&self, id: u32) -> &TypeDef {
        &self.types[&id]
    }

    /// `{category, typeId, label}` of a type.
    pub fn spec_json(&self, id: u32) -> Value {
        let t = self.type_def(id);
        json!({"category": t.category, "typeId": t.id, "label": t.label})
    }

    /// The pair's default (unlabelled HUBSPOT_DEFINED) type, invented and recorded for pairs that
    /// have none (custom objects, company to company).
    pub fn default_type(&mut self, a: &str, b: &str) -> u32 {
        if let Some(t) = self
            .pair_types(a, b)
            .find(|t| t.category == "HUBSPOT_DEFINED" && t.label.is_none())
        {
            return t.id;
        }
        let (sa, sb) = (
            types::singular(a).to_string(),
            types::singular(b).to_string(),
        );
        let name = format!("{sa}_to_{sb}");
        let ids = self.new_type_pair(
            a,
            b,
            "HUBSPOT_DEFINED",
            None,
            None,
            &name,
            &format!("{sb}_to_{sa}"),
        );
        ids[0]
    }

    /// Registers a type and its inverse (one symmetric type when `a == b` and there is no inverse
    /// label); returns the new ids, forward first.
    #[allow(clippy::too_many_arguments)]
    fn new_type_pair(
        &mut self,
        a: &str,
        b: &str,
        category: &str,
        label: Option<&str>,
        inverse_label: Option<&str>,
        name: &str,
        inverse_name: &str,
    ) -> Vec<u32> {
        let id = self.next_type_id;
        let symmetric = a == b && inverse_label.is_none();
        let inverse = if symmetric { id } else { id + 1 };
        let def = |id, from: &str, to: &str, label: Option<&str>, name: &str, inverse| TypeDef {
            id,
            category: category.into(),
            from: from.into(),
            to: to.into(),
            label: label.map(Into::into),
            name: name.into(),
            inverse,
        };
        self.types.insert(id, def(id, a, b, label, name, inverse));
        if !symmetric {
            self.types.insert(
                inverse,
                def(inverse, b, a, inverse_label.or(label), inverse_name, id),
            );
        }
        self.next_type_id = inverse + 1;
        if symmetric {
            vec![id]
        } else {
            vec![id, inverse]
        }
    }

    /// The type id of an `AssociationSpec` if it belongs to the direction `a` to `b`.
    pub fn resolve_spec(
        &self,
        a: &str,
        b: &str,
        category: &str,
        type_id: i64,
    ) -> Result<u32, Fail> {
        let found = u32::try_from(type_id)
            .ok()
            .and_then(|id| self.types.get(&id))
            .filter(|t| t.from == a && t.to == b && t.category == category);
        found.map(|t| t.id).ok_or_else(|| {
            invalid("One or more associations are invalid").context(
                "INVALID_ASSOCIATION_TYPES",
                vec![format!(
                    "{category} {type_id} is not a valid association type from {a} to {b}"
                )],
            )
        })
    }

    /// The associations of one record to a type, ordered by toObjectId.
    pub fn targets(&self, a: &str, aid: u64, b: &str) -> Option<&BTreeMap<u64, BTreeSet<u32>>> {
        self.edges.get(&(a.to_string(), aid, b.to_string()))
    }

    /// The label strings of the labelled types between two records.
    pub fn labels_between(&self, a: &str, aid: u64, b: &str, bid: u64) -> Vec<String> {
        let set = self.targets(a, aid, b).and_then(|m| m.get(&bid));
        set.into_iter()
            .flatten()
            .filter_map(|id| self.type_def(*id).label.clone())
            .collect()
    }

    /// Adds associations of the given types (and their inverses) between two records, after
    /// checking that both exist and that no limit configuration is exceeded. All or nothing.
    pub fn associate(
        &mut self,
        a: &str,
        aid: u64,
        b: &str,
        bid: u64,
        type_ids: &BTreeSet<u32>,
    ) -> Result<(), Fail> {
        self.must_exist_both(a, aid, b, bid)?;
        for &t in type_ids {
            let inv = self.type_def(t).inverse;
            self.check_limit(a, aid, b, bid, t)?;
            self.check_limit(b, bid, a, aid, inv)?;
        }
        self.add_record(a, aid);
        self.add_record(b, bid);
        for &t in type_ids {
            let inv = self.type_def(t).inverse;
            self.edges
                .entry((a.into(), aid, b.into()))
                .or_default()
                .entry(bid)
                .or_default()
                .insert(t);
            self.edges
                .entry((b.into(), bid, a.into()))
                .or_default()
                .entry(aid)
                .or_default()
                .insert(inv);
        }
        Ok(())
    }

    fn check_limit(&self, a: &str, aid: u64, b: &str, bid: u64, t: u32) -> Result<(), Fail> {
        let Some(&max) = self.limits.get(&(a.to_string(), b.to_string(), t)) else {
            return Ok(());
        };
        let targets = self.targets(a, aid, b);
        if targets
            .and_then(|m| m.get(&bid))
            .is_some_and(|s| s.contains(&t))
        {
            return Ok(()); // already there: nothing new
        }
        let used = targets.map_or(0, |m| m.values().filter(|s| s.contains(&t)).count());
        if used < max as usize {
            return Ok(());
        }
        let cat = &self.type_def(t).category;
        Err(invalid(format!(
            "Association limit exceeded: {} already has {used} association(s) of type {cat} {t} to {}, the configured maximum (userEnforcedMaxToObjectIds) is {max}",
            object_ref(a, aid),
            types::singular(b).to_ascii_uppercase()
        ))
        .sub("crm.associations.ASSOCIATION_LIMIT_EXCEEDED")
        .context("fromObjectId", vec![aid.to_string()])
        .context("associationTypeId", vec![t.to_string()]))
    }

    /// Removes every association between two records (both directions).
    pub fn remove_pair(&mut self, a: &str, aid: u64, b: &str, bid: u64) {
        self.edit_edge(a, aid, b, bid, |s| s.clear());
        self.edit_edge(b, bid, a, aid, |s| s.clear());
    }

    /// Removes some types (and their inverses) between two records; the pair stays while other
    /// types remain.
    pub fn remove_types(&mut self, a: &str, aid: u64, b: &str, bid: u64, type_ids: &BTreeSet<u32>) {
        for &t in type_ids {
            let inv = self.type_def(t).inverse;
            self.edit_edge(a, aid, b, bid, |s| {
                s.remove(&t);
            });
            self.edit_edge(b, bid, a, aid, |s| {
                s.remove(&inv);
            });
        }
    }

    fn edit_edge(
        &mut self,
        a: &str,
        aid: u64,
        b: &str,
        bid: u64,
        f: impl FnOnce(&mut BTreeSet<u32>),
    ) {
        let key = (a.to_string(), aid, b.to_string());
        let Some(map) = self.edges.get_mut(&key) else {
            return;
        };
        if let Some(set) = map.get_mut(&bid) {
            f(set);
            if set.is_empty() {
                map.remove(&bid);
            }
        }
        if map.is_empty() {
            self.edges.remove(&key);
        }
    }

    /// Creates a USER_DEFINED label for `a` to `b`; returns the new type ids, forward first.
    pub fn create_label(
        &mut self,
        a: &str,
        b: &str,
        label: &str,
        name: &str,
        inverse_label: Option<&str>,
    ) -> Result<Vec<u32>, Fail> {
        if label.trim().is_empty() || name.trim().is_empty() {
            return Err(invalid(
                "Both 'label' and 'name' are required and must not be empty",
            ));
        }
        if inverse_label.is_some_and(|l| l.trim().is_empty()) {
            return Err(invalid("'inverseLabel' must not be empty"));
        }
        if self
            .pair_types(a, b)
            .any(|t| t.category == "USER_DEFINED" && t.name == name)
        {
            return Err(fail(
                409,
                "CONFLICT",
                format!("An association label named '{name}' already exists from {a} to {b}"),
            ));
        }
        Ok(self.new_type_pair(
            a,
            b,
            "USER_DEFINED",
            Some(label),
            inverse_label,
            name,
            &format!("{name}_inverse"),
        ))
    }

    /// The USER_DEFINED type `id` of `a` to `b`, or HubSpot's error.
    fn user_label(&self, a: &str, b: &str, id: i64) -> Result<u32, Fail> {
        let t = u32::try_from(id)
            .ok()
            .and_then(|id| self.types.get(&id))
            .filter(|t| t.from == a && t.to == b);
        match t {
            Some(t) if t.category == "USER_DEFINED" => Ok(t.id),
            Some(t) => Err(invalid(format!(
                "Association type {} is {} and cannot be changed",
                t.id, t.category
            ))),
            None => Err(fail(
                404,
                "OBJECT_NOT_FOUND",
                format!("No association label with id {id} exists from {a} to {b}"),
            )),
        }
    }

    pub fn update_label(
        &mut self,
        a: &str,
        b: &str,
        id: i64,
        label: &str,
        inverse_label: Option<&str>,
    ) -> Result<(), Fail> {
        let id = self.user_label(a, b, id)?;
        if label.trim().is_empty() || inverse_label.is_some_and(|l| l.trim().is_empty()) {
            return Err(invalid("Labels must not be empty"));
        }
        let inverse = self.type_def(id).inverse;
        if inverse == id && inverse_label.is_some_and(|l| l != label) {
            return Err(invalid(format!(
                "Association label {id} is symmetric: it has no inverse label to set"
            )));
        }
        self.types.get_mut(&id).unwrap().label = Some(label.to_string());
        if let (Some(l), true) = (inverse_label, inverse != id) {
            self.types.get_mut(&inverse).unwrap().label = Some(l.to_string());
        }
        Ok(())
    }

    /// Deletes a label (both directions), its associations and its limit configurations.
    pub fn delete_label(&mut self, a: &str, b: &str, id: i64) -> Result<(), Fail> {
        let id = self.user_label(a, b, id)?;
        let gone = [id, self.type_def(id).inverse];
        for t in gone {
            self.types.remove(&t);
        }
        for map in self.edges.values_mut() {
            map.values_mut()
                .for_each(|s| s.retain(|t| !gone.contains(t)));
            map.retain(|_, s| !s.is_empty());
        }
        self.edges.retain(|_, m| !m.is_empty());
        self.limits.retain(|(_, _, t), _| !gone.contains(t));
        Ok(())
    }

    /// `{category, typeId, label, userEnforcedMaxToObjectIds}` of a configured limit.
    pub fn limit_json(&self, a: &str, b: &str, t: u32) -> Value {
        let mut v = self.spec_json(t);
        v["userEnforcedMaxToObjectIds"] = json!(self.limits[&(a.to_string(), b.to_string(), t)]);
        v
    }

    /// Validates a limit input: the type belongs to `a` to `b`, the category (when given) is its
    /// category, the maximum is at least 1.
    pub fn limit_input(
        &self,
        a: &str,
        b: &str,
        category: Option<&str>,
        type_id: i64,
        max: Option<i64>,
    ) -> Result<(u32, u32), Fail> {
        let t = u32::try_from(type_id)
            .ok()
            .and_then(|id| self.types.get(&id))
            .filter(|t| t.from == a && t.to == b);
        let Some(t) = t else {
            return Err(invalid(format!(
                "Association type {type_id} is not defined from {a} to {b}"
            ))
            .context("typeId", vec![type_id.to_string()]));
        };
        if let Some(c) = category.filter(|c| *c != t.category) {
            return Err(invalid(format!(
                "Association type {type_id} has category {}, not {c}",
                t.category
            ))
            .context("typeId", vec![type_id.to_string()]));
        }
        match max.map(u32::try_from) {
            Some(Ok(m)) if m >= 1 => Ok((t.id, m)),
            _ => Err(
                invalid("'maxToObjectIds' is required and must be a positive integer")
                    .context("typeId", vec![type_id.to_string()]),
            ),
        }
    }

    /// A JSON snapshot for test assertions.
    pub fn snapshot(&self) -> Value {
        let records: serde_json::Map<String, Value> = self
            .records
            .iter()
            .map(|(t, ids)| {
                (
                    t.clone(),
                    json!(ids.iter().map(u64::to_string).collect::<Vec<_>>()),
                )
            })
            .collect();
        let associations: Vec<Value> = self
            .edges
            .iter()
            .flat_map(|((a, aid, b), m)| {
                m.iter().map(move |(bid, ts)| {
                    json!({"fromObjectTypeId": a, "fromObjectId": aid.to_string(), "toObjectTypeId": b, "toObjectId": bid.to_string(),
                           "types": ts.iter().map(|t| self.spec_json(*t)).collect::<Vec<_>>()})
                })
            })
            .collect();
        let custom = |category: &'static str| {
            self.types
                .values()
                .filter(move |t| t.id >= FIRST_CUSTOM_TYPE_ID && t.category == category)
                .map(|t| {
                    json!({"category": t.category, "typeId": t.id, "label": t.label, "name": t.name,
                           "fromObjectTypeId": t.from, "toObjectTypeId": t.to, "inverseTypeId": t.inverse})
                })
                .collect::<Vec<_>>()
        };
        let limits: Vec<Value> = self
            .limits
            .iter()
            .map(|((a, b, t), max)| {
                json!({"fromObjectTypeId": a, "toObjectTypeId": b, "category": self.type_def(*t).category, "typeId": t, "maxToObjectIds": max})
            })
            .collect();
        json!({"records": records, "associations": associations, "labels": custom("USER_DEFINED"),
               "defaultTypes": custom("HUBSPOT_DEFINED"), "limits": limits})
    }
}
