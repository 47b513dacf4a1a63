/*
 * The atlas in the browser: one namespace, `window.atlas`, split over the files of
 * assets/js/ (Dash loads them in name order).
 *
 * The page answers a year step itself, within the frame: the map and the timeline are
 * drawn once by Plotly, and a step restyles the SVG that Plotly has drawn (every event
 * sits in two fixed layers, past and current; every outline once), slides the
 * timeline's year band, names the year's events, and only then tells Dash. Plotly's
 * figures are never patched for a year, a filter or a selection, because a Plotly
 * redraw of both figures is a long task; so the page also answers hover and click on
 * the map itself (20-map-pointer.js), from what the year shows, and draws the
 * selection ring, the names on the map and the pointer's label in a layer over each
 * plot. After any redraw that Plotly does on its own (zoom, resize, a visitor's
 * upload), the shown state is applied again.
 *
 * The rules here (phase, periodShown, basemapShown) mirror dashboard/atlas/years.py; the
 * browser tests compare the two.
 */
(function () {
    "use strict";

    var A = window.atlas = window.atlas || {};

    A.state = {
        year: null,
        theaters: null,    // a Set of shown theaters; null until Dash says
        categories: null,
        contestedOnly: false,  // only the events told from both sides (issue 23)
        selected: null,
        present: false
    };
    A.page = null;         // dashboard/page_data.page_data: names, chapters, words
    A.events = [];         // dashboard/page_data.event_index: every event in time order
    A.byId = {};

    /* The map's basemap, preloaded with the page (its <link data-basemap>), is handed
       to plotly.js as soon as it is in: plotly.js reads window.PlotlyGeoAssets before
       it fetches a topojson, so the first draw of the map runs in one go instead of
       waiting, half done, for a fetch behind Dash's other first work. If this fails,
       plotly.js fetches the file itself, as it would anyway. */
    (function handBasemapToPlotly() {
        var link = document.querySelector("link[data-basemap]");
        if (!link || !window.fetch) { return; }
        fetch(link.href).then(function (reply) {
            return reply.ok ? reply.json() : null;
        }).then(function (topojson) {
            if (!topojson) { return; }
            var assets = window.PlotlyGeoAssets = window.PlotlyGeoAssets || {topojson: {}};
            assets.topojson[link.dataset.basemap] = assets.topojson[link.dataset.basemap] || topojson;
        }).catch(function () { /* plotly.js fetches it itself */ });
    })();

    A.plot = function (id) { return document.querySelector("#" + id + " .js-plotly-plot"); };
    A.overlay = function (id) { return document.getElementById(id + "-overlay"); };
    A.pad = function (year) { return String(year).padStart(4, "0"); };
    A.clampYear = function (year) {
        var span = A.page ? A.page.years : [1917, 1991];
        return Math.min(span[1], Math.max(span[0], year));
    };

    A.phase = function (start, end, year) {
        if (start > year) { return "future"; }
        return year <= end ? "current" : "past";
    };
    A.periodShown = function (from, to, year) {
        return from <= A.pad(year) + "-12-31" && to >= A.pad(year) + "-01-01";
    };
    A.basemapShown = function (from, to, year) {
        var mid = A.pad(year) + "-07-01";
        return from <= mid && mid <= to;
    };
    /* Whether the filters show an event of this theater and category; `contested`:
       whether it is told from both sides, for the filter that shows only those. */
    A.filtered = function (theater, category, contested) {
        var s = A.state;
        return (!s.theaters || s.theaters.has(theater)) &&
            (!s.categories || category === undefined || s.categories.has(category)) &&
            (!s.contestedOnly || contested === true);
    };
    /* An event's category as the page names and draws it (colour, glyph), or {}. */
    A.categoryOf = function (ev) {
        return A.page.categories.find(function (c) { return c.id === ev.category; }) || {};
    };
    /* The layer ('current' or 'past') an event is drawn in this year, or null. */
    A.layerOf = function (ev) {
        var ph = A.phase(ev.start, ev.end, A.state.year);
        return ph !== "future" && A.filtered(ev.theater, ev.category, ev.contested) ? ph : null;
    };

    /* Every event's layer this year (by rank), worked out once for what a paint asks
       of it: the map, the year's list (at 2,000 events, ~1 ms a step). */
    var layersMemo = {};
    A.layers = function () {
        var s = A.state, m = layersMemo;
        if (m.events !== A.events || m.year !== s.year || m.theaters !== s.theaters ||
                m.categories !== s.categories || m.contestedOnly !== s.contestedOnly) {
            layersMemo = m = {events: A.events, year: s.year, theaters: s.theaters,
                              categories: s.categories, contestedOnly: s.contestedOnly,
                              list: A.events.map(A.layerOf)};
        }
        return m.list;
    };

    A.setEvents = function (events) {
        A.events = events || [];
        A.byId = {};
        A.events.forEach(function (ev, i) { ev.rank = i; A.byId[ev.id] = ev; });
    };

    /* A promise that settles in a task of its own, after what is queued now. */
    A.nextTask = function () {
        return new Promise(function (resolve) { window.setTimeout(resolve, 0); });
    };

    /* Run `fn` just after the next frame is drawn (in a task of its own): for work a
       step need not hold its frame for (telling Dash, the year's list). */
    A.afterFrame = function (fn) {
        window.requestAnimationFrame(function () { window.setTimeout(fn, 0); });
    };

    /* Tell Dash about a change the page made itself, so that its props (and the
       callbacks that read them) agree. */
    A.tellDash = function (id, props) {
        if (window.dash_clientside && window.dash_clientside.set_props) {
            window.dash_clientside.set_props(id, props);
        }
    };

    /* Paint everything the year shows: the map, the timeline's band and ring, the
       header, and (just after the frame) the year's list; then say so (tests and
       benchmarks listen). The map first: its names measure the areas (30-map-labels.js)
       before anything of the step is written, which would have to be laid out again to
       answer (~7 ms a step at 2,000 events); the timeline only writes. */
    A.paint = function () {
        if (!A.page || A.state.year === null) { return; }
        if (A.paintMap) { A.paintMap(); }
        if (A.paintTimeline) { A.paintTimeline(); }
        if (A.renderYearListSoon) { A.renderYearListSoon(); }
        if (A.nameSlider) { A.nameSlider(); }
        var shown = document.getElementById("year-display");
        if (shown) { shown.textContent = String(A.state.year); }
        document.dispatchEvent(new CustomEvent("atlas-painted", {detail: {year: A.state.year}}));
    };

    /* The one way a year changes: paint now, then tell Dash (unless Dash told us).
       `from`: "dash" (a prop Dash changed), "slider" (React moved the slider's thumb:
       perhaps the visitor, perhaps Dash, so the selection is left to `sync`), or the
       page's own keys and Play, which let go of an event the new year does not show. */
    A.setYear = function (year, from) {
        year = A.clampYear(year);
        if (year === A.state.year) { return; }
        A.state.year = year;
        if (from !== "dash" && from !== "slider" && A.selectionEndsWith) {
            A.selectionEndsWith(year);
        }
        A.paint();
        if (from !== "dash") {
            if (from !== "slider") { A.toldSlider = year; }
            tellYearSoon(from !== "slider");
        }
        if (A.writeUrlSoon) { A.writeUrlSoon(); }
    };

    /* Dash hears of a step just after the frame that shows it: telling it re-renders
       the slider and the header through React and runs its callbacks (5-10 ms), which
       need not hold back the map and the timeline; the slider's thumb follows a frame
       later. Steps faster than frames (a key held down) are told once, the last. Until
       then Dash's year is the one before: `sync` keeps the page's (A.yearUntold). */
    var untold = null;
    function tellYearSoon(slider) {
        var first = !untold;
        untold = {year: A.state.year, slider: slider || (!!untold && untold.slider)};
        if (first) {
            A.afterFrame(A.tellYear);
        }
    }
    A.yearUntold = function () { return !!untold; };
    /* Tell Dash the year now (also before telling it of a selection in that year). */
    A.tellYear = function () {
        var told = untold;
        untold = null;
        if (!told) { return; }
        if (told.slider) { A.tellDash("year-slider", {value: told.year}); }
        A.tellDash("year-display", {children: String(told.year)});
    };

    A.setFilters = function (theaters, categories) {
        A.state.theaters = new Set(theaters || []);
        A.state.categories = new Set(categories || []);
        A.paint();
    };
})();
