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
        var year = document.createElement("div");
        year.className = "atlas-map-caption-year";
        year.textContent = String(A.state.year);
        box.appendChild(year);
        if (!ev) { return; }
        [["atlas-map-caption-title", ev.title], ["atlas-map-caption-date", ev.date],
         ["atlas-map-caption-line", ev.line]].forEach(function (part) {
            if (!part[1]) { return; }
            var el = document.createElement("div");
            el.className = part[0];
            el.textContent = part[1];
            box.appendChild(el);
        });
    };

    /* On or off; the plots are drawn again for their new sizes (the map fitted to its
       new frame, 68-views.js; the timeline stacked for its strip). */
    A.setBigMap = function (on) {
        on = !!on;
        var root = document.documentElement, was = A.state.bigMap;
        A.state.bigMap = on;
        root.classList.toggle("atlas-big-map", on);
        var button = document.getElementById("big-map-toggle");
        if (button) {
            button.setAttribute("aria-pressed", on ? "true" : "false");
            if (A.page) { button.textContent = on ? A.page.texts.leave_big_map : A.page.texts.big_map; }
        }
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

    /* the button, drawn by React after a link turned the big map on */
    function syncButton() {
        var button = document.getElementById("big-map-toggle");
        if (!button || !A.page) { return; }
        var pressed = A.state.bigMap ? "true" : "false";
        if (button.getAttribute("aria-pressed") !== pressed) {
            button.setAttribute("aria-pressed", pressed);
            button.textContent = A.state.bigMap ? A.page.texts.leave_big_map : A.page.texts.big_map;
        }
    }

    document.addEventListener("atlas-painted", function () {
        syncButton();
        A.writeCaption();
    });
    document.addEventListener("DOMContentLoaded", function () {
        if (new URLSearchParams(window.location.search).get("view") === "map") {
            A.state.bigMap = true;  // before the first draw, so that the map is drawn big
            document.documentElement.classList.add("atlas-big-map");
        }
    });
})();
