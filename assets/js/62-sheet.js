/*
 * On a phone (narrower than 900 px) an event chosen on the map, the timeline or the
 * year's list is shown in a sheet over the foot of the screen: its title, its date, the
 * first sentence of its summary (page_data.summary_line), a button to the whole details
 * and one that closes it. The map stays in view above it; the details, far below the
 * map on a phone, are a tap away instead of a scroll down and back (issue 21).
 *
 * The sheet follows the selection: another event chosen shows that one; a year step
 * that lets go of the event, or Esc (which lets go of it, 70-controls.js), closes it.
 * A wider screen has the details beside the map, and no sheet.
 */
(function () {
    "use strict";

    var A = window.atlas;
    var NARROW = 900;     // px: below it the page is one column (atlas.css)
    var parts = null;     // the sheet's elements, made when it is first shown
    var showing = null;   // the id of the event shown, or null while closed

    function narrow() { return window.innerWidth < NARROW; }

    function el(tag, className, parent) {
        var node = document.createElement(tag);
        if (className) { node.className = className; }
        if (parent) { parent.appendChild(node); }
        return node;
    }

    function make() {
        var sheet = el("aside", "atlas-sheet");
        sheet.id = "atlas-sheet";
        sheet.hidden = true;
        sheet.setAttribute("aria-labelledby", "atlas-sheet-title");
        var close = el("button", "atlas-sheet-close", sheet);
        close.type = "button";
        close.textContent = "×";
        var title = el("h2", "atlas-sheet-title", sheet);
        title.id = "atlas-sheet-title";
        var glyph = el("span", "atlas-glyph", title);
        glyph.setAttribute("aria-hidden", "true");
        var name = el("span", "atlas-sheet-name", title);
        var date = el("p", "atlas-sheet-date", sheet);
        var line = el("p", "atlas-sheet-line", sheet);
        var details = el("button", "btn btn-dark atlas-sheet-details", sheet);
        details.type = "button";
        close.addEventListener("click", function () { A.closeSheet(); });
        details.addEventListener("click", function () {
            A.closeSheet();  // it would cover the details' foot
            var box = document.getElementById("details");
            if (box) { box.scrollIntoView({block: "start"}); }
        });
        document.body.appendChild(sheet);
        return {sheet: sheet, close: close, glyph: glyph, name: name, date: date, line: line,
                details: details};
    }

    function fill(ev) {
        var texts = A.page.texts, category = A.categoryOf(ev);
        parts.glyph.style.color = category.colour || "";
        parts.glyph.textContent = category.glyph || "●";
        parts.name.textContent = ev.title;
        parts.date.textContent = ev.date || "";
        parts.line.textContent = ev.line || "";
        parts.line.hidden = !ev.line;
        parts.details.textContent = texts.details || "Details";
        parts.close.setAttribute("aria-label", texts.close || "Close");
        parts.close.title = texts.close || "Close";
    }

    /* Where the chosen event is on the screen: its marker on the map and on the
       timeline, and its button in the year's list (client px, top and bottom). */
    function places(id) {
        var out = [], plot, at, box;
        plot = A.plot("map");
        at = plot && A.drawnMarker ? A.drawnMarker(id) : null;
        if (at) {
            box = plot.getBoundingClientRect();
            out.push({top: box.top + at.y - at.size / 2, bottom: box.top + at.y + at.size / 2});
        }
        plot = A.plot("timeline");
        at = plot ? A.timelineMarker(id) : null;
        if (at) {
            box = plot.getBoundingClientRect();
            out.push({top: box.top + at.y - at.size / 2, bottom: box.top + at.y + at.size / 2});
        }
        var button = document.querySelector("#year-events button[aria-pressed='true']");
        if (button) { out.push(button.getBoundingClientRect()); }
        return out;
    }

    /* If the event is in view nowhere but under the sheet (a marker low on the
       timeline), scroll the page just enough to show it above the sheet. */
    function keepInView(id) {
        /* the sheet's top once it is up (its box moves while it slides in) */
        var top = window.innerHeight - parts.sheet.offsetHeight, found = places(id);
        var clear = found.some(function (p) { return p.top >= 0 && p.bottom <= top - 4; });
        var under = found.filter(function (p) { return p.bottom > top - 4 && p.top < window.innerHeight; });
        if (!clear && under.length) {
            window.scrollBy(0, under[0].bottom - (top - 16));
        }
    }

    /* Show the selected event in the sheet (a phone only), or close it if none is. */
    A.openSheet = function () {
        var ev = A.state.selected ? A.byId[A.state.selected] : null;
        if (!ev || !A.page || !narrow()) { A.closeSheet(); return; }
        parts = parts || make();
        var was = showing;
        fill(ev);
        showing = ev.id;
        parts.sheet.hidden = false;
        var root = document.documentElement;
        root.classList.add("atlas-sheet-open");
        // the page's foot can scroll up from under the sheet
        root.style.setProperty("--atlas-sheet-height", parts.sheet.offsetHeight + "px");
        if (was !== showing) { keepInView(ev.id); }
    };

    A.closeSheet = function () {
        showing = null;
        if (parts) { parts.sheet.hidden = true; }
        document.documentElement.classList.remove("atlas-sheet-open");
    };

    /* The sheet follows the selection: a choice the page made (a tap, a key) opens it;
       one Dash made (a link, a tour step) changes it only if it is open. */
    var select = A.select;
    A.select = function (id, opts) {
        var out = select.apply(this, arguments);
        if (!A.state.selected) {
            A.closeSheet();
        } else if (showing || !(opts && opts.from === "dash")) {
            A.openSheet();
        }
        return out;
    };

    /* A year step that lets go of the event (a key, Play, the slider) closes it. */
    var endsWith = A.selectionEndsWith;
    A.selectionEndsWith = function (year) {
        endsWith.apply(this, arguments);
        if (showing && !A.state.selected) { A.closeSheet(); }
    };

    window.addEventListener("resize", function () {
        if (showing && !narrow()) { A.closeSheet(); }
    });
})();
