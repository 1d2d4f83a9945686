using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using XpFlywheel.Web.Api;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Api;

public sealed class EconomyApiTests : IDisposable
{
    private readonly AppFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Agents_are_registered_and_listed_and_a_bad_name_is_a_400_naming_the_field()
    {
        var client = await ApiClient.CreateAsync(_factory, "econ-agents@test.local");

        var created = await client.Http.PostAsJsonAsync("/api/v1/agents", new { name = "Translator", description = "EN-FR" });
        var invalid = await client.Http.PostAsJsonAsync("/api/v1/agents", new { name = "" });
        var duplicate = await client.Http.PostAsJsonAsync("/api/v1/agents", new { name = "Translator" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("invalid_name", (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, duplicate.StatusCode);
        var list = await client.Http.GetFromJsonAsync<List<AgentDto>>("/api/v1/agents");
        Assert.Equal("Translator", Assert.Single(list!).Name);
    }

    /// <summary>
    /// Lists that cannot explode: an operator's agents page newest first by <c>limit</c> and <c>before</c>, filter by
    /// status, and following the pages reads each agent once; a bad cursor, limit or status is a 400 naming it.
    /// </summary>
    [Fact]
    public async Task Agents_list_pages_by_cursor_newest_first_and_filters_by_status()
    {
        var client = await ApiClient.CreateAsync(_factory, $"econ-page-{Guid.NewGuid():N}@test.local");
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
            ids.Add(await AgentAsync(client, $"Pager {i}"));
        var agents = _factory.Services.GetRequiredService<XpFlywheel.Web.Economy.AgentService>();
        Assert.True((await agents.RetireAsync(client.OperatorId, ids[1])).Succeeded);

        async Task<List<long>> PagedAsync(string query)
        {
            var read = new List<long>();
            long? before = null;
            while (true)
            {
                var page = (await client.Http.GetFromJsonAsync<List<AgentDto>>($"/api/v1/agents?limit=2{query}{(before is { } b ? $"&before={b}" : "")}"))!;
                Assert.True(page.Count <= 2);
                if (page.Count == 0)
                    return read;
                read.AddRange(page.Select(a => a.Id));
                before = read[^1];
            }
        }

        Assert.Equal(ids.OrderByDescending(id => id), await PagedAsync(""));
        Assert.Equal(ids.Where(id => id != ids[1]).OrderByDescending(id => id), await PagedAsync("&status=active"));
        Assert.Equal([ids[1]], await PagedAsync("&status=retired"));
        Assert.Equal(5, (await client.Http.GetFromJsonAsync<List<AgentDto>>("/api/v1/agents"))!.Count);
        foreach (var (bad, field) in new[] { ("limit=0", "limit"), ("limit=1001", "limit"), ("before=0", "before"), ("status=gone", "status"), ("limit=abc", "limit") })
        {
            var refused = await client.Http.GetAsync($"/api/v1/agents?{bad}");
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains(field, (await refused.Content.ReadAsStringAsync()), StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>An amount above the largest a burn or lock takes is told the range, not only "at least 1".</summary>
    [Theory]
    [InlineData("/api/v1/burns", "{\"amount\":1000000000000000000}")]
    [InlineData("/api/v1/locks", "{\"agentId\":1,\"amount\":1000000000000000}")]
    public async Task An_amount_beyond_the_largest_is_refused_naming_the_range(string path, string body)
    {
        var client = await ApiClient.CreateAsync(_factory, $"econ-range-{Guid.NewGuid():N}@test.local");

        var response = await client.Http.PostAsync(path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("from 1 to 1,000,000,000,000", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_successful_job_settles_at_the_providers_tier_and_an_unfunded_one_is_refused()
    {
        var buyer = await ApiClient.CreateAsync(_factory, "econ-client@test.local", dollars: 150);
        var seller = await ApiClient.CreateAsync(_factory, "econ-provider@test.local");
        var clientAgent = await AgentAsync(buyer, "Buyer");
        var providerAgent = await AgentAsync(seller, "Worker");

        var job = await buyer.Http.PostAsJsonAsync("/api/v1/jobs", new { clientAgentId = clientAgent, providerAgentId = providerAgent, amount = 100m, succeeded = true });
        var tooBig = await buyer.Http.PostAsJsonAsync("/api/v1/jobs", new { clientAgentId = clientAgent, providerAgentId = providerAgent, amount = 100m, succeeded = true });

        Assert.Equal(HttpStatusCode.Created, job.StatusCode);
        var receipt = (await job.Content.ReadFromJsonAsync<JobReceiptDto>())!;
        Assert.Equal((2.5m, "Basic", 97.5m), (receipt.Fee, receipt.Tier, receipt.ProviderReceives));
        Assert.Equal((true, null), (receipt.CountsForReputation, receipt.MinimumJobAmount));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooBig.StatusCode);
        Assert.Equal("insufficient_cash", (await tooBig.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(50m, (await buyer.Http.GetFromJsonAsync<WalletDto>("/api/v1/wallet"))!.CashAvailable);
        Assert.Equal(97.5m, (await seller.Http.GetFromJsonAsync<WalletDto>("/api/v1/wallet"))!.CashAvailable);
        Assert.Equal(1, (await buyer.Http.GetFromJsonAsync<PageOf<JobDto>>("/api/v1/jobs"))!.Total);
    }

    /// <summary>A successful job below the minimum amount settles, and its receipt says it counts for nothing.</summary>
    [Fact]
    public async Task A_successful_job_below_the_minimum_amount_settles_and_its_receipt_says_it_does_not_count()
    {
        var buyer = await ApiClient.CreateAsync(_factory, "econ-dust-ok@test.local", dollars: 10);
        var seller = await ApiClient.CreateAsync(_factory, "econ-dust-provider@test.local");
        var clientAgent = await AgentAsync(buyer, "Tiny");
        var providerAgent = await AgentAsync(seller, "Crumb");

        var job = await buyer.Http.PostAsJsonAsync("/api/v1/jobs", new { clientAgentId = clientAgent, providerAgentId = providerAgent, amount = 0.5m, succeeded = true });

        Assert.Equal(HttpStatusCode.Created, job.StatusCode);
        var receipt = (await job.Content.ReadFromJsonAsync<JobReceiptDto>())!;
        Assert.False(receipt.CountsForReputation);
        Assert.Equal(1m, receipt.MinimumJobAmount);
    }

    [Fact]
    public async Task Failed_job_below_the_minimum_amount_is_a_422_below_minimum_and_nothing_is_recorded()
    {
        var saboteur = await ApiClient.CreateAsync(_factory, "econ-dust@test.local", dollars: 10);
        var target = await ApiClient.CreateAsync(_factory, "econ-target@test.local");
        var clientAgent = await AgentAsync(saboteur, "Dust");
        var providerAgent = await AgentAsync(target, "Target");

        var response = await saboteur.Http.PostAsJsonAsync("/api/v1/jobs", new { clientAgentId = clientAgent, providerAgentId = providerAgent, amount = 0.5m, succeeded = false });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("below_minimum", problem.GetProperty("code").GetString());
        Assert.Contains("$1.00", problem.GetProperty("detail").GetString());
        Assert.Equal(0, (await saboteur.Http.GetFromJsonAsync<PageOf<JobDto>>("/api/v1/jobs"))!.Total);
    }

    [Fact]
    public async Task Provider_disputes_a_failed_job_by_api_and_a_second_dispute_or_the_clients_is_refused_and_a_strangers_is_404()
    {
        var client = await ApiClient.CreateAsync(_factory, "econ-disputer-client@test.local", dollars: 50);
        var provider = await ApiClient.CreateAsync(_factory, "econ-disputer@test.local");
        var clientAgent = await AgentAsync(client, "Critic");
        var providerAgent = await AgentAsync(provider, "Worker");
        var failed = await client.Http.PostAsJsonAsync("/api/v1/jobs", new { clientAgentId = clientAgent, providerAgentId = providerAgent, amount = 20m, succeeded = false });
        var jobId = (await failed.Content.ReadFromJsonAsync<JobReceiptDto>())!.JobId;
        // The failure's amount is held in escrow while the provider may dispute, and the wallet says so.
        Assert.Equal(20m, (await client.Http.GetFromJsonAsync<WalletDto>("/api/v1/wallet"))!.CashHeldByFailedJobs);

        var byClient = await client.Http.PostAsync($"/api/v1/jobs/{jobId}/dispute", null);
        var disputed = await provider.Http.PostAsync($"/api/v1/jobs/{jobId}/dispute", null);
        var again = await provider.Http.PostAsync($"/api/v1/jobs/{jobId}/dispute", null);

        // The client reads the job (GET is 200 to both parties), so it is told why, not that the job does not exist.
        Assert.Equal(HttpStatusCode.UnprocessableEntity, byClient.StatusCode);
        Assert.Equal("not_disputable", (await byClient.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync($"/api/v1/jobs/{jobId}")).StatusCode);
        var stranger = await ApiClient.CreateAsync(_factory, "econ-disputer-stranger@test.local");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.PostAsync($"/api/v1/jobs/{jobId}/dispute", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, disputed.StatusCode);
        Assert.Equal("disputed", (await disputed.Content.ReadFromJsonAsync<DisputeDto>())!.Standing);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        Assert.Equal("not_disputable", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(30m, (await client.Http.GetFromJsonAsync<WalletDto>("/api/v1/wallet"))!.CashAvailable);
    }

    /// <summary>A job's record says where its outcome stands (SPEC §3), to both parties: a failure awaits its window until disputed.</summary>
    [Fact]
    public async Task A_job_record_carries_its_dispute_standing_and_window()
    {
        var client = await ApiClient.CreateAsync(_factory, $"econ-standing-client-{Guid.NewGuid():N}@test.local", dollars: 50);
        var provider = await ApiClient.CreateAsync(_factory, $"econ-standing-provider-{Guid.NewGuid():N}@test.local");
        var clientAgent = await AgentAsync(client, "Judge");
        var providerAgent = await AgentAsync(provider, "Maker");
        var succeeded = await client.Http.PostAsJsonAsync("/api/v1/jobs", new { clientAgentId = clientAgent, providerAgentId = providerAgent, amount = 5m, succeeded = true });
        var failed = await client.Http.PostAsJsonAsync("/api/v1/jobs", new { clientAgentId = clientAgent, providerAgentId = providerAgent, amount = 5m, succeeded = false });
        var success = (await client.Http.GetFromJsonAsync<JobDto>(succeeded.Headers.Location!.OriginalString))!;
        var failure = (await provider.Http.GetFromJsonAsync<JobDto>(failed.Headers.Location!.OriginalString))!;

        Assert.Equal(("counted", (DateTime?)null), (success.Standing, success.DisputableUntil));
        Assert.Equal("awaiting_window", failure.Standing);
        Assert.True(failure.DisputableUntil > failure.At);

        Assert.Equal(HttpStatusCode.OK, (await provider.Http.PostAsync($"/api/v1/jobs/{failure.Id}/dispute", null)).StatusCode);
        Assert.Equal("disputed", (await client.Http.GetFromJsonAsync<JobDto>($"/api/v1/jobs/{failure.Id}"))!.Standing);
        var listed = (await provider.Http.GetFromJsonAsync<PageOf<JobDto>>("/api/v1/jobs"))!.Items;
        Assert.Equal(["disputed", "counted"], listed.Select(j => j.Standing));

        // Settled but counted nowhere (SPEC §6): below the minimum job amount ($1 by default), or self-dealing.
        var ownProvider = await AgentAsync(client, "Sibling");
        var dust = await client.Http.PostAsJsonAsync("/api/v1/jobs", new { clientAgentId = clientAgent, providerAgentId = providerAgent, amount = 0.5m, succeeded = true });
        var self = await client.Http.PostAsJsonAsync("/api/v1/jobs", new { clientAgentId = clientAgent, providerAgentId = ownProvider, amount = 5m, succeeded = true });
        Assert.Equal("below_minimum", (await client.Http.GetFromJsonAsync<JobDto>(dust.Headers.Location!.OriginalString))!.Standing);
        Assert.Equal("self_dealing", (await client.Http.GetFromJsonAsync<JobDto>(self.Headers.Location!.OriginalString))!.Standing);
    }

    [Fact]
    public async Task Recording_a_job_for_another_operators_client_agent_is_404()
    {
        var owner = await ApiClient.CreateAsync(_factory, "econ-owner@test.local", dollars: 100);
        var other = await ApiClient.CreateAsync(_factory, "econ-other@test.local", dollars: 100);
        var ownersAgent = await AgentAsync(owner, "Mine");
        var othersAgent = await AgentAsync(other, "Theirs");

        var response = await other.Http.PostAsJsonAsync("/api/v1/jobs", new { clientAgentId = ownersAgent, providerAgentId = othersAgent, amount = 10m, succeeded = true });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(100m, (await owner.Http.GetFromJsonAsync<WalletDto>("/api/v1/wallet"))!.CashAvailable);
    }

    [Theory]
    [InlineData("")]
    [InlineData(",\"succeeded\":null")]
    [InlineData(",\"succeeded\":\"yes\"")]
    public async Task A_job_must_say_whether_it_succeeded_and_without_that_pays_nothing(string outcome)
    {
        var client = await ApiClient.CreateAsync(_factory, $"econ-outcome-{Guid.NewGuid():N}@test.local", dollars: 100);
        var provider = await ApiClient.CreateAsync(_factory, $"econ-outcome-p-{Guid.NewGuid():N}@test.local");
        var mine = await AgentAsync(client, "Asker");
        var theirs = await AgentAsync(provider, "Doer");

        var response = await client.Http.PostAsync("/api/v1/jobs", new StringContent(
            $"{{\"clientAgentId\":{mine},\"providerAgentId\":{theirs},\"amount\":10{outcome}}}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("succeeded", out _), problem.ToString());
        Assert.Equal(100m, (await client.Http.GetFromJsonAsync<WalletDto>("/api/v1/wallet"))!.CashAvailable);
        Assert.Equal(0m, (await provider.Http.GetFromJsonAsync<WalletDto>("/api/v1/wallet"))!.CashAvailable);
        Assert.Equal(0, (await client.Http.GetFromJsonAsync<PageOf<JobDto>>("/api/v1/jobs"))!.Total);
    }

    [Fact]
    public async Task Burning_needs_an_agent_and_then_raises_the_tier()
    {
        var client = await ApiClient.CreateAsync(_factory, "econ-burner@test.local", xp: 12_000);

        var refused = await client.Http.PostAsJsonAsync("/api/v1/burns", new { amount = 10_000 });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("no_agents", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        await AgentAsync(client, "Burner");
        var burned = await client.Http.PostAsJsonAsync("/api/v1/burns", new { amount = 10_000 });
        Assert.Equal(HttpStatusCode.Created, burned.StatusCode);
        var tier = await client.Http.GetFromJsonAsync<MyTierDto>("/api/v1/tier");
        Assert.Equal("Bronze", tier!.Current.Name);
        Assert.Equal(10_000, tier.BurnedInWindow);
        Assert.Equal(40_000, tier.NeededForNext);
        Assert.Equal(6, tier.Calculator.Count);
        Assert.Equal(2_000, (await client.Http.GetFromJsonAsync<WalletDto>("/api/v1/wallet"))!.XpAvailable);
    }

    /// <summary>
    /// The burn calculator says how much of each tier's cost the book can supply: XP it cannot is priced at the
    /// fallback and flagged as an estimate, never passed off as a market cost (SPEC §4).
    /// </summary>
    [Fact]
    public async Task The_burn_calculator_says_which_part_of_a_cost_is_an_estimate_beyond_the_book()
    {
        var seller = await ApiClient.CreateAsync(_factory, $"econ-asks-{Guid.NewGuid():N}@test.local", xp: 1_000);
        Assert.Equal(HttpStatusCode.Created, (await seller.Http.PostAsJsonAsync("/api/v1/orders", new { side = "sell", price = 0.0200m, quantity = 1_000 })).StatusCode);
        var client = await ApiClient.CreateAsync(_factory, $"econ-calc-{Guid.NewGuid():N}@test.local");

        var tier = await client.Http.GetFromJsonAsync<MyTierDto>("/api/v1/tier");

        Assert.All(tier!.Calculator, o =>
        {
            Assert.Equal(o.XpNeeded, o.XpFromBook + o.XpAtFallback);
            Assert.Equal(o.XpAtFallback > 0, o.Estimated);
            if (o.XpNeeded > 0)
                Assert.Equal(Math.Round(o.Cost / o.XpNeeded, 6), Math.Round(o.AveragePrice!.Value, 6));
            Assert.True(o.FallbackPrice > 0);
        });
        var deepest = tier.Calculator.MaxBy(o => o.XpNeeded)!;
        Assert.True(deepest.Estimated);
        Assert.True(deepest.XpFromBook >= 1_000);
    }

    /// <summary>
    /// The calculator's quotients (average price, break-even price, return) are rounded to eight places as an order's
    /// average price is: asks at two prices over a tier's XP gave an average of 28 places (0.0199101110111011…).
    /// </summary>
    [Fact]
    public async Task The_burn_calculators_quotients_are_rounded_to_eight_places()
    {
        var seller = await ApiClient.CreateAsync(_factory, $"econ-round-{Guid.NewGuid():N}@test.local", xp: 100_000);
        Assert.Equal(HttpStatusCode.Created, (await seller.Http.PostAsJsonAsync("/api/v1/orders", new { side = "sell", price = 0.0197m, quantity = 3_331 })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await seller.Http.PostAsJsonAsync("/api/v1/orders", new { side = "sell", price = 0.0203m, quantity = 90_001 })).StatusCode);
        var client = await ApiClient.CreateAsync(_factory, $"econ-round-buyer-{Guid.NewGuid():N}@test.local");

        var tier = await client.Http.GetFromJsonAsync<MyTierDto>("/api/v1/tier");

        var quotients = tier!.Calculator.SelectMany(o => new[] { o.AveragePrice, o.BreakEvenPrice, o.Roi }).OfType<decimal>().ToList();
        Assert.NotEmpty(quotients);
        Assert.All(quotients, q => Assert.Equal(Math.Round(q, 8), q));
        Assert.Contains(quotients, q => q.Scale > 0);
    }

    [Fact]
    public async Task Lock_unlock_and_cancel_move_xp_and_another_operators_lock_is_404()
    {
        var client = await ApiClient.CreateAsync(_factory, "econ-locker@test.local", xp: 5_000);
        var other = await ApiClient.CreateAsync(_factory, "econ-stranger@test.local");
        var agent = await AgentAsync(client, "Keeper");

        var locked = await client.Http.PostAsJsonAsync("/api/v1/locks", new { agentId = agent, amount = 3_000 });
        Assert.Equal(HttpStatusCode.Created, locked.StatusCode);
        var lockId = (await locked.Content.ReadFromJsonAsync<LockDto>())!.Id;

        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.PostAsync($"/api/v1/locks/{lockId}/unlock", null)).StatusCode);
        // More than the lock holds is refused as more than one has is (422), and nothing starts.
        var overUnlock = await client.Http.PostAsJsonAsync($"/api/v1/locks/{lockId}/unlock", new { amount = 3_001 });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, overUnlock.StatusCode);
        Assert.Equal("amount_exceeds_lock", (await overUnlock.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        // An amount sent as null is neither a number nor "left out": refused, so null never unlocks the whole lock.
        var nullAmount = await client.Http.PostAsync($"/api/v1/locks/{lockId}/unlock",
            new StringContent("{\"amount\":null}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, nullAmount.StatusCode);
        Assert.Contains("leave the field out", (await nullAmount.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("amount")[0].GetString());
        Assert.Equal(3_000, (await client.Http.GetFromJsonAsync<WalletDto>("/api/v1/wallet"))!.XpLocked);
        var unlocking = await client.Http.PostAsync($"/api/v1/locks/{lockId}/unlock", null);
        Assert.Equal(HttpStatusCode.OK, unlocking.StatusCode);
        var unlock = (await unlocking.Content.ReadFromJsonAsync<LockDto>())!;
        Assert.Equal("unlocking", unlock.Status);
        var wallet = await client.Http.GetFromJsonAsync<WalletDto>("/api/v1/wallet");
        Assert.Equal((2_000L, 0L, 3_000L), (wallet!.XpAvailable, wallet.XpLocked, wallet.XpUnlocking));

        var cancelled = await client.Http.PostAsync($"/api/v1/unlocks/{unlock.Id}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        wallet = await client.Http.GetFromJsonAsync<WalletDto>("/api/v1/wallet");
        Assert.Equal((2_000L, 3_000L, 0L), (wallet!.XpAvailable, wallet.XpLocked, wallet.XpUnlocking));

        var tooMuch = await client.Http.PostAsJsonAsync("/api/v1/locks", new { agentId = agent, amount = 9_999 });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooMuch.StatusCode);
    }

    [Fact]
    public async Task Leaderboard_and_tiers_are_public_and_validate_their_query()
    {
        var client = await ApiClient.CreateAsync(_factory, "econ-board@test.local", xp: 1_000);
        var agent = await AgentAsync(client, "Climber");
        await client.Http.PostAsJsonAsync("/api/v1/locks", new { agentId = agent, amount = 1_000 });
        var visitor = _factory.CreateClient();

        var board = await visitor.GetFromJsonAsync<PageOf<LeaderboardRowDto>>("/api/v1/leaderboard?page=1&size=10&sort=lockedXp&search=Climb");
        var row = Assert.Single(board!.Items);
        Assert.Equal((1_000L, 30.0m), (row.LockedXp, row.Trust));
        var tiers = await visitor.GetFromJsonAsync<List<TierDto>>("/api/v1/tiers");
        Assert.Equal(["Basic", "Bronze", "Silver", "Gold", "Platinum", "Diamond"], tiers!.Select(t => t.Name));
        Assert.Equal(5_000_000, tiers![^1].BurnThreshold);
        Assert.Equal(HttpStatusCode.BadRequest, (await visitor.GetAsync("/api/v1/leaderboard?sort=shoe-size")).StatusCode);
    }

    /// <summary>
    /// A leaderboard sort is one of its names, whole and alone, in any letter case: a list of names is refused naming
    /// sort, not read as the columns' numbers added up ("name,operator" sorted by success rate, "successRate,jobs" by
    /// earnings), and so is a name with spaces around it, as order and status refuse theirs.
    /// </summary>
    [Theory]
    [InlineData("name,operator")]
    [InlineData("successRate,jobs")]
    [InlineData("trust,name")]
    [InlineData("name,name")]
    [InlineData("%20trust")]
    [InlineData("jobs%20")]
    public async Task A_leaderboard_sort_that_is_not_one_of_its_names_is_refused_not_read_as_another(string sort)
    {
        var response = await _factory.CreateClient().GetAsync($"/api/v1/leaderboard?sort={sort}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("sort", out _));
        Assert.Equal(HttpStatusCode.OK, (await _factory.CreateClient().GetAsync("/api/v1/leaderboard?sort=EarnedLastEpoch")).StatusCode);
    }

    /// <summary>
    /// A leaderboard search is read in composed form (NFC), as names are stored, so "E" + a combining accent finds what
    /// "É" does; a control character in it is refused naming search, where "%00" listed every agent as if unfiltered.
    /// </summary>
    [Fact]
    public async Task Leaderboard_search_is_normalized_and_refuses_control_characters()
    {
        var client = await ApiClient.CreateAsync(_factory, "econ-search@test.local");
        await AgentAsync(client, "Xq Caf\u00e9");
        await AgentAsync(client, "Xq P\u00e2t\u00e9");
        await AgentAsync(client, "Xq Plain");
        var visitor = _factory.CreateClient();

        async Task<List<string>> NamesAsync(string search) =>
            [.. (await visitor.GetFromJsonAsync<PageOf<LeaderboardRowDto>>($"/api/v1/leaderboard?search={search}"))!.Items.Select(r => r.Agent).Where(n => n.StartsWith("Xq", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

        Assert.Equal(["Xq Caf\u00e9", "Xq P\u00e2t\u00e9"], await NamesAsync("%C3%A9"));
        Assert.Equal(["Xq Caf\u00e9", "Xq P\u00e2t\u00e9"], await NamesAsync("e%CC%81"));
        Assert.Equal(["Xq Caf\u00e9"], await NamesAsync("xQ%20cAF"));
        foreach (var search in new[] { "%00", "Xq%00", "%00Xq", "a%0Ab", "%7F", "a%C2%85b" })
        {
            var refused = await visitor.GetAsync($"/api/v1/leaderboard?search={search}");
            Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, $"{search}: {refused.StatusCode}");
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
            Assert.True(problem.GetProperty("errors").TryGetProperty("search", out _), $"{search}: {problem}");
        }
    }

    [Fact]
    public async Task OpenApi_document_lists_the_economy_market_and_epoch_endpoints()
    {
        var document = await _factory.CreateClient().GetStringAsync("/openapi/v1.json");

        foreach (var path in new[] { "/api/v1/agents", "/api/v1/jobs", "/api/v1/burns", "/api/v1/tier", "/api/v1/locks", "/api/v1/locks/{id}/unlock",
                     "/api/v1/unlocks/{id}/cancel", "/api/v1/leaderboard", "/api/v1/tiers", "/api/v1/market/ticker", "/api/v1/market/book",
                     "/api/v1/market/trades", "/api/v1/market/candles", "/api/v1/epochs/current", "/api/v1/epochs" })
            Assert.Contains($"\"{path}\"", document);
    }

    [Fact]
    public async Task OpenApi_document_declares_the_key_scheme_the_idempotency_header_and_problem_answers()
    {
        var document = await _factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal("apiKey", scheme.GetProperty("type").GetString());
        Assert.Equal("X-Api-Key", scheme.GetProperty("name").GetString());

        var burn = document.GetProperty("paths").GetProperty("/api/v1/burns").GetProperty("post");
        Assert.Contains(burn.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "Idempotency-Key");
        Assert.True(burn.GetProperty("security")[0].TryGetProperty("ApiKey", out _));
        foreach (var status in new[] { "400", "401", "403", "422", "429", "503" })
            Assert.True(burn.GetProperty("responses").GetProperty(status).GetProperty("content").TryGetProperty("application/problem+json", out _), status);
        // Every 503 code the server answers with is named where a program reads the operation.
        foreach (var code in new[] { "writer_moved", "leader_unavailable", "exchange_unavailable", "database_unavailable" })
            Assert.Contains(code, burn.GetProperty("responses").GetProperty("503").GetProperty("description").GetString());

        var ticker = document.GetProperty("paths").GetProperty("/api/v1/market/ticker").GetProperty("get");
        Assert.False(ticker.TryGetProperty("security", out _));
        Assert.True(ticker.GetProperty("responses").TryGetProperty("429", out _));
    }

    private static async Task<long> AgentAsync(ApiClient client, string name)
    {
        var response = await client.Http.PostAsJsonAsync("/api/v1/agents", new { name });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<AgentDto>())!.Id;
    }
}
