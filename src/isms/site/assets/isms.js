// isms-docs: filter the controls index by ISO/IEC 27002 attributes. No network, no dependencies.
(function () {
  function apply(form) {
    var selects = form.querySelectorAll("select");
    var shown = 0;
    var total = 0;
    document.querySelectorAll(".isms-controls tbody tr").forEach(function (row) {
      var visible = true;
      selects.forEach(function (select) {
        if (!select.value) return;
        var values = (row.getAttribute("data-" + select.name.replace(/_/g, "-")) || "").split(" ");
        if (values.indexOf(select.value) < 0) visible = false;
      });
      row.hidden = !visible;
      total += 1;
      if (visible) shown += 1;
    });
    var count = form.querySelector("[data-isms-count]");
    var wording = form.getAttribute("data-isms-count-text") || "{shown} of {total} controls";
    if (count) count.textContent = wording.replace("{shown}", shown).replace("{total}", total);
  }
  // The staff home page: the reader picks their name once (kept in this browser only) and each
  // document they must read shows whether they have confirmed its current major version.
  function mustRead() {
    var select = document.querySelector("[data-isms-who]");
    if (!select || select.dataset.ready) return;
    select.dataset.ready = "1";
    var acks = JSON.parse(select.getAttribute("data-acks") || "{}").documents || {};
    function show() {
      var who = select.value;
      try { window.localStorage.setItem("isms-who", who); } catch (error) { /* storage may be off */ }
      document.querySelectorAll("[data-isms-you]").forEach(function (cell) {
        var done = who && (acks[cell.getAttribute("data-isms-you")] || []).indexOf(who) >= 0;
        cell.textContent = who ? select.getAttribute(done ? "data-done" : "data-todo") : "";
        cell.className = who ? (done ? "isms-you-done" : "isms-you-todo") : "";
      });
    }
    var saved = "";
    try { saved = window.localStorage.getItem("isms-who") || ""; } catch (error) { saved = ""; }
    var known = Array.prototype.some.call(select.options, function (option) { return option.value === saved; });
    if (saved && known) select.value = saved;
    select.addEventListener("change", show);
    show();
  }
  function setup() {
    mustRead();
    var form = document.querySelector("[data-isms-filter]");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";
    form.addEventListener("change", function () { apply(form); });
    apply(form);
  }
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(setup);
  } else {
    document.addEventListener("DOMContentLoaded", setup);
  }
})();
