using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using XpFlywheel.Web.Economy;

namespace XpFlywheel.Web.Api;

/// <summary>
/// Reading back what the economy's changes created: every <c>Location</c> a 201 of <see cref="EconomyApi"/> names
/// (<c>/agents/{id}</c>, <c>/jobs/{id}</c>, <c>/burns/{id}</c>, <c>/locks/{id}</c>) answers, and burns and locks list
/// by page as jobs do. Another operator's job, burn or lock is 404, as an unknown id is; agents are public, as on the
/// leaderboard.
/// </summary>
public static class EconomyRecordsApi
{
    public static IEndpointRouteBuilder MapEconomyRecordsApi(this IEndpointRouteBuilder app)
    {
        var keyed = app.MapGroup("/api/v1").RequireAuthorization(ApiExtensions.ApiKeyPolicy).WithTags("Economy");
        keyed.MapGet("/agents/{id}", AgentAsync).WithName("GetAgent").Produces<AgentDto>().WithSummary("Any agent by id: trust, locked XP, jobs, owner.");
        keyed.MapGet("/jobs/{id}", JobAsync).WithName("GetJob").Produces<JobDto>().WithSummary("A job one of your agents took part in, as client or provider.");
        keyed.MapGet("/burns", BurnsAsync).WithName("ListBurns").Produces<PageOf<BurnDto>>().WithSummary("Your burns, newest first, with when each stops counting for your tier.");
        keyed.MapGet("/burns/{id}", BurnAsync).WithName("GetBurn").Produces<BurnDto>();
        keyed.MapGet("/locks", LocksAsync).WithName("ListLocks").Produces<PageOf<LockDto>>()
            .WithSummary("Your locks, newest first (status=active: locked or unlocking, the default; released; all).");
        keyed.MapGet("/locks/{id}", LockAsync).WithName("GetLock").Produces<LockDto>();
        return app;
    }

    private static async Task<IResult> AgentAsync(long id, AgentService agents, CancellationToken ct) =>
        await agents.FindAsync(id, ct) is { } agent ? TypedResults.Ok(AgentDto.From(agent)) : ApiProblems.NotFound("agent", EconomyErrors.AgentNotFound);

    private static async Task<IResult> JobAsync(long id, ClaimsPrincipal user, JobService jobs, CancellationToken ct) =>
        await jobs.FindForOperatorAsync(ApiOperator.Id(user), id, ct) is { } job ? TypedResults.Ok(JobDto.From(job)) : ApiProblems.NotFound("job", EconomyErrors.JobNotFound);

    private static async Task<IResult> BurnsAsync(ClaimsPrincipal user, BurnService burns, TierService tiers, [Range(1, int.MaxValue)] int? page, [Range(1, 200), DefaultValue(50)] int? size, CancellationToken ct)
    {
        if (ApiInput.Paging(page, size, out var p, out var s) is { } invalidPaging)
            return invalidPaging;
        var result = await burns.PageAsync(ApiOperator.Id(user), p - 1, s, ct);
        var window = tiers.Schedule.Window;
        return TypedResults.Ok(new PageOf<BurnDto>(p, s, result.Total, [.. result.Items.Select(b => BurnDto.From(b, window))]));
    }

    private static async Task<IResult> BurnAsync(long id, ClaimsPrincipal user, BurnService burns, TierService tiers, CancellationToken ct) =>
        await burns.FindAsync(ApiOperator.Id(user), id, ct) is { } burn ? TypedResults.Ok(BurnDto.From(burn, tiers.Schedule.Window)) : ApiProblems.NotFound("burn");

    private static async Task<IResult> LocksAsync(ClaimsPrincipal user, LockService locks, [AllowedValues("active", "released", "all"), DefaultValue("active")] string? status, [Range(1, int.MaxValue)] int? page, [Range(1, 200), DefaultValue(50)] int? size, CancellationToken ct)
    {
        bool? released;
        switch (status?.ToLowerInvariant() ?? "active")
        {
            case "active": released = false; break;
            case "released": released = true; break;
            case "all": released = null; break;
            default:
                return ApiProblems.Validation(new Dictionary<string, string[]> { ["status"] = ["status must be active, released or all."] });
        }
        if (ApiInput.Paging(page, size, out var p, out var s) is { } invalidPaging)
            return invalidPaging;
        var result = await locks.PageAsync(ApiOperator.Id(user), released, p - 1, s, ct);
        return TypedResults.Ok(new PageOf<LockDto>(p, s, result.Total, [.. result.Items.Select(LockDto.From)]));
    }

    private static async Task<IResult> LockAsync(long id, ClaimsPrincipal user, LockService locks, CancellationToken ct) =>
        await locks.FindAsync(ApiOperator.Id(user), id, ct) is { } found ? TypedResults.Ok(LockDto.From(found)) : ApiProblems.NotFound("lock", EconomyErrors.LockNotFound);
}
