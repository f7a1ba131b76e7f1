/** `/api/docs`: a self-contained reference page rendered from `/api/v1/openapi.json` (no CDN, works offline). */
export const docsPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>AudienceOS API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/api/docs/style.css">
</head><body><header><h1>AudienceOS Command Center API</h1><p id="meta">Loading…</p></header><main id="ops"></main>
<script src="/api/docs/app.js"></script></body></html>`;

export const docsStyle = `body{font:14px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1f2328;background:#fafafa}
header{padding:24px;border-bottom:1px solid #e5e7eb;background:#fff}h1{margin:0;font-size:20px}main{padding:24px;max-width:1100px}
h2{font-size:15px;margin:24px 0 8px;text-transform:capitalize}details{background:#fff;border:1px solid #e5e7eb;border-radius:6px;margin:6px 0}
summary{padding:8px 12px;cursor:pointer;display:flex;gap:12px;align-items:center}summary:focus-visible{outline:2px solid #4f46e5}
.m{font:600 12px ui-monospace,monospace;width:56px}.GET{color:#15803d}.POST{color:#1d4ed8}.PATCH{color:#b45309}.PUT{color:#7c3aed}.DELETE{color:#b91c1c}
code,pre{font:12px ui-monospace,monospace}pre{background:#f6f8fa;padding:12px;margin:0 12px 12px;border-radius:6px;overflow:auto}.lock{color:#6b7280;font-size:12px}`;

export const docsScript = `fetch('/api/v1/openapi.json').then(r=>r.json()).then(doc=>{
 const groups={};for(const [path,ops] of Object.entries(doc.paths))for(const [m,op] of Object.entries(ops)){(groups[op.tags[0]]??=[]).push({path,m:m.toUpperCase(),op})}
 document.getElementById('meta').textContent=doc.info.description+' '+Object.keys(doc.paths).length+' paths.';
 const main=document.getElementById('ops');
 for(const [tag,ops] of Object.entries(groups).sort()){const h=document.createElement('h2');h.textContent=tag;main.appendChild(h);
  for(const o of ops){const d=document.createElement('details');const s=document.createElement('summary');
   s.innerHTML='<span class="m '+o.m+'"></span><code></code><span></span><span class="lock"></span>';
   s.children[0].textContent=o.m;s.children[1].textContent=o.path;s.children[2].textContent=o.op.summary||'';s.children[3].textContent=o.op.security&&o.op.security.length===0?'public':'bearer';
   const pre=document.createElement('pre');pre.textContent=JSON.stringify({description:o.op.description,parameters:o.op.parameters,requestBody:o.op.requestBody&&o.op.requestBody.content['application/json'].schema},null,2);
   d.appendChild(s);d.appendChild(pre);main.appendChild(d)}}
}).catch(e=>{document.getElementById('meta').textContent='Could not load the OpenAPI document: '+e.message});`;
