using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using XpFlywheel.Web.Data.Entities;
using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Epochs;

/// <summary>Epochs for programs and the public: anonymous, read-only, so anyone can check how a pool was shared.</summary>
public static class EpochEndpoints
{
    public const int MaxPageSize = 100;

    /// <summary>The most allocation lines one page holds; the CSV has them all.</summary>
    public const int MaxAllocationPageSize = 1_000;

    public static IEndpointRouteBuilder MapEpochEndpoints(this IEndpointRouteBuilder app)
    {
        var epochs = app.MapGroup("/api/v1/epochs").AllowAnonymous().WithTags("Epochs").AddEndpointFilter(Api.ApiInput.PositiveRouteIdsAsync).AddEndpointFilterFactory(Api.StrictInput.Factory);
        epochs.MapGet("/current", CurrentAsync).WithName("GetCurrentEpoch").ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        epochs.MapGet("/", HistoryAsync).WithName("ListEpochs");
        epochs.MapGet("/{number}/allocations", AllocationsAsync).WithName("GetEpochAllocations").ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("A closed epoch's allocation lines, largest first, paged (page from 1, size 1–1000, default 100); the CSV has every line.");
        epochs.MapGet("/{number}/allocations.csv", AllocationsCsvAsync).WithName("GetEpochAllocationsCsv").Produces<string>(StatusCodes.Status200OK, "text/csv")
            .ProducesProblem(StatusCodes.Status409Conflict);
        app.MapGet("/epochs/{number:long}/statement.csv", StatementCsvAsync).RequireAuthorization().ExcludeFromDescription();
        return app;
    }

    private static async Task<Results<Ok<CurrentEpochDto>, ProblemHttpResult>> CurrentAsync(EpochReader reader, CancellationToken cancellationToken)
    {
        var current = await reader.CurrentAsync(cancellationToken);
        if (current is null)
            return Problem(StatusCodes.Status503ServiceUnavailable, "No epoch has started yet.", "epoch_not_started");
        return TypedResults.Ok(new CurrentEpochDto(current.Number, current.StartsAt, current.EndsAt, current.BurnedSoFar, current.Pool,
            current.EligibleAgents, current.PoolFromBurns, current.CarryIn, current.Emission, current.Parameters.MinJobs));
    }

    private static async Task<Results<Ok<EpochPageDto>, ProblemHttpResult>> HistoryAsync(EpochReader reader, [Range(1, int.MaxValue)] int? page, [Range(1, MaxPageSize), DefaultValue(20)] int? size, CancellationToken cancellationToken)
    {
        if (Api.ApiInput.Paging(page, size, out var p, out var s, MaxPageSize, defaultSize: 20) is { } invalidPaging)
            return invalidPaging;
        var (items, total) = await reader.HistoryAsync(p, s, cancellationToken);
        return TypedResults.Ok(new EpochPageDto(p, s, total, items.Select(ToDto).ToList()));
    }

    private static async Task<Results<Ok<EpochAllocationsDto>, ProblemHttpResult>> AllocationsAsync(EpochReader reader, long number, [Range(1, int.MaxValue)] int? page, [Range(1, MaxAllocationPageSize), DefaultValue(100)] int? size,
        CancellationToken cancellationToken)
    {
        if (Api.ApiInput.Paging(page, size, out var p, out var s, MaxAllocationPageSize, defaultSize: 100) is { } invalidPaging)
            return invalidPaging;
        var epoch = await reader.FindAsync(number, cancellationToken);
        if (epoch is null)
            return Problem(StatusCodes.Status404NotFound, $"There is no epoch {number}.", "epoch_not_found");
        if (epoch.Status == EpochStatus.Paying)
            return Problem(StatusCodes.Status409Conflict, PayingDetail(number), "epoch_paying");
        if (epoch.Status != EpochStatus.Closed)
            return Problem(StatusCodes.Status409Conflict, $"Epoch {number} is still open; its allocations are fixed when it closes.", "epoch_open");
        var lines = await reader.AllocationsAsync(number, cancellationToken: cancellationToken, skip: (p - 1) * s, take: s);
        var total = await reader.AllocationCountAsync(number, cancellationToken);
        return TypedResults.Ok(new EpochAllocationsDto(ToDto(epoch), p, s, total, lines.Select(l => new AllocationDto(
            l.AgentId, l.AgentName, l.OperatorName, l.Jobs, l.SuccessfulVolumeMicros / 1_000_000m, l.DistinctCounterparties,
            l.V, l.Q, l.D, l.R, l.Share, l.Allocation)).ToList()));
    }

    private static async Task<IResult> AllocationsCsvAsync(EpochReader reader, long number, CancellationToken cancellationToken)
    {
        var epoch = await reader.FindAsync(number, cancellationToken);
        if (epoch is { Status: EpochStatus.Paying })
            return Problem(StatusCodes.Status409Conflict, PayingDetail(number), "epoch_paying");
        if (epoch is not { Status: EpochStatus.Closed })
            return Problem(StatusCodes.Status404NotFound, $"There is no closed epoch {number}.", "epoch_not_found");
        var lines = await reader.AllocationsAsync(number, cancellationToken: cancellationToken);
        return Csv(EpochStatements.AllocationsCsv(number, lines), $"epoch-{number}-allocations.csv");
    }

    private static async Task<IResult> StatementCsvAsync(
        HttpContext context, OperatorDirectory operators, EpochStatements statements, EpochReader reader, long number, CancellationToken cancellationToken)
    {
        if (await operators.FindOperatorIdAsync(context.User, cancellationToken) is not { } operatorId)
            return Problem(StatusCodes.Status404NotFound, "No operator belongs to this account.", "operator_not_found");
        // As the allocations CSV: a statement exists once the epoch is paid, so an unknown, open or paying epoch is no file.
        var epoch = await reader.FindAsync(number, cancellationToken);
        if (epoch is { Status: EpochStatus.Paying })
            return Problem(StatusCodes.Status409Conflict, PayingDetail(number), "epoch_paying");
        if (epoch is not { Status: EpochStatus.Closed })
            return Problem(StatusCodes.Status404NotFound, $"There is no closed epoch {number}.", "epoch_not_found");
        var lines = await statements.ForOperatorAsync(operatorId, number, cancellationToken);
        return Csv(EpochStatements.StatementCsv(lines), $"epoch-{number}-statement.csv");
    }

    private static string PayingDetail(long number) =>
        $"Epoch {number} is closed and its credits are being paid; its allocation lines are complete once it shows closed (seconds).";

    private static IResult Csv(string body, string fileName) =>
        TypedResults.File(Encoding.UTF8.GetBytes(body), "text/csv; charset=utf-8", fileName);

    // The API's one problem shape (type, title, code), as every other endpoint answers.
    private static ProblemHttpResult Problem(int status, string detail, string code) => Api.ApiProblems.Problem(status, code, detail);

    private static EpochDto ToDto(EpochRecord e) => new(e.Number, e.StartsAt, e.EndsAt, Api.Names.Code(e.Status), e.Pool, e.PoolFromBurns, e.CarryIn,
        e.Emission, e.BurnedDuring, e.Allocated, e.CarryOut, e.AgentsPaid, e.LastPriceTicks is { } t ? t / 10_000m : null, e.ClosedAt);
}

public sealed record CurrentEpochDto(long Number, DateTime StartsAt, DateTime EndsAt, long BurnedSoFar, long ProjectedPool, int EligibleAgents,
    long PoolFromBurns, long CarryIn, long Emission, int MinJobs);

/// <summary>An epoch as the API shows it; amounts in XP units, the last price in dollars per XP.</summary>
/// <param name="Status">
/// <c>open</c>; <c>paying</c> (closed: its totals are final and the next epoch is open, its credits are being paid one range of
/// operators at a time, usually for a few seconds; its allocation lines answer 409 until then); or <c>closed</c>.
/// </param>
public sealed record EpochDto(long Number, DateTime StartsAt, DateTime EndsAt, string Status, long Pool, long PoolFromBurns, long CarryIn,
    long Emission, long Burned, long Allocated, long CarriedOver, int AgentsPaid, decimal? LastPrice, DateTime? ClosedAt);

public sealed record EpochPageDto(int Page, int Size, int Total, IReadOnlyList<EpochDto> Items);

public sealed record AllocationDto(long AgentId, string Agent, string Operator, int Jobs, decimal SuccessfulVolume, int DistinctCounterparties,
    decimal VolumeShare, decimal QualityShare, decimal DiversityShare, decimal ReputationShare, decimal Share, long Allocation);

/// <summary>One page of an epoch's allocation lines, largest allocation first (ties by agent id); <paramref name="Total"/> lines in all.</summary>
public sealed record EpochAllocationsDto(EpochDto Epoch, int Page, int Size, int Total, IReadOnlyList<AllocationDto> Allocations);
