//! JSON fields read without giving up: a field of the wrong type becomes [`Field::Wrong`] with
//! a short description of what was there, and reading goes on, so one pass over a document
//! finds every problem. Strings are borrowed from the input where JSON escapes allow.
//!
//! [`lenient_object!`] gives each raw struct its fields; this module makes each field lenient.
//! Each field is read by [`super::pull`] (the fast path) or, when that gives up on a text, by
//! serde_json: both build the same values, and only serde_json's messages reach the user.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::pull::{Bail, Pull};
use crate::diagnostic::quote;

/// A field's value, or what was found instead.
#[derive(Debug, Clone, PartialEq)]
pub enum Field<T> {
    /// The value, of the expected type.
    Ok(T),
    /// Something else: `7`, `"3"`, `null`, `an array`, `an object`.
    /// (A `Box<str>` rather than a `String`: it leaves the value's layout room to tell the two
    /// apart, so every field is a word smaller, and raw structs move faster.)
    Wrong(Box<str>),
}

/// A JSON scalar as a visitor sees it.
#[derive(Debug)]
pub enum Scalar<'de> {
    /// A string (borrowed when it had no escapes).
    Str(Cow<'de, str>),
    /// A non-negative integer.
    U64(u64),
    /// A negative integer.
    I64(i64),
    /// A number with a fraction or exponent.
    F64(f64),
    /// `true` or `false`.
    Bool(bool),
}

impl Scalar<'_> {
    /// An integer as a field sees it: a non-negative one is `U64` however serde_json gave it.
    fn int(v: i64) -> Scalar<'static> {
        if v >= 0 { Scalar::U64(v as u64) } else { Scalar::I64(v) }
    }

    /// A JSON number as serde_json reads it (sign, fraction, exponent, overflow and all), or
    /// `None` when `token` is not one.
    pub(super) fn number(token: &str) -> Option<Scalar<'static>> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Scalar<'static>;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number")
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(Scalar::U64(v))
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(Scalar::int(v))
            }

            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Ok(Scalar::F64(v))
            }
        }
        let mut d = serde_json::Deserializer::from_str(token);
        let n = d.deserialize_any(V).ok()?;
        d.end().ok()?;
        Some(n)
    }

    /// The scalar as an error message shows it.
    fn describe(&self) -> String {
        match self {
            Scalar::Str(s) => quote(s),
            Scalar::U64(n) => n.to_string(),
            Scalar::I64(n) => n.to_string(),
            Scalar::F64(x) => serde_json::Number::from_f64(*x).map_or_else(|| x.to_string(), |n| n.to_string()),
            Scalar::Bool(b) => b.to_string(),
        }
    }
}

/// JSON shapes a value can take besides scalars.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compound {
    /// Neither: the type is a scalar.
    None,
    /// An object (`{…}`).
    Object,
    /// An array (`[…]`).
    Array,
}

/// A type that a lenient field can hold.
pub trait Lenient<'de>: Sized {
    /// Which compound JSON value it is read from, if any.
    const COMPOUND: Compound = Compound::None;

    /// The value for a scalar, or the scalar back if it is of another type.
    fn from_scalar(s: Scalar<'de>) -> Result<Self, Scalar<'de>> {
        Err(s)
    }

    /// Reads it from an object (only called when `COMPOUND` is `Object`).
    fn from_map<A: MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
        drain_map(map)?;
        Err(de::Error::custom("not an object"))
    }

    /// Reads it from an array (only called when `COMPOUND` is `Array`).
    fn from_seq<A: SeqAccess<'de>>(seq: A) -> Result<Self, A::Error> {
        drain_seq(seq)?;
        Err(de::Error::custom("not an array"))
    }

    /// [`Lenient::from_map`] on the fast path.
    fn pull_map(_: &mut Pull<'de>) -> Result<Self, Bail> {
        Err(Bail)
    }

    /// [`Lenient::from_seq`] on the fast path.
    fn pull_seq(_: &mut Pull<'de>) -> Result<Self, Bail> {
        Err(Bail)
    }
}

fn drain_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<(), A::Error> {
    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
    Ok(())
}

fn drain_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<(), A::Error> {
    while seq.next_element::<IgnoredAny>()?.is_some() {}
    Ok(())
}

impl<'de: 'a, 'a> Lenient<'de> for Cow<'a, str> {
    fn from_scalar(s: Scalar<'de>) -> Result<Self, Scalar<'de>> {
        match s {
            Scalar::Str(s) => Ok(s),
            other => Err(other),
        }
    }
}

impl<'de> Lenient<'de> for u64 {
    fn from_scalar(s: Scalar<'de>) -> Result<Self, Scalar<'de>> {
        match s {
            Scalar::U64(n) => Ok(n),
            other => Err(other),
        }
    }
}

impl<'de, T: Lenient<'de>> Lenient<'de> for Vec<Field<T>> {
    const COMPOUND: Compound = Compound::Array;

    fn from_seq<A: SeqAccess<'de>>(mut seq: A) -> Result<Self, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element()? {
            out.push(item);
        }
        Ok(out)
    }

    fn pull_seq(p: &mut Pull<'de>) -> Result<Self, Bail> {
        let mut out = Vec::new();
        p.array(|p| {
            out.push(Field::pull(p)?);
            Ok(())
        })?;
        Ok(out)
    }
}

impl<'de, T: Lenient<'de>> Lenient<'de> for BTreeMap<String, Field<T>> {
    const COMPOUND: Compound = Compound::Object;

    fn from_map<A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        let mut out = BTreeMap::new();
        while let Some((k, v)) = map.next_entry::<Cow<'de, str>, Field<T>>()? {
            out.insert(k.into_owned(), v);
        }
        Ok(out)
    }

    fn pull_map(p: &mut Pull<'de>) -> Result<Self, Bail> {
        let mut out = BTreeMap::new();
        p.object(|p, k| {
            // A repeated key: the last one counts, as in serde's map.
            out.insert(k.into_owned(), Field::pull(p)?);
            Ok(())
        })?;
        Ok(out)
    }
}

/// Makes a struct readable as a lenient object field: each of its fields (all `Option`s of
/// lenient values) from the key given, a key it does not name skipped, a repeated key an error
/// (serde's "duplicate field"). Both ways of reading are made here, from one list of keys.
#[macro_export]
#[doc(hidden)]
macro_rules! lenient_object {
    ($($t:ident { $($field:ident: $key:literal),* $(,)? })*) => {$(
        impl<'de: 'a, 'a> $crate::import::lenient::Lenient<'de> for $t<'a> {
            const COMPOUND: $crate::import::lenient::Compound = $crate::import::lenient::Compound::Object;

            fn from_map<A: serde::de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
                let mut out = Self::default();
                let mut seen = 0u64;
                while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    let mut bit = 1u64;
                    $(
                        if key == $key {
                            if seen & bit != 0 {
                                return Err(serde::de::Error::duplicate_field($key));
                            }
                            seen |= bit;
                            out.$field = map.next_value()?;
                            continue;
                        }
                        bit <<= 1;
                    )*
                    let _ = bit;
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
                Ok(out)
            }

            fn pull_map(p: &mut $crate::import::pull::Pull<'de>) -> Result<Self, $crate::import::pull::Bail> {
                let mut out = Self::default();
                let mut seen = 0u64;
                p.object(|p, key| {
                    let mut bit = 1u64;
                    $(
                        if key == $key {
                            if seen & bit != 0 {
                                return Err($crate::import::pull::Bail);
                            }
                            seen |= bit;
                            out.$field = $crate::import::lenient::Field::optional(p)?;
                            return Ok(());
                        }
                        bit <<= 1;
                    )*
                    let _ = bit;
                    p.skip()
                })?;
                Ok(out)
            }
        }
    )*};
}

impl<'de, T: Lenient<'de>> Field<T> {
    /// A field's value on the fast path.
    pub fn pull(p: &mut Pull<'de>) -> Result<Field<T>, Bail> {
        Ok(match p.peek()? {
            b'{' if T::COMPOUND == Compound::Object => Field::Ok(T::pull_map(p)?),
            b'[' if T::COMPOUND == Compound::Array => Field::Ok(T::pull_seq(p)?),
            b'{' => {
                p.skip()?;
                Field::Wrong("an object".into())
            }
            b'[' => {
                p.skip()?;
                Field::Wrong("an array".into())
            }
            _ if p.null()? => Field::Wrong("null".into()),
            _ => FieldVisitor::<T>::scalar::<serde_json::Error>(p.scalar()?).map_err(|_| Bail)?,
        })
    }

    /// A struct's field on the fast path: `null` is absent, as serde reads an `Option`.
    pub fn optional(p: &mut Pull<'de>) -> Result<Option<Field<T>>, Bail> {
        if p.null()? { Ok(None) } else { Field::pull(p).map(Some) }
    }
}

impl<'de, T: Lenient<'de>> Deserialize<'de> for Field<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(FieldVisitor(PhantomData))
    }
}

struct FieldVisitor<T>(PhantomData<T>);

impl<'de, T: Lenient<'de>> FieldVisitor<T> {
    fn scalar<E: de::Error>(s: Scalar<'de>) -> Result<Field<T>, E> {
        // Described only when it is wrong: quoting is slow next to parsing.
        Ok(T::from_scalar(s).map_or_else(|s| Field::Wrong(s.describe().into()), Field::Ok))
    }
}

impl<'de, T: Lenient<'de>> Visitor<'de> for FieldVisitor<T> {
    type Value = Field<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Field<T>, E> {
        Self::scalar(Scalar::Bool(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Field<T>, E> {
        Self::scalar(Scalar::U64(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Field<T>, E> {
        Self::scalar(Scalar::int(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Field<T>, E> {
        Self::scalar(Scalar::F64(v))
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Field<T>, E> {
        Self::scalar(Scalar::Str(Cow::Borrowed(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Field<T>, E> {
        Self::scalar(Scalar::Str(Cow::Owned(v.to_string())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Field<T>, E> {
        Self::scalar(Scalar::Str(Cow::Owned(v)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Field<T>, E> {
        Ok(Field::Wrong("null".into()))
    }

    fn visit_none<E: de::Error>(self) -> Result<Field<T>, E> {
        Ok(Field::Wrong("null".into()))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Field<T>, A::Error> {
        if T::COMPOUND == Compound::Object {
            T::from_map(&mut map).map(Field::Ok)
        } else {
            drain_map(map)?;
            Ok(Field::Wrong("an object".into()))
        }
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Field<T>, A::Error> {
        if T::COMPOUND == Compound::Array {
            T::from_seq(&mut seq).map(Field::Ok)
        } else {
            drain_seq(seq)?;
            Ok(Field::Wrong("an array".into()))
        }
    }
}

/// Reads a top-level document: a struct `T`, or an array of them, with what stood in the
/// place of each one that was not an object.
pub fn document<'de, T: Lenient<'de>>(src: &'de str) -> Result<Document<T>, serde_json::Error> {
    pull_document(src).or_else(|Bail| serde_document(src))
}

/// [`document`] by serde_json: what the fast path gives up on, with serde_json's message for
/// what is wrong.
fn serde_document<'de, T: Lenient<'de>>(src: &'de str) -> Result<Document<T>, serde_json::Error> {
    // From a `str`: UTF-8 is checked once for the whole text, not string by string.
    let mut d = serde_json::Deserializer::from_str(src);
    let doc = Document::<T>::deserialize(&mut d)?;
    d.end()?;
    Ok(doc)
}

/// [`document`] on the fast path: an object or an array (any other top level is left to
/// serde_json).
fn pull_document<'de, T: Lenient<'de>>(src: &'de str) -> Result<Document<T>, Bail> {
    let mut p = Pull::new(src);
    let doc = match p.peek()? {
        b'{' => Document::One(Field::pull(&mut p)?),
        b'[' => Document::Many(Vec::<Field<T>>::pull_seq(&mut p)?),
        _ => return Err(Bail),
    };
    p.end()?;
    Ok(doc)
}

/// A file's top level: one item or an array of them.
#[derive(Debug)]
pub enum Document<T> {
    /// The file is one value.
    One(Field<T>),
    /// The file is an array.
    Many(Vec<Field<T>>),
}

impl<'de, T: Lenient<'de>> Deserialize<'de> for Document<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Lenient<'de>> Visitor<'de> for V<T> {
            type Value = Document<T>;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object or array")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Document<T>, A::Error> {
                Vec::<Field<T>>::from_seq(seq).map(Document::Many)
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Document<T>, A::Error> {
                FieldVisitor::<T>(PhantomData).visit_map(map).map(Document::One)
            }

            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Document<T>, E> {
                FieldVisitor::<T>(PhantomData).visit_bool(v).map(Document::One)
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Document<T>, E> {
                FieldVisitor::<T>(PhantomData).visit_u64(v).map(Document::One)
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Document<T>, E> {
                FieldVisitor::<T>(PhantomData).visit_i64(v).map(Document::One)
            }

            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Document<T>, E> {
                FieldVisitor::<T>(PhantomData).visit_f64(v).map(Document::One)
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Document<T>, E> {
                FieldVisitor::<T>(PhantomData).visit_str(v).map(Document::One)
            }

            fn visit_unit<E: de::Error>(self) -> Result<Document<T>, E> {
                Ok(Document::One(Field::Wrong("null".into())))
            }
        }
        d.deserialize_any(V(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[derive(Default, Debug)]
    struct Raw<'a> {
        name: Option<Field<Cow<'a, str>>>,
        n: Option<Field<u64>>,
        list: Option<Field<Vec<Field<Cow<'a, str>>>>>,
        inner: Option<Field<Vec<Field<Raw<'a>>>>>,
    }
    crate::lenient_object!(Raw { name: "name", n: "n", list: "list", inner: "inner" });

    fn one(src: &str) -> Raw<'_> {
        match document::<Raw>(src).unwrap() {
            Document::One(Field::Ok(r)) => r,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn wrong_types_are_described_and_reading_goes_on() {
        let r = one(
            r#"{"name": 7, "n": "3", "list": {"a": [1]}, "inner": [{"n": -1}, 5, [2], {"n": 2.5, "list": ["x", null]}], "other": [1]}"#,
        );
        assert_eq!(r.name, Some(Field::Wrong("7".into())));
        assert_eq!(r.n, Some(Field::Wrong("\"3\"".into())));
        assert_eq!(r.list, Some(Field::Wrong("an object".into())));
        let Some(Field::Ok(inner)) = r.inner else { panic!() };
        assert!(matches!(&inner[0], Field::Ok(Raw { n: Some(Field::Wrong(w)), .. }) if &**w == "-1"));
        assert_eq!(inner.len(), 4);
        assert!(matches!(&inner[1], Field::Wrong(w) if &**w == "5"));
        assert!(matches!(&inner[2], Field::Wrong(w) if &**w == "an array"));
        let Field::Ok(last) = &inner[3] else { panic!() };
        assert_eq!(last.n, Some(Field::Wrong("2.5".into())));
        assert_eq!(last.list, Some(Field::Ok(vec![Field::Ok("x".into()), Field::Wrong("null".into())])));
    }

    #[test]
    fn null_is_absent_and_strings_borrow_without_escapes() {
        let r = one(r#"{"name": "plain", "n": null}"#);
        assert!(matches!(r.name, Some(Field::Ok(Cow::Borrowed("plain")))));
        assert_eq!(r.n, None);
        let r = one(r#"{"name": "esc\"aped"}"#);
        assert!(matches!(r.name, Some(Field::Ok(Cow::Owned(_)))));
    }

    /// JSON texts near what the reader expects: its keys, every kind of value, escapes,
    /// repeated keys, whitespace; some of them broken by one change.
    fn texts() -> impl Strategy<Value = String> {
        let string = prop_oneof![
            1 => "[a-zæøå \"\\\n\u{1}🦀é́]{0,8}".prop_map(|s| serde_json::to_string(&s).unwrap()),
            2 => r#""([a-z]|\\[nt"/\\bfr]|\\u00e6|\\ud83e\\udd80|\\ud83e|\\udd80|\\x){0,4}""#,
        ];
        let leaf = prop_oneof![
            Just("null".to_string()),
            Just("true".to_string()),
            Just("false".to_string()),
            any::<u64>().prop_map(|n| n.to_string()),
            any::<i64>().prop_map(|n| n.to_string()),
            "-?(0|[1-9][0-9]{0,21})(\\.[0-9]{1,3})?([eE][+-]?[0-9]{1,3})?",
            "-?0[0-9]{1,3}",
            string.clone(),
        ];
        let value = leaf.prop_recursive(4, 48, 6, move |inner| {
            let key = prop_oneof!["name|n|list|inner|other", Just("\"\\u006e\"".to_string())];
            let key = key.prop_map(|k| if k.starts_with('"') { k } else { format!("\"{k}\"") });
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..5).prop_map(|v| format!("[{}]", v.join(","))),
                proptest::collection::vec((key, inner), 0..6).prop_map(|v| {
                    let fields: Vec<String> = v.into_iter().map(|(k, v)| format!("{k}: {v}")).collect();
                    format!("{{ {} }}", fields.join(" ,\n"))
                }),
            ]
        });
        let change =
            prop_oneof![3 => Just(None), 1 => Just(Some(String::new())), 1 => "[\\\\\",:\\[\\]{}0a]".prop_map(Some)];
        (value, any::<prop::sample::Index>(), change).prop_map(|(mut text, at, change)| {
            // One char put in or taken out, somewhere, in two texts of five.
            let at = text.char_indices().map(|(i, _)| i).nth(at.index(text.chars().count().max(1))).unwrap_or(0);
            match change.as_deref() {
                Some("") if at < text.len() => drop(text.remove(at)),
                Some(c) => text.insert_str(at, c),
                None => {}
            }
            text
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// The fast path reads what serde_json reads, the same, or gives it up.
        #[test]
        fn the_fast_path_reads_as_serde_json_does(text in texts()) {
            let serde = format!("{:?}", serde_document::<Raw>(&text).map_err(|e| e.to_string()));
            // Giving up is always right: serde_json then reads the text.
            if let Ok(doc) = pull_document::<Raw>(&text) {
                proptest::prop_assert_eq!(format!("{:?}", Ok::<_, String>(doc)), serde);
            }
        }
    }

    #[test]
    fn the_fast_path_reads_plain_documents() {
        let text = r#"{"name": "Søren \"S\" 🦀", "n": 7, "list": ["a", 3, null], "inner": [{"n": -1.5e3}, {}], "other": {"x": [1, {"y": null}]}}"#;
        let Ok(Document::One(Field::Ok(r))) = pull_document::<Raw>(text) else { panic!("gave up") };
        assert_eq!(r.name, Some(Field::Ok("Søren \"S\" 🦀".into())));
        assert_eq!(format!("{:?}", Document::One(Field::Ok(r))), format!("{:?}", serde_document::<Raw>(text).unwrap()));
        assert!(pull_document::<Raw>(r#"{"n": 1, "n": 2}"#).is_err());
    }

    #[test]
    fn a_repeated_key_and_broken_json_are_errors() {
        assert!(document::<Raw>(r#"{"n": 1, "n": 2}"#).is_err());
        assert!(document::<Raw>(r#"{"n": 1,}"#).is_err());
        assert!(document::<Raw>(r#"{"n": 1} x"#).is_err());
    }
}
