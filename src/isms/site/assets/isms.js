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
  function setup() {
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
