/*
 * The atlas's clientside callbacks (namespace `atlas`).
 *
 * A year step never goes to the server: the map and timeline figures arrive once, each
 * trace carrying in `meta` its role and its points' years (dashboard/figures.py), and a
 * year change returns a Patch of just the attributes that change. The figure prop stays
 * the one source of truth, so a Graph re-render can never undo a step. The rules here
 * mirror figures.event_phase, period_active and basemap_active; the browser tests
 * compare them.
 */
(function () {
    "use strict";

    function patch() { return new window.dash_clientside.Patch(); }

    /* Resolve once both charts have been drawn. plotly.js loads lazily, and a figure
       Patch that lands before a Graph's first draw is lost, so the first year a link
       asks for would not show. Later steps resolve at once. */
    function drawn() {
        var ready = function () {
            return ["map", "timeline"].every(function (id) {
                var gd = document.querySelector("#" + id + " .js-plotly-plot");
                return gd && gd._fullLayout;
            });
        };
        return new Promise(function (resolve) {
            (function poll() { return ready() ? resolve() : window.setTimeout(poll, 25); })();
        });
    }

    function phase(start, end, year) {
        if (start > year) { return "future"; }
        return year <= end ? "current" : "past";
    }

    function pad(year) { return String(year).padStart(4, "0"); }

    /* A Patch of the map figure for `year`: only the attributes a year changes. */
    function yearPatch(fig, year, theaters, categories) {
        var enabled = new Set(theaters || []);
        var shownCategories = new Set(categories || []);
        var style = fig.layout.meta.phase_style;
        var first = pad(year) + "-01-01", last = pad(year) + "-12-31", mid = pad(year) + "-07-01";
        var p = patch();
        fig.data.forEach(function (trace, i) {
            var m = trace.meta || {};
            if (m.role === "events") {
                var phases = m.start.map(function (s, j) { return phase(s, m.end[j], year); });
                p.assign(["data", i, "lat"], m.lat.map(function (lat, j) {
                    return phases[j] !== "future" && enabled.has(m.theater[j]) ? lat : null;
                }));
                p.assign(["data", i, "marker", "opacity"],
                         phases.map(function (ph) { return (style[ph] || style.past).opacity; }));
                p.assign(["data", i, "marker", "size"],
                         phases.map(function (ph) { return (style[ph] || style.past).size; }));
                p.assign(["data", i, "visible"], shownCategories.has(m.category));
            } else if (m.role === "shape") {
                var ph = phase(m.start, m.end, year);
                p.assign(["data", i, "visible"],
                         ph !== "future" && enabled.has(m.theater) && shownCategories.has(m.category));
                p.assign(["data", i, "opacity"], (style[ph] || style.past).shape_opacity);
            } else if (m.role === "period") {
                p.assign(["data", i, "visible"], m.from <= last && m.to >= first);
            } else if (m.role === "period-labels") {
                p.assign(["data", i, "lat"], m.lat.map(function (lat, j) {
                    return m.from[j] <= last && m.to[j] >= first ? lat : null;
                }));
            } else if (m.role === "basemap") {
                var keep = m.ids.map(function (_, j) { return m.from[j] <= mid && mid <= m.to[j]; });
                var pick = function (arr) { return arr.filter(function (_, j) { return keep[j]; }); };
                var locations = pick(m.ids);
                if (locations.join() !== (trace.locations || []).join()) {
                    p.assign(["data", i, "locations"], locations);
                    p.assign(["data", i, "z"], pick(m.z));
                    p.assign(["data", i, "text"], pick(m.text));
                }
            }
        });
        return p;
    }

    function findEvent(fig, id) {
        for (var i = 0; i < fig.data.length; i++) {
            var trace = fig.data[i], m = trace.meta || {};
            var j = m.role === "events" ? trace.customdata.indexOf(id) : -1;
            if (j >= 0) { return {lon: trace.lon[j], lat: m.lat[j], start: m.start[j]}; }
        }
        return null;
    }

    function findOnTimeline(fig, id) {
        for (var i = 0; i < fig.data.length; i++) {
            var trace = fig.data[i];
            var j = trace.customdata ? trace.customdata.indexOf(id) : -1;
            if (j >= 0) { return {x: trace.x[j], y: trace.y[j]}; }
        }
        return null;
    }

    /* Mirrors figures.stage_ranges: the stage's extent, centred on the event. */
    /* Mirrors figures.stage_ranges: keep the view if the event is well inside it,
       else centre a view of the same size on the event. */
    function centre(p, fig, at) {
        var geo = fig.layout.geo, lon = geo.lonaxis.range, lat = geo.lataxis.range;
        var halfLon = (lon[1] - lon[0]) / 2, halfLat = (lat[1] - lat[0]) / 2;
        if (Math.abs(at.lon - (lon[0] + halfLon)) < 0.8 * halfLon &&
                Math.abs(at.lat - (lat[0] + halfLat)) < 0.8 * halfLat) { return; }
        var mid = Math.min(Math.max(at.lat, -90 + halfLat), 90 - halfLat);
        p.assign(["layout", "geo", "lonaxis", "range"], [at.lon - halfLon, at.lon + halfLon]);
        p.assign(["layout", "geo", "lataxis", "range"], [mid - halfLat, mid + halfLat]);
    }

    function highlightIndex(fig) {
        return fig.data.findIndex(function (t) { return (t.meta || {}).role === "highlight"; });
    }

    function clickedId(click) {
        var point = click && click.points && click.points[0];
        return point && typeof point.customdata === "string" ? point.customdata : null;
    }

    var noUpdate = function () { return window.dash_clientside.no_update; };

    window.dash_clientside = Object.assign({}, window.dash_clientside, {
        atlas: {
            /* The one writer of both figures: patches for the year, the filters and the
               selection together. Two callbacks patching one figure in the same turn
               would race, and the later patch would undo the earlier. */
            paint: function (year, theaters, categories, selected, mapFig, timelineFig) {
                var trigger = ((window.dash_clientside.callback_context || {}).triggered || [])
                    .map(function (t) { return t.prop_id; });
                var m = yearPatch(mapFig, year, theaters, categories);
                var t = patch()
                    .assign(["layout", "shapes", 0, "x0"], pad(year) + "-01-01")
                    .assign(["layout", "shapes", 0, "x1"], pad(year) + "-12-31");
                var onMap = selected ? findEvent(mapFig, selected) : null;
                var onLine = selected ? findOnTimeline(timelineFig, selected) : null;
                var mi = highlightIndex(mapFig), ti = highlightIndex(timelineFig);
                m.assign(["data", mi, "lon"], onMap ? [onMap.lon] : []);
                m.assign(["data", mi, "lat"], onMap ? [onMap.lat] : []);
                t.assign(["data", ti, "x"], onLine ? [onLine.x] : []);
                t.assign(["data", ti, "y"], onLine ? [onLine.y] : []);
                if (onMap && trigger.indexOf("selected-event.data") >= 0) { centre(m, mapFig, onMap); }
                var result = [m.build(), t.build(), String(year)];
                return drawn().then(function () { return result; });
            },

            /* A click on either chart selects the event and moves the slider to its year. */
            select: function (mapClick, timelineClick, mapFig) {
                var trigger = (window.dash_clientside.callback_context.triggered[0] || {}).prop_id || "";
                var id = clickedId(trigger.indexOf("timeline") === 0 ? timelineClick : mapClick);
                var found = id ? findEvent(mapFig, id) : null;
                return found ? [id, found.start] : [noUpdate(), noUpdate()];
            },

            /* Keep the address bar on the current view, so a teacher can share the moment. */
            writeUrl: function (year, id) {
                var params = new URLSearchParams(window.location.search);
                params.set("year", String(year));
                if (id) { params.set("event", id); } else { params.delete("event"); }
                window.history.replaceState(null, "", "?" + params.toString());
            },

            togglePlay: function (clicks, disabled, year) {
                var starting = disabled !== false;
                var restart = starting && year >= 1991;
                return [!starting, starting ? "❚❚ Pause" : "▶ Play", restart ? 1917 : noUpdate()];
            },

            tick: function (ticks, year) {
                if (year >= 1991) { return [noUpdate(), true, "▶ Play"]; }
                return [year + 1, year + 1 >= 1991, year + 1 >= 1991 ? "▶ Play" : noUpdate()];
            }
        }
    });
})();
