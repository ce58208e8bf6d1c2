//! The sections that share a plant's data with the company's own engines: `[mqtt]` (a
//! broker for live data) and `[central]` (a PostgreSQL for the roll-up across plants).

use std::ops::Range;

use toml::de::DeTable;

use super::read::{Fields, Reader};
use super::{Central, Display, Mqtt, Operator, Password, Pin, Plant, Tls};
use crate::i18n::Message;
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
        r.error(&v.span(), Message::key("cfg-password-in-file").with("what", what));
        return None;
    }
    let env = f.opt("password_env").map(|v| r.string(f, "password_env", v));
    let file = f.opt("password_file").map(|v| r.string(f, "password_file", v));
    match (env, file) {
        (Some(Some(_)), Some(Some(_))) => {
            r.error(f.span(), Message::key("cfg-both-passwords").with("what", what));
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
    let expected = || Message::key("cfg-expect-url").with("example", example);
    let url = match url::Url::parse(text) {
        Ok(u) => u,
        Err(e) => {
            r.error(
                span,
                Message::key("cfg-url-invalid")
                    .with("what", what)
                    .with("got", text)
                    .with("error", e.to_string())
                    .with("expected", expected()),
            );
            return None;
        }
    };
    if !schemes.contains(&url.scheme()) {
        let schemes: Vec<String> = schemes.iter().map(|s| format!("\"{s}://\"")).collect();
        r.error(
            span,
            Message::key("cfg-url-scheme")
                .with("what", what)
                .with("got", text)
                .with("scheme", url.scheme())
                .with("expected", super::read::one_of(&schemes)),
        );
        return None;
    }
    if url.host_str().is_none_or(str::is_empty) {
        r.error(
            span,
            Message::key("cfg-url-no-host")
                .with("what", what)
                .with("got", text)
                .with("expected", expected()),
        );
        return None;
    }
    if url.password().is_some() {
        r.error(span, Message::key("cfg-url-password").with("what", what));
        return None;
    }
    Some(url)
}

pub(super) fn read_mqtt(r: &mut Reader<'_>, t: &DeTable<'_>, span: Range<usize>) -> Option<MqttDraft> {
    let mut f = Fields::new(t, span.clone(), "[mqtt]");
    let url = f.req(r, "url", Message::key("cfg-expect-broker-url")).and_then(|v| {
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
            r.error(&v.span(), Message::key("cfg-mqtt-url-extra").with("got", &text));
            return None;
        }
        Some((text, url))
    });
    let client_id = f.opt("client_id").map(|v| {
        r.string(&f, "client_id", v).and_then(|s| {
            if s.len() <= 128 && !s.chars().any(char::is_control) {
                Some(s)
            } else {
                r.error(&v.span(), Message::key("cfg-mqtt-client-id"));
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
                r.error(&v.span(), Message::key("cfg-mqtt-topic-prefix").with("got", &s));
                None
            }
        })
    });
    let user = f.opt("user").map(|v| r.string(&f, "user", v));
    let password = read_password(r, &mut f, "[mqtt]");
    let interval_s = match f.opt("interval_s") {
        Some(v) => r.int(&f, "interval_s", v, 1, 3600, "cfg-int-seconds").map(|n| n as u32),
        None => Some(5),
    };
    f.finish(r);
    let (text, url) = url?;
    let tls = matches!(url.scheme(), "mqtts" | "ssl");
    let password = password?;
    let user = user.map_or(Some(None), |u| u.map(Some))?;
    if password.is_some() && user.is_none() {
        r.error(&span, Message::key("cfg-mqtt-password-without-user"));
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
        .req(r, "postgres", Message::key("cfg-expect-postgres-url"))
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
                r.error(&v.span(), Message::key("cfg-postgres-no-database").with("got", &text));
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

pub(super) fn read_display(r: &mut Reader<'_>, t: &DeTable<'_>, span: Range<usize>) -> Option<Display> {
    let mut f = Fields::new(t, span, "[display]");
    let listen_v = f.req(r, "listen", Message::key("cfg-expect-listen"));
    let listen = listen_v.and_then(|v| {
        let text = r.string(&f, "listen", v)?;
        match text.parse::<core::net::SocketAddr>() {
            Ok(a) => Some(a),
            Err(_) => {
                r.error(&v.span(), Message::key("cfg-display-listen").with("got", &text));
                None
            }
        }
    });
    let token = f.opt("token").map(|v| {
        r.string(&f, "token", v).and_then(|s| {
            let ok = s.chars().count() >= Display::MIN_TOKEN
                && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            if ok {
                Some(s)
            } else {
                r.error(
                    &v.span(),
                    Message::key("cfg-display-token").with("min", Display::MIN_TOKEN),
                );
                None
            }
        })
    });
    let cert_v = f.opt("cert");
    let key_v = f.opt("key");
    let cert = cert_v.map(|v| r.string(&f, "cert", v));
    let key = key_v.map(|v| r.string(&f, "key", v));
    let tls = match (cert, key) {
        (None, None) => Some(None),
        (Some(c), Some(k)) => match (c, k) {
            (Some(c), Some(k)) => Some(Some(Tls {
                cert: c.into(),
                key: k.into(),
            })),
            _ => None,
        },
        _ => {
            let v = cert_v.or(key_v).map(|v| v.span()).unwrap_or(0..0);
            r.error(&v, Message::key("cfg-display-tls-pair"));
            None
        }
    };
    f.finish(r);
    let token = token.map_or(Some(None), |t| t.map(Some))?;
    let listen = listen?;
    let tls = tls?;
    // Plain HTTP: the token crosses the plant's network as written.
    if !listen.ip().is_loopback()
        && tls.is_none()
        && let Some(v) = listen_v
    {
        r.warning(
            &v.span(),
            Message::key("cfg-display-open").with("listen", listen.to_string()),
        );
    }
    Some(Display { listen, token, tls })
}

pub(super) fn read_operator(r: &mut Reader<'_>, t: &DeTable<'_>, span: Range<usize>) -> Option<Operator> {
    let mut f = Fields::new(t, span.clone(), "[[operator]]");
    let name = f
        .req(r, "name", Message::key("cfg-expect-operator-name"))
        .and_then(|v| {
            let s = r.string(&f, "name", v)?;
            if s.trim().is_empty() {
                r.error(&v.span(), Message::key("cfg-expect-operator-name"));
                return None;
            }
            Some(s)
        });
    if let Some(n) = &name {
        f.what = format!("[[operator]] \"{n}\"");
    }
    let plain = f.opt("pin").map(|v| {
        r.string(&f, "pin", v).and_then(|s| {
            if Pin::well_formed(&s) {
                r.warning(&v.span(), Message::key("cfg-operator-pin-plain").with("what", &f.what));
                Some(Pin::Plain(s))
            } else {
                r.error(
                    &v.span(),
                    Message::key("cfg-operator-pin")
                        .with("what", &f.what)
                        .with("min", Pin::MIN)
                        .with("max", Pin::MAX),
                );
                None
            }
        })
    });
    let hash = f.opt("pin_hash").map(|v| {
        r.string(&f, "pin_hash", v).and_then(|s| {
            if s.starts_with("$argon2id$") {
                Some(Pin::Hash(s))
            } else {
                r.error(&v.span(), Message::key("cfg-operator-pin-hash").with("what", &f.what));
                None
            }
        })
    });
    let what = f.what.clone();
    f.finish(r);
    let pin = match (plain, hash) {
        (Some(p), None) | (None, Some(p)) => p,
        (None, None) => {
            r.error(&span, Message::key("cfg-operator-no-pin").with("what", &what));
            None
        }
        (Some(_), Some(_)) => {
            r.error(&span, Message::key("cfg-operator-two-pins").with("what", &what));
            None
        }
    };
    Some(Operator { name: name?, pin: pin? })
}
