// The reader's display settings in the browser: the time zone and colour preference the server cannot see, and the
// cookies that carry the reader's choices to the next page the server renders.
export function zone() {
    try { return Intl.DateTimeFormat().resolvedOptions().timeZone || null; } catch { return null; }
}

export function systemDark() {
    return window.matchMedia('(prefers-color-scheme: dark)').matches;
}

export function remember(name, value) {
    document.cookie = `${name}=${encodeURIComponent(value)}; path=/; max-age=31536000; samesite=lax`;
}
