using XpFlywheel.Web.Data.Entities;
using XpFlywheel.Web.Epochs;

namespace XpFlywheel.Web.Tests.Components;

public class EpochHistoryTableTests : MudTestContext
{
    private static EpochRecord Epoch(long number, EpochStatus status) => new()
    {
        Number = number, Status = status, StartsAt = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc),
        EndsAt = new DateTime(2026, 12, 2, 0, 0, 0, DateTimeKind.Utc), ClosedAt = new DateTime(2026, 12, 2, 0, 0, 0, DateTimeKind.Utc),
        Allocated = 1_000, AgentsPaid = 3,
    };

    [Fact]
    public void An_epoch_being_paid_says_so_and_offers_no_CSV_that_would_answer_409()
    {
        var cut = Render<EpochHistoryTable>(p => p.Add(x => x.Items, [Epoch(2, EpochStatus.Paying), Epoch(1, EpochStatus.Closed)]));

        var rows = cut.FindAll("tbody tr");
        Assert.Contains("Being paid", rows[0].TextContent);
        Assert.Empty(rows[0].QuerySelectorAll("a[href$='allocations.csv']"));
        Assert.Single(rows[1].QuerySelectorAll("a[href='/api/v1/epochs/1/allocations.csv']"));
        Assert.DoesNotContain("Being paid", rows[1].TextContent);
    }
}
