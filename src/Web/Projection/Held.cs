namespace XpFlywheel.Web.Projection;

/// <summary>
/// A semaphore taken by <see cref="TakeAsync"/> and given back once, on the first <see cref="Dispose"/> (a second is a
/// no-op): the database's write turn between the writer and the projection, and a test's hold on the projection.
/// </summary>
internal sealed class Held : IDisposable
{
    private readonly SemaphoreSlim _semaphore;
    private int _released;

    private Held(SemaphoreSlim semaphore) => _semaphore = semaphore;

    public static async Task<Held> TakeAsync(SemaphoreSlim semaphore)
    {
        await semaphore.WaitAsync();
        return new Held(semaphore);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
            _semaphore.Release();
    }
}
