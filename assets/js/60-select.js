/*
 * The selected event: rung on both charts, framed on the map, named in the link.
 */
(function () {
    "use strict";

    var A = window.atlas;

    /* Select `id` (or nothing). opts.year: also show its year; opts.frame: bring it into
       the map's view if it is not well inside it (links, the tour, the clicker, the
       year's list and the timeline do; a click on the map does not need to). A tall
       timeline's box is scrolled to it however it was chosen. */
    A.select = function (id, opts) {
        opts = opts || {};
        var ev = id ? A.byId[id] : null;
        if (id && !ev) { return; }
        var changed = (id || null) !== A.state.selected;
        A.state.selected = id || null;
        document.documentElement.classList.toggle("atlas-selected", !!A.state.selected);
        /* show its year: asked for (an event of an earlier year clicked), or needed (a
           link naming an event of a later year than its own); an event that runs on into
           the shown year keeps it */
        var current = ev && A.phase(ev.start, ev.end, A.state.year) === "current";
        if (ev && !current && (opts.year || A.layerOf(ev) === null)) {
            A.setYear(ev.start, opts.from === "dash" && A.layerOf(ev) !== null ? "dash" : undefined);
        }
        A.drawMapRing();
        A.drawTimelineRing();
        A.renderYearList();
        if (A.writeCaption) { A.writeCaption(); }
        if (ev && opts.frame) { A.frame(ev); }
        if (ev) { A.timelineInSight(id); }
        if (changed && opts.from !== "dash") {
            A.tellYear();  // its year first, as a link would give both
            A.tellDash("selected-event", {data: A.state.selected});
        }
        if (A.writeUrlSoon) { A.writeUrlSoon(); }
    };

    /* On a phone the details are far below the map: the event chosen is shown in a
       sheet over the foot of the screen instead, the map left in view, with a button to
       the details (62-sheet.js). A tap on the event already chosen shows it again. */
    A.showDetailsOnNarrowScreens = function () {
        if (A.openSheet) { A.openSheet(); }
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

    /* The lon/lat spans the map shows now: its ranges, divided by any zoom since. */
    function spans(gd) {
        var geo = gd._fullLayout.geo, scale = geo.projection.scale || 1;
        return [(geo.lonaxis.range[1] - geo.lonaxis.range[0]) / scale,
                (geo.lataxis.range[1] - geo.lataxis.range[0]) / scale];
    }

    /* Keep `ev` in view: if its marker is not well inside the map's view, centre a view
       of the same extent on it (one Plotly relayout of the map). */
    A.frame = function (ev) {
        var gd = A.plot("map"), n = A.mapNodes();
        if (!gd || !n) { return; }
        var xy = A.project([ev.lon, ev.lat]), box = n.box;
        var marginX = box.width * 0.05, marginY = box.height * 0.06;
        if (xy && xy[0] > box.x + marginX && xy[0] < box.x + box.width - marginX &&
                xy[1] > box.y + marginY && xy[1] < box.y + box.height - marginY) {
            return;
        }
        var span = spans(gd), halfLon = Math.min(span[0] / 2, 179), halfLat = span[1] / 2;
        var lat = Math.min(Math.max(ev.lat, -85 + halfLat), 85 - halfLat);
        A.showView([ev.lon - halfLon, ev.lon + halfLon, lat - halfLat, lat + halfLat]);
    };

    /* After a zoom (the + and - buttons, the wheel), bring the selection back into view. */
    A.keepSelectionInView = function (change) {
        var zoomed = Object.keys(change || {}).some(function (k) { return k.indexOf("projection.scale") >= 0; });
        var ev = A.state.selected ? A.byId[A.state.selected] : null;
        if (zoomed && ev && A.layerOf(ev)) { A.frame(ev); }
    };
})();
