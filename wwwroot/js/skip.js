// Skip links ("Skip to main content", "Skip to the order ticket") move the keyboard focus to their target, not only the
// scroll position: Blazor takes over same-page links and scrolls without focusing, so the next Tab would start again
// at the top. Runs on the way down (capture), ahead of Blazor's own handler, for a click or an Enter on the link.
(function () {
    window.addEventListener('click', function (e) {
        var link = e.target instanceof Element ? e.target.closest('a.skip-link') : null;
        if (!link) return;
        var target = document.getElementById(link.getAttribute('href').slice(1));
        if (!target) return;
        e.preventDefault();
        e.stopPropagation();
        target.focus({ preventScroll: true });
        target.scrollIntoView({ block: 'start' });
    }, true);
})();
