//! Spec -> codegen IR: the Rust types an operation needs, already named.

use doc2sdk_spec::openapi::{ErrorCode, FromCredentials, Operation, Schema};
use serde_json::Value;

use crate::naming::{self, Scope};

/// A Rust type of a field.
#[derive(Clone, Debug, PartialEq)]
pub enum Ty {
    String,
    I32,
    I64,
    F64,
    Bool,
    /// Free-form JSON (an object the page documents no fields for).
    Json,
    Vec(Box<Ty>),
    /// A map from strings to values of one type (`additionalProperties`).
    Map(Box<Ty>),
    /// A struct of this operation's module.
    Struct(String),
    /// A string enum of this operation's module.
    Enum(String),
    /// A named type shared by operations (`components`, or a shape `share` found alike), in the
    /// service's `types` module.
    Shared(String),
    /// A string enum that several operations share, in the service's `types` module.
    SharedEnum(String),
}

impl Ty {
    /// Whether the value travels as JSON text in an RPC request.
    pub fn is_complex(&self) -> bool {
        matches!(self, Ty::Vec(_) | Ty::Map(_) | Ty::Struct(_) | Ty::Json | Ty::Shared(_))
    }
}

/// Where a request field travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Loc {
    /// RPC parameter (form body) or JSON body property.
    Body,
    Path,
    Query,
    Header,
}

#[derive(Clone, Debug)]
pub struct FieldIr {
    pub location: Loc,
    pub wire: String,
    pub rust: String,
    pub ty: Ty,
    pub required: bool,
    pub doc: String,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    /// A secret (a password, a key's secret, a token): redacted in `Debug`.
    pub sensitive: bool,
    /// Filled from the credentials when the request leaves it unset (request parameters only).
    pub from_credentials: Option<FromCredentials>,
    /// A response string that carries a JSON document whose shape the page documents
    /// (`contentSchema`): the type it parses into.
    pub content: Option<Ty>,
}

#[derive(Clone, Debug)]
pub struct StructIr {
    pub name: String,
    pub doc: String,
    pub fields: Vec<FieldIr>,
    /// Generated once in the service's `types` module (`share`), not in the operation's.
    pub shared: bool,
    /// The body is a bare JSON array, the struct's one field (`items`) all of it.
    pub list_body: bool,
}

#[derive(Clone, Debug)]
pub struct EnumIr {
    pub name: String,
    pub doc: String,
    /// (variant, wire value, doc)
    pub variants: Vec<(String, String)>,
    /// Generated once in the service's `types` module (`share`), not in the operation's.
    pub shared: bool,
}

#[derive(Clone, Debug)]
pub struct ErrorIr {
    pub variant: String,
    pub code: String,
    /// `None` where the page gives no HTTP status for the code.
    pub status: Option<u16>,
    pub doc: String,
}

/// Everything generated for one operation.
#[derive(Clone, Debug)]
pub struct OperationIr {
    /// REST (path template, JSON body) rather than RPC (action, form body).
    pub rest: bool,
    /// Path template for REST operations.
    pub path: String,
    pub success_status: u16,
    /// REST operations whose body parameters travel as a form rather than JSON.
    pub form_body: bool,
    pub name: String,
    pub module: String,
    pub method_name: String,
    pub http_method: String,
    pub doc: String,
    pub request: StructIr,
    pub response: StructIr,
    /// Nested input structs (serialized), nested output structs (deserialized), enums.
    pub input_structs: Vec<StructIr>,
    pub output_structs: Vec<StructIr>,
    pub enums: Vec<EnumIr>,
    pub error_name: String,
    pub errors: Vec<ErrorIr>,
}

pub struct Builder {
    scope: Scope,
    /// What the operation acts on (`ApplicationConfig` of `DescribeApplicationConfig`): the name
    /// of the types that the page calls only `Data` or `Result`. Empty for shared types.
    noun: String,
    input_structs: Vec<StructIr>,
    output_structs: Vec<StructIr>,
    enums: Vec<EnumIr>,
}

/// The shared named types of a service: structs (both directions) and their enums.
pub fn components(schemas: &std::collections::BTreeMap<String, Schema>) -> (Vec<StructIr>, Vec<EnumIr>) {
    let names: Vec<String> = schemas.keys().map(|k| naming::type_name(k)).collect();
    let reserved: Vec<&str> = names.iter().map(String::as_str).collect();
    let mut b = Builder { scope: Scope::with(&reserved), noun: String::new(), input_structs: Vec::new(), output_structs: Vec::new(), enums: Vec::new() };
    let mut structs = Vec::new();
    for (wire, schema) in schemas {
        let name = naming::type_name(wire);
        structs.push(b.fields_struct(&name, schema.description.as_deref().unwrap_or(&format!("`{wire}`.")), schema, true, ""));
    }
    structs.extend(b.input_structs);
    (structs, b.enums)
}

pub fn operation(method: &str, path: &str, op: &Operation) -> OperationIr {
    let name = op.operation_id.clone();
    let request_name = format!("{name}Request");
    let response_name = format!("{name}Response");
    let error_name = format!("{name}Error");
    let mut b = Builder { scope: Scope::with(&[&request_name, &response_name, &error_name]), noun: naming::operation_noun(&name), input_structs: Vec::new(), output_structs: Vec::new(), enums: Vec::new() };
    let rest = op.x_acs_action.is_none();

    let request_schema = op.request_body.as_ref().and_then(|rb| rb.content.values().next()).map(|m| m.schema.clone()).unwrap_or_default();
    let form_body = op.request_body.as_ref().is_some_and(|rb| rb.content.contains_key("application/x-www-form-urlencoded"));
    let mut request = b.fields_struct(&request_name, op.summary.as_deref().unwrap_or(""), &request_schema, true, "");
    // Path and header parameters come first: they identify the resource.
    let mut taken: Vec<String> = request.fields.iter().map(|f| f.rust.clone()).collect();
    let mut params = Vec::new();
    for p in &op.parameters {
        let location = match p.location.as_str() {
            "path" => Loc::Path,
            "header" => Loc::Header,
            _ => Loc::Query,
        };
        let mut rust = naming::field_name(&p.name);
        while taken.contains(&rust) {
            rust.push('_');
        }
        taken.push(rust.clone());
        let mut schema = p.schema.clone();
        schema.description = p.description.clone().or(schema.description);
        params.push(FieldIr {
            location,
            ty: b.ty(&p.name, &schema, true, &request_name, false),
            wire: p.name.clone(),
            rust,
            // A parameter the credentials carry is an optional setter: the runtime fills it in.
            // Which parameters those are, and which headers a request may leave out, are service
            // settings (`[parameters]` in `service.toml`), applied to the spec.
            required: p.required && schema.x_from_credentials.is_none(),
            from_credentials: schema.x_from_credentials.clone(),
            content: None,
            doc: field_doc(&schema),
            sensitive: schema.x_sensitive,
            min_length: schema.min_length,
            max_length: schema.max_length,
            minimum: schema.minimum.as_ref().and_then(Value::as_f64),
            maximum: schema.maximum.as_ref().and_then(Value::as_f64),
        });
    }
    params.append(&mut request.fields);
    request.fields = params;
    let success_status = op.responses.keys().filter_map(|k| k.parse::<u16>().ok()).find(|s| (200..300).contains(s)).unwrap_or(200);
    let response_schema = op.responses.get(&success_status.to_string()).and_then(|r| r.content.values().next()).map(|m| m.schema.clone()).unwrap_or_default();
    let response_doc = format!("The response of `{name}`.");
    let response = if response_schema.ty.as_deref() == Some("array") {
        b.list_struct(&response_name, &response_doc, &response_schema, false)
    } else {
        b.fields_struct(&response_name, &response_doc, &response_schema, false, "")
    };

    let mut error_scope = Scope::with(&["Unhandled"]);
    let errors = op
        .x_error_codes
        .iter()
        .map(|e: &ErrorCode| ErrorIr {
            variant: error_scope.claim(naming::error_variant_name(&e.code)),
            code: e.code.clone(),
            status: e.status,
            doc: if e.description.is_empty() { e.message.clone() } else { e.description.clone() },
        })
        .collect();

    OperationIr {
        rest,
        form_body,
        path: path.to_owned(),
        success_status,
        module: naming::field_name(&name),
        method_name: naming::field_name(&name),
        http_method: method.to_owned(),
        doc: op.summary.clone().unwrap_or_default(),
        name,
        request,
        response,
        input_structs: b.input_structs,
        output_structs: b.output_structs,
        enums: b.enums,
        error_name,
        errors,
    }
}

impl Builder {
    pub fn fields_struct(&mut self, name: &str, doc: &str, schema: &Schema, input: bool, _prefix: &str) -> StructIr {
        let mut fields = Vec::new();
        let mut field_scope = Scope::default();
        for (wire, prop) in &schema.properties {
            let ty = self.ty(wire, prop, input, name, false);
            // A JSON document inside a string field parses into its own type.
            let json_string = ty == Ty::String && prop.content_media_type.as_deref().is_some_and(|m| m.contains("json"));
            let content = match prop.content_schema.as_deref() {
                Some(inner) if json_string && !input => Some(self.ty(&format!("{wire}Content"), inner, input, name, false)),
                _ => None,
            };
            let rust = field_scope.claim(naming::field_name(wire));
            fields.push(FieldIr { content, ..body_field(wire, rust, ty, schema.required.contains(wire), prop) });
        }
        StructIr { name: name.to_owned(), doc: doc.to_owned(), fields, shared: false, list_body: false }
    }

    /// The struct of a body the page documents as a bare JSON array: one field, `items`, that
    /// holds the whole body.
    fn list_struct(&mut self, name: &str, doc: &str, schema: &Schema, input: bool) -> StructIr {
        let ty = self.ty("items", schema, input, name, false);
        let field = body_field("", "items".to_owned(), ty, true, schema);
        StructIr { name: name.to_owned(), doc: doc.to_owned(), fields: vec![field], shared: false, list_body: true }
    }

    fn ty(&mut self, wire: &str, schema: &Schema, input: bool, parent: &str, item: bool) -> Ty {
        if let Some(name) = schema.reference.as_deref().and_then(|r| r.strip_prefix("#/components/schemas/")) {
            return Ty::Shared(naming::type_name(name));
        }
        match schema.ty.as_deref() {
            Some("string") if !schema.enum_values.is_empty() => {
                let wanted = naming::enum_name(wire, item, parent, &self.noun);
                let name = self.scope.claim_prefixed(wanted, &naming::prefix_for(parent));
                let variants = schema.enum_values.iter().filter_map(Value::as_str).map(|v| (naming::variant_name(v), v.to_owned())).collect();
                self.enums.push(EnumIr { name: name.clone(), doc: schema.description.clone().unwrap_or_default(), variants, shared: false });
                Ty::Enum(name)
            }
            Some("integer") if schema.format.as_deref() == Some("int64") => Ty::I64,
            Some("integer") => Ty::I32,
            Some("number") => Ty::F64,
            Some("boolean") => Ty::Bool,
            Some("array") => {
                let item_schema = schema.items.as_deref().cloned().unwrap_or_default();
                Ty::Vec(Box::new(self.ty(wire, &item_schema, input, parent, true)))
            }
            // A map of typed values (`Map<String,X>`); a map of anything is free-form JSON.
            Some("object") if schema.properties.is_empty() && schema.additional_properties.is_some() => {
                let value = schema.additional_properties.as_deref().cloned().unwrap_or_default();
                Ty::Map(Box::new(self.ty(wire, &value, input, parent, true)))
            }
            Some("object") if !schema.properties.is_empty() => {
                let wanted = naming::struct_name(wire, item, parent, &self.noun);
                let name = self.scope.claim_prefixed(wanted, &naming::prefix_for(parent));
                let s = self.fields_struct(&name, schema.description.as_deref().unwrap_or(""), schema, input, parent);
                if input {
                    self.input_structs.push(s);
                } else {
                    self.output_structs.push(s);
                }
                Ty::Struct(name)
            }
            Some("object") => Ty::Json,
            _ => Ty::String,
        }
    }
}

/// A body field of `schema`'s documentation and constraints.
fn body_field(wire: &str, rust: String, ty: Ty, required: bool, schema: &Schema) -> FieldIr {
    FieldIr {
        content: None,
        location: Loc::Body,
        wire: wire.to_owned(),
        rust,
        ty,
        required,
        doc: field_doc(schema),
        sensitive: schema.x_sensitive,
        from_credentials: None,
        min_length: schema.min_length,
        max_length: schema.max_length,
        minimum: schema.minimum.as_ref().and_then(Value::as_f64),
        maximum: schema.maximum.as_ref().and_then(Value::as_f64),
    }
}

/// Rustdoc for a field: description, constraints, example.
fn field_doc(s: &Schema) -> String {
    let mut doc = s.description.clone().unwrap_or_default();
    let mut facts = Vec::new();
    match (s.min_length, s.max_length) {
        (Some(a), Some(b)) => facts.push(format!("Length: {a} to {b} characters.")),
        (None, Some(b)) => facts.push(format!("Length: at most {b} characters.")),
        (Some(a), None) => facts.push(format!("Length: at least {a} characters.")),
        _ => {}
    }
    if s.minimum.is_some() || s.maximum.is_some() {
        let show = |v: &Option<Value>| v.as_ref().map_or("-".to_owned(), Value::to_string);
        facts.push(format!("Range: {} to {}.", show(&s.minimum), show(&s.maximum)));
    }
    if !s.enum_values.is_empty() && s.ty.as_deref() != Some("string") {
        let values: Vec<String> = s.enum_values.iter().map(Value::to_string).collect();
        facts.push(format!("Values: {}.", values.join(", ")));
    }
    if let Some(d) = &s.default {
        facts.push(format!("Default: `{}`.", d.as_str().map_or_else(|| d.to_string(), str::to_owned)));
    }
    if let Some(e) = s.examples.first() {
        facts.push(format!("Example: `{}`.", e.as_str().map_or_else(|| e.to_string(), str::to_owned).replace('`', "'")));
    }
    if !facts.is_empty() {
        if !doc.is_empty() {
            doc.push_str("\n\n");
        }
        doc.push_str(&facts.join("\n"));
    }
    doc
}
