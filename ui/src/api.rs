//! The one door to the backend: typed `invoke` over Tauri's global API, and event listening.

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

/// Calls a command with named arguments; the backend's errors come back as [`ApiError`]s.
pub async fn invoke<A: Serialize, T: DeserializeOwned>(cmd: &str, args: &A) -> ApiResult<T> {
    let args = serde_wasm_bindgen::to_value(args).map_err(js_error)?;
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
