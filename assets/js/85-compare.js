/*
 * Two years compared (issue 24): `?compare=1950,1969`, the "compare with" picker, the
 * two years' own pickers and the key C. The server checks the pair and draws the two
 * maps (each drawn for its year: nothing to repaint here) and what changed
 * (dashboard/compare/); the page shows them in place of the map and the timeline
 * (the class atlas-comparing on <html>), keeps the two maps on one extent and zoom,
 * marks on each map the place under the pointer on the other, rings the selected
 * event where it is drawn, and writes the pair into the link (70-controls.js).
 * While comparing, ← and → step the later year, and Page Down / Page Up (a clicker)
 * walk the events in between; the rest of the page's keys work as ever.
 */
(function () {
    "use strict";

    var A = window.atlas;
    var MAPS = ["compare-map-a", "compare-map-b"];
    var words = null;
    var syncing = false;

    A.compare = null;  // "1950,1969" while two years are compared, else null

    function noUpdate() { return window.dash_clientside.no_update; }
    function pair() { return A.compare ? A.compare.split(",").map(Number) : null; }
    function years() { return A.page ? A.page.years : [1917, 1991]; }

    /* Ask for a pair (the server checks it and answers in the store "compare"); null:
       back to one map, at once. */
    A.askCompare = function (a, b) {
        if (a === null) {
            show(false);
            A.tellDash("compare-asked", {data: ""});
            return;
        }
        A.tellDash("compare-asked", {data: a + "," + b});
    };

    /* The year to compare the shown year with, when none is chosen: the first year of
       the next chapter (of the one before, from the last chapter). */
    function partner(year) {
        var picked = parseInt((document.getElementById("compare-with") || {}).value, 10);
        if (picked && picked !== year) { return picked; }
        var chapters = (A.page && A.page.chapters) || [];
        var at = chapters.findIndex(function (c) { return c.first <= year && year <= c.last; });
        var next = chapters[at + 1] || chapters[at - 1];
        var other = next ? next.first : (year < years()[1] ? years()[1] : years()[0]);
        return other === year ? (year > years()[0] ? year - 1 : year + 1) : other;
    }

    A.toggleCompare = function () {
        if (A.compare) { return A.askCompare(null); }
        if (A.state.year === null) { return; }
        A.askCompare(A.state.year, partner(A.state.year));
    };

    function show(on) {
        var root = document.documentElement, was = root.classList.contains("atlas-comparing");
        if (!on) { A.compare = null; }
        root.classList.toggle("atlas-comparing", on);
        if (A.state.year !== null && A.writeUrlSoon) { A.writeUrlSoon(); }
        if (was !== on) { window.dispatchEvent(new Event("resize")); }  // plots refit
    }

    function otherOf(gd) {
        var id = gd.closest("[id^='compare-map-']").id;
        return A.plot(MAPS[1 - MAPS.indexOf(id)]);
    }

    function subplot(gd) {
        var geo = gd && gd._fullLayout && gd._fullLayout.geo;
        var sub = geo && geo._subplot;
        return sub && typeof sub.projection === "function" ? sub : null;
    }

    /* The view both maps show (after a zoom or a pan), which a new pair keeps: Plotly
       keeps a view across a new figure only where the visitor made it by hand. */
    var view = null;
    function viewOf(gd) {
        var geo = gd._fullLayout.geo;
        return {"geo.projection.scale": geo.projection.scale,
                "geo.projection.rotation.lon": geo.projection.rotation.lon,
                "geo.center.lon": geo.center.lon, "geo.center.lat": geo.center.lat};
    }
    function sameView(a, b) {
        return Object.keys(a).every(function (k) { return Math.abs(a[k] - b[k]) < 1e-3; });
    }
    function keepView(gd) {
        if (!view || !subplot(gd) || sameView(viewOf(gd), view)) { return; }
        Promise.resolve(window.Plotly.relayout(gd, view)).then(drawRings);
    }

    /* Zooming or panning one map does the same to the other. */
    function follow(gd, change) {
        if (syncing) { return; }
        var geo = {};
        Object.keys(change || {}).forEach(function (k) {
            if (k.indexOf("geo") === 0) { geo[k] = change[k]; }
        });
        if (Object.keys(geo).length && subplot(gd)) { view = viewOf(gd); }
        var other = otherOf(gd);
        if (!other || !Object.keys(geo).length) { drawRings(); return; }
        syncing = true;
        Promise.resolve(window.Plotly.relayout(other, geo)).then(function () {
            syncing = false;
            drawRings();
        }, function () { syncing = false; });
    }

    function mark(gd, cls) {
        var layer = document.getElementById(gd.closest("[id^='compare-map-']").id + "-overlay");
        var el = layer && layer.querySelector("." + cls);
        if (layer && !el) {
            el = document.createElement("div");
            el.className = cls;
            layer.appendChild(el);
        }
        return el;
    }

    /* The place under the pointer on one map, marked on the other. */
    function pointAt(gd, e) {
        var other = otherOf(gd), sub = subplot(gd), otherSub = subplot(other);
        var el = other && mark(other, "atlas-compare-mark");
        if (!el || !sub || !otherSub) { return; }
        var box = gd.getBoundingClientRect();
        var lonlat = sub.projection.invert([e.clientX - box.left, e.clientY - box.top]);
        var xy = lonlat && otherSub.projection(lonlat);
        var inside = xy && xy[0] >= 0 && xy[1] >= 0 && xy[0] <= other.clientWidth && xy[1] <= other.clientHeight;
        el.style.display = inside ? "block" : "none";
        if (inside) { el.style.transform = "translate(" + xy[0] + "px," + xy[1] + "px)"; }
    }

    function leave(gd) {
        var other = otherOf(gd), el = other && mark(other, "atlas-compare-mark");
        if (el) { el.style.display = "none"; }
    }

    /* Whether the map draws the event (its figure holds only what its year shows). */
    function draws(gd, id) {
        return (gd.data || []).some(function (t) {
            return t.meta && t.meta.role === "events" && (t.customdata || []).indexOf(id) >= 0;
        });
    }

    /* The selected event, ringed on each map that draws it; and marked in the list. */
    function drawRings() {
        var id = A.state.selected, ev = id ? A.byId[id] : null;
        MAPS.forEach(function (mapId) {
            var gd = A.plot(mapId), sub = subplot(gd);
            if (!gd) { return; }
            var el = mark(gd, "atlas-compare-ring");
            var xy = ev && sub && draws(gd, id) ? sub.projection([ev.lon, ev.lat]) : null;
            el.style.display = xy ? "block" : "none";
            if (xy) { el.style.transform = "translate(" + xy[0] + "px," + xy[1] + "px)"; }
        });
        document.querySelectorAll("#compare-changes .atlas-compare-event").forEach(function (b) {
            if (b.dataset.event === id) { b.setAttribute("aria-current", "true"); } else { b.removeAttribute("aria-current"); }
        });
    }
    A.drawCompareRings = drawRings;

    var select = A.select;
    A.select = function () {
        var out = select.apply(this, arguments);
        if (A.compare) { drawRings(); }
        return out;
    };

    function choose(id) {
        if (!id || !A.byId[id]) { return; }
        A.select(id, {year: true});
        A.showDetailsOnNarrowScreens();
    }

    function hook(gd) {
        if (gd.__compareHooked) { return; }
        gd.__compareHooked = true;
        gd.on("plotly_relayout", function (change) { follow(gd, change); });
        gd.on("plotly_afterplot", function () {
            if (gd.data !== gd.__viewFor) {  // a new figure (a new pair), not a zoom
                gd.__viewFor = gd.data;
                keepView(gd);
            }
            drawRings();
        });
        gd.on("plotly_click", function (click) {
            var point = click && click.points && click.points[0];
            if (point && typeof point.customdata === "string") { choose(point.customdata); }
        });
        gd.addEventListener("mousemove", function (e) { pointAt(gd, e); });
        gd.addEventListener("mouseleave", function () { leave(gd); });
    }

    /* Once both maps are drawn (plotly.js waits for its basemap): hook them, and give
       the later one the earlier's view, so a new pair keeps the extent and zoom. */
    function whenDrawn() {
        var tries = 0;
        (function poll() {
            var gds = MAPS.map(A.plot);
            if (gds.every(function (gd) { return subplot(gd); })) {
                gds.forEach(hook);
                gds.forEach(function (gd) {
                    if (gd.data !== gd.__viewFor) { gd.__viewFor = gd.data; keepView(gd); }
                });
                drawRings();
                document.dispatchEvent(new CustomEvent("atlas-compared", {detail: {pair: A.compare}}));
                return;
            }
            if (A.compare && ++tries < 400) { window.setTimeout(poll, 25); }
        })();
    }

    /* ← and → step the later year; Page Down / Up walk the events in between; C. */
    var stepping = null;  // a later year asked by keys, sent once they pause
    function stepLater(by) {
        var p = pair(), from = stepping ? stepping.year : p[1], next = from + by;
        if (next === p[0]) { next += by; }
        if (next < years()[0] || next > years()[1]) { return; }
        window.clearTimeout(stepping && stepping.timer);
        stepping = {year: next, timer: window.setTimeout(function () {
            stepping = null;
            A.askCompare(p[0], next);
        }, 150)};
        var picker = document.getElementById("compare-b");
        if (picker) { picker.value = String(next); }  // at once, while the maps come
    }

    function walk(forward) {
        var list = Array.prototype.map.call(
            document.querySelectorAll("#compare-changes .atlas-compare-event"),
            function (b) { return b.dataset.event; });
        if (!list.length) { return false; }
        var at = list.indexOf(A.state.selected);
        var next = at < 0 ? list[forward ? 0 : list.length - 1] : list[at + (forward ? 1 : -1)];
        if (!next) { return true; }
        choose(next);
        var button = document.querySelector("#compare-changes [data-event='" + next + "']");
        if (button) { button.scrollIntoView({block: "nearest"}); }
        return true;
    }

    window.addEventListener("keydown", function (e) {
        if (!A.page || e.altKey || e.ctrlKey || e.metaKey || e.defaultPrevented) { return; }
        var target = e.target instanceof Element ? e.target : document.body;
        if (target.closest("input, textarea, select, [contenteditable]")) { return; }
        var done = true;
        if (e.code === "KeyC" || e.key === "c" || e.key === "C") {
            A.toggleCompare();
        } else if (!A.compare || target.closest("#year-slider")) {
            done = false;
        } else if (e.key === "ArrowLeft" || e.key === "ArrowRight") {
            stepLater(e.key === "ArrowRight" ? 1 : -1);
        } else if (e.key === "PageDown" || e.key === "PageUp") {
            done = walk(e.key === "PageDown");
        } else {
            done = false;
        }
        if (done) {
            e.preventDefault();
            e.stopImmediatePropagation();
        }
    }, true);

    document.addEventListener("change", function (e) {
        var id = e.target && e.target.id;
        if (id === "compare-with" && e.target.value) {
            var other = parseInt(e.target.value, 10);
            if (other !== A.state.year) { A.askCompare(A.state.year, other); }
        } else if (id === "compare-a" || id === "compare-b") {
            var a = document.getElementById("compare-a").value, b = document.getElementById("compare-b").value;
            A.askCompare(a, b);  // the server says if they are the same year
        }
    });

    document.addEventListener("click", function (e) {
        var el = e.target instanceof Element ? e.target : null;
        if (!el) { return; }
        if (el.closest("#compare-close")) { A.askCompare(null); }
        if (el.closest("#compare-png")) { A.exportCompare(); }
        var button = el.closest(".atlas-compare-event");
        if (button) { choose(button.dataset.event); }
    });

    /* Both maps as one picture, 1920×1080: each as Plotly draws it (the view as shown),
       side by side under the atlas's title, each under its year. */
    A.exportCompare = function () {
        var gds = MAPS.map(A.plot), p = pair();
        if (!p || !gds.every(subplot) || !words) { return Promise.resolve(null); }
        var W = 1920, H = 1080, head = 120, foot = 44, gap = 12;
        var w = (W - gap * 3) / 2, h = H - head - foot;
        var font = window.getComputedStyle(document.body).fontFamily;
        return Promise.all(gds.map(function (gd) {
            var layout = Object.assign({}, gd.layout, {width: w, height: h, margin: {l: 0, r: 0, t: 0, b: 0},
                                                       geo: Object.assign({}, gd.layout.geo, A.fillingGeo(gd, w, h))});
            return window.Plotly.toImage({data: gd.data, layout: layout, config: {topojsonURL: gd._context.topojsonURL}},
                                         {format: "png", width: w, height: h});
        })).then(function (urls) {
            return Promise.all(urls.map(function (url) {
                return new Promise(function (resolve, reject) {
                    var img = new Image();
                    img.onload = function () { resolve(img); };
                    img.onerror = reject;
                    img.src = url;
                });
            }));
        }).then(function (images) {
            var canvas = document.createElement("canvas");
            canvas.width = W;
            canvas.height = H;
            var ctx = canvas.getContext("2d");
            ctx.fillStyle = "#fff";
            ctx.fillRect(0, 0, W, H);
            ctx.fillStyle = "#111";
            ctx.textBaseline = "top";
            ctx.font = "bold 34px " + font;
            ctx.fillText(words.title + " · " + words.pair.replace("{a}", p[0]).replace("{b}", p[1]), gap, 14);
            ctx.textAlign = "center";
            ctx.font = "bold 44px " + font;
            images.forEach(function (img, k) {
                var x = gap + k * (w + gap);
                ctx.fillText(String(p[k]), x + w / 2, 62);
                ctx.drawImage(img, x, head, w, h);
                ctx.strokeStyle = "#555";
                ctx.strokeRect(x, head, w, h);
            });
            ctx.textAlign = "right";
            ctx.font = "18px " + font;
            ctx.fillText(words.attribution, W - gap, H - foot + 12);
            var url = canvas.toDataURL("image/png");
            var a = document.createElement("a");
            a.href = url;
            a.download = "atlas-compare-" + p[0] + "-" + p[1] + ".png";
            document.body.appendChild(a);
            a.click();
            a.remove();
            return url;
        });
    };

    window.dash_clientside = Object.assign({}, window.dash_clientside, {
        compare: {
            /* The link's ?compare= on arrival (or a link followed in the page): asked
               of the server; a link without it leaves a comparison. */
            fromLink: function (search) {
                var asked = new URLSearchParams(search || "").get("compare");
                if (asked !== null) { return asked; }
                return A.compare ? "" : noUpdate();
            },
            /* The pair the server drew (or none): shown, and kept in the link. */
            shown: function (data) {
                words = (data && data.words) || words;
                var on = !!(data && data.a && data.b);
                if (on) { A.compare = data.a + "," + data.b; }
                show(on);
                if (on) { whenDrawn(); }
                return noUpdate();
            }
        }
    });
})();
