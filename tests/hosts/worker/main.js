// The page's side: starts the worker, sends it a call, and shows the answer (window.result).
const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
const done = (result) => {
  window.result = result;
  document.body.textContent = JSON.stringify(result);
};
worker.onmessage = ({ data }) => done(data);
worker.onerror = (e) => {
  e.preventDefault();
  done({ error: `worker failed: ${e.message}` });
};
worker.postMessage({ fromObjectType: "contacts", fromObjectId: "101", toObjectType: "companies", toObjectId: "202" });
