using XpFlywheel.Web.Account;
using XpFlywheel.Web.Data;

namespace XpFlywheel.Web.Operations;

public static class StartupExtensions
{
    /// <summary>
    /// The content root is the working directory (so <c>dotnet run</c> in a clone uses the clone's files), except
    /// when the app is started from its build output elsewhere: then its own folder, which holds appsettings.json.
    /// </summary>
    public static WebApplicationOptions Options(string[] args)
    {
        var here = Directory.GetCurrentDirectory();
        var contentRoot = File.Exists(Path.Combine(here, "appsettings.json")) ? here : AppContext.BaseDirectory;
        return new WebApplicationOptions { Args = args, ContentRootPath = contentRoot };
    }

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
