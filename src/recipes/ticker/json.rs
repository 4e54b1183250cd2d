//! A small JSON reader for serde (serde_json's `from_str`, cut to what Kraken's frames hold):
//! objects, arrays, strings, whole numbers, booleans and null, read straight into the derived types.
//!
//! It exists for the bundle: serde_json's deserializer brings float parsing, float formatting (in
//! its error messages) and positions, which the browser build does not need. Numbers with a
//! fraction or an exponent are refused where a typed field reads them and skipped where a field is
//! ignored; errors carry no detail, and the caller names the shape it expected. Strings are handed
//! to serde borrowed, as the frame spells them (escapes checked but left in place), so the wire
//! types hold no owned text; [`unescape`] reads the ones that are kept.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};

/// Nesting deeper than this is refused (it would only come from a hostile frame).
const MAX_DEPTH: usize = 64;

/// The frame is not JSON of the expected shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Error;

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not JSON of the expected shape")
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(_: T) -> Error {
        Error
    }
}

/// Reads all of `text` as a `T`; trailing text other than whitespace is an error.
pub(super) fn from_str<'de, T: Deserialize<'de>>(text: &'de str) -> Result<T, Error> {
    let mut reader = Reader { text, pos: 0, depth: 0 };
    let value = T::deserialize(&mut reader)?;
    reader.skip_ws();
    if reader.pos == text.len() { Ok(value) } else { Err(Error) }
}

/// The elements of a top-level array, each as its own text, for reading once the others say what
/// it is.
pub(super) fn elements(text: &str) -> Result<Vec<&str>, Error> {
    let mut reader = Reader { text, pos: 0, depth: 0 };
    reader.skip_ws();
    reader.expect(b'[')?;
    let mut parts = Vec::new();
    loop {
        reader.skip_ws();
        if parts.is_empty() && reader.eat(b']') {
            break;
        }
        let start = reader.pos;
        reader.skip_value()?;
        parts.push(&text[start..reader.pos]);
        reader.skip_ws();
        if reader.eat(b']') {
            break;
        }
        reader.expect(b',')?;
    }
    reader.skip_ws();
    if reader.pos == text.len() { Ok(parts) } else { Err(Error) }
}

/// The text of a string as [`from_str`] hands it over (its escapes still in place); an escape
/// that names no character reads as U+FFFD.
pub(super) fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        out.push(match chars.next() {
            Some('b') => '\u{8}',
            Some('f') => '\u{c}',
            Some('n') => '\n',
            Some('r') => '\r',
            Some('t') => '\t',
            Some('u') => {
                let hex = |chars: &mut std::str::Chars<'_>| {
                    chars.by_ref().take(4).try_fold(0, |n, c| c.to_digit(16).map(|d| n * 16 + d)).unwrap_or(0xFFFD)
                };
                let high = hex(&mut chars);
                let code = if (0xD800..0xDC00).contains(&high) && chars.as_str().starts_with("\\u") {
                    chars.nth(1);
                    let low = hex(&mut chars);
                    if (0xDC00..0xE000).contains(&low) {
                        0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        0xFFFD
                    }
                } else {
                    high
                };
                char::from_u32(code).unwrap_or('\u{FFFD}')
            }
            Some(other) => other,
            None => break,
        });
    }
    out
}

struct Reader<'de> {
    text: &'de str,
    pos: usize,
    depth: usize,
}

impl<'de> Reader<'de> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        self.pos += usize::from(found);
        found
    }

    fn expect(&mut self, byte: u8) -> Result<(), Error> {
        if self.eat(byte) { Ok(()) } else { Err(Error) }
    }

    fn literal(&mut self, word: &str) -> Result<(), Error> {
        if self.text[self.pos..].starts_with(word) {
            self.pos += word.len();
            Ok(())
        } else {
            Err(Error)
        }
    }

    fn nest(&mut self) -> Result<(), Error> {
        self.depth += 1;
        if self.depth > MAX_DEPTH { Err(Error) } else { Ok(()) }
    }

    /// Skips one value of any kind, numbers of any form included.
    fn skip_value(&mut self) -> Result<(), Error> {
        self.skip_ws();
        match self.peek().ok_or(Error)? {
            b'"' => self.string().map(drop),
            open @ (b'[' | b'{') => {
                self.nest()?;
                self.pos += 1;
                let close = if open == b'[' { b']' } else { b'}' };
                self.skip_ws();
                if !self.eat(close) {
                    loop {
                        if open == b'{' {
                            self.skip_ws();
                            self.string()?;
                            self.skip_ws();
                            self.expect(b':')?;
                        }
                        self.skip_value()?;
                        self.skip_ws();
                        if self.eat(close) {
                            break;
                        }
                        self.expect(b',')?;
                    }
                }
                self.depth -= 1;
                Ok(())
            }
            b't' => self.literal("true"),
            b'f' => self.literal("false"),
            b'n' => self.literal("null"),
            _ => {
                let start = self.pos;
                while matches!(self.peek(), Some(b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E')) {
                    self.pos += 1;
                }
                if self.pos > start { Ok(()) } else { Err(Error) }
            }
        }
    }

    /// A string, as the frame spells it between its quotes (escapes checked, not replaced).
    fn string(&mut self) -> Result<&'de str, Error> {
        self.expect(b'"')?;
        let start = self.pos;
        let bytes = self.text.as_bytes();
        loop {
            match *bytes.get(self.pos).ok_or(Error)? {
                b'"' => {
                    self.pos += 1;
                    return Ok(&self.text[start..self.pos - 1]);
                }
                b'\\' => {
                    let escape = *bytes.get(self.pos + 1).ok_or(Error)?;
                    self.pos += 2;
                    if escape == b'u' {
                        let hex = bytes.get(self.pos..self.pos + 4).ok_or(Error)?;
                        if !hex.iter().all(u8::is_ascii_hexdigit) {
                            return Err(Error);
                        }
                        self.pos += 4;
                    } else if !matches!(escape, b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') {
                        return Err(Error);
                    }
                }
                b if b < 0x20 => return Err(Error),
                _ => self.pos += 1,
            }
        }
    }

    /// A whole number; a fraction or an exponent is refused.
    fn integer(&mut self) -> Result<Token<'de>, Error> {
        let negative = self.eat(b'-');
        let start = self.pos;
        let mut n: u64 = 0;
        while let Some(d @ b'0'..=b'9') = self.peek() {
            n = n.checked_mul(10).and_then(|n| n.checked_add(u64::from(d - b'0'))).ok_or(Error)?;
            self.pos += 1;
        }
        if self.pos == start || matches!(self.peek(), Some(b'.' | b'e' | b'E')) {
            return Err(Error);
        }
        if negative { i64::try_from(n).map(|n| Token::Negative(-n)).map_err(|_| Error) } else { Ok(Token::Unsigned(n)) }
    }

    /// The next value's first token (an array or object is opened, one level deeper).
    #[inline(never)]
    fn token(&mut self) -> Result<Token<'de>, Error> {
        self.skip_ws();
        let token = match self.peek().ok_or(Error)? {
            b'"' => return self.string().map(Token::Str),
            b'[' => Token::Array,
            b'{' => Token::Object,
            b't' => return self.literal("true").map(|()| Token::Bool(true)),
            b'f' => return self.literal("false").map(|()| Token::Bool(false)),
            b'n' => return self.literal("null").map(|()| Token::Null),
            _ => return self.integer(),
        };
        self.nest()?;
        self.pos += 1;
        Ok(token)
    }

    /// Closes the array or object the last token opened.
    #[inline(never)]
    fn close(&mut self, byte: u8) -> Result<(), Error> {
        self.skip_ws();
        self.expect(byte)?;
        self.depth -= 1;
        Ok(())
    }
}

/// The start of a value: all of a scalar, or the opening of an array or object.
enum Token<'de> {
    /// A string as the frame spells it.
    Str(&'de str),
    Array,
    Object,
    Bool(bool),
    Null,
    Unsigned(u64),
    Negative(i64),
}

impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.token()? {
            Token::Str(s) => visitor.visit_borrowed_str(s),
            Token::Array => {
                let value = visitor.visit_seq(Items { reader: &mut *self, first: true })?;
                self.close(b']')?;
                Ok(value)
            }
            Token::Object => {
                let value = visitor.visit_map(Items { reader: &mut *self, first: true })?;
                self.close(b'}')?;
                Ok(value)
            }
            Token::Bool(b) => visitor.visit_bool(b),
            Token::Null => visitor.visit_unit(),
            Token::Unsigned(n) => visitor.visit_u64(n),
            Token::Negative(n) => visitor.visit_i64(n),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.skip_ws();
        if self.peek() == Some(b'n') {
            self.literal("null")?;
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.skip_value()?;
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit
        unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier
    }
}

/// The elements of an array or the entries of an object, read in turn.
struct Items<'a, 'de> {
    reader: &'a mut Reader<'de>,
    first: bool,
}

impl Items<'_, '_> {
    /// Whether another element or entry follows (consuming the comma before it).
    fn more(&mut self, close: u8) -> Result<bool, Error> {
        self.reader.skip_ws();
        if self.reader.peek() == Some(close) {
            return Ok(false);
        }
        if !std::mem::take(&mut self.first) {
            self.reader.expect(b',')?;
        }
        Ok(true)
    }
}

impl<'de> SeqAccess<'de> for Items<'_, 'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Error> {
        if self.more(b']')? { seed.deserialize(&mut *self.reader).map(Some) } else { Ok(None) }
    }
}

impl<'de> MapAccess<'de> for Items<'_, 'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        if !self.more(b'}')? {
            return Ok(None);
        }
        self.reader.skip_ws();
        if self.reader.peek() != Some(b'"') {
            return Err(Error);
        }
        seed.deserialize(&mut *self.reader).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        self.reader.skip_ws();
        self.reader.expect(b':')?;
        seed.deserialize(&mut *self.reader)
    }
}
