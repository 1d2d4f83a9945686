using XpFlywheel.Web.Admin;

namespace XpFlywheel.Web.Tests.Admin;

/// <summary>The audit log shows what a change altered, not two whole sections to compare by eye.</summary>
public sealed class AuditChangesTests
{
    /// <summary>
    /// A tier table saved with only its window changed lists that one value, by its path, before and after; a change
    /// inside a list names the item.
    /// </summary>
    [Fact]
    public void An_audited_change_lists_each_value_it_altered_by_its_path()
    {
        const string before = """{"tiers":[{"name":"Basic","feeRate":0.025},{"name":"Diamond","feeRate":0.0025}],"windowDays":30}""";
        const string after = """{"tiers":[{"name":"Basic","feeRate":0.025},{"name":"Diamond","feeRate":0.00123456789}],"windowDays":31}""";

        var changes = AuditChanges.Of(before, after);

        Assert.Equal(
            [new AuditChanges.Change("tiers[1].feeRate", "0.0025", "0.00123456789"), new AuditChanges.Change("windowDays", "30", "31")],
            changes);
    }

    [Fact]
    public void A_value_added_or_removed_is_shown_against_none()
    {
        var changes = AuditChanges.Of("""{"a":1}""", """{"b":2}""");

        Assert.Equal([new AuditChanges.Change("a", "1", null), new AuditChanges.Change("b", null, "2")], changes);
        Assert.Equal([new AuditChanges.Change("a", null, "1")], AuditChanges.Of(null, """{"a":1}"""));
    }

    /// <summary>Plain text (an epoch's "open", a credited amount) and broken JSON are shown as they are, not read as changes.</summary>
    [Theory]
    [InlineData("open", "pool 5, allocated 5")]
    [InlineData(null, "$12.34")]
    [InlineData("{\"a\":", "{\"a\":1}")]
    [InlineData(null, null)]
    public void Text_that_is_not_json_is_left_as_it_is(string? before, string? after) =>
        Assert.Null(AuditChanges.Of(before, after));

    [Fact]
    public void A_save_that_changed_nothing_lists_nothing()
    {
        Assert.Empty(AuditChanges.Of("""{"waitingPeriod":"00:00:00"}""", """{"waitingPeriod":"00:00:00"}""")!);
    }

    [Fact]
    public void At_most_twenty_changes_are_listed()
    {
        var before = "[" + string.Join(",", Enumerable.Range(0, 30)) + "]";
        var after = "[" + string.Join(",", Enumerable.Range(100, 30)) + "]";

        Assert.Equal(AuditChanges.MaxListed, AuditChanges.Of(before, after)!.Count);
    }
}
