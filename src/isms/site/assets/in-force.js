// isms-docs: which version of each document was in force on a chosen date, read from in-force.json.
// No network beyond this site, no dependencies; every value is inserted as text. The words come from the
// page (data-words, in the page's language), each with {placeholders} the script fills.
(function () {
  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }
  function cell(row, text, href) {
    var td = document.createElement("td");
    if (href) {
      var a = document.createElement("a");
      a.setAttribute("href", href);
      a.textContent = text;
      td.appendChild(a);
    } else {
      td.textContent = text;
    }
    row.appendChild(td);
    return td;
  }
  function inForce(versions, day) {
    for (var i = 0; i < versions.length; i++) {
      var v = versions[i];
      if (v.from && v.from <= day && (!v.to || day < v.to)) return v;
    }
    return null;
  }
  function answer(box, words, data, day) {
    var out = box.querySelector("[data-isms-answer]");
    out.textContent = "";
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return;
    var table = document.createElement("table");
    var head = table.createTHead().insertRow();
    words.columns.forEach(function (t) {
      var th = document.createElement("th");
      th.textContent = t;
      head.appendChild(th);
    });
    var body = table.createTBody();
    var found = 0;
    data.documents.forEach(function (doc) {
      var v = inForce(doc.versions, day);
      var row = body.insertRow();
      row.setAttribute("data-document", doc.id);
      cell(row, doc.id + " " + doc.title);
      if (!v) {
        row.className = "isms-none";
        cell(row, words.none);
        cell(row, "");
        cell(row, "");
        cell(row, "");
        return;
      }
      found += 1;
      row.setAttribute("data-version", v.version);
      cell(row, v.version, v.page);
      cell(row, v.to
        ? fill(words.period, {start: v.from, end: v.to, version: v.superseded_by})
        : fill(words.open, {start: v.from}));
      cell(row, v.approved_by ? fill(words.approval, {person: v.approved_by, date: v.approved_on}) : "—");
      cell(row, v.pdf ? words.pdf : "—", v.pdf);
    });
    var summary = document.createElement("p");
    summary.setAttribute("data-isms-summary", "1");
    summary.textContent = found
      ? fill(words.found, {date: day, found: found, total: data.documents.length})
      : fill(words.none_found, {date: day});
    out.appendChild(summary);
    out.appendChild(table);
  }
  function setup() {
    var box = document.querySelector("[data-isms-in-force]");
    if (!box || box.dataset.ready) return;
    box.dataset.ready = "1";
    var words = JSON.parse(box.getAttribute("data-words"));
    box.textContent = "";
    var label = document.createElement("label");
    label.textContent = words.date + " ";
    var input = document.createElement("input");
    input.type = "date";
    input.setAttribute("data-isms-date", "1");
    label.appendChild(input);
    var out = document.createElement("div");
    out.setAttribute("data-isms-answer", "1");
    out.setAttribute("aria-live", "polite");
    box.appendChild(label);
    box.appendChild(out);
    fetch(box.getAttribute("data-src"))
      .then(function (response) { return response.json(); })
      .then(function (data) {
        box.setAttribute("data-loaded", "1");
        var run = function () { answer(box, words, data, input.value); };
        input.addEventListener("change", run);
        input.addEventListener("input", run);
        var asked = new URLSearchParams(window.location.search).get("date");
        input.value = asked || new Date().toISOString().slice(0, 10);
        run();
      })
      .catch(function () { out.textContent = words.unreadable; });
  }
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(setup);
  } else {
    document.addEventListener("DOMContentLoaded", setup);
  }
})();
