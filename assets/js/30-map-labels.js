/*
 * Names on the map: the year's territories, and the rivers, written where they collide
 * with nothing. Each territory's name goes inside its area if it fits there, else
 * beside it; rivers are named near a point of their course. A name is placed only
 * where it overlaps no other name and no event of the year, inside the map; one that
 * finds no such place is left out (hovering its area still names it).
 */
(function () {
    "use strict";

    var A = window.atlas;
    var GAP = 4;

    function overlaps(a, b, margin) {
        return a.x < b.x + b.w + margin && b.x < a.x + a.w + margin &&
            a.y < b.y + b.h + margin && b.y < a.y + a.h + margin;
    }

    function within(a, box) {
        return a.x >= box.x + 2 && a.y >= box.y + 2 &&
            a.x + a.w <= box.x + box.width - 2 && a.y + a.h <= box.y + box.height - 2;
    }

    /* Where a name may go, best first: inside (if the area holds it), then beside it,
       a little further out each round (a marker may stand on a small area). */
    function candidates(w, h, anchor, area) {
        var out = [];
        var cx = anchor[0] - w / 2, cy = anchor[1] - h / 2;
        if (!area || (w <= area.width * 0.92 && h <= area.height * 0.8)) { out.push([cx, cy]); }
        var a = area || {x: anchor[0] - 6, y: anchor[1] - 6, width: 12, height: 12};
        [GAP, GAP + 12, GAP + 22].forEach(function (g) {
            var right = a.x + a.width + g, left = a.x - g - w;
            var above = a.y - g - h, below = a.y + a.height + g;
            var midY = Math.min(Math.max(cy, a.y - h / 2), a.y + a.height - h / 2);
            var midX = Math.min(Math.max(cx, a.x - w / 2), a.x + a.width - w / 2);
            out.push([right, midY], [left, midY], [midX, above], [midX, below],
                     [right, a.y - h], [left, a.y - h], [right, a.y + a.height], [left, a.y + a.height]);
        });
        return out;
    }

    function label(layer, key, text, kind) {
        var el = layer.querySelector("[data-label='" + key + "']");
        if (!el) {
            el = document.createElement("div");
            el.className = "atlas-map-label atlas-map-label-" + kind;
            el.setAttribute("data-label", key);
            layer.appendChild(el);
        }
        if (el.textContent !== text) { el.textContent = text; }
        return el;
    }

    /* A name's size, measured once per text and page style (measuring forces a layout). */
    function size(el) {
        var key = el.textContent + "|" + document.documentElement.className + "|" + window.innerWidth;
        if (el.__atlasSizeKey !== key) {
            el.__atlasSizeKey = key;
            el.__atlasSize = [el.offsetWidth, el.offsetHeight];
        }
        return el.__atlasSize;
    }

    A.layoutLabels = function () {
        var n = A.mapNodes(), layer = A.overlay("map");
        if (!n || !layer || !A.page) { return; }
        var placed = [];
        var obstacles = (n.shown || []).filter(function (e) { return e.base; }).map(function (e) {
            var r = e.size / 2 + (e.id === A.state.selected ? 11 : 1);  // and the ring
            return {x: e.x - r, y: e.y - r, w: 2 * r, h: 2 * r, soft: e.layer === "past"};
        });
        var wanted = [];
        n.periods.forEach(function (p) {
            var t = A.page.territories.find(function (x) { return x.id === p.m.id; });
            if (!t) { return; }
            var box = p.shown && p.path ? p.path.getBBox() : null;
            wanted.push({key: "t-" + t.id, text: t.label, kind: "territory", show: p.shown,
                         anchor: A.project([t.lon, t.lat]), area: box,
                         size: box ? box.width * box.height : 0});
        });
        // small areas first: they have the fewest places to go
        wanted.sort(function (a, b) { return a.size - b.size; });
        A.page.rivers.forEach(function (r) {
            wanted.push({key: "r-" + r.id, text: r.label, kind: "river", show: true,
                         anchor: A.project([r.lon, r.lat]), area: null});
        });
        wanted.forEach(function (want) {
            var el = label(layer, want.key, want.text, want.kind);
            var spot = null;
            if (want.show && want.anchor && A.inView(want.anchor, n.box)) {
                el.style.display = "block";
                var wh = size(el), w = wh[0], h = wh[1];
                var options = candidates(w, h, want.anchor, want.area);
                for (var pass = 0; pass < 2 && !spot; pass++) {  // past events may be covered last
                    for (var i = 0; i < options.length && !spot; i++) {
                        var box = {x: options[i][0], y: options[i][1], w: w, h: h};
                        var free = within(box, n.box) &&
                            placed.every(function (q) { return !overlaps(box, q, 3); }) &&
                            obstacles.every(function (o) {
                                return (pass === 1 && o.soft) || !overlaps(box, o, 1);
                            }) &&
                            !onOtherTerritory(box, want.key, n);
                        if (free) { spot = box; }
                    }
                }
            }
            if (spot) {
                placed.push(spot);
                el.style.transform = "translate(" + Math.round(spot.x) + "px," + Math.round(spot.y) + "px)";
                el.style.display = "block";
            } else {
                el.style.display = "none";
            }
        });
    };

    /* Whether a name's middle would sit on another territory of the year: the name of
       Manchukuo written over Mongolia would name the wrong place. */
    function onOtherTerritory(box, key, n) {
        var mid = [box.x + box.w / 2, box.y + box.h / 2];
        return n.periods.some(function (p) {
            if (!p.shown || !p.path || "t-" + p.m.id === key) { return false; }
            var pt = p.path.ownerSVGElement.createSVGPoint();
            pt.x = mid[0];
            pt.y = mid[1];
            return p.path.isPointInFill(pt);
        });
    }

    A.inView = function (xy, box) {
        return xy[0] >= box.x && xy[0] <= box.x + box.width && xy[1] >= box.y && xy[1] <= box.y + box.height;
    };
})();
