//! Object types and the HUBSPOT_DEFINED association type table (hubspot-api.md §2 and §7).

/// Built-in object types: type id, plural name, singular name.
const OBJECTS: &[(&str, &str, &str)] = &[
    ("0-1", "contacts", "contact"),
    ("0-2", "companies", "company"),
    ("0-3", "deals", "deal"),
    ("0-5", "tickets", "ticket"),
    ("0-7", "products", "product"),
    ("0-8", "line_items", "line_item"),
    ("0-14", "quotes", "quote"),
    ("0-27", "tasks", "task"),
    ("0-46", "notes", "note"),
    ("0-47", "meetings", "meeting"),
    ("0-48", "calls", "call"),
    ("0-49", "emails", "email"),
];

/// The canonical object type (its type id, `0-1` or `2-<n>`) of a name, singular name or type id.
pub(crate) fn normalize(raw: &str) -> Option<String> {
    let l = raw.to_ascii_lowercase();
    if let Some((id, _, _)) = OBJECTS
        .iter()
        .find(|(id, p, s)| l == *id || l == *p || l == *s)
    {
        return Some(id.to_string());
    }
    let n = l.strip_prefix("2-")?;
    (!n.is_empty() && n.len() <= 18 && n.bytes().all(|b| b.is_ascii_digit())).then_some(l)
}

/// The singular name of a canonical type (`contact`), or the type id itself for custom types.
pub(crate) fn singular(ty: &str) -> &str {
    OBJECTS
        .iter()
        .find(|(id, _, _)| *id == ty)
        .map_or(ty, |(_, _, s)| s)
}

/// One row of the built-in table: from, to, forward id, inverse id, forward label, inverse label,
/// forward v3 name, inverse v3 name.
type Row = (
    &'static str,
    &'static str,
    u32,
    u32,
    Option<&'static str>,
    Option<&'static str>,
    &'static str,
    &'static str,
);

#[rustfmt::skip]
const PAIRS: &[Row] = &[
    ("0-1", "0-2", 1, 2, Some("Primary"), Some("Contact with Primary Company"), "contact_to_company", "company_to_contact"),
    ("0-1", "0-2", 279, 280, None, None, "contact_to_company_unlabeled", "company_to_contact_unlabeled"),
    ("0-3", "0-1", 3, 4, None, None, "deal_to_contact", "contact_to_deal"),
    ("0-3", "0-2", 5, 6, Some("Primary"), Some("Deal with Primary Company"), "deal_to_company", "company_to_deal"),
    ("0-3", "0-2", 341, 342, None, None, "deal_to_company_unlabeled", "company_to_deal_unlabeled"),
    ("0-2", "0-2", 13, 14, Some("Child Company"), Some("Parent Company"), "parent_to_child_company", "child_to_parent_company"),
    ("0-1", "0-5", 15, 16, None, None, "contact_to_ticket", "ticket_to_contact"),
    ("0-3", "0-8", 19, 20, None, None, "deal_to_line_item", "line_item_to_deal"),
    ("0-2", "0-5", 25, 26, Some("Ticket with Primary Company"), Some("Primary"), "company_to_ticket", "ticket_to_company"),
    ("0-5", "0-2", 339, 340, None, None, "ticket_to_company_unlabeled", "company_to_ticket_unlabeled"),
    ("0-3", "0-5", 27, 28, None, None, "deal_to_ticket", "ticket_to_deal"),
    ("0-3", "0-14", 63, 64, None, None, "deal_to_quote", "quote_to_deal"),
    ("0-14", "0-8", 67, 68, None, None, "quote_to_line_item", "line_item_to_quote"),
];

/// Engagements (call, email, meeting, note, task) and the first id of each owner's row.
const ENGAGEMENTS: &[&str] = &["0-48", "0-49", "0-47", "0-46", "0-27"];
const ENGAGEMENT_OWNERS: &[(&str, [u32; 5])] = &[
    ("0-1", [193, 197, 199, 201, 203]),
    ("0-2", [181, 185, 187, 189, 191]),
    ("0-3", [205, 209, 211, 213, 215]),
    ("0-5", [219, 223, 225, 227, 229]),
];

/// An association type: one direction of a definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TypeDef {
    pub id: u32,
    pub category: String,
    pub from: String,
    pub to: String,
    pub label: Option<String>,
    /// The v3 name (built-ins), or the internal name of a label.
    pub name: String,
    /// The id of the opposite direction (itself for a symmetric type).
    pub inverse: u32,
}

/// Every HUBSPOT_DEFINED type, both directions.
pub(crate) fn builtins() -> Vec<TypeDef> {
    let def = |id, from: &str, to: &str, label: Option<&str>, name: String, inverse| TypeDef {
        id,
        category: "HUBSPOT_DEFINED".into(),
        from: from.into(),
        to: to.into(),
        label: label.map(Into::into),
        name,
        inverse,
    };
    let mut out = vec![];
    for &(f, t, a, b, la, lb, na, nb) in PAIRS {
        out.push(def(a, f, t, la, na.into(), b));
        out.push(def(b, t, f, lb, nb.into(), a));
    }
    for (owner, ids) in ENGAGEMENT_OWNERS {
        for (eng, &id) in ENGAGEMENTS.iter().zip(ids) {
            let (o, e) = (singular(owner), singular(eng));
            out.push(def(id, owner, eng, None, format!("{o}_to_{e}"), id + 1));
            out.push(def(id + 1, eng, owner, None, format!("{e}_to_{o}"), id));
        }
    }
    out
}
