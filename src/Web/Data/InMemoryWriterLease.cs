namespace XpFlywheel.Web.Data;

/// <summary>
/// The lease of a database that lives in this process's memory: no other process can open it, so there is
/// nothing to lock and the lease is held from the start.
/// </summary>
public sealed class InMemoryWriterLease : IWriterLease
{
    /// <inheritdoc />
    public string Database => "an in-memory database";

    /// <inheritdoc />
    public bool IsHeld => true;

    /// <inheritdoc />
    public ValueTask AcquireAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    /// <inheritdoc />
    public void Dispose()
    {
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
