/*
 * Search that moves time (issue 24): a box in the header that finds events, places,
 * people and territories in English, Chinese and Russian, under period and modern names
 * (Zhenbao, 珍宝岛, Даманский; Port Arthur, 旅顺, Порт-Артур; Urga, 库伦, Улан-Батор...).
 * Choosing a result shows its year, frames it on the map, rings it on the timeline and
 * opens its details (atlas.select). `/` goes to the box, Escape leaves it; the query
 * stays in the link (?q=, written by 70-controls.js's writeUrl from A.searchQuery).
 *
 * It all runs in the page: the index is MiniSearch (assets/vendor/minisearch.js, MIT;
 * its version below and in docs/developers.md), loaded once the map is up, built from
 * the events the page has (atlas.events: the shipped ones, a teacher's uploads and a
 * class set's) and the other names page_data sends (page.search: titles in the other
 * languages, places in every language and romanisation, the aliases of
 * dashboard/atlas/aliases.py). A keystroke asks nothing of the server.
 *
 * Chinese has no spaces: Chinese text is indexed by single characters and pairs of
 * characters, and a query's Chinese is looked up by its pairs and then checked as a
 * whole, so 宝岛 finds 珍宝岛. Latin and Cyrillic words are folded (case, accents, ё) and
 * found with one typo (words of four letters or more) and, the last word, as a prefix.
 */
(function () {
    "use strict";

    var A = window.atlas;
    var MINISEARCH = "7.2.0";  // assets/vendor/minisearch.js; its ?m= (cached for good)
    var MAX_QUERY = 100;       // characters of a query kept, from the box or a link
    var MAX_RESULTS = 8;
    var CHUNK = 25;            // documents indexed in one task
    var CJK = /[\u2e80-\u2fdf\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
    var CJK_RUNS = /[\u2e80-\u2fdf\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;
    var SPLIT = /[\s\p{P}\p{S}]+/u;

    var script = document.currentScript && document.currentScript.src;
    var library = null;        // the promise of MiniSearch
    var index = null;          // the MiniSearch index
    var ready = false;         // built once (until then, nothing found is not said)
    var indexed = new Map();   // id -> the text it was indexed with (to extend, and check CJK)
    var docs = new Map();      // id -> {id, kind, title, year, place, event}
    var results = [];
    var active = -1;
    var box = null, input = null, list = null, none = null, status = null;
    var returnFocus = null;
    var fromLink = false;      // a query a link carried, to list once the index is in

    /* The query a link carries: kept short and plain; it fills the box, shows the
       results, and selects nothing. */
    function clean(q) {
        return String(q || "").replace(/[\u0000-\u001f\u007f-\u009f]/g, " ").slice(0, MAX_QUERY);
    }
    A.searchBuilds = [];       // each build of the index (for bench/search.py)
    A.searchQuery = clean(new URLSearchParams(window.location.search).get("q")).trim();

    /* --- the text: folded alike for the index and the query --- */

    function fold(text) {
        return String(text || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
            .toLowerCase().replace(/ё/g, "е");
    }

    /* Words, and Chinese as characters and pairs (`query`: pairs only, from two on). */
    function tokens(text, query) {
        var out = [];
        fold(text).split(SPLIT).forEach(function (word) {
            if (!word) { return; }
            if (!CJK.test(word)) { out.push(word); return; }
            word.replace(CJK_RUNS, " ").split(" ").forEach(function (rest) { if (rest) { out.push(rest); } });
            (word.match(CJK_RUNS) || []).forEach(function (run) {
                var chars = Array.from(run);
                if (!query || chars.length === 1) { out.push.apply(out, chars); }
                for (var i = 0; i + 1 < chars.length; i++) { out.push(chars[i] + chars[i + 1]); }
            });
        });
        return out;
    }

    function loadLibrary() {
        if (window.MiniSearch) { return Promise.resolve(window.MiniSearch); }
        if (library) { return library; }
        library = new Promise(function (resolve, reject) {
            var tag = document.createElement("script");
            tag.src = new URL("../vendor/minisearch.js?m=" + MINISEARCH, script || window.location.href).href;
            tag.onload = function () { resolve(window.MiniSearch); };
            tag.onerror = function () { library = null; reject(new Error("minisearch")); };
            document.head.appendChild(tag);
        });
        return library;
    }

    /* --- the documents: every event, and territories no event names --- */

    function documents() {
        var search = A.searchData || {};
        var words = search.words || {};
        var out = A.events.map(function (ev) {
            return {
                id: ev.id, kind: "event", title: ev.title, place: ev.place || "",
                year: ev.start, event: ev.id,
                words: words[ev.id] || ev.place || "",
                years: ev.end !== ev.start ? ev.start + " " + ev.end : String(ev.start)
            };
        });
        (search.territories || []).forEach(function (t) {
            var drawn = (A.page.territories || []).find(function (d) { return d.id === t.id; }) || {};
            out.push({
                id: "territory:" + t.id, kind: "territory", title: t.title,
                place: (search.texts || {}).territory || "", year: t.year,
                lon: drawn.lon, lat: drawn.lat, words: t.words, years: String(t.year)
            });
        });
        return out;
    }

    function newIndex(MiniSearch) {
        return new MiniSearch({
            fields: ["title", "words", "years"],
            tokenize: function (text) { return tokens(text, false); },
            processTerm: function (term) { return term; },
            searchOptions: {
                boost: {title: 3, years: 1.5},
                combineWith: "AND",
                tokenize: function (text) { return tokens(text, true); },
                prefix: function (term, i, terms) { return i === terms.length - 1; },
                fuzzy: function (term) { return term.length >= 4 && !CJK.test(term) && !/^\d+$/.test(term) ? 1 : 0; }
            }
        });
    }

    /* Build the index, or bring it up to date with the page's events: a document whose
       text is unchanged stays, so an upload or a class set only adds its own. The
       documents go in by chunks, each its own task, so that building (2,000 rows of a
       teacher's file) never holds the page; builds follow one another. */
    var building = Promise.resolve();
    A.buildSearchIndex = function () {
        building = building.then(build).catch(function (e) { A.searchError = e; });  // no search
        return building;
    };

    function build() {
        if (!window.MiniSearch || !A.page) { return null; }
        var started = performance.now();
        index = index || newIndex(window.MiniSearch);
        var fresh = documents(), keep = new Set(), added = [];
        fresh.forEach(function (d) {
            var text = d.title + "\u0001" + d.words + "\u0001" + d.years;
            keep.add(d.id);
            d.folded = fold(text);
            docs.set(d.id, d);
            if (indexed.get(d.id) === text) { return; }
            if (indexed.has(d.id)) { index.discard(d.id); }
            indexed.set(d.id, text);
            added.push(d);
        });
        indexed.forEach(function (_, id) {
            if (!keep.has(id)) { index.discard(id); indexed.delete(id); docs.delete(id); }
        });
        var prepared = performance.now() - started, longest = prepared;
        var adding = added.reduce(function (chain, _, i) {
            if (i % CHUNK) { return chain; }
            return chain.then(A.nextTask).then(function () {
                var t0 = performance.now();
                index.addAll(added.slice(i, i + CHUNK));
                longest = Math.max(longest, performance.now() - t0);
            });
        }, Promise.resolve());
        return adding.then(function () {
            // bench/search.py: the whole build, its longest task, the documents added
            A.searchBuilds.push({ms: performance.now() - started, longest_task_ms: longest,
                                 added: added.length});
            ready = true;
            var asked = input && input.value.trim() &&
                (fromLink || !list.hidden || document.activeElement === input);
            if (asked) { run(false); }
            fromLink = false;
        });
    }

    function indexSoon() {
        loadLibrary().then(function () { A.buildSearchIndex(); }).catch(function () { /* no search */ });
    }

    /* The page's events changed (on arrival, an upload, a class set): index them too,
       once the page is idle (on arrival, after the map and the timeline are drawn: a
       teacher's 2,000 rows took ~30 ms of the page's first second), or at once when the
       box is used (its focus). */
    var setEvents = A.setEvents;
    A.setEvents = function (events) {
        setEvents(events);
        if (window.requestIdleCallback) {
            window.requestIdleCallback(indexSoon, {timeout: 3000});
        } else {
            window.setTimeout(indexSoon, 0);
        }
    };

    /* --- searching --- */

    A.search = function (query) {
        var q = clean(query).trim();
        if (!q || !index) { return []; }
        var runs = (fold(q).match(CJK_RUNS) || []);
        var found = index.search(q);
        if (runs.length) {  // Chinese: the pairs found, now the whole run, in order
            found = found.filter(function (r) {
                var text = docs.get(r.id).folded;
                return runs.every(function (run) { return text.indexOf(run) >= 0; });
            });
        }
        return found.slice(0, MAX_RESULTS).map(function (r) { return docs.get(r.id); });
    };

    function option(d, i) {
        var li = document.createElement("li");
        li.id = "search-option-" + i;
        li.className = "atlas-search-result";
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", i === active ? "true" : "false");
        li.dataset.index = String(i);
        [["atlas-search-year", String(d.year)], ["atlas-search-title", d.title],
         ["atlas-search-place", d.place]].forEach(function (part) {
            var span = document.createElement("span");
            span.className = part[0];
            span.textContent = part[1];
            li.appendChild(span);
        });
        return li;
    }

    /* The list is wider than the box: it starts under the box, and moves left if it
       would leave the screen. */
    function keepOnScreen(el) {
        el.style.left = "";
        var over = el.getBoundingClientRect().right - (document.documentElement.clientWidth - 8);
        if (over > 0) { el.style.left = -over + "px"; }
    }

    function texts() { return (A.searchData && A.searchData.texts) || {}; }

    function render(q) {
        list.textContent = "";
        results.forEach(function (d, i) { list.appendChild(option(d, i)); });
        var open = !!q && results.length > 0;
        list.hidden = !open;
        input.setAttribute("aria-expanded", open ? "true" : "false");
        if (active >= 0) {
            input.setAttribute("aria-activedescendant", "search-option-" + active);
        } else {
            input.removeAttribute("aria-activedescendant");
        }
        if (open) { keepOnScreen(list); }
        var t = texts(), nothing = !!q && ready && !results.length;
        none.hidden = !nothing;
        none.textContent = nothing ? (t.none || "Nothing found for “{q}”.").replace("{q}", q) : "";
        if (nothing) { keepOnScreen(none); }
        status.textContent = q && ready ? (t.found || "{n} found").replace("{n}", String(results.length)) : "";
    }

    /* Search what the box holds and list it; within the keystroke's frame. */
    function run(fromKey) {
        var started = performance.now();
        var q = clean(input.value).trim();
        A.searchQuery = q;
        results = A.search(q);
        active = -1;
        render(q);
        if (fromKey !== false && A.writeUrlSoon) { A.writeUrlSoon(); }
        document.dispatchEvent(new CustomEvent("atlas-searched", {detail: {
            query: q, count: results.length, ms: performance.now() - started, ready: ready}}));
    }

    function close() {
        list.hidden = true;
        none.hidden = true;
        active = -1;
        input.setAttribute("aria-expanded", "false");
        input.removeAttribute("aria-activedescendant");
    }

    /* Show a result: its year on the slider, framed on the map, rung on the timeline,
       its details open; a territory no event names: its first year, framed. */
    A.chooseResult = function (d) {
        if (!d) { return; }
        if (A.stopPlay) { A.stopPlay(); }
        if (d.kind === "event") {
            A.select(d.event, {year: true, frame: true});
        } else {
            A.select(null);
            A.setYear(d.year);
            if (isFinite(d.lon) && isFinite(d.lat)) { A.frame({lon: d.lon, lat: d.lat}); }
        }
        close();
    };

    function move(by) {
        if (!results.length) { return; }
        if (list.hidden) { render(clean(input.value).trim()); }
        active = (active + by + results.length) % results.length;
        Array.prototype.forEach.call(list.querySelectorAll("[role=option]"), function (li, i) {
            li.setAttribute("aria-selected", i === active ? "true" : "false");
            if (i === active) { li.scrollIntoView({block: "nearest"}); }
        });
        input.setAttribute("aria-activedescendant", "search-option-" + active);
    }

    function leave() {
        close();
        var back = returnFocus;
        returnFocus = null;
        if (back && back !== input && document.contains(back) && back.focus) { back.focus(); } else { input.blur(); }
    }

    function onInputKey(e) {
        switch (e.key) {
        case "ArrowDown": move(1); break;
        case "ArrowUp": move(-1); break;
        case "Enter":
            if (!results.length) { run(); }
            A.chooseResult(results[active >= 0 ? active : 0]);
            break;
        case "Escape": leave(); break;
        default: return;
        }
        e.preventDefault();
    }

    /* --- the box: built in the header's placeholder (dashboard/page/search_box.py) --- */

    function buildBox(holder) {
        box = holder;
        box.__atlasSearch = true;
        var label = document.createElement("label");
        label.className = "visually-hidden";
        label.htmlFor = "search-input";
        label.textContent = box.dataset.label || "Search";
        input = document.createElement("input");
        input.id = "search-input";
        input.className = "form-control atlas-search-input";
        input.type = "search";
        input.placeholder = box.dataset.placeholder || "";
        input.maxLength = MAX_QUERY;
        input.autocomplete = "off";
        input.spellcheck = false;
        input.setAttribute("role", "combobox");
        input.setAttribute("aria-autocomplete", "list");
        input.setAttribute("aria-expanded", "false");
        input.setAttribute("aria-controls", "search-results");
        input.setAttribute("aria-keyshortcuts", "/");
        list = document.createElement("ul");
        list.id = "search-results";
        list.className = "atlas-search-results";
        list.setAttribute("role", "listbox");
        list.setAttribute("aria-label", box.dataset.label || "Search");
        list.hidden = true;
        none = document.createElement("p");
        none.className = "atlas-search-none";
        none.hidden = true;
        status = document.createElement("div");
        status.id = "search-status";
        status.className = "visually-hidden";
        status.setAttribute("role", "status");
        box.appendChild(label);
        box.appendChild(input);
        box.appendChild(list);
        box.appendChild(none);
        box.appendChild(status);
        input.value = A.searchQuery;
        input.addEventListener("input", function () { run(); });
        input.addEventListener("keydown", onInputKey);
        input.addEventListener("focus", function () {
            indexSoon();
            if (input.value.trim() && list.hidden) { run(false); }
        });
        /* a click (or a tap) on a result; mousedown keeps the focus in the box */
        list.addEventListener("mousedown", function (e) { e.preventDefault(); });
        list.addEventListener("click", function (e) {
            var li = e.target instanceof Element ? e.target.closest("[role=option]") : null;
            if (li) { A.chooseResult(results[parseInt(li.dataset.index, 10)]); }
        });
        if (A.searchQuery) { fromLink = true; indexSoon(); }
    }

    /* Dash renders the header after the page's scripts run: build the box when it is in. */
    function whenIn() {
        var holder = document.getElementById("search");
        if (holder && !holder.__atlasSearch) { buildBox(holder); return; }
        if (!holder) { window.setTimeout(whenIn, 30); }
    }
    whenIn();

    document.addEventListener("click", function (e) {
        if (box && list && e.target instanceof Element && !box.contains(e.target)) { close(); }
    });

    /* `/` anywhere but in a field goes to the box (Escape comes back). */
    document.addEventListener("keydown", function (e) {
        if (e.key !== "/" || e.altKey || e.ctrlKey || e.metaKey || !input) { return; }
        var target = e.target instanceof Element ? e.target : document.body;
        if (target.closest("input, textarea, select, [contenteditable]")) { return; }
        returnFocus = document.activeElement !== document.body ? document.activeElement : null;
        e.preventDefault();
        e.stopPropagation();
        input.focus();
        input.select();
    }, true);
})();
