using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using XpFlywheel.Web.Account.Mail;
using XpFlywheel.Web.Data;

namespace XpFlywheel.Web.Account;

/// <summary>
/// Self-service sign-up that does not tell whether an e-mail address has an account. The password is checked against
/// the same rules for every address first; after that the caller always gets the same answer ("check your inbox"),
/// and the address's owner gets the mail: a new address a confirmation link (the account cannot sign in until it is
/// followed), a taken one a note that someone tried to register with it. Both paths hash the password once, so the
/// answer's timing does not tell them apart either.
/// </summary>
public sealed class AccountSignUp(
    UserManager<ApplicationUser> users,
    IPasswordHasher<ApplicationUser> hasher,
    OperatorRegistration registration,
    OutboxEmailSender mail,
    ILogger<AccountSignUp> logger)
{
    /// <summary>
    /// Signs <paramref name="email"/> up with <paramref name="password"/>. Returns the reasons the password (or, for a
    /// new address, the address itself) cannot be used, or an empty list once the mail is sent.
    /// <paramref name="confirmLink"/> builds the absolute confirmation link from a user id and an encoded token;
    /// <paramref name="loginLink"/> is the absolute link to the sign-in page.
    /// </summary>
    public async Task<IReadOnlyList<string>> SignUpAsync(string email, string password, Func<string, string, string> confirmLink, string loginLink)
    {
        var candidate = new ApplicationUser { UserName = email, Email = email };
        var errors = new List<string>();
        foreach (var validator in users.PasswordValidators)
            errors.AddRange((await validator.ValidateAsync(users, candidate, password)).Errors.Select(e => e.Description));
        if (errors.Count > 0)
            return errors;

        if (await users.FindByEmailAsync(email) is null)
        {
            var (user, result) = await registration.RegisterAsync(email, password, emailConfirmed: false);
            if (user is not null)
            {
                var token = await users.GenerateEmailConfirmationTokenAsync(user);
                await mail.SendConfirmationLinkAsync(user, email, confirmLink(user.Id, EncodeToken(token)));
                logger.LogInformation("Operator {Email} registered; waiting for the address to be confirmed", email);
                return [];
            }
            // Another sign-up took the address in the meantime: answered below as a taken address.
            if (!result.Errors.Any(e => e.Code is nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName)))
                return ["This email address cannot be used for an account here."];
        }
        else
        {
            // The hash creating the account would have cost, so both answers take about as long.
            hasher.HashPassword(candidate, password);
        }
        await mail.SendAlreadyRegisteredAsync(email, loginLink);
        return [];
    }

    /// <summary>Sends a new confirmation link when <paramref name="email"/> has an account that is not yet confirmed; otherwise nothing.</summary>
    public async Task ResendConfirmationAsync(string email, Func<string, string, string> confirmLink)
    {
        if (await users.FindByEmailAsync(email) is { EmailConfirmed: false } user)
        {
            var token = await users.GenerateEmailConfirmationTokenAsync(user);
            await mail.SendConfirmationLinkAsync(user, email, confirmLink(user.Id, EncodeToken(token)));
        }
    }

    /// <summary>Confirms the address with a link's <paramref name="code"/>; false for an unknown user or a bad or expired code.</summary>
    public async Task<bool> ConfirmAsync(string? userId, string? code)
    {
        if (string.IsNullOrEmpty(userId) || string.IsNullOrEmpty(code) || await users.FindByIdAsync(userId) is not { } user)
            return false;
        string token;
        try
        {
            token = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return false;
        }
        return (await users.ConfirmEmailAsync(user, token)).Succeeded;
    }

    private static string EncodeToken(string token) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));
}
