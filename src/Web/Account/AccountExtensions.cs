using Microsoft.AspNetCore.Authentication;
using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using XpFlywheel.Web.Account.Mail;
using XpFlywheel.Web.Data;

namespace XpFlywheel.Web.Account;

public static class AccountExtensions
{
    public const string AdminPolicy = "Admin";

    /// <summary>
    /// Identity on EF Core with cookie sign-in, the two roles, confirmed addresses (mail through <see cref="OutboxEmailSender"/>),
    /// and authenticator-app two-factor sign-in. Lockout is an
    /// administrator's action only: failed passwords slow their source IP (<see cref="SignInThrottle"/>).
    /// </summary>
    public static WebApplicationBuilder AddAccounts(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddCascadingAuthenticationState();
        services.AddScoped<IdentityRedirectManager>();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(options =>
        {
            // Identity checks the cookie's security stamp every 30 minutes; an account an admin locked out is refused at
            // its next request instead (one indexed user look-up a request), and its cookie is removed. A cookie whose
            // admin role no longer matches the account's is re-issued with the roles the account has now.
            var stampCheck = options.Events.OnValidatePrincipal;
            options.Events.OnValidatePrincipal = async context =>
            {
                await stampCheck(context);
                if (context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier) is not { } userId)
                    return;
                var services = context.HttpContext.RequestServices;
                var (active, admin) = await services.GetRequiredService<AccountStanding>().StandingOfAsync(userId, context.HttpContext.RequestAborted);
                if (active && context.Principal.IsInRole(Roles.Admin) != admin)
                {
                    // An admin granted or revoked the admin role since this cookie was issued: the request runs with the
                    // account's roles as they are now, and the cookie is re-issued with them (as Identity's stamp check
                    // does when it refreshes a principal), unless its stamp is stale: then it ends here.
                    if (await CurrentRoles.RefreshAsync(services, context.Principal, userId) is { } refreshed)
                    {
                        context.ReplacePrincipal(refreshed);
                        context.ShouldRenew = true;
                        return;
                    }
                    active = false;
                }
                if (!active)
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                }
            };
            options.LoginPath = "/Account/Login";
            options.LogoutPath = "/Account/Logout";
            options.AccessDeniedPath = "/Account/AccessDenied";
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(AdminPolicy, policy => policy.RequireRole(Roles.Admin));

        services.AddIdentityCore<ApplicationUser>(options =>
            {
                // A self-service account signs in once its address is confirmed (AccountSignUp).
                options.SignIn.RequireConfirmedAccount = true;
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 8;
                options.Lockout.AllowedForNewUsers = true;
                // Identity counts wrong authenticator and recovery codes toward a timed lockout of its own; here only an
                // administrator locks an account (AccountLockout), and wrong codes slow their source IP instead.
                options.Lockout.MaxFailedAccessAttempts = int.MaxValue;
                // Authenticator codes are accepted once each (OneTimeAuthenticatorTokenProvider).
                options.Tokens.AuthenticatorTokenProvider = OneTimeAuthenticatorTokenProvider.Name;
            })
            .AddRoles<IdentityRole>()
            .AddUserManager<OperatorUserManager>()
            .AddEntityFrameworkStores<AppDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddTokenProvider<OneTimeAuthenticatorTokenProvider>(OneTimeAuthenticatorTokenProvider.Name);

        services.AddSingleton<AccountStanding>();
        services.AddScoped<OperatorRegistration>();
        services.AddScoped<AccountSignUp>();
        // Mail:Outbox: keep sent mail for /dev/outbox. On by default in Development and demo mode, where no mail leaves.
        var outbox = builder.Configuration.GetValue<bool?>("Mail:Outbox")
            ?? (builder.Environment.IsDevelopment() || builder.Configuration.GetValue<bool>("Demo:Enabled"));
        services.AddSingleton(provider => new MailOutbox(outbox, provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<OutboxEmailSender>();
        services.AddSingleton<IEmailSender<ApplicationUser>>(provider => provider.GetRequiredService<OutboxEmailSender>());
        services.AddSingleton<SignInThrottle>();
        services.AddScoped<PasswordSignIn>();
        services.AddSingleton<AdminBootstrap>();
        return builder;
    }
}
