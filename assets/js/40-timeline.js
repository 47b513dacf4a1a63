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
       and triangles reach past their nominal size, hence more than half a diameter). */
    var TRIES = [[14, 1.05], [12, 1.05], [14, 0.8], [12, 0.8], [10, 1.05], [10, 0.8],
                 [14, 0.72], [12, 0.72], [10, 0.72], [8, 0.8], [8, 0.72]];
    var LANE_MIN = 22;                 // a lane is never lower than its name: 18 px text,
    var LANE_MIN_SMALL = 19;           // or 15 px text where 18 px lanes do not fit
    var PAD = 3;

    function laneCount(fig) { return (fig.layout.meta || {}).lanes || 1; }

    /* Places near its date for one marker, cheapest first: on the lane's middle line,
       then up or down a step at a time, or nudged sideways by up to one diameter. */
    function candidates(d, gap) {
        var out = [];
        for (var k = 0; k <= 24; k++) {
            [1, -1].forEach(function (sign) {
                if (k === 0 && sign < 0) { return; }
                [0, 0.5, -0.5, 1, -1].forEach(function (nudge) {
                    out.push({off: sign * k * gap * 0.5, dx: nudge * d,
                              cost: k + Math.abs(nudge) * 2.2 + (sign < 0 ? 0.01 : 0)});
                });
            });
        }
        return out.sort(function (a, b) { return a.cost - b.cost; });
    }

    /* Stack one lane's markers (sorted by date) at centre distance >= gap; within
       `room` px of the middle line where possible. Returns offsets and nudges. */
    function stackLane(xs, d, gap, room) {
        var placed = [], out = [], options = candidates(d, gap);
        xs.forEach(function (x) {
            var near = placed.filter(function (q) { return Math.abs(q.x - x) < gap + d; });
            var free = function (c) {
                return near.every(function (q) { return Math.hypot(q.x - x - c.dx, q.off - c.off) >= gap; });
            };
            var pick = options.find(function (c) { return Math.abs(c.off) <= room && free(c); }) ||
                options.find(free) || options[0];
            placed.push({x: x + pick.dx, off: pick.off});
            out.push(pick);
        });
        return out;
    }

    /* Markers and their lanes, positions in px (x) from the frame's axis. */
    function markers(fig, xa) {
        var out = [];
        fig.data.forEach(function (trace, i) {
            if ((trace.meta || {}).role !== "events") { return; }
            trace.x.forEach(function (x, j) {
                out.push({i: i, j: j, id: trace.customdata[j], lane: trace.meta.lane[j],
                          px: xa.l2p(xa.d2l(x))});
            });
        });
        return out;
    }

    function layoutFor(list, lanes, height, d, gap, laneMin) {
        var byLane = [];
        for (var k = 0; k < lanes; k++) { byLane.push([]); }
        list.forEach(function (m) { byLane[m.lane].push(m); });
        var room = Math.max(0, (laneMin - d) / 2 - PAD);
        var extents = byLane.map(function (ms) {
            ms.sort(function (a, b) { return a.px - b.px || (A.byId[a.id] || {}).rank - (A.byId[b.id] || {}).rank; });
            var picks = stackLane(ms.map(function (m) { return m.px; }), d, gap, room);
            ms.forEach(function (m, n) { m.off = picks[n].off; m.dx = picks[n].dx; });
            var offs = picks.map(function (p) { return p.off; }).concat([0]);
            var lo = Math.min.apply(null, offs), hi = Math.max.apply(null, offs);
            return {lo: lo, hi: hi, need: Math.max(laneMin, hi - lo + d + 2 * PAD)};
        });
        var need = extents.reduce(function (s, e) { return s + e.need; }, 0);
        return {extents: extents, fits: need <= height, spare: height - need};
    }

    /* The whole timeline figure with its events stacked for the drawn frame `gd`. */
    A.stackTimeline = function (fig, gd) {
        var xa = gd._fullLayout.xaxis, height = gd._fullLayout.yaxis._length;
        var lanes = laneCount(fig), list = markers(fig, xa), chosen = null;
        /* projector mode keeps its names at 18 px; elsewhere they may shrink to 15 px */
        var small = !A.state.present && height / lanes < LANE_MIN;
        var laneMin = small ? LANE_MIN_SMALL : LANE_MIN;
        for (var t = 0; t < TRIES.length && !chosen; t++) {
            var tried = layoutFor(list, lanes, height, TRIES[t][0], TRIES[t][0] * TRIES[t][1], laneMin);
            if (tried.fits) { chosen = {d: TRIES[t][0], layout: tried}; }
        }
        if (!chosen) {  // too crowded for this screen: small markers, middles still apart
            chosen = {d: 8, layout: layoutFor(list, lanes, height, 8, 8 * 0.72, laneMin)};
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
                t.marker = Object.assign({}, t.marker, {size: chosen.d});
            }
            t.y[m.j] = centres[m.lane] + m.off;
            if (m.dx) { t.x[m.j] = xa.l2d(xa.p2l(m.px + m.dx)); }
            yOf[m.id] = t.y[m.j];
        });
        data.forEach(function (t) {
            if ((t.meta || {}).role !== "spans") { return; }
            t.y = t.y.map(function (_, k) { return k % 3 === 2 ? null : yOf[t.meta.ids[Math.floor(k / 3)]]; });
            t.line = Object.assign({}, t.line, {width: Math.max(4, chosen.d / 2)});
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
            fits: chosen.layout.fits
        });
        return {data: data, layout: layout};
    };

    /* Slide the drawn year band from the figure's year to the shown one. */
    A.paintTimeline = function () {
        var gd = A.plot("timeline");
        if (!gd || !gd._fullLayout || !gd._fullLayout.shapes) { return; }
        var band = gd.querySelector(".shapelayer path[data-index='0']");
        var xa = gd._fullLayout.xaxis, drawnAt = gd._fullLayout.shapes[0].x0;
        if (band) {
            var dx = xa.l2p(xa.d2l(A.pad(A.state.year) + "-01-01")) - xa.l2p(xa.d2l(drawnAt));
            band.setAttribute("transform", "translate(" + dx.toFixed(2) + ",0)");
        }
        A.drawTimelineRing();
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
