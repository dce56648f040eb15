/* Data entry on the report page: live sums and percentages, pasting a column from a spreadsheet,
   and saving without losing a keystroke. The forms work without this file; it only helps. */
(function () {
  "use strict";

  var THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙";
  var page = null;
  var states = new WeakMap();
  var pendingRestore = null;
  // Totals saved as the sum of their cells (the server marks them data-follows) keep following
  // the sum, as in a spreadsheet, until the user types a total of their own.
  var following = new WeakMap();

  function message(name) {
    return (page && page.dataset["msg" + name]) || "";
  }

  // --- Numbers, as officers type them: 1,200 · 1 200 · ๑๒๐๐ ---------------------------------

  function parseNumber(text) {
    if (text == null) return null;
    var plain = String(text).replace(/[๐-๙]/g, function (d) {
      return String(THAI_DIGITS.indexOf(d));
    }).replace(/[,\s\u00a0]/g, "");
    if (plain === "") return null;
    var number = Number(plain);
    return isFinite(number) ? number : null;
  }

  function format(number, decimals) {
    var lang = document.documentElement.lang || "th";
    return new Intl.NumberFormat(lang, { maximumFractionDigits: decimals == null ? 4 : decimals }).format(number);
  }

  function sumOf(inputs) {
    var total = 0, given = 0;
    inputs.forEach(function (input) {
      var n = parseNumber(input.value);
      if (n !== null) { total += n; given += 1; }
    });
    return { sum: total, given: given, all: inputs.length };
  }

  function plain(number) {
    return String(Math.round(number * 10000) / 10000);
  }

  function follow(input, s) {
    if (!following.has(input)) following.set(input, input.hasAttribute("data-follows"));
    if (following.get(input) && s.all > 0 && s.given === s.all && parseNumber(input.value) !== s.sum) {
      input.value = plain(s.sum);
    }
  }

  function show(output, text) {
    if (output && output.textContent !== text) output.textContent = text;
  }

  function percent(numInput, denInput) {
    var num = numInput ? parseNumber(numInput.value) : null;
    var den = denInput ? parseNumber(denInput.value) : null;
    if (num === null || den === null || den === 0) return "–";
    return format(num * 100 / den, 2) + "%";
  }

  // --- Live figures: percentages, row and column sums, the total's hint ----------------------

  function recompute(root) {
    root.querySelectorAll("[data-pct]").forEach(function (box) {
      show(box.querySelector("[data-pct-out]"),
        percent(box.querySelector("[data-part=numerator]"), box.querySelector("[data-part=denominator]")));
    });
    root.querySelectorAll("[data-grid]").forEach(function (grid) {
      var inputs = Array.prototype.slice.call(grid.querySelectorAll("input[data-r]"));
      if (!grid.querySelector("input")) return;  // read only: the server's sums stand
      // A table's Total row and column: the sum of the cells as a hint, flagged when a typed
      // total disagrees with a full row or column.
      [["marginRow", "r"], ["marginCol", "c"]].forEach(function (axis) {
        var selector = axis[0] === "marginRow" ? "input[data-margin-row]" : "input[data-margin-col]";
        grid.querySelectorAll(selector).forEach(function (margin) {
          var index = margin.dataset[axis[0]];
          var s = sumOf(inputs.filter(function (i) { return i.dataset[axis[1]] === index; }));
          margin.placeholder = s.given ? format(s.sum) : "";
          follow(margin, s);
          var typed = parseNumber(margin.value);
          var off = typed !== null && s.given === s.all && Math.abs(typed - s.sum) > 1e-9;
          margin.classList.toggle("margin-mismatch", off);
          margin.title = off ? message("Mismatch").replace("%s", format(s.sum)).replace("%s", format(typed)) : "";
        });
      });
      grid.querySelectorAll("[data-sum-col]").forEach(function (out) {
        var c = out.dataset.sumCol;
        var s = sumOf(inputs.filter(function (i) { return i.dataset.c === c; }));
        show(out, s.given ? format(s.sum) : "–");
      });
      var all = sumOf(inputs);
      if (!all.given) {
        // Only the totals by one dimension are known: they add up to the total just as well.
        var cols = sumOf(Array.prototype.slice.call(grid.querySelectorAll("input[data-margin-col]")));
        var rows = sumOf(Array.prototype.slice.call(grid.querySelectorAll("input[data-margin-row]")));
        if (cols.given) all = cols; else if (rows.given) all = rows;
      }
      show(grid.querySelector("[data-sum-all]"), all.given ? format(all.sum) : "–");
      grid.querySelectorAll("[data-pct-row]").forEach(function (row) {
        show(row.querySelector("[data-pct-out]"),
          percent(row.querySelector("[data-c='0']"), row.querySelector("[data-c='1']")));
      });
      var pctSum = grid.querySelector("[data-pct-sum]");
      if (pctSum) {
        var nums = sumOf(inputs.filter(function (i) { return i.dataset.c === "0"; }));
        var dens = sumOf(inputs.filter(function (i) { return i.dataset.c === "1"; }));
        show(pctSum, nums.given && dens.given && dens.sum ? format(nums.sum * 100 / dens.sum, 2) + "%" : "–");
      }
      totalHint(grid, all);
    });
  }

  function totalHint(grid, all) {
    var card = grid.closest(".line-card");
    var hint = card && card.querySelector("[data-total-hint]");
    var total = card && card.querySelector("input[data-total]");
    var use = card && card.querySelector("[data-use-sum]");
    if (!hint || !total || !grid.hasAttribute("data-must-add-up")) return;
    follow(total, all);
    var given = parseNumber(total.value);
    var text = "", warn = false;
    if (given === null && all.given) {
      text = message("Sum").replace("%s", format(all.sum));
    } else if (given !== null && all.given === all.all && all.all && Math.abs(given - all.sum) > 1e-9) {
      text = message("Mismatch").replace("%s", format(all.sum)).replace("%s", format(given));
      warn = true;
    }
    show(hint, text);
    hint.classList.toggle("hint-warning", warn);
    if (use) {
      use.hidden = !all.given || (given !== null && Math.abs(given - all.sum) < 1e-9);
      use.dataset.sum = String(Math.round(all.sum * 10000) / 10000);
    }
  }

  // --- Paste a column (or a block) copied from Excel into the grid ---------------------------

  function onPaste(event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || input.dataset.r == null) return;
    var grid = input.closest("[data-grid]");
    var text = (event.clipboardData || window.clipboardData).getData("text");
    if (!grid || !/[\t\n\r]/.test(text.replace(/[\r\n]+$/, ""))) return;
    event.preventDefault();
    var rows = text.replace(/\r/g, "").replace(/\n+$/, "").split("\n");
    var r0 = Number(input.dataset.r), c0 = Number(input.dataset.c);
    var changed = [];
    rows.forEach(function (line, i) {
      line.split("\t").forEach(function (cell, j) {
        var target = grid.querySelector("input[data-r='" + (r0 + i) + "'][data-c='" + (c0 + j) + "']");
        if (target) {
          target.value = cell.trim().replace(/^"|"$/g, "");
          changed.push(target);
        }
      });
    });
    changed.forEach(function (target) {
      target.dispatchEvent(new Event("input", { bubbles: true }));
    });
    // One save for the whole paste.
    if (changed.length) changed[changed.length - 1].dispatchEvent(new Event("change", { bubbles: true }));
  }

  // --- Saving: track what was typed since the last save ---------------------------------------

  function state(form) {
    var s = states.get(form);
    if (!s) { s = { edit: 0, sent: 0, saved: 0 }; states.set(form, s); }
    return s;
  }

  function status(form, text, kind) {
    var out = form.querySelector("[data-save-status]");
    if (!out) return;
    out.textContent = text;
    out.classList.remove("save-ok", "save-failed", "save-pending");
    if (kind) out.classList.add(kind);
  }

  function autosaveForm(element) {
    return element && element.closest ? element.closest("form[data-autosave]") : null;
  }

  function isDirty(form) {
    var s = state(form);
    return s.edit !== s.saved;
  }

  function collect(form) {
    var values = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "hidden" || el.type === "submit" || el.type === "button") return;
      if (el.type === "radio") {
        if (el.checked) values[el.name] = el.value;
        else if (!(el.name in values)) values[el.name] = null;
      } else {
        values[el.name] = el.value;
      }
    });
    return values;
  }

  function restore(form, values) {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || !(el.name in values) || el.type === "hidden" || el.type === "submit") return;
      if (el.type === "radio") el.checked = values[el.name] === el.value;
      else el.value = values[el.name];
    });
  }

  function responseRoot(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    return doc.querySelector("[data-save-state]");
  }

  function onBeforeRequest(event) {
    var form = autosaveForm(event.detail.elt);
    if (!form || event.detail.elt !== form) return;
    var s = state(form);
    s.sent = s.edit;
    status(form, message("Saving"), "save-pending");
  }

  function onBeforeSwap(event) {
    // htmx sets detail.elt to the element the event fires on (the swap target): the form that
    // asked is in requestConfig.
    var asker = event.detail.requestConfig && event.detail.requestConfig.elt;
    var form = autosaveForm(asker);
    if (!form || asker !== form || event.detail.xhr.status >= 400) return;
    var s = state(form);
    var root = responseRoot(event.detail.serverResponse || "");
    var saveState = root ? root.dataset.saveState : "";
    if (s.edit === s.sent) return;
    // The user typed on while the save was on its way: never replace what they typed since.
    if (saveState === "saved") {
      event.detail.shouldSwap = false;
      var version = root.querySelector("input[name=expected_version]");
      var mine = form.querySelector("input[name=expected_version]");
      if (version && mine) mine.value = version.value;
      s.saved = s.sent;
      status(form, message("Unsaved"), "save-pending");
    } else {
      pendingRestore = { id: event.detail.target.id, values: collect(form) };
    }
  }

  function onAfterSwap(event) {
    var target = event.detail.target;
    if (!target || !target.querySelector) return;
    var section = target.id ? document.getElementById(target.id) : null;
    if (!section) return;
    var form = section.querySelector("form[data-autosave]");
    if (pendingRestore && pendingRestore.id === target.id && form) {
      restore(form, pendingRestore.values);
    }
    pendingRestore = null;
    var saveState = section.dataset.saveState;
    if (form && (saveState === "invalid" || saveState === "conflict")) {
      // What is on the screen is not saved: warn before leaving the page.
      state(form).edit = 1;
    }
    recompute(section);
  }

  function onResponseError(event) {
    var form = autosaveForm(event.detail.elt);
    if (!form) return;
    var code = event.detail.xhr ? event.detail.xhr.status : 0;
    status(form, code === 403 ? message("Forbidden") : message("Failed"), "save-failed");
  }

  function onSendError(event) {
    var form = autosaveForm(event.detail.elt);
    if (form) status(form, message("Offline"), "save-failed");
  }

  // --- Before submitting the report, save what is still being typed ----------------------------

  function onWorkflowSubmit(event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-workflow]") || !window.htmx) return;
    var dirty = Array.prototype.filter.call(document.querySelectorAll("form[data-autosave]"), isDirty);
    if (!dirty.length) return;
    event.preventDefault();
    dirty.forEach(function (f) { window.htmx.trigger(f, "submit"); });
    var started = Date.now();
    (function wait() {
      var busy = document.querySelector("form[data-autosave].htmx-request");
      if (busy && Date.now() - started < 15000) { setTimeout(wait, 150); return; }
      var failed = document.querySelector("[data-save-state=invalid], [data-save-state=conflict]");
      var stillDirty = Array.prototype.some.call(document.querySelectorAll("form[data-autosave]"), isDirty);
      if (failed || stillDirty) {
        var first = failed || document.querySelector("form[data-autosave]");
        if (first) first.scrollIntoView({ behavior: "smooth", block: "start" });
        return;
      }
      form.submit();
    })();
  }

  function init() {
    page = document.getElementById("report-page");
    if (!page) return;
    recompute(page);
    page.addEventListener("input", function (event) {
      var form = autosaveForm(event.target);
      var section = event.target.closest(".line-card");
      if (event.isTrusted && (event.target.matches("[data-total], [data-margin-row], [data-margin-col]"))) {
        following.set(event.target, false);  // the user types a total of their own
      }
      if (section) recompute(section);
      if (form) {
        state(form).edit += 1;
        status(form, message("Unsaved"), "save-pending");
      }
    });
    page.addEventListener("paste", onPaste);
    page.addEventListener("click", function (event) {
      var button = event.target.closest("[data-use-sum]");
      if (!button) return;
      var total = button.closest(".line-card").querySelector("input[data-total]");
      total.value = button.dataset.sum;
      following.set(total, true);
      total.dispatchEvent(new Event("input", { bubbles: true }));
      total.dispatchEvent(new Event("change", { bubbles: true }));
      total.focus();
    });
    document.addEventListener("submit", onWorkflowSubmit, true);
    document.body.addEventListener("htmx:beforeRequest", onBeforeRequest);
    document.body.addEventListener("htmx:beforeSwap", onBeforeSwap);
    document.body.addEventListener("htmx:afterSwap", onAfterSwap);
    document.body.addEventListener("htmx:responseError", onResponseError);
    document.body.addEventListener("htmx:sendError", onSendError);
    document.body.addEventListener("htmx:timeout", onSendError);
    window.addEventListener("beforeunload", function (event) {
      var dirty = Array.prototype.some.call(document.querySelectorAll("form[data-autosave]"), isDirty);
      if (dirty) {
        event.preventDefault();
        event.returnValue = message("Leave");
      }
    });
    var problems = document.getElementById("problems");
    if (problems) problems.focus();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
