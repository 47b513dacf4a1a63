/*
 * The timeline: its events stacked so that each can be seen, hovered and clicked on
 * its own; the year band slid to the year; the selection ring.
 *
 * Events of one lane that fall close in time are stacked across the lane, earliest
 * first, each at the first height where no other marker covers its middle. How close
 * is "close" depends on how many pixels a year takes, so the stacking is done in the
 * page, for the drawn axes, when the events are put in and when the width changes: the
 * places by 39-stacking.js (in a worker), the figure from them here. A lane gets the
 * height its stack needs; the lanes share the rest.
 */
(function () {
    "use strict";

    var A = window.atlas;
    var S = A.stacking;

    function laneCount(fig) { return (fig.layout.meta || {}).lanes || 1; }

    /* Markers and their lanes, positions in px (x) from the frame's axis; how far each
       one's symbol reaches (in radii) and the width of its outline that shows. */
    function markers(fig, xa) {
        var out = [];
        fig.data.forEach(function (trace, i) {
            if ((trace.meta || {}).role !== "events") { return; }
            var marker = trace.marker || {};
            var reach = S.REACH[String(marker.symbol || "circle").replace(/-open$/, "")] || Math.SQRT2;
            /* a white outline is not seen on the white plot; a coloured one (a teacher's
               open symbols) is part of the mark */
            var line = (marker.line || {}).color === "white" ? 0 : (marker.line || {}).width || 0;
            trace.x.forEach(function (x, j) {
                out.push({i: i, j: j, id: trace.customdata[j], lane: trace.meta.lane[j],
                          px: xa.l2p(xa.d2l(x)), reach: reach, line: line});
            });
        });
        return out;
    }

    /* The markers by lane, each lane in time order (by x, then by the data's rank):
       sorted once for every size tried. What the stacking reads of each lane (xs, reach,
       line, start, end) is plain arrays, for the worker (39-stacking.js). */
    function byLane(list, lanes) {
        var out = [];
        for (var k = 0; k < lanes; k++) { out.push([]); }
        list.forEach(function (m) { m.rank = (A.byId[m.id] || {}).rank; out[m.lane].push(m); });
        return out.map(function (ms) {
            ms.sort(function (a, b) { return a.px - b.px || a.rank - b.rank; });
            var ev = ms.map(function (m) { return A.byId[m.id] || {}; });
            return {ms: ms, xs: ms.map(function (m) { return m.px; }),
                    reach: ms.map(function (m) { return m.reach; }),
                    line: ms.map(function (m) { return m.line; }),
                    start: ev.map(function (e) { return e.start === undefined ? -Infinity : e.start; }),
                    end: ev.map(function (e) { return e.end === undefined ? Infinity : e.end; })};
        });
    }

    /* The whole timeline figure with its events stacked for the drawn frame `gd`: a
       promise of it, or of null when a newer stacking has been asked for since. */
    A.stackTimeline = function (fig, gd) {
        var xa = gd._fullLayout.xaxis, height = A.timelineRoom(gd);
        var lanes = laneCount(fig), list = markers(fig, xa), sorted = byLane(list, lanes);
        /* projector mode keeps its names at 18 px; elsewhere they may shrink to 15 px */
        var present = A.state.present, small = !present && height / lanes < S.LANE_MIN;
        var job = {height: height, laneMin: small ? S.LANE_MIN_SMALL : S.LANE_MIN,
                   lanes: sorted.map(function (lane) {
                       return {xs: lane.xs, reach: lane.reach, line: lane.line,
                               start: lane.start, end: lane.end, width: xa._length};
                   })};
        /* drawn taller only where it has its box (not in the big map's strip, which
           shows where the year is, nor while two years are compared, which hides it) */
        var box = gd.closest(".atlas-plot-box"), grows = !!(box && box.clientHeight) && !A.state.bigMap;
        var asked = {fig: fig, xa: xa, height: height, present: present, small: small,
                     sorted: sorted, list: list, grows: grows};
        return S.stack(job).then(function (chosen) { return chosen && stackedFigure(asked, chosen); });
    };

    /* The figure with the stacking's places: each marker's y (and x, when nudged), the
       lanes' heights, lines and names, the spans as bands. */
    function stackedFigure(asked, chosen) {
        var fig = asked.fig, xa = asked.xa, list = asked.list, lanes = asked.sorted.length;
        chosen.layout.placed.forEach(function (placed, k) {
            asked.sorted[k].ms.forEach(function (m, n) { m.off = placed.off[n]; m.dx = placed.dx[n]; });
        });
        var ext = chosen.layout.extents, extra = Math.max(0, chosen.layout.spare) / lanes;
        var top = 0, centres = [], bounds = [], ticks = [];
        ext.forEach(function (e) {
            var band = e.need + extra;
            centres.push(top + band / 2 - (e.hi + e.lo) / 2);
            ticks.push(top + band / 2);
            top += band;
            bounds.push(top);
        });
        var data = fig.data.map(function (t) { return Object.assign({}, t); });
        var yOf = {};
        list.forEach(function (m) {
            var t = data[m.i];
            if (t.y === fig.data[m.i].y) {
                t.y = t.y.slice();
                t.x = t.x.slice();
                /* Plotly draws one marker of the trace, which the page reads the
                   symbol and colours from and draws them all on a canvas (drawEvents);
                   hover and click stay Plotly's, from the data */
                t.marker = Object.assign({}, t.marker, {size: chosen.d, maxdisplayed: 1});
            }
            t.y[m.j] = centres[m.lane] + m.off;
            if (m.dx) { t.x[m.j] = xa.l2d(xa.p2l(m.px + m.dx)); }
            yOf[m.id] = t.y[m.j];
        });
        /* A span is drawn as the band a line of its width would be, each category's
           spans one filled path: as lines, Plotly drew each span as a path of its own
           (~700 at 2,000 events, a third of the timeline's drawing). The y axis is in
           px, so the band is exactly the line's width. */
        var half = Math.max(4, chosen.d / 2) / 2;
        data.forEach(function (t) {
            if ((t.meta || {}).role !== "spans") { return; }
            var x = [], y = [];
            t.meta.ids.forEach(function (id, k) {
                var from = t.x[3 * k], to = t.x[3 * k + 1], mid = yOf[id];
                x.push(from, to, to, from, null);
                y.push(mid - half, mid - half, mid + half, mid + half, null);
            });
            t.x = x;
            t.y = y;
            t.mode = "none";
            t.fill = "toself";
            t.fillcolor = (t.line || {}).color;
        });
        var lines = bounds.slice(0, -1).map(function (y) {
            return {type: "line", xref: "paper", x0: 0, x1: 1, yref: "y", y0: y, y1: y,
                    layer: "below", line: {color: "#D6D6D6", width: 1}};
        });
        var layout = Object.assign({}, fig.layout, {
            shapes: [fig.layout.shapes[0]].concat(lines),
            yaxis: Object.assign({}, fig.layout.yaxis, {
                range: [top, 0], tickvals: ticks,
                tickfont: Object.assign({}, fig.layout.yaxis.tickfont, {size: asked.small ? 15 : 18})
            })
        });
        layout.meta = Object.assign({}, fig.layout.meta, {
            stackedFor: [xa._length, asked.height, asked.present], marker: chosen.d,
            fits: chosen.layout.fits, apart: chosen.apart,
            tall: chosen.layout.fits || !asked.grows ? null : top
        });
        return {data: data, layout: layout};
    }

    /* The height the timeline's box offers its lanes (the plot's height less its
       margins): what the stacking is for, whether or not the plot is drawn taller. */
    A.timelineRoom = function (gd) {
        var box = gd.closest(".atlas-plot-box"), size = gd._fullLayout._size;
        return box && box.clientHeight ? box.clientHeight - size.t - size.b : gd._fullLayout.yaxis._length;
    };

    /* A stack too high for the box even with the smallest markers (a teacher's 2,000
       events on a 1366x768 screen): the plot is drawn as tall as the lanes need, every
       marker apart and every lane's name readable, and the box scrolls; else (and in
       the big map's strip) the plot fills the box. Plotly draws it again at its new
       size (dcc's graph follows its size). */
    A.fitTimelineBox = function (gd) {
        var tall = (gd.layout.meta || {}).tall, size = gd._fullLayout._size;
        var graph = gd.closest(".atlas-plot-box > div"), overlay = A.overlay("timeline");
        var height = tall ? Math.ceil(tall + size.t + size.b) + "px" : "";
        yearsInSight(gd, !!tall);
        if (!graph || graph.style.height === (height || "100%")) { return; }
        graph.style.height = height || "100%";
        graph.parentElement.classList.toggle("atlas-timeline-tall", !!tall);
        if (overlay) { overlay.style.height = height; }
        if (tall && A.state.selected) { A.timelineInSight(A.state.selected); }
    };

    /* A tall timeline's years at the foot of its box however far it is scrolled:
       Plotly's are at the foot of the plot, out of sight until the box is scrolled to
       its end. The strip (#timeline-years) follows the plot in the box, as tall as the
       plot's bottom margin and pulled up over it, and is kept at the box's foot by
       `position: sticky`: scrolled to the end, it lies where Plotly's labels are (hidden
       while it shows). Its labels are Plotly's, at Plotly's places. */
    function yearsInSight(gd, tall) {
        var strip = document.getElementById("timeline-years");
        if (!strip) { return; }
        strip.hidden = !tall;
        if (!tall) { return; }
        var full = gd._fullLayout, xa = full.xaxis, font = xa.tickfont, b = full._size.b;
        strip.style.height = b + "px";
        strip.style.marginTop = -b + "px";
        strip.style.font = font.size + "px " + font.family;
        strip.style.color = font.color;
        strip.replaceChildren.apply(strip, (xa._vals || []).map(function (tick) {
            var label = document.createElement("span");
            label.textContent = tick.text;
            label.style.left = (xa._offset + xa.l2p(tick.x)).toFixed(1) + "px";
            return label;
        }));
    }

    /* Slide the drawn year band from the figure's year to the shown one. */
    A.paintTimeline = function () {
        var gd = A.plot("timeline");
        if (!gd || !gd._fullLayout || !gd._fullLayout.shapes) { return; }
        A.markTimeline(gd);
        var band = gd.querySelector(".shapelayer path[data-index='0']");
        var xa = gd._fullLayout.xaxis, drawnAt = gd._fullLayout.shapes[0].x0;
        if (band) {
            var dx = xa.l2p(xa.d2l(A.pad(A.state.year) + "-01-01")) - xa.l2p(xa.d2l(drawnAt));
            band.setAttribute("transform", "translate(" + dx.toFixed(2) + ",0)");
        }
        A.drawTimelineRing();
    };

    /* The events on a canvas over the spans (05-marker-canvas.js): as 2,000 SVG nodes,
       Plotly's drawing of them held the page for ~0.2 s after the map was drawn, and
       each year step repainted them all under the moving band (issue 25). Plotly keeps
       one node a trace, hidden, to read its marker from, and answers hover and click
       from its data as before. While only the contested events are shown (issue 23),
       every other marker and the spans are faded. The canvas keeps what it drew
       (`drawn`: id, place in px within the plot, symbol path, opacity), for tests. */
    function drawEvents(gd, only) {
        var layer = gd.querySelector(".cartesianlayer .scatterlayer");
        if (!layer) { return; }
        var xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis, drawn = [];
        var canvas = A.layerCanvas(layer, null, "atlas-timeline-events", xa._length, ya._length);
        var ctx = canvas.getContext("2d");
        layer.querySelectorAll("g.trace").forEach(function (g) {
            var cd = g.__data__, trace = cd && cd[0] && cd[0].trace, m = (trace && trace.meta) || {};
            if (m.role === "spans") {  // Plotly gives the group the trace's opacity
                var opacity = String(only ? 0.25 : trace.opacity === undefined ? 1 : trace.opacity);
                if (g.style.opacity !== opacity) { g.style.opacity = opacity; }
            }
            if (m.role !== "events") { return; }
            var points = g.querySelector("g.points");
            if (!points) { return; }
            var sample = points.querySelector("path.point");
            if (sample) { g.__atlasStyle = A.markerStyle(sample); }
            var st = g.__atlasStyle;
            if (!st) { return; }  // not a symbol a canvas draws: Plotly's own node stays
            points.style.display = "none";
            cd.forEach(function (point, j) {
                var id = trace.customdata[j], ev = A.byId[id] || {};
                var x = xa.c2p(point.x), y = ya.c2p(point.y), alpha = only && !ev.contested ? 0.2 : 1;
                A.drawSprite(ctx, st, 1, x, y, alpha);
                drawn.push({id: id, x: x, y: y, d: st.d, alpha: alpha});
            });
        });
        canvas.drawn = drawn;
        gd.__atlasDrawn = {layout: gd._fullLayout, only: only, canvas: canvas};
    }

    /* Drawn in a task of its own just after Plotly's (~15 ms at 2,000 events, which made
       Plotly's drawing of the timeline the longest task after the map), once however
       often Plotly draws before it runs. */
    var drawSoon = null;
    function drawEventsSoon(gd) {
        if (drawSoon) { return; }
        drawSoon = window.setTimeout(function () {
            drawSoon = null;
            var was = gd.__atlasDrawn;
            if (!was || was.layout !== gd._fullLayout || !gd.contains(was.canvas)) {
                drawEvents(gd, A.state.contestedOnly);
            }
        }, 0);
    }

    /* Contested events (issue 23): their mark beside each marker, as on the map; and,
       while only they are shown, every other marker and the spans faded (the timeline
       keeps every event in place, so that the years stay where they were). The canvas
       is drawn again only after Plotly has drawn (just after) or when the filter
       changes (at once): a year step draws nothing on it. */
    A.markTimeline = function (gd) {
        var only = A.state.contestedOnly, marks = [], was = gd.__atlasDrawn;
        if (!was || was.layout !== gd._fullLayout || !gd.contains(was.canvas)) {
            drawEventsSoon(gd);
        } else if (was.only !== only) {
            drawEvents(gd, only);
        }
        A.events.forEach(function (ev) {
            if (!ev.contested) { return; }
            var at = A.timelineMarker(ev.id);
            if (at) { marks.push({x: at.x, y: at.y, size: Math.max(at.size, 12), faded: false}); }
        });
        if (A.drawContested) { A.drawContested(A.overlaySvg("timeline"), marks, gd._fullLayout); }
    };

    /* Where the timeline draws `id`'s marker, in px within the plot. */
    A.timelineMarker = function (id) {
        var gd = A.plot("timeline");
        if (!gd || !gd._fullLayout || !gd.data) { return null; }
        var xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
        for (var i = 0; i < gd.data.length; i++) {
            var t = gd.data[i];
            if ((t.meta || {}).role !== "events") { continue; }
            var j = t.customdata.indexOf(id);
            if (j >= 0) {
                return {x: xa._offset + xa.l2p(xa.d2l(t.x[j])), y: ya._offset + ya.l2p(t.y[j]),
                        size: (t.marker || {}).size || 14};
            }
        }
        return null;
    };

    /* Keep `id`'s marker in sight in a tall timeline's box (an event chosen in the
       year's list, on the map or by a key while the box shows other lanes): the box
       scrolls it to the middle of what it shows above the strip of years. */
    A.timelineInSight = function (id) {
        var gd = A.plot("timeline"), box = gd && gd.closest(".atlas-timeline-tall");
        var at = box && A.timelineMarker(id), strip = document.getElementById("timeline-years");
        if (!at) { return; }
        var seen = box.clientHeight - (strip && !strip.hidden ? strip.offsetHeight : 0);
        if (at.y - at.size < box.scrollTop || at.y + at.size > box.scrollTop + seen) {
            box.scrollTop = at.y - seen / 2;
        }
    };

    A.drawTimelineRing = function () {
        A.ringAt("timeline", A.state.selected ? A.timelineMarker(A.state.selected) : null, 6);
    };
})();
