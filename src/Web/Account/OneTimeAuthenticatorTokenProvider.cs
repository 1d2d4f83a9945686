using System.Globalization;
using Microsoft.AspNetCore.Identity;
using OtpNet;
using XpFlywheel.Web.Data;

namespace XpFlywheel.Web.Account;

/// <summary>
/// Identity's authenticator-app provider with one change: a code is accepted once. RFC 6238 §5.2 says a verifier must
/// not accept an OTP a second time after it validated it once; Identity's own provider accepts any code of the five
/// 30-second steps around now, so a code seen over a shoulder or in a proxy log signed in again for up to 2½ minutes.
/// Here the matched step is checked by Otp.NET over the same window and must be later than the last step this user
/// signed in or confirmed with (kept as an Identity user token); recording it updates the user under its concurrency
/// stamp, so two requests racing with one code cannot both pass.
/// </summary>
public sealed class OneTimeAuthenticatorTokenProvider(TimeProvider clock) : AuthenticatorTokenProvider<ApplicationUser>
{
    /// <summary>The provider's name in <see cref="TokenOptions.AuthenticatorTokenProvider"/>.</summary>
    public const string Name = "OneTimeAuthenticator";

    private const string TokenLoginProvider = "[XpFlywheel]";
    private const string LastStepToken = "AuthenticatorLastStep";

    /// <summary>Steps either side of now a code may come from: Identity's own window (±2 × 30 s), for clocks that drift.</summary>
    private static readonly VerificationWindow Window = new(previous: 2, future: 2);

    /// <inheritdoc />
    public override async Task<bool> ValidateAsync(string purpose, string token, UserManager<ApplicationUser> manager, ApplicationUser user)
    {
        var key = await manager.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key) || token is not { Length: 6 } || !token.All(char.IsAsciiDigit))
            return false;
        byte[] secret;
        try
        {
            secret = Base32Encoding.ToBytes(key);
        }
        catch (ArgumentException)
        {
            return false;
        }
        if (!new Totp(secret).VerifyTotp(clock.GetUtcNow().UtcDateTime, token, out var step, Window))
            return false;
        var last = await manager.GetAuthenticationTokenAsync(user, TokenLoginProvider, LastStepToken);
        if (long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var lastStep) && step <= lastStep)
            return false;
        var recorded = await manager.SetAuthenticationTokenAsync(user, TokenLoginProvider, LastStepToken, step.ToString(CultureInfo.InvariantCulture));
        return recorded.Succeeded;
    }
}
