//! `[[operator]]`: who enters a stop's reason or scrap at a tablet of `[display]`, and the
//! one place a PIN is hashed, checked, and a tablet locked after wrong tries.
//!
//! A PIN is stored as the PHC string of its Argon2id hash (`takt check` replaces a `pin`
//! typed into takt.toml with its `pin_hash`). Five wrong PINs from one tablet (one client
//! address) lock it for a minute; every wrong PIN is logged with the name it was for.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use takt_core::config::{Config, Operator, Pin};

/// Wrong PINs a tablet may give before it is locked.
pub const TRIES: u32 = 5;
/// How long a tablet stays locked after [`TRIES`] wrong PINs.
pub const LOCK: Duration = Duration::from_secs(60);
/// Tablets remembered; past it, those whose last wrong PIN is oldest are forgotten.
const TABLETS: usize = 4096;

/// The PHC string of `pin`'s Argon2id hash (a new random salt each time).
pub fn hash(pin: &str) -> Result<String, String> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| e.to_string())?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| e.to_string())?;
    Argon2::default()
        .hash_password(pin.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

/// Whether `given` is `pin`. Slow by design for a hash (Argon2id: about 20 MB and tens of
/// milliseconds): call it off the async runtime.
pub fn matches(pin: &Pin, given: &str) -> bool {
    match pin {
        Pin::Plain(p) => p.len() == given.len() && p.bytes().zip(given.bytes()).fold(0u8, |d, (a, b)| d | (a ^ b)) == 0,
        Pin::Hash(h) => PasswordHash::new(h)
            .map(|parsed| Argon2::default().verify_password(given.as_bytes(), &parsed).is_ok())
            .unwrap_or(false),
    }
}

/// Why a PIN was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignError {
    /// The name is no operator's, or the PIN is not theirs (one answer for both: the
    /// tablet learns nothing of who exists).
    #[error("wrong name or PIN ({left} tries left before this tablet is locked for a minute)")]
    Wrong {
        /// Wrong tries left before the lock.
        left: u32,
    },
    /// Too many wrong PINs from this tablet.
    #[error("too many wrong PINs: this tablet is locked for {secs} more seconds")]
    Locked {
        /// Seconds until it may try again.
        secs: u64,
    },
}

impl SignError {
    /// The refusal in language `l` (English: as [`std::fmt::Display`] says it).
    pub fn message_in(&self, l: takt_core::i18n::Locale) -> String {
        match self {
            SignError::Wrong { left } => l.t_with("operator-wrong-pin", &[("left", u64::from(*left).into())]),
            SignError::Locked { secs } => l.t_with("operator-locked", &[("secs", (*secs).into())]),
        }
    }
}

/// Wrong tries per tablet, and locks.
#[derive(Debug, Default)]
pub struct Locks {
    tablets: Mutex<HashMap<IpAddr, (u32, Instant)>>,
}

impl Locks {
    /// The seconds `tablet` is still locked for at `now`, if it is.
    pub fn locked(&self, tablet: IpAddr, now: Instant) -> Option<u64> {
        let tablets = self.tablets.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let (wrong, last) = tablets.get(&tablet)?;
        let until = *last + LOCK;
        (*wrong >= TRIES && now < until).then(|| (until - now).as_secs().max(1))
    }

    /// Counts a wrong PIN of `tablet`; the tries left (0: locked from now).
    pub fn wrong(&self, tablet: IpAddr, now: Instant) -> u32 {
        let mut tablets = self.tablets.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        crate::display::make_room(&mut tablets, tablet, TABLETS, |(_, last)| *last);
        let entry = tablets.entry(tablet).or_insert((0, now));
        // A lock served, or a quiet minute: counting starts again.
        if now.duration_since(entry.1) >= LOCK {
            entry.0 = 0;
        }
        entry.0 += 1;
        entry.1 = now;
        TRIES.saturating_sub(entry.0)
    }

    /// Forgets `tablet`'s wrong tries (a right PIN).
    pub fn right(&self, tablet: IpAddr) {
        self.tablets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .remove(&tablet);
    }
}

/// The operator of `config` named `name` whose PIN is `pin`, from `tablet`: refused while
/// the tablet is locked, and a wrong one counted and logged. Blocking (Argon2id).
pub fn sign<'c>(
    config: &'c Config,
    locks: &Locks,
    tablet: IpAddr,
    name: &str,
    pin: &str,
) -> Result<&'c Operator, SignError> {
    if let Some(secs) = locks.locked(tablet, Instant::now()) {
        tracing::warn!(%tablet, operator = name, "display: a PIN from a locked tablet refused");
        return Err(SignError::Locked { secs });
    }
    let found = config.operators.iter().find(|o| o.name == name.trim());
    // An unknown name costs a hash too, so that the time taken does not tell names apart.
    let ok = match found {
        Some(o) => matches(&o.pin, pin),
        None => {
            let _ = matches(&Pin::Hash(DUMMY.to_string()), pin);
            false
        }
    };
    match found {
        Some(o) if ok => {
            locks.right(tablet);
            Ok(o)
        }
        _ => {
            let left = locks.wrong(tablet, Instant::now());
            tracing::warn!(%tablet, operator = name, left, "display: a wrong PIN refused");
            Err(if left == 0 {
                SignError::Locked { secs: LOCK.as_secs() }
            } else {
                SignError::Wrong { left }
            })
        }
    }
}

/// A hash no PIN matches in practice (of a random PIN), for unknown names.
const DUMMY: &str = "$argon2id$v=19$m=19456,t=2,p=1$dGFrdC1kdW1teS1zYWx0$2Kq6Tq0mWlW0yQ3jRkF2mI1m0v8oEw5uJgQm3m6wq2c";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pin_is_hashed_with_a_new_salt_and_only_it_matches() {
        let (a, b) = (hash("4711").unwrap(), hash("4711").unwrap());
        assert!(a.starts_with("$argon2id$v=19$") && a != b, "{a} {b}");
        assert!(matches(&Pin::Hash(a.clone()), "4711"));
        assert!(!matches(&Pin::Hash(a), "4712"));
        assert!(matches(&Pin::Plain("4711".into()), "4711") && !matches(&Pin::Plain("4711".into()), "47110"));
        assert!(!matches(&Pin::Hash("$argon2id$broken".into()), "4711"));
        assert!(PasswordHash::new(DUMMY).is_ok());
    }

    #[test]
    fn five_wrong_pins_lock_a_tablet_for_a_minute_and_not_its_neighbour() {
        let c = Config::parse(
            "[plant]\nname = \"P\"\ntimezone = \"UTC\"\n[display]\nlisten = \"127.0.0.1:1\"\n[[operator]]\nname = \"Eda\"\npin = \"2468\"\n",
            "t.toml",
        )
        .unwrap()
        .config;
        let locks = Locks::default();
        let (tablet, other): (IpAddr, IpAddr) = ("10.0.0.5".parse().unwrap(), "10.0.0.6".parse().unwrap());
        assert_eq!(sign(&c, &locks, tablet, "Eda", "2468").unwrap().name, "Eda");
        for left in (1..TRIES).rev() {
            assert_eq!(sign(&c, &locks, tablet, "Eda", "0000"), Err(SignError::Wrong { left }));
        }
        // An unknown name counts the same.
        assert!(matches!(
            sign(&c, &locks, tablet, "Nobody", "2468"),
            Err(SignError::Locked { .. })
        ));
        // Locked: even the right PIN is refused.
        assert!(matches!(sign(&c, &locks, tablet, "Eda", "2468"), Err(SignError::Locked { secs }) if secs <= 60));
        assert!(sign(&c, &locks, other, "Eda", "2468").is_ok());
        // A minute later it may try again, with all its tries.
        for l in ["en", "tr", "de"] {
            let l = takt_core::i18n::Locale::parse(l).unwrap();
            for e in [SignError::Wrong { left: 3 }, SignError::Locked { secs: 42 }] {
                let said = e.message_in(l);
                assert!(
                    said.contains(if matches!(e, SignError::Wrong { .. }) { '3' } else { '4' }),
                    "{said}"
                );
                if l == takt_core::i18n::Locale::EN {
                    assert_eq!(said, e.to_string());
                } else {
                    assert_ne!(said, e.to_string());
                }
            }
        }
        let later = Instant::now() + LOCK + Duration::from_secs(1);
        assert_eq!(locks.locked(tablet, later), None);
        assert_eq!(locks.wrong(tablet, later), TRIES - 1);
    }
}
