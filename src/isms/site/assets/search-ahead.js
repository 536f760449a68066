// isms-docs: the search index built with the site (search_ahead.py), for Material's search worker.
// The worker loads this file as the lunr language the site names ("isms") and calls lunr.isms with
// its index builder before it adds the site's entries. The builder then only remembers the entries,
// and returns the index built ahead instead of building one from every word. Where a term was found
// in an entry (Material highlights it) is worked out when the entry is first a result, with
// Material's own tokenizer. If the entries are not the ones the index was built from (a cached copy
// of one file and not the other), the builder builds as it would have.
(function (lunr) {
  var ahead = INDEX_AHEAD;
  var NO_METADATA = Object.freeze(Object.create(null));

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
    var byRef = Object.create(null);
    for (var e = 0; e < entries.length; e++) byRef[refs[e]] = entries[e].doc;
    var found = Object.create(null);

    // The places of every term in one field of one entry, as the worker would have kept them.
    function places(ref, field) {
      var key = ref + "\n" + field;
      if (found[key]) return found[key];
      var spec = builder._fields[field], doc = byRef[ref];
      var value = spec.extractor ? spec.extractor(doc) : doc[field];
      var byTerm = Object.create(null);
      if (value !== undefined) {
        var tokens = builder.pipeline.run(builder.tokenizer(value, { fields: [field] }));
        for (var i = 0; i < tokens.length; i++) {
          var term = tokens[i].toString();
          (byTerm[term] || (byTerm[term] = [])).push(tokens[i].metadata.position);
        }
      }
      return (found[key] = byTerm);
    }

    built.search = function (query) {
      var results = lunr.Index.prototype.search.call(this, query);
      for (var r = 0; r < results.length; r++) {
        var metadata = results[r].matchData.metadata;
        for (var term in metadata) {
          for (var field in metadata[term]) {
            // A new object: lunr may hand out the index's own (empty) one here.
            metadata[term][field] = { position: (places(results[r].ref, field)[term] || []).slice() };
          }
        }
      }
      return results;
    };
    return built;
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
      var different = difference(builder, entries);
      if (!different) return index(builder, entries);
      console.warn("isms-docs: the search index built ahead is not this site's (" + different + "); building it here");
      for (var i = 0; i < entries.length; i++) {
        lunr.Builder.prototype.add.call(builder, entries[i].doc, entries[i].attributes);
      }
      return lunr.Builder.prototype.build.call(builder);
    };
  };
})(self.lunr);
