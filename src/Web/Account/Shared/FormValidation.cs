using Microsoft.AspNetCore.Components.Forms;

namespace XpFlywheel.Web.Account.Shared;

internal static class FormValidation
{
    /// <summary>Validates a statically posted form and returns its messages, in field order.</summary>
    public static List<string> Validate(EditContext context) =>
        context.Validate() ? [] : context.GetValidationMessages().Distinct().ToList();
}
