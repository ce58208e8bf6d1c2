//! The sections that share a plant's data with the company's own engines: `[mqtt]` (a
//! broker for live data) and `[central]` (a PostgreSQL for the roll-up across plants).

use std::ops::Range;

use toml::de::DeTable;

use super::read::{Fields, Reader};
use super::{Central, Mqtt, Password, Plant};
use crate::ids::PlantId;

/// `[mqtt]` as read, before the plant's id fills in its defaults.
pub(super) struct MqttDraft {
    mqtt: Mqtt,
    client_id: Option<String>,
    topic_prefix: Option<String>,
}

impl MqttDraft {
    /// The section with `client_id` and `topic_prefix` defaulted from the plant's id.
    pub(super) fn finish(self, plant: &Plant) -> Mqtt {
        let id = plant.id.clone().unwrap_or_else(|| PlantId::from_name(&plant.name));
        Mqtt {
            client_id: self.client_id.unwrap_or_else(|| format!("takt-{id}")),
            topic_prefix: self.topic_prefix.unwrap_or_else(|| format!("takt/{id}")),
            ..self.mqtt
        }
    }
}

/// `password_env` or `password_file`, never `password` (nor one in a URL).
fn read_password(r: &mut Reader<'_>, f: &mut Fields<'_, '_>, what: &str) -> Option<Option<Password>> {
    if let Some(v) = f.opt("password") {
        r.error(
            &v.span(),
            format!(
                "{what}: a password is never kept in takt.toml (it would be in every backup and config history): set `password_env = \"TAKT_PASSWORD\"` (an environment variable) or `password_file = \"/etc/takt/password\"`"
            ),
        );
        return None;
    }
    let env = f.opt("password_env").map(|v| r.string(f, "password_env", v));
    let file = f.opt("password_file").map(|v| r.string(f, "password_file", v));
    match (env, file) {
        (Some(Some(_)), Some(Some(_))) => {
            r.error(
                f.span(),
                format!("{what}: both `password_env` and `password_file`: expected one of them"),
            );
            None
        }
        (Some(None), _) | (_, Some(None)) => None,
        (Some(Some(var)), None) => Some(Some(Password::Env(var))),
        (None, Some(Some(file))) => Some(Some(Password::File(file.into()))),
        (None, None) => Some(None),
    }
}

/// A URL of one of `schemes`, with a host and without a password; errors at `span`.
fn read_url(
    r: &mut Reader<'_>,
    span: &Range<usize>,
    what: &str,
    text: &str,
    schemes: &[&str],
    example: &str,
) -> Option<url::Url> {
    let expected = format!("a URL like \"{example}\"");
    let url = match url::Url::parse(text) {
        Ok(u) => u,
        Err(e) => {
            r.error(span, format!("{what} \"{text}\": {e}: expected {expected}"));
            return None;
        }
    };
    if !schemes.contains(&url.scheme()) {
        let schemes: Vec<String> = schemes.iter().map(|s| format!("\"{s}://\"")).collect();
        r.error(
            span,
            format!(
                "{what} \"{text}\": the scheme {}:// is not one Takt speaks here: expected {}",
                url.scheme(),
                super::read::one_of(&schemes)
            ),
        );
        return None;
    }
    if url.host_str().is_none_or(str::is_empty) {
        r.error(span, format!("{what} \"{text}\": no host: expected {expected}"));
        return None;
    }
    if url.password().is_some() {
        r.error(
            span,
            format!(
                "{what}: the URL holds a password, which is never kept in takt.toml: remove it and set `password_env` or `password_file`"
            ),
        );
        return None;
    }
    Some(url)
}

pub(super) fn read_mqtt(r: &mut Reader<'_>, t: &DeTable<'_>, span: Range<usize>) -> Option<MqttDraft> {
    let mut f = Fields::new(t, span.clone(), "[mqtt]");
    let url = f
        .req(r, "url", "the broker's URL, like \"mqtt://broker.plant.example:1883\"")
        .and_then(|v| {
            let text = r.string(&f, "url", v)?;
            let url = read_url(
                r,
                &v.span(),
                "[mqtt]: `url`",
                &text,
                &["mqtt", "mqtts", "tcp", "ssl"],
                "mqtt://broker.plant.example:1883",
            )?;
            if !url.username().is_empty() || !matches!(url.path(), "" | "/") || url.query().is_some() {
                r.error(
                    &v.span(),
                    format!(
                        "[mqtt]: `url` \"{text}\": expected only a scheme, host and port (the user goes in `user`, topics in `topic_prefix`)"
                    ),
                );
                return None;
            }
            Some((text, url))
        });
    let client_id = f.opt("client_id").map(|v| {
        r.string(&f, "client_id", v).and_then(|s| {
            if s.len() <= 128 && !s.chars().any(char::is_control) {
                Some(s)
            } else {
                r.error(
                    &v.span(),
                    "[mqtt]: `client_id`: expected at most 128 printable characters, like \"takt-bursa\"",
                );
                None
            }
        })
    });
    let topic_prefix = f.opt("topic_prefix").map(|v| {
        r.string(&f, "topic_prefix", v).and_then(|s| {
            let ok = !s.starts_with('/')
                && !s.ends_with('/')
                && !s.contains("//")
                && !s.contains(['+', '#', '\0'])
                && s.len() <= 256;
            if ok {
                Some(s)
            } else {
                r.error(
                    &v.span(),
                    format!(
                        "[mqtt]: `topic_prefix` \"{s}\": expected topic levels joined by \"/\" without wildcards (+, #) or a leading or trailing \"/\", like \"acme/bursa/takt\""
                    ),
                );
                None
            }
        })
    });
    let user = f.opt("user").map(|v| r.string(&f, "user", v));
    let password = read_password(r, &mut f, "[mqtt]");
    let interval_s = match f.opt("interval_s") {
        Some(v) => r.int(&f, "interval_s", v, 1, 3600, " of seconds").map(|n| n as u32),
        None => Some(5),
    };
    f.finish(r);
    let (text, url) = url?;
    let tls = matches!(url.scheme(), "mqtts" | "ssl");
    let password = password?;
    let user = user.map_or(Some(None), |u| u.map(Some))?;
    if password.is_some() && user.is_none() {
        r.error(
            &span,
            "[mqtt]: a password without `user`: expected `user = \"takt\"` too",
        );
        return None;
    }
    Some(MqttDraft {
        mqtt: Mqtt {
            host: url.host_str().unwrap_or_default().trim_matches(['[', ']']).to_string(),
            port: url.port().unwrap_or(if tls { 8883 } else { 1883 }),
            url: text,
            tls,
            client_id: String::new(),
            topic_prefix: String::new(),
            user,
            password,
            interval_s: interval_s?,
        },
        client_id: client_id.map_or(Some(None), |c| c.map(Some))?,
        topic_prefix: topic_prefix.map_or(Some(None), |c| c.map(Some))?,
    })
}

pub(super) fn read_central(r: &mut Reader<'_>, t: &DeTable<'_>, span: Range<usize>) -> Option<Central> {
    let mut f = Fields::new(t, span, "[central]");
    let postgres = f
        .req(
            r,
            "postgres",
            "the database's URL, like \"postgresql://takt@db.example/company\"",
        )
        .and_then(|v| {
            let text = r.string(&f, "postgres", v)?;
            let url = read_url(
                r,
                &v.span(),
                "[central]: `postgres`",
                &text,
                &["postgresql", "postgres"],
                "postgresql://takt@db.example/company",
            )?;
            if url.path().trim_matches('/').is_empty() {
                r.error(
                    &v.span(),
                    format!("[central]: `postgres` \"{text}\": no database: expected \"postgresql://takt@db.example/company\""),
                );
                return None;
            }
            Some(text)
        });
    let password = read_password(r, &mut f, "[central]");
    f.finish(r);
    Some(Central {
        postgres: postgres?,
        password: password?,
    })
}
