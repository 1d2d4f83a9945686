using CsCheck;
using XpFlywheel.Core.Economy;
using XpFlywheel.Core.Ledger;
using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Otc;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Tests.Economy;

/// <summary>
/// Random mixes of jobs, locks, unlocks, cancels, releases, burns, trades and OTC posts, takes, cancels and quotes, driven through the ledger the way the
/// web services drive it: cash and XP are conserved (burned XP sits in the burn pool) and no balance goes negative.
/// </summary>
public class EconomyConservationPropertyTests
{
    private const int Operators = 3;

    // (kind, operator, other operator, amount, price ticks)
    private static readonly Gen<(int, int, int, long, int)> GenStep =
        Gen.Select(Gen.Int[0, 12], Gen.Int[1, Operators], Gen.Int[1, Operators], Gen.OneOf(Gen.Long[1, 50], Gen.Long[1, 5_000], Gen.Long[1, 2_000_000]), Gen.Int[9_000, 11_000]);

    [Fact]
    public void Jobs_locks_unlocks_burns_trades_and_otc_conserve_cash_and_xp_and_never_go_negative()
    {
        GenStep.Array[1, 80].Sample(steps =>
        {
            var ledger = new AccountLedger();
            var engine = new MatchingEngine(ledger);
            var locks = new List<(long Operator, XpLock Lock)>();
            var offers = new List<OtcOfferState>();
            var otc = OtcParameters.Default with { MakerFeeBps = 7 };
            long deposited = 0, emitted = 0, burned = 0, fees = 0;
            var at = DateTimeOffset.UnixEpoch;
            for (long op = 1; op <= Operators; op++)
            {
                ledger.Deposit(op, 1_000_000_000, 0);
                ledger.Emit(op, 1_000_000, PostingReason.Emission, 0);
                deposited += 1_000_000_000;
                emitted += 1_000_000;
            }

            foreach (var (kind, op, other, amount, ticks) in steps)
            {
                at = at.AddDays(1);
                switch (kind)
                {
                    case 0:
                        var settlement = JobSettlement.Settle(new Cash(amount * 1_000), FeeSchedule.Default.Tiers[ticks % 6], op.ToString(), other.ToString());
                        if (ledger.SettleJob(op, other, settlement.Amount.Micros, settlement.Fee.Micros, 0).Succeeded)
                            fees += settlement.Fee.Micros;
                        Assert.Equal(settlement.Amount, settlement.Fee + settlement.ProviderReceives);
                        break;
                    case 1:
                        if (ledger.Burn(op, amount, 0).Succeeded)
                            burned += amount;
                        break;
                    case 2:
                        if (ledger.Lock(op, amount, 0).Succeeded)
                            locks.Add((op, XpLock.Lock(op, new Xp(amount), at).Lock!));
                        break;
                    case 3:
                        Transition(ledger, locks, op, l => l.RequestUnlock(new Xp(Math.Min(amount, l.Amount.Units)), at, LockPolicy.Default), (o, x) => ledger.RequestUnlock(o, x, 0));
                        break;
                    case 4:
                        Transition(ledger, locks, op, l => l.CancelUnlock(), (o, x) => ledger.CancelUnlock(o, x, 0));
                        break;
                    case 5:
                        Transition(ledger, locks, op, l => l.Release(at), (o, x) => ledger.ReleaseUnlock(o, x, 0));
                        break;
                    case 6 or 7:
                        engine.Place(PlaceOrder.Limit(op, kind == 6 ? Side.Buy : Side.Sell, new Price(ticks), new Xp(amount)));
                        break;
                    case 8:
                        engine.CancelAll(op);
                        break;
                    case 9:
                        var side = amount % 2 == 0 ? Side.Buy : Side.Sell;
                        var unit = OtcRules.UnitHold(side, new Price(ticks), otc);
                        if (ledger.HoldForOtc(op, side, amount * unit, 0).Succeeded)
                            offers.Add(new OtcOfferState(op, side, new Price(ticks), amount, unit));
                        break;
                    case 10 when offers.Count > 0:
                        var offer = offers[(int)(amount % offers.Count)];
                        var take = Math.Min(offer.Remaining, 1 + amount % 37);
                        if (offer.Operator == other)
                            break;
                        var fill = OtcRules.Fill(offer.Operator, other, offer.Side, offer.Price, take, otc);
                        if (ledger.SettleOtcOffer(fill, take * offer.UnitHold, 0).Succeeded)
                        {
                            offer.Remaining -= take;
                            fees += fill.MakerFeeMicros + fill.TakerFeeMicros;
                        }
                        break;
                    case 11 when offers.Count > 0:
                        var gone = offers[(int)(amount % offers.Count)];
                        Assert.True(ledger.ReleaseOtc(gone.Operator, gone.Side, gone.Remaining * gone.UnitHold, 0).Succeeded);
                        offers.Remove(gone);
                        break;
                    case 12 when op != other:
                        var quote = OtcRules.Fill(op, other, amount % 2 == 0 ? Side.Buy : Side.Sell, new Price(ticks), amount, otc);
                        if (ledger.SettleOtcQuote(quote, 0).Succeeded)
                            fees += quote.MakerFeeMicros + quote.TakerFeeMicros;
                        break;
                    default:
                        break;
                }

                Assert.Null(engine.CheckInvariants());
                Assert.Equal(deposited, ledger.Supply(Asset.Cash));
                Assert.Equal(emitted, ledger.Supply(Asset.Xp));
                Assert.Equal(burned, ledger.Balance(AccountId.BurnPool));
                Assert.True(ledger.Balance(AccountId.Treasury) >= fees);
                Assert.Equal(offers.Where(o => o.Side == Side.Buy).Sum(o => o.Remaining * o.UnitHold), ledger.Balance(AccountId.OtcCashEscrow));
                Assert.Equal(offers.Where(o => o.Side == Side.Sell).Sum(o => o.Remaining), ledger.Balance(AccountId.OtcXpEscrow));
                for (long o = 1; o <= Operators; o++)
                {
                    var mine = locks.Where(l => l.Operator == o).Select(l => l.Lock).ToArray();
                    Assert.Equal(XpLock.LockedTotal(mine).Units, ledger.Balance(AccountId.XpLocked(o)));
                    Assert.Equal(mine.Where(l => l.State is XpLockState.Unlocking).Sum(l => l.Amount.Units), ledger.Balance(AccountId.XpUnlocking(o)));
                }
            }
        }, iter: 200);
    }

    // Applies a lock transition to the operator's first lock that accepts it, and the matching ledger move.
    private static void Transition(AccountLedger ledger, List<(long Operator, XpLock Lock)> locks, int op, Func<XpLock, LockTransition> step, Func<long, long, TransferResult> move)
    {
        for (var i = 0; i < locks.Count; i++)
        {
            if (locks[i].Operator != op)
                continue;
            var transition = step(locks[i].Lock);
            if (!transition.Succeeded)
                continue;
            var moved = transition.SplitOff?.Amount ?? transition.Lock!.Amount;
            Assert.True(move(op, moved.Units).Succeeded);
            locks[i] = (op, transition.Lock!);
            if (transition.SplitOff is { } split)
                locks.Add((op, split));
            return;
        }
    }

    // An OTC offer as the web desk keeps it in its row: what is left and what it holds per XP.
    private sealed class OtcOfferState(long op, Side side, Price price, long remaining, long unitHold)
    {
        public long Operator { get; } = op;
        public Side Side { get; } = side;
        public Price Price { get; } = price;
        public long Remaining { get; set; } = remaining;
        public long UnitHold { get; } = unitHold;
    }
}
