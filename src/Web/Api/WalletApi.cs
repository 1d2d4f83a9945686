using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using XpFlywheel.Core.Ledger;
using XpFlywheel.Web.Data;

namespace XpFlywheel.Web.Api;

/// <summary>The key holder's balances and every movement that made them.</summary>
public static class WalletApi
{
    public static IEndpointRouteBuilder MapWalletApi(this IEndpointRouteBuilder app)
    {
        var wallet = app.MapGroup("/api/v1/wallet").RequireAuthorization(ApiExtensions.ApiKeyPolicy).WithTags("Wallet");
        wallet.MapGet("/", GetAsync).WithName("GetWallet").Produces<WalletDto>();
        wallet.MapPost("/withdrawals", WithdrawAsync).WithName("Withdraw").Produces<WithdrawalDto>(StatusCodes.Status201Created)
            .WithSummary("Withdraw cash from your available balance (a record: there are no payment rails). Cash held by open orders, offers or failed jobs stays.");
        wallet.MapGet("/withdrawals", WithdrawalsAsync).WithName("ListWithdrawals").Produces<PageOf<WithdrawalDto>>().WithSummary("Your withdrawals, newest first.");
        wallet.MapGet("/withdrawals/{id}", WithdrawalAsync).WithName("GetWithdrawal").Produces<WithdrawalDto>();
        wallet.MapGet("/postings", PostingsAsync).WithName("ListPostings").Produces<PageOf<PostingDto>>().WithSummary("Every ledger movement of your accounts: newest first by page, or by cursor (fromId/before = sequence, startTime/endTime in ms).");
        return app;
    }

    private static async Task<IResult> GetAsync(ClaimsPrincipal user, IDbContextFactory<AppDbContext> dbFactory, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var w = await db.Wallets.AsNoTracking().SingleAsync(x => x.Id == ApiOperator.Id(user), cancellationToken);
        var holds = await Wallets.WalletHolds.ReadAsync(db, w.Id, cancellationToken);
        return TypedResults.Ok(new WalletDto(w.Id, w.CashAvailable / 1_000_000m, w.CashHeld / 1_000_000m, w.XpAvailable, w.XpHeld, w.XpLocked, w.XpUnlocking,
            holds.OtcCash / 1_000_000m, holds.OtcXp, holds.JobEscrowCash / 1_000_000m));
    }

    private static async Task<IResult> WithdrawAsync(WithdrawBody body, ClaimsPrincipal user, Exchange.TradingService trading, HttpContext http, CancellationToken cancellationToken)
    {
        var result = await trading.WithdrawAsync(ApiOperator.Id(user), body.Amount, cancellationToken, idempotencyKey: ApiIdempotency.KeyOf(http));
        ApiIdempotency.MarkIfRepeat(http, result);
        return result.Value is { } done
            ? TypedResults.Created($"/api/v1/wallet/withdrawals/{done.Id}", new WithdrawalDto(done.Id, done.Micros / 1_000_000m, done.At) { CashAvailable = done.CashAvailableAfter / 1_000_000m })
            : EconomyApi.Refused(result);
    }

    private static async Task<IResult> WithdrawalsAsync(ClaimsPrincipal user, IDbContextFactory<AppDbContext> dbFactory, [Range(1, int.MaxValue)] int? page, [Range(1, 200), DefaultValue(50)] int? size, CancellationToken cancellationToken)
    {
        if (ApiInput.Paging(page, size, out var p, out var s) is { } invalidPaging)
            return invalidPaging;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = Withdrawals(db, ApiOperator.Id(user));
        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderByDescending(x => x.Sequence).Skip((p - 1) * s).Take(s).ToListAsync(cancellationToken);
        return TypedResults.Ok(new PageOf<WithdrawalDto>(p, s, total, rows.Select(WithdrawalDto.From).ToList()));
    }

    private static async Task<IResult> WithdrawalAsync(long id, ClaimsPrincipal user, IDbContextFactory<AppDbContext> dbFactory, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // Another operator's withdrawal is 404, as an unknown id is.
        var row = await Withdrawals(db, ApiOperator.Id(user)).FirstOrDefaultAsync(x => x.Reference == id, cancellationToken);
        return row is null ? ApiProblems.NotFound("withdrawal") : TypedResults.Ok(WithdrawalDto.From(row));
    }

    // A withdrawal is its posting: available cash → external cash, reason withdrawal, referenced by the command's sequence.
    private static IQueryable<Data.Entities.PostingRecord> Withdrawals(AppDbContext db, long operatorId) =>
        db.Postings.AsNoTracking().Where(x => x.FromOwner == operatorId && x.Reason == (int)PostingReason.Withdrawal);

    private static async Task<IResult> PostingsAsync(ClaimsPrincipal user, IDbContextFactory<AppDbContext> dbFactory, [Range(1, int.MaxValue)] int? page, [Range(1, 200), DefaultValue(50)] int? size,
        long? fromId, long? before, long? startTime, long? endTime, CancellationToken cancellationToken)
    {
        var operatorId = ApiOperator.Id(user);
        if (ApiInput.Paging(page, size, out var p, out var s) is { } invalidPaging)
            return invalidPaging;
        if (HistoryCursor.Parse(fromId, before, startTime, endTime, page, out var cursor) is { } invalidCursor)
            return invalidCursor;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Postings.AsNoTracking().Where(x => x.FromOwner == operatorId || x.ToOwner == operatorId);
        var ordered = cursor.Any ? cursor.Apply(query, x => x.Sequence, x => x.At) : query.OrderByDescending(x => x.Sequence).Skip((p - 1) * s);
        var total = await (cursor.Any ? ordered : query).CountAsync(cancellationToken);
        var rows = await ordered.Take(s).ToListAsync(cancellationToken);
        var items = rows.Select(x =>
        {
            var incoming = x.ToOwner == operatorId;
            var asset = (Asset)(incoming ? x.ToAsset : x.FromAsset);
            var mine = (AccountKind)(incoming ? x.ToKind : x.FromKind);
            var other = new AccountId(incoming ? x.FromOwner : x.ToOwner, asset, (AccountKind)(incoming ? x.FromKind : x.ToKind));
            var amount = asset == Asset.Cash ? x.Amount / 1_000_000m : x.Amount;
            var counterparty = other.Owner == operatorId ? $"own {Names.Code(other.Kind)}"
                : other.Owner == AccountId.SystemOwner ? Names.Code(other.Kind)
                : Wallets.PostingCounterparty.IsAnonymous((PostingReason)x.Reason) ? Wallets.PostingCounterparty.Market
                : $"operator {other.Owner}";
            return new PostingDto(x.Sequence, Names.Code(asset), Names.Code(mine), incoming ? "in" : "out", amount,
                Names.Code((PostingReason)x.Reason), x.Reference, counterparty, x.At);
        }).ToList();
        return TypedResults.Ok(new PageOf<PostingDto>(cursor.Any ? 1 : p, s, total, items, cursor.Any ? cursor.Next(rows.LastOrDefault()?.Sequence, rows.Count, s) : null));
    }
}
