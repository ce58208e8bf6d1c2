//! The one door to the backend: typed `invoke` over Tauri's global API, and event listening.
//! In a browser (the recorder's `[display]`, no Tauri), the same calls go over HTTP to the
//! recorder: a command is `POST /api/invoke/NAME` with the arguments as JSON, events come
//! as server-sent events of `/api/events` (the browser reconnects by itself).

use serde::Serialize;
use serde::de::DeserializeOwned;
use takt_core::api::{ApiError, ApiResult};
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "core"], js_name = invoke, catch)]
    async fn tauri_invoke(cmd: &str, args: JsValue) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "event"], js_name = listen, catch)]
    async fn tauri_listen(event: &str, handler: &Closure<dyn FnMut(JsValue)>) -> Result<JsValue, JsValue>;
}

fn js_error(e: impl std::fmt::Display) -> Vec<ApiError> {
    vec![ApiError::new(e.to_string())]
}

/// Whether the app runs in a browser (served by the recorder's `[display]`), not in
/// Takt's window.
pub fn in_browser() -> bool {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &JsValue::from_str("__TAURI__")).ok())
        .is_none_or(|t| t.is_undefined())
}

/// A command over HTTP: `POST /api/invoke/NAME`; a 2xx answer is the result, any other
/// the backend's errors.
async fn http_invoke(cmd: &str, args: JsValue) -> Result<JsValue, JsValue> {
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(&js_sys::JSON::stringify(&args)?.into());
    let request = web_sys::Request::new_with_str_and_init(&format!("/api/invoke/{cmd}"), &init)?;
    request.headers().set("Content-Type", "application/json")?;
    let response: web_sys::Response = wasm_bindgen_futures::JsFuture::from(window.fetch_with_request(&request))
        .await?
        .dyn_into()?;
    let text = wasm_bindgen_futures::JsFuture::from(response.text()?).await?;
    let value = js_sys::JSON::parse(&text.as_string().unwrap_or_default())
        .unwrap_or_else(|_| JsValue::from_str(&format!("HTTP {}", response.status())));
    if response.ok() { Ok(value) } else { Err(value) }
}

/// The recorder's event stream, opened once per page.
fn events() -> Option<web_sys::EventSource> {
    thread_local! {
        static EVENTS: Option<web_sys::EventSource> = web_sys::EventSource::new("/api/events").ok();
    }
    EVENTS.with(Clone::clone)
}

/// Calls a command with named arguments; the backend's errors come back as [`ApiError`]s.
pub async fn invoke<A: Serialize, T: DeserializeOwned>(cmd: &str, args: &A) -> ApiResult<T> {
    let args = serde_wasm_bindgen::to_value(args).map_err(js_error)?;
    if in_browser() {
        return match http_invoke(cmd, args).await {
            Ok(v) => serde_wasm_bindgen::from_value(v).map_err(js_error),
            Err(e) => Err(serde_wasm_bindgen::from_value::<Vec<ApiError>>(e.clone())
                .unwrap_or_else(|_| vec![ApiError::new(e.as_string().unwrap_or_else(|| format!("{e:?}")))])),
        };
    }
    match tauri_invoke(cmd, args).await {
        Ok(v) => serde_wasm_bindgen::from_value(v).map_err(js_error),
        Err(e) => Err(serde_wasm_bindgen::from_value::<Vec<ApiError>>(e.clone())
            .unwrap_or_else(|_| vec![ApiError::new(e.as_string().unwrap_or_else(|| format!("{e:?}")))])),
    }
}

/// No arguments.
#[derive(Serialize)]
pub struct NoArgs {}

/// One argument named `input`.
#[derive(Serialize)]
pub struct Input<'a, T: Serialize> {
    /// The value.
    pub input: &'a T,
}

/// Calls `handler` with the payload of every `event` from now on.
pub fn listen<T: DeserializeOwned + 'static>(event: &'static str, mut handler: impl FnMut(T) + 'static) {
    if in_browser() {
        let closure = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            if let Some(text) = e.data().as_string()
                && let Ok(v) = js_sys::JSON::parse(&text)
                && let Ok(value) = serde_wasm_bindgen::from_value::<T>(v)
            {
                handler(value);
            }
        });
        if let Some(source) = events() {
            let _ = source.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
        }
        // The listener lives as long as the page.
        closure.forget();
        return;
    }
    let closure = Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
        if let Ok(payload) = js_sys::Reflect::get(&e, &JsValue::from_str("payload"))
            && let Ok(value) = serde_wasm_bindgen::from_value::<T>(payload)
        {
            handler(value);
        }
    });
    leptos::task::spawn_local(async move {
        let _ = tauri_listen(event, &closure).await;
        // The listener lives as long as the window.
        closure.forget();
    });
}

/// Milliseconds since the epoch, now.
pub fn now() -> takt_core::time::Ts {
    takt_core::time::Ts(js_sys::Date::now() as i64)
}

/// The messages of errors, one per line.
pub fn messages(errors: &[ApiError]) -> String {
    errors.iter().map(|e| e.message.clone()).collect::<Vec<_>>().join("\n")
}
