using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Web.Api;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Api;

/// <summary>An operator with an API key and an HTTP client that sends it.</summary>
public sealed record ApiClient(long OperatorId, string Key, HttpClient Http)
{
    public static async Task<ApiClient> CreateAsync(AppFactory factory, string email, decimal dollars = 0, long xp = 0)
    {
        var operatorId = await Operators.CreateAsync(factory.Services, email);
        await Operators.FundAsync(factory.Services, operatorId, dollars, xp);
        var (key, _) = await factory.Services.GetRequiredService<ApiKeyService>().CreateAsync(operatorId, "tests");
        var http = factory.CreateClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", key!.Secret);
        return new ApiClient(operatorId, key.Secret, http);
    }

    /// <summary>The same operator and key on another app (a restarted one, or another node of the same database).</summary>
    public ApiClient On(AppFactory factory)
    {
        var http = factory.CreateClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", Key);
        return this with { Http = http };
    }
}
