// The address the browser shows now. A link followed before the page's circuit connected is fetched as a plain
// page, so the circuit can start on the address the page was first loaded at; Routes compares the two once.
export function href() {
    return window.location.href;
}
