using XpFlywheel.Web.Account;
using XpFlywheel.Web.Data;

namespace XpFlywheel.Web.Operations;

public static class StartupExtensions
{
    /// <summary>
    /// Runs before the app takes requests: migrations first (every start, so a second start keeps every row and
    /// only adds what is new), then the roles and the first admin.
    /// </summary>
    public static async Task PrepareAsync(this WebApplication app)
    {
        await app.Services.MigrateDatabaseAsync();
        await app.Services.GetRequiredService<AdminBootstrap>().RunAsync();
    }
}
