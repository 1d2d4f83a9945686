using MudBlazor;

namespace XpFlywheel.Web.Admin;

/// <summary>
/// A parameter form saves only what every field could read. A numeric field holding text it cannot read (letters, a
/// number out of its type's range, an emptied field) shows "Not a valid number" but leaves its bound value at a
/// default such as 0, which the form's own range checks accept; saving then applied 0. Each form asks its
/// <see cref="MudForm"/> first and refuses with <see cref="Unreadable"/>, changing nothing.
/// </summary>
internal static class AdminForm
{
    public const string Unreadable = "Some fields hold a value that cannot be read or is out of range (marked in red): correct them. Nothing was saved.";

    /// <summary>
    /// The refusal of a save whose form was filled in from values that have changed since (another admin, another
    /// tab): each form saves its whole section, so saving would put back what the other change had set. The form shows
    /// the values in force instead, and the admin makes their change again on top of them.
    /// </summary>
    public const string ChangedElsewhere = Parameters.ParameterChanges.ChangedElsewhere;

    /// <summary>Whether every field of <paramref name="form"/> holds a readable value (no form: true).</summary>
    public static async Task<bool> ReadableAsync(MudForm? form)
    {
        if (form is null)
            return true;
        await form.ValidateAsync();
        return form.IsValid;
    }
}
