//! Identifiers that key history: validated newtypes, so a bad id cannot reach the store.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Why a string is not a valid identifier; the message says what is expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct InvalidId(pub String);

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

macro_rules! string_id {
    ($(#[$doc:meta])* $name:ident, $check:expr, $expected:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// What a valid value looks like, for error messages.
            pub const EXPECTED: &'static str = $expected;

            /// Validates `s`.
            pub fn new(s: impl Into<String>) -> Result<Self, InvalidId> {
                let s = s.into();
                let check: fn(&str) -> bool = $check;
                if check(&s) {
                    Ok(Self(s))
                } else {
                    Err(InvalidId(format!("{s:?} is not valid: expected {}", Self::EXPECTED)))
                }
            }

            /// The id as written in the config.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl TryFrom<String> for $name {
            type Error = InvalidId;
            fn try_from(s: String) -> Result<Self, InvalidId> {
                Self::new(s)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl std::str::FromStr for $name {
            type Err = InvalidId;
            fn from_str(s: &str) -> Result<Self, InvalidId> {
                Self::new(s)
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }
    };
}

string_id!(
    /// A machine's stable id (`press-1`): its history is keyed by it.
    MachineId,
    is_slug,
    "lowercase letters, digits and \"-\" (like \"press-1\")"
);

string_id!(
    /// A plant's id (`istanbul`): its MQTT topics and its rows in a central database are
    /// keyed by it.
    PlantId,
    is_slug,
    "lowercase letters, digits and \"-\" (like \"istanbul-2\")"
);

impl PlantId {
    /// The id a plant named `name` gets when `[plant] id` is not set: the name in lower
    /// case, the Turkish and German letters as their plain ones (`Çorlu Şube` is
    /// `corlu-sube`), every run of other characters a dash (`Plant 1 (Bursa)` is
    /// `plant-1-bursa`), `plant` when nothing is left.
    pub fn from_name(name: &str) -> PlantId {
        let mut s = String::new();
        for c in name.chars().flat_map(char::to_lowercase) {
            let plain = match c {
                'ç' => "c",
                'ğ' => "g",
                'ı' => "i",
                'ö' => "o",
                'ş' => "s",
                'ü' => "u",
                'ä' => "a",
                'ß' => "ss",
                // The dot of `İ` lower-cased (`i` and a combining dot).
                '\u{300}'..='\u{36f}' => "",
                c if c.is_ascii_lowercase() || c.is_ascii_digit() => {
                    s.push(c);
                    continue;
                }
                _ => "-",
            };
            if plain != "-" {
                s.push_str(plain);
            } else if !s.is_empty() && !s.ends_with('-') {
                s.push('-');
            }
        }
        let mut s = s.trim_end_matches('-').to_string();
        s.truncate(64);
        let s = s.trim_end_matches('-');
        PlantId::new(if s.is_empty() { "plant" } else { s }).unwrap_or_else(|_| PlantId("plant".into()))
    }
}

string_id!(
    /// A product id (`bracket-a`, `BR-1001`).
    ProductId,
    |s: &str| {
        !s.is_empty()
            && s.len() <= 64
            && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
    },
    "letters, digits, \"-\", \"_\" and \".\" (like \"bracket-a\")"
);

string_id!(
    /// A downtime, scrap or planned-stop reason: a path in the reason tree (`mech/bearing`).
    ReasonCode,
    |s: &str| s.len() <= 128 && s.split('/').all(is_slug),
    "lowercase words of letters, digits and \"-\" joined by \"/\" (like \"mech/bearing\")"
);

impl ReasonCode {
    /// The top-level group of the code: `mech` for `mech/bearing`.
    pub fn group(&self) -> &str {
        self.0.split('/').next().unwrap_or(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn machine_ids() {
        assert!(MachineId::new("press-1").is_ok());
        for bad in ["", "Press-1", "press 1", "press_1", "préss"] {
            let err = MachineId::new(bad).unwrap_err();
            assert!(err.0.contains("expected lowercase letters"), "{err}");
        }
    }

    #[test]
    fn reason_codes_are_paths() {
        assert_eq!(ReasonCode::new("mech/bearing").unwrap().group(), "mech");
        assert!(ReasonCode::new("mech").is_ok());
        for bad in ["mech/", "/mech", "mech//bearing", "Mech/bearing", ""] {
            assert!(ReasonCode::new(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn plant_ids_from_names() {
        assert_eq!(PlantId::from_name("Plant 1 (Bursa)").as_str(), "plant-1-bursa");
        assert_eq!(PlantId::from_name("  İstanbul Pres  ").as_str(), "istanbul-pres");
        assert_eq!(PlantId::from_name("Çorlu Şube / Müller").as_str(), "corlu-sube-muller");
        assert_eq!(PlantId::from_name("Åå").as_str(), "plant");
        assert_eq!(PlantId::from_name(&"x ".repeat(100)).as_str().len(), 63);
    }

    #[test]
    fn product_ids_allow_erp_codes() {
        assert!(ProductId::new("BR-1001.b").is_ok());
        assert!(ProductId::new("br 1").is_err());
    }
}
