namespace XpFlywheel.Web.Components.Shared;

/// <summary>
/// The idempotency key of one filling-in of a form: every submission of the same filling-in carries the same key, so
/// a double click (or a retry after a dropped connection) applies once and shows the first outcome; a new key is
/// drawn after a success, so the next, deliberate submission is a new command. A refused submission keeps its key:
/// refusals do not consume keys, so the corrected form can go again under it.
/// </summary>
/// <remarks>
/// A submission with the same terms within <see cref="RepeatWindow"/> of a success (or of a repeat of it) is that
/// success again: Enter pressed over and over, or a second click that arrived after the first was answered. Taken
/// through <see cref="For"/>, it carries the succeeded key, so the writer answers it from that key and applies
/// nothing, and <see cref="Repeating"/> tells the form to say so; each such repeat starts the window again. Different
/// terms, or a submission after the window, is a new command under the new key.
/// </remarks>
public sealed class FormKey
{
    /// <summary>How long after a success, or after the last repeat of it, the same terms are taken as a repeat.</summary>
    public static readonly TimeSpan RepeatWindow = TimeSpan.FromSeconds(1);

    private object? _terms;
    private string? _succeededKey;
    private object? _succeededTerms;
    private long? _succeededAt;

    /// <summary>The key for the current filling-in: "form-" and 32 hex digits.</summary>
    public string Value { get; private set; } = Draw();

    /// <summary>Whether the last <see cref="For"/> answered with the key of the success just before (a repeat).</summary>
    public bool Repeating { get; private set; }

    /// <summary>
    /// The key to submit <paramref name="terms"/> (a value with equality: a record or tuple of what the form sends)
    /// under: the key of the success just before when these are its terms within <see cref="RepeatWindow"/>, else
    /// <see cref="Value"/>.
    /// </summary>
    public string For(object terms)
    {
        _terms = terms;
        Repeating = _succeededAt is { } at && System.Diagnostics.Stopwatch.GetElapsedTime(at) <= RepeatWindow && Equals(terms, _succeededTerms);
        if (!Repeating)
            return Value;
        _succeededAt = System.Diagnostics.Stopwatch.GetTimestamp();
        return _succeededKey!;
    }

    /// <summary>
    /// Whether a success (or a repeat of it) was within <see cref="RepeatWindow"/>. A form that empties its fields on
    /// success takes an empty submission now as the second half of a double click (or Enter pressed twice): it keeps
    /// the success on screen rather than answering "enter a name" to a form the user did not leave empty.
    /// </summary>
    public bool JustSucceeded => _succeededAt is { } at && System.Diagnostics.Stopwatch.GetElapsedTime(at) <= RepeatWindow;

    /// <summary>Starts a new filling-in after a success; the success's terms stay a repeat for <see cref="RepeatWindow"/>.</summary>
    public void Renew()
    {
        if (!Repeating)
        {
            (_succeededKey, _succeededTerms) = (Value, _terms);
            Value = Draw();
        }
        _succeededAt = _succeededKey is null ? null : System.Diagnostics.Stopwatch.GetTimestamp();
        Repeating = false;
    }

    /// <summary>Starts a new filling-in without a success before it (a form opened afresh): nothing counts as a repeat.</summary>
    public void Reset()
    {
        Value = Draw();
        (_succeededKey, _succeededTerms, _succeededAt, Repeating) = (null, null, null, false);
    }

    private static string Draw() => "form-" + Guid.NewGuid().ToString("N");
}
