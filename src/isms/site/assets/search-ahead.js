// isms-docs: the search index built with the site (search_ahead.py), for Material's search worker.
// The worker loads this file as the lunr language the site names ("isms") and calls lunr.isms with
// its index builder before it adds the site's entries. The builder then only remembers the entries,
// and returns the index built ahead instead of building one from every word. Where a term was found
// in an entry (Material highlights it) is worked out when the entry is first a result, with
// Material's own tokenizer. If the entries are not the ones the index was built from (a cached copy
// of one file and not the other), the builder builds as it would have, with each entry's CJK terms
// added back as search.py makes them; so it does under `mkdocs serve`, where no index is built ahead.
//
// A term of Japanese or Chinese is found inside a run of CJK characters, which Material's tokenizer
// keeps whole ("顧客の個人情報は"): in a result, each place where a query's CJK run occurs is
// marked, and only it, instead of the whole run it starts or of nothing.
(function (lunr) {
  var ahead = INDEX_AHEAD;
  var cjk = CJK_RULES;  // search.py's: the pattern of a CJK run, the longest term, the mark of a run's end
  var cjkRun = new RegExp(cjk.pattern, "g");
  var NO_METADATA = Object.freeze(Object.create(null));
  var TEXT = 1;  // a table entry's type: text, not markup (Material's tokenizer)

  // The CJK terms of a field's text, as search.py's cjk_terms gives them.
  function cjkTerms(text) {
    var seen = Object.create(null), terms = [];
    var runs = String(text).replace(/\u200b/g, "").match(cjkRun) || [];
    for (var r = 0; r < runs.length; r++) {
      for (var start = 0; start < runs[r].length; start++) {
        var term = runs[r].slice(start, start + cjk.longest) + (start + cjk.longest >= runs[r].length ? cjk.end : "");
        if (!seen[term]) terms.push((seen[term] = term));
      }
    }
    return terms.join(" ");
  }

  // An entry as the worker builds its own index from it: with its CJK fields.
  function withCjkTerms(builder, doc) {
    var copy = Object.assign({}, doc);
    [["cjk_title", "title"], ["cjk", "text"]].forEach(function (pair) {
      var terms = builder._fields[pair[0]] && copy[pair[0]] === undefined ? cjkTerms(copy[pair[1]] || "") : "";
      if (terms) copy[pair[0]] = terms;
    });
    return copy;
  }

  // The CJK runs a query asks for (not those of prohibited terms). Where they overlap in a text, their
  // places are merged into one mark.
  function cjkQueryRuns(query) {
    var runs = [];
    String(query).split(/\s+/).forEach(function (term) {
      if (term.charAt(0) === "-") return;
      (term.match(cjkRun) || []).forEach(function (run) {
        if (runs.indexOf(run) < 0) runs.push(run);
      });
    });
    return runs;
  }

  function containsAny(text, runs) {
    for (var q = 0; q < runs.length; q++) if (text.indexOf(runs[q]) >= 0) return true;
    return false;
  }

  // Why the entries are not the ones the index was built from, or "" if they are.
  function difference(builder, entries) {
    var fields = Object.keys(builder._fields).sort();
    if (fields.join(" ") !== ahead.fields.slice().sort().join(" ")) return "fields " + fields.join(" ");
    if (entries.length !== ahead.refs.length) return entries.length + " entries, not " + ahead.refs.length;
    for (var i = 0; i < entries.length; i++) {
      if (entries[i].doc[builder._ref] !== ahead.refs[i]) return "entry " + i + " " + entries[i].doc[builder._ref];
    }
    return "";
  }

  function index(builder, entries) {
    var fields = ahead.fields, refs = ahead.refs, terms = ahead.terms;
    var inverted = Object.create(null);
    for (var t = 0; t < terms.length; t++) {
      var posting = Object.create(null);
      posting._index = t;
      for (var f = 0; f < fields.length; f++) posting[fields[f]] = Object.create(null);
      var lists = ahead.postings[t];
      for (var l = 0; l < lists.length; l++) {
        var holders = posting[fields[lists[l][0]]];
        for (var k = 1; k < lists[l].length; k++) holders[refs[lists[l][k]]] = NO_METADATA;
      }
      inverted[terms[t]] = posting;
    }
    var vectors = Object.create(null);
    for (var v = 0; v < ahead.vectors.length; v++) {
      var row = ahead.vectors[v];
      vectors[fields[row[0]] + "/" + refs[row[1]]] = new lunr.Vector(row.slice(2));
    }
    var built = new lunr.Index({
      invertedIndex: inverted,
      fieldVectors: vectors,
      tokenSet: lunr.TokenSet.fromArray(terms),
      fields: fields.slice(),
      pipeline: builder.searchPipeline
    });
    var tokenized = tokenizer(builder, entries);
    built.search = function (query) {
      var results = lunr.Index.prototype.search.call(this, query);
      for (var r = 0; r < results.length; r++) {
        var metadata = results[r].matchData.metadata;
        for (var term in metadata) {
          for (var field in metadata[term]) {
            // A new object: lunr may hand out the index's own (empty) one here.
            metadata[term][field] = { position: (tokenized(results[r].ref, field).places[term] || []).slice() };
          }
        }
      }
      return results;
    };
    return marking(built, builder, tokenized);
  }

  // The places of every term in one field of one entry, as the worker keeps them, and the field's
  // table of tokens (Material's, registered for the entry's field when the field is tokenized).
  function tokenizer(builder, entries) {
    var byRef = Object.create(null), found = Object.create(null);
    for (var e = 0; e < entries.length; e++) byRef[entries[e].doc[builder._ref]] = entries[e].doc;
    return function (ref, field) {
      var key = ref + "\n" + field;
      if (found[key]) return found[key];
      var spec = builder._fields[field], doc = byRef[ref];
      var value = spec.extractor ? spec.extractor(doc) : doc[field];
      var places = Object.create(null), table = null;
      if (value !== undefined) {
        var tokens = builder.pipeline.run(builder.tokenizer(value, { fields: [field] }));
        table = lunr.tokenizer.table;
        for (var i = 0; i < tokens.length; i++) {
          var term = tokens[i].toString();
          (places[term] || (places[term] = [])).push(tokens[i].metadata.position);
        }
      }
      return (found[key] = { places: places, table: table, value: value });
    };
  }

  // The index, its results marked where a query's CJK runs occur in their titles and texts.
  function marking(index, builder, tokenized) {
    var search = index.search;
    index.search = function (query) {
      var results = search.call(this, query);
      var runs = cjkQueryRuns(query);
      if (!runs.length) return results;
      for (var r = 0; r < results.length; r++) {
        for (var field in builder._fields) mark(results[r], field, runs, tokenized(results[r].ref, field));
      }
      return results;
    };
    return index;
  }

  // Material highlights the table entries a result's positions name, each block's from the last entry
  // to the first, and shows a block from its first entry to its last. So the places to mark in a block
  // are added to its table in the order of the text, followed by its last entry again.
  function mark(result, field, runs, held) {
    var table = held.table, value = held.value;
    if (!table || typeof value !== "string") return;
    // Each block's own entries, before any query added places to it
    var own = held.own || (held.own = Array.from(table, function (row) { return row ? row.length : 0; }));
    var ranges = Object.create(null), touched = [];
    function add(block, start, end) {
      if (!ranges[block]) touched.push(block);
      (ranges[block] || (ranges[block] = [])).push([start, end]);
    }
    for (var b = 0; b < own.length; b++) {
      var row = table[b];
      for (var j = 0; j < own[b]; j++) {
        if ((row[j] & 3) !== TEXT) continue;
        var start = row[j] >>> 12, token = value.slice(start, start + (row[j] >>> 2 & 0x3ff));
        for (var q = 0; q < runs.length; q++) {
          for (var at = token.indexOf(runs[q]); at >= 0; at = token.indexOf(runs[q], at + runs[q].length)) {
            add(b, start + at, start + at + runs[q].length);
          }
        }
      }
    }
    if (!touched.length) return;
    var metadata = result.matchData.metadata, terms = Object.keys(metadata), positions = [];
    for (var t = 0; t < terms.length; t++) {
      var found = metadata[terms[t]][field];
      if (!found) continue;
      for (var p = 0; p < found.position.length; p++) {
        var position = found.position[p], block = position >>> 20;
        if (!ranges[block]) {
          if (positions.indexOf(position) < 0) positions.push(position);
          continue;
        }
        var entry = table[block][position & 0xfffff], from = entry >>> 12, to = from + (entry >>> 2 & 0x3ff);
        if (!containsAny(value.slice(from, to), runs)) add(block, from, to);  // another term's place
      }
      delete metadata[terms[t]][field];
    }
    for (var k = 0; k < touched.length; k++) {
      var rows = table[touched[k]], last = rows[own[touched[k]] - 1];
      var sorted = ranges[touched[k]].sort(function (x, y) { return x[0] - y[0] || y[1] - x[1]; });
      var merged = [];
      for (var m = 0; m < sorted.length; m++) {
        var top = merged[merged.length - 1];
        if (top && sorted[m][0] <= top[1]) top[1] = Math.max(top[1], sorted[m][1]);
        else merged.push(sorted[m].slice());
      }
      for (var n = 0; n < merged.length; n++) {
        rows.push(merged[n][0] << 12 | (merged[n][1] - merged[n][0]) << 2 | TEXT);
        positions.push(touched[k] << 20 | rows.length - 1);
      }
      rows.push(last);
    }
    metadata[terms[0]][field] = { position: positions };
  }

  // The index the worker builds itself, from the entries with their CJK terms.
  function own(builder, entries) {
    for (var i = 0; i < entries.length; i++) {
      lunr.Builder.prototype.add.call(builder, withCjkTerms(builder, entries[i].doc), entries[i].attributes);
    }
    return marking(lunr.Builder.prototype.build.call(builder), builder, tokenizer(builder, entries));
  }

  lunr.isms = function (builder) {
    // English rules as Material leaves them for the site's configuration (in lunr's order).
    builder.pipeline.reset();
    builder.searchPipeline.reset();
    if (ahead.pipeline.indexOf("stopWordFilter") >= 0) builder.pipeline.add(lunr.stopWordFilter);
    if (ahead.pipeline.indexOf("stemmer") >= 0) {
      builder.pipeline.add(lunr.stemmer);
      builder.searchPipeline.add(lunr.stemmer);
    }
    var entries = [];
    builder.add = function (doc, attributes) {
      entries.push({ doc: doc, attributes: attributes });
    };
    builder.build = function () {
      if (!ahead.refs) return own(builder, entries);  // mkdocs serve: no index was built ahead
      var different = difference(builder, entries);
      if (!different) return index(builder, entries);
      console.warn("isms-docs: the search index built ahead is not this site's (" + different + "); building it here");
      return own(builder, entries);
    };
  };
})(self.lunr);
