// The navigation drawer drawn over the page (below 960 px, MainLayout's responsive MudDrawer): Escape closes it, as a
// click on the dimmed page beside it does, and focus goes back to the button that opens it. A dialog or an open menu
// on top takes Escape itself. A script file: the Content-Security-Policy allows no inline script.
document.addEventListener('keydown', function (event) {
    if (event.key !== 'Escape' || event.defaultPrevented)
        return;
    var overlay = document.querySelector('.mud-drawer-overlay.mud-drawer-overlay--open');
    if (!overlay || document.querySelector('.mud-dialog-container, .mud-popover-open'))
        return;
    // MudBlazor's own handler for a click on the overlay closes the drawer and tells the layout.
    overlay.click();
    var toggle = document.querySelector('header [aria-label="Toggle navigation"]');
    if (toggle)
        toggle.focus();
});
