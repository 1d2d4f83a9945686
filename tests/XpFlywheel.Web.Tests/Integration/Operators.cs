using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Core.Ledger;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Account;
using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Tests.Integration;

/// <summary>Creates funded operators through the app's own services, as the sign-up page and an admin credit would.</summary>
public static class Operators
{
    public static async Task<long> CreateAsync(IServiceProvider services, string email, string password = "Operator1!")
    {
        using var scope = services.CreateScope();
        var (user, result) = await scope.ServiceProvider.GetRequiredService<OperatorRegistration>().RegisterAsync(email, password);
        if (user is null)
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        var id = await services.GetRequiredService<OperatorDirectory>().FindOperatorIdAsync(user.Id);
        return id!.Value;
    }

    public static async Task FundAsync(IServiceProvider services, long operatorId, decimal dollars, long xp)
    {
        var host = services.GetRequiredService<ExchangeHost>();
        await host.Ready;
        if (dollars > 0)
            await services.GetRequiredService<TradingService>().DepositAsync(operatorId, Cash.FromDollars(dollars));
        if (xp > 0)
            await services.GetRequiredService<TradingService>().GrantXpAsync(operatorId, xp, Core.Commands.Actor.System("tests"));
    }
}
