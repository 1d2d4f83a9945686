using CsCheck;
using XpFlywheel.Core.Ledger;
using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Tests.Matching.Reference;

namespace XpFlywheel.Core.Tests.Matching;

/// <summary>
/// The fast engine against the simple reference book over random command sequences: same results command by command,
/// same balances, and the conservation and book invariants after every command.
/// </summary>
public class EngineMatchesReferenceTests
{
    private const long Cash = 60_000_000; // $60: enough for a few dozen XP, so large orders are refused
    private const long Xp = 300;

    [Fact]
    public void Engine_results_balances_and_invariants_match_the_reference_over_random_command_sequences()
    {
        StepGen.Step.List[1, 150].Sample(Replay, iter: 3_000, threads: 1);
    }

    [Fact]
    public void Seeded_session_of_ten_thousand_commands_matches_the_reference()
    {
        Replay(StepGen.Step.List[10_000, 10_000].Generate(new PCG(7, 20261125), null, out _));
    }

    [Fact]
    public void Long_random_sessions_match_the_reference()
    {
        StepGen.Step.List[5_000, 10_000].Sample(Replay, iter: 2, threads: 1);
    }

    private static void Replay(List<Step> steps)
    {
        var ledger = new AccountLedger();
        var engine = new MatchingEngine(ledger, orderCapacity: 16);
        var reference = new ReferenceBook();
        for (long op = 1; op <= StepGen.Operators; op++)
        {
            ledger.Deposit(op, Cash, 0);
            ledger.Emit(op, Xp, PostingReason.Emission, 0);
            reference.Fund(op, Cash, Xp);
        }
        var views = new List<OrderView>();
        for (var i = 0; i < steps.Count; i++)
        {
            views.Clear();
            engine.CopyOrders(views);
            views.Sort((a, b) => a.OrderId.CompareTo(b.OrderId));
            var step = steps[i].Resolve(views);
            var pricesBefore = views.ToDictionary(v => v.OrderId, v => v.Price.Ticks);

            var expected = step.ApplyTo(reference);
            var actual = ReferenceResult.From(step.ApplyTo(engine));

            var where = $"step {i}: {step}";
            Assert.True(expected.ToString() == actual.ToString(), $"{where}\nreference: {expected}\nengine:    {actual}");
            Assert.Null(engine.CheckInvariants());
            Assert.Equal(StepGen.Operators * Cash, ledger.Supply(Asset.Cash));
            Assert.Equal(StepGen.Operators * Xp, ledger.Supply(Asset.Xp));
            AssertSameBalances(ledger, reference, where);
            foreach (var fill in actual.Fills)
            {
                Assert.Equal(pricesBefore.GetValueOrDefault(fill.MakerOrderId, -1), fill.Price.Ticks);
                if (step.TakerLimit is { } limit)
                    Assert.True(fill.TakerSide == Side.Buy ? fill.Price.Ticks <= limit : fill.Price.Ticks >= limit, where);
            }
            views.Clear();
            engine.CopyOrders(views);
            Assert.Equal(
                reference.Orders.OrderBy(o => o.Id).Select(o => (o.Id, o.Price, o.Remaining)),
                views.OrderBy(v => v.OrderId).Select(v => (v.OrderId, v.Price.Ticks, v.Remaining.Units)));
            ledger.ClearPostings();
        }
    }

    private static void AssertSameBalances(AccountLedger ledger, ReferenceBook reference, string where)
    {
        Assert.True(reference.Treasury == ledger.Balance(AccountId.Treasury), $"{where}: treasury");
        for (long op = 1; op <= StepGen.Operators; op++)
        {
            var engine = (ledger.Balance(AccountId.CashAvailable(op)), ledger.Balance(AccountId.CashHeld(op)),
                ledger.Balance(AccountId.XpAvailable(op)), ledger.Balance(AccountId.XpHeld(op)));
            var expected = (reference.Balance(op, "cash"), reference.Balance(op, "cashHeld"),
                reference.Balance(op, "xp"), reference.Balance(op, "xpHeld"));
            Assert.True(expected == engine, $"{where}: operator {op} reference {expected} engine {engine}");
        }
    }
}
