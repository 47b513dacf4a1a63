/*
 * A year typed (issue 24): click the big year in the header, or type digits on the
 * focused slider; a field opens over the year, Enter goes to the year typed, Escape
 * (or leaving the field) keeps the year as it was. And the slider's value read out as
 * the year and its chapter (aria-valuetext), not the bare number.
 */
(function () {
    "use strict";

    var A = window.atlas;
    var field = null;
    var back = null;   // where the focus goes once the year is typed (the slider's thumb)

    function display() { return document.getElementById("year-display"); }
    function thumb() { return document.querySelector("#year-slider [role=slider]"); }

    function make() {
        if (field) { return field; }
        var holder = document.getElementById("search");
        field = document.createElement("input");
        field.id = "year-input";
        field.className = "atlas-year-input";
        field.type = "text";
        field.inputMode = "numeric";
        field.maxLength = 4;
        field.autocomplete = "off";
        field.hidden = true;
        field.setAttribute("aria-label", (holder && holder.dataset.yearLabel) || "Year");
        field.addEventListener("keydown", function (e) {
            if (e.key === "Enter") {
                e.preventDefault();
                go();
            } else if (e.key === "Escape") {
                e.preventDefault();
                shut(true);
            } else if (e.key.length === 1 && !/[0-9]/.test(e.key) && !e.ctrlKey && !e.metaKey) {
                e.preventDefault();  // a year is digits
            }
        });
        field.addEventListener("input", function () { field.removeAttribute("aria-invalid"); });
        field.addEventListener("blur", function () { shut(false); });
        document.body.appendChild(field);  // outside Dash's tree, over the year display
        return field;
    }

    /* Open the field over the year display, holding `text`. */
    A.typeYear = function (text, from) {
        var shown = display();
        if (!shown || !A.page) { return; }
        make();
        back = from || null;
        var box = shown.getBoundingClientRect();
        field.style.left = box.left + "px";
        field.style.top = box.top + "px";
        field.style.width = Math.max(box.width, 80) + "px";
        field.style.height = box.height + "px";
        field.value = text;
        field.hidden = false;
        field.focus();
        if (text === String(A.state.year)) { field.select(); } else {
            field.setSelectionRange(text.length, text.length);
        }
    };

    function shut(refocus) {
        if (!field || field.hidden) { return; }
        field.hidden = true;
        field.removeAttribute("aria-invalid");
        var to = back;
        back = null;
        if (refocus && to && document.contains(to)) { to.focus(); }
    }

    function go() {
        var year = parseInt(field.value, 10);
        var span = A.page.years;
        if (!/^\d{3,4}$/.test(field.value.trim()) || year < span[0] || year > span[1]) {
            field.setAttribute("aria-invalid", "true");
            return;
        }
        if (A.stopPlay) { A.stopPlay(); }
        A.setYear(year);
        var to = back || thumb();
        shut(false);
        if (to && document.contains(to)) { to.focus(); }
    }

    document.addEventListener("click", function (e) {
        var shown = e.target instanceof Element ? e.target.closest("#year-display") : null;
        if (shown) { A.typeYear(String(A.state.year), null); }
    });

    /* A digit on the focused slider starts a year. */
    document.addEventListener("keydown", function (e) {
        if (!/^[0-9]$/.test(e.key) || e.altKey || e.ctrlKey || e.metaKey) { return; }
        var target = e.target instanceof Element ? e.target.closest("#year-slider [role=slider]") : null;
        if (!target) { return; }
        e.preventDefault();
        e.stopPropagation();
        A.typeYear(e.key, target);
    }, true);

    /* The slider's thumb read as "1969, The split (1960-1969)"; again each time the
       page names the thumb (after a step, and when React draws a new thumb). */
    var nameSlider = A.nameSlider;
    A.nameSlider = function () {
        nameSlider();
        var t = thumb(), year = A.state.year;
        if (!t || !A.page || year === null) { return; }
        var chapter = A.chapterOf ? A.chapterOf(year) : null;
        var text = chapter ? year + ", " + chapter.title + " (" + chapter.first + "–" + chapter.last + ")" : String(year);
        if (t.getAttribute("aria-valuetext") !== text) { t.setAttribute("aria-valuetext", text); }
        var shown = display();
        if (shown && !shown.title && A.page.search && A.page.search.texts) {
            shown.title = A.page.search.texts.year_hint || "";
        }
    };
})();
