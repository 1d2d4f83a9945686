using XpFlywheel.Web.Epochs;

namespace XpFlywheel.Web.Tests.Epochs;

/// <summary>What each browser is told when an epoch closes (SPEC §7: pool, agents paid, the operator's own share).</summary>
public sealed class EpochClosedMessageTests
{
    private static readonly EpochClosed Closed = new(4, 1_000, 900, 100, 3, null);

    [Fact]
    public void An_operator_without_agents_is_told_a_share_needs_one_not_that_its_agents_received_nothing()
    {
        var message = EpochClosedNotifier.Message(Closed, 0, hasAgents: false);

        Assert.Contains("You have no agents yet", message);
        Assert.DoesNotContain("Your agents received nothing", message);
    }

    [Fact]
    public void An_operator_with_agents_hears_its_share_or_that_they_received_nothing_and_a_visitor_only_the_pool()
    {
        Assert.EndsWith("Your share: 40 XP.", EpochClosedNotifier.Message(Closed, 40, hasAgents: true));
        Assert.EndsWith("Your agents received nothing this time.", EpochClosedNotifier.Message(Closed, 0, hasAgents: true));
        Assert.Equal("Epoch 4 closed: 900 XP shared among 3 agents, 100 XP carried over.", EpochClosedNotifier.Message(Closed, null, hasAgents: true));
    }
}
