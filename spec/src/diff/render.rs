//! The changelog (Markdown) and the classification table.

use std::fmt::Write as _;

use super::{Change, ChangeKind, ChangeSet, OperationStatus, RustImpact, WireImpact};

/// `[major, wire: breaking]`: the severity each changelog line starts with.
fn severity(c: &Change) -> String {
    format!("[{}, wire: {}]", c.semver, c.wire.name())
}

fn counts<T: PartialEq>(levels: &[(T, &str)], of: Vec<T>) -> String {
    levels.iter().map(|(level, name)| format!("{} {name}", of.iter().filter(|l| *l == level).count())).collect::<Vec<_>>().join(", ")
}

pub fn markdown(set: &ChangeSet) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# API changes: `{}` -> `{}`\n", set.old, set.new);
    let (Some(rust), Some(wire)) = (set.rust, set.wire) else {
        out.push_str("No changes.\n");
        return out;
    };
    let rust_counts = counts(&[(RustImpact::Breaking, "breaking"), (RustImpact::Additive, "additive"), (RustImpact::Cosmetic, "cosmetic")], set.changes().map(|c| c.rust).collect());
    let wire_counts = counts(&[(WireImpact::Breaking, "breaking"), (WireImpact::PossiblyBreaking, "possibly breaking"), (WireImpact::NonBreaking, "non-breaking")], set.changes().map(|c| c.wire).collect());
    let _ = writeln!(out, "- Rust crate: **{}** ({} version; {rust_counts})", rust.name(), rust.semver());
    let _ = writeln!(out, "- Wire contract: **{}** ({wire_counts})", wire.name());
    for service in &set.services {
        if service.operations.is_empty() {
            continue;
        }
        let versions = match (&service.old_version, &service.new_version) {
            (Some(a), Some(b)) if a != b => format!(", API version {a} -> {b}"),
            (Some(a), Some(_)) => format!(", API version {a}"),
            (None, Some(b)) => format!(", new service, API version {b}"),
            (Some(a), None) => format!(", service removed, API version {a}"),
            (None, None) => String::new(),
        };
        let _ = writeln!(out, "\n## {} (`{}`{versions})", service.title, service.module);
        for op in &service.operations {
            let verb = match op.status {
                OperationStatus::Added => "Add",
                OperationStatus::Removed => "Delete",
                OperationStatus::Updated => "Update",
            };
            let _ = writeln!(out, "\n### {verb} API {}\n", op.operation);
            for c in &op.changes {
                let at = c.source.as_ref().map(|s| format!(" (`{s}`)")).unwrap_or_default();
                let _ = writeln!(out, "- {} {} — {}{at}", severity(c), c.text, c.why);
            }
        }
    }
    out
}

pub fn table() -> String {
    let mut out = String::from("| change | Rust crate | wire | why |\n|---|---|---|---|\n");
    for kind in ChangeKind::ALL {
        let rule = kind.rule();
        let _ = writeln!(out, "| `{}` | {} ({}) | {} | {} |", kind.id(), rule.rust.name(), rule.rust.semver(), rule.wire.name(), rule.why);
    }
    out
}
