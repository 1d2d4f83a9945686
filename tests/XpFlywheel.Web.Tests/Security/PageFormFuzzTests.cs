using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Security;

/// <summary>
/// Walks every form of every statically rendered page (the account pages: sign-in, registration, confirmation, two-factor
/// and recovery-code sign-in, account management, password change, two-factor set-up, and the layout's display and
/// sign-out forms), found by fetching each page as an anonymous visitor, a signed-in operator and a visitor half-way
/// through two-factor sign-in and parsing its <c>&lt;form&gt;</c> elements that carry an antiforgery token. Each field in
/// turn gets hostile values (huge, negative and overflow-sized numbers, long and control-character strings, script
/// tags) with the other fields plausible, and each form is posted once without its token: no answer may be a 5xx, and a
/// refusal (4xx, or the page again with its errors) must leave users, wallets, API keys and the journal as they were.
/// Forms of interactive pages run over the Blazor circuit, not as posts, and are out of scope here: their inputs are
/// checked by the component tests and the API fuzz test (<see cref="ApiFuzzTests"/>) of the services behind them.
/// </summary>
public sealed partial class PageFormFuzzTests(ITestOutputHelper output) : IDisposable
{
    private const string Email = "fuzz-forms@test.local";
    private const string TwoFactorEmail = "fuzz-2fa@test.local";
    private const string Password = "FuzzForms1!";
    private static readonly Uri Base = new("http://localhost/");
    private readonly AppFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private static readonly string[] HostileValues =
    [
        "", "-1", "0", "-9223372036854775809", "99999999999999999999999999999999", "1e400", "NaN",
        new string('x', 100_000), string.Concat(Enumerable.Repeat("𝕏", 5_000)), "bell\u0007\u0000name\u202e\r\n\t",
        "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "%00", "//evil.example", "true,false",
    ];

    private enum Session { Anonymous, Operator, TwoFactorPending }

    private sealed record FormShape(Session Session, string Page, int Index, string Action, IReadOnlyList<(string Name, string Value)> Fields);

    [Fact]
    public async Task No_hostile_value_in_any_page_form_answers_5xx_or_changes_anything_when_refused()
    {
        await Operators.CreateAsync(_factory.Services, Email, Password);
        await Operators.CreateAsync(_factory.Services, TwoFactorEmail, Password);
        using (var scope = _factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = (await users.FindByEmailAsync(TwoFactorEmail))!;
            await users.ResetAuthenticatorKeyAsync(user);
            await users.SetTwoFactorEnabledAsync(user, true);
        }

        var forms = await DiscoverAsync();
        output.WriteLine(string.Join("\n", forms.Select(f => $"{f.Session} {f.Page} -> {f.Action}: {string.Join(", ", f.Fields.Select(x => x.Name))}")));
        Assert.Contains(forms, f => f.Page == "/Account/Register");
        Assert.Contains(forms, f => f.Page == "/Account/Manage/ChangePassword");
        Assert.Contains(forms, f => f.Page == "/Account/LoginWith2fa");

        var failures = new List<string>();
        var posts = 0;
        foreach (var form in forms)
        {
            foreach (var field in form.Fields.Where(f => f.Name is not ("__RequestVerificationToken" or "_handler")).Select(f => f.Name))
            {
                foreach (var value in HostileValues)
                {
                    posts++;
                    if (await PostAsync(form, field, value) is { } failure)
                        failures.Add(failure);
                }
            }
            posts++;
            if (await PostAsync(form, "__RequestVerificationToken", "") is { } missingToken)
                failures.Add(missingToken);
        }

        output.WriteLine($"{forms.Count} forms, {posts} hostile posts");
        Assert.True(posts > 150, $"only {posts} posts: too few forms were found");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(40)));
    }

    // Every form with an antiforgery token on every parameterless static page, once per distinct target and field set.
    private async Task<List<FormShape>> DiscoverAsync()
    {
        var pages = _factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ComponentTypeMetadata>()?.Type is { } type
                && type.GetCustomAttributes(typeof(ExcludeFromInteractiveRoutingAttribute), true).Length > 0
                && e.RoutePattern.Parameters.Count == 0)
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/')).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.Contains("/Account/Login", pages);
        var forms = new List<FormShape>();
        var seen = new HashSet<string>();
        foreach (var session in Enum.GetValues<Session>())
        {
            foreach (var page in pages)
            {
                var client = await ClientAsync(session);
                var response = await client.GetAsync(page);
                if (response.StatusCode != HttpStatusCode.OK)
                    continue;
                var parsed = ParseForms(await response.Content.ReadAsStringAsync(), page);
                for (var i = 0; i < parsed.Count; i++)
                {
                    var (action, fields) = parsed[i];
                    var handler = fields.FirstOrDefault(f => f.Name == "_handler").Value;
                    if (seen.Add($"{new Uri(action).AbsolutePath}|{handler}|{string.Join(",", fields.Select(f => f.Name).Order())}"))
                        forms.Add(new FormShape(session, page, i, action, fields));
                }
            }
        }
        return forms;
    }

    // Posts the form with one field hostile; returns what went wrong, or null.
    private async Task<string?> PostAsync(FormShape form, string hostileField, string hostileValue)
    {
        var client = await ClientAsync(form.Session);
        var page = await client.GetAsync(form.Page);
        var current = ParseForms(await page.Content.ReadAsStringAsync(), form.Page);
        if (current.Count <= form.Index)
            return $"{form.Session} {form.Page} {hostileField}={Shorten(hostileValue)}: form {form.Index} is gone on a second visit ({(int)page.StatusCode} {page.Headers.Location})";
        var fields = current[form.Index].Fields.Select(f => KeyValuePair.Create(f.Name, f.Name == hostileField ? hostileValue : Plausible(f.Name, f.Value))).ToList();
        var before = await StateAsync();
        var response = await client.PostAsync(current[form.Index].Action, new FormUrlEncodedContent(fields));
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync();
        var what = $"{form.Session} {form.Page} -> {form.Action} {hostileField}={Shorten(hostileValue)}";
        if (status >= 500)
            return $"{what}: {status} {Shorten(body)}";
        var refused = status >= 400 || body.Contains("data-testid=\"form-errors\"", StringComparison.Ordinal);
        return refused && await StateAsync() != before ? $"{what}: refused with {status} but something changed" : null;
    }

    private static string Plausible(string name, string value) => name switch
    {
        _ when name.EndsWith("Email", StringComparison.Ordinal) => Email,
        _ when name.EndsWith("Password", StringComparison.Ordinal) => Password,
        _ when name.EndsWith("Code", StringComparison.Ordinal) => "123456",
        _ when name.EndsWith("DisplayName", StringComparison.Ordinal) => "Fuzz name",
        _ when name.StartsWith("Remember", StringComparison.Ordinal) || name.Contains(".Remember", StringComparison.Ordinal) => "true",
        "returnUrl" => "/wallet",
        _ => value.Length > 0 ? value : "a",
    };

    private async Task<HttpClient> ClientAsync(Session session)
    {
        var client = _factory.CreateBrowserlikeClient();
        if (session == Session.Operator)
            await FormLogin.LoginAsync(client, Email, Password);
        else if (session == Session.TwoFactorPending)
            await FormLogin.LoginAsync(client, TwoFactorEmail, Password);
        return client;
    }

    // Users (without counters that move on any attempt), wallets, API keys, Identity tokens and the journal.
    private async Task<string> StateAsync()
    {
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var users = await db.Users.AsNoTracking().OrderBy(u => u.Id)
            .Select(u => $"{u.Id}|{u.Email}|{u.PasswordHash}|{u.SecurityStamp}|{u.DisplayName}|{u.TwoFactorEnabled}|{u.EmailConfirmed}|{u.LockoutEnd}").ToListAsync();
        var tokens = await db.UserTokens.AsNoTracking().OrderBy(t => t.UserId).ThenBy(t => t.Name).Select(t => $"{t.UserId}|{t.Name}|{t.Value}").ToListAsync();
        return string.Join("\n", users.Concat(tokens)) + $"\nwallets {await db.Wallets.CountAsync()} keys {await db.ApiKeys.CountAsync()} journal {await db.Journal.CountAsync()}";
    }

    private static List<(string Action, IReadOnlyList<(string Name, string Value)> Fields)> ParseForms(string html, string page)
    {
        var forms = new List<(string, IReadOnlyList<(string, string)>)>();
        foreach (Match form in FormElement().Matches(html))
        {
            var attributes = Attributes(form.Groups[1].Value);
            if (!attributes.TryGetValue("method", out var method) || !method.Equals("post", StringComparison.OrdinalIgnoreCase))
                continue;
            var fields = new List<(string, string)>();
            foreach (Match field in FieldElement().Matches(form.Groups[2].Value))
            {
                var a = Attributes(field.Groups[2].Value);
                if (!a.TryGetValue("name", out var name) || a.GetValueOrDefault("type") is "submit" or "button")
                    continue;
                fields.Add((name, a.GetValueOrDefault("value") ?? ""));
            }
            if (!fields.Any(f => f.Item1 == "__RequestVerificationToken"))
                continue;
            var action = attributes.GetValueOrDefault("action") is { Length: > 0 } target ? new Uri(Base, target) : new Uri(Base, page);
            forms.Add((action.AbsoluteUri, fields.DistinctBy(f => f.Item1).ToList()));
        }
        return forms;
    }

    private static Dictionary<string, string> Attributes(string text) =>
        AttributePair().Matches(text).DistinctBy(m => m.Groups[1].Value.ToLowerInvariant())
            .ToDictionary(m => m.Groups[1].Value.ToLowerInvariant(), m => WebUtility.HtmlDecode(m.Groups[2].Value));

    private static string Shorten(string text) => text.Length <= 120 ? text : text[..120] + "…";

    [GeneratedRegex("<form\\b([^>]*)>(.*?)</form>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex FormElement();

    [GeneratedRegex("<(input|textarea|select)\\b([^>]*)>", RegexOptions.IgnoreCase)]
    private static partial Regex FieldElement();

    [GeneratedRegex("([A-Za-z_:][-A-Za-z0-9_:.]*)=\"([^\"]*)\"")]
    private static partial Regex AttributePair();
}
