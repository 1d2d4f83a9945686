namespace XpFlywheel.Web.Components.Shared;

/// <summary>
/// The idempotency key of one filling-in of a form: every submission of the same filling-in carries the same key, so
/// a double click (or a retry after a dropped connection) applies once and shows the first outcome; a new key is
/// drawn after a success, so the next, deliberate submission is a new command. A refused submission keeps its key:
/// refusals do not consume keys, so the corrected form can go again under it.
/// </summary>
public sealed class FormKey
{
    /// <summary>The key for the current filling-in: "form-" and 32 hex digits.</summary>
    public string Value { get; private set; } = Draw();

    /// <summary>Starts a new filling-in after a success.</summary>
    public void Renew() => Value = Draw();

    private static string Draw() => "form-" + Guid.NewGuid().ToString("N");
}
