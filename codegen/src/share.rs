//! Shapes that several operations return alike are generated once, in the service's `types`
//! module, so a value read from one operation's response can be handed on as it is.
//!
//! Two response structs are the same shape when they have the same name and the same fields: wire
//! and Rust names, types (nested shapes compared the same way), optionality, secrecy and docs.
//! A name that two different shapes want stays with the operations (a shape is shared only under
//! its own name), and a shape is shared only when everything it holds is. Enums are shared the same
//! way, by name, values and docs; a shared enum serves the request side of its operations too.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{EnumIr, FieldIr, OperationIr, StructIr, Ty};

/// Marks the shapes of `ops` that are shared (`shared`), points every use of them at the `types`
/// module (`Ty::Shared`) and returns one copy of each for that module. `reserved`: names the
/// module has already (the spec's components).
pub fn share(ops: &mut [OperationIr], reserved: &BTreeSet<String>) -> (Vec<StructIr>, Vec<EnumIr>) {
    // Every shape's key, per operation.
    let keys: Vec<(BTreeMap<String, String>, BTreeMap<String, String>)> = ops.iter().map(keys_of).collect();
    let mut users: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for (i, (structs, enums)) in keys.iter().enumerate() {
        for key in structs.values().chain(enums.values()) {
            users.entry(key.clone()).or_default().insert(i);
        }
    }
    // Candidates: used by two operations or more, under a name no other candidate wants.
    let mut candidate: BTreeSet<String> = users.iter().filter(|(_, u)| u.len() > 1).map(|(k, _)| k.clone()).collect();
    let mut by_name: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for key in &candidate {
        by_name.entry(name_of(key).to_owned()).or_default().insert(key.clone());
    }
    candidate.retain(|k| by_name[name_of(k)].len() == 1 && !reserved.contains(name_of(k)));
    // Only shapes whose every part is shared.
    loop {
        let before = candidate.len();
        let snapshot = candidate.clone();
        candidate.retain(|k| parts(k).iter().all(|p| snapshot.contains(p)));
        if candidate.len() == before {
            break;
        }
    }

    let mut structs: BTreeMap<String, StructIr> = BTreeMap::new();
    let mut enums: BTreeMap<String, EnumIr> = BTreeMap::new();
    for (op, (struct_keys, enum_keys)) in ops.iter_mut().zip(&keys) {
        let local: BTreeSet<String> = struct_keys.iter().chain(enum_keys).filter(|(_, k)| candidate.contains(*k)).map(|(n, _)| n.clone()).collect();
        if local.is_empty() {
            continue;
        }
        let point = |fields: &mut Vec<FieldIr>| {
            for f in fields.iter_mut() {
                repoint(&mut f.ty, &local);
                if let Some(content) = f.content.as_mut() {
                    repoint(content, &local);
                }
            }
        };
        point(&mut op.request.fields);
        point(&mut op.response.fields);
        for s in op.input_structs.iter_mut().chain(op.output_structs.iter_mut()) {
            point(&mut s.fields);
        }
        for s in op.output_structs.iter_mut().filter(|s| local.contains(&s.name)) {
            s.shared = true;
            structs.entry(s.name.clone()).or_insert_with(|| s.clone());
        }
        for e in op.enums.iter_mut().filter(|e| local.contains(&e.name)) {
            e.shared = true;
            enums.entry(e.name.clone()).or_insert_with(|| e.clone());
        }
    }
    (structs.into_values().collect(), enums.into_values().collect())
}

fn repoint(ty: &mut Ty, shared: &BTreeSet<String>) {
    match ty {
        Ty::Struct(name) if shared.contains(name.as_str()) => *ty = Ty::Shared(name.clone()),
        Ty::Enum(name) if shared.contains(name.as_str()) => *ty = Ty::SharedEnum(name.clone()),
        Ty::Vec(inner) | Ty::Map(inner) => repoint(inner, shared),
        _ => {}
    }
}

/// A key's name: what comes before its first `{`.
fn name_of(key: &str) -> &str {
    key.split(['{', '<']).next().unwrap_or(key)
}

/// The keys a key holds (its nested shapes), written between `«` and `»`.
fn parts(key: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0;
    let mut start = 0;
    for (i, c) in key.char_indices() {
        match c {
            '«' => {
                if depth == 0 {
                    start = i + c.len_utf8();
                }
                depth += 1;
            }
            '»' => {
                depth -= 1;
                if depth == 0 {
                    out.push(key[start..i].to_owned());
                }
            }
            _ => {}
        }
    }
    out
}

/// The keys of an operation's response structs and of its enums, by name.
fn keys_of(op: &OperationIr) -> (BTreeMap<String, String>, BTreeMap<String, String>) {
    let enums: BTreeMap<String, String> = op.enums.iter().map(|e| (e.name.clone(), enum_key(e))).collect();
    let mut structs = BTreeMap::new();
    for s in &op.output_structs {
        struct_key(op, &s.name, &enums, &mut structs, 0);
    }
    (structs, enums)
}

fn enum_key(e: &EnumIr) -> String {
    let variants: Vec<String> = e.variants.iter().map(|(v, w)| format!("{v}={w}")).collect();
    format!("{}<{}|{}>", e.name, variants.join(","), e.doc)
}

/// A struct's key: its name and its fields, nested shapes by their own keys in `«»`.
fn struct_key(op: &OperationIr, name: &str, enums: &BTreeMap<String, String>, done: &mut BTreeMap<String, String>, depth: usize) -> Option<String> {
    if let Some(k) = done.get(name) {
        return Some(k.clone());
    }
    let s = op.output_structs.iter().find(|s| s.name == name)?;
    if depth > 16 {
        return None;
    }
    let mut fields = Vec::new();
    for f in &s.fields {
        let ty = ty_key(op, &f.ty, enums, done, depth)?;
        let content = match &f.content {
            Some(c) => ty_key(op, c, enums, done, depth)?,
            None => String::new(),
        };
        fields.push(format!("{}:{}:{ty}:{content}:{}:{}:{}", f.wire, f.rust, f.required, f.sensitive, f.doc));
    }
    let key = format!("{name}{{{}|{}}}", fields.join(";"), s.doc);
    done.insert(name.to_owned(), key.clone());
    Some(key)
}

fn ty_key(op: &OperationIr, ty: &Ty, enums: &BTreeMap<String, String>, done: &mut BTreeMap<String, String>, depth: usize) -> Option<String> {
    Some(match ty {
        Ty::Struct(n) => format!("«{}»", struct_key(op, n, enums, done, depth + 1)?),
        Ty::Enum(n) => format!("«{}»", enums.get(n)?),
        Ty::Vec(inner) => format!("[{}]", ty_key(op, inner, enums, done, depth)?),
        Ty::Map(inner) => format!("map[{}]", ty_key(op, inner, enums, done, depth)?),
        Ty::Shared(n) | Ty::SharedEnum(n) => format!("types::{n}"),
        other => format!("{other:?}"),
    })
}
