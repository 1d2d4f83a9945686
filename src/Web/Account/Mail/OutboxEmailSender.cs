using Microsoft.AspNetCore.Identity;
using XpFlywheel.Web.Data;

namespace XpFlywheel.Web.Account.Mail;

/// <summary>
/// The account mail: Identity's messages (<see cref="IEmailSender{TUser}"/>) and the note to an address someone tried to
/// register again. Each message goes to the <see cref="MailOutbox"/> and the log (recipient and subject only: links
/// carry tokens). There is no mail transport in this build; a deployment for real users registers one in its place.
/// </summary>
public sealed class OutboxEmailSender(MailOutbox outbox, ILogger<OutboxEmailSender> logger) : IEmailSender<ApplicationUser>
{
    /// <inheritdoc />
    public Task SendConfirmationLinkAsync(ApplicationUser user, string email, string confirmationLink) =>
        SendAsync(email, "Confirm your XP Flywheel account",
            "Someone, hopefully you, created an XP Flywheel account with this address. Follow the link to confirm it; until then the account cannot sign in. " +
            "If it was not you, ignore this message and the account stays unusable.",
            confirmationLink, "Confirm my address");

    /// <inheritdoc />
    public Task SendPasswordResetLinkAsync(ApplicationUser user, string email, string resetLink) =>
        SendAsync(email, "Reset your XP Flywheel password",
            "Someone asked to reset the password of the XP Flywheel account with this address. Follow the link to choose a new one; if it was not you, ignore this message.",
            resetLink, "Reset my password");

    /// <inheritdoc />
    public Task SendPasswordResetCodeAsync(ApplicationUser user, string email, string resetCode) =>
        SendAsync(email, "Your XP Flywheel password reset code",
            $"Someone asked to reset the password of the XP Flywheel account with this address. The code is {resetCode}; if it was not you, ignore this message.",
            null, null);

    /// <summary>
    /// Tells the owner of <paramref name="email"/> that someone tried to create an account with it: the registration page
    /// answers such an attempt exactly as it answers a new address, so only the owner learns the address is taken.
    /// </summary>
    public Task SendAlreadyRegisteredAsync(string email, string loginLink) =>
        SendAsync(email, "Someone tried to register with your address",
            "Someone, perhaps you, tried to create an XP Flywheel account with this address, which already has one. Nothing was changed. " +
            "If it was you, log in instead; if not, you can ignore this message.",
            loginLink, "Log in");

    private Task SendAsync(string to, string subject, string text, string? link, string? linkText)
    {
        var kept = outbox.Add(to, subject, text, link, linkText);
        if (kept is null)
            logger.LogWarning("No mail transport: \"{Subject}\" to {Recipient} was not delivered", subject, to);
        else
            logger.LogInformation("Mail \"{Subject}\" to {Recipient} is in the development outbox (/dev/outbox) as message {MessageId}", subject, to, kept.Id);
        return Task.CompletedTask;
    }
}
