//! Tolerant decoding of response fields: a field whose value has another type than the documents
//! say is read as absent (with a `tracing` warning) instead of failing the whole response.
//!
//! The SDK is generated from prose documents, so type drift (an id documented as a string and
//! sent as a number) is the expected failure. A response that reports an action the service has
//! already taken (a deploy's change order id) must still reach the caller when one unrelated field
//! is off. Generated response types implement [`Object`] (one `match` on the wire name per type)
//! and read themselves with [`object`]: serde's derive, with a visitor, a field enum and a
//! wrapper per lenient field, made the SAE module five times slower to compile.
//!
//! Decoding stays one pass over the body: the value is handed to the field's own `Deserialize`
//! through serde's primitive deserializers, never buffered into a `serde_json::Value`.

use std::fmt;
use std::marker::PhantomData;

use serde::de::value::{
    BoolDeserializer, BorrowedStrDeserializer, F64Deserializer, I64Deserializer,
    MapAccessDeserializer, StrDeserializer, StringDeserializer,
    U64Deserializer,
};
use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::forward_to_deserialize_any;

/// An optional field: `None` when absent, `null` or of an unexpected type.
pub fn option<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    deserializer.deserialize_any(Lenient::<T>(PhantomData))
}

/// A list field: empty when `null` or not a list; items of an unexpected type are left out.
pub fn vec<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    deserializer.deserialize_any(LenientVec::<T>(PhantomData))
}

/// A whole body that the documents give as a bare JSON array: items of an unexpected type are
/// left out, as in a list field, but a body that is no list fails, as a body that is no object
/// does.
pub fn list<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    deserializer.deserialize_seq(ListBody::<T>(PhantomData))
}

struct ListBody<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ListBody<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        LenientVec::<T>(PhantomData).visit_seq(seq)
    }
}

/// A field the type requires: its default when `null` or of an unexpected type (shared types,
/// which also serve as requests, keep their required fields non-optional).
pub fn or_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    option(deserializer).map(Option::unwrap_or_default)
}

fn mismatch<T>(error: &dyn fmt::Display) {
    tracing::warn!(
        expected = std::any::type_name::<T>(),
        "a response field does not have its documented type and is read as absent: {error}"
    );
}

/// The field's value if it decoded, else `None` with a warning.
fn settle<T, E: fmt::Display>(result: Result<T, E>) -> Option<T> {
    result.map_err(|error| mismatch::<T>(&error)).ok()
}

struct Lenient<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for Lenient<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(settle(T::deserialize(BoolDeserializer::<E>::new(v))))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(settle(T::deserialize(I64Deserializer::<E>::new(v))))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(settle(T::deserialize(U64Deserializer::<E>::new(v))))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(settle(T::deserialize(F64Deserializer::<E>::new(v))))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(settle(T::deserialize(StrDeserializer::<E>::new(v))))
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(settle(T::deserialize(BorrowedStrDeserializer::<E>::new(v))))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(settle(T::deserialize(StringDeserializer::<E>::new(v))))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        option(deserializer)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let result = T::deserialize(MapAccessDeserializer::new(&mut map));
        if result.is_err() {
            // A type that does not read objects rejects the map before taking anything from it;
            // the rest is skipped so that the enclosing object reads on.
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        }
        Ok(settle(result))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let result = T::deserialize(ListOnly(&mut seq));
        if result.is_err() {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
        }
        Ok(settle(result))
    }
}

/// A JSON array handed to a type: read as a list, never as a struct's fields in order, which
/// serde's derive also accepts (`[1, 2]` is not a `Data` whose first two fields are 1 and 2).
struct ListOnly<A>(A);

impl<'de, A: SeqAccess<'de>> Deserializer<'de> for ListOnly<A> {
    type Error = A::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, A::Error> {
        visitor.visit_seq(self.0)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        Err(de::Error::invalid_type(de::Unexpected::Seq, &visitor))
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option
        unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
    }
}

/// A generated response type: it takes each field of its object by wire name. Its
/// `Deserialize` is [`object`], one pass over the object like serde's derive, but with one small
/// match per type instead of a visitor, a field enum and a wrapper per field, which keeps the
/// generated crate quick to compile.
pub trait Object: Default {
    /// Reads the value of the field `key` from `value`, leniently, or skips it.
    fn field<'de, A: MapAccess<'de>>(&mut self, key: &str, value: FieldValue<'_, A>) -> Result<(), A::Error>;
}

/// Reads an object into `O`: a list or any other value is not an object (a list is never read as
/// a struct's fields in order).
pub fn object<'de, D: Deserializer<'de>, O: Object>(deserializer: D) -> Result<O, D::Error> {
    deserializer.deserialize_map(ObjectVisitor::<O>(PhantomData))
}

struct ObjectVisitor<O>(PhantomData<O>);

impl<'de, O: Object> Visitor<'de> for ObjectVisitor<O> {
    type Value = O;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = std::any::type_name::<O>();
        write!(f, "an object (`{}`)", name.rsplit("::").next().unwrap_or(name))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<O, A::Error> {
        let mut out = O::default();
        while let Some(key) = map.next_key::<Key<'de>>()? {
            out.field(key.as_str(), FieldValue { map: &mut map })?;
        }
        Ok(out)
    }
}

/// An object's key, borrowed from the input where it can be.
struct Key<'de>(std::borrow::Cow<'de, str>);

impl Key<'_> {
    fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Key(std::borrow::Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Key(std::borrow::Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Key(std::borrow::Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// The value of one field of an object being read ([`Object::field`]).
pub struct FieldValue<'a, A> {
    map: &'a mut A,
}

impl<'de, A: MapAccess<'de>> FieldValue<'_, A> {
    /// An optional field: `None` when `null` or of an unexpected type (with a warning).
    pub fn option<T: Deserialize<'de>>(self, slot: &mut Option<T>) -> Result<(), A::Error> {
        *slot = self.map.next_value_seed(OptionSeed(PhantomData))?;
        Ok(())
    }

    /// A list field: empty when `null` or not a list; items of an unexpected type are left out.
    pub fn vec<T: Deserialize<'de>>(self, slot: &mut Vec<T>) -> Result<(), A::Error> {
        *slot = self.map.next_value_seed(VecSeed(PhantomData))?;
        Ok(())
    }

    /// A field the type does not have: skipped.
    pub fn skip(self) -> Result<(), A::Error> {
        self.map.next_value::<IgnoredAny>().map(|_| ())
    }
}

/// Reads a field with [`option`].
struct OptionSeed<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> de::DeserializeSeed<'de> for OptionSeed<T> {
    type Value = Option<T>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
        option(deserializer)
    }
}

/// Reads a field with [`vec`].
struct VecSeed<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> de::DeserializeSeed<'de> for VecSeed<T> {
    type Value = Vec<T>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Vec<T>, D::Error> {
        vec(deserializer)
    }
}

/// Reads a whole response body as `O`, like `serde_json::from_slice` except that a JSON array is
/// never read as a struct (see `ListOnly`). Errors are `serde_json`'s, with their position.
pub fn from_slice<'de, O: Deserialize<'de>>(body: &'de [u8]) -> serde_json::Result<O> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let out = deserializer.deserialize_any(Strict::<O>(PhantomData))?;
    deserializer.end()?;
    Ok(out)
}

/// Hands any value to `O` as it is, arrays through [`ListOnly`].
struct Strict<O>(PhantomData<O>);

impl<'de, O: Deserialize<'de>> Visitor<'de> for Strict<O> {
    type Value = O;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<O, E> {
        O::deserialize(BoolDeserializer::<E>::new(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<O, E> {
        O::deserialize(I64Deserializer::<E>::new(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<O, E> {
        O::deserialize(U64Deserializer::<E>::new(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<O, E> {
        O::deserialize(F64Deserializer::<E>::new(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<O, E> {
        O::deserialize(StrDeserializer::<E>::new(v))
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<O, E> {
        O::deserialize(BorrowedStrDeserializer::<E>::new(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<O, E> {
        O::deserialize(serde::de::value::UnitDeserializer::<E>::new())
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<O, A::Error> {
        O::deserialize(MapAccessDeserializer::new(map))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<O, A::Error> {
        O::deserialize(ListOnly(seq))
    }
}

/// One item of a lenient list: `None` when it has an unexpected type.
struct Item<T>(Option<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Item<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        option(deserializer).map(Item)
    }
}

struct LenientVec<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for LenientVec<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(Item(item)) = seq.next_element::<Item<T>>()? {
            items.extend(item);
        }
        Ok(items)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        vec(deserializer)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(not_a_list::<T>(de::Unexpected::Bool(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(not_a_list::<T>(de::Unexpected::Signed(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(not_a_list::<T>(de::Unexpected::Unsigned(v)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(not_a_list::<T>(de::Unexpected::Float(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(not_a_list::<T>(de::Unexpected::Str(v)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(not_a_list::<T>(de::Unexpected::Map))
    }
}

fn not_a_list<T>(found: de::Unexpected<'_>) -> Vec<T> {
    let error = <serde_json::Error as de::Error>::invalid_type(found, &"a list");
    mismatch::<Vec<T>>(&error);
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    // As the generated response types are: `Object` and `object`.
    #[derive(Debug, Default, PartialEq)]
    struct Data {
        change_order_id: Option<String>,
        app_id: Option<String>,
        count: Option<i32>,
        tags: Vec<String>,
    }

    impl Object for Data {
        fn field<'de, A: MapAccess<'de>>(&mut self, key: &str, value: FieldValue<'_, A>) -> Result<(), A::Error> {
            match key {
                "ChangeOrderId" => value.option(&mut self.change_order_id),
                "AppId" => value.option(&mut self.app_id),
                "Count" => value.option(&mut self.count),
                "Tags" => value.vec(&mut self.tags),
                _ => value.skip(),
            }
        }
    }

    impl<'de> Deserialize<'de> for Data {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            object(deserializer)
        }
    }

    #[derive(Debug, Default, PartialEq)]
    struct Out {
        data: Option<Data>,
        items: Vec<Data>,
        success: Option<bool>,
    }

    impl Object for Out {
        fn field<'de, A: MapAccess<'de>>(&mut self, key: &str, value: FieldValue<'_, A>) -> Result<(), A::Error> {
            match key {
                "Data" => value.option(&mut self.data),
                "Items" => value.vec(&mut self.items),
                "Success" => value.option(&mut self.success),
                _ => value.skip(),
            }
        }
    }

    impl<'de> Deserialize<'de> for Out {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            object(deserializer)
        }
    }

    #[test]
    fn escaped_and_unknown_keys_read_in_one_pass() {
        let out: Out = from_slice(br#"{"Unknown":{"deep":[1,{"x":2}]},"D\u0061ta":{"AppId":"a"},"Success":true}"#).expect("reads");
        assert_eq!(out, Out { data: Some(data(None, Some("a"), None, &[])), success: Some(true), ..Out::default() });
    }

    fn data(change_order_id: Option<&str>, app_id: Option<&str>, count: Option<i32>, tags: &[&str]) -> Data {
        Data {
            change_order_id: change_order_id.map(str::to_owned),
            app_id: app_id.map(str::to_owned),
            count,
            tags: tags.iter().map(|t| (*t).to_owned()).collect(),
        }
    }

    #[test]
    fn unexpected_types_read_as_absent() {
        let cases: Vec<(&str, Out)> = vec![
            (
                r#"{"Success":true,"Data":{"ChangeOrderId":"co-2","AppId":12345}}"#,
                Out { data: Some(data(Some("co-2"), None, None, &[])), success: Some(true), ..Out::default() },
            ),
            (
                r#"{"Data":{"AppId":{"nested":[1,{"a":2}]},"ChangeOrderId":"co-3","Count":"x","Tags":"a"}}"#,
                Out { data: Some(data(Some("co-3"), None, None, &[])), ..Out::default() },
            ),
            (
                r#"{"Data":[1,2],"Success":"yes","Items":[{"AppId":"a"},7,{"Count":3000000000,"Tags":["t",1,null,"u"]}]}"#,
                Out { items: vec![data(None, Some("a"), None, &[]), data(None, None, None, &["t", "u"])], ..Out::default() },
            ),
            (
                r#"{"Data":"none","Items":{"AppId":"a"},"Success":null}"#,
                Out::default(),
            ),
            (
                r#"{"Data":null,"Items":null}"#,
                Out::default(),
            ),
        ];
        for (body, expected) in cases {
            let out: Out = from_slice(body.as_bytes()).unwrap_or_else(|e| panic!("{body}: {e}"));
            assert_eq!(out, expected, "{body}");
        }
    }

    #[test]
    fn whole_bodies_that_are_not_objects_fail() {
        for (body, message) in [
            ("[\"r\", null]", "invalid type: sequence, expected an object (`Out`) at line 1 column 1"),
            ("7", "invalid type: integer `7`, expected an object (`Out`) at line 1 column 1"),
            ("{} x", "trailing characters at line 1 column 4"),
        ] {
            assert_eq!(from_slice::<Out>(body.as_bytes()).unwrap_err().to_string(), message, "{body}");
        }
        let value: serde_json::Value = from_slice(b"[1, {\"a\": [null, \"x\"]}, true]").unwrap();
        assert_eq!(value, serde_json::json!([1, {"a": [null, "x"]}, true]));
    }

    // As a generated response whose body is a bare JSON array (`[items]` on the page) is.
    #[derive(Debug, Default, PartialEq)]
    struct List {
        items: Vec<Data>,
    }

    impl<'de> Deserialize<'de> for List {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            list(deserializer).map(|items| Self { items })
        }
    }

    #[test]
    fn a_bare_list_body_reads_as_leniently_as_a_list_field() {
        let list: List = from_slice(br#"[{"AppId":"a"}, 7, {"Count":3,"Tags":["t"]}]"#).expect("reads");
        assert_eq!(list.items, vec![data(None, Some("a"), None, &[]), data(None, None, Some(3), &["t"])]);
        assert_eq!(from_slice::<List>(b"[]").expect("reads"), List::default());
        // An object where the page documents a list is no list: the body does not read.
        assert_eq!(from_slice::<List>(br#"{"AppId":"a"}"#).unwrap_err().to_string(), "invalid type: map, expected a list at line 1 column 1");
    }

    #[test]
    fn broken_json_still_fails() {
        for body in [r#"{"Data":{"AppId":12,"#, r#"{"Data":{"AppId":[1,}"#, r#"{"Items":[{"AppId":1}"#] {
            assert!(serde_json::from_str::<Out>(body).is_err(), "{body}");
        }
    }

    #[test]
    fn mismatches_are_logged() {
        let capture = crate::test_util::TraceCapture::new();
        let guard = capture.set_default();
        let _: Out = serde_json::from_str(r#"{"Data":{"AppId":12345}}"#).unwrap();
        drop(guard);
        let text = capture.text();
        assert!(text.contains("read as absent: invalid type: integer `12345`, expected a string"), "{text}");
    }
}
