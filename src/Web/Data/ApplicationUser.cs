using Microsoft.AspNetCore.Identity;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Web.Data;

/// <summary>A signed-up person: an operator, and an admin when they hold the Admin role.</summary>
public class ApplicationUser : IdentityUser
{
    private string? _displayName;

    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;

    /// <summary>
    /// The public name the operator chose (<see cref="Account.OperatorNames"/>), or null to be shown by the part of
    /// their email before the @. At most <see cref="Account.OperatorNames.MaxLength"/> characters. Setting it sets
    /// <see cref="DisplayNameKey"/>.
    /// </summary>
    public string? DisplayName
    {
        get => _displayName;
        set
        {
            _displayName = value;
            DisplayNameKey = value is null ? null : DisplayText.NameKey(value);
        }
    }

    /// <summary>
    /// <see cref="DisplayName"/> compared as names are (<see cref="DisplayText.NameKey"/>: normalised, upper case), or
    /// null. Unique among users, so no operator can take a name another already goes by, whatever its case or spacing.
    /// </summary>
    public string? DisplayNameKey { get; private set; }
}
