/*
 * The big map, for projecting (html.atlas-big-map): the map over most of the screen,
 * the year and the selected event written over its corner, the timeline folded to a
 * strip that still shows where the year is. The button, the key M and ?view=map turn it
 * on and off; the keys, the clicker and Play work as everywhere.
 */
(function () {
    "use strict";

    var A = window.atlas;
    A.state.bigMap = false;

    /* The caption over the map: the year; the selected event's title, date and first
       line, when one is selected. */
    A.writeCaption = function () {
        var box = document.getElementById("map-caption");
        if (!box || !A.state.bigMap) { return; }
        var ev = A.state.selected ? A.byId[A.state.selected] : null;
        box.textContent = "";
        A.captionRect = null;
        var year = document.createElement("div");
        year.className = "atlas-map-caption-year";
        year.textContent = String(A.state.year);
        box.appendChild(year);
        if (ev) {
            [["atlas-map-caption-title", ev.title], ["atlas-map-caption-date", ev.date],
             ["atlas-map-caption-line", ev.line]].forEach(function (part) {
                if (!part[1]) { return; }
                var el = document.createElement("div");
                el.className = part[0];
                el.textContent = part[1];
                box.appendChild(el);
            });
        }
        placeCaption(box);
    };

    /* The caption goes to the corner of the map where it hides the fewest of the year's
       markers (top left, bottom left, bottom right; the toolbar has the top right); the
       names and the edge markers keep clear of it (A.captionRect, in the plot's px). */
    var PAD = 10;
    function placeCaption(box) {
        var n = A.mapNodes(), gd = A.plot("map");
        if (!n || !gd) { return; }
        var w = box.offsetWidth, h = box.offsetHeight, f = n.box;
        var marks = (n.shown || []).filter(function (e) {
            return e.base && e.layer === "current" && A.inView([e.x, e.y], f);
        }).concat(n.offmap || []);
        var best = null;
        [[f.x + PAD, f.y + PAD], [f.x + PAD, f.y + f.height - h - PAD],
         [f.x + f.width - w - PAD, f.y + f.height - h - PAD]].forEach(function (at) {
            var hidden = marks.filter(function (e) {
                var r = e.size / 2 + 4;
                return e.x + r > at[0] && e.x - r < at[0] + w && e.y + r > at[1] && e.y - r < at[1] + h;
            }).length;
            if (!best || hidden < best.hidden) { best = {at: at, hidden: hidden}; }
        });
        var shift = gd.getBoundingClientRect(), host = box.parentNode.getBoundingClientRect();
        box.style.left = (best.at[0] + shift.left - host.left).toFixed(0) + "px";
        box.style.top = (best.at[1] + shift.top - host.top).toFixed(0) + "px";
        A.captionRect = {x: best.at[0], y: best.at[1], w: w, h: h};
    }

    /* On or off; the plots are drawn again for their new sizes (the map fitted to its
       new frame, 68-views.js; the timeline stacked for its strip). */
    A.setBigMap = function (on) {
        on = !!on;
        var root = document.documentElement, was = A.state.bigMap;
        A.state.bigMap = on;
        root.classList.toggle("atlas-big-map", on);
        syncButton();
        A.writeCaption();
        if (on !== was) {
            window.dispatchEvent(new Event("resize"));
            if (A.writeUrlSoon) { A.writeUrlSoon(); }
        }
    };

    document.addEventListener("click", function (e) {
        if (e.target instanceof Element && e.target.closest("#big-map-toggle")) {
            A.setBigMap(!A.state.bigMap);
        }
    });

    document.addEventListener("keydown", function (e) {
        if (e.altKey || e.ctrlKey || e.metaKey || e.defaultPrevented || (e.key !== "m" && e.key !== "M")) { return; }
        var target = e.target instanceof Element ? e.target : document.body;
        if (target.closest("input, textarea, select, [contenteditable]")) { return; }
        A.setBigMap(!A.state.bigMap);
        e.preventDefault();
    });

    /* the button's state and words: on a toggle, and after React has drawn it (a link
       may have turned the big map on before) */
    function syncButton() {
        var button = document.getElementById("big-map-toggle");
        if (!button) { return; }
        var pressed = A.state.bigMap ? "true" : "false";
        if (button.getAttribute("aria-pressed") !== pressed) { button.setAttribute("aria-pressed", pressed); }
        var text = A.page && (A.state.bigMap ? A.page.texts.leave_big_map : A.page.texts.big_map);
        if (text && button.textContent !== text) { button.textContent = text; }
    }

    document.addEventListener("atlas-painted", function () {
        syncButton();
        A.writeCaption();
    });
    if (document.fonts && document.fonts.addEventListener) {  // a late font changes its size
        document.fonts.addEventListener("loadingdone", function () { A.writeCaption(); });
    }
    document.addEventListener("DOMContentLoaded", function () {
        if (new URLSearchParams(window.location.search).get("view") === "map") {
            A.state.bigMap = true;  // before the first draw, so that the map is drawn big
            document.documentElement.classList.add("atlas-big-map");
        }
    });
})();
