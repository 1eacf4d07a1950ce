//! The JS boundary, run by wasm-bindgen-test in Node and in headless Chromium: params in, plain
//! data out, ids as strings, `HubSpotError` fields, `invalid_input` before any request, abort.
#![cfg(target_arch = "wasm32")]

use hubspot_associations::wasm::client::JsClient;
use js_sys::{Function, Object, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

const TOKEN: &str = "pat-na1-wasm-secret-token";

/// A fetch that records calls on itself (`f.calls`) and answers `status`/`body` after `delay` ms.
fn fake_fetch(status: u16, body: &str, delay: u32) -> Function {
    let f = Function::new_with_args(
        "url, init",
        &format!(
            "const self = arguments.callee; self.calls.push({{url, init}});
             return new Promise((resolve, reject) => {{
               const t = setTimeout(() => resolve({{ status: {status}, headers: {{ 'x-hubspot-correlation-id': 'hdr-1' }},
                 text: async () => {body:?} }}), {delay});
               if (init.signal) init.signal.addEventListener('abort', () => {{ clearTimeout(t);
                 reject(Object.assign(new Error('aborted'), {{ name: 'AbortError' }})); }});
             }});"
        ),
    );
    // `arguments.callee` is unavailable in strict mode only; Function() bodies are sloppy.
    Reflect::set(&f, &"calls".into(), &js_sys::Array::new()).unwrap();
    f
}

fn calls(f: &Function) -> js_sys::Array {
    Reflect::get(f, &"calls".into()).unwrap().unchecked_into()
}

fn obj(json: &str) -> JsValue {
    JSON::parse(json).unwrap()
}

fn client_with(fetch: &Function) -> JsClient {
    let options = obj(&format!(
        r#"{{"accessToken":"{TOKEN}","baseUrl":"http://127.0.0.1:9","apiVersion":"v4"}}"#
    ));
    Reflect::set(&options, &"fetch".into(), fetch).unwrap();
    JsClient::new(options)
        .map_err(|e| format!("{e:?}"))
        .unwrap()
}

fn get(v: &JsValue, path: &str) -> JsValue {
    path.split('.')
        .fold(v.clone(), |v, k| Reflect::get(&v, &k.into()).unwrap())
}

const ANSWER: &str = r#"{"status":"COMPLETE","results":[{"from":{"id":9007199254740993},"to":{"id":"2"},"associationSpec":{"associationCategory":"HUBSPOT_DEFINED","associationTypeId":279}}],"startedAt":"s","completedAt":"c"}"#;

#[wasm_bindgen_test]
async fn params_in_and_plain_data_out() {
    let fetch = fake_fetch(200, ANSWER, 0);
    let c = client_with(&fetch);
    let params = obj(
        r#"{"fromObjectType":"contacts","fromObjectId":101,"toObjectType":"companies","toObjectId":"202"}"#,
    );
    let out = JsFuture::from(c.associate_default(params)).await.unwrap();
    assert_eq!(
        get(&out, "results.0.from.id").as_string().unwrap(),
        "9007199254740993"
    );
    assert_eq!(
        get(&out, "results.0.associationSpec.associationTypeId").as_f64(),
        Some(279.0)
    );
    assert!(
        Object::get_prototype_of(&get(&out, "results")).is_instance_of::<js_sys::Array>()
            || js_sys::Array::is_array(&get(&out, "results"))
    );
    let call = calls(&fetch).get(0);
    assert_eq!(
        get(&call, "url").as_string().unwrap(),
        "http://127.0.0.1:9/crm/v4/objects/contacts/101/associations/default/companies/202"
    );
    assert_eq!(get(&call, "init.method").as_string().unwrap(), "PUT");
    assert_eq!(
        get(&call, "init.headers.Authorization")
            .as_string()
            .unwrap(),
        format!("Bearer {TOKEN}")
    );
}

#[wasm_bindgen_test]
async fn errors_are_errors_with_fields_and_no_token() {
    let body = format!(
        r#"{{"status":"error","message":"nope {TOKEN}","correlationId":"c-9","category":"VALIDATION_ERROR","context":{{"ids":["1"]}}}}"#
    );
    let fetch = fake_fetch(400, &body, 0);
    let c = client_with(&fetch);
    let params = obj(
        r#"{"fromObjectType":"contacts","fromObjectId":"1","toObjectType":"companies","toObjectId":"2"}"#,
    );
    let e = JsFuture::from(c.associate_default(params))
        .await
        .unwrap_err();
    assert!(e.is_instance_of::<js_sys::Error>());
    assert_eq!(get(&e, "kind").as_string().unwrap(), "api");
    assert_eq!(get(&e, "status").as_f64(), Some(400.0));
    assert_eq!(get(&e, "category").as_string().unwrap(), "VALIDATION_ERROR");
    assert_eq!(get(&e, "correlationId").as_string().unwrap(), "c-9");
    assert_eq!(get(&e, "context.ids.0").as_string().unwrap(), "1");
    let all = format!(
        "{} {}",
        JSON::stringify(&e).unwrap().as_string().unwrap(),
        get(&e, "message").as_string().unwrap()
    );
    assert!(!all.contains(TOKEN), "{all}");
}

#[wasm_bindgen_test]
async fn invalid_input_sends_nothing() {
    let fetch = fake_fetch(200, ANSWER, 0);
    let c = client_with(&fetch);
    for p in [
        r#"{"fromObjectType":"contacts","fromObjectId":"12/../34","toObjectType":"companies","toObjectId":"2"}"#,
        r#"{"fromObjectType":"contacts","fromObjectId":"","toObjectType":"companies","toObjectId":"2"}"#,
        r#"{"fromObjectType":"contacts","toObjectType":"companies","toObjectId":"2"}"#,
        r#"{"fromObjectType":"contacts","fromObjectId":1.5,"toObjectType":"companies","toObjectId":"2"}"#,
    ] {
        let e = JsFuture::from(c.associate_default(obj(p)))
            .await
            .unwrap_err();
        assert_eq!(get(&e, "kind").as_string().unwrap(), "invalid_input", "{p}");
    }
    let e = JsFuture::from(c.associate_default(JsValue::from(5)))
        .await
        .unwrap_err();
    assert_eq!(
        get(&e, "message").as_string().unwrap(),
        "associateDefault expects one params object"
    );
    assert_eq!(calls(&fetch).length(), 0);
}

#[wasm_bindgen_test]
async fn abort_rejects_with_kind_aborted() {
    let fetch = fake_fetch(200, ANSWER, 5_000);
    let c = client_with(&fetch);
    let controller = web_sys::AbortController::new().unwrap();
    let params = obj(
        r#"{"fromObjectType":"contacts","fromObjectId":"1","toObjectType":"companies","toObjectId":"2"}"#,
    );
    Reflect::set(&params, &"signal".into(), &controller.signal()).unwrap();
    let pending = c.associate_default(params);
    controller.abort();
    let e = JsFuture::from(pending).await.unwrap_err();
    assert_eq!(get(&e, "kind").as_string().unwrap(), "aborted");
}

#[wasm_bindgen_test]
async fn timeout_rejects_with_kind_timeout() {
    let fetch = fake_fetch(200, ANSWER, 5_000);
    let c = client_with(&fetch);
    let params = obj(
        r#"{"fromObjectType":"contacts","fromObjectId":"1","toObjectType":"companies","toObjectId":"2","timeoutMs":30,"maxRetries":0}"#,
    );
    let e = JsFuture::from(c.associate_default(params))
        .await
        .unwrap_err();
    assert_eq!(get(&e, "kind").as_string().unwrap(), "timeout");
    assert_eq!(get(&e, "attempts").as_f64(), Some(1.0));
}

#[wasm_bindgen_test]
fn bad_options_throw_invalid_input() {
    let e = JsClient::new(obj(r#"{"apiVersion":"v5"}"#)).err().unwrap();
    assert_eq!(get(&e, "kind").as_string().unwrap(), "invalid_input");
    let e = JsClient::new(obj(r#"{"baseUrl":"not a url"}"#))
        .err()
        .unwrap();
    assert_eq!(get(&e, "kind").as_string().unwrap(), "invalid_input");
}
