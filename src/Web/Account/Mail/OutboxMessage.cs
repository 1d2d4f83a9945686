namespace XpFlywheel.Web.Account.Mail;

/// <summary>
/// One message the app sent: to whom, when (UTC), the subject, the plain text and at most one link with its label.
/// Kept as parts, never as HTML, so showing it cannot inject markup.
/// </summary>
public sealed record OutboxMessage(long Id, DateTimeOffset At, string To, string Subject, string Text, string? Link, string? LinkText);
