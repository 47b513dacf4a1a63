/*
 * The selected event: rung on both charts, framed on the map, named in the link.
 */
(function () {
    "use strict";

    var A = window.atlas;

    /* Select `id` (or nothing). opts.year: also show its year; opts.frame: bring it into
       the map's view if it is not well inside it (links, the tour, the clicker, the
       year's list and the timeline do; a click on the map does not need to). */
    A.select = function (id, opts) {
        opts = opts || {};
        var ev = id ? A.byId[id] : null;
        if (id && !ev) { return; }
        var changed = (id || null) !== A.state.selected;
        A.state.selected = id || null;
        document.documentElement.classList.toggle("atlas-selected", !!A.state.selected);
        if (ev && (opts.year || A.layerOf(ev) === null)) {
            A.setYear(ev.start, opts.from);
        }
        A.drawMapRing();
        A.drawTimelineRing();
        A.renderYearList();
        if (ev && opts.frame) { A.frame(ev); }
        if (changed && opts.from !== "dash") {
            A.tellDash("selected-event", {data: A.state.selected});
        }
        if (A.writeUrlSoon) { A.writeUrlSoon(); }
    };

    /* A year step lets go of an event that the new year no longer shows as its own,
       so that the link and the details do not keep an event of another year. */
    A.selectionEndsWith = function (year) {
        var ev = A.state.selected ? A.byId[A.state.selected] : null;
        if (ev && A.phase(ev.start, ev.end, year) !== "current") {
            A.state.selected = null;
            document.documentElement.classList.remove("atlas-selected");
            A.tellDash("selected-event", {data: null});
        }
    };

    /* The lon/lat spans the map shows now (after any zoom), read off its projection. */
    function spans(box) {
        var gd = A.plot("map"), sub = gd._fullLayout.geo._subplot, inv = sub.projection.invert;
        var midX = box.x + box.width / 2, midY = box.y + box.height / 2;
        var l = inv([box.x, midY]), r = inv([box.x + box.width, midY]);
        var t = inv([midX, box.y]), b = inv([midX, box.y + box.height]);
        var ok = [l, r, t, b].every(function (q) { return q && isFinite(q[0]) && isFinite(q[1]); });
        if (!ok || r[0] <= l[0]) {
            var geo = gd.layout.geo;
            return [geo.lonaxis.range[1] - geo.lonaxis.range[0], geo.lataxis.range[1] - geo.lataxis.range[0]];
        }
        return [r[0] - l[0], t[1] - b[1]];
    }

    /* Keep `ev` in view: if its marker is not well inside the map's view, centre a view
       of the same extent on it (one Plotly relayout of the map). */
    A.frame = function (ev) {
        var gd = A.plot("map"), n = A.mapNodes();
        if (!gd || !n) { return; }
        var xy = A.project([ev.lon, ev.lat]), box = n.box;
        var marginX = box.width * 0.12, marginY = box.height * 0.12;
        if (xy && xy[0] > box.x + marginX && xy[0] < box.x + box.width - marginX &&
                xy[1] > box.y + marginY && xy[1] < box.y + box.height - marginY) {
            return;
        }
        var span = spans(box), halfLon = span[0] / 2, halfLat = span[1] / 2;
        var lat = Math.min(Math.max(ev.lat, -90 + halfLat), 90 - halfLat);
        window.Plotly.relayout(gd, {
            "geo.lonaxis.range": [ev.lon - halfLon, ev.lon + halfLon],
            "geo.lataxis.range": [lat - halfLat, lat + halfLat],
            "geo.center.lon": ev.lon, "geo.center.lat": lat,
            "geo.projection.rotation.lon": ev.lon, "geo.projection.scale": 1
        });
    };

    /* After a zoom (the + and - buttons, the wheel), bring the selection back into view. */
    A.keepSelectionInView = function (change) {
        var zoomed = Object.keys(change || {}).some(function (k) { return k.indexOf("projection.scale") >= 0; });
        var ev = A.state.selected ? A.byId[A.state.selected] : null;
        if (zoomed && ev && A.layerOf(ev)) { A.frame(ev); }
    };
})();
