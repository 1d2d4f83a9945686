using XpFlywheel.Web.Economy;
using XpFlywheel.Web.Epochs;
using XpFlywheel.Web.Notifications;

namespace XpFlywheel.Web.Tests.Notifications;

public class EconomyNotifierTests
{
    [Fact]
    public void Epoch_close_tells_only_the_operators_it_paid()
    {
        var closed = new EpochClosed(7, 50_000, 50_000, 0, 2, new Dictionary<long, long> { [3] = 30_000, [4] = 20_000, [5] = 0 });

        var messages = EconomyNotifier.Messages(closed).ToList();

        Assert.Equal([3L, 4L], messages.Select(m => m.OperatorId).Order());
        Assert.Contains(messages, m => m.OperatorId == 3 && m.Message == "Epoch 7 paid your agents 30,000 XP (pool 50,000 XP).");
    }

    [Fact]
    public void Each_paid_part_of_an_epoch_tells_its_operators_and_the_close_after_it_tells_no_one_again()
    {
        var part = new EpochCreditsPaid(8, 90_000, new Dictionary<long, long> { [6] = 40_000, [7] = 0 });
        var closed = new EpochClosed(8, 90_000, 90_000, 0, 3, PaidByOperator: null);

        var message = Assert.Single(EconomyNotifier.Messages(part));

        Assert.Equal((6L, EconomyNotifier.EpochPaidKind, "Epoch 8 paid your agents 40,000 XP (pool 90,000 XP)."), message);
        Assert.Empty(EconomyNotifier.Messages(closed));
    }

    [Fact]
    public void Released_unlock_tells_its_owner_the_xp_is_available_again()
    {
        var message = Assert.Single(EconomyNotifier.Messages(new UnlockReleased(9, 1, 2, "Translator", 1_500)));

        Assert.Equal((9L, EconomyNotifier.UnlockReleasedKind, "1,500 XP unlocked from Translator is available again."), message);
    }
}
