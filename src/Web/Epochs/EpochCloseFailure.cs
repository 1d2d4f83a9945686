namespace XpFlywheel.Web.Epochs;

/// <summary>
/// Why epochs are not closing: the latest of a run of failed close attempts. <see cref="EpochService"/> keeps
/// retrying, less and less often, and trading goes on meanwhile; the run ends (and this goes away) with the first
/// attempt that succeeds.
/// </summary>
/// <param name="FailedAt">When the latest attempt failed.</param>
/// <param name="Error">What went wrong, as the underlying exception says it.</param>
/// <param name="Attempts">Failed attempts in a row, counting the latest.</param>
/// <param name="NextRetryAt">When the next attempt runs: <see cref="EpochService.RetryDelay"/> after the latest.</param>
public sealed record EpochCloseFailure(DateTimeOffset FailedAt, string Error, int Attempts, DateTimeOffset NextRetryAt);
