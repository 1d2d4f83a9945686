using CsCheck;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Core.Ledger;
using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Data.Entities;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Economy;

/// <summary>
/// Random jobs, locks, unlocks, cancels, burns and trades through the real services and the single writer: cash and
/// XP are conserved, burned XP is in the burn pool, nothing goes negative, and the stored rows agree with the ledger.
/// </summary>
public class EconomyServicesPropertyTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private readonly EconomyKit _kit = new(factory.Services);

    private static readonly Gen<(int Kind, int A, int B, long Amount, int Ticks)> GenStep =
        Gen.Select(Gen.Int[0, 7], Gen.Int[0, 2], Gen.Int[0, 2], Gen.OneOf(Gen.Long[1, 100], Gen.Long[1, 20_000]), Gen.Int[9_000, 11_000]);

    [Fact]
    public async Task Random_economy_activity_through_the_services_conserves_cash_and_xp()
    {
        var trading = factory.Services.GetRequiredService<TradingService>();
        await GenStep.Array[5, 40].SampleAsync(async steps =>
        {
            var ops = new long[3];
            var agents = new long[3];
            for (var i = 0; i < 3; i++)
            {
                ops[i] = await _kit.OperatorAsync(dollars: 5_000, xp: 50_000);
                agents[i] = await _kit.AgentAsync(ops[i]);
            }
            var cashBefore = await _kit.Host.ExecuteAsync(s => s.Ledger.Supply(Asset.Cash));
            var xpBefore = await _kit.Host.ExecuteAsync(s => s.Ledger.Supply(Asset.Xp));
            var poolBefore = await _kit.BalanceAsync(AccountId.BurnPool);
            long burned = 0;

            foreach (var (kind, a, b, amount, ticks) in steps)
            {
                switch (kind)
                {
                    case 0:
                        await _kit.Jobs.RecordAsync(ops[a], agents[a], agents[b == a ? (b + 1) % 3 : b], amount, ticks % 4 != 0);
                        break;
                    case 1:
                        if ((await _kit.Burns.BurnAsync(ops[a], amount)).Succeeded)
                            burned += amount;
                        break;
                    case 2:
                        await _kit.Locks.LockAsync(ops[a], agents[a], amount);
                        break;
                    case 3 or 4:
                        var mine = await _kit.Locks.ListAsync(ops[a]);
                        if (mine.FirstOrDefault(l => l.Status == (kind == 3 ? LockStatus.Locked : LockStatus.Unlocking)) is { } row)
                        {
                            if (kind == 3)
                                await _kit.Locks.RequestUnlockAsync(ops[a], row.Id, Math.Min(amount, row.Amount));
                            else
                                await _kit.Locks.CancelUnlockAsync(ops[a], row.Id);
                        }
                        break;
                    default:
                        await trading.PlaceAsync(ops[a], new PlaceOrderRequest(kind == 5 ? Side.Buy : Side.Sell, OrderType.Limit, ticks / 10_000m, amount));
                        break;
                }
            }

            Assert.Null(await _kit.InvariantsAsync());
            Assert.Equal(cashBefore, await _kit.Host.ExecuteAsync(s => s.Ledger.Supply(Asset.Cash)));
            Assert.Equal(xpBefore, await _kit.Host.ExecuteAsync(s => s.Ledger.Supply(Asset.Xp)));
            Assert.Equal(poolBefore + burned, await _kit.BalanceAsync(AccountId.BurnPool));
            foreach (var op in ops)
            {
                var locked = await _kit.BalanceAsync(AccountId.XpLocked(op));
                var unlocking = await _kit.BalanceAsync(AccountId.XpUnlocking(op));
                var rows = await _kit.DbAsync(db => db.Agents.Where(x => x.OperatorId == op).Select(x => new { x.LockedXp, x.UnlockingXp }).ToListAsync());
                Assert.Equal(locked, rows.Sum(r => r.LockedXp));
                Assert.Equal(unlocking, rows.Sum(r => r.UnlockingXp));
                var wallet = await _kit.DbAsync(db => db.Wallets.SingleAsync(w => w.Id == op));
                Assert.Equal(await _kit.BalanceAsync(AccountId.CashAvailable(op)), wallet.CashAvailable);
                Assert.Equal(await _kit.BalanceAsync(AccountId.XpAvailable(op)), wallet.XpAvailable);
                Assert.Equal(locked, wallet.XpLocked);
            }
        }, iter: 5, threads: 1);
    }
}
