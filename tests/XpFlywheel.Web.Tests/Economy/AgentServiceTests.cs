using XpFlywheel.Web.Economy;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Economy;

public class AgentServiceTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private readonly EconomyKit _kit = new(factory.Services);

    /// <summary>An operator may have at most <see cref="AgentRules.MaxActiveAgents"/> active agents; retiring one makes room.</summary>
    [Fact]
    public async Task An_operator_may_have_at_most_the_cap_of_active_agents()
    {
        var me = await _kit.OperatorAsync();
        var first = (await _kit.Agents.RegisterAsync(me, "Agent 0", null)).Value!.Id;
        // The rest written as rows (the cap counts rows, however they came): a thousand registrations would only be slower.
        await _kit.Host.ExecuteAsync(session =>
        {
            for (var i = 1; i < AgentRules.MaxActiveAgents; i++)
                session.Db.Agents.Add(new XpFlywheel.Web.Data.Entities.Agent { OperatorId = me, Name = $"Agent {i}", CreatedAt = session.Now });
            session.Db.SaveChanges();
            return 0;
        });

        var refused = await _kit.Agents.RegisterAsync(me, "One too many", null);

        Assert.Equal(EconomyErrors.TooManyAgents, refused.Code);
        Assert.Contains("retire one", refused.Message);
        Assert.True((await _kit.Agents.RetireAsync(me, first)).Succeeded);
        Assert.True((await _kit.Agents.RegisterAsync(me, "One too many", null)).Succeeded);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Agent_needs_a_name(string name)
    {
        var result = await _kit.Agents.RegisterAsync(await _kit.OperatorAsync(), name, null);

        Assert.Equal((EconomyErrors.InvalidName, "name"), (result.Code, result.Field));
    }

    [Fact]
    public async Task Agent_name_is_at_most_80_characters()
    {
        var me = await _kit.OperatorAsync();

        Assert.True((await _kit.Agents.RegisterAsync(me, new string('a', 80), null)).Succeeded);
        Assert.Equal(EconomyErrors.InvalidName, (await _kit.Agents.RegisterAsync(me, new string('b', 81), null)).Code);
    }

    [Fact]
    public async Task Agent_names_are_unique_per_operator_ignoring_case()
    {
        var (me, other) = (await _kit.OperatorAsync(), await _kit.OperatorAsync());
        await _kit.AgentAsync(me, "Scout");

        Assert.Equal(EconomyErrors.DuplicateName, (await _kit.Agents.RegisterAsync(me, "scout", null)).Code);
        Assert.True((await _kit.Agents.RegisterAsync(other, "Scout", null)).Succeeded);
        var second = await _kit.AgentAsync(me, "Ranger");
        Assert.Equal(EconomyErrors.DuplicateName, (await _kit.Agents.RenameAsync(me, second, "SCOUT")).Code);
    }

    [Fact]
    public async Task Rename_and_describe_change_only_the_owners_agent()
    {
        var (me, other) = (await _kit.OperatorAsync(), await _kit.OperatorAsync());
        var agent = await _kit.AgentAsync(me, "Old");

        Assert.Equal("New", (await _kit.Agents.RenameAsync(me, agent, " New ")).Value!.Name);
        Assert.Equal("Does jobs", (await _kit.Agents.DescribeAsync(me, agent, "Does jobs")).Value!.Description);
        Assert.Equal(EconomyErrors.AgentNotFound, (await _kit.Agents.RenameAsync(other, agent, "Stolen")).Code);
    }

    [Fact]
    public async Task Agent_with_locked_xp_cannot_be_retired_and_a_retired_agent_takes_no_jobs()
    {
        var me = await _kit.OperatorAsync(dollars: 10, xp: 5);
        var (locked, free) = (await _kit.AgentAsync(me), await _kit.AgentAsync(me));
        await _kit.Locks.LockAsync(me, locked, 5);

        Assert.Equal(EconomyErrors.AgentHasLockedXp, (await _kit.Agents.RetireAsync(me, locked)).Code);
        Assert.True((await _kit.Agents.RetireAsync(me, free)).Value!.IsRetired);
        Assert.Equal(EconomyErrors.AgentRetired, (await _kit.Jobs.RecordAsync(me, locked, free, 1m, true)).Code);
    }
}
