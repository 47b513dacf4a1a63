/*
 * The timeline: its events stacked so that each can be seen, hovered and clicked on
 * its own; the year band slid to the year; the selection ring.
 *
 * Events of one lane that fall close in time are stacked across the lane, earliest
 * first, each at the first height where no other marker covers its middle. How close
 * is "close" depends on how many pixels a year takes, so the stacking is done here, on
 * the drawn axes, when the events are put in (after the frame) and when the width
 * changes. A lane gets the height its stack needs; the lanes share the rest.
 */
(function () {
    "use strict";

    var A = window.atlas;
    /* [marker diameter px, centre distance in diameters] to try, best first: large and
       apart; then touching a little; then each marker's middle still uncovered (stars
       and triangles reach past their nominal size, hence more than half a diameter);
       last, for a teacher's file of a thousand or two events in one lane, 6 px. */
    var SIZES = [[14, 1.05], [12, 1.05], [14, 0.8], [12, 0.8], [10, 1.05], [10, 0.8],
                 [14, 0.72], [12, 0.72], [10, 0.72], [8, 0.8], [8, 0.72], [6, 0.8], [6, 0.72]];
    /* Each size first with the markers of one year kept apart (third: true), so that the
       year's own markers, drawn in the year band, never touch (issue 21); then, for a
       file too crowded for that, without. */
    var TRIES = SIZES.map(function (t) { return t.concat(true); })
        .concat(SIZES.map(function (t) { return t.concat(false); }));
    /* How far each of Plotly's symbols reaches from its middle, in marker radii (its
       path's farthest corner: plotly.js drawing/symbol_defs), for a size-d marker. */
    var REACH = {circle: 1, square: Math.SQRT2, diamond: 1.3, "triangle-up": 1.26,
                 pentagon: 1, hexagram: 1.32, star: 1.4};
    var LANE_MIN = 22;                 // a lane is never lower than its name: 18 px text,
    var LANE_MIN_SMALL = 19;           // or 15 px text where 18 px lanes do not fit
    var PAD = 3;
    var SPAN = 24;                     // levels up and down a marker may go
    var NUDGES = [0, 0.5, -0.5, 1, -1];  // sideways, in diameters
    /* the one year's markers kept apart: at the same date four need to stand side by
       side more than within a diameter, or the lane grows past what the height has */
    var WIDE_NUDGES = NUDGES.concat([1.5, -1.5, 2, -2]);
    var SIDEWAYS = 1.2;  // what a diameter sideways costs them, against a level up or down

    function laneCount(fig) { return (fig.layout.meta || {}).lanes || 1; }

    /* Places near its date for one marker, cheapest first: on the lane's middle line,
       then up or down a step at a time, or nudged sideways by up to one diameter (two
       with WIDE_NUDGES). A place's level counts the half-gap steps from the middle line
       (signed). */
    function candidates(d, gap, nudges, sideways) {
        var out = [];
        for (var k = 0; k <= SPAN; k++) {
            [1, -1].forEach(function (sign) {
                if (k === 0 && sign < 0) { return; }
                nudges.forEach(function (nudge, j) {
                    out.push({off: sign * k * gap * 0.5, dx: nudge * d, level: sign * k, nudge: j,
                              cost: k + Math.abs(nudge) * sideways + (sign < 0 ? 0.01 : 0)});
                });
            });
        }
        return out.sort(function (a, b) { return a.cost - b.cost; });
    }

    /* Stack one lane's markers (their x sorted, ascending) at centre distance >= gap;
       within `room` px of the middle line where possible. Returns offsets and nudges.
       With `apart`, two markers whose events can be shown in the same year (their years
       meet) are also kept clear of each other: their middles at least their reaches
       (shape, and an outline that shows) and a pixel apart, looked for on as many
       levels either side as that takes, and nudged up to two diameters sideways.

       One sweep from left to right: each marker takes the cheapest place that no marker
       already placed comes nearer to than `gap`. Only markers on its own level or two
       levels either side can (a level is half a gap), and only those placed from less
       than gap + 2 diameters to its left (a nudge moves a marker one diameter at most),
       so each level keeps its markers in the order placed and a check walks back from
       the last one until they are too far left: the cost grows with the markers, not
       with their square (a 2,000-event lane took seconds). The test is the same one as
       before (hypot < gap), on the same markers, so the places are the same.

       `limit`: the most the stack may spread across the lane (from its lowest offset to
       its highest, the middle line included); past it the sweep stops and returns null,
       as a size that cannot fit is not worth finishing. */
    function stackLane(lane, d, gap, room, limit, apart) {
        var nudges = apart ? WIDE_NUDGES : NUDGES, most = apart ? 2 : 1;
        var xs = lane.xs, options = candidates(d, gap, nudges, apart ? SIDEWAYS : 2.2);
        var count = options.length, out = [], levels = {};
        var radius = lane.reach.map(function (r, n) { return r * d / 2 + lane.line[n] / 2; });
        /* the farthest two markers must stand apart, and the levels that far either side */
        var far = apart ? Math.max(gap, 2 * Math.max.apply(null, radius.concat(0)) + 1) : gap;
        var wide = Math.max(2, Math.ceil(far / (gap / 2)));
        var lo = 0, hi = 0, reach = far + 2 * most * d;
        var inRoom = options.map(function (c) { return Math.abs(c.off) <= room; });
        var taken = new Uint8Array(count);  // a place found taken in the first pass
        /* A level's places (its nudges) are tested together, once a marker: which
           of them a marker already placed comes nearer to than `gap`. hypot is at least
           either side, so the sides are compared first, where most fail. */
        var blocked = new Uint16Array(2 * SPAN + 1), seen = new Int32Array(2 * SPAN + 1).fill(-1);
        function blockedAt(n, x, c) {
            var at = c.level + SPAN;
            if (seen[at] === n) { return blocked[at]; }
            var mask = 0;
            for (var l = c.level - wide; l <= c.level + wide; l++) {
                var row = levels[l], beyond = l < c.level - 2 || l > c.level + 2;
                for (var i = row ? row.length - 1 : -1; i >= 0; i--) {
                    var q = row[i];
                    if (q.from < x - reach) { break; }
                    var need = gap;  // the one year's markers apart; any two, middles apart
                    if (apart && lane.start[q.n] <= lane.end[n] && lane.start[n] <= lane.end[q.n]) {
                        need = Math.max(gap, radius[q.n] + radius[n] + 1);
                    } else if (beyond) {
                        continue;
                    }
                    var ax = q.x - x, dy = q.off - c.off;
                    if (ax < need + most * d && ax > -need - most * d && dy < need && dy > -need) {
                        for (var j = 0; j < nudges.length; j++) {
                            var dx = ax - nudges[j] * d;
                            if (dx < need && dx > -need && Math.hypot(dx, dy) < need) { mask |= 1 << j; }
                        }
                    }
                }
            }
            seen[at] = n;
            blocked[at] = mask;
            return mask;
        }
        function free(n, x, c) { return !(blockedAt(n, x, c) & (1 << c.nudge)); }
        for (var n = 0; n < xs.length; n++) {
            var x = xs[n], pick = null, k;
            for (k = 0; k < count && !pick; k++) {  // the cheapest free place within room
                taken[k] = 0;
                if (inRoom[k]) {
                    if (free(n, x, options[k])) { pick = options[k]; } else { taken[k] = 1; }
                }
            }
            for (k = 0; k < count && !pick; k++) {  // else the cheapest free place
                if (!taken[k] && free(n, x, options[k])) { pick = options[k]; }
            }
            pick = pick || options[0];
            (levels[pick.level] = levels[pick.level] || [])
                .push({x: x + pick.dx, off: pick.off, from: x, n: n});
            out.push(pick);
            lo = Math.min(lo, pick.off);
            hi = Math.max(hi, pick.off);
            if (hi - lo > limit) { return null; }
        }
        return out;
    }

    /* Markers and their lanes, positions in px (x) from the frame's axis; how far each
       one's symbol reaches (in radii) and the width of its outline that shows. */
    function markers(fig, xa) {
        var out = [];
        fig.data.forEach(function (trace, i) {
            if ((trace.meta || {}).role !== "events") { return; }
            var marker = trace.marker || {};
            var reach = REACH[String(marker.symbol || "circle").replace(/-open$/, "")] || Math.SQRT2;
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
       sorted once for every size tried. */
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

    /* The lanes stacked for marker size d and centre distance gap, and whether they fit
       the height. With `quit`, a size that cannot fit stops as soon as that is certain
       (the lanes' needs only add up) and returns {fits: false} alone. */
    function layoutFor(sorted, height, d, gap, laneMin, quit, apart) {
        var room = Math.max(0, (laneMin - d) / 2 - PAD);
        var over = d + 2 * PAD - laneMin;   // a lane needs more than laneMin from a spread of -over
        var budget = height - laneMin * sorted.length, extents = [];
        /* the most crowded lanes first: a size that cannot fit is found out soonest (a
           teacher's 2,000 events in their lane, after ten lanes of the atlas's) */
        var order = sorted.map(function (_, k) { return k; }).sort(function (a, b) {
            return sorted[b].xs.length - sorted[a].xs.length || a - b;
        });
        for (var o = 0; o < order.length; o++) {
            if (quit && budget < -1e-6) { return {fits: false}; }
            var k = order[o], lane = sorted[k];
            /* 1e-6: rounding is left to the exact sum below */
            var picks = stackLane(lane, d, gap, room, quit ? budget - over + 1e-6 : Infinity, apart);
            if (!picks) { return {fits: false}; }
            lane.ms.forEach(function (m, n) { m.off = picks[n].off; m.dx = picks[n].dx; });
            var lo = 0, hi = 0;
            picks.forEach(function (p) { lo = Math.min(lo, p.off); hi = Math.max(hi, p.off); });
            extents[k] = {lo: lo, hi: hi, need: Math.max(laneMin, hi - lo + d + 2 * PAD)};
            budget -= extents[k].need - laneMin;
        }
        var need = extents.reduce(function (s, e) { return s + e.need; }, 0);
        return {extents: extents, fits: need <= height, spare: height - need};
    }

    /* The whole timeline figure with its events stacked for the drawn frame `gd`. */
    A.stackTimeline = function (fig, gd) {
        var xa = gd._fullLayout.xaxis, height = gd._fullLayout.yaxis._length;
        var lanes = laneCount(fig), list = markers(fig, xa), chosen = null;
        var sorted = byLane(list, lanes);
        /* projector mode keeps its names at 18 px; elsewhere they may shrink to 15 px */
        var small = !A.state.present && height / lanes < LANE_MIN;
        var laneMin = small ? LANE_MIN_SMALL : LANE_MIN;
        for (var t = 0; t < TRIES.length && !chosen; t++) {
            var tried = layoutFor(sorted, height, TRIES[t][0], TRIES[t][0] * TRIES[t][1], laneMin, true,
                                  TRIES[t][2]);
            if (tried.fits) { chosen = {d: TRIES[t][0], layout: tried, apart: TRIES[t][2]}; }
        }
        if (!chosen) {  // too crowded for this screen: small markers, middles still apart
            chosen = {d: 8, layout: layoutFor(sorted, height, 8, 8 * 0.72, laneMin, false, false),
                      apart: false};
        }
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
                tickfont: Object.assign({}, fig.layout.yaxis.tickfont, {size: small ? 15 : 18})
            })
        });
        layout.meta = Object.assign({}, fig.layout.meta, {
            stackedFor: [xa._length, height, A.state.present], marker: chosen.d,
            fits: chosen.layout.fits, apart: chosen.apart
        });
        return {data: data, layout: layout};
    };

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

    /* Contested events (issue 23): their mark beside each marker, as on the map; and,
       while only they are shown, every other marker and the spans faded (the timeline
       keeps every event in place, so that the years stay where they were). The canvas
       is drawn again only after Plotly has drawn or when the filter changes: a year
       step draws nothing on it. */
    A.markTimeline = function (gd) {
        var only = A.state.contestedOnly, marks = [], was = gd.__atlasDrawn;
        if (!was || was.layout !== gd._fullLayout || was.only !== only || !gd.contains(was.canvas)) {
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

    A.drawTimelineRing = function () {
        A.ringAt("timeline", A.state.selected ? A.timelineMarker(A.state.selected) : null, 6);
    };
})();
