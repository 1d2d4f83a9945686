using Microsoft.EntityFrameworkCore;

namespace XpFlywheel.Web.Data;

/// <summary>
/// Hands out a provider's own context type (<see cref="PostgresAppDbContext"/>) wherever the app asks for an
/// <see cref="AppDbContext"/> factory, so pages, services and the writer never name a provider.
/// </summary>
internal sealed class ProviderContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<AppDbContext>
    where TContext : AppDbContext
{
    public AppDbContext CreateDbContext() => inner.CreateDbContext();

    public async Task<AppDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
        await inner.CreateDbContextAsync(cancellationToken);
}
