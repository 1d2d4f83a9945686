using System.Text;
using Microsoft.AspNetCore.Identity;
using QRCoder;
using XpFlywheel.Web.Data;

namespace XpFlywheel.Web.Account;

/// <summary>
/// Authenticator-app (TOTP, RFC 6238) set-up for Identity's two-factor sign-in: the shared key shown in groups of
/// four, and the <c>otpauth://</c> URI drawn as an SVG QR code on the server.
/// </summary>
public static class Authenticator
{
    /// <summary>Number of one-time recovery codes issued when two-factor sign-in is turned on.</summary>
    public const int RecoveryCodeCount = 10;

    /// <summary>The user's authenticator key, created on first use.</summary>
    public static async Task<string> KeyAsync(UserManager<ApplicationUser> users, ApplicationUser user)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);
        }
        return key!;
    }

    /// <summary>The key in lower-case groups of four, as people type it.</summary>
    public static string Readable(string key)
    {
        var text = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
            text.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        return text.ToString().TrimEnd().ToLowerInvariant();
    }

    /// <summary>The <c>otpauth://totp/</c> URI authenticator apps read (Google's Key Uri Format).</summary>
    public static string Uri(string email, string key) =>
        $"otpauth://totp/{System.Uri.EscapeDataString("XP Flywheel")}:{System.Uri.EscapeDataString(email)}?secret={key}&issuer={System.Uri.EscapeDataString("XP Flywheel")}&digits=6";

    /// <summary>The URI as an SVG QR code (medium error correction), sized by its view box.</summary>
    public static string QrSvg(string uri)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(new System.Drawing.Size(200, 200), "#000000", "#ffffff", drawQuietZones: true);
    }

    /// <summary>A recovery code as typed, in the form Identity stores (upper case, the dash kept, no spaces).</summary>
    public static string CleanRecovery(string? code) => (code ?? "").Replace(" ", "", StringComparison.Ordinal).Trim().ToUpperInvariant();

    /// <summary>An authenticator code as typed: spaces and dashes removed.</summary>
    public static string Clean(string? code) => (code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
}
