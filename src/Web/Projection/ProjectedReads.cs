using Microsoft.EntityFrameworkCore;

namespace XpFlywheel.Web.Projection;

/// <summary>
/// The database as pages, the API and background services read it: a context is handed out once the result tables
/// reflect every command answered before the request (<see cref="ProjectionProgress.CaughtUpAsync"/>), so a read
/// never shows an order, trade or balance older than an outcome already given. Usually at once; while the
/// projection is behind, for as long as it takes to catch up. The writer and the projection use
/// <see cref="WriterDatabase"/> and never wait here.
/// </summary>
internal sealed class ProjectedReads(WriterDatabase database, ProjectionProgress progress) : IDbContextFactory<Data.AppDbContext>
{
    /// <summary>Without waiting (a synchronous caller cannot): prefer <see cref="CreateDbContextAsync"/>.</summary>
    public Data.AppDbContext CreateDbContext() => database.Factory.CreateDbContext();

    public async Task<Data.AppDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default)
    {
        await progress.CaughtUpAsync(cancellationToken);
        return await database.Factory.CreateDbContextAsync(cancellationToken);
    }
}

/// <summary>The database as the writer and the projection use it: no waiting for the projection.</summary>
public sealed record WriterDatabase(IDbContextFactory<Data.AppDbContext> Factory);
