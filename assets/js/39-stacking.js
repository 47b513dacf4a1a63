/*
 * The timeline's stacking (40-timeline.js says what it is for): where each marker of
 * each lane goes, and at what size, for the lanes' markers in px and the plot's height.
 *
 * Pure arithmetic on plain arrays, so that it runs in a Web Worker: this same file is
 * the worker's script. At 2,000 events the stacking is ~50 ms of script (~200 ms at 4x
 * CPU), a task of its own that held the page just after the map was drawn, and again at
 * each resize and at projector mode; in the worker it runs beside the page, which stays
 * free to answer. Where no worker can be made (or one fails), the page stacks itself,
 * with the same functions, and gets the same places.
 */
(function (scope) {
    "use strict";

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
    var TALL_SPAN = 120;               // and in a plot drawn as tall as its lanes need
    var NUDGES = [0, 0.5, -0.5, 1, -1];  // sideways, in diameters
    /* the one year's markers kept apart: at the same date four need to stand side by
       side more than within a diameter, or the lane grows past what the height has */
    var WIDE_NUDGES = NUDGES.concat([1.5, -1.5, 2, -2]);
    var SIDEWAYS = 1.2;  // what a diameter sideways costs them, against a level up or down

    /* Places near its date for one marker, cheapest first: on the lane's middle line,
       then up or down a step at a time, or nudged sideways by up to one diameter (two
       with WIDE_NUDGES). A place's level counts the half-gap steps from the middle line
       (signed). */
    function candidates(d, gap, nudges, sideways, span) {
        var out = [];
        for (var k = 0; k <= span; k++) {
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
    function stackLane(lane, d, gap, room, limit, apart, span) {
        var nudges = apart ? WIDE_NUDGES : NUDGES, most = apart ? 2 : 1;
        var xs = lane.xs, options = candidates(d, gap, nudges, apart ? SIDEWAYS : 2.2, span);
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
        var blocked = new Uint16Array(2 * span + 1), seen = new Int32Array(2 * span + 1).fill(-1);
        function blockedAt(n, x, c) {
            var at = c.level + span;
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
        /* a marker nudged past either end of the axis would be drawn where the plot
           answers no pointer (a file's first and last days) */
        function inside(x, c) { return x + c.dx >= 0 && x + c.dx <= lane.width; }
        for (var n = 0; n < xs.length; n++) {
            var x = xs[n], pick = null, k;
            for (k = 0; k < count && !pick; k++) {  // the cheapest free place within room
                taken[k] = 0;
                if (inRoom[k] && inside(x, options[k])) {
                    if (free(n, x, options[k])) { pick = options[k]; } else { taken[k] = 1; }
                }
            }
            for (k = 0; k < count && !pick; k++) {  // else the cheapest free place
                if (!taken[k] && inside(x, options[k]) && free(n, x, options[k])) { pick = options[k]; }
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

    /* The lanes stacked for marker size d and centre distance gap (each lane's
       offsets and nudges, in its markers' order), and whether they fit the height. With `quit`, a size that cannot fit stops as soon as that is certain
       (the lanes' needs only add up) and returns {fits: false} alone. */
    function layoutFor(sorted, height, d, gap, laneMin, quit, apart, span) {
        var room = Math.max(0, (laneMin - d) / 2 - PAD);
        var over = d + 2 * PAD - laneMin;   // a lane needs more than laneMin from a spread of -over
        var budget = height - laneMin * sorted.length, extents = [], placed = [];
        /* the most crowded lanes first: a size that cannot fit is found out soonest (a
           teacher's 2,000 events in their lane, after ten lanes of the atlas's) */
        var order = sorted.map(function (_, k) { return k; }).sort(function (a, b) {
            return sorted[b].xs.length - sorted[a].xs.length || a - b;
        });
        for (var o = 0; o < order.length; o++) {
            if (quit && budget < -1e-6) { return {fits: false}; }
            var k = order[o], lane = sorted[k];
            /* 1e-6: rounding is left to the exact sum below */
            var picks = stackLane(lane, d, gap, room, quit ? budget - over + 1e-6 : Infinity, apart,
                                  span);
            if (!picks) { return {fits: false}; }
            placed[k] = {off: picks.map(function (p) { return p.off; }),
                         dx: picks.map(function (p) { return p.dx; })};
            var lo = 0, hi = 0;
            picks.forEach(function (p) { lo = Math.min(lo, p.off); hi = Math.max(hi, p.off); });
            extents[k] = {lo: lo, hi: hi, need: Math.max(laneMin, hi - lo + d + 2 * PAD)};
            budget -= extents[k].need - laneMin;
        }
        var need = extents.reduce(function (s, e) { return s + e.need; }, 0);
        return {extents: extents, placed: placed, fits: need <= height, spare: height - need};
    }

    /* The first size that fits, else small markers with their middles still apart:
       {d, apart, layout}. `job`: {lanes: [{xs, reach, line, start, end, width}], height,
       laneMin}, in px (`width`: the axis's). */
    function stack(job) {
        var lanes = job.lanes, height = job.height, laneMin = job.laneMin;
        for (var t = 0; t < TRIES.length; t++) {
            var tried = layoutFor(lanes, height, TRIES[t][0], TRIES[t][0] * TRIES[t][1], laneMin,
                                  true, TRIES[t][2], SPAN);
            if (tried.fits) { return {d: TRIES[t][0], layout: tried, apart: TRIES[t][2]}; }
        }
        return {d: 8, layout: layoutFor(lanes, height, 8, 8 * 0.72, laneMin, false, false, TALL_SPAN),
                apart: false};
    }

    if (!scope.document) {  // the worker: one job a message, answered with its number
        scope.onmessage = function (message) {
            scope.postMessage({n: message.data.n, stacked: stack(message.data.job)});
        };
        return;
    }

    /* The page: a job goes to the worker (made for the first job, from this script's
       own URL) and comes back as a promise; the newest job wins, an older one's promise
       gives null. */
    var A = scope.atlas, url = document.currentScript && document.currentScript.src;
    var worker = null, tried = false, waiting = {}, sent = 0;
    function startWorker() {
        tried = true;
        try {
            worker = url && scope.Worker ? new scope.Worker(url) : null;
        } catch (e) {
            worker = null;  // a policy or a browser that refuses: the page stacks itself
        }
        if (!worker) { return; }
        worker.onmessage = function (message) {
            var n = message.data.n, job = waiting[n];
            delete waiting[n];
            if (job) { job.resolve(n === sent ? message.data.stacked : null); }
        };
        worker.onerror = function () {  // from now on the page stacks; the newest job here
            var jobs = waiting;
            worker = null;
            waiting = {};
            Object.keys(jobs).forEach(function (n) {
                if (Number(n) !== sent) { return jobs[n].resolve(null); }
                A.stacking.where = "page";
                jobs[n].resolve(stack(jobs[n].job));
            });
        };
    }

    /* The places of the last few jobs, kept in the browser's storage by a hash of the
       job and of this script's URL (its fingerprint changes with the file): a page
       loaded again (a class reloading it, the next lesson) stacks nothing, and the
       timeline is drawn ~50 ms sooner at 2,000 events (~200 ms at 4x CPU). Nothing of a
       visitor's is in it but where markers go; a browser that keeps nothing (a private
       window, a full or refused storage) stacks as before. */
    var KEPT = "atlas-stacking", KEEP = 4;
    function keyOf(job) {
        /* cyrb53's mixing (a public-domain 53-bit hash), over every number of the job */
        var h1 = 0xdeadbeef, h2 = 0x41c6ce57, bits = new Float64Array(1);
        var words = new Uint32Array(bits.buffer);
        function mix(x) {
            bits[0] = x;
            for (var w = 0; w < 2; w++) {
                h1 = Math.imul(h1 ^ words[w], 2654435761);
                h2 = Math.imul(h2 ^ words[w], 1597334677);
            }
        }
        mix(job.height);
        mix(job.laneMin);
        job.lanes.forEach(function (lane) {
            mix(lane.xs.length);
            mix(lane.width);
            ["xs", "reach", "line", "start", "end"].forEach(function (name) { lane[name].forEach(mix); });
        });
        h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
        h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
        return url + "#" + (4294967296 * (2097151 & h2) + (h1 >>> 0));
    }
    function kept() {
        try {
            return JSON.parse(scope.localStorage.getItem(KEPT)) || [];
        } catch (e) {
            return [];
        }
    }
    function recall(key) {
        var found = kept().filter(function (entry) { return entry.key === key; })[0];
        return found ? found.stacked : null;
    }
    function keep(key, stacked) {
        var entries = [{key: key, stacked: stacked}].concat(kept().filter(function (entry) {
            return entry.key !== key;
        })).slice(0, KEEP);
        try {
            scope.localStorage.setItem(KEPT, JSON.stringify(entries));
        } catch (e) {
            /* nothing kept: the next load stacks again */
        }
    }

    A.stacking = {
        REACH: REACH, LANE_MIN: LANE_MIN, LANE_MIN_SMALL: LANE_MIN_SMALL,
        /* where the last job was stacked: "worker", "page" or "kept" (for tests) */
        where: null,
        stack: function (job) {
            var n = ++sent, key = keyOf(job), found = recall(key);
            if (found) {
                A.stacking.where = "kept";
                return Promise.resolve(found);
            }
            if (!tried) { startWorker(); }
            var stacked;
            if (!worker) {
                A.stacking.where = "page";
                stacked = Promise.resolve(stack(job));
            } else {
                A.stacking.where = "worker";
                stacked = new Promise(function (resolve) {
                    waiting[n] = {job: job, resolve: resolve};
                    worker.postMessage({n: n, job: job});
                });
            }
            return stacked.then(function (result) {
                if (result) { keep(key, result); }
                return result;
            });
        }
    };
})(self);
