using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using XpFlywheel.Web.Economy;

namespace XpFlywheel.Web.Api;

/// <summary>
/// Agents, jobs, burns, locks and tiers for programs. Service refusals become problem details: unknown or other
/// operators' resources are 404, invalid input 400 <c>validation_failed</c> naming the field (the rule that refused it in
/// <c>reason</c>), refused operations 422 with their code.
/// </summary>
public static class EconomyApi
{
    public static IEndpointRouteBuilder MapEconomyApi(this IEndpointRouteBuilder app)
    {
        var open = app.MapGroup("/api/v1").AllowAnonymous().WithTags("Economy");
        open.MapGet("/leaderboard", LeaderboardAsync).WithName("GetLeaderboard").Produces<PageOf<LeaderboardRowDto>>()
            .WithSummary("Agents by trust (sort=trust|name|operator|successRate|jobs|lockedXp|age|earnedLastEpoch, order=desc|asc), paged, searchable.");
        open.MapGet("/tiers", (TierService tiers) => TypedResults.Ok(tiers.Schedule.Tiers.Select(TierDto.From).ToList()))
            .WithName("GetTiers").WithSummary("The fee tiers: fee rate and the XP to burn in 30 days for each.");

        var keyed = app.MapGroup("/api/v1").RequireAuthorization(ApiExtensions.ApiKeyPolicy).WithTags("Economy");
        keyed.MapGet("/agents", ListAgentsAsync).WithName("ListAgents").Produces<List<AgentDto>>()
            .WithSummary($"Your agents, newest first: status active|retired|all (all), limit 1-{AgentService.MaxPage} ({AgentService.MaxPage}), before = an agent id for the ones older than it.");
        keyed.MapPost("/agents", RegisterAgentAsync).WithName("RegisterAgent").Produces<AgentDto>(StatusCodes.Status201Created);
        keyed.MapPost("/jobs", RecordJobAsync).WithName("RecordJob").Produces<JobReceiptDto>(StatusCodes.Status201Created).WithSummary("Record a job your agent (client) had done by any agent (provider); success settles cash now.");
        keyed.MapGet("/jobs", ListJobsAsync).WithName("ListJobs").Produces<PageOf<JobDto>>();
        keyed.MapPost("/jobs/{id}/dispute", DisputeJobAsync).WithName("DisputeJob").Produces<DisputeDto>()
            .WithSummary("Dispute a failed job one of your agents provided, inside its dispute window: it counts nowhere until an admin resolves it.");
        keyed.MapPost("/burns", BurnAsync).WithName("Burn").Produces<BurnReceiptDto>(StatusCodes.Status201Created).WithSummary("Burn available XP for a fee tier. Irreversible.");
        keyed.MapGet("/tier", MyTierAsync).WithName("GetMyTier").Produces<MyTierDto>().WithSummary("Your effective tier, when it lapses, and the burn calculator at your volume.");
        keyed.MapPost("/locks", LockAsync).WithName("Lock").Produces<LockDto>(StatusCodes.Status201Created);
        keyed.MapPost("/locks/{id}/unlock", RequestUnlockAsync).WithName("RequestUnlock").Produces<LockDto>().WithSummary("Start the waiting period; the XP stops counting for trust now.");
        keyed.MapPost("/unlocks/{id}/cancel", CancelUnlockAsync).WithName("CancelUnlock").Produces<LockDto>();
        return app;
    }

    private static async Task<IResult> LeaderboardAsync(LeaderboardService leaderboard, [Range(1, int.MaxValue)] int? page, [Range(1, 100), DefaultValue(50)] int? size,
        [AllowedValues("trust", "name", "operator", "successRate", "jobs", "lockedXp", "age", "earnedLastEpoch"), DefaultValue("trust")] string? sort,
        [AllowedValues("desc", "asc"), DefaultValue("desc")] string? order, string? search, CancellationToken ct)
    {
        // One name, whole: Enum.TryParse also takes numbers, trims spaces and adds up a list ("name,operator" is successRate).
        if (Enum.GetNames<LeaderboardSort>().FirstOrDefault(n => n.Equals(sort ?? nameof(LeaderboardSort.Trust), StringComparison.OrdinalIgnoreCase)) is not { } name)
            return ApiProblems.Validation(new Dictionary<string, string[]> { ["sort"] = ["sort must be trust, name, operator, successRate, jobs, lockedXp, age or earnedLastEpoch."] });
        var parsed = Enum.Parse<LeaderboardSort>(name);
        order = order?.ToLowerInvariant();
        if (order is not (null or "asc" or "desc"))
            return ApiProblems.Validation(new Dictionary<string, string[]> { ["order"] = ["order must be asc or desc."] });
        if (ApiInput.Paging(page, size, out var p, out var s, maxSize: 100) is { } invalidPaging)
            return invalidPaging;
        if (LeaderboardQuery.SearchProblem(search) is { } invalidSearch)
            return ApiProblems.Validation(new Dictionary<string, string[]> { ["search"] = [invalidSearch] });
        var result = await leaderboard.PageAsync(new LeaderboardQuery(search, parsed, order != "asc", p - 1, s), ct);
        return TypedResults.Ok(new PageOf<LeaderboardRowDto>(p, s, result.Total, result.Items.Select(LeaderboardRowDto.From).ToList()));
    }

    private static async Task<IResult> ListAgentsAsync(ClaimsPrincipal user, AgentService agents, [AllowedValues("all", "active", "retired"), DefaultValue("all")] string? status, long? before, [Range(1, AgentService.MaxPage), DefaultValue(AgentService.MaxPage)] int? limit, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        bool? active = status?.ToLowerInvariant() switch
        {
            null or "all" => null,
            "active" => true,
            "retired" => false,
            _ => Invalid(errors, "status", "status must be active, retired or all."),
        };
        if (limit is < 1 or > AgentService.MaxPage)
            errors["limit"] = [$"limit must be a whole number from 1 to {AgentService.MaxPage}."];
        if (before is < 1)
            errors["before"] = ["before must be an id from 1: the last id of the page already read."];
        if (errors.Count > 0)
            return ApiProblems.Validation(errors);
        return TypedResults.Ok((await agents.PageAsync(ApiOperator.Id(user), active, before, limit ?? AgentService.MaxPage, ct)).Select(AgentDto.From).ToList());

        static bool? Invalid(Dictionary<string, string[]> errors, string field, string message)
        {
            errors[field] = [message];
            return null;
        }
    }

    private static async Task<IResult> RegisterAgentAsync(RegisterAgentBody body, ClaimsPrincipal user, AgentService agents, HttpContext http, CancellationToken ct)
    {
        var result = await agents.RegisterAsync(ApiOperator.Id(user), body.Name ?? "", body.Description, ct, ApiIdempotency.KeyOf(http));
        ApiIdempotency.MarkIfRepeat(http, result);
        return result.Value is { } agent ? TypedResults.Created($"/api/v1/agents/{agent.Id}", AgentDto.From(agent)) : Refused(result);
    }

    private static async Task<IResult> RecordJobAsync(RecordJobBody body, ClaimsPrincipal user, JobService jobs, HttpContext http, CancellationToken ct)
    {
        var result = await jobs.RecordAsync(ApiOperator.Id(user), body.ClientAgentId, body.ProviderAgentId, body.Amount, body.Succeeded, ct, ApiIdempotency.KeyOf(http));
        ApiIdempotency.MarkIfRepeat(http, result);
        return result.Value is { } receipt ? TypedResults.Created($"/api/v1/jobs/{receipt.JobId}", JobReceiptDto.From(receipt)) : Refused(result);
    }

    private static async Task<IResult> DisputeJobAsync(long id, ClaimsPrincipal user, DisputeService disputes, HttpContext http, CancellationToken ct)
    {
        var result = await disputes.DisputeAsync(ApiOperator.Id(user), id, ct, ApiIdempotency.KeyOf(http));
        ApiIdempotency.MarkIfRepeat(http, result);
        return result.Value is { } disputed ? TypedResults.Ok(DisputeDto.From(disputed)) : Refused(result);
    }

    private static async Task<IResult> ListJobsAsync(ClaimsPrincipal user, JobService jobs, [Range(1, int.MaxValue)] int? page, [Range(1, 200), DefaultValue(50)] int? size, CancellationToken ct)
    {
        if (ApiInput.Paging(page, size, out var p, out var s) is { } invalidPaging)
            return invalidPaging;
        var result = await jobs.ListForOperatorAsync(ApiOperator.Id(user), p - 1, s, ct);
        return TypedResults.Ok(new PageOf<JobDto>(p, s, result.Total, result.Items.Select(JobDto.From).ToList()));
    }

    private static async Task<IResult> BurnAsync(BurnBody body, ClaimsPrincipal user, BurnService burns, TierService tiers, HttpContext http, CancellationToken ct)
    {
        var result = await burns.BurnAsync(ApiOperator.Id(user), body.Amount, ct, ApiIdempotency.KeyOf(http));
        ApiIdempotency.MarkIfRepeat(http, result);
        return result.Value is { } receipt
            ? TypedResults.Created($"/api/v1/burns/{receipt.BurnId}", BurnReceiptDto.From(receipt, tiers.Schedule.Window))
            : Refused(result);
    }

    private static async Task<IResult> MyTierAsync(ClaimsPrincipal user, TierService tiers, CancellationToken ct)
    {
        var operatorId = ApiOperator.Id(user);
        var overview = await tiers.OverviewAsync(operatorId, ct);
        var plan = await tiers.PlanAsync(operatorId, overview.MonthlyVolume, ct);
        var status = overview.Status;
        return TypedResults.Ok(new MyTierDto(TierDto.From(status.Current), status.BurnedInWindow.Units, status.LapsesAt, status.LapsesTo?.Name,
            status.Next is { } next ? TierDto.From(next) : null, status.NeededForNext.Units, overview.MonthlyVolume.Dollars,
            plan.Options.Select(o => new TierOptionDto(o.Tier.Name, o.XpNeeded.Units, o.Cost.TotalCost.Dollars, o.MonthlySaving.Dollars, o.NetSaving.Dollars,
                TierOptionDto.Rounded(o.Roi), TierOptionDto.Rounded(o.BreakEvenPrice), TierOptionDto.Rounded(o.Cost.AveragePrice), o.Cost.FromBook.Units, o.Cost.AtFallback.Units, o.Cost.FallbackPrice.Dollars, !o.Cost.LiquiditySuffices)).ToList(),
            plan.Recommended?.Tier.Name));
    }

    private static async Task<IResult> LockAsync(LockBody body, ClaimsPrincipal user, LockService locks, HttpContext http, CancellationToken ct)
    {
        var result = await locks.LockAsync(ApiOperator.Id(user), body.AgentId, body.Amount, ct, ApiIdempotency.KeyOf(http));
        ApiIdempotency.MarkIfRepeat(http, result);
        return result.Value is { } created ? TypedResults.Created($"/api/v1/locks/{created.Id}", LockDto.From(created)) : Refused(result);
    }

    private static async Task<IResult> RequestUnlockAsync(long id, UnlockBody? body, ClaimsPrincipal user, LockService locks, HttpContext http, CancellationToken ct)
    {
        var result = await locks.RequestUnlockAsync(ApiOperator.Id(user), id, body?.Amount, ct, ApiIdempotency.KeyOf(http));
        ApiIdempotency.MarkIfRepeat(http, result);
        return result.Value is { } unlocking ? TypedResults.Ok(LockDto.From(unlocking)) : Refused(result);
    }

    private static async Task<IResult> CancelUnlockAsync(long id, ClaimsPrincipal user, LockService locks, HttpContext http, CancellationToken ct)
    {
        var result = await locks.CancelUnlockAsync(ApiOperator.Id(user), id, ct, ApiIdempotency.KeyOf(http));
        ApiIdempotency.MarkIfRepeat(http, result);
        return result.Value is { } relocked ? TypedResults.Ok(LockDto.From(relocked)) : Refused(result);
    }

    /// <summary>An economy refusal as problem details: 404 for unknown ids, 400 validation_failed for input, else 422 with its code.</summary>
    internal static IResult Refused<T>(EconomyResult<T> result)
    {
        var code = result.Code!;
        var message = result.Message ?? code;
        if (code is EconomyErrors.AgentNotFound or EconomyErrors.LockNotFound or EconomyErrors.NotYourAgent or EconomyErrors.JobNotFound)
            return ApiProblems.Problem(StatusCodes.Status404NotFound, code, message);
        // More than a lock holds depends on the lock, as more than one has is insufficient_xp: 422, not a malformed request.
        if (code.StartsWith("invalid_", StringComparison.Ordinal) || code is EconomyErrors.SameAgent)
        {
            // Input errors share the code every 400 has (validation_failed); the rule that refused is the reason.
            var problem = ApiProblems.Details(StatusCodes.Status400BadRequest, "validation_failed", message,
                new Dictionary<string, string[]> { [ApiFields.Of(result.Field)] = [message] });
            problem.Extensions["reason"] = code;
            return TypedResults.Problem(problem);
        }
        return ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity, code, message);
    }
}
