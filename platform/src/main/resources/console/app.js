// Coral web console: a small single-page app over the REST API (hash routes, no build step).
(function () {
  "use strict";

  var TOKEN_KEY = "coral.token";
  var main = document.getElementById("main");
  var timers = [];
  var routeSeq = 0;

  // ---------- helpers ----------
  function h(tag, attrs) {
    var el = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === null || v === undefined || v === false) return;
        if (k === "text") el.textContent = v;
        else if (k.slice(0, 2) === "on") el.addEventListener(k.slice(2), v);
        else if (v === true) el.setAttribute(k, "");
        else el.setAttribute(k, v);
      });
    }
    for (var i = 2; i < arguments.length; i++) append(el, arguments[i]);
    return el;
  }
  function append(el, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) { child.forEach(function (c) { append(el, c); }); return; }
    el.appendChild(typeof child === "string" || typeof child === "number" ? document.createTextNode(String(child)) : child);
  }
  function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); }
  function label(text, control, cls) { return h("label", { "class": cls || null }, text, control); }
  function fmtTime(iso) { return iso ? new Date(iso).toLocaleString() : "—"; }
  function ago(iso) {
    if (!iso) return "never";
    var s = Math.round((Date.now() - new Date(iso).getTime()) / 1000);
    if (s < 0) s = 0;
    if (s < 60) return s + " s ago";
    if (s < 3600) return Math.round(s / 60) + " min ago";
    if (s < 86400) return Math.round(s / 3600) + " h ago";
    return Math.round(s / 86400) + " d ago";
  }
  function duration(ms) {
    if (ms === null || ms === undefined) return "—";
    if (ms < 1000) return ms + " ms";
    if (ms < 60000) return (ms / 1000).toFixed(1) + " s";
    return Math.floor(ms / 60000) + " min " + Math.round((ms % 60000) / 1000) + " s";
  }
  function statusName(s) { return s === 2 ? "online" : s === 1 ? "associating" : "offline"; }
  function badge(text, cls) { return h("span", { "class": "badge " + cls }, text); }
  function pretty(v) { return JSON.stringify(v, null, 2); }
  function pick(o) {
    for (var i = 1; i < arguments.length; i++) if (o && o[arguments[i]] !== undefined) return o[arguments[i]];
    return undefined;
  }
  function toast(msg, isError) {
    var t = document.getElementById("toast");
    t.textContent = msg;
    t.className = "toast show" + (isError ? " error" : "");
    clearTimeout(toast.timer);
    toast.timer = setTimeout(function () { t.className = "toast"; }, 4000);
  }
  function every(ms, fn) { timers.push(setInterval(fn, ms)); }
  function stopTimers() { timers.forEach(clearInterval); timers = []; }
  function setTitle(t) { document.title = t + " · Coral"; }
  function qs(params) {
    var parts = [];
    Object.keys(params).forEach(function (k) {
      if (params[k] !== "" && params[k] !== null && params[k] !== undefined) parts.push(encodeURIComponent(k) + "=" + encodeURIComponent(params[k]));
    });
    return parts.length ? "?" + parts.join("&") : "";
  }

  // ---------- token and API ----------
  function token() { return sessionStorage.getItem(TOKEN_KEY); }
  function takeTokenFromUrl() {
    var u = new URL(location.href);
    var t = u.searchParams.get("token");
    if (t) {
      sessionStorage.setItem(TOKEN_KEY, t);
      u.searchParams.delete("token");
      history.replaceState(null, "", u.pathname + (u.search || "") + (u.hash || "#/devices"));
    }
  }
  function ApiError(status, code, message, body) {
    this.status = status; this.code = code; this.message = message; this.body = body;
  }
  function api(method, path, body) {
    var opts = { method: method, headers: { "Authorization": "Bearer " + token(), "Accept": "application/json" } };
    if (body !== undefined) { opts.headers["Content-Type"] = "application/json"; opts.body = JSON.stringify(body); }
    return fetch(path, opts).then(function (res) {
      if (res.status === 204) return null;
      return res.text().then(function (text) {
        var data = null;
        try { data = text ? JSON.parse(text) : null; } catch (e) { data = { error: { code: "bad_response", message: text.slice(0, 200) } }; }
        if (res.status === 401) {
          sessionStorage.removeItem(TOKEN_KEY);
          renderLogin("Your token was not accepted; please log in again.");
          throw new ApiError(401, "unauthorized", "unauthorized", data);
        }
        if (!res.ok) {
          var err = (data && data.error) || {};
          throw new ApiError(res.status, err.code || "http_" + res.status, err.message || res.statusText, data);
        }
        return data;
      });
    });
  }
  function failed(e) {
    if (e && e.status === 401) return;
    toast((e && e.message) || String(e), true);
  }

  // ---------- routing ----------
  function parseHash() {
    var raw = location.hash.replace(/^#/, "") || "/devices";
    var q = raw.indexOf("?");
    var path = q < 0 ? raw : raw.slice(0, q);
    var params = {};
    if (q >= 0) new URLSearchParams(raw.slice(q + 1)).forEach(function (v, k) { params[k] = v; });
    var parts = path.split("/").filter(Boolean).map(decodeURIComponent);
    return { parts: parts, params: params };
  }
  function go(hash) { if (location.hash === hash) route(); else location.hash = hash; }
  function route() {
    stopTimers();
    routeSeq++;
    if (!token()) { renderLogin(); return; }
    document.getElementById("nav").hidden = false;
    document.getElementById("logout").hidden = false;
    var r = parseHash();
    var section = r.parts[0] || "devices";
    if (section === "login") { location.hash = "#/devices"; return; }
    document.querySelectorAll("[data-nav]").forEach(function (a) {
      if (a.getAttribute("data-nav") === section) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
    });
    clear(main);
    if (section === "devices" && r.parts[1]) renderDevice(r.parts[1]);
    else if (section === "devices") renderDevices(r.params);
    else if (section === "scripts" && r.parts[1]) renderScript(r.parts[1]);
    else if (section === "scripts") renderScripts();
    else if (section === "runs" && r.parts[1]) renderRun(r.parts[1]);
    else if (section === "tasks") renderTasks(r.params);
    else { main.appendChild(h("h1", { text: "Not found" })); }
    main.focus({ preventScroll: true });
  }

  // ---------- login ----------
  function renderLogin(message) {
    stopTimers();
    document.getElementById("nav").hidden = true;
    document.getElementById("logout").hidden = true;
    document.getElementById("who").textContent = "";
    setTitle("Log in");
    clear(main);
    var input = h("input", { id: "login-token", type: "password", name: "token", autocomplete: "current-password", required: true, "aria-describedby": "login-help" });
    var msg = h("p", { id: "login-error", "class": "error-text", role: "alert" }, message || "");
    var form = h("form", { "class": "card login", onsubmit: function (ev) {
      ev.preventDefault();
      sessionStorage.setItem(TOKEN_KEY, input.value.trim());
      api("GET", "/api/tokens/current").then(function (t) {
        showWho(t);
        if (!location.hash || location.hash === "#/login") location.hash = "#/devices"; else route();
      }).catch(function (e) {
        if (e.status !== 401) { msg.textContent = e.message; }
      });
    } },
      h("h1", { text: "Log in to Coral" }),
      label("API token", input, "field"),
      h("p", { id: "login-help", "class": "muted" }, "The admin token is printed on the first start and written to <data dir>/admin-token."),
      msg,
      h("button", { id: "login-submit", type: "submit" }, "Log in"));
    main.appendChild(form);
    input.focus();
  }
  function showWho(t) {
    document.getElementById("who").textContent = t ? "Token: " + t.name + (t.admin ? " (admin)" : "") : "";
  }

  // ---------- devices ----------
  var SORTABLE = [["sn", "Serial / ID"], ["alias", "Alias"], ["status", "Status"], [null, "Protocol"], ["vendor", "Vendor"],
    ["model", "Model"], ["version", "Version"], ["last_contact", "Last contact"]];

  function renderDevices(params) {
    setTitle("Devices");
    var p = {
      q: params.q || "", status: params.status || "", protocol: params.protocol || "", vendor: params.vendor || "",
      model: params.model || "", page: parseInt(params.page || "1", 10) || 1, size: parseInt(params.size || "50", 10) || 50,
      sort: params.sort || "sn"
    };
    var live = params.live !== "0";
    var search = h("input", { id: "device-search", type: "search", value: p.q, placeholder: "serial, alias, model, vendor" });
    var status = h("select", { id: "device-status" }, ["", "online", "associating", "offline"].map(function (s) {
      return h("option", { value: s, selected: s === p.status }, s || "any");
    }));
    var protocol = h("select", { id: "device-protocol" }, ["", "cwmp", "usp"].map(function (s) {
      return h("option", { value: s, selected: s === p.protocol }, s ? s.toUpperCase() : "any");
    }));
    var vendor = h("input", { id: "device-vendor", value: p.vendor });
    var model = h("input", { id: "device-model", value: p.model });
    var liveBox = h("input", { id: "device-live", type: "checkbox", checked: live });
    function apply(extra) {
      var next = { q: search.value.trim(), status: status.value, protocol: protocol.value, vendor: vendor.value.trim(),
        model: model.value.trim(), page: 1, size: p.size, sort: p.sort, live: liveBox.checked ? "" : "0" };
      Object.keys(extra || {}).forEach(function (k) { next[k] = extra[k]; });
      go("#/devices" + qs(next));
    }
    var form = h("form", { "class": "card row", role: "search", "aria-label": "Filter devices", onsubmit: function (ev) { ev.preventDefault(); apply(); } },
      label("Search", search, "grow"), label("Status", status), label("Protocol", protocol), label("Vendor", vendor), label("Model", model),
      h("button", { type: "submit", id: "device-search-submit" }, "Search"),
      h("label", { "class": "check" }, liveBox, "Live refresh"));
    liveBox.addEventListener("change", function () { apply({ page: p.page }); });
    var tbody = h("tbody");
    var summary = h("span", { id: "device-summary", "aria-live": "polite" });
    var head = h("tr", null, SORTABLE.map(function (c) {
      if (!c[0]) return h("th", { scope: "col" }, c[1]);
      var dir = p.sort === c[0] ? "ascending" : p.sort === "-" + c[0] ? "descending" : null;
      return h("th", { scope: "col", "aria-sort": dir || "none" }, h("button", { type: "button", onclick: function () {
        apply({ sort: p.sort === c[0] ? "-" + c[0] : c[0], page: p.page });
      } }, c[1] + (dir === "ascending" ? " ▲" : dir === "descending" ? " ▼" : "")));
    }));
    var prev = h("button", { type: "button", "class": "secondary", id: "page-prev" }, "← Previous");
    var next = h("button", { type: "button", "class": "secondary", id: "page-next" }, "Next →");
    var size = h("select", { id: "page-size" }, [25, 50, 100, 250, 500].map(function (n) { return h("option", { value: n, selected: n === p.size }, String(n)); }));
    prev.addEventListener("click", function () { apply({ page: p.page - 1 }); });
    next.addEventListener("click", function () { apply({ page: p.page + 1 }); });
    size.addEventListener("change", function () { p.size = parseInt(size.value, 10); apply(); });
    main.appendChild(h("h1", { text: "Devices" }));
    main.appendChild(form);
    main.appendChild(h("div", { "class": "table-wrap" }, h("table", { id: "devices-table" }, h("caption", { "class": "sr-only" }, "Devices"), h("thead", null, head), tbody)));
    main.appendChild(h("div", { "class": "pager" }, prev, summary, next, label("Per page", size)));
    var seq = routeSeq;
    function load() {
      var query = { q: p.q, status: p.status, protocol: p.protocol, vendor: p.vendor, model: p.model, page: p.page, size: p.size, sort: p.sort };
      return api("GET", "/api/devices" + qs(query)).then(function (data) {
        if (seq !== routeSeq) return;
        clear(tbody);
        if (!data.items.length) tbody.appendChild(h("tr", null, h("td", { colspan: SORTABLE.length, "class": "muted" }, "No devices match.")));
        data.items.forEach(function (d) {
          tbody.appendChild(h("tr", { "data-sn": d.sn },
            h("td", null, h("a", { "class": "device-link", href: "#/devices/" + encodeURIComponent(d.sn) }, d.sn)),
            h("td", null, d.alias || ""),
            h("td", null, badge(statusName(d.status), "s-" + statusName(d.status))),
            h("td", null, (d.protocols || []).join(", ").toUpperCase()),
            h("td", null, d.vendor || ""), h("td", null, d.model || ""), h("td", null, d.version || ""),
            h("td", { title: fmtTime(d.last_contact) }, ago(d.last_contact))));
        });
        var pages = Math.max(1, Math.ceil(data.total / data.size));
        summary.textContent = "Page " + data.page + " of " + pages + " · " + data.total + " device" + (data.total === 1 ? "" : "s");
        prev.disabled = data.page <= 1;
        next.disabled = data.page >= pages;
      }).catch(failed);
    }
    load();
    if (live) every(5000, load);
  }

  // ---------- one device ----------
  var CWMP_TEMPLATES = {
    GetParameterValues: function (root) { return { rpc: "GetParameterValues", args: { names: [root] } }; },
    SetParameterValues: function (root) { return { rpc: "SetParameterValues", args: { values: [{ name: root + "ManagementServer.PeriodicInformInterval", value: "300", type: "xsd:unsignedInt" }], parameter_key: "console" } }; },
    GetParameterNames: function (root) { return { rpc: "GetParameterNames", args: { path: root, next_level: true } }; },
    GetParameterAttributes: function (root) { return { rpc: "GetParameterAttributes", args: { names: [root + "DeviceInfo.SoftwareVersion"] } }; },
    SetParameterAttributes: function (root) { return { rpc: "SetParameterAttributes", args: { parameters: [{ name: root + "DeviceInfo.SoftwareVersion", notification_change: true, notification: 2 }] } }; },
    AddObject: function (root) { return { rpc: "AddObject", args: { object_name: root + "Hosts.Host.", parameter_key: "console" } }; },
    DeleteObject: function (root) { return { rpc: "DeleteObject", args: { object_name: root + "Hosts.Host.1.", parameter_key: "console" } }; },
    Reboot: function () { return { rpc: "Reboot", args: { command_key: "console" } }; },
    FactoryReset: function () { return { rpc: "FactoryReset", args: {} }; },
    Download: function () { return { rpc: "Download", args: { command_key: "console", file_type: "1 Firmware Upgrade Image", url: "http://files.example.com/fw.bin", file_size: 0, delay_seconds: 0 } }; },
    ScheduleInform: function () { return { rpc: "ScheduleInform", args: { delay_seconds: 5, command_key: "console" } }; },
    GetRPCMethods: function () { return { rpc: "GetRPCMethods", args: {} }; },
    "SOAP envelope (xml)": function () {
      return { xml: '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:cwmp="urn:dslforum-org:cwmp-1-0">' +
        '<soap:Header><cwmp:ID soap:mustUnderstand="1">1</cwmp:ID></soap:Header><soap:Body><cwmp:GetRPCMethods/></soap:Body></soap:Envelope>' };
    }
  };
  function uspMsg(type, request) {
    var body = {}; body[request[0]] = request[1];
    return { msg: { header: { msg_type: type }, body: { request: body } } };
  }
  var USP_TEMPLATES = {
    Get: function () { return uspMsg("GET", ["get", { param_paths: ["Device.DeviceInfo."], max_depth: 0 }]); },
    Set: function () { return uspMsg("SET", ["set", { allow_partial: false, update_objs: [{ obj_path: "Device.LocalAgent.", param_settings: [{ param: "PeriodicNotifInterval", value: "300", required: true }] }] }]); },
    Add: function () { return uspMsg("ADD", ["add", { allow_partial: false, create_objs: [{ obj_path: "Device.LocalAgent.Subscription.", param_settings: [{ param: "Enable", value: "true", required: true }] }] }]); },
    Delete: function () { return uspMsg("DELETE", ["delete", { allow_partial: false, obj_paths: ["Device.LocalAgent.Subscription.1."] }]); },
    Operate: function () { return uspMsg("OPERATE", ["operate", { command: "Device.Reboot()", command_key: "console", send_resp: true, input_args: {} }]); },
    GetSupportedDM: function () { return uspMsg("GET_SUPPORTED_DM", ["get_supported_dm", { obj_paths: ["Device."], first_level_only: true, return_commands: true, return_events: true, return_params: true }]); },
    GetInstances: function () { return uspMsg("GET_INSTANCES", ["get_instances", { obj_paths: ["Device."], first_level_only: false }]); },
    GetSupportedProtocol: function () { return uspMsg("GET_SUPPORTED_PROTO", ["get_supported_protocol", { controller_supported_protocol_versions: "1.3" }]); }
  };

  function renderDevice(sn) {
    setTitle(sn);
    var seq = routeSeq;
    var base = "/api/devices/" + encodeURIComponent(sn);
    var params = {};   // path -> {value, type, writable, last_read}
    var device = null;
    var ident = h("dl", { "class": "ident", id: "device-identity" });
    var treeBox = h("div", { "class": "tree", id: "param-tree", role: "region", "aria-label": "Parameters" });
    var filter = h("input", { id: "param-filter", type: "search", placeholder: "filter by path or value" });
    var refreshBtn = h("button", { type: "button", id: "refresh-device" }, "Refresh from device");
    var reloadBtn = h("button", { type: "button", "class": "secondary", id: "reload-params" }, "Reload stored");
    var setPath = h("input", { id: "set-path", required: true, autocomplete: "off" });
    var setValue = h("input", { id: "set-value", autocomplete: "off" });
    var setType = h("select", { id: "set-type" }, ["xsd:string", "xsd:unsignedInt", "xsd:int", "xsd:boolean", "xsd:dateTime", "xsd:base64"].map(function (t) { return h("option", { value: t }, t); }));
    var setResult = h("pre", { "class": "out", id: "set-result", "aria-live": "polite", hidden: true });
    var setForm = h("form", { "class": "row", id: "set-form", onsubmit: function (ev) { ev.preventDefault(); setParam(); } },
      label("Parameter path", setPath, "grow"), label("New value", setValue, "grow"), label("Type (CWMP)", setType),
      h("button", { type: "submit", id: "set-submit" }, "Set value"));
    var tmpl = h("select", { id: "msg-template" });
    var msgBody = h("textarea", { id: "msg-body", rows: 12, spellcheck: "false" });
    var msgResult = h("pre", { "class": "out", id: "msg-result", "aria-live": "polite", hidden: true });
    var sendBtn = h("button", { type: "submit", id: "msg-send" }, "Send");
    var msgForm = h("form", { id: "msg-form", onsubmit: function (ev) { ev.preventDefault(); sendMessage(); } },
      h("div", { "class": "row" }, label("Template", tmpl, "grow"), sendBtn),
      label("Request body (JSON)", msgBody, "field"), msgResult);
    var aliasInput = h("input", { id: "alias-input" });
    var aliasForm = h("form", { "class": "row", onsubmit: function (ev) {
      ev.preventDefault();
      api("PUT", base + "/alias", { alias: aliasInput.value }).then(function (d) { device = d; showIdent(); toast("Alias saved"); }).catch(failed);
    } }, label("Alias", aliasInput, "grow"), h("button", { type: "submit", "class": "secondary" }, "Save alias"));
    var deleteBtn = h("button", { type: "button", "class": "danger", id: "device-delete" }, "Delete device");

    main.appendChild(h("p", null, h("a", { href: "#/devices" }, "← Devices")));
    var title = h("h1", null, sn);
    main.appendChild(title);
    main.appendChild(h("div", { "class": "grid2" },
      h("section", { "class": "card", "aria-labelledby": "h-ident" }, h("h2", { id: "h-ident" }, "Identity"), ident, aliasForm,
        h("p", null, h("a", { href: "#/tasks?sn=" + encodeURIComponent(sn) }, "Tasks of this device")), deleteBtn),
      h("section", { "class": "card", "aria-labelledby": "h-msg" }, h("h2", { id: "h-msg" }, "Send a message"), msgForm)));
    main.appendChild(h("section", { "class": "card", "aria-labelledby": "h-params" },
      h("h2", { id: "h-params" }, "Parameters"),
      h("div", { "class": "row" }, label("Filter", filter, "grow"), refreshBtn, reloadBtn),
      h("h3", { "class": "sr-only" }, "Set a value"), setForm, setResult,
      h("p", { id: "param-count", "class": "muted", "aria-live": "polite" }), treeBox));

    function isUsp() { return device && (device.protocols || []).indexOf("cwmp") < 0 && (device.protocols || []).indexOf("usp") >= 0; }
    function root() { return isUsp() || device.data_model === "TR-181" ? "Device." : device.data_model === "TR-098" ? "InternetGatewayDevice." : guessRoot(); }
    function guessRoot() {
      var k = Object.keys(params)[0];
      return k && k.indexOf("InternetGatewayDevice.") === 0 ? "InternetGatewayDevice." : "Device.";
    }
    function showIdent() {
      clear(ident);
      title.textContent = device.alias ? device.alias + " (" + device.sn + ")" : device.sn;
      aliasInput.value = device.alias || "";
      [["Serial / ID", device.sn], ["Status", badge(device.status_name || statusName(device.status), "s-" + statusName(device.status))],
        ["Protocols", (device.protocols || []).join(", ").toUpperCase()], ["Vendor", device.vendor], ["Model", device.model],
        ["Product class", device.product_class], ["OUI", device.oui], ["Software version", device.version],
        ["Data model", device.data_model], ["Last contact", device.last_contact ? fmtTime(device.last_contact) + " (" + ago(device.last_contact) + ")" : "never"],
        ["First seen", fmtTime(device.created)],
        ["Connection request URL", device.cwmp && device.cwmp.connection_request_url],
        ["IP address", device.cwmp && device.cwmp.ip_address],
        ["USP endpoint", device.usp && device.usp.endpoint_id]].forEach(function (row) {
        if (row[1] === null || row[1] === undefined || row[1] === "") return;
        ident.appendChild(h("dt", null, row[0]));
        ident.appendChild(h("dd", null, row[1]));
      });
    }
    function fillTemplates() {
      clear(tmpl);
      var set = isUsp() ? USP_TEMPLATES : CWMP_TEMPLATES;
      Object.keys(set).forEach(function (k) { tmpl.appendChild(h("option", { value: k }, k)); });
      applyTemplate();
    }
    function applyTemplate() {
      var set = isUsp() ? USP_TEMPLATES : CWMP_TEMPLATES;
      var body = set[tmpl.value](root());
      if (!isUsp() && !body.xml) body.mode = "now";
      body.timeout_ms = 30000;
      msgBody.value = pretty(body);
    }
    tmpl.addEventListener("change", applyTemplate);

    function showResult(pre, ok, data) {
      pre.hidden = false;
      pre.className = "out" + (ok ? "" : " fault");
      pre.textContent = typeof data === "string" ? data : pretty(data);
    }
    function sendMessage() {
      var body;
      try { body = JSON.parse(msgBody.value); } catch (e) { showResult(msgResult, false, "The request body is not valid JSON: " + e.message); return; }
      sendBtn.disabled = true;
      showResult(msgResult, true, "Sending…");
      api("POST", base + (isUsp() ? "/usp" : "/cwmp"), body).then(function (data) {
        showResult(msgResult, true, data);
        mergeResult(body, data);
      }).catch(function (e) {
        showResult(msgResult, false, e.body || { error: { code: e.code, message: e.message } });
      }).then(function () { sendBtn.disabled = false; });
    }
    // Values a device returned are shown at once, even before the store has them.
    function mergeResult(req, data) {
      if (!data) return;
      if (req.rpc === "GetParameterValues" && data.result && typeof data.result === "object" && !Array.isArray(data.result)) {
        Object.keys(data.result).forEach(function (k) { params[k] = Object.assign({}, params[k], { value: data.result[k] }); });
        renderTree();
      } else if (req.rpc === "GetParameterNames" && Array.isArray(data.result)) {
        data.result.forEach(function (p) { if (p.name && p.name.slice(-1) !== ".") params[p.name] = Object.assign({}, params[p.name], { writable: p.writable }); });
        renderTree();
      } else if (data.msg) {
        mergeUspGet(data.msg);
      }
    }
    function mergeUspGet(msg) {
      var resp = pick(pick(msg.body, "response") || {}, "get_resp", "getResp");
      if (!resp) return false;
      (pick(resp, "req_path_results", "reqPathResults") || []).forEach(function (r) {
        (pick(r, "resolved_path_results", "resolvedPathResults") || []).forEach(function (rp) {
          var prefix = pick(rp, "resolved_path", "resolvedPath") || "";
          var values = pick(rp, "result_params", "resultParams") || {};
          Object.keys(values).forEach(function (k) { params[prefix + k] = Object.assign({}, params[prefix + k], { value: values[k] }); });
        });
      });
      renderTree();
      return true;
    }
    function readFromDevice(paths) {
      if (isUsp()) {
        return api("POST", base + "/usp", uspMsg("GET", ["get", { param_paths: paths, max_depth: 0 }])).then(function (d) { mergeUspGet(d.msg); return d; });
      }
      return api("POST", base + "/cwmp", { rpc: "GetParameterValues", args: { names: paths }, mode: "now" }).then(function (d) {
        mergeResult({ rpc: "GetParameterValues" }, d); return d;
      });
    }
    function refreshFromDevice() {
      refreshBtn.disabled = true;
      var r = root();
      var names = isUsp() ? Promise.resolve() : api("POST", base + "/cwmp", { rpc: "GetParameterNames", args: { path: r, next_level: false }, mode: "now" })
        .then(function (d) { mergeResult({ rpc: "GetParameterNames" }, d); });
      names.then(function () { return readFromDevice([r]); })
        .then(function () { toast("Parameters refreshed from the device"); return loadStored(); })
        .catch(failed).then(function () { refreshBtn.disabled = false; });
    }
    function setParam() {
      var path = setPath.value.trim(), value = setValue.value;
      if (!path) return;
      var submit = document.getElementById("set-submit");
      submit.disabled = true;
      showResult(setResult, true, "Setting " + path + "…");
      var req;
      if (isUsp()) {
        var dot = path.lastIndexOf(".");
        req = api("POST", base + "/usp", uspMsg("SET", ["set", { allow_partial: false, update_objs: [{ obj_path: path.slice(0, dot + 1), param_settings: [{ param: path.slice(dot + 1), value: value, required: true }] }] }]));
      } else {
        req = api("POST", base + "/cwmp", { rpc: "SetParameterValues", args: { values: [{ name: path, value: value, type: setType.value }], parameter_key: "console" }, mode: "now" });
      }
      req.then(function (data) {
        showResult(setResult, true, data);
        // the device accepted the value: show it now, then confirm it with a read-back
        params[path] = Object.assign({}, params[path], { value: value });
        renderTree();
        submit.disabled = false;
        readFromDevice([path]).then(function () { toast(path + " is now " + ((params[path] || {}).value)); })
          .catch(function (e) { toast("Set done, but reading it back failed: " + e.message, true); });
      }).catch(function (e) {
        showResult(setResult, false, e.body || { error: { code: e.code, message: e.message } });
        submit.disabled = false;
      });
    }
    function editParam(path) {
      setPath.value = path;
      setValue.value = (params[path] || {}).value || "";
      var t = (params[path] || {}).type;
      if (t) setType.value = t;
      setValue.focus();
    }

    function renderTree() {
      var f = filter.value.trim().toLowerCase();
      var paths = Object.keys(params).filter(function (p) {
        return !f || p.toLowerCase().indexOf(f) >= 0 || String((params[p] || {}).value || "").toLowerCase().indexOf(f) >= 0;
      }).sort(function (a, b) { return a.localeCompare(b, undefined, { numeric: true }); });
      document.getElementById("param-count").textContent = paths.length + " of " + Object.keys(params).length + " parameters";
      var tree = {};
      paths.forEach(function (p) {
        var parts = p.split(".").filter(Boolean), node = tree;
        parts.forEach(function (part, i) {
          if (i === parts.length - 1) { node[part] = node[part] || {}; node[part].__leaf = p; }
          else node = node[part] = node[part] || {};
        });
      });
      clear(treeBox);
      var many = paths.length > 300 && !f;
      treeBox.appendChild(renderNode(tree, "", 0, many));
      if (!paths.length) treeBox.appendChild(h("p", { "class": "muted" }, "No parameters stored yet. Use “Refresh from device”."));
    }
    function renderNode(node, prefix, depth, collapse) {
      var ul = h("ul", { role: depth === 0 ? "tree" : "group", "aria-label": depth === 0 ? "Parameter tree" : null });
      Object.keys(node).filter(function (k) { return k !== "__leaf"; })
        .sort(function (a, b) { return a.localeCompare(b, undefined, { numeric: true }); })
        .forEach(function (k) {
          var child = node[k], path = prefix + k;
          var kids = Object.keys(child).filter(function (x) { return x !== "__leaf"; });
          if (child.__leaf && !kids.length) {
            var p = params[child.__leaf] || {};
            ul.appendChild(h("li", { "class": "leaf", role: "treeitem", "data-path": child.__leaf },
              h("span", { "class": "pname" }, k), h("span", { "class": "pval" }, p.value === undefined || p.value === null ? "" : String(p.value)),
              p.type ? h("span", { "class": "ptype" }, p.type) : null,
              p.writable ? h("button", { type: "button", "class": "link rw", "aria-label": "Edit " + child.__leaf, onclick: function () { editParam(child.__leaf); } }, "writable · edit") : null));
          } else {
            ul.appendChild(h("li", { role: "treeitem" }, h("details", { open: !collapse || depth < 1 },
              h("summary", null, k + "."), renderNode(child, path + ".", depth + 1, collapse))));
          }
        });
      return ul;
    }
    function loadStored() {
      return api("GET", base + "/parameters").then(function (data) {
        if (seq !== routeSeq) return;
        data.items.forEach(function (p) { params[p.path] = { value: p.value, type: p.type, writable: p.writable, last_read: p.last_read }; });
        renderTree();
      });
    }
    filter.addEventListener("input", renderTree);
    refreshBtn.addEventListener("click", refreshFromDevice);
    reloadBtn.addEventListener("click", function () { params = {}; loadStored().catch(failed); });
    deleteBtn.addEventListener("click", function () {
      if (!confirm("Delete device " + sn + " with its parameters and tasks?")) return;
      api("DELETE", base).then(function () { toast("Device deleted"); go("#/devices"); }).catch(failed);
    });
    api("GET", base).then(function (d) {
      device = d; showIdent(); fillTemplates();
      return loadStored();
    }).catch(function (e) {
      if (e.status === 404) { clear(main); main.appendChild(h("h1", null, "No device " + sn)); main.appendChild(h("p", null, h("a", { href: "#/devices" }, "Back to devices"))); }
      else failed(e);
    });
    every(10000, function () {
      api("GET", base).then(function (d) { if (seq === routeSeq) { device = d; showIdent(); } }).catch(function () {});
    });
  }

  // ---------- scripts ----------
  function renderScripts() {
    setTitle("Scripts");
    var tbody = h("tbody");
    main.appendChild(h("div", { "class": "row" }, h("h1", { text: "Scripts" }),
      h("button", { type: "button", id: "new-script", onclick: function () { go("#/scripts/" + encodeURIComponent("+new")); } }, "New script")));
    main.appendChild(h("div", { "class": "table-wrap" }, h("table", { id: "scripts-table" }, h("caption", { "class": "sr-only" }, "Scripts"),
      h("thead", null, h("tr", null, ["Name", "Active", "State", "Version", "Schedule", "Triggers", "Updated"].map(function (c) { return h("th", { scope: "col" }, c); }))), tbody)));
    function load() {
      api("GET", "/api/scripts").then(function (data) {
        clear(tbody);
        if (!data.items.length) tbody.appendChild(h("tr", null, h("td", { colspan: 7, "class": "muted" }, "No scripts yet.")));
        data.items.forEach(function (s) {
          tbody.appendChild(h("tr", { "data-name": s.name },
            h("td", null, h("a", { "class": "script-link", href: "#/scripts/" + encodeURIComponent(s.name) }, s.name), s.library ? " (library)" : "", s.description ? h("div", { "class": "muted" }, s.description) : null),
            h("td", null, s.active ? "yes" : "no"), h("td", null, s.state || ""), h("td", null, s.version),
            h("td", null, s.schedule || ""), h("td", null, (s.triggers || []).join(", ")), h("td", null, fmtTime(s.updated))));
        });
      }).catch(failed);
    }
    load();
    every(10000, load);
  }

  function luaEditor(value) {
    var pre = h("pre", { "aria-hidden": "true" });
    var ta = h("textarea", { id: "script-content", spellcheck: "false", autocapitalize: "off", autocomplete: "off", rows: 22, "aria-describedby": "editor-help" });
    ta.value = value || "";
    var escaped = false;
    function paint() { pre.innerHTML = window.LuaHighlight.highlight(ta.value); pre.scrollTop = ta.scrollTop; }
    ta.addEventListener("input", paint);
    ta.addEventListener("scroll", function () { pre.scrollTop = ta.scrollTop; });
    ta.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape") { escaped = true; return; }
      if (ev.key === "Tab" && !escaped && !ev.shiftKey) {
        ev.preventDefault();
        var s = ta.selectionStart, e = ta.selectionEnd;
        ta.value = ta.value.slice(0, s) + "  " + ta.value.slice(e);
        ta.selectionStart = ta.selectionEnd = s + 2;
        paint();
      }
      if (ev.key !== "Escape") escaped = false;
    });
    paint();
    var box = h("div", { "class": "editor" }, pre, ta);
    return { el: h("div", { "class": "field" }, h("label", { "for": "script-content" }, "Lua source"), box,
      h("span", { id: "editor-help", "class": "muted" }, "Tab indents; press Escape then Tab to leave the editor.")), textarea: ta, paint: paint };
  }

  function renderScript(name) {
    var isNew = name === "+new";
    setTitle(isNew ? "New script" : name);
    var seq = routeSeq;
    var script = null;
    var nameInput = h("input", { id: "script-name", required: true, pattern: "[A-Za-z0-9_][A-Za-z0-9_.\\-]{0,99}", readonly: !isNew, value: isNew ? "" : name });
    var desc = h("input", { id: "script-description" });
    var schedule = h("input", { id: "script-schedule", placeholder: "cron, e.g. */5 * * * *" });
    var tz = h("input", { id: "script-timezone", placeholder: "UTC" });
    var triggers = h("input", { id: "script-triggers", placeholder: "cwmp.inform.*, device.new.*" });
    var globals = h("textarea", { id: "script-globals", rows: 3, spellcheck: "false" });
    var library = h("input", { id: "script-library", type: "checkbox" });
    var editor = luaEditor(isNew ? 'print("hello from Coral")\n' : "");
    var saveBtn = h("button", { type: "submit", id: "script-save" }, isNew ? "Create" : "Save new version");
    var activeBtn = h("button", { type: "button", "class": "secondary", id: "script-toggle", hidden: isNew });
    var deleteBtn = h("button", { type: "button", "class": "danger", id: "script-delete", hidden: isNew }, "Delete");
    var info = h("p", { id: "script-info", "class": "muted", "aria-live": "polite" });
    var args = h("textarea", { id: "run-args", rows: 3, spellcheck: "false" });
    args.value = "{}";
    var runBtn = h("button", { type: "submit", id: "script-run", disabled: isNew }, "Run now");
    var runsBody = h("tbody");

    var form = h("form", { "class": "card", id: "script-form", onsubmit: function (ev) { ev.preventDefault(); save(); } },
      h("div", { "class": "row" }, label("Name", nameInput, "grow"), label("Description", desc, "grow")),
      editor.el,
      h("div", { "class": "row" }, label("Schedule (cron)", schedule, "grow"), label("Time zone", tz), label("Triggers (comma-separated event patterns)", triggers, "grow"),
        h("label", { "class": "check" }, library, "Library (for require)")),
      label("Globals (JSON object of strings)", globals, "field"),
      h("div", { "class": "row" }, saveBtn, activeBtn, deleteBtn), info);
    var runForm = h("form", { "class": "card", id: "run-form", onsubmit: function (ev) { ev.preventDefault(); run(); } },
      h("h2", null, "Run"), label("Arguments (JSON, the global args)", args, "field"), h("div", { "class": "row" }, runBtn));
    main.appendChild(h("p", null, h("a", { href: "#/scripts" }, "← Scripts")));
    main.appendChild(h("h1", null, isNew ? "New script" : name));
    main.appendChild(form);
    main.appendChild(runForm);
    main.appendChild(h("section", { "aria-labelledby": "h-runs" }, h("h2", { id: "h-runs" }, "Runs"),
      h("div", { "class": "table-wrap" }, h("table", { id: "runs-table" }, h("caption", { "class": "sr-only" }, "Runs"),
        h("thead", null, h("tr", null, ["Run", "Trigger", "Version", "Outcome", "Started", "Duration"].map(function (c) { return h("th", { scope: "col" }, c); }))), runsBody))));

    function show(s) {
      script = s;
      desc.value = s.description || ""; schedule.value = s.schedule || ""; tz.value = s.timezone || "";
      triggers.value = (s.triggers || []).join(", "); library.checked = !!s.library;
      globals.value = s.globals && Object.keys(s.globals).length ? pretty(s.globals) : "";
      if (s.content !== undefined) { editor.textarea.value = s.content; editor.paint(); }
      activeBtn.textContent = s.active ? "Deactivate" : "Activate";
      info.textContent = "Version " + s.version + " · " + (s.active ? "active" : "inactive") + (s.state ? " · " + s.state : "") + " · updated " + fmtTime(s.updated);
    }
    function body() {
      var b = { name: nameInput.value.trim(), description: desc.value, content: editor.textarea.value, library: library.checked,
        triggers: triggers.value.split(",").map(function (t) { return t.trim(); }).filter(Boolean) };
      if (schedule.value.trim()) b.schedule = schedule.value.trim();
      if (tz.value.trim()) b.timezone = tz.value.trim();
      if (globals.value.trim()) b.globals = JSON.parse(globals.value);
      return b;
    }
    function save() {
      var b;
      try { b = body(); } catch (e) { toast("Globals must be a JSON object: " + e.message, true); return; }
      saveBtn.disabled = true;
      var req = isNew ? api("POST", "/api/scripts", b) : api("PUT", "/api/scripts/" + encodeURIComponent(name), b);
      req.then(function (s) {
        toast("Saved " + s.name + " (version " + s.version + ")");
        if (isNew) go("#/scripts/" + encodeURIComponent(s.name)); else show(s);
      }).catch(failed).then(function () { saveBtn.disabled = false; });
    }
    function run() {
      var a;
      try { a = JSON.parse(args.value || "{}"); } catch (e) { toast("Arguments must be JSON: " + e.message, true); return; }
      runBtn.disabled = true;
      api("POST", "/api/scripts/" + encodeURIComponent(name) + "/run", { args: a }).then(function (r) {
        toast("Run " + r.run_id + " started");
        go("#/runs/" + encodeURIComponent(r.run_id));
      }).catch(failed).then(function () { runBtn.disabled = false; });
    }
    activeBtn.addEventListener("click", function () {
      api("POST", "/api/scripts/" + encodeURIComponent(name) + (script && script.active ? "/deactivate" : "/activate"))
        .then(function () { return api("GET", "/api/scripts/" + encodeURIComponent(name)); })
        .then(function (s) { show(s); toast(s.active ? "Activated" : "Deactivated"); }).catch(failed);
    });
    deleteBtn.addEventListener("click", function () {
      if (!confirm("Delete script " + name + "?")) return;
      api("DELETE", "/api/scripts/" + encodeURIComponent(name)).then(function () { toast("Deleted"); go("#/scripts"); }).catch(failed);
    });
    function loadRuns() {
      if (isNew) return;
      api("GET", "/api/scripts/" + encodeURIComponent(name) + "/runs?limit=50").then(function (data) {
        if (seq !== routeSeq) return;
        clear(runsBody);
        if (!data.items.length) runsBody.appendChild(h("tr", null, h("td", { colspan: 6, "class": "muted" }, "No runs yet.")));
        data.items.forEach(function (r) {
          runsBody.appendChild(h("tr", { "data-run": r.id },
            h("td", null, h("a", { "class": "run-link", href: "#/runs/" + encodeURIComponent(r.id) }, r.id)),
            h("td", null, r.trigger), h("td", null, r.version), h("td", null, badge(r.outcome, "o-" + r.outcome)),
            h("td", null, fmtTime(r.started)), h("td", null, r.outcome === "running" ? "running" : duration(r.duration_ms))));
        });
      }).catch(failed);
    }
    if (!isNew) {
      api("GET", "/api/scripts/" + encodeURIComponent(name)).then(show).catch(function (e) {
        if (e.status === 404) info.textContent = "No script " + name + "."; else failed(e);
      });
      loadRuns();
      every(3000, loadRuns);
    } else {
      nameInput.focus();
    }
  }

  function renderRun(id) {
    setTitle("Run " + id);
    var seq = routeSeq;
    var ident = h("dl", { "class": "ident", id: "run-info" });
    var log = h("pre", { "class": "out log", id: "run-log", "aria-live": "polite" });
    var back = h("p", null, h("a", { href: "#/scripts" }, "← Scripts"));
    main.appendChild(back);
    main.appendChild(h("h1", null, "Run " + id));
    main.appendChild(h("section", { "class": "card" }, ident));
    main.appendChild(h("section", { "class": "card", "aria-labelledby": "h-log" }, h("h2", { id: "h-log" }, "Log"), log));
    function load() {
      api("GET", "/api/runs/" + encodeURIComponent(id)).then(function (r) {
        if (seq !== routeSeq) return;
        clear(back);
        back.appendChild(h("a", { href: "#/scripts/" + encodeURIComponent(r.script) }, "← " + r.script));
        clear(ident);
        [["Script", h("a", { href: "#/scripts/" + encodeURIComponent(r.script) }, r.script)], ["Version", r.version], ["Trigger", r.trigger],
          ["Instance", r.owner], ["Outcome", h("span", { id: "run-outcome", "class": "badge o-" + r.outcome }, r.outcome)], ["Reason", r.reason],
          ["Error line", r.error_line], ["Started", fmtTime(r.started)], ["Ended", fmtTime(r.ended)],
          ["Duration", r.outcome === "running" ? "running" : duration(r.duration_ms)]].forEach(function (row) {
          if (row[1] === null || row[1] === undefined || row[1] === "") return;
          ident.appendChild(h("dt", null, row[0])); ident.appendChild(h("dd", null, row[1]));
        });
        clear(log);
        if (r.log_dropped) log.appendChild(h("div", { "class": "muted" }, "(" + r.log_dropped + " older lines dropped)"));
        (r.log || []).forEach(function (l) {
          log.appendChild(h("div", { "class": "lvl-" + (l.level || "info").toLowerCase() }, new Date(l.time).toLocaleTimeString() + " " + (l.level || "") + " " + l.text));
        });
        if (!(r.log || []).length) log.appendChild(h("div", { "class": "muted" }, "(no output yet)"));
        if (r.outcome !== "running") stopTimers();
      }).catch(failed);
    }
    load();
    every(1000, load);
  }

  // ---------- tasks ----------
  function renderTasks(params) {
    setTitle("Tasks");
    var sn = h("input", { id: "task-sn", value: params.sn || "" });
    var state = h("select", { id: "task-state" }, ["", "queued", "sent", "done", "fault"].map(function (s) { return h("option", { value: s, selected: s === (params.state || "") }, s || "any"); }));
    var tbody = h("tbody");
    main.appendChild(h("h1", { text: "Tasks" }));
    main.appendChild(h("form", { "class": "card row", onsubmit: function (ev) { ev.preventDefault(); go("#/tasks" + qs({ sn: sn.value.trim(), state: state.value })); } },
      label("Device", sn, "grow"), label("State", state), h("button", { type: "submit" }, "Filter")));
    main.appendChild(h("div", { "class": "table-wrap" }, h("table", { id: "tasks-table" }, h("caption", { "class": "sr-only" }, "Tasks"),
      h("thead", null, h("tr", null, ["Task", "Device", "RPC / message", "State", "Attempts", "Created", "Updated", ""].map(function (c) { return h("th", { scope: "col" }, c); }))), tbody)));
    function load() {
      api("GET", "/api/tasks" + qs({ sn: params.sn, state: params.state, limit: 200 })).then(function (data) {
        clear(tbody);
        if (!data.items.length) tbody.appendChild(h("tr", null, h("td", { colspan: 8, "class": "muted" }, "No tasks.")));
        data.items.forEach(function (t) {
          tbody.appendChild(h("tr", null, h("td", null, t.id), h("td", null, h("a", { href: "#/devices/" + encodeURIComponent(t.sn) }, t.sn)),
            h("td", null, t.kind), h("td", null, badge(t.state, "st-" + t.state)), h("td", null, t.attempts + " / " + t.max_attempts),
            h("td", null, fmtTime(t.created)), h("td", null, fmtTime(t.updated)),
            h("td", null, h("button", { type: "button", "class": "secondary", "aria-label": "Delete task " + t.id, onclick: function () {
              api("DELETE", "/api/tasks/" + encodeURIComponent(t.id)).then(function () { toast("Task deleted"); load(); }).catch(failed);
            } }, "Delete"))));
        });
      }).catch(failed);
    }
    load();
    every(5000, load);
  }

  // ---------- start ----------
  document.getElementById("logout").addEventListener("click", function () {
    sessionStorage.removeItem(TOKEN_KEY);
    location.hash = "#/login";
    renderLogin("Logged out.");
  });
  window.addEventListener("hashchange", route);
  takeTokenFromUrl();
  if (token()) {
    api("GET", "/api/tokens/current").then(function (t) { showWho(t); route(); }).catch(function (e) { if (e.status !== 401) { failed(e); route(); } });
  } else {
    renderLogin();
  }
})();
