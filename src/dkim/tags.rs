//! Tag lists (RFC 6376 §3.2): the `tag=value; tag=value` form of a `DKIM-Signature` header
//! and of a key record.

/// The tags of a list, in order, names and values trimmed of folding white space.
pub type Tags = Vec<(String, String)>;

/// Parses a tag list; a tag without `=`, an empty name or a tag given twice is an error (RFC
/// 6376 §3.2), said in the returned text.
pub fn parse(text: &str) -> Result<Tags, String> {
    let mut tags: Tags = Vec::new();
    for spec in text.split(';') {
        if spec.trim().is_empty() {
            continue;
        }
        let Some((name, value)) = spec.split_once('=') else {
            return Err(format!("tag without '=': {:?}", short(spec.trim())));
        };
        let name = name.trim();
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return Err(format!("bad tag name {:?}", short(name)));
        }
        if tags.iter().any(|(n, _)| n == name) {
            return Err(format!("tag {name}= given twice"));
        }
        tags.push((name.to_owned(), value.trim().to_owned()));
    }
    Ok(tags)
}

/// The value of tag `name`, if the list has it.
pub fn get<'a>(tags: &'a Tags, name: &str) -> Option<&'a str> {
    tags.iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// Base64 with the white space that folding leaves inside it (RFC 6376 §2.4) removed.
pub fn base64(value: &str) -> Result<Vec<u8>, String> {
    let compact: Vec<u8> = value.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    data_encoding::BASE64
        .decode(&compact)
        .map_err(|e| format!("bad base64 ({e})"))
}

/// At most 40 characters of `text`, for an error message.
fn short(text: &str) -> String {
    text.chars().take(40).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folded_values_and_a_final_semicolon() {
        let tags = parse("v=1; a=rsa-sha256;\r\n\td=example.com ; b=ab\r\n cd;").expect("tags");
        assert_eq!(get(&tags, "d"), Some("example.com"));
        assert_eq!(get(&tags, "b"), Some("ab\r\n cd"));
        assert_eq!(base64("QUJD\r\n REVG").expect("b64"), b"ABCDEF");
        assert_eq!(get(&tags, "x"), None);
    }

    #[test]
    fn malformed_lists_are_refused() {
        assert!(parse("v=1; v=1").is_err());
        assert!(parse("v=1; nonsense").is_err());
        assert!(parse("=x").is_err());
        assert!(base64("not base64!").is_err());
    }
}
