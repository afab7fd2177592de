// A small Lua highlighter: turns source text into HTML with spans per token class.
(function () {
  "use strict";
  var KEYWORDS = ("and break do else elseif end false for function goto if in local nil not or repeat return then true until while").split(" ");
  var BUILTINS = ("print log sleep pairs ipairs type tostring tonumber pcall error assert select next unpack require string table math os " +
    "send_cwmp_message send_cwmp_async_message send_cwmp_rpc send_usp_message listen_to_cwmp_event listen_to_new_device " +
    "listen_to_usp_event listen_to_device_status get_device get_all_devices delete_device set_device_model set_device_alias " +
    "get_parameters refresh_device_parameters create_or_update_device_credential generate_random_string json_encode " +
    "json_decode http_request now uuid next_id").split(" ");
  var kw = new Set(KEYWORDS), fn = new Set(BUILTINS);

  function esc(s) {
    return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }
  function span(cls, s) { return '<span class="' + cls + '">' + esc(s) + "</span>"; }

  // Index just past a long bracket "[==[ ... ]==]" starting at i (text[i] == '['), or -1.
  function longBracketEnd(text, i) {
    var m = /^\[(=*)\[/.exec(text.slice(i, i + 64));
    if (!m) return -1;
    var close = "]" + m[1] + "]";
    var end = text.indexOf(close, i + m[0].length);
    return end < 0 ? text.length : end + close.length;
  }

  function highlight(text) {
    var out = [], i = 0, n = text.length;
    while (i < n) {
      var c = text[i], j;
      if (c === "-" && text[i + 1] === "-") {
        j = text[i + 2] === "[" ? longBracketEnd(text, i + 2) : -1;
        if (j < 0) { j = text.indexOf("\n", i); if (j < 0) j = n; }
        out.push(span("lua-com", text.slice(i, j))); i = j; continue;
      }
      if (c === "[" && (text[i + 1] === "[" || text[i + 1] === "=")) {
        j = longBracketEnd(text, i);
        if (j > 0) { out.push(span("lua-str", text.slice(i, j))); i = j; continue; }
      }
      if (c === '"' || c === "'") {
        j = i + 1;
        while (j < n && text[j] !== c && text[j] !== "\n") { if (text[j] === "\\") j++; j++; }
        j = Math.min(n, j + 1);
        out.push(span("lua-str", text.slice(i, j))); i = j; continue;
      }
      if (/[0-9]/.test(c) || (c === "." && /[0-9]/.test(text[i + 1] || ""))) {
        var m = /^(0[xX][0-9a-fA-F.]+([pP][+-]?\d+)?|\d*\.?\d+([eE][+-]?\d+)?)/.exec(text.slice(i, i + 64));
        j = i + (m ? m[0].length : 1);
        out.push(span("lua-num", text.slice(i, j))); i = j; continue;
      }
      if (/[A-Za-z_]/.test(c)) {
        j = i + 1;
        while (j < n && /[A-Za-z0-9_]/.test(text[j])) j++;
        var word = text.slice(i, j);
        out.push(kw.has(word) ? span("lua-kw", word) : fn.has(word) ? span("lua-fn", word) : esc(word));
        i = j; continue;
      }
      if (/[+\-*\/%^#=<>~:;,.(){}\[\]]/.test(c)) { out.push(span("lua-op", c)); i++; continue; }
      out.push(esc(c)); i++;
    }
    // a trailing newline needs content after it or the <pre> is one line shorter than the textarea
    return out.join("") + "\n";
  }

  window.LuaHighlight = { highlight: highlight, keywords: KEYWORDS, builtins: BUILTINS };
})();
