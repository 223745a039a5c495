//! Unit tests of [`super`]: each location, unset fields, scalars and JSON values.

use super::*;

#[derive(serde::Serialize)]
struct Probe {
    #[serde(rename = "Port")]
    port: i32,
}

const REST: Call = Call { action: "CreateVersion", method: "POST", path: "/v2/{project_id}/apps/{app_id}/versions", body: BodyKind::Json };

#[test]
fn each_location_and_unset_fields() {
    let fields = [
        Wire::path_or_credential("project_id", "project_id", Some("X-Project-Id")),
        Wire::path("app_id"),
        Wire::header("X-Auth-Token"),
        Wire::query("Page"),
        Wire::query("Unset"),
        Wire::json("name"),
        Wire::json("probes"),
        Wire::json("unset"),
    ];
    let probes = vec![Probe { port: 8080 }];
    let (token, unset) = (Some("t".to_owned()), None::<String>);
    let op = encode(REST, &fields, &[&None::<String>, &"a/b c", &token, &2.0f64, &unset, &"web", &probes, &unset]).unwrap();
    assert_eq!(op.path, "/v2/{project_id}/apps/a%2Fb%20c/versions");
    assert_eq!(op.query, [("Page".to_owned(), "2".to_owned())]);
    assert_eq!(op.headers, [("X-Auth-Token".to_owned(), "t".to_owned())]);
    assert_eq!(op.body, Body::Json(br#"{"name":"web","probes":[{"Port":8080}]}"#.to_vec()));

    // A project id set on the request fills the path and names itself in its header.
    let op = encode(REST, &fields[..2], &[&"p-1", &"app"]).unwrap();
    assert_eq!(op.path, "/v2/p-1/apps/app/versions");
    assert_eq!(op.headers, [("X-Project-Id".to_owned(), "p-1".to_owned())]);
    assert_eq!(op.body, Body::Json(b"{}".to_vec()));
}

#[test]
fn rpc_parameters_are_one_form_with_json_text_for_lists() {
    let rpc = Call { action: "CreateApp", method: "POST", path: "/", body: BodyKind::Form };
    let fields = [Wire::form("Name"), Wire::form("Enable"), Wire::form("Ids"), Wire::form("Ratio")];
    let op = encode(rpc, &fields, &[&"x", &true, &[1, 2], &Some(0.5)]).unwrap();
    let form = |pairs: &[(&str, &str)]| Body::Form(pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect());
    assert_eq!(op.body, form(&[("Name", "x"), ("Enable", "true"), ("Ids", "[1,2]"), ("Ratio", "0.5")]));
    assert_eq!((op.action, op.method, op.path.as_str()), ("CreateApp", "POST", "/"));
    // RPC calls have a body even with no parameter; a GET with only a query has none.
    assert_eq!(encode(rpc, &[], &[]).unwrap().body, form(&[]));
    let get = Call { action: "List", method: "GET", path: "/list", body: BodyKind::Fields };
    assert_eq!(encode(get, &[Wire::query("A")], &[&None::<i32>]).unwrap().body, Body::Empty);
}

#[test]
fn unencodable_values_name_the_field() {
    let mut bad = std::collections::BTreeMap::new();
    bad.insert(vec![1u8], 1);
    let get = Call { action: "List", method: "GET", path: "/list", body: BodyKind::Fields };
    let err = encode(get, &[Wire::query("Map")], &[&bad]).unwrap_err();
    assert_eq!(err.to_string(), "invalid `Map`: cannot be encoded as json: key must be a string");
}
