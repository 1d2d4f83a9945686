namespace XpFlywheel.Web.Data;

/// <summary>Another process holds the writer for the database; this one must not start.</summary>
public sealed class WriterLeaseUnavailableException(string message, Exception? innerException = null)
    : Exception(message, innerException);
