namespace XpFlywheel.Web.Components.Shared;

/// <summary>
/// Makes every submit validate afresh. A MudBlazor field clears its own error state when its value changes, while
/// the form still holds the same message; a second wrong value then sets the same <c>Error</c>/<c>ErrorText</c>
/// parameters as before, Blazor sees nothing new to pass down, and the field shows no message. Rendering the
/// cleared errors first makes the next message a change the field receives.
/// </summary>
public static class SubmitErrors
{
    /// <summary>
    /// Await after clearing a form's errors at the start of a submit handler: the handler yields, the component
    /// renders with no errors, and the handler continues to validate.
    /// </summary>
    public static async Task ShowClearedAsync() => await Task.Yield();
}
