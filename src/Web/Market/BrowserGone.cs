using Microsoft.JSInterop;

namespace XpFlywheel.Web.Market;

/// <summary>
/// The failures a JS call meets when the browser leaves the page or closes its circuit: the connection is gone
/// (<see cref="JSDisconnectedException"/>) or the pending call was cancelled with the circuit
/// (<see cref="TaskCanceledException"/>). Expected on every navigation away from a chart, so they are not errors.
/// </summary>
public static class BrowserGone
{
    /// <summary>True for the exceptions that only mean the browser is no longer there.</summary>
    public static bool Is(Exception error) => error is JSDisconnectedException or OperationCanceledException;
}
