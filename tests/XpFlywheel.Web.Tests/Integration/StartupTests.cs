using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Web.Data;

namespace XpFlywheel.Web.Tests.Integration;

public class StartupTests
{
    [SqliteFact]
    public async Task A_second_start_on_the_same_database_keeps_every_user()
    {
        string folder;
        await using (var first = new AppFactory())
        {
            folder = first.Folder;
            await FormLogin.RegisterAsync(first.CreateBrowserlikeClient(), "keeper@test.local", "Operator1!");
        }

        await using var second = new SameFolderFactory(folder);
        using var scope = second.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        Assert.NotNull(await users.FindByEmailAsync("keeper@test.local"));
        Assert.NotNull(await users.FindByEmailAsync(AppFactory.AdminEmail));
    }

    [Fact]
    public void Production_start_refuses_an_admin_email_without_a_password()
    {
        using var factory = new AppFactory { Environment = "Production" };
        factory.Settings["Admin:Password"] = "";

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("Admin:Password is missing", Flatten(error));
    }

    private static string Flatten(Exception error) =>
        error.InnerException is null ? error.Message : error.Message + " " + Flatten(error.InnerException);

    private sealed class SameFolderFactory(string folder) : AppFactory
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("ConnectionStrings:Default", $"Data Source={Path.Combine(folder, "app.db")}");
            builder.UseSetting("DataProtection:KeysFolder", Path.Combine(folder, "keys"));
        }
    }
}
