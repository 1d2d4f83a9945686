using Microsoft.AspNetCore.Identity;

namespace XpFlywheel.Web.Account;

/// <summary>
/// Makes sure the roles exist and creates the first admin from configuration (<c>Admin:Email</c>,
/// <c>Admin:Password</c>). Development ships a documented default; elsewhere an admin email without a
/// password stops start-up with a clear message instead of creating an account nobody can sign in to.
/// </summary>
public sealed class AdminBootstrap(
    IServiceProvider services,
    IConfiguration configuration,
    ILogger<AdminBootstrap> logger)
{
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var roleManager = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roleManager.RoleExistsAsync(role))
                await roleManager.CreateAsync(new IdentityRole(role));
        }

        var email = configuration["Admin:Email"];
        var password = configuration["Admin:Password"];
        if (string.IsNullOrWhiteSpace(email))
        {
            logger.LogWarning("No Admin:Email is configured; set Admin:Email and Admin:Password to create the first admin");
            return;
        }

        var users = scope.ServiceProvider.GetRequiredService<UserManager<Data.ApplicationUser>>();
        var existing = await users.FindByEmailAsync(email);
        if (existing is not null)
        {
            if (!await users.IsInRoleAsync(existing, Roles.Admin))
                await users.AddToRoleAsync(existing, Roles.Admin);
            return;
        }

        if (string.IsNullOrWhiteSpace(password))
            throw new Operations.StartupConfigurationException(
                $"Admin:Email is set to '{email}' but Admin:Password is missing. Set Admin:Password (environment variable Admin__Password) to create the first admin.");

        var registration = scope.ServiceProvider.GetRequiredService<OperatorRegistration>();
        // The exchange does not run yet: it opens the admin's wallet, journaled, when it starts.
        var (user, result) = await registration.CreateUserAsync(email, password, emailConfirmed: true, cancellationToken);
        if (user is null)
            throw new Operations.StartupConfigurationException(
                $"The first admin '{email}' could not be created: {string.Join(" ", result.Errors.Select(e => e.Description))}");

        await users.AddToRoleAsync(user, Roles.Admin);
        logger.LogInformation("Created the first admin {AdminEmail}", email);
    }
}
