using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Core.Commands;
using XpFlywheel.Core.Economy;
using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Otc;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Parameters;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Parameters;

/// <summary>
/// A parameter command that says what it was made from (<c>Expected</c>, the form as it was filled in) is refused on
/// the writer when those values are no longer in force: the check and the change are one step, so no change can land
/// between them and be undone by a whole-section save. Each test owns its app: parameters are global state.
/// </summary>
public sealed class ParameterExpectedValuesTests : IAsyncDisposable
{
    private readonly AppFactory _factory = new();

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    private sealed record Case(string Section, Func<ParameterSet, object> Read, Func<ParameterSet, bool, ExchangeCommand> Change);

    private static readonly Actor Admin = Actor.Admin("admin@test.local");

    // Each section's change, made from the values in force (fresh) or from values that differ from them (stale).
    private static readonly Case[] Cases =
    [
        new("market", p => p.Market, (p, fresh) => new SetMarketParameters(p.Market with { TakerFeeBps = p.Market.TakerFeeBps + 3 })
            { By = Admin, Expected = fresh ? p.Market : p.Market with { BandBps = p.Market.BandBps + 100 } }),
        new("otc", p => p.Desk, (p, fresh) => new SetOtcParameters(p.Desk with { TakerFeeBps = p.Desk.TakerFeeBps + 3 })
            { By = Admin, Expected = fresh ? p.Desk : p.Desk with { BandBps = p.Desk.BandBps + 100 } }),
        new("lock", p => p.Lock, (p, fresh) => new SetLockPolicy(new LockPolicy(p.Lock.WaitingPeriod + TimeSpan.FromDays(1)))
            { By = Admin, Expected = fresh ? p.Lock : new LockPolicy(p.Lock.WaitingPeriod + TimeSpan.FromHours(1)) }),
        new("reputation", p => p.Rules, (p, fresh) => new SetReputationRules(p.Rules with { ClientCapShare = 0.5m })
            { By = Admin, Expected = fresh ? p.Rules : p.Rules with { DisputeWindow = p.Rules.DisputeWindow + TimeSpan.FromHours(1) } }),
        new("next epoch", p => p.NextEpoch, (p, fresh) => new SetNextEpochParameters(p.NextEpoch with { MinJobs = p.NextEpoch.MinJobs + 2 })
            { By = Admin, Expected = fresh ? p.NextEpoch : p.NextEpoch with { MinJobs = p.NextEpoch.MinJobs + 1 } }),
        new("tiers", p => string.Join("|", p.Tiers.Tiers) + p.TierWindowAsStored, (p, fresh) =>
            new SetFeeTiers([.. p.Tiers.Tiers.Select((t, i) => i == 0 ? t : t with { BurnThreshold = new Xp(t.BurnThreshold.Units + 1) })], 30)
            {
                By = Admin,
                ExpectedTiers = fresh ? p.Tiers.Tiers : [.. p.Tiers.Tiers.Select((t, i) => i == 1 ? t with { FeeRate = t.FeeRate / 2 } : t)],
                ExpectedWindow = p.TierWindowAsStored,
            }),
    ];

    [Fact]
    public async Task A_parameter_change_made_from_values_no_longer_in_force_is_refused_on_the_writer_and_changes_nothing()
    {
        var host = _factory.Services.GetRequiredService<ExchangeHost>();
        var board = _factory.Services.GetRequiredService<ParameterBoard>();
        await host.Ready;
        foreach (var @case in Cases)
        {
            var before = board.Current;
            var audits = await AuditCountAsync();

            var stale = await host.SubmitAsync<Validated<ParameterSet>>(@case.Change(before, false));
            Assert.False(stale.IsValid, @case.Section);
            Assert.Equal([ParameterChanges.ChangedElsewhere], stale.Errors);
            Assert.Equal(@case.Read(before), @case.Read(board.Current));
            Assert.Equal(audits, await AuditCountAsync());

            var applied = await host.SubmitAsync<Validated<ParameterSet>>(@case.Change(before, true));
            Assert.True(applied.IsValid, $"{@case.Section}: {string.Join("; ", applied.Errors)}");
            Assert.NotEqual(@case.Read(before), @case.Read(board.Current));
            Assert.Equal(audits + 1, await AuditCountAsync());

            // The same change again, made from the values before it: the first save is not put back.
            var after = board.Current;
            var repeated = await host.SubmitAsync<Validated<ParameterSet>>(@case.Change(before, true));
            Assert.Equal([ParameterChanges.ChangedElsewhere], repeated.Errors);
            Assert.Equal(@case.Read(after), @case.Read(board.Current));
        }
    }

    /// <summary>A command that names no expected values replaces the section as before (the API and scripts).</summary>
    [Fact]
    public async Task A_parameter_change_without_expected_values_replaces_the_section()
    {
        var host = _factory.Services.GetRequiredService<ExchangeHost>();
        var board = _factory.Services.GetRequiredService<ParameterBoard>();
        await host.Ready;
        var changed = board.Current.Market with { TakerFeeBps = 42 };
        var applied = await host.SubmitAsync<Validated<ParameterSet>>(new SetMarketParameters(changed) { By = Admin });
        Assert.True(applied.IsValid);
        Assert.Equal(changed, board.Current.Market);
    }

    /// <summary>
    /// The writer refuses an epoch length outside one minute to 366 days, as the admin form does: nothing is pending
    /// and nothing is audited.
    /// </summary>
    [Theory]
    [InlineData("00:00:01")]
    [InlineData("99999.00:00:00")]
    public async Task An_epoch_length_out_of_range_is_refused_on_the_writer_and_changes_nothing(string length)
    {
        var host = _factory.Services.GetRequiredService<ExchangeHost>();
        var board = _factory.Services.GetRequiredService<ParameterBoard>();
        await host.Ready;
        var before = board.Current;
        var audits = await AuditCountAsync();

        var refused = await host.SubmitAsync<Validated<ParameterSet>>(new SetNextEpochParameters(
            before.NextEpoch with { Length = TimeSpan.Parse(length, System.Globalization.CultureInfo.InvariantCulture) }) { By = Admin });

        Assert.False(refused.IsValid);
        Assert.Contains(refused.Errors, e => e.Contains("from 1 minute (00:01:00) to 366 days", StringComparison.Ordinal));
        Assert.Equal(before.NextEpoch, board.Current.NextEpoch);
        Assert.Null(board.Current.PendingEpoch);
        Assert.Equal(audits, await AuditCountAsync());
    }

    private async Task<int> AuditCountAsync()
    {
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await db.AuditLog.CountAsync();
    }
}
