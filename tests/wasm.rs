//! The JS boundary, run by wasm-bindgen-test in Node and in headless Chromium: the `Engine` takes
//! params as JSON text and answers JSON text (ids as exact strings), errors as JSON text with
//! HubSpot's fields and never the token, `invalid_input` before any request, and abort and timeout
//! through the host (which js/client.js makes around `fetch`).
#![cfg(target_arch = "wasm32")]

use hubspot_associations::wasm::engine::{Engine, Host};
use js_sys::{Function, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

const TOKEN: &str = "pat-na1-wasm-secret-token";

/// A host whose `send` records its calls (`host.calls`, `host.aborted`, `host.timedOut`) and
/// answers `status`/`body` after `delay` ms, or rejects with "aborted" when the engine aborts it,
/// or with "timeout" after the attempt's `timeoutMs` (the host gives an attempt up itself, as
/// js/client.js's does).
fn fake_host(status: u16, body: &str, delay: u32) -> JsValue {
    Function::new_with_args(
        "",
        &format!(
            "const host = {{ calls: [], aborted: [], events: [], pending: new Map(),
               timedOut: [],
               send(method, url, headers, body, id, timeoutMs) {{
                 host.calls.push({{ method, url, headers, body, id, timeoutMs }});
                 return new Promise((resolve, reject) => {{
                   const t = setTimeout(() => {{ clearTimeout(u); resolve({status:?} + '\\nx-hubspot-correlation-id:hdr-1\\n\\n' + {body:?}); }}, {delay});
                   const u = setTimeout(() => {{ clearTimeout(t); host.timedOut.push(id); reject('timeout'); }}, timeoutMs);
                   host.pending.set(id, () => {{ clearTimeout(t); clearTimeout(u); reject('aborted'); }});
                 }});
               }},
               abort(id) {{ host.aborted.push(id); host.pending.get(id)?.(); }},
               event(json) {{ host.events.push(JSON.parse(json)); }} }};
             return host;"
        ),
    )
    .call0(&JsValue::UNDEFINED)
    .unwrap()
}

fn engine(host: &JsValue) -> Engine {
    let options =
        format!(r#"{{"accessToken":"{TOKEN}","baseUrl":"http://127.0.0.1:9","apiVersion":"v4"}}"#);
    Engine::new(&options, host.clone().unchecked_into::<Host>(), true)
        .map_err(|e| format!("{e:?}"))
        .unwrap()
}

fn get(v: &JsValue, path: &str) -> JsValue {
    path.split('.')
        .fold(v.clone(), |v, k| Reflect::get(&v, &k.into()).unwrap())
}

fn parse(text: JsValue) -> JsValue {
    JSON::parse(&text.as_string().expect("JSON text")).unwrap()
}

const ANSWER: &str = r#"{"status":"COMPLETE","results":[{"from":{"id":9007199254740993},"to":{"id":"2"},"associationSpec":{"associationCategory":"HUBSPOT_DEFINED","associationTypeId":279}}],"startedAt":"s","completedAt":"c"}"#;
const PAIR: &str = r#""fromObjectType":"contacts","toObjectType":"companies""#;

#[wasm_bindgen_test]
async fn json_text_in_and_out_ids_as_strings() {
    let host = fake_host(200, ANSWER, 0);
    let e = engine(&host);
    let params = format!(r#"{{{PAIR},"fromObjectId":101,"toObjectId":"202"}}"#);
    let out = parse(
        JsFuture::from(e.call("associateDefault", &params, None, None, 0))
            .await
            .unwrap(),
    );
    assert_eq!(
        get(&out, "results.0.from.id").as_string().unwrap(),
        "9007199254740993"
    );
    assert_eq!(
        get(&out, "results.0.associationSpec.associationTypeId").as_f64(),
        Some(279.0)
    );
    let call = get(&host, "calls.0");
    assert_eq!(
        get(&call, "url").as_string().unwrap(),
        "http://127.0.0.1:9/crm/v4/objects/contacts/101/associations/default/companies/202"
    );
    assert_eq!(get(&call, "method").as_string().unwrap(), "PUT");
    assert!(get(&call, "headers")
        .as_string()
        .unwrap()
        .contains(&format!("Authorization:Bearer {TOKEN}\n")));
    // Events reach the host as JSON text, never with the token.
    let events = JSON::stringify(&get(&host, "events"))
        .unwrap()
        .as_string()
        .unwrap();
    assert!(
        events.contains(r#""type":"request""#) && events.contains(r#""type":"response""#),
        "{events}"
    );
    assert!(!events.contains(TOKEN));
    // An answer of nothing (204) is `null`.
    let host = fake_host(204, "", 0);
    let params =
        r#"{"objectType":"contacts","objectId":"1","toObjectType":"companies","toObjectId":"2"}"#;
    let out = JsFuture::from(engine(&host).call("removeAssociations", params, None, None, 0))
        .await
        .unwrap();
    assert_eq!(out.as_string().unwrap(), "null");
}

#[wasm_bindgen_test]
async fn errors_carry_hubspots_fields_and_no_token() {
    let body = format!(
        r#"{{"status":"error","message":"nope {TOKEN}","correlationId":"c-9","category":"VALIDATION_ERROR","context":{{"ids":["1"]}}}}"#
    );
    let host = fake_host(400, &body, 0);
    let params = format!(r#"{{{PAIR},"fromObjectId":"1","toObjectId":"2"}}"#);
    let e = JsFuture::from(engine(&host).call("associateDefault", &params, None, None, 0))
        .await
        .unwrap_err();
    let text = e.as_string().expect("the error as JSON text");
    assert!(!text.contains(TOKEN), "{text}");
    let e = parse(e);
    assert_eq!(get(&e, "kind").as_string().unwrap(), "api");
    assert_eq!(get(&e, "status").as_f64(), Some(400.0));
    assert_eq!(get(&e, "category").as_string().unwrap(), "VALIDATION_ERROR");
    assert_eq!(get(&e, "correlationId").as_string().unwrap(), "c-9");
    assert_eq!(get(&e, "context.ids.0").as_string().unwrap(), "1");
}

#[wasm_bindgen_test]
async fn invalid_input_sends_nothing() {
    let host = fake_host(200, ANSWER, 0);
    let e = engine(&host);
    for p in [
        format!(r#"{{{PAIR},"fromObjectId":"12/../34","toObjectId":"2"}}"#),
        format!(r#"{{{PAIR},"fromObjectId":"","toObjectId":"2"}}"#),
        format!(r#"{{{PAIR},"toObjectId":"2"}}"#),
        format!(r#"{{{PAIR},"fromObjectId":1.5,"toObjectId":"2"}}"#),
        "5".to_string(),
        "{not json".to_string(),
    ] {
        let err = parse(
            JsFuture::from(e.call("associateDefault", &p, None, None, 0))
                .await
                .unwrap_err(),
        );
        assert_eq!(
            get(&err, "kind").as_string().unwrap(),
            "invalid_input",
            "{p}"
        );
        assert_eq!(get(&err, "attempts").as_f64(), Some(0.0), "{p}");
    }
    let err = parse(
        JsFuture::from(e.call("frobnicate", "{}", None, None, 0))
            .await
            .unwrap_err(),
    );
    assert_eq!(get(&err, "kind").as_string().unwrap(), "invalid_input");
    assert_eq!(js_sys::Array::from(&get(&host, "calls")).length(), 0);
}

#[wasm_bindgen_test]
async fn abort_rejects_with_kind_aborted_and_aborts_the_request() {
    let host = fake_host(200, ANSWER, 5_000);
    let e = engine(&host);
    let controller = web_sys::AbortController::new().unwrap();
    let params = format!(r#"{{{PAIR},"fromObjectId":"1","toObjectId":"2"}}"#);
    let pending = e.call(
        "associateDefault",
        &params,
        Some(controller.signal()),
        None,
        0,
    );
    // Let the request go out, then cancel.
    gloo_timers::future::TimeoutFuture::new(10).await;
    controller.abort();
    let err = parse(JsFuture::from(pending).await.unwrap_err());
    assert_eq!(get(&err, "kind").as_string().unwrap(), "aborted");
    assert_eq!(
        js_sys::Array::from(&get(&host, "aborted")).length(),
        1,
        "the host was told to abort"
    );
}

#[wasm_bindgen_test]
async fn timeout_rejects_with_kind_timeout() {
    let host = fake_host(200, ANSWER, 5_000);
    let params =
        format!(r#"{{{PAIR},"fromObjectId":"1","toObjectId":"2","timeoutMs":30,"maxRetries":0}}"#);
    let err = parse(
        JsFuture::from(engine(&host).call("associateDefault", &params, None, None, 0))
            .await
            .unwrap_err(),
    );
    assert_eq!(get(&err, "kind").as_string().unwrap(), "timeout");
    assert_eq!(get(&err, "attempts").as_f64(), Some(1.0));
    // The engine handed the attempt's timeout to the host, which gave the attempt up.
    assert_eq!(get(&host, "calls.0.timeoutMs").as_f64(), Some(30.0));
    assert_eq!(js_sys::Array::from(&get(&host, "timedOut")).length(), 1);
}

#[wasm_bindgen_test]
fn bad_options_are_invalid_input() {
    for options in [
        r#"{"apiVersion":"v5"}"#,
        r#"{"baseUrl":"not a url"}"#,
        "{not json",
    ] {
        let e = Engine::new(
            options,
            fake_host(200, "", 0).unchecked_into::<Host>(),
            false,
        )
        .err()
        .unwrap();
        let e = parse(e);
        assert_eq!(
            get(&e, "kind").as_string().unwrap(),
            "invalid_input",
            "{options}"
        );
    }
}
