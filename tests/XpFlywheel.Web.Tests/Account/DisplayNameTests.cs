using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Web.Account;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Tests.Economy;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Account;

/// <summary>Operators choose the name boards show; it follows the name rule of agents and keys.</summary>
public sealed class DisplayNameTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private async Task<(HttpClient Client, long OperatorId)> SignedInAsync(string email)
    {
        var operatorId = await Operators.CreateAsync(factory.Services, email);
        var client = factory.CreateBrowserlikeClient();
        await FormLogin.LoginAsync(client, email, "Operator1!");
        return (client, operatorId);
    }

    private async Task<string?> StoredAsync(string email)
    {
        using var scope = factory.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email))!.DisplayName;
    }

    private static Task<HttpResponseMessage> SaveAsync(HttpClient client, string name) =>
        FormLogin.PostFormAsync(client, "/Account/Manage", "display-name", new Dictionary<string, string> { ["Input.DisplayName"] = name });

    [Fact]
    public async Task OperatorDisplayName_ReplacesTheEmailPrefix_OnLeaderboardAndAgents()
    {
        var kit = new EconomyKit(factory.Services);
        var (client, me) = await SignedInAsync("hidden-prefix@test.local");
        var agent = await kit.AgentAsync(me, "Owl Scout");

        var saved = await SaveAsync(client, "  Night   Owl Labs ");

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("Night Owl Labs", await StoredAsync("hidden-prefix@test.local"));
        var board = (await kit.Board.PageAsync(new XpFlywheel.Web.Economy.LeaderboardQuery(Search: "Owl Scout"))).Items.Single();
        Assert.Equal("Night Owl Labs", board.OperatorName);
        var detail = await factory.CreateBrowserlikeClient().GetStringAsync($"/agents/{agent}");
        Assert.Contains("Night Owl Labs", detail);
        Assert.DoesNotContain("hidden-prefix", detail);
    }

    /// <summary>
    /// A form the framework cannot read (a NUL character, which no field takes) is refused as such, and changes nothing;
    /// it was refused as a missing antiforgery token, which it was not.
    /// </summary>
    [Fact]
    public async Task A_form_holding_a_nul_character_is_refused_as_unreadable_and_changes_nothing()
    {
        var email = $"nul-{Guid.NewGuid():N}@test.local";
        var (client, _) = await SignedInAsync(email);

        var response = await SaveAsync(client, "a\0b");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("The form could not be read: a field holds a NUL character", body);
        Assert.DoesNotContain("antiforgery", body, StringComparison.OrdinalIgnoreCase);
        Assert.Null(await StoredAsync(email));
        // The same form without it is taken.
        var name = $"Nul Free {Guid.NewGuid():N}"[..20];
        Assert.Equal(HttpStatusCode.Redirect, (await SaveAsync(client, name)).StatusCode);
        Assert.Equal(name, await StoredAsync(email));
    }

    [Theory]
    [InlineData("Evil\u202Egnp", "cannot contain")]
    [InlineData("---", "needs at least one letter or digit")]
    [InlineData("A name far longer than the forty characters allowed", "at most 40 characters")]
    public async Task OperatorDisplayName_OutsideTheNameRule_IsRefusedAndChangesNothing(string name, string message)
    {
        var email = $"rule-{Guid.NewGuid():N}@test.local";
        var (client, _) = await SignedInAsync(email);

        var response = await SaveAsync(client, name);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(message, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        Assert.Null(await StoredAsync(email));
    }

    [Fact]
    public void OperatorDisplayName_Blank_GoesBackToTheEmailPrefix()
    {
        Assert.Equal((null, null), OperatorNames.Check("   "));
        Assert.Equal("jane", OperatorNames.Of(null, "jane@example.com", 4));
        Assert.Equal("operator 4", OperatorNames.Of(null, null, 4));
    }

    /// <summary>
    /// No operator can go by a name another is shown as: case, spacing, Unicode form and letters of other scripts drawn
    /// as Latin ones do not make it new.
    /// </summary>
    [Theory]
    [InlineData("chosen", "nIGHT   heron WORKS")]
    [InlineData("chosen", "Night \u041Deron W\u043Erks")] // Cyrillic Н and о
    [InlineData("prefix", "{prefix}")]
    [InlineData("prefix", "{PREFIX}")]
    [InlineData("generated", "Operator 12")]
    [InlineData("generated", "operator12")]
    public async Task OperatorDisplayName_AnotherOperatorsName_IsRefusedAndChangesNothing(string kind, string attempt)
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        var prefix = $"victim{unique}";
        await Operators.CreateAsync(factory.Services, $"{prefix}@test.local");
        var victimName = $"Night Heron Works {unique}";
        if (kind == "chosen")
        {
            var (victim, _) = await SignedInAsync($"chosen{unique}@test.local");
            Assert.Equal(HttpStatusCode.Redirect, (await SaveAsync(victim, victimName)).StatusCode);
            attempt = $"{attempt} {unique}";
        }
        attempt = attempt.Replace("{prefix}", prefix).Replace("{PREFIX}", prefix.ToUpperInvariant());
        var email = $"copycat{unique}@test.local";
        var (client, _) = await SignedInAsync(email);

        var response = await SaveAsync(client, attempt);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains(kind == "generated" ? "is how the app shows an operator without a name" : "is already another operator's name", page);
        Assert.Null(await StoredAsync(email));
    }

    [Fact]
    public async Task OperatorDisplayName_TheirOwnEmailPrefixOrCurrentName_CanBeSavedAgain()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        var email = $"self{unique}@test.local";
        var (client, _) = await SignedInAsync(email);

        Assert.Equal(HttpStatusCode.Redirect, (await SaveAsync(client, $"self{unique}")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SaveAsync(client, $"SELF{unique}")).StatusCode);
        Assert.Equal($"SELF{unique}", await StoredAsync(email));
    }

    /// <summary>Two operators saving one name at once: the unique key lets the first in and refuses the second.</summary>
    [Fact]
    public async Task OperatorDisplayName_OneNameTwice_IsRefusedByTheStore()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        await Operators.CreateAsync(factory.Services, $"first{unique}@test.local");
        await Operators.CreateAsync(factory.Services, $"second{unique}@test.local");
        using var scope = factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var first = (await users.FindByEmailAsync($"first{unique}@test.local"))!;
        var second = (await users.FindByEmailAsync($"second{unique}@test.local"))!;

        first.DisplayName = $"Twin {unique}";
        Assert.True((await users.UpdateAsync(first)).Succeeded);
        second.DisplayName = $"twin  {unique.ToUpperInvariant()}";
        Assert.Equal(first.DisplayNameKey, second.DisplayNameKey);

        await Assert.ThrowsAnyAsync<Microsoft.EntityFrameworkCore.DbUpdateException>(() => users.UpdateAsync(second));
    }

    /// <summary>A key stored under an older name rule is brought to the current one at start, unless another name takes it.</summary>
    [Fact]
    public async Task Stored_name_keys_follow_the_current_name_rule_after_start()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        await Operators.CreateAsync(factory.Services, $"strasse{unique}@test.local");
        await Operators.CreateAsync(factory.Services, $"clash{unique}@test.local");
        using var scope = factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var renamed = (await users.FindByEmailAsync($"strasse{unique}@test.local"))!;
        renamed.DisplayName = $"Stra\u00DFe {unique}";
        Assert.True((await users.UpdateAsync(renamed)).Succeeded);
        var clashing = (await users.FindByEmailAsync($"clash{unique}@test.local"))!;
        clashing.DisplayName = $"\u0130 {unique}";
        Assert.True((await users.UpdateAsync(clashing)).Succeeded);
        var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();
        await using var _ = db;
        // As SQL's upper() or the rule before sharp s left them: the first stale, the second stale and taken by a third name.
        await db.Users.Where(u => u.Id == renamed.Id).ExecuteUpdateAsync(set => set.SetProperty(u => u.DisplayNameKey, $"STRA\u00DFE {unique.ToUpperInvariant()}"));
        await db.Users.Where(u => u.Id == clashing.Id).ExecuteUpdateAsync(set => set.SetProperty(u => u.DisplayNameKey, $"OLD {unique}"));
        await Operators.CreateAsync(factory.Services, $"third{unique}@test.local");
        var third = (await users.FindByEmailAsync($"third{unique}@test.local"))!;
        third.DisplayName = $"I\u0307 {unique}";
        Assert.True((await users.UpdateAsync(third)).Succeeded);

        var refresh = await OperatorNames.RefreshKeysAsync(db);

        Assert.True(refresh.Changed >= 1, $"changed {refresh.Changed}");
        Assert.Contains(clashing.Id, refresh.Clashing);
        Assert.DoesNotContain(renamed.Id, refresh.Clashing.Concat(refresh.AlikeShownName));
        string? KeyOf(string id) => db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => u.DisplayNameKey).Single();
        Assert.Equal($"STRASSE {unique.ToUpperInvariant()}", KeyOf(renamed.Id));
        Assert.Equal($"OLD {unique}", KeyOf(clashing.Id));
        Assert.Contains(OperatorNames.Taken($"strasse {unique}"),
            await OperatorNames.ClashAsync(db.Users, third.Id, $"strasse {unique}") ?? "");
    }

    /// <summary>
    /// A stored key that the current rule makes alike a name the app shows for another operator (the part of their
    /// email before the @, or "operator N") is brought to the rule all the same and its user reported, since the name
    /// would be refused if chosen today; the name itself is left as it is.
    /// </summary>
    [Fact]
    public async Task A_stored_key_the_rule_makes_alike_another_operators_shown_name_is_refreshed_and_reported()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        var number = Random.Shared.Next(100_000_000, 999_999_999);
        await Operators.CreateAsync(factory.Services, $"kot{unique}@test.local");
        await Operators.CreateAsync(factory.Services, $"cyrillic{unique}@test.local");
        await Operators.CreateAsync(factory.Services, $"numbered{unique}@test.local");
        using var scope = factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var shownByEmail = (await users.FindByEmailAsync($"kot{unique}@test.local"))!;
        var cyrillic = (await users.FindByEmailAsync($"cyrillic{unique}@test.local"))!;
        var numbered = (await users.FindByEmailAsync($"numbered{unique}@test.local"))!;
        // "Кот…" in Cyrillic capitals is drawn as the other operator's "KOT…"; "Оperator N" opens with a Cyrillic О.
        cyrillic.DisplayName = $"\u041A\u041E\u0422{unique}";
        Assert.True((await users.UpdateAsync(cyrillic)).Succeeded);
        numbered.DisplayName = $"\u041Eperator {number}";
        Assert.True((await users.UpdateAsync(numbered)).Succeeded);
        var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();
        await using var _ = db;
        // As a rule without look-alikes left them.
        await db.Users.Where(u => u.Id == cyrillic.Id).ExecuteUpdateAsync(set => set.SetProperty(u => u.DisplayNameKey, $"\u041A\u041E\u0422{unique.ToUpperInvariant()}"));
        await db.Users.Where(u => u.Id == numbered.Id).ExecuteUpdateAsync(set => set.SetProperty(u => u.DisplayNameKey, $"\u041EPERATOR {number}"));

        var refresh = await OperatorNames.RefreshKeysAsync(db);

        Assert.Contains(cyrillic.Id, refresh.AlikeShownName);
        Assert.Contains(numbered.Id, refresh.AlikeShownName);
        Assert.DoesNotContain(shownByEmail.Id, refresh.AlikeShownName);
        string? KeyOf(string id) => db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => u.DisplayNameKey).Single();
        Assert.Equal($"KOT{unique.ToUpperInvariant()}", KeyOf(cyrillic.Id));
        Assert.Equal($"OPERATOR {number}", KeyOf(numbered.Id));
        Assert.Equal($"\u041A\u041E\u0422{unique}", db.Users.AsNoTracking().Single(u => u.Id == cyrillic.Id).DisplayName);
        // Refused today, as the report says.
        Assert.NotNull(await OperatorNames.ClashAsync(db.Users, cyrillic.Id, cyrillic.DisplayName!));
    }
}
