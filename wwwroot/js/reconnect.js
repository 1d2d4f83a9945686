// The reconnect display's buttons (App.razor): try to reconnect now, or resume a paused page; a reload when the server
// no longer has the session. A script file, not inline handlers: the Content-Security-Policy allows no inline script.
document.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('#components-reconnect-modal [data-reconnect]');
    if (!button || !window.Blazor)
        return;
    var attempt = button.getAttribute('data-reconnect') === 'resume' && Blazor.resumeCircuit ? Blazor.resumeCircuit() : Blazor.reconnect();
    Promise.resolve(attempt).then(function (ok) { if (ok === false) location.reload(); }, function () { location.reload(); });
});
