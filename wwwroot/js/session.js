// Signing out in one tab signs out the browser's other tabs of the app too. Their live pages keep the identity they
// were opened with until they reload, so a tab left open on a shared computer could still trade after "Log out".
// The sign-out answer leaves a short-lived cookie; the page it lands on tells the other tabs (BroadcastChannel, with
// a storage event where that is missing) and they reload, now without the sign-in cookie.
(function () {
    var marker = 'xpf-signed-out';
    var channel = 'BroadcastChannel' in window ? new BroadcastChannel('xpf-session') : null;
    var reload = function () { location.reload(); };
    if (channel) channel.onmessage = function (e) { if (e.data === marker) reload(); };
    window.addEventListener('storage', function (e) { if (e.key === marker && e.newValue) reload(); });
    if (('; ' + document.cookie).indexOf('; ' + marker + '=') >= 0) {
        document.cookie = marker + '=; path=/; max-age=0; samesite=lax';
        if (channel) channel.postMessage(marker);
        else {
            try { localStorage.setItem(marker, String(Date.now())); localStorage.removeItem(marker); } catch (e) { }
        }
    }
})();
