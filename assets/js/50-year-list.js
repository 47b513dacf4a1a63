/*
 * The year's events by name, beside the map: each a button that opens its details.
 * It is the map's text alternative (the names and markers drawn over the map are
 * hidden from screen readers), and follows the filters and the language. The chapter
 * of the year is marked in the chapter list.
 */
(function () {
    "use strict";

    var A = window.atlas;
    var drawnFor = null;
    var made = new WeakMap();  // each event's button, made once: a step reuses them

    function button(ev) {
        var b = made.get(ev);
        if (!b) {
            b = makeButton(ev);
            made.set(ev, b);
        }
        return b;
    }

    function makeButton(ev) {
        var b = document.createElement("button");
        b.type = "button";
        b.className = "atlas-year-event" + (ev.theirs ? " atlas-theirs" : "");
        b.setAttribute("data-event", ev.id);
        var glyph = document.createElement("span");
        glyph.className = "atlas-glyph";
        glyph.setAttribute("aria-hidden", "true");
        var category = A.categoryOf(ev);
        glyph.style.color = category.colour;
        glyph.textContent = category.glyph || "●";
        var title = document.createElement("span");
        title.className = "atlas-year-event-title";
        title.textContent = ev.title;
        var date = document.createElement("span");
        date.className = "atlas-year-event-date";
        date.textContent = ev.date;
        b.appendChild(glyph);
        b.appendChild(title);
        b.appendChild(date);
        return b;
    }

    A.yearEvents = function () {
        return A.events.filter(function (ev) { return A.layerOf(ev) === "current"; });
    };

    A.renderYearList = function () {
        var box = document.getElementById("year-events");
        if (!box || !A.page) { return; }
        var events = A.yearEvents(), texts = A.page.texts, year = A.state.year;
        // texts in the key: a change of language redraws the list even when the events stay
        var key = year + "|" + texts.in_year + "|" + events.map(function (ev) { return ev.id + ":" + ev.title; }).join(",");
        if (key !== drawnFor) {
            drawnFor = key;
            var heading = box.querySelector("h2");
            heading.textContent = texts.in_year.replace("{year}", year);
            var old = box.querySelector(".atlas-year-list");
            var list = document.createElement(events.length ? "ul" : "p");
            list.className = "atlas-year-list";
            if (events.length) {
                events.forEach(function (ev) {
                    var li = document.createElement("li");
                    li.appendChild(button(ev));
                    list.appendChild(li);
                });
            } else {
                list.textContent = texts.nothing_in_year.replace("{year}", year);
            }
            if (old) { box.replaceChild(list, old); } else { box.appendChild(list); }
        }
        var pressed = null, list = box.querySelector(".atlas-year-list");
        box.querySelectorAll("button[data-event]").forEach(function (b) {
            var on = b.getAttribute("data-event") === A.state.selected;
            b.setAttribute("aria-pressed", String(on));
            if (on) { pressed = b; }
        });
        if (pressed && list) {  // the selected one in view within the list, not the page
            var top = pressed.offsetTop, bottom = top + pressed.offsetHeight;
            if (top < list.scrollTop) { list.scrollTop = top; }
            if (bottom > list.scrollTop + list.clientHeight) { list.scrollTop = bottom - list.clientHeight; }
        }
        A.markChapter();
    };

    /* The chapter whose years hold the year, marked in the chapter list. */
    A.chapterOf = function (year) {
        return (A.page.chapters || []).find(function (c) { return c.first <= year && year <= c.last; });
    };

    A.markChapter = function () {
        var chapter = A.chapterOf(A.state.year);
        document.querySelectorAll(".atlas-chapters li").forEach(function (li) {
            var a = li.querySelector("a");
            var here = !!chapter && !!a && new URLSearchParams(a.getAttribute("href").split("?")[1] || "").get("chapter") === chapter.id;
            li.classList.toggle("atlas-current", here);
            if (a) {
                if (here) { a.setAttribute("aria-current", "true"); } else { a.removeAttribute("aria-current"); }
            }
        });
    };

    document.addEventListener("click", function (e) {
        var b = e.target instanceof Element ? e.target.closest("#year-events button[data-event]") : null;
        if (b) {
            A.select(b.getAttribute("data-event"), {frame: true});
            A.showDetailsOnNarrowScreens();
        }
    });
})();
